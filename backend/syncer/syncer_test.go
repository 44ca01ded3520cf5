package syncer

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"fieldbook/backend/demo"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/hub"
	"fieldbook/backend/hub/sqlstore"
	"fieldbook/backend/jobtype"
	"fieldbook/backend/protocol"
	"fieldbook/backend/sqlite"
)

// testHub is a real hub (HTTP handler over a SQLite hub store) on loopback.
type testHub struct {
	svc   *hub.Service
	store *sqlstore.DB
	srv   *httptest.Server
}

func newHub(t *testing.T) *testHub {
	t.Helper()
	ctx := context.Background()
	store, err := sqlstore.OpenSQLite(ctx, filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if err := store.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	svc := hub.NewService(store, slog.New(slog.NewTextHandler(io.Discard, nil)))
	for _, u := range []struct{ name, role string }{{"张伟", "technician"}, {"王芳", "technician"}} {
		if err := svc.AddUser(ctx, u.name, u.role, "上海中心"); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(hub.NewHandler(svc, hub.DefaultLimits))
	t.Cleanup(srv.Close)
	return &testHub{svc: svc, store: store, srv: srv}
}

// device is a desktop store enrolled with the hub as user.
func (h *testHub) device(t *testing.T, user string, client *http.Client) (*sqlite.DB, *Engine) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	code, _, err := h.svc.NewEnrolCode(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	e := New(db, client)
	if _, err := e.Enrol(ctx, h.srv.URL, code, user+"的笔记本", false); err != nil {
		t.Fatal(err)
	}
	return db, e
}

func signedVisit(t *testing.T, db *sqlite.DB, assignee string) (fieldbook.Job, fieldbook.Visit) {
	t.Helper()
	ctx := context.Background()
	c, err := db.SaveCustomer(ctx, fieldbook.Customer{Name: "欧阳娜娜", Phones: []string{"13812345678"}, Addresses: []string{"上海市徐汇区漕溪北路88号"}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.SaveAsset(ctx, fieldbook.Asset{CustomerID: c.ID, Kind: "product", Model: "HP M404dn", Serial: "CNB1X2Y3Z", PurchaseDate: "2025-01-02", WarrantyMonths: 24})
	if err != nil {
		t.Fatal(err)
	}
	j, err := db.CreateJob(ctx, fieldbook.NewJob{JobType: "it_onsite", CustomerID: c.ID, AssetID: a.ID, AssignedTo: assignee})
	if err != nil {
		t.Fatal(err)
	}
	view, err := db.StartVisit(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	v := view.Visit
	arrived, departed := time.Now().Add(-time.Hour), time.Now()
	v.FaultSymptoms, v.CustomerRequirement, v.WorkPerformed, v.Result = "卡纸", "修好", "更换搓纸轮", "正常"
	v.ArrivedAt, v.DepartedAt = &arrived, &departed
	if _, err := db.SaveVisitDraft(ctx, v); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Sign(ctx, fieldbook.SignatureInput{VisitID: v.ID, Role: "customer", Kind: "real",
		Strokes: []fieldbook.Stroke{{Points: []fieldbook.Point{{X: 1, Y: 2}}}}, ImageDataURL: tinyPNG}); err != nil {
		t.Fatal(err)
	}
	return j, v
}

// A 1×1 PNG.
const tinyPNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="

func TestTwoLaptopsSyncThroughTheHub(t *testing.T) {
	ctx := context.Background()
	h := newHub(t)
	a, ea := h.device(t, "张伟", nil)
	b, eb := h.device(t, "张伟", nil) // the same technician's second laptop
	j, v := signedVisit(t, a, "张伟")

	rep, err := ea.Sync(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pushed != 5 || rep.Conflicts != 0 || rep.Rejected != 0 {
		issues, _ := a.SyncIssues(ctx)
		t.Fatalf("first push = %+v, want 5 rows applied; issues %+v", rep, issues)
	}
	if rep, err := eb.Sync(ctx, nil); err != nil || rep.Pulled < 5 {
		t.Fatalf("second laptop sync = %+v, %v", rep, err)
	}
	got, err := b.Job(ctx, j.ID)
	if err != nil || got.Job.Number != j.Number {
		t.Fatalf("job on the second laptop = %+v, %v", got.Job, err)
	}
	ver, err := b.VerifyVisit(ctx, v.ID)
	if err != nil || !ver.OK || len(ver.Signatures) != 1 {
		t.Errorf("signed visit on the second laptop = %+v, %v", ver, err)
	}
	bv, _ := b.Visit(ctx, v.ID)
	sigs := bv.Signatures
	if len(sigs) != 1 || !strings.HasPrefix(sigs[0].ImageDataURL, "data:image/png") {
		t.Errorf("signature image did not come along: %+v", sigs)
	}
	if p, _ := b.SearchJobs(ctx, "娜娜", 0, 10); p.Total != 1 {
		t.Errorf("search on the second laptop: %d hits", p.Total)
	}
	if p, _ := b.Customers(ctx, "欧阳", 0, 10); p.Total != 1 {
		t.Errorf("customer search on the second laptop: %d hits", p.Total)
	}
	// Nothing pulled is pushed back; a second sync does nothing.
	if rep, err := eb.Sync(ctx, nil); err != nil || rep.Pushed != 0 || rep.Pulled != 0 {
		t.Errorf("no-op sync = %+v, %v", rep, err)
	}

	// Both edit the customer's note offline: the first to sync wins on the
	// hub, the other's value is kept as a conflict on its laptop.
	ca, _ := a.Customer(ctx, got.Customer.ID)
	cb, _ := b.Customer(ctx, got.Customer.ID)
	ca.Customer.Note, cb.Customer.Note = "门卫处登记", "请先电话联系"
	if _, err := a.SaveCustomer(ctx, ca.Customer); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SaveCustomer(ctx, cb.Customer); err != nil {
		t.Fatal(err)
	}
	if _, err := ea.Sync(ctx, nil); err != nil {
		t.Fatal(err)
	}
	rep, err = eb.Sync(ctx, nil)
	if err != nil || rep.Conflicts != 1 {
		t.Fatalf("conflicting sync = %+v, %v", rep, err)
	}
	issues, _ := b.SyncIssues(ctx)
	if len(issues) != 1 || issues[0].Field != "note" || string(issues[0].Yours) != `"请先电话联系"` || string(issues[0].Theirs) != `"门卫处登记"` {
		t.Fatalf("issues on b = %+v", issues)
	}
	if c, _ := b.Customer(ctx, got.Customer.ID); c.Customer.Note != "门卫处登记" {
		t.Errorf("b shows %q, want the hub's value until someone chooses", c.Customer.Note)
	}
	// The person on b keeps their value: it goes to the hub and to a.
	if err := b.ResolveSyncIssue(ctx, issues[0].ID, "mine"); err != nil {
		t.Fatal(err)
	}
	if rep, err := eb.Sync(ctx, nil); err != nil || rep.Conflicts != 0 {
		t.Fatalf("sync after choosing = %+v, %v", rep, err)
	}
	if _, err := ea.Sync(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if c, _ := a.Customer(ctx, got.Customer.ID); c.Customer.Note != "请先电话联系" {
		t.Errorf("a shows %q after b's choice", c.Customer.Note)
	}
}

// dropResponses performs requests but loses the answer of the first n pushes,
// as when the hub committed and the network failed on the way back.
type dropResponses struct {
	n int32
}

func (d *dropResponses) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && strings.HasSuffix(r.URL.Path, "/v1/push") && atomic.AddInt32(&d.n, -1) >= 0 {
		resp.Body.Close()
		return nil, errors.New("connection reset by peer")
	}
	return resp, err
}

func TestLostResponseIsRetriedWithoutDuplicates(t *testing.T) {
	ctx := context.Background()
	h := newHub(t)
	a, ea := h.device(t, "王芳", &http.Client{Transport: &dropResponses{n: 1}})
	signedVisit(t, a, "王芳")
	_, err := ea.Sync(ctx, nil)
	if fieldbook.ErrorCode(err) != ErrOffline {
		t.Fatalf("sync with a lost response = %v, want offline", err)
	}
	pending, _ := a.PendingChanges(ctx, 100)
	if len(pending) != 5 {
		t.Fatalf("pending after the lost response = %d, want all 5 kept", len(pending))
	}
	rep, err := ea.Sync(ctx, nil)
	if err != nil || rep.Pushed != 5 || rep.Conflicts != 0 || rep.Rejected != 0 {
		t.Fatalf("retry = %+v, %v", rep, err)
	}
	// A fresh laptop of the same user sees each row once.
	b, eb := h.device(t, "王芳", nil)
	if rep, err := eb.Sync(ctx, nil); err != nil || rep.Pulled != 5 {
		t.Fatalf("fresh device pulled %+v, %v; want exactly 5 rows", rep, err)
	}
	if p, _ := b.SearchJobs(ctx, "", 0, 10); p.Total != 1 {
		t.Errorf("jobs on the fresh device = %d, want 1", p.Total)
	}
}

func TestRevokedDeviceKeepsItsData(t *testing.T) {
	ctx := context.Background()
	h := newHub(t)
	a, ea := h.device(t, "张伟", nil)
	signedVisit(t, a, "张伟")
	acct, _, _ := ea.Account(ctx)
	if err := h.store.RevokeDevice(ctx, acct.DeviceID, time.Now()); err != nil {
		t.Fatal(err)
	}
	_, err := ea.Sync(ctx, nil)
	if fieldbook.ErrorCode(err) != protocol.EUNAUTHORIZED {
		t.Fatalf("sync of a revoked device = %v, want %s", err, protocol.EUNAUTHORIZED)
	}
	if p, _ := a.PendingChanges(ctx, 100); len(p) != 5 {
		t.Errorf("local changes after 401 = %d, want 5", len(p))
	}
	code, _, _ := h.svc.NewEnrolCode(ctx, "张伟")
	if _, err := ea.Enrol(ctx, h.srv.URL, code, "重新登记", false); err != nil {
		t.Fatal(err)
	}
	if rep, err := ea.Sync(ctx, nil); err != nil || rep.Pushed != 5 {
		t.Errorf("sync after re-enrolling = %+v, %v", rep, err)
	}
}

func TestCheckURL(t *testing.T) {
	tests := []struct {
		url   string
		allow bool
		ok    bool
	}{
		{"https://hub.example.com", false, true},
		{"http://127.0.0.1:8443", false, true},
		{"http://localhost:8443/", false, true},
		{"http://[::1]:8443", false, true},
		{"http://10.1.2.3:8443", false, false},
		{"http://hub.example.com", false, false},
		{"http://hub.example.com", true, true},
		{"ftp://hub", true, false},
		{"hub.example.com", false, false},
	}
	for _, tt := range tests {
		_, err := CheckURL(tt.url, tt.allow)
		if (err == nil) != tt.ok {
			t.Errorf("CheckURL(%q, %v) = %v, want ok=%v", tt.url, tt.allow, err, tt.ok)
		}
	}
}

// TestJobTypesFlowFromTheHub: job types and templates an admin publishes
// reach the devices of the centre, and jobs of the new type can be opened.
func TestJobTypesFlowFromTheHub(t *testing.T) {
	ctx := context.Background()
	h := newHub(t)
	d, e := h.device(t, "张伟", nil)
	tmpl := jobtype.Template{Key: "boiler_check", Version: 1, Name: jobtype.Text{ZH: "锅炉检查单", EN: "Boiler check"},
		Groups: []jobtype.Group{{Name: jobtype.Text{ZH: "安全"}, Items: []jobtype.Item{
			{Key: "valve", Label: jobtype.Text{ZH: "安全阀"}, Kind: jobtype.KindPassFail}}}}}
	jt := jobtype.JobType{Key: "boiler_service", Name: jobtype.Text{ZH: "锅炉保养", EN: "Boiler service"},
		Documents: []jobtype.DocumentType{{Key: "check", Name: jobtype.Text{ZH: "锅炉检查单"}, Form: jobtype.FormChecklist,
			Template: "boiler_check", Presence: jobtype.PresenceRequired, Signatures: []string{"customer"}}}}
	tdef, _ := json.Marshal(tmpl)
	jdef, _ := json.Marshal(jt)
	admin := hub.Principal{User: hub.User{Name: "管理员", Role: hub.RoleAdmin, Centre: "上海中心"}, Device: hub.Device{ID: "admin-pc"}}
	resp, err := h.svc.Push(ctx, admin, protocol.PushRequest{BatchID: uuid.NewString(), Changes: []protocol.Change{
		{Table: "checklist_templates", ID: "boiler_check@v1", Fields: map[string]json.RawMessage{
			"key": json.RawMessage(`"boiler_check"`), "version": json.RawMessage(`1`), "definition": tdef}},
		{Table: "job_types", ID: "boiler_service", Fields: map[string]json.RawMessage{"definition": jdef}},
	}})
	if err != nil || resp.Results[0].Status != protocol.StatusApplied || resp.Results[1].Status != protocol.StatusApplied {
		t.Fatalf("admin publish = %+v, %v", resp, err)
	}
	// A technician may not publish job types.
	tech := hub.Principal{User: hub.User{Name: "张伟", Role: hub.RoleTechnician, Centre: "上海中心"}, Device: hub.Device{ID: "x"}}
	resp, err = h.svc.Push(ctx, tech, protocol.PushRequest{BatchID: uuid.NewString(), Changes: []protocol.Change{
		{Table: "job_types", ID: "boiler_service", Fields: map[string]json.RawMessage{"definition": jdef}}}})
	if err != nil || resp.Results[0].Status != protocol.StatusRejected {
		t.Errorf("technician publish = %+v, %v; want rejected", resp, err)
	}
	if _, err := e.Sync(ctx, nil); err != nil {
		t.Fatal(err)
	}
	types, err := d.JobTypes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, x := range types {
		found = found || x.Key == "boiler_service"
	}
	if !found {
		t.Fatalf("job types after sync lack boiler_service: %d types", len(types))
	}
	c, _ := d.SaveCustomer(ctx, fieldbook.Customer{Name: "锅炉房", Phones: []string{"13800000001"}})
	j, err := d.CreateJob(ctx, fieldbook.NewJob{JobType: "boiler_service", CustomerID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	v, err := d.StartChecklist(ctx, j.ID, "check")
	if err != nil || v.Total != 1 || v.Template.Name.ZH != "锅炉检查单" {
		t.Errorf("checklist of the published type = %+v, %v", v.Template, err)
	}
}

// A store holding demo data is never enrolled: its invented customers must
// not reach a centre's hub, and the enrolment code stays unused.
func TestEnrolRefusesADemoStore(t *testing.T) {
	h := newHub(t)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.LoadDemo(ctx, demo.New(3).Sets(20, time.Date(2026, 1, 5, 0, 0, 0, 0, fieldbook.Zone(""))), 10); err != nil {
		t.Fatal(err)
	}
	code, _, err := h.svc.NewEnrolCode(ctx, "张伟")
	if err != nil {
		t.Fatal(err)
	}
	e := New(db, nil)
	_, err = e.Enrol(ctx, h.srv.URL, code, "演示笔记本", false)
	if p := fieldbook.ToPayload(err); p.Code != fieldbook.ECONFLICT || !strings.Contains(p.Message, "演示数据") || !strings.Contains(p.MessageEN, "demo data") {
		t.Fatalf("Enrol of a demo store = %v, want a conflict naming the demo data in Chinese and English", err)
	}
	if _, ok, _ := e.Account(ctx); ok {
		t.Error("a refused enrolment left an account behind")
	}
	// The code was not spent: a fresh store enrols with it.
	fresh, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fresh.Close() })
	if _, err := New(fresh, nil).Enrol(ctx, h.srv.URL, code, "张伟的笔记本", false); err != nil {
		t.Errorf("the code after the refused demo enrolment: %v", err)
	}
}

// countRequests counts the requests by method and path prefix.
type countRequests struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *countRequests) RoundTrip(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	key := r.Method + " " + r.URL.Path
	if strings.HasPrefix(r.URL.Path, "/v1/blobs/") {
		key = r.Method + " /v1/blobs/"
	}
	c.n[key]++
	c.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

// A blob that many rows reference (the same signature image) is asked
// about and sent once in a sync, not once a row.
func TestSharedBlobSentOnce(t *testing.T) {
	ctx := context.Background()
	h := newHub(t)
	count := &countRequests{}
	db, e := h.device(t, "张伟", &http.Client{Transport: count})
	for range 3 {
		signedVisit(t, db, "张伟") // each signed with the same image
	}
	rep, err := e.Sync(ctx, nil)
	if err != nil || rep.Pushed != 15 || rep.Rejected != 0 {
		t.Fatalf("sync = %+v, %v", rep, err)
	}
	if head, put := count.n["HEAD /v1/blobs/"], count.n["PUT /v1/blobs/"]; head != 1 || put != 1 {
		t.Errorf("the shared image: %d HEAD and %d PUT requests, want one of each", head, put)
	}
}

// TestBatchSentBeforeTheAnswerBeforeItWasRecorded: a laptop sends its next
// batch as soon as the hub answers the one before, and stops (crash, power)
// before it has recorded that answer. Its next sync sends both batches
// again, as they were kept: the hub answers both again and applies
// nothing twice — an edit another laptop made meanwhile stays, with no
// conflict against the laptop's own earlier write.
func TestBatchSentBeforeTheAnswerBeforeItWasRecorded(t *testing.T) {
	ctx := context.Background()
	h := newHub(t)
	a, ea := h.device(t, "王芳", nil)
	j, _ := signedVisit(t, a, "王芳")
	acc, _, err := ea.Account(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pending, err := a.PendingChanges(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	// The first batch: the customer and the asset; the next: the job and
	// its records.
	first, next := map[[2]string]bool{}, map[[2]string]bool{}
	for _, p := range pending {
		if p.Table == "customers" || p.Table == "assets" {
			first[[2]string{p.Table, p.ID}] = true
		} else {
			next[[2]string{p.Table, p.ID}] = true
		}
	}
	b, err := ea.newBatch(ctx, next)
	if err != nil || b == nil || len(b.Acks) != len(first) {
		t.Fatalf("first batch = %+v, %v", b, err)
	}
	if err := a.KeepBatch(ctx, b.kept); err != nil {
		t.Fatal(err)
	}
	nb, err := ea.newBatch(ctx, first)
	if err != nil || nb == nil || len(nb.Acks) != len(next) {
		t.Fatalf("next batch = %+v, %v", nb, err)
	}
	if err := a.KeepNextBatch(ctx, nb.kept); err != nil {
		t.Fatal(err)
	}
	ea.onHub = map[string]bool{} // as Sync sets it
	for _, x := range []*pendingBatch{b, nb} {
		resp, kept, err := ea.sendBatch(ctx, acc, x, 0, func(Progress) {})
		if err != nil || len(resp.Results) != len(x.Acks) || kept != protocol.AnswersKept {
			t.Fatalf("send = %+v, kept %d, %v", resp, kept, err)
		}
	}
	// Another laptop of the same technician changes the job meanwhile.
	c, ec := h.device(t, "王芳", nil)
	if _, err := ec.Sync(ctx, nil); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", "file:"+c.Path()+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.ExecContext(ctx, `UPDATE jobs SET summary = '另一台电脑改的', version = version + 1 WHERE id = ?`, j.ID); err != nil {
		t.Fatal(err)
	}
	if rep, err := ec.Sync(ctx, nil); err != nil || rep.Pushed != 1 || rep.Conflicts != 0 {
		t.Fatalf("other laptop's sync = %+v, %v", rep, err)
	}
	rep, err := ea.Sync(ctx, nil)
	if err != nil || rep.Pushed != len(pending) || rep.Conflicts != 0 || rep.Rejected != 0 {
		t.Fatalf("sync after the stop = %+v, %v; want %d pushed, no conflict", rep, err, len(pending))
	}
	if left, _ := a.PendingChanges(ctx, 100); len(left) != 0 {
		t.Errorf("outbox after the sync = %d changes, want none", len(left))
	}
	for _, x := range []*sqlite.DB{a, c} {
		got, err := x.Job(ctx, j.ID)
		if err != nil || got.Job.Summary != "另一台电脑改的" {
			t.Errorf("job summary = %q, %v; want the other laptop's edit", got.Job.Summary, err)
		}
	}
	if cs, err := h.svc.Conflicts(ctx, "上海中心"); err != nil || len(cs) != 0 {
		t.Errorf("hub conflicts = %+v, %v; want none", cs, err)
	}
}

package desktop

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/hub"
	"fieldbook/backend/hub/sqlstore"
	"fieldbook/backend/syncer"
)

// testHub starts a hub on a fresh SQLite database, served over real HTTP,
// with users (name → role) of the centre 上海中心.
func testHub(t *testing.T, users map[string]string) (*hub.Service, *httptest.Server) {
	t.Helper()
	return testHubWith(t, users, func(h http.Handler) http.Handler { return h })
}

// testHubWith is testHub with its handler wrapped.
func testHubWith(t *testing.T, users map[string]string, wrap func(http.Handler) http.Handler) (*hub.Service, *httptest.Server) {
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
	for name, role := range users {
		if err := svc.AddUser(ctx, name, role, "上海中心"); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(wrap(hub.NewHandler(svc, hub.DefaultLimits)))
	t.Cleanup(srv.Close)
	return svc, srv
}

func TestSyncConnectAndStatus(t *testing.T) {
	ctx := context.Background()
	svc, srv := testHub(t, map[string]string{"张伟": hub.RoleTechnician})

	s, _ := open(t)
	var events []string
	s.SetEmit(func(name string, _ any) { events = append(events, name) })
	st, err := s.Sync.Status()
	if err != nil || st.Connected {
		t.Fatalf("Status before connecting = %+v, %v", st, err)
	}
	if _, err := s.Sync.Now(); fieldbook.ErrorCode(err) != fieldbook.ENOTFOUND {
		t.Errorf("Now before connecting = %v, want not_found", err)
	}
	if _, err := s.Customers.Save(fieldbook.Customer{Name: "离线客户", Phones: []string{"13800000000"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Sync.Connect("http://hub.example.com", "X", false); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("Connect over plain http to another host = %v, want invalid", err)
	}
	if err := svc.SetUserProfile(ctx, "张伟", "张伟强", "FW-0107"); err != nil {
		t.Fatal(err)
	}
	code, _, err := svc.NewEnrolCode(ctx, "张伟")
	if err != nil {
		t.Fatal(err)
	}
	// typed in lower case, in groups with spaces: the hub's code all the same
	st, err = s.Sync.Connect(srv.URL, " "+strings.ToLower(strings.ReplaceAll(code, "-", " ")), false)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Connected || st.User.Name != "张伟" || !st.Online || st.LastSyncedAt == nil || st.Pending != 0 || st.LastError != nil {
		t.Errorf("Status after connecting = %+v", st)
	}
	// the enrolled person is this laptop's technician: the first run is over
	if got, _ := s.Settings.Get(); got.Setup != fieldbook.SetupHub || got.Technician.Name != "张伟强" || got.Technician.EmployeeNo != "FW-0107" {
		t.Errorf("settings after connecting = %+v, want the hub's display name and employee number", got)
	}
	if len(events) == 0 || events[len(events)-1] != EventSyncStatus {
		t.Errorf("events = %v, want a final %s", events, EventSyncStatus)
	}
	srv.Close() // the hub goes away: the app shows it is offline, data stays
	if _, err := s.Customers.Save(fieldbook.Customer{Name: "又一个", Phones: []string{"13900000000"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Sync.Now(); fieldbook.ErrorCode(err) != syncer.ErrOffline {
		t.Errorf("Now with the hub down = %v, want offline", err)
	}
	st, _ = s.Sync.Status()
	if st.Online || st.Pending != 1 || st.LastError == nil || st.LastError.Code != syncer.ErrOffline {
		t.Errorf("Status offline = %+v", st)
	}
}

// hubGate holds the hub's requests once it is on: each one, arrived, is
// reported by its path and waits until the test lets it go on.
type hubGate struct {
	on      chan struct{} // closed: requests are held
	arrived chan string
	release chan struct{}
	done    chan struct{} // closed when the test ends: nothing is held
}

func newHubGate() *hubGate {
	return &hubGate{on: make(chan struct{}), arrived: make(chan string), release: make(chan struct{}), done: make(chan struct{})}
}

func (g *hubGate) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-g.on:
			select {
			case g.arrived <- r.URL.Path:
			case <-g.done:
			}
			select {
			case <-g.release:
			case <-g.done:
			}
		default:
		}
		next.ServeHTTP(w, r)
	})
}

// until lets requests through until one of path arrives, and holds it.
func (g *hubGate) until(path string) {
	for p := range g.arrived {
		if p == path {
			return
		}
		g.release <- struct{}{}
	}
}

// through lets every request through until done has a value, and returns it.
func through[T any](g *hubGate, done chan T) T {
	for {
		select {
		case <-g.arrived:
			g.release <- struct{}{}
		case r := <-done:
			return r
		}
	}
}

// doneAtTheDoor is a job done at the door through the bindings: its visit
// filled, signed by the customer and the technician, and finished; not
// handed in.
func doneAtTheDoor(t *testing.T, s *Services, name, phone string) fieldbook.Job {
	t.Helper()
	c, err := s.Customers.Save(fieldbook.Customer{Name: name, Phones: []string{phone}, Addresses: []string{"上海市静安区南京西路 1266 号"}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.Customers.SaveAsset(fieldbook.Asset{CustomerID: c.ID, Kind: "product", Model: "HP LaserJet Pro M404dn", Serial: "PHBQK" + phone[7:]})
	if err != nil {
		t.Fatal(err)
	}
	j, err := s.Jobs.Create(fieldbook.NewJob{JobType: "it_onsite", CustomerID: c.ID, AssetID: a.ID, Summary: "打印机报纸张错误"})
	if err != nil {
		t.Fatal(err)
	}
	view, err := s.Visits.Start(j.ID)
	if err != nil {
		t.Fatal(err)
	}
	v := view.Visit
	arrived, departed := time.Now().Add(-time.Hour), time.Now()
	v.FaultSymptoms, v.CustomerRequirement, v.WorkPerformed, v.Result = "打印时提示纸张错误", "尽快修复", "清洁搓纸轮", "已修复"
	v.ArrivedAt, v.DepartedAt = &arrived, &departed
	if _, err := s.Visits.SaveDraft(v); err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{fieldbook.RoleCustomer, fieldbook.RoleTechnician} {
		if _, err := s.Visits.Sign(fieldbook.SignatureInput{VisitID: v.ID, Role: role, Kind: fieldbook.SignReal,
			Strokes: []fieldbook.Stroke{{Points: []fieldbook.Point{{X: 1, Y: 1}}}}, ImageDataURL: pad(t)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Visits.Finish(v.ID); err != nil {
		t.Fatal(err)
	}
	return j
}

// A job handed in while a sync's push is on its way asks for a sync of its
// own (as the job page does): the window is told at once that one is asked
// for, the status stays "running" when the first sync ends and until the
// hand-in's has pushed it, and nothing is left waiting or in conflict.
// (The status went "not running" when the first sync ended: a page or test
// waiting for "not running and synced after the hand-in" went on before the
// hand-in reached the hub.)
func TestHandInDuringASyncIsPushedByItsOwn(t *testing.T) {
	ctx := context.Background()
	gate := newHubGate()
	svc, srv := testHubWith(t, map[string]string{"张伟": hub.RoleTechnician}, gate.wrap)
	t.Cleanup(func() { close(gate.done) }) // before the server closes: nothing stays held
	s, _ := open(t)
	statuses := make(chan SyncStatus, 64)
	s.SetEmit(func(name string, data any) {
		if st, ok := data.(SyncStatus); ok && name == EventSyncStatus {
			select {
			case statuses <- st:
			default:
			}
		}
	})
	code, _, err := svc.NewEnrolCode(ctx, "张伟")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Sync.Connect(srv.URL, code, false); err != nil {
		t.Fatal(err)
	}
	first := doneAtTheDoor(t, s, "周明", "13761234567")
	second := doneAtTheDoor(t, s, "钱芳", "13962345678")
	if _, err := s.Jobs.Submit(first.ID, false); err != nil {
		t.Fatal(err)
	}
	for len(statuses) > 0 {
		<-statuses
	}
	close(gate.on)

	type result struct {
		rep syncer.Report
		err error
	}
	run := func() chan result {
		done := make(chan result, 1)
		go func() {
			rep, err := s.Sync.Now()
			done <- result{rep, err}
		}()
		return done
	}
	firstSync := run()
	gate.until("/v1/push") // its push is at the hub, held
	for len(statuses) > 0 {
		<-statuses
	}
	if _, err := s.Jobs.Submit(second.ID, false); err != nil {
		t.Fatal(err)
	}
	handInSync := run()
	select {
	case st := <-statuses:
		if !st.Running {
			t.Fatalf("the hand-in's sync was announced as %+v, want running", st)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the hand-in's sync was not announced to the window")
	}
	gate.release <- struct{}{}
	// The first sync goes on to its end; the hand-in's waits for it (its
	// first request, if sent, is held).
	if r := through(gate, firstSync); r.err != nil {
		t.Fatal(r.err)
	}
	// The gate cannot tell the two syncs' requests apart: those the
	// hand-in's sent while the first finished its own work (after its last
	// request) were released with the first's. Unless it has ended so, it
	// is still running and the status says so.
	// A status that says "not running" while the hand-in's sync still has
	// a request to make is the bug this test is about.
	st, err := s.Sync.Status()
	released := 0
	var handIn result
	for done := false; !done; {
		select {
		case <-gate.arrived:
			released++
			gate.release <- struct{}{}
		case handIn = <-handInSync:
			done = true
		}
	}
	if err != nil || (!st.Running && released > 0) {
		t.Errorf("first sync ended, the hand-in's not yet (%d requests to go): status %+v, %v; want running", released, st, err)
	}
	if handIn.err != nil {
		t.Fatalf("the hand-in's sync: %v", handIn.err)
	}
	st, err = s.Sync.Status()
	if err != nil || st.Running || st.Pending != 0 || st.OpenIssues != 0 {
		t.Errorf("after both syncs: %+v, %v; want not running, nothing pending, no issues", st, err)
	}
	e, _ := s.Sync.eng()
	a, _, err := e.Account(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p, err := svc.Authenticate(ctx, a.Token)
	if err != nil {
		t.Fatal(err)
	}
	page, err := svc.Pull(ctx, p, 0, 5000, 1<<24)
	if err != nil {
		t.Fatal(err)
	}
	submitted := map[string]bool{}
	for _, r := range page.Rows {
		var status string
		if r.Table == "jobs" && json.Unmarshal(r.Fields["status"], &status) == nil && status == "submitted" {
			submitted[r.ID] = true
		}
	}
	if !submitted[first.ID] || !submitted[second.ID] {
		t.Errorf("jobs submitted on the hub: %v; want both", submitted)
	}
}

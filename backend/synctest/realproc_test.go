package synctest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/hub"
	"fieldbook/backend/hub/hubproc"
	"fieldbook/backend/protocol"
	"fieldbook/backend/sqlite"
	"fieldbook/backend/syncer"
)

// TestRealProcesses runs the real fieldbook-hub binary: migrate, users,
// enrolment codes, serve; a technician's laptop and the service desk's
// computer enrol over HTTP, the technician signs a visit, both sync, the
// desk has the visit and it verifies; SIGTERM stops the hub with exit
// status 0.
func TestRealProcesses(t *testing.T) {
	ctx := context.Background()
	bin := hubproc.Build(t)
	db := filepath.Join(t.TempDir(), "hub.db")
	run := hubproc.CLI(t, bin)
	run("migrate", "--db", db)
	run("user", "add", "--db", db, "--name", techA, "--role", "technician", "--centre", centre)
	run("user", "add", "--db", db, "--name", desk, "--role", "desk", "--centre", centre)
	codeA := run("device", "enrol-code", "--db", db, "--user", techA)
	codeB := run("device", "enrol-code", "--db", db, "--user", desk)
	h := hubproc.Serve(t, bin, db)
	url, serve, exited, serveLog := h.URL, h.Cmd, h.Exited, h.Log

	open := func(code, name string) (*sqlite.DB, *syncer.Engine) {
		d, err := sqlite.Open(ctx, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		e := newEngine(d, nil)
		if _, err := e.Enrol(ctx, url, code, name, false); err != nil {
			t.Fatalf("enrol %s: %v", name, err)
		}
		return d, e
	}
	a, ea := open(codeA, "张工的笔记本")
	b, eb := open(codeB, "客服台电脑")

	w := &world{rng: newRand(11)}
	c, err := a.SaveCustomer(ctx, fieldbook.Customer{Name: "欧阳娜娜", Phones: []string{"13812345678"}, Addresses: []string{"上海市徐汇区漕溪北路88号"}})
	if err != nil {
		t.Fatal(err)
	}
	as, err := a.SaveAsset(ctx, fieldbook.Asset{CustomerID: c.ID, Kind: "product", Model: "HP M404dn", Serial: "CNB1X2Y3Z", PurchaseDate: "2024-03-15", WarrantyMonths: 120})
	if err != nil {
		t.Fatal(err)
	}
	j, err := a.CreateJob(ctx, fieldbook.NewJob{JobType: "it_onsite", CustomerID: c.ID, AssetID: as.ID, AssignedTo: techA, Summary: "打印机维修"})
	if err != nil {
		t.Fatal(err)
	}
	view, err := a.StartVisit(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	v := view.Visit
	arrived := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	departed := arrived.Add(2 * time.Hour)
	v.FaultSymptoms, v.CustomerRequirement, v.WorkPerformed, v.Result = "卡纸", "尽快修复", "逐项检查并测试", "正常"
	v.ArrivedAt, v.DepartedAt = &arrived, &departed
	if _, err := a.SaveVisitDraft(ctx, v); err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{fieldbook.RoleCustomer, fieldbook.RoleTechnician} {
		if _, err := a.Sign(ctx, fieldbook.SignatureInput{VisitID: v.ID, Role: role, Kind: fieldbook.SignReal, SignerName: "张伟", ImageDataURL: w.pngDataURL(),
			Strokes: []fieldbook.Stroke{{Points: []fieldbook.Point{{X: 3, Y: 4}}}}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.FinishVisit(ctx, v.ID); err != nil {
		t.Fatal(err)
	}
	if rep, err := ea.Sync(ctx, nil); err != nil || rep.Pushed != 6 || rep.Rejected+rep.Conflicts != 0 {
		t.Fatalf("sync of the signing laptop = %+v, %v", rep, err)
	}
	if rep, err := eb.Sync(ctx, nil); err != nil || rep.Pulled != 6 {
		t.Fatalf("sync of the other laptop = %+v, %v", rep, err)
	}
	got, err := b.Visit(ctx, v.ID)
	if err != nil || got.Visit.WorkPerformed != "逐项检查并测试" || len(got.Signatures) != 2 {
		t.Fatalf("visit on the other laptop = %+v, %v", got.Visit, err)
	}
	for _, s := range got.Signatures {
		if !strings.HasPrefix(s.ImageDataURL, "data:image/png;base64,") {
			t.Errorf("signature %s came without its image", s.Role)
		}
	}
	if ver, err := b.VerifyVisit(ctx, v.ID); err != nil || !ver.OK {
		t.Errorf("VerifyVisit on the other laptop = %+v, %v", ver, err)
	}

	if err := serve.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("fieldbook-hub serve after SIGTERM: %v, want exit status 0\n%s", err, serveLog.String())
		}
	case <-time.After(40 * time.Second):
		t.Fatalf("fieldbook-hub did not stop within 40 s of SIGTERM")
	}
	if !strings.Contains(serveLog.String(), `"hub stopped"`) {
		t.Errorf("the hub's log does not say it stopped:\n%s", serveLog.String())
	}
}

// hubCall sends one JSON request to a hub as a device and decodes the answer.
func hubCall(t *testing.T, url, token, path string, in, out any) {
	t.Helper()
	body, _ := json.Marshal(in)
	req, _ := http.NewRequest(http.MethodPost, url+path, bytes.NewReader(body))
	req.Header.Set(protocol.HeaderProtocol, strconv.Itoa(protocol.Version))
	req.Header.Set(protocol.HeaderSchema, strconv.Itoa(protocol.SchemaVersion))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Errorf("POST %s: %v", path, err)
		return
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || json.Unmarshal(b, out) != nil {
		t.Errorf("POST %s: %s %s", path, resp.Status, b)
	}
}

// TestTwoClerksFileThroughTwoHubProcesses: two clerks file a technician's
// 40 submitted jobs at the same time, each through their own hub process,
// both on one PostgreSQL database; every job gets a number, no number is
// given twice, and the numbers run without gaps.
func TestTwoClerksFileThroughTwoHubProcesses(t *testing.T) {
	bin := hubproc.Build(t)
	db := cluster.NewDatabase(t)
	run := hubproc.CLI(t, bin)
	run("migrate", "--db", db)
	for _, u := range [][2]string{{techA, hub.RoleTechnician}, {clerk, hub.RoleClerk}, {"周敏", hub.RoleClerk}} {
		run("user", "add", "--db", db, "--name", u[0], "--role", u[1], "--centre", centre)
	}
	hubs := []*hubproc.Hub{hubproc.Serve(t, bin, db), hubproc.Serve(t, bin, db)}
	enrol := func(h *hubproc.Hub, user string) string {
		var resp protocol.EnrolResponse
		hubCall(t, h.URL, "", "/v1/enrol", protocol.EnrolRequest{Code: run("device", "enrol-code", "--db", db, "--user", user), DeviceName: user}, &resp)
		return resp.Token
	}
	tech := enrol(hubs[0], techA)
	clerks := []string{enrol(hubs[0], clerk), enrol(hubs[1], "周敏")}

	const n = 40
	changes := []protocol.Change{{Table: "customers", ID: "c1", Fields: map[string]json.RawMessage{"name": json.RawMessage(`"欧阳娜娜"`)}}}
	for i := range n {
		changes = append(changes, protocol.Change{Table: "jobs", ID: fmt.Sprintf("job-%02d", i), Fields: map[string]json.RawMessage{
			// A job type the hub has no document set for: filing's
			// completeness check has nothing to find missing.
			"number": json.RawMessage(fmt.Sprintf(`"TEST-%02d"`, i)), "job_type": json.RawMessage(`"plain"`),
			"customer_id": json.RawMessage(`"c1"`), "assigned_to": json.RawMessage(`"` + techA + `"`),
			"status": json.RawMessage(`"submitted"`)}})
	}
	var pushed protocol.PushResponse
	hubCall(t, hubs[0].URL, tech, "/v1/push", protocol.PushRequest{BatchID: uuid.NewString(), Changes: changes}, &pushed)
	if len(pushed.Results) != n+1 {
		t.Fatalf("push: %+v", pushed)
	}

	numbers := make([]string, n)
	var wg sync.WaitGroup
	for c := range clerks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := c; i < n; i += len(clerks) {
				var resp protocol.ClerkResponse
				hubCall(t, hubs[c].URL, clerks[c], "/v1/clerk", protocol.ClerkRequest{JobID: fmt.Sprintf("job-%02d", i), Action: protocol.ActionFile, Location: "档案室 2 号柜"}, &resp)
				numbers[i] = resp.ArchiveNo
			}
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for i, no := range numbers {
		if no == "" || seen[no] {
			t.Errorf("job %d: archive number %q (empty or given twice)", i, no)
		}
		seen[no] = true
	}
	month := time.Now().In(time.FixedZone("CST", 8*3600)).Format("2006-01")
	for i := 1; i <= n; i++ {
		if want := fmt.Sprintf("%s-%04d", month, i); !seen[want] {
			t.Errorf("no job got %s: the numbers have a gap (%v)", want, numbers)
		}
	}
}

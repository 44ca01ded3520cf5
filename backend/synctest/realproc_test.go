package synctest

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/sqlite"
	"fieldbook/backend/syncer"
)

// TestRealProcesses runs the real fieldbook-hub binary: migrate, users,
// enrolment codes, serve; two desktops enrol over HTTP, one signs a visit
// for a job assigned to the other, both sync, the other has the visit and
// it verifies; SIGTERM stops the hub with exit status 0.
func TestRealProcesses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	bin := filepath.Join(dir, "fieldbook-hub")
	build := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", bin, "fieldbook/backend/cmd/fieldbook-hub")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "hub.db")
	run := func(args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		cmd := exec.Command(bin, args...)
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("fieldbook-hub %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		return strings.TrimSpace(stdout.String())
	}
	run("migrate", "--db", db)
	run("user", "add", "--db", db, "--name", techA, "--role", "technician", "--centre", centre)
	run("user", "add", "--db", db, "--name", techB, "--role", "technician", "--centre", centre)
	codeA := run("device", "enrol-code", "--db", db, "--user", techA)
	codeB := run("device", "enrol-code", "--db", db, "--user", techB)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	var serveLog bytes.Buffer
	serve := exec.Command(bin, "serve", "--addr", addr, "--db", db)
	serve.Stderr = &serveLog
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- serve.Wait() }()
	t.Cleanup(func() {
		if serve.ProcessState == nil {
			_ = serve.Process.Kill()
			<-exited
		}
	})
	url := "http://" + addr
	for i := 0; ; i++ {
		resp, err := http.Get(url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if i == 200 {
			t.Fatalf("the hub did not answer /healthz: %v\n%s", err, serveLog.String())
		}
		time.Sleep(25 * time.Millisecond)
	}

	open := func(code, name string) (*sqlite.DB, *syncer.Engine) {
		d, err := sqlite.Open(ctx, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		e := syncer.New(d, nil)
		if _, err := e.Enrol(ctx, url, code, name, false); err != nil {
			t.Fatalf("enrol %s: %v", name, err)
		}
		return d, e
	}
	a, ea := open(codeA, "张工的笔记本")
	b, eb := open(codeB, "王工的笔记本")

	w := &world{rng: newRand(11)}
	c, err := a.SaveCustomer(ctx, fieldbook.Customer{Name: "欧阳娜娜", Phones: []string{"13812345678"}, Addresses: []string{"上海市徐汇区漕溪北路88号"}})
	if err != nil {
		t.Fatal(err)
	}
	as, err := a.SaveAsset(ctx, fieldbook.Asset{CustomerID: c.ID, Kind: "product", Model: "HP M404dn", Serial: "CNB1X2Y3Z", PurchaseDate: "2024-03-15", WarrantyMonths: 120})
	if err != nil {
		t.Fatal(err)
	}
	j, err := a.CreateJob(ctx, fieldbook.NewJob{JobType: "it_onsite", CustomerID: c.ID, AssetID: as.ID, AssignedTo: techB, Summary: "打印机维修"})
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
		if _, err := a.Sign(ctx, fieldbook.SignatureInput{VisitID: v.ID, Role: role, Kind: fieldbook.SignReal, ImageDataURL: w.pngDataURL(),
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

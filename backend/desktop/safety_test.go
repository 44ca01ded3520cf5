package desktop

import (
	"archive/zip"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"fieldbook/backend/applog"
	"fieldbook/backend/demo"
	"fieldbook/backend/diagnostics"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/sqlite"
)

// TestDiagnosticsHoldNoCustomerData: a store full of demo customers and
// jobs, the app's log written through everything the section does (a
// snapshot, a restore, a check, a failed sync), then the diagnostics file:
// it holds the store's counts and the log, and not one customer's name,
// phone, address or job summary, nor the technician's name.
func TestDiagnosticsHoldNoCustomerData(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	log := applog.Open(dir, nil)
	defer log.Close()
	prev := slog.Default()
	slog.SetDefault(log.Logger)
	defer slog.SetDefault(prev)

	db, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.LoadDemo(ctx, demo.New(3).Sets(120, time.Now().AddDate(0, -3, 0)), 100); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveSettings(ctx, fieldbook.Settings{Language: "zh-CN", TimeZone: "Asia/Shanghai",
		Technician: fieldbook.Technician{Name: "欧阳技师", Phone: "13911112222"}}); err != nil {
		t.Fatal(err)
	}
	s := New(db, nil, SystemInfo{Version: "test", DataDir: dir}, time.Now(), nil)
	snap, err := s.Safety.TakeSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Safety.RestoreSnapshot(snap.Name); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Sync.Connect("http://127.0.0.1:1", "ABCD-EFGH", false); err == nil {
		t.Fatal("Connect to a closed port succeeded")
	}

	doc, err := s.Safety.ExportDiagnostics()
	if err != nil {
		t.Fatal(err)
	}
	files := unzip(t, doc.Path)
	if len(files["logs/"+applog.File]) == 0 {
		t.Fatalf("diagnostics hold no log: %v", keys(files))
	}
	var r diagnostics.Report
	if err := json.Unmarshal(files["diagnostics.json"], &r); err != nil {
		t.Fatal(err)
	}
	if r.Store == nil || r.Store.Rows["jobs"] != 120 || r.Store.DeviceID != db.DeviceID() || r.App.Version != "test" {
		t.Errorf("diagnostics.json = %+v, want the store's 120 jobs, its device and the version", r)
	}
	if r.Check == nil || !r.Check.OK {
		t.Errorf("diagnostics.json check = %+v, want the restore's check", r.Check)
	}
	if len(r.Snapshots) != 2 {
		t.Errorf("diagnostics.json snapshots = %v, want the manual one and the restore's", r.Snapshots)
	}
	for _, secret := range customerStrings(t, db.Path()) {
		for name, data := range files {
			if strings.Contains(string(data), secret) {
				t.Errorf("%s holds customer data %q", name, secret)
			}
		}
	}
}

// customerStrings are what the store holds that support must not see.
func customerStrings(t *testing.T, path string) []string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := []string{"欧阳技师", "13911112222"}
	for _, q := range []string{
		`SELECT name FROM customers`,
		`SELECT p.value FROM customers, json_each(customers.phones) p`,
		`SELECT a.value FROM customers, json_each(customers.addresses) a`,
		`SELECT summary FROM jobs WHERE summary != ''`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		rows.Close()
	}
	if len(out) < 300 {
		t.Fatalf("only %d customer strings: the demo data changed", len(out))
	}
	return out
}

func unzip(t *testing.T, path string) map[string][]byte {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	out := map[string][]byte{}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

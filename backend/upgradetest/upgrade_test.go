package upgradetest

import (
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/hub"
	"fieldbook/backend/hub/sqlstore"
	"fieldbook/backend/sqlite"
	"fieldbook/backend/syncer"
)

// manifest is what the old release reported about the files it wrote.
type manifest struct {
	Release          string         `json:"release"`
	LocalSchema      int64          `json:"local_schema"`
	Counts           map[string]int `json:"counts"`
	PendingRows      int            `json:"pending_rows"`
	Unacknowledged   int            `json:"unacknowledged"`
	SignedVisits     map[string]int `json:"signed_visits"`
	SignedChecklists map[string]int `json:"signed_checklists"`
	Offline          struct {
		Amended       []string `json:"amended"`
		DraftAmend    string   `json:"draft_amend"`
		NewJobs       []string `json:"new_jobs"`
		Checklist     string   `json:"checklist"`
		OpenChecklist string   `json:"open_checklist"`
		Photo         string   `json:"photo_sha256"`
		Customer      string   `json:"customer"`
		CustomerPhone string   `json:"customer_phone"`
	} `json:"offline"`
	Filed     string `json:"filed_job"`
	ArchiveNo string `json:"archive_no"`
	Returned  string `json:"returned_job"`
	Device    string `json:"device_id"`
}

// releases are the fixture folders, oldest first.
var releases = []string{"release-160463e"}

const technician = "张伟"

func TestUpgrade(t *testing.T) {
	for _, rel := range releases {
		t.Run(rel, func(t *testing.T) { testUpgrade(t, filepath.Join("testdata", rel)) })
	}
}

func testUpgrade(t *testing.T, fixture string) {
	ctx := context.Background()
	var m manifest
	readJSON(t, filepath.Join(fixture, "manifest.json"), &m)
	dir := t.TempDir()
	laptopDir, hubPath := filepath.Join(dir, "laptop"), filepath.Join(dir, "hub.db")
	if err := os.MkdirAll(laptopDir, 0o700); err != nil {
		t.Fatal(err)
	}
	gunzip(t, filepath.Join(fixture, "laptop.db.gz"), filepath.Join(laptopDir, sqlite.DBFile))
	gunzip(t, filepath.Join(fixture, "hub.db.gz"), hubPath)

	// The hub: the old file migrated by this release, served over HTTP.
	store, err := sqlstore.Open(ctx, hubPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if err := store.Migrate(ctx); err != nil {
		t.Fatalf("migrating the %s hub: %v", m.Release, err)
	}
	svc := hub.NewService(store, slog.New(slog.NewTextHandler(io.Discard, nil)))
	srv := httptest.NewServer(hub.NewHandler(svc, hub.DefaultLimits))
	t.Cleanup(srv.Close)

	// The hub now answers at another address; the laptop is pointed at it
	// in its old schema, before this release opens it.
	raw, err := sql.Open("sqlite3", "file:"+filepath.Join(laptopDir, sqlite.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE sync_state SET value = json_set(value, '$.hub_url', ?) WHERE key = 'account'`, srv.URL); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	db, err := sqlite.Open(ctx, laptopDir)
	if err != nil {
		t.Fatalf("opening the %s laptop store: %v", m.Release, err)
	}
	t.Cleanup(func() { db.Close() })
	if v, err := db.SchemaVersion(ctx); err != nil || v < m.LocalSchema {
		t.Fatalf("schema version after migrating = %d, %v; the fixture had %d", v, err, m.LocalSchema)
	}
	if db.DeviceID() != m.Device {
		t.Errorf("device id = %q, want the fixture's %q", db.DeviceID(), m.Device)
	}
	checkIntegrity(t, db)
	for table, want := range m.Counts {
		if got := count(t, db, table); got != want {
			t.Errorf("%s rows after migrating = %d, want %d", table, got, want)
		}
	}
	if n, err := db.PendingCount(ctx); err != nil || n == 0 {
		t.Errorf("pending outbox after migrating = %d, %v; the fixture has work not on the hub", n, err)
	}
	verifyAll(t, db, m)

	// The pending work, and the batch whose reply was lost, reach the
	// upgraded hub; nothing is refused or in conflict.
	eng := syncer.New(db, srv.Client())
	rep, err := eng.Sync(ctx, nil)
	if err != nil {
		t.Fatalf("first sync after the upgrade: %v", err)
	}
	t.Logf("first sync after the upgrade: %+v", rep)
	if rep.Pushed < m.PendingRows || rep.Rejected != 0 || rep.Conflicts != 0 {
		t.Errorf("first sync = %+v; want the %d pending rows pushed, none rejected or in conflict", rep, m.PendingRows)
	}
	if n, err := db.PendingCount(ctx); err != nil || n != 0 {
		t.Errorf("pending after the sync = %d, %v; want 0", n, err)
	}
	if issues, err := db.SyncIssues(ctx); err != nil || len(issues) != 0 {
		t.Errorf("sync issues = %+v, %v; want none", issues, err)
	}
	verifyAll(t, db, m)

	// A second laptop of the same technician, enrolled now, gets all of it
	// from the hub: the old signatures, the offline work, the clerk's filing.
	db2, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db2.Close() })
	eng2 := syncer.New(db2, srv.Client())
	code, _, err := svc.NewEnrolCode(ctx, technician)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := eng2.Enrol(ctx, srv.URL, code, technician+"的新电脑", false); err != nil {
		t.Fatal(err)
	}
	if rep, err := eng2.Sync(ctx, nil); err != nil || rep.Pulled == 0 {
		t.Fatalf("second laptop's first sync = %+v, %v", rep, err)
	}
	for _, table := range []string{"customers", "assets", "jobs", "visits", "checklists", "signatures", "attachments"} {
		if a, b := count(t, db, table), count(t, db2, table); a != b {
			t.Errorf("%s: %d on the upgraded laptop, %d on a laptop synced from the upgraded hub", table, a, b)
		}
	}
	verifyAll(t, db2, m)
	for _, id := range append(append([]string{}, m.Offline.Amended...), m.Offline.DraftAmend) {
		v, err := db2.Visit(ctx, id)
		if err != nil || v.Visit.Supersedes == "" {
			t.Errorf("amendment %s on the second laptop = %+v, %v", id, v.Visit.Meta, err)
		}
	}
	for _, id := range m.Offline.NewJobs {
		if _, err := db2.Job(ctx, id); err != nil {
			t.Errorf("job made offline %s: %v", id, err)
		}
	}
	if c, err := db2.Checklist(ctx, m.Offline.OpenChecklist); err != nil || c.Done == 0 || c.Locked {
		t.Errorf("open checklist = %d answered, locked %v, %v", c.Done, c.Locked, err)
	}
	if _, _, err := db2.Blob(ctx, m.Offline.Photo); err != nil {
		t.Errorf("the photo taken offline: %v", err)
	}
	if c, err := db2.Customer(ctx, m.Offline.Customer); err != nil || !slices.Contains(c.Customer.Phones, m.Offline.CustomerPhone) {
		t.Errorf("customer edited offline: phones %v, %v; want %s among them", c.Customer.Phones, err, m.Offline.CustomerPhone)
	}
	if a, err := db2.Archive(ctx, m.Filed); err != nil || a.Status != fieldbook.JobFiled || a.ArchiveNo != m.ArchiveNo {
		t.Errorf("filed job = %s %q, %v; want filed as %q", a.Status, a.ArchiveNo, err, m.ArchiveNo)
	}
	if a, err := db2.Archive(ctx, m.Returned); err != nil || a.Status != fieldbook.JobReturned || a.ReturnReason == "" {
		t.Errorf("returned job = %s %q, %v", a.Status, a.ReturnReason, err)
	}
}

// verifyAll checks every signed record the fixture lists: it verifies, with
// as many signatures as the old release had.
func verifyAll(t *testing.T, db *sqlite.DB, m manifest) {
	t.Helper()
	ctx := context.Background()
	for _, set := range []struct {
		ids    map[string]int
		verify func(context.Context, string) (fieldbook.Verification, error)
	}{{m.SignedVisits, db.VerifyVisit}, {m.SignedChecklists, db.VerifyChecklist}} {
		if len(set.ids) == 0 {
			t.Fatal("the manifest lists no signed records")
		}
		for id, n := range set.ids {
			v, err := set.verify(ctx, id)
			if err != nil || !v.OK || len(v.Signatures) != n {
				t.Errorf("verify %s = ok %v, %d signatures, %v; want ok with %d", id, v.OK, len(v.Signatures), err, n)
			}
		}
	}
}

func checkIntegrity(t *testing.T, db *sqlite.DB) {
	t.Helper()
	raw := rawDB(t, db)
	var res string
	if err := raw.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Errorf("integrity_check = %q, %v", res, err)
	}
	rows, err := raw.Query(`PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if rows.Next() {
		t.Error("foreign_key_check found rows without their parents")
	}
}

func count(t *testing.T, db *sqlite.DB, table string) int {
	t.Helper()
	var n int
	if err := rawDB(t, db).QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// rawDB is a read-only connection to the store's file, for checks the
// store has no method for.
func rawDB(t *testing.T, db *sqlite.DB) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite3", "file:"+db.Path()+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func gunzip(t *testing.T, src, dst string) {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, zr); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fieldbook/backend/demo"
	"fieldbook/backend/fieldbook"
)

func jobCount(t *testing.T, d *DB) int {
	t.Helper()
	p, err := d.SearchJobs(context.Background(), "", 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	return p.Total
}

// TestSnapshotAndRestore: a snapshot taken while the store is open is
// restored in place; the state before the restore is kept as a snapshot
// and restores back; the store goes on working.
func TestSnapshotAndRestore(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	newJob(t, d, "王芳", "13812345678")
	s, err := d.TakeSnapshot(ctx, SnapshotManual)
	if err != nil {
		t.Fatal(err)
	}
	if s.Bytes == 0 || s.Reason != SnapshotManual {
		t.Errorf("snapshot = %+v", s)
	}
	newJob(t, d, "李强", "13900001111")
	d.Now = func() time.Time { return time.Now().Add(time.Second) }
	undo, err := d.RestoreSnapshot(ctx, s.Name)
	if err != nil {
		t.Fatal(err)
	}
	if n := jobCount(t, d); n != 1 {
		t.Errorf("jobs after restoring = %d, want 1", n)
	}
	if undo.Reason != SnapshotRestore {
		t.Errorf("undo snapshot = %+v", undo)
	}
	newJob(t, d, "赵敏", "13700002222") // still writable
	d.Now = func() time.Time { return time.Now().Add(2 * time.Second) }
	if _, err := d.RestoreSnapshot(ctx, undo.Name); err != nil {
		t.Fatal(err)
	}
	if n := jobCount(t, d); n != 2 {
		t.Errorf("jobs after undoing the restore = %d, want 2", n)
	}
	if _, err := d.RestoreSnapshot(ctx, "../fieldbook.db"); fieldbook.ErrorCode(err) != fieldbook.ENOTFOUND {
		t.Errorf("RestoreSnapshot(outside the folder) = %v, want not found", err)
	}
}

// TestSnapshotsKeepTheNewest and daily ones come once a day.
func TestSnapshotsKeepTheNewest(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	d.Now = func() time.Time { return now }
	if _, took, err := d.SnapshotIfDue(ctx, 24*time.Hour); err != nil || !took {
		t.Fatalf("first daily snapshot: took %v, %v", took, err)
	}
	now = now.Add(23 * time.Hour)
	if _, took, _ := d.SnapshotIfDue(ctx, 24*time.Hour); took {
		t.Error("a second daily snapshot within the day")
	}
	for range KeepSnapshots + 3 {
		now = now.Add(25 * time.Hour)
		if _, took, err := d.SnapshotIfDue(ctx, 24*time.Hour); err != nil || !took {
			t.Fatalf("daily snapshot: took %v, %v", took, err)
		}
	}
	list, err := Snapshots(filepath.Dir(d.Path()))
	if err != nil || len(list) != KeepSnapshots {
		t.Fatalf("%d snapshots kept, %v; want %d", len(list), err, KeepSnapshots)
	}
	if !list[0].At.Equal(now) || !list[0].At.After(list[len(list)-1].At) {
		t.Errorf("snapshots not newest first: %v … %v", list[0].At, list[len(list)-1].At)
	}
}

// TestSnapshotBeforeMigration: opening a store whose schema is behind
// snapshots it first, as the older release wrote it.
func TestSnapshotBeforeMigration(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, DBFile)
	db, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	old := &DB{db: db, path: path, Now: time.Now}
	p, err := old.provider()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 6); err != nil {
		t.Fatal(err)
	}
	db.Close()
	d, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	list, _ := Snapshots(dir)
	if len(list) != 1 || list[0].Reason != SnapshotMigration {
		t.Fatalf("snapshots = %+v, want one taken before migrating", list)
	}
	snap, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, SnapshotDir, list[0].Name)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	var v int
	if err := snap.QueryRow(`SELECT max(version_id) FROM goose_db_version`).Scan(&v); err != nil || v != 6 {
		t.Errorf("the snapshot's schema = %d, %v; want 6 (before migrating)", v, err)
	}
}

// damageAt overwrites the 4 KiB page at offset of the closed store in dir
// with garbage.
func damageAt(t *testing.T, dir string, offset int64) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, DBFile), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	garbage := make([]byte, 4096)
	for i := range garbage {
		garbage[i] = byte(i*31 + 7)
	}
	if _, err := f.WriteAt(garbage, offset); err != nil {
		t.Fatal(err)
	}
}

// demoStoreWithSnapshot is a closed store of 300 demo jobs in a new data
// directory, and a snapshot of it.
func demoStoreWithSnapshot(t *testing.T) (string, Snapshot) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	d, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.LoadDemo(ctx, demo.New(5).Sets(300, time.Now().AddDate(0, -2, 0)), 100); err != nil {
		t.Fatal(err)
	}
	s, err := d.TakeSnapshot(ctx, SnapshotDaily)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, s
}

// rootPageOffset is the file offset of the first (root) page of table in
// the closed store in dir.
func rootPageOffset(t *testing.T, dir, table string) int64 {
	t.Helper()
	db, err := sql.Open(driverName, fileURI(filepath.Join(dir, DBFile))+"?_query_only=1")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var page, size int64
	if err := db.QueryRow(`SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&page); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`PRAGMA page_size`).Scan(&size); err != nil || size != 4096 {
		t.Fatalf("page size %d, %v; damageAt writes 4 KiB pages", size, err)
	}
	return (page - 1) * size
}

// TestDamagedPageFoundByTheCheck: a store with a damaged page inside it
// (the root of the visits table: no page the start itself reads — which
// page lies in the file's middle changes with every table added) still
// opens (the check no longer holds up the start); the background check
// finds the damage, and restoring a snapshot in place makes the store
// whole again.
func TestDamagedPageFoundByTheCheck(t *testing.T) {
	ctx := context.Background()
	dir, s := demoStoreWithSnapshot(t)
	damageAt(t, dir, rootPageOffset(t, dir, "visits"))
	d, err := Open(ctx, dir)
	if err != nil {
		t.Fatalf("Open(damaged in the middle) = %v, want it to open and the check to find it", err)
	}
	defer d.Close()
	if d.LastCheck() != nil {
		t.Error("LastCheck before any check ran is not nil")
	}
	c := d.CheckIntegrity(ctx)
	if c.OK || len(c.Problems) == 0 || c.Err != "" {
		t.Fatalf("CheckIntegrity(damaged) = %+v, want problems", c)
	}
	if last := d.LastCheck(); last == nil || last.OK {
		t.Errorf("LastCheck = %+v, want the failed check", last)
	}
	if _, err := d.RestoreSnapshot(ctx, s.Name); err != nil {
		t.Fatal(err)
	}
	if c := d.CheckIntegrity(ctx); !c.OK {
		t.Errorf("CheckIntegrity after restoring = %+v, want ok", c)
	}
	if n := jobCount(t, d); n != 300 {
		t.Errorf("jobs after restoring = %d, want 300", n)
	}
}

// TestCheckIntegrityStopsWithItsContext: a cancelled check is not OK and
// says why.
func TestCheckIntegrityStopsWithItsContext(t *testing.T) {
	d := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if c := d.CheckIntegrity(ctx); c.OK || c.Err == "" {
		t.Errorf("CheckIntegrity(cancelled) = %+v, want not ok with an error", c)
	}
}

// TestDamagedDatabaseWayOut: a store whose first page is damaged does not
// open; the error is ECORRUPT and names the newest snapshot; RestoreDamaged
// puts the snapshot in place, keeps the damaged file, and the store opens.
func TestDamagedDatabaseWayOut(t *testing.T) {
	ctx := context.Background()
	dir, s := demoStoreWithSnapshot(t)
	damageAt(t, dir, 0)
	_, err := Open(ctx, dir)
	p := fieldbook.ToPayload(err)
	if p.Code != fieldbook.ECORRUPT || !strings.Contains(p.Message, s.Name) || !strings.Contains(p.MessageEN, s.Name) {
		t.Fatalf("Open(damaged) = %+v, want corrupt naming the snapshot", p)
	}
	kept, err := RestoreDamaged(ctx, dir, s.Name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(kept); err != nil {
		t.Errorf("the damaged file was not kept: %v", err)
	}
	d, err := Open(ctx, dir)
	if err != nil {
		t.Fatalf("Open after restoring: %v", err)
	}
	defer d.Close()
	if n := jobCount(t, d); n != 300 {
		t.Errorf("jobs after restoring = %d, want 300", n)
	}
}

// TestSavesGoOnDuringIntegrityCheck: the background integrity check never
// holds up the technician's saves. Saves run back to back while the check
// runs; saves that wait for the check would let at most the one already
// under way finish during it, so at least two must. (A store too small for
// that is tried again, up to 20 checks; no timing is asserted.)
func TestSavesGoOnDuringIntegrityCheck(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.LoadDemo(ctx, demo.New(11).Sets(3000, time.Date(2025, 11, 1, 0, 0, 0, 0, fieldbook.Zone(""))), 1000); err != nil {
		t.Fatal(err)
	}
	var saved atomic.Int64
	stop := make(chan struct{})
	failed := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				close(failed)
				return
			default:
			}
			if _, err := d.SaveCustomer(ctx, fieldbook.Customer{Name: fmt.Sprintf("检查期间的客户 %d", i), Phones: []string{"13800000000"}}); err != nil {
				failed <- err
				return
			}
			saved.Add(1)
		}
	}()
	defer func() {
		close(stop)
		if err := <-failed; err != nil {
			t.Fatalf("a save during the check failed: %v", err)
		}
	}()
	for attempt := 1; attempt <= 20; attempt++ {
		before := saved.Load()
		c := d.CheckIntegrity(ctx)
		during := saved.Load() - before
		if !c.OK {
			t.Fatalf("check: %+v", c)
		}
		if during >= 2 {
			t.Logf("%d saves completed during a %d ms check (attempt %d)", during, c.Millis, attempt)
			return
		}
	}
	t.Fatal("in 20 integrity checks, saves never went on during one: they wait for the check")
}

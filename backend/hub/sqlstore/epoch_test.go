package sqlstore_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"fieldbook/backend/hub"
	"fieldbook/backend/hub/sqlstore"
)

const epochCentre = "上海中心"

func openMigrated(t *testing.T, dsn string) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

func epochOf(t *testing.T, db *sqlstore.DB, known string) hub.Epoch {
	t.Helper()
	e, err := db.Epoch(context.Background(), epochCentre, known)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func copyTo(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestEpochsOfRestoredBackups: a SQLite hub keeps its identity and epoch
// across starts; each restore of a backup file (a copy put in place and
// migrated) begins an epoch of its own with the backup's sequence as its
// floor; the floor a device of an earlier epoch is told is the lowest of
// the epochs begun since; an unknown epoch gets 0; "fieldbook-hub
// restored" (MarkRestored) begins one too.
func TestEpochsOfRestoredBackups(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := openMigrated(t, filepath.Join(dir, "hub.db"))
	e0 := epochOf(t, live, "")
	if e0.HubID == "" || e0.Epoch == "" || e0.Seq != 0 {
		t.Fatalf("a new hub: %+v", e0)
	}
	if err := writeRows(ctx, live, epochCentre, 0, 10); err != nil {
		t.Fatal(err)
	}
	if _, err := live.Backup(ctx, filepath.Join(dir, "b1.db")); err != nil {
		t.Fatal(err)
	}
	if err := writeRows(ctx, live, epochCentre, 10, 5); err != nil {
		t.Fatal(err)
	}
	if err := live.Migrate(ctx); err != nil { // a restart
		t.Fatal(err)
	}
	if e := epochOf(t, live, e0.Epoch); e.Epoch != e0.Epoch || e.Seq != 15 {
		t.Fatalf("the live hub after a restart: %+v, want epoch %s at seq 15", e, e0.Epoch)
	}

	copyTo(t, filepath.Join(dir, "b1.db"), filepath.Join(dir, "r1.db"))
	r1 := openMigrated(t, filepath.Join(dir, "r1.db"))
	e1 := epochOf(t, r1, e0.Epoch)
	if e1.HubID != e0.HubID || e1.Epoch == e0.Epoch || e1.Seq != 10 || e1.Floor != 10 {
		t.Fatalf("restored from b1: %+v; want hub %s, a new epoch, seq 10 and floor 10 for %s", e1, e0.HubID, e0.Epoch)
	}
	if e := epochOf(t, r1, "an-epoch-it-never-had"); e.Floor != 0 {
		t.Fatalf("an unknown epoch's floor: %d, want 0", e.Floor)
	}
	if err := r1.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if e := epochOf(t, r1, ""); e.Epoch != e1.Epoch {
		t.Fatalf("the restored hub's second start began another epoch: %s, want %s", e.Epoch, e1.Epoch)
	}

	// b1 restored a second time: an epoch of its own.
	copyTo(t, filepath.Join(dir, "b1.db"), filepath.Join(dir, "r1b.db"))
	if e := epochOf(t, openMigrated(t, filepath.Join(dir, "r1b.db")), ""); e.Epoch == e1.Epoch || e.Epoch == e0.Epoch {
		t.Fatalf("the second restore of b1 has epoch %s (first restore %s)", e.Epoch, e1.Epoch)
	}

	// The restored hub goes on, is backed up and restored again.
	if err := writeRows(ctx, r1, epochCentre, 100, 3); err != nil {
		t.Fatal(err)
	}
	if _, err := r1.Backup(ctx, filepath.Join(dir, "b2.db")); err != nil {
		t.Fatal(err)
	}
	copyTo(t, filepath.Join(dir, "b2.db"), filepath.Join(dir, "r2.db"))
	r2 := openMigrated(t, filepath.Join(dir, "r2.db"))
	e2 := epochOf(t, r2, "")
	if f := epochOf(t, r2, e0.Epoch).Floor; f != 10 {
		t.Fatalf("a device of the first epoch is told floor %d, want 10 (the lower of 10 and 13)", f)
	}
	if f := epochOf(t, r2, e1.Epoch).Floor; f != 13 {
		t.Fatalf("a device of the second epoch is told floor %d, want 13", f)
	}

	marked, err := r2.MarkRestored(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if e := epochOf(t, r2, e2.Epoch); e.Epoch != marked || marked == e2.Epoch || e.Floor != 13 {
		t.Fatalf("after MarkRestored: %+v (returned %s), want a new epoch and floor 13 for %s", e, marked, e2.Epoch)
	}
}

// TestPostgresEpochRestoredIntoAnotherDatabase: a PostgreSQL hub keeps its
// epoch across starts and begins one when it runs on another database
// holding its data (pg_restore into a new database): here the rows copied
// by "CREATE DATABASE … TEMPLATE", a new database with the same content.
func TestPostgresEpochRestoredIntoAnotherDatabase(t *testing.T) {
	ctx := context.Background()
	dsn := cluster.NewDatabase(t)
	db := openMigrated(t, dsn)
	before := epochOf(t, db, "")
	if err := writeRows(ctx, db, epochCentre, 0, 7); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if e := epochOf(t, db, ""); e.Epoch != before.Epoch {
		t.Fatalf("a restart began epoch %s, want %s", e.Epoch, before.Epoch)
	}
	_ = db.Close()
	copyDSN := cluster.CopyDatabase(t, dsn)
	restored := openMigrated(t, copyDSN)
	e := epochOf(t, restored, before.Epoch)
	if e.HubID != before.HubID || e.Epoch == before.Epoch || e.Floor != 7 {
		t.Fatalf("the hub on a copy of its database: %+v, want hub %s, a new epoch and floor 7", e, before.HubID)
	}
}

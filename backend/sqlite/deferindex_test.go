package sqlite

import (
	"context"
	"maps"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
)

// schemaSQL is the store's objects of a type ("index", "trigger") by name,
// each with its SQL.
func schemaSQL(t *testing.T, d *DB, typ string) map[string]string {
	t.Helper()
	rows, err := d.db.Query(`SELECT name, sql FROM sqlite_master WHERE type = ? AND sql IS NOT NULL`, typ)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, sql string
		if err := rows.Scan(&name, &sql); err != nil {
			t.Fatal(err)
		}
		out[name] = sql
	}
	return out
}

func indexSQL(t *testing.T, d *DB) map[string]string   { return schemaSQL(t, d, "index") }
func triggerSQL(t *testing.T, d *DB) map[string]string { return schemaSQL(t, d, "trigger") }

// A first sync into an empty store leaves the lists' indexes aside while
// its pages go in, and builds the very same indexes after it; when the app
// closes before that, the next start builds them. A store with jobs keeps
// its indexes.
func TestSnapshotDefersListIndexes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	before := indexSQL(t, d)
	if err := d.DeferSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	during := indexSQL(t, d)
	for _, name := range []string{"jobs_live", "jobs_customer_live", "visits_job", "customers_live"} {
		if _, ok := during[name]; ok {
			t.Errorf("index %s is kept during the snapshot", name)
		}
	}
	for _, name := range []string{"signatures_visit_role", "signatures_checklist_role"} {
		if _, ok := during[name]; !ok {
			t.Errorf("unique index %s was dropped", name)
		}
	}
	// Rows go in without them.
	_, _, j := newJob(t, d, "周杰", "13511112222")
	if err := d.BuildDeferredIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	if after := indexSQL(t, d); !maps.Equal(after, before) {
		t.Errorf("indexes after the build differ:\n got %v\nwant %v", after, before)
	}
	if err := d.BuildDeferredIndexes(ctx); err != nil { // nothing waits: nothing to do
		t.Fatal(err)
	}
	d.Close()

	// After a large pull they are built in the background, before the
	// search index, while the store is the user's.
	d, _ = openDeferred(t)
	_, _, j = newJob(t, d, "周杰", "13511112222")
	d.StartIndexing()
	for i := 0; ; i++ {
		indexing, _, _, err := d.SearchIndexing(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !indexing {
			break
		}
		if i == 3000 {
			t.Fatal("the background build never ended")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if after := indexSQL(t, d); !maps.Equal(after, before) {
		t.Errorf("indexes after the background build differ:\n got %v\nwant %v", after, before)
	}
	if page, err := d.Jobs(ctx, fieldbook.JobFilter{Query: "周杰"}, 0, 50); err != nil || len(page.Rows) != 1 || page.Indexing != nil {
		t.Errorf("search after the background build = %+v, %v", page, err)
	}
	// With a job in the store, nothing is deferred.
	if err := d.DeferSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if now := indexSQL(t, d); !maps.Equal(now, before) {
		t.Errorf("a store with job %s deferred its indexes", j.ID)
	}
	d.Close()

	// Closed during a first sync: the next start builds them.
	d, dir = openDeferred(t)
	d.Close()
	if d, err = Open(ctx, dir); err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if now := indexSQL(t, d); !maps.Equal(now, before) {
		t.Errorf("indexes after a restart differ:\n got %v\nwant %v", now, before)
	}
}

// openDeferred opens a new store in a new data directory and defers its
// indexes, as a first sync does.
func openDeferred(t *testing.T) (*DB, string) {
	dir := t.TempDir()
	d, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.DeferSearchIndex(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d, dir
}

// A snapshot's pages go in without the outbox's insert triggers, which
// are back when each page commits, and when a page fails: the user's own
// writes still feed the outbox.
func TestSnapshotPageKeepsOutboxTriggers(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	before := triggerSQL(t, d)
	if err := d.DeferSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	customer := func(id string, seq int64) PulledRow {
		return PulledRow{Table: "customers", ID: id, Seq: seq, Fields: map[string]any{"name": "王先生", "company": "", "phones": `["13800000000"]`,
			"addresses": `[]`, "note": "", "created_at": "2026-01-02T03:04:05Z", "deleted": int64(0)}}
	}
	if err := d.ApplyPulled(ctx, []PulledRow{customer("c1", 1)}, 1); err != nil {
		t.Fatal(err)
	}
	if err := d.ApplyPulled(ctx, []PulledRow{customer("c2", 2), {Table: "no_such_table", ID: "x", Seq: 3}}, 3); err == nil {
		t.Fatal("a page with a row of an unknown table was applied")
	}
	if after := triggerSQL(t, d); !maps.Equal(after, before) {
		t.Errorf("triggers after the snapshot's pages differ:\n got %v\nwant %v", after, before)
	}
	if n, err := d.PendingCount(ctx); err != nil || n != 0 {
		t.Fatalf("pending after the pull = %d, %v; want none", n, err)
	}
	if _, err := d.SaveCustomer(ctx, fieldbook.Customer{Name: "李女士", Phones: []string{"13900000000"}}); err != nil {
		t.Fatal(err)
	}
	if n, err := d.PendingCount(ctx); err != nil || n != 1 {
		t.Errorf("pending after a local save = %d, %v; want 1", n, err)
	}
}

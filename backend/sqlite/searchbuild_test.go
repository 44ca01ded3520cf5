package sqlite

import (
	"context"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
)

// TestSnapshotSearchIndexBuiltAfter: on a store without jobs, a snapshot's
// pages leave the search indexes alone; a search meanwhile says it is still
// indexing; the build afterwards finds the rows, and a store with jobs
// never defers.
func TestSnapshotSearchIndexBuiltAfter(t *testing.T) {
	ctx := context.Background()
	a, b := openTest(t), openTest(t)
	_, _, j := newJob(t, a, "钱多多", "13612345678")
	changes, err := a.PendingChanges(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	var rows []PulledRow
	for i, c := range changes {
		rows = append(rows, PulledRow{Table: c.Table, ID: c.ID, Seq: int64(i + 1), Fields: c.Fields})
	}
	if err := b.DeferSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.ApplyPulled(ctx, rows, int64(len(rows))); err != nil {
		t.Fatal(err)
	}
	search := func(d *DB) fieldbook.JobPage {
		t.Helper()
		page, err := d.Jobs(ctx, fieldbook.JobFilter{Query: "钱多"}, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		return page
	}
	if page := search(b); len(page.Rows) != 0 || page.Indexing == nil || page.Indexing.Done != 0 {
		t.Fatalf("a search before the build = %+v, want no rows yet and indexing", page)
	}
	if err := b.BuildSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if page := search(b); len(page.Rows) != 1 || page.Rows[0].ID != j.ID || page.Indexing != nil {
		t.Fatalf("a search after the build = %+v, want the job and no indexing", page)
	}
	if cs, err := b.Customers(ctx, "钱多", 0, 50); err != nil || len(cs.Rows) != 1 {
		t.Errorf("the customer search after the build = %+v, %v", cs, err)
	}
	// A store with jobs keeps its index whole: nothing deferred.
	if err := a.DeferSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if indexing, _, _, err := a.SearchIndexing(ctx); err != nil || indexing {
		t.Errorf("a store with jobs deferred its index: %v %v", indexing, err)
	}
	if page := search(a); len(page.Rows) != 1 || page.Indexing != nil {
		t.Errorf("search on the first store = %+v", page)
	}
}

// TestSearchIndexBuildResumesAfterClose: a background build stopped by
// Close goes on at the next Open, until the search finds the rows.
func TestSearchIndexBuildResumesAfterClose(t *testing.T) {
	ctx := context.Background()
	a := openTest(t)
	_, _, j := newJob(t, a, "孙悟空", "13900001111")
	changes, err := a.PendingChanges(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	var rows []PulledRow
	for i, c := range changes {
		rows = append(rows, PulledRow{Table: c.Table, ID: c.ID, Seq: int64(i + 1), Fields: c.Fields})
	}
	dir := t.TempDir()
	b, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.DeferSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.ApplyPulled(ctx, rows, int64(len(rows))); err != nil {
		t.Fatal(err)
	}
	b.StartIndexing()
	if err := b.Close(); err != nil { // stops the build, wherever it is
		t.Fatal(err)
	}
	b, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for i := 0; ; i++ {
		page, err := b.Jobs(ctx, fieldbook.JobFilter{Query: "悟空"}, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		if page.Indexing == nil {
			if len(page.Rows) != 1 || page.Rows[0].ID != j.ID {
				t.Fatalf("after the build the search finds %+v", page.Rows)
			}
			return
		}
		if i == 3000 {
			t.Fatal("the search index was never built after the restart")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

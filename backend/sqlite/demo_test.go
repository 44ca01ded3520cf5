package sqlite

import (
	"context"
	"testing"
	"time"

	"fieldbook/backend/demo"
	"fieldbook/backend/fieldbook"
)

func TestLoadDemo(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	if has, err := d.HasJobs(ctx); err != nil || has {
		t.Fatalf("HasJobs on a new store = %v, %v", has, err)
	}
	if demo, err := d.HoldsDemo(ctx); err != nil || demo {
		t.Fatalf("HoldsDemo on a new store = %v, %v", demo, err)
	}
	sets := demo.New(7).Sets(1500, time.Date(2025, 11, 1, 0, 0, 0, 0, fieldbook.Zone("")))
	if err := d.LoadDemo(ctx, sets, 400); err != nil {
		t.Fatal(err)
	}
	page, err := d.SearchJobs(ctx, "", 0, 10)
	if err != nil || page.Total != len(sets) {
		t.Fatalf("jobs after LoadDemo = %d, %v, want %d", page.Total, err, len(sets))
	}
	// Each day's last number is the number of that day's jobs.
	var days, wrong int
	if err := d.rdb.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(n.last != (SELECT count(*) FROM jobs
		WHERE substr(number, length(number) - 11, 8) = n.day)), 0) FROM job_numbers n`).Scan(&days, &wrong); err != nil || days == 0 || wrong > 0 {
		t.Errorf("%d of %d days have a last job number other than their count of jobs, %v", wrong, days, err)
	}
	// Search by the first two characters of a customer's name finds their job.
	name := []rune(sets[100].Customer.Name)
	if len(name) < 2 {
		name = []rune(sets[100].Customer.Company)
	}
	// The load leaves the search index to be built after it; until then
	// a search says so.
	if indexing, _, _, err := d.SearchIndexing(ctx); err != nil || !indexing {
		t.Fatalf("after LoadDemo: indexing %v, %v; want the index to wait for its build", indexing, err)
	}
	if p, err := d.Jobs(ctx, fieldbook.JobFilter{Query: string(name[:2])}, 0, 10); err != nil || p.Indexing == nil {
		t.Errorf("a search before the build: indexing %+v, %v; want it to say the index is being built", p.Indexing, err)
	}
	if p, err := d.Customers(ctx, string(name[:2]), 0, 10); err != nil || p.Indexing == nil {
		t.Errorf("a customer search before the build: indexing %+v, %v; want it to say the index is being built", p.Indexing, err)
	}
	if err := d.BuildSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	hits, err := d.SearchJobs(ctx, string(name[:2]), 0, 200)
	if err != nil || hits.Total == 0 {
		t.Errorf("SearchJobs(%q) = %d hits, %v", string(name[:2]), hits.Total, err)
	}
	if p, err := d.Customers(ctx, string(name[:2]), 0, 10); err != nil || len(p.Rows) == 0 || p.Indexing != nil {
		t.Errorf("Customers(%q) after the build = %d rows, indexing %+v, %v", string(name[:2]), len(p.Rows), p.Indexing, err)
	}
	// Every signed demo visit verifies.
	rows, err := d.rdb.QueryContext(ctx, `SELECT id FROM visits WHERE signed = 1 LIMIT 50`)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) == 0 {
		t.Fatal("no signed demo visits")
	}
	for _, id := range ids {
		if v, err := d.VerifyVisit(ctx, id); err != nil || !v.OK || len(v.Signatures) != 2 {
			t.Fatalf("VerifyVisit(%s) = %+v, %v", id, v, err)
		}
	}
	// Demo rows stay on this device: none is waiting to be pushed, and the
	// store says it holds demo data (an enrolment refuses it).
	var pending int
	if err := d.rdb.QueryRowContext(ctx, `SELECT count(*) FROM outbox`).Scan(&pending); err != nil || pending != 0 {
		t.Errorf("outbox after LoadDemo = %d rows, %v; want none", pending, err)
	}
	if demo, err := d.HoldsDemo(ctx); err != nil || !demo {
		t.Errorf("HoldsDemo after LoadDemo = %v, %v", demo, err)
	}
	var check string
	if err := d.db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check = %q, %v", check, err)
	}
}

func TestLoadDemoDatesEveryJob(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	sets := demo.New(8).SetsOver(2000, time.Date(2020, 1, 1, 0, 0, 0, 0, fieldbook.Zone("")), 1000)
	if err := d.LoadDemo(ctx, sets, 1000); err != nil {
		t.Fatal(err)
	}
	// No day holds more jobs than a busy day of the span (2000 jobs over
	// 1000 days): drafts are numbered on their appointment's day.
	var most int
	if err := d.rdb.QueryRowContext(ctx, `SELECT max(n) FROM (SELECT count(*) AS n FROM jobs GROUP BY substr(number, 6, 8))`).Scan(&most); err != nil {
		t.Fatal(err)
	}
	if most > 20 {
		t.Errorf("%d jobs numbered on one day", most)
	}
}

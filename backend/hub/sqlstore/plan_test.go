package sqlstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"fieldbook/backend/hub"
	"fieldbook/backend/hub/sqlstore"
	"fieldbook/backend/hub/storetest"
)

// TestBlobRowsReadTheirJobsByKey, on both stores: the jobs of the rows that
// reference a blob (what a GET or HEAD of the blob checks, for every blob a
// pull brings) are read one primary-key lookup per job, whatever the
// statistics say. The PostgreSQL hub keeps the statistics of its empty
// table (analysed after the migration, autovacuum off for it) while 20,000
// jobs come in, as a hub taking a laptop's first push does: a join of the
// list of ids was then planned as a hash of every job of the centre.
func TestBlobRowsReadTheirJobsByKey(t *testing.T) {
	for name, open := range map[string]storetest.Open{"sqlite": openSQLite, "postgres": openPostgres} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db := open(t).(*sqlstore.DB)
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			exec := func(query string) {
				t.Helper()
				if err := db.Exec(ctx, query); err != nil {
					t.Fatalf("%s: %v", query, err)
				}
			}
			if name == "postgres" {
				exec(`ANALYZE hub_rows`)
				exec(`ALTER TABLE hub_rows SET (autovacuum_enabled = false)`)
			}
			const jobs, every = 20000, 50
			sha := strings.Repeat("5e", 32)
			for _, q := range []string{
				// The jobs, each assigned to one of seven technicians.
				`SELECT 'c', 'jobs', 'j' || i, i, 1, 0, '{}', '{}', '{}', 'desk', 'j' || i, '', 't', 'tech' || (i % 7) FROM n`,
				// A signature of every 50th job shows one image.
				`SELECT 'c', 'signatures', 's' || i, 100000 + i, 1, 0, '{}', '{}', '{}', 'tech', 'j' || i, '` + sha + `', 't', '' FROM n WHERE i % ` + fmt.Sprint(every) + ` = 0`,
			} {
				exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ` + fmt.Sprint(jobs) + `)
					INSERT INTO hub_rows (centre, tbl, id, seq, version, deleted, fields, field_seq, field_device, created_by, job_id, blob_sha, updated_at, assignee) ` + q)
			}
			rows, err := db.BlobRows(ctx, "c", sha)
			if err != nil || len(rows) != jobs/every {
				t.Fatalf("BlobRows = %d rows, %v; want %d", len(rows), err, jobs/every)
			}
			for _, r := range rows {
				var i int
				_, _ = fmt.Sscanf(r.JobID, "j%d", &i)
				if r.Job == nil || r.Job.ID != r.JobID || r.Job.Assignee != fmt.Sprintf("tech%d", i%7) {
					t.Fatalf("the row %s of job %s came with job %+v", r.ID, r.JobID, r.Job)
				}
			}
			plan, err := db.ExplainJobsQuery(ctx, "c", rows)
			if err != nil {
				t.Fatal(err)
			}
			if name == "sqlite" {
				if !strings.Contains(plan, "SEARCH r USING") || strings.Contains(plan, "SCAN r") {
					t.Errorf("the jobs are not read by key:\n%s", plan)
				}
				return
			}
			read := hubRowsRead(t, plan)
			if read != jobs/every {
				t.Errorf("the plan reads %v rows of hub_rows for %d jobs:\n%s", read, jobs/every, plan)
			}
		})
	}
}

// TestTechnicianPullReadsTheirPageOnly: on the PostgreSQL hub, a
// technician's pull page reads the rows of its span in seq order and the
// job of each by its key, however many jobs the centre holds: no plan that
// reads the centre's jobs whole for every page (a hash of every readable
// job, built by a scan of the table, was planned for each of a first
// sync's pages).
func TestTechnicianPullReadsTheirPageOnly(t *testing.T) {
	ctx := context.Background()
	db := openPostgres(t).(*sqlstore.DB)
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	const jobs = 20000
	// Jobs, each with a visit, assigned to one of seven technicians.
	for _, q := range []string{
		`SELECT 'c', 'jobs', 'j' || i, 2 * i, 1, 0, '{}', '{}', '{}', 'desk', 'j' || i, '', 't', 'tech' || (i % 7) FROM n`,
		`SELECT 'c', 'visits', 'v' || i, 2 * i + 1, 1, 0, '{}', '{}', '{}', 'tech' || (i % 7), 'j' || i, '', 't', '' FROM n`,
	} {
		if err := db.Exec(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < `+fmt.Sprint(jobs)+`)
			INSERT INTO hub_rows (centre, tbl, id, seq, version, deleted, fields, field_seq, field_device, created_by, job_id, blob_sha, updated_at, assignee) `+q); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Exec(ctx, `ANALYZE hub_rows`); err != nil {
		t.Fatal(err)
	}
	const limit = 500
	q := hub.PullQuery{After: jobs, Before: jobs + 20000, Reader: "tech3", ReferenceTables: []string{"customers", "assets"}, Limit: limit}
	plan, err := db.ExplainPullQuery(ctx, "c", q)
	if err != nil {
		t.Fatal(err)
	}
	read := hubRowsRead(t, plan)
	// A seventh of the span's rows is tech3's: the page's 500 take about
	// 3,500 rows of the span and the job of each.
	if read > 2*7*limit*2 {
		t.Errorf("the plan reads %v rows of hub_rows for a page of %d:\n%s", read, limit, plan)
	}
	// What the page holds: tech3's rows only, in seq order.
	rows, _, err := db.PullScan(ctx, "c", q)
	if err != nil || len(rows) != limit {
		t.Fatalf("PullScan = %d rows, %v; want %d", len(rows), err, limit)
	}
	for i, r := range rows {
		var n int
		_, _ = fmt.Sscanf(r.ID[1:], "%d", &n)
		if n%7 != 3 || (i > 0 && r.Seq <= rows[i-1].Seq) {
			t.Fatalf("row %d of the page: %+v", i, r)
		}
	}
}

// hubRowsRead is how many rows of hub_rows a PostgreSQL plan (EXPLAIN
// (ANALYZE, FORMAT JSON)) read; reading them by other than an index fails t.
func hubRowsRead(t *testing.T, plan string) float64 {
	t.Helper()
	var explained []struct{ Plan planNode }
	if err := json.Unmarshal([]byte(plan), &explained); err != nil || len(explained) != 1 {
		t.Fatalf("plan %s: %v", plan, err)
	}
	read := 0.0
	explained[0].Plan.walk(func(n planNode) {
		if n.Relation != "hub_rows" {
			return
		}
		read += n.Rows * n.Loops
		if n.Type != "Index Scan" && n.Type != "Index Only Scan" {
			t.Errorf("hub_rows is read by a %s (%v rows in %v loops), not by an index", n.Type, n.Rows, n.Loops)
		}
	})
	return read
}

// planNode is a node of PostgreSQL's EXPLAIN (ANALYZE, FORMAT JSON).
type planNode struct {
	Type     string     `json:"Node Type"`
	Relation string     `json:"Relation Name"`
	Rows     float64    `json:"Actual Rows"`
	Loops    float64    `json:"Actual Loops"`
	Plans    []planNode `json:"Plans"`
}

func (n planNode) walk(fn func(planNode)) {
	fn(n)
	for _, c := range n.Plans {
		c.walk(fn)
	}
}

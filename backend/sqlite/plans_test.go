package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattn/go-sqlite3"

	"fieldbook/backend/demo"
	"fieldbook/backend/fieldbook"
)

// TestListQueryPlans runs every list, picker, search and count the app
// shows — with each of their filters — on a populated store, records each
// statement as SQLite receives it, and asks SQLite how it would run it. A
// table scan of jobs, customers, assets or visits fails: at 100k jobs and
// 70k customers it is the difference between a page in a millisecond and a
// page that never answers. (The store runs no ANALYZE, so a plan does not
// depend on how many rows the test store holds.)
func TestListQueryPlans(t *testing.T) {
	rec := recordStatements(t)
	d := openTest(t)
	ctx := context.Background()
	sets := demo.New(11).Sets(400, time.Date(2025, 1, 1, 0, 0, 0, 0, fieldbook.Zone("")))
	if err := d.LoadDemo(ctx, sets, 400); err != nil {
		t.Fatal(err)
	}
	if err := d.BuildSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	page, err := d.Customers(ctx, "", 0, 50)
	if err != nil || len(page.Rows) == 0 {
		t.Fatalf("customers: %v", err)
	}
	jobs, err := d.SearchJobs(ctx, "", 0, 50)
	if err != nil || len(jobs.Rows) == 0 {
		t.Fatalf("jobs: %v", err)
	}
	customerName := []rune(page.Rows[0].Name)
	if err := d.ImportCatalogue(ctx, []fieldbook.CatalogueItem{
		{Kind: fieldbook.KindPart, Code: "NC-DDR4-8G", Name: "内存条 DDR4 8G", Unit: "条", PriceFen: 19900, Active: true},
		{Kind: fieldbook.KindLabour, Code: "GS-01", Name: "上门检测", Unit: "小时", PriceFen: 8000, Active: true},
	}); err != nil {
		t.Fatal(err)
	}

	rec.start()
	calls := map[string]func() error{
		"customers, first page":         func() error { _, err := d.Customers(ctx, "", 0, 50); return err },
		"customers, a later page":       func() error { _, err := d.Customers(ctx, "", 100, 50); return err },
		"customers, 2-char search":      func() error { _, err := d.Customers(ctx, string(customerName[:2]), 0, 50); return err },
		"customer picker, phone digits": func() error { _, err := d.Customers(ctx, "138", 0, 20); return err },
		"customer page":                 func() error { _, err := d.Customer(ctx, page.Rows[0].ID); return err },
		"jobs, first page":              func() error { _, err := d.SearchJobs(ctx, "", 0, 50); return err },
		"follow-up queue":               func() error { _, err := d.FollowUps(ctx, time.Now(), 0, 50); return err },
		"jobs, a later page":            func() error { _, err := d.SearchJobs(ctx, "", 150, 50); return err },
		"jobs, search":                  func() error { _, err := d.SearchJobs(ctx, string(customerName[:2]), 0, 50); return err },
		"job page":                      func() error { _, err := d.Job(ctx, jobs.Rows[0].ID); return err },
		"jobs by status": func() error {
			_, err := d.Jobs(ctx, fieldbook.JobFilter{Status: fieldbook.JobInProgress}, 0, 50)
			return err
		},
		"jobs by status, a later page": func() error {
			_, err := d.Jobs(ctx, fieldbook.JobFilter{Status: fieldbook.JobFiled}, 50, 50)
			return err
		},
		"jobs by type":       func() error { _, err := d.Jobs(ctx, fieldbook.JobFilter{JobType: demo.JobTypes[1]}, 0, 50); return err },
		"jobs by technician": func() error { _, err := d.Jobs(ctx, fieldbook.JobFilter{Technician: "刘洋"}, 0, 50); return err },
		"jobs of a customer": func() error {
			_, err := d.Jobs(ctx, fieldbook.JobFilter{CustomerID: page.Rows[0].ID}, 0, 50)
			return err
		},
		"jobs by date range": func() error {
			_, err := d.Jobs(ctx, fieldbook.JobFilter{From: "2025-03-01", To: "2025-03-31"}, 0, 50)
			return err
		},
		"jobs by status and date range, by appointment": func() error {
			_, err := d.Jobs(ctx, fieldbook.JobFilter{Status: fieldbook.JobInProgress, From: "2025-03-01", To: "2025-12-31", Sort: fieldbook.JobsByAppointment}, 0, 50)
			return err
		},
		"jobs, search and type, oldest first": func() error {
			_, err := d.Jobs(ctx, fieldbook.JobFilter{Query: string(customerName[:2]), JobType: demo.JobTypes[0], Sort: fieldbook.JobsOldest}, 0, 50)
			return err
		},
		"catalogue picker":         func() error { _, err := d.PickCatalogue(ctx, fieldbook.KindPart, "", 20); return err },
		"catalogue picker, pinyin": func() error { _, err := d.PickCatalogue(ctx, fieldbook.KindPart, "nct", 20); return err },
		"catalogue list":           func() error { _, err := d.Catalogue(ctx, fieldbook.KindPart, "", 100, 50); return err },
		"catalogue list, search":   func() error { _, err := d.Catalogue(ctx, fieldbook.KindLabour, "检测", 0, 50); return err },
		"sync issues":              func() error { _, err := d.SyncIssues(ctx); return err },
		"service desk queue":       func() error { _, err := d.Undispatched(ctx, 200); return err },
		"appointments of a day": func() error {
			_, err := d.Appointments(ctx, "", time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC), 200)
			return err
		},
		"a technician's day": func() error {
			_, err := d.Appointments(ctx, "刘洋", time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC), 200)
			return err
		},
		"appointments board, a week": func() error {
			_, err := d.AppointmentBoard(ctx, "", "2025-03-03", 7)
			return err
		},
		"appointments board, a technician's day": func() error {
			_, err := d.AppointmentBoard(ctx, "刘洋", "2025-03-03", 1)
			return err
		},
		"the service desk's board, with each job's latest answer": func() error { _, err := d.DeskBoard(ctx); return err },
		"reminders of today and tomorrow":                         func() error { _, err := d.Reminders(ctx); return err },
		"job types and templates":                                 func() error { _, err := d.JobTypes(ctx); return err },
		"complaints":                                              func() error { _, err := d.Complaints(ctx, ComplaintFilter{}, 0, 50); return err },
		"complaints, a later page":                                func() error { _, err := d.Complaints(ctx, ComplaintFilter{}, 100, 50); return err },
		"complaints by state": func() error {
			_, err := d.Complaints(ctx, ComplaintFilter{State: fieldbook.ComplaintHandling}, 0, 50)
			return err
		},
		"complaints by kind": func() error { _, err := d.Complaints(ctx, ComplaintFilter{Kind: "quality"}, 0, 50); return err },
		"complaints not classified": func() error {
			_, err := d.Complaints(ctx, ComplaintFilter{Kind: ComplaintUnclassified}, 0, 50)
			return err
		},
		"complaints by state and kind": func() error {
			_, err := d.Complaints(ctx, ComplaintFilter{State: fieldbook.ComplaintClosed, Kind: "service"}, 50, 50)
			return err
		},
		"a job's complaints": func() error { _, err := d.JobComplaints(ctx, jobs.Rows[0].ID); return err },
		"desk statistics, a year": func() error {
			_, err := d.DeskStats(ctx, "2025-01", "2025-12", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
			return err
		},
	}
	for name, f := range map[string]InboxFilter{
		"":           {},
		"date range": {From: "2025-03-01", To: "2025-06-30"},
		"technician": {Technician: "刘洋"},
		"customer":   {Customer: string(customerName[:1])},
		"job type":   {JobType: demo.JobTypes[0]},
		"status":     {Status: fieldbook.JobFiled},
		"J":          {J: "yes"},
		"complete":   {Complete: "no"},
		"query":      {Query: "138"},
		"everything": {From: "2025-03-01", To: "2025-06-30", Technician: "刘洋", JobType: demo.JobTypes[0], Status: fieldbook.JobSubmitted, J: "no", Complete: "yes"},
	} {
		calls["inbox "+name] = func() error { _, err := d.Inbox(ctx, f, 0, 50); return err }
		calls["inbox "+name+", a later page"] = func() error { _, err := d.Inbox(ctx, f, 50, 50); return err }
		calls["statistics "+name] = func() error { _, err := d.JobFacts(ctx, f); return err }
		calls["statistics added up, "+name] = func() error {
			_, grouped, err := d.stats(ctx, f)
			if err == nil && !grouped {
				err = fmt.Errorf("counted from JobFacts, not added up by SQLite")
			}
			return err
		}
	}
	for name, call := range calls {
		rec.reset()
		if err := call(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		sts := rec.statements()
		if len(sts) == 0 {
			t.Fatalf("%s: no statement was recorded", name)
		}
		for _, st := range sts {
			for _, scan := range fullScans(t, d, st) {
				t.Errorf("%s: %s\n  in: %s", name, scan, oneLine(st.query))
			}
		}
	}
}

// fullScans asks SQLite for the plan of a statement and returns the steps
// that read a whole table of jobs, customers, assets or visits.
func fullScans(t *testing.T, d *DB, st statement) []string {
	t.Helper()
	q := strings.TrimSpace(st.query)
	if !strings.HasPrefix(strings.ToUpper(q), "SELECT") && !strings.HasPrefix(strings.ToUpper(q), "WITH") {
		return nil
	}
	aliases := map[string]string{}
	for _, m := range tableRef.FindAllStringSubmatch(q, -1) {
		aliases[m[2]] = m[2]
		if m[3] != "" && !sqlWord[strings.ToUpper(m[3])] {
			aliases[m[3]] = m[2]
		}
	}
	rows, err := d.rdb.Query("EXPLAIN QUERY PLAN "+q, st.args...)
	if err != nil {
		t.Fatalf("EXPLAIN QUERY PLAN %s: %v", oneLine(q), err)
	}
	defer rows.Close()
	// A walk of a whole index in its order is as slow as a table scan
	// unless a LIMIT stops it early: it may stand only in a statement with a
	// LIMIT whose order the walk itself gives (no temporary B-tree sorting
	// what it read).
	bounded := limitClause.MatchString(q)
	var scans []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		if testing.Verbose() {
			t.Logf("%s | %s", detail, oneLine(q)[:min(len(oneLine(q)), 140)])
		}
		if strings.HasPrefix(detail, "USE TEMP B-TREE") {
			bounded = false
		}
		f := strings.Fields(detail)
		if len(f) < 2 || (f[0] != "SCAN" && f[0] != "SEARCH") {
			continue
		}
		table, ok := aliases[f[1]]
		if !ok || !bigTables[table] {
			continue
		}
		switch {
		case f[0] == "SCAN" && len(f) == 2:
			scans = append(scans, fmt.Sprintf("reads every row of %s (%s)", table, detail))
		case f[0] == "SCAN":
			scans = append(scans, fmt.Sprintf("walks a whole index of %s with nothing to stop it (%s)", table, detail))
		case coarse(detail):
			scans = append(scans, fmt.Sprintf("walks a large part of an index of %s with nothing to stop it (%s)", table, detail))
		}
	}
	var out []string
	for _, s := range scans {
		if strings.HasPrefix(s, "reads") || !bounded {
			out = append(out, s)
		}
	}
	return out
}

// coarse reports whether a SEARCH step's index constraints name only
// columns of a few values (deleted, status, job type…): at 100k jobs such a
// search reads tens of thousands of entries.
func coarse(detail string) bool {
	m := searchTerms.FindStringSubmatch(detail)
	if m == nil {
		return false
	}
	for _, term := range strings.Split(m[1], " AND ") {
		col, _, _ := strings.Cut(strings.TrimSpace(term), "=")
		if !fewValues[strings.TrimRight(col, "<>")] {
			return false
		}
	}
	return true
}

var (
	searchTerms = regexp.MustCompile(`USING (?:COVERING )?INDEX \S+ \((.*)\)$`)
	fewValues   = map[string]bool{"deleted": true, "status": true, "job_type": true, "kind": true, "signed": true, "j_marked": true, "complete": true, "state": true}
	bigTables   = map[string]bool{"jobs": true, "customers": true, "assets": true, "visits": true, "job_checks": true, "catalogue_items": true, "complaints": true}
	tableRef    = regexp.MustCompile(`(?i)\b(FROM|JOIN)\s+(jobs|customers|assets|visits|job_checks|catalogue_items|complaints)\b(?:\s+(?:AS\s+)?([a-z_][a-z0-9_]*))?`)
	limitClause = regexp.MustCompile(`(?i)\bLIMIT\b`)
	sqlWord     = map[string]bool{"WHERE": true, "JOIN": true, "LEFT": true, "ON": true, "ORDER": true, "GROUP": true, "LIMIT": true, "INNER": true, "CROSS": true, "USING": true}
)

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// statement is one statement as the driver received it.
type statement struct {
	query string
	args  []any
}

// recorder keeps the statements of every connection of the store while on.
type recorder struct {
	mu   sync.Mutex
	on   bool
	list []statement
}

func (r *recorder) start() { r.mu.Lock(); r.on = true; r.mu.Unlock() }
func (r *recorder) reset() { r.mu.Lock(); r.list = nil; r.mu.Unlock() }
func (r *recorder) statements() []statement {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]statement(nil), r.list...)
}
func (r *recorder) add(q string, args []driver.NamedValue) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.on {
		return
	}
	st := statement{query: q}
	for _, a := range args {
		st.args = append(st.args, a.Value)
	}
	r.list = append(r.list, st)
}

var (
	recorders   = map[string]*recorder{}
	recordersMu sync.Mutex
)

// recordStatements makes the stores the test opens record their statements.
func recordStatements(t *testing.T) *recorder {
	recordersMu.Lock()
	defer recordersMu.Unlock()
	name := fmt.Sprintf("sqlite3_fieldbook_recorded_%d", len(recorders))
	rec := &recorder{}
	recorders[name] = rec
	sql.Register(name, recordingDriver{rec: rec, inner: &sqlite3.SQLiteDriver{ConnectHook: connectHook}})
	old := driverName
	driverName = name
	t.Cleanup(func() { driverName = old })
	return rec
}

type recordingDriver struct {
	rec   *recorder
	inner *sqlite3.SQLiteDriver
}

func (d recordingDriver) Open(dsn string) (driver.Conn, error) {
	c, err := d.inner.Open(dsn)
	if err != nil {
		return nil, err
	}
	return &recordingConn{SQLiteConn: c.(*sqlite3.SQLiteConn), rec: d.rec}, nil
}

// recordingConn is a go-sqlite3 connection that records what it is asked.
type recordingConn struct {
	*sqlite3.SQLiteConn
	rec *recorder
}

func (c *recordingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	c.rec.add(q, args)
	return c.SQLiteConn.QueryContext(ctx, q, args)
}

func (c *recordingConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	s, err := c.SQLiteConn.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	return &recordingStmt{SQLiteStmt: s.(*sqlite3.SQLiteStmt), q: q, rec: c.rec}, nil
}

type recordingStmt struct {
	*sqlite3.SQLiteStmt
	q   string
	rec *recorder
}

func (s *recordingStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	s.rec.add(s.q, args)
	return s.SQLiteStmt.QueryContext(ctx, args)
}

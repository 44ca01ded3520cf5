package synctest

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"fieldbook/backend/demo"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/hub"
	"fieldbook/backend/hub/sqlstore"
	"fieldbook/backend/sqlite"
	"fieldbook/backend/syncer"
)

// Sizes of the benchmark data. FIELDBOOK_BENCH_BIG_ROWS overrides the size
// of the big hub (the name of the figures says the size used).
const (
	benchBigRows = 1_000_000 // rows on the hub for the no-op sync
	benchEdits   = 10_000
)

// benchVisits is the initial sync: 100k visits with their jobs, customers
// and assets (FIELDBOOK_BENCH_VISITS overrides it, for profiling).
var benchVisits = envInt("FIELDBOOK_BENCH_VISITS", 100_000)

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

var benchFrom = time.Date(2025, 11, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))

// hubLoader writes generated rows straight through the hub's Store API
// (Store.Write and the store's PutRows, which writes rows as PutRow — the
// path a push takes after its merge — several to an INSERT; without HTTP
// and without the per-field merge), 5000 rows a transaction. It is the
// fastest honest way to give a hub a million rows: pushing them through an
// engine would take many minutes.
type hubLoader struct {
	tb        testing.TB
	store     hub.Store
	pending   []*hub.Row
	rows      int
	visits    int
	customers []string
	assets    []string
	jobNo     int
}

func (l *hubLoader) add(table, id, jobID string, fields map[string]any) {
	f := make(map[string]json.RawMessage, len(fields))
	for k, v := range fields {
		b, err := json.Marshal(v)
		if err != nil {
			l.tb.Fatal(err)
		}
		f[k] = b
	}
	l.pending = append(l.pending, &hub.Row{Centre: centre, Table: table, ID: id, Version: 1, Fields: f,
		FieldSeq: map[string]int64{}, FieldDevice: map[string]string{}, CreatedBy: techA, JobID: jobID, UpdatedAt: time.Now().UTC()})
	if len(l.pending) >= 5000 {
		l.flush()
	}
}

func (l *hubLoader) flush() {
	if len(l.pending) == 0 {
		return
	}
	err := l.store.Write(context.Background(), centre, time.Now().UTC(), func(tx hub.WriteTx) error {
		for _, r := range l.pending {
			r.Seq = tx.NextSeq()
			for k := range r.Fields {
				r.FieldSeq[k], r.FieldDevice[k] = r.Seq, "bench-loader"
			}
		}
		if bulk, ok := tx.(interface {
			PutRows(context.Context, []*hub.Row) error
		}); ok {
			return bulk.PutRows(context.Background(), l.pending)
		}
		for _, r := range l.pending {
			if err := tx.PutRow(context.Background(), r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		l.tb.Fatal(err)
	}
	l.rows += len(l.pending)
	l.pending = l.pending[:0]
}

// sets adds generated jobs: each with its visit (about 1 KB of content),
// and the customers and assets they bring.
func (l *hubLoader) sets(sets []demo.Set) {
	for _, s := range sets {
		now := benchFrom.UTC().Format(time.RFC3339Nano)
		if s.NewCustomer {
			id := newID()
			l.customers = append(l.customers, id)
			c := s.Customer
			l.add("customers", id, "", map[string]any{"name": c.Name, "company": c.Company, "phones": nonNil(c.Phones),
				"addresses": nonNil(c.Addresses), "note": c.Note, "created_at": now})
		}
		var assetID any
		if s.AssetSeq >= 0 {
			if s.NewAsset {
				id := newID()
				l.assets = append(l.assets, id)
				a := s.Asset
				l.add("assets", id, "", map[string]any{"customer_id": l.customers[s.CustomerSeq], "kind": a.Kind, "model": a.Model,
					"serial": a.Serial, "plate": a.Plate, "purchase_date": a.PurchaseDate, "warranty_months": a.WarrantyMonths,
					"equipment_class": a.EquipmentClass, "created_at": now})
			}
			assetID = l.assets[s.AssetSeq]
		}
		l.jobNo++
		jobID, visitID := newID(), newID()
		j := s.Job
		var appointment any
		if j.Appointment != nil {
			appointment = j.Appointment.UTC().Format(time.RFC3339Nano)
		}
		l.add("jobs", jobID, jobID, map[string]any{"number": fmt.Sprintf("BNCH-%08d", l.jobNo), "job_type": j.JobType,
			"customer_id": l.customers[s.CustomerSeq], "asset_id": assetID, "assigned_to": techA, "appointment": appointment,
			"status": j.Status, "summary": j.Summary, "created_at": now})
		v := s.Visit
		v.Meta, v.JobID, v.Revision, v.Supersedes, v.Status = fieldbook.Meta{}, "", 0, "", ""
		v.RegistrationNo = fmt.Sprintf("BNCH-%08d-1", l.jobNo)
		l.add("visits", visitID, jobID, map[string]any{"job_id": jobID, "revision": 1, "supersedes": nil, "status": s.Visit.Status,
			"content": v, "signed": 0, "created_at": now})
		l.visits++
	}
	l.flush()
}

// newID makes ids as the app does (UUIDv7: time-ordered).
func newID() string { return uuid.Must(uuid.NewV7()).String() }

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// settle brings a freshly loaded hub (and laptop) to where a running one is
// a minute later: the loader's writes are on disk (not written back while
// the sync is timed), and PostgreSQL's autovacuum has vacuumed and analysed the
// table that took the inserts. (Without statistics, its planner sorted the
// centre's rows for every page; a vacuum it starts would run during the
// sync.)
func settle(tb testing.TB, h *hubProc) {
	defer syncDisks()
	if !sqlstore.IsPostgres(h.dsn) {
		return
	}
	db, err := sql.Open("pgx", h.dsn)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	// The cluster's dirty buffers, this hub's and an earlier part's (a
	// hub of 1M rows), are written out now rather than by a checkpoint in
	// the middle of the next figure (one first sync took 29 s instead of
	// 11 that way).
	for _, q := range []string{`VACUUM (ANALYZE) hub_rows`, `CHECKPOINT`} {
		if _, err := db.Exec(q); err != nil {
			tb.Fatal(err)
		}
	}
}

// benchDevice is a desktop enrolled with h as user, with a counting transport.
func benchDevice(b *testing.B, h *hubProc, user string) (*sqlite.DB, *syncer.Engine, *transport) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	tr := newTransport(user)
	tr.route = func() *hubProc { return h }
	eng := syncer.New(db, &http.Client{Transport: tr}) // compression on, as the app
	code, _, err := h.svc.NewEnrolCode(ctx, user)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := eng.Enrol(ctx, h.URL(), code, user+"的笔记本", false); err != nil {
		b.Fatal(err)
	}
	return db, eng, tr
}

func benchHub(b *testing.B, be backend) *hubProc {
	h := newHubProc(b, be.dsn(b))
	for _, u := range []struct{ name, role string }{{techA, hub.RoleTechnician}, {techB, hub.RoleTechnician}, {clerk, hub.RoleClerk}} {
		if err := h.svc.AddUser(context.Background(), u.name, u.role, centre); err != nil {
			b.Fatal(err)
		}
	}
	return h
}

// BenchmarkSync prints, for the SQLite and the PostgreSQL hub, the initial
// sync of 100k visits, the raw SQLite insert of the same data (the limit),
// a no-op sync against a hub of 1M rows and a push of 10k edits.
func BenchmarkSync(b *testing.B) {
	only := os.Getenv("FIELDBOOK_BENCH_ONLY") // initial | noop | push | slow | photos | raw: one part, for profiling
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			for b.Loop() {
				if only == "" || only == "initial" {
					benchInitialSync(b, be)
				}
				if only == "" || only == "noop" {
					benchNoopSync(b, be)
				}
				if only == "" || only == "push" {
					benchPush(b, be)
				}
				if only == "" || only == "slow" {
					benchSlowNetwork(b, be)
				}
				if only == "" || only == "photos" {
					benchSlowPhotos(b, be)
				}
			}
		})
	}
	b.Run("raw_sqlite", func(b *testing.B) {
		for b.Loop() {
			if only != "" && only != "raw" {
				continue
			}
			benchRawInsert(b)
		}
	})
}

// benchRounds is how many times a timed figure is measured: the machine's
// speed drifts by a third from minute to minute, so one sample is luck;
// the median of three, with the three beside it, is the figure.
var benchRounds = envInt("FIELDBOOK_BENCH_ROUNDS", 3)

// quiesce brings the machine to where a timed part starts: the writes of
// the part before it on disk (not written back during the next), the
// garbage it left collected.
func quiesce() {
	syncDisks()
	runtime.GC()
}

// median is the middle of xs (the lower middle of an even count).
func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	return s[(len(s)-1)/2]
}

// samples writes xs as "a, b, c" with format f.
func samples(f string, xs []float64) string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = fmt.Sprintf(f, x)
	}
	return strings.Join(out, ", ")
}

func benchInitialSync(b *testing.B, be backend) {
	ctx := context.Background()
	h := benchHub(b, be)
	l := &hubLoader{tb: b, store: h.store}
	t0 := time.Now()
	l.sets(demo.New(42).Sets(benchVisits, benchFrom))
	settle(b, h)
	fmt.Printf("bench: hub_load_100k_visits_%s %.1f s (%d rows through Store.Write/PutRows)\n", be.name, time.Since(t0).Seconds(), l.rows)
	// Each round a new laptop's first sync, then, once its indexes are
	// built, the bare insert of the rows it holds: the two of a round
	// meet the same machine. Each starts with the disks written back and
	// the heap collected, as the first round does, and no laptop but its
	// own open.
	var rates, secs, cpus, indexing, bares, ratios []float64
	for round := range benchRounds {
		device, eng, tr := benchDevice(b, h, techA)
		quiesce()
		tr.resetCounts()
		t0, cpu0 := time.Now(), processCPU()
		rep, err := eng.Sync(ctx, nil)
		el, cpu := time.Since(t0), processCPU()-cpu0
		if err != nil || rep.Pulled != l.rows {
			b.Fatalf("initial sync = %+v, %v; want %d rows", rep, err, l.rows)
		}
		if round == 0 {
			reqs, wire := tr.counts()
			fmt.Printf("bench: wire_bytes_per_row_initial_sync_%s %.0f bytes/row (%d bytes in %d requests, headers included; zstd)\n",
				be.name, float64(wire)/float64(rep.Pulled), wire, reqs)
		}
		// The search index is built in the background after the sync:
		// its time, and the bare insert after it (not beside it).
		waitIndexed(b, device)
		indexing = append(indexing, time.Since(t0).Seconds()-el.Seconds())
		bare := bareInsert(b, device)
		device.Close()
		rate := float64(rep.Pulled) / el.Seconds()
		rates, secs, cpus = append(rates, rate), append(secs, el.Seconds()), append(cpus, cpu)
		bares, ratios = append(bares, bare), append(ratios, rate/bare)
	}
	fmt.Printf("bench: initial_sync_100k_rows_per_s_%s %.0f rows/s (median of %d first syncs of %d rows: %d visits with their jobs, customers, assets; rows/s %s; s %s; s CPU of hub and laptop %s)\n",
		be.name, median(rates), len(rates), l.rows, l.visits, samples("%.0f", rates), samples("%.1f", secs), samples("%.1f", cpus))
	fmt.Printf("bench: indexes_after_initial_sync_s_%s %.1f s (median; the lists' indexes, then the search index, built in the background after the sync: %s)\n",
		be.name, median(indexing), samples("%.1f", indexing))
	fmt.Printf("bench: bare_insert_100k_rows_per_s_%s %.0f rows/s (median; the %d rows the sync wrote, into tables without constraints, indexes or triggers, after each sync: %s)\n",
		be.name, median(bares), l.rows, samples("%.0f", bares))
	fmt.Printf("bench: initial_sync_vs_bare_insert_%s %.2f (median of each round's sync rows/s over its bare insert's: %s; hub, HTTP and decoding included)\n",
		be.name, median(ratios), samples("%.2f", ratios))
}

func benchRawInsert(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	sets := demo.New(42).Sets(benchVisits, benchFrom)
	t0 := time.Now()
	if err := db.LoadDemo(ctx, sets, 5000); err != nil {
		b.Fatal(err)
	}
	el := time.Since(t0)
	rows := 0
	for _, s := range sets {
		rows += 2 // job, visit
		if s.NewCustomer {
			rows++
		}
		if s.NewAsset {
			rows++
		}
		if s.Visit.Status == fieldbook.VisitFinished {
			rows += 2 // LoadDemo signs finished visits twice
		}
	}
	fmt.Printf("bench: raw_sqlite_insert_100k_rows_per_s %.0f rows/s (%d rows by sqlite.LoadDemo, outbox triggers and search index included; %.1f s)\n",
		float64(rows)/el.Seconds(), rows, el.Seconds())
}

func benchNoopSync(b *testing.B, be backend) {
	ctx := context.Background()
	size := envInt("FIELDBOOK_BENCH_BIG_ROWS", benchBigRows)
	label := fmt.Sprintf("%dk", size/1000)
	if size%1_000_000 == 0 {
		label = fmt.Sprintf("%dm", size/1_000_000)
	}
	h := benchHub(b, be)
	l := &hubLoader{tb: b, store: h.store}
	g := demo.New(7)
	t0 := time.Now()
	for l.rows < size {
		l.sets(g.Sets(min(20_000, max(1, (size-l.rows)/3)), benchFrom))
	}
	settle(b, h)
	fmt.Printf("bench: hub_load_%s_rows_%s %.1f s\n", label, be.name, time.Since(t0).Seconds())
	// 王芳 owns none of the jobs: her laptop is brought up to date (it
	// gets the centre's customers and assets, and passes over the rest).
	device, eng, tr := benchDevice(b, h, techB)
	if _, err := eng.Sync(ctx, nil); err != nil {
		b.Fatal(err)
	}
	// The laptop as it is once its first sync is over: the search index
	// of what it pulled built (in the background, holding the writer a
	// chunk at a time — a sync meanwhile waits for it).
	waitIndexed(b, device)
	const runs = 20
	var total time.Duration
	var reqs int
	var bytes int64
	for range runs {
		tr.resetCounts()
		t0 := time.Now()
		rep, err := eng.Sync(ctx, nil)
		total += time.Since(t0)
		if err != nil || rep.Pushed != 0 || rep.Pulled != 0 {
			b.Fatalf("no-op sync = %+v, %v", rep, err)
		}
		n, by := tr.counts()
		reqs, bytes = n, by
	}
	fmt.Printf("bench: noop_sync_%s_ms_%s %.2f ms (mean of %d; hub holds %d rows)\n", label, be.name, float64(total.Microseconds())/1000/runs, runs, l.rows)
	fmt.Printf("bench: noop_sync_%s_bytes_%s %d bytes (requests and answers, headers included)\n", label, be.name, bytes)
	fmt.Printf("bench: noop_sync_%s_requests_%s %d requests\n", label, be.name, reqs)
}

func benchPush(b *testing.B, be backend) {
	var first, firstCPU, push, pushCPU []float64
	var pushed, pulled int
	for range benchRounds {
		r := pushRound(b, be)
		first, firstCPU = append(first, r.first), append(firstCPU, r.firstCPU)
		push, pushCPU = append(push, r.push), append(pushCPU, r.pushCPU)
		pushed, pulled = r.pushed, r.pulled
	}
	fmt.Printf("bench: first_sync_10k_jobs_s_%s %.1f s (median of %d: a laptop's %d rows pushed in batches of up to 1000, and pulled back; s %s; s CPU of hub and laptop %s)\n",
		be.name, median(first), len(first), pushed, samples("%.1f", first), samples("%.1f", firstCPU))
	fmt.Printf("bench: push_10k_edits_s_%s %.2f s (median of %d: %d edits in batches of up to 1000, the sync's pull of the %d changed rows included; s %s; s CPU of hub and laptop %s)\n",
		be.name, median(push), len(push), benchEdits, pulled, samples("%.2f", push), samples("%.1f", pushCPU))
}

// pushed is one round of benchPush: a laptop's first sync of its 10k
// jobs, then a sync of 10k edits, in seconds of time and of CPU.
type pushed struct {
	first, firstCPU, push, pushCPU float64
	pushed, pulled                 int
}

func pushRound(b *testing.B, be backend) pushed {
	ctx := context.Background()
	h := benchHub(b, be)
	db, eng, _ := benchDevice(b, h, techA)
	if err := db.LoadDemo(ctx, demo.New(3).Sets(benchEdits, benchFrom), 5000); err != nil {
		b.Fatal(err)
	}
	// The demo keeps its rows off the outbox: here they are the laptop's
	// own work, queued as its inserts would have queued them (parents first).
	for _, t := range []string{"customers", "assets", "jobs", "visits", "signatures"} {
		if err := execFile(ctx, db, `INSERT INTO outbox (tbl, row_id, changed) SELECT ?, id, '[]' FROM `+t+` ORDER BY rowid`, t); err != nil {
			b.Fatal(err)
		}
	}
	// The demo's history has filed and returned jobs, which only a clerk
	// makes: on this technician's laptop they are the technician's, done.
	if err := execFile(ctx, db, `UPDATE jobs SET status = 'completed' WHERE status IN ('filed', 'returned')`); err != nil {
		b.Fatal(err)
	}
	settle(b, h)
	t0, cpu0 := time.Now(), processCPU()
	first, err := eng.Sync(ctx, nil)
	if err != nil || first.Rejected+first.Conflicts != 0 {
		b.Fatalf("first sync = %+v, %v", first, err)
	}
	out := pushed{first: time.Since(t0).Seconds(), firstCPU: processCPU() - cpu0, pushed: first.Pushed}
	// 10k edits: every job's summary changes, in one statement.
	if err := execFile(ctx, db, `UPDATE jobs SET summary = summary || '（复核）', version = version + 1
		WHERE id IN (SELECT id FROM jobs ORDER BY seq LIMIT ?)`, benchEdits); err != nil {
		b.Fatal(err)
	}
	if p, _ := db.PendingChanges(ctx, benchEdits+1); len(p) != benchEdits {
		b.Fatalf("pending changes = %d, want %d", len(p), benchEdits)
	}
	t0, cpu0 = time.Now(), processCPU()
	rep, err := eng.Sync(ctx, nil)
	el := time.Since(t0)
	if err != nil || rep.Pushed != benchEdits || rep.Conflicts+rep.Rejected != 0 {
		b.Fatalf("push = %+v, %v", rep, err)
	}
	out.push, out.pushCPU, out.pulled = el.Seconds(), processCPU()-cpu0, rep.Pulled
	return out
}

// execFile runs a statement on the store's file (as the app's saves would,
// the outbox triggers record the changes).
func execFile(ctx context.Context, db *sqlite.DB, query string, args ...any) error {
	raw, err := sql.Open("sqlite3", "file:"+db.Path()+"?_busy_timeout=5000")
	if err != nil {
		return err
	}
	defer raw.Close()
	_, err = raw.ExecContext(ctx, query, args...)
	return err
}

// readOnly is a read-only connection to the laptop's file.
func readOnly(b *testing.B, db *sqlite.DB) *sql.DB {
	ro, err := sql.Open("sqlite3", "file:"+db.Path()+"?mode=ro&_query_only=1")
	if err != nil {
		b.Fatal(err)
	}
	return ro
}

// bareInsert is the limit of the initial sync: the rows the device holds
// after it, read back beforehand, inserted with prepared statements into
// tables of the same columns without constraints, indexes or triggers,
// 5000 rows a transaction, synchronous=NORMAL as a pulled page is committed.
// It returns rows per second.
func bareInsert(b *testing.B, device *sqlite.DB) float64 {
	ctx := context.Background()
	src := readOnly(b, device)
	defer src.Close()
	type table struct {
		name string
		cols []string
		rows [][]any
	}
	var tables []table
	for _, name := range []string{"customers", "assets", "jobs", "visits", "checklists", "signatures", "documents", "attachments", "job_events"} {
		t := table{name: name}
		rs, err := src.QueryContext(ctx, `SELECT * FROM `+name)
		if err != nil {
			continue // a table this schema does not have
		}
		if t.cols, err = rs.Columns(); err != nil {
			b.Fatal(err)
		}
		for rs.Next() {
			vals := make([]any, len(t.cols))
			ptrs := make([]any, len(t.cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				b.Fatal(err)
			}
			t.rows = append(t.rows, vals)
		}
		rs.Close()
		tables = append(tables, t)
	}
	dst, err := sql.Open("sqlite3", "file:"+filepath.Join(b.TempDir(), "bare.db")+"?_journal_mode=WAL&_synchronous=NORMAL")
	if err != nil {
		b.Fatal(err)
	}
	defer dst.Close()
	dst.SetMaxOpenConns(1)
	for _, t := range tables {
		if _, err := dst.ExecContext(ctx, `CREATE TABLE `+t.name+` (`+strings.Join(t.cols, ", ")+`)`); err != nil {
			b.Fatal(err)
		}
	}
	n := 0
	quiesce()
	t0 := time.Now()
	for _, t := range tables {
		q := `INSERT INTO ` + t.name + ` VALUES (` + strings.TrimSuffix(strings.Repeat("?, ", len(t.cols)), ", ") + `)`
		for start := 0; start < len(t.rows); start += 5000 {
			tx, err := dst.BeginTx(ctx, nil)
			if err != nil {
				b.Fatal(err)
			}
			st, err := tx.PrepareContext(ctx, q)
			if err != nil {
				b.Fatal(err)
			}
			for _, r := range t.rows[start:min(start+5000, len(t.rows))] {
				if _, err := st.ExecContext(ctx, r...); err != nil {
					b.Fatal(err)
				}
				n++
			}
			st.Close()
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		}
	}
	return float64(n) / time.Since(t0).Seconds()
}

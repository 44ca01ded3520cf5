package synctest

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/hub"
	"fieldbook/backend/hub/storetest"
	"fieldbook/backend/protocol"
	"fieldbook/backend/schema"
	"fieldbook/backend/sqlite"
	"fieldbook/backend/syncer"
)

// The people of the simulated service centre.
const (
	centre = "华东服务中心"
	techA  = "张伟" // two laptops
	techB  = "王芳"
	clerk  = "李娜"
	desk   = "赵敏" // the service desk (客服): dispatches jobs
)

// device is one desktop: its own SQLite store, sync engine and transport.
type device struct {
	name string
	user hub.User
	db   *sqlite.DB
	eng  *syncer.Engine
	ro   *sql.DB // a read-only connection to the same file, for checks
	tr   *transport
	http *http.Client
	id   string // hub device id
}

type rowKey struct{ table, id string }

// snapshot is every synced row of a store: columns as canonical JSON.
type snapshot map[rowKey]map[string]string

type ackKey struct {
	dev string
	row rowKey
	col string
}

// ack is the last value a device's store call wrote into a column and
// reported as saved.
type ack struct {
	val   string
	event int
	op    string
}

type pushEvent struct {
	dev   string
	event int
	req   protocol.PushRequest
	resp  protocol.PushResponse
}

// stats are totals over a run, for the log.
type stats struct {
	ops, refused, syncs, syncErrors, conflicts, rejections, restarts, filings, clerkActions int
	faults                                                                                  map[fault]int
	divergentRejected                                                                       int
	complaints, closedComplaints                                                            int // on the hub at the end
	// The service desk's side: technicians' answers recorded, jobs the
	// desk gave from one technician to another, and conflicts of two
	// people dispatching or rescheduling one job (jobs.assigned_to,
	// jobs.appointment).
	answers, reassigned, dispatchConflicts int
}

func (s *stats) add(o stats) {
	s.ops += o.ops
	s.refused += o.refused
	s.syncs += o.syncs
	s.syncErrors += o.syncErrors
	s.conflicts += o.conflicts
	s.rejections += o.rejections
	s.restarts += o.restarts
	s.filings += o.filings
	s.clerkActions += o.clerkActions
	s.divergentRejected += o.divergentRejected
	s.complaints += o.complaints
	s.closedComplaints += o.closedComplaints
	s.answers += o.answers
	s.reassigned += o.reassigned
	s.dispatchConflicts += o.dispatchConflicts
	if s.faults == nil {
		s.faults = map[fault]int{}
	}
	for k, v := range o.faults {
		s.faults[k] += v
	}
}

func (s stats) String() string {
	var fs []string
	for f := fLoseRequest; f <= fCut; f++ {
		fs = append(fs, fmt.Sprintf("%s=%d", f, s.faults[f]))
	}
	return fmt.Sprintf("ops=%d (refused by the store %d) syncs=%d (failed %d) hub-restarts=%d filings=%d clerk-actions=%d conflicts=%d (dispatch %d) rejections=%d replica-rows-kept-apart-by-an-issue=%d complaints=%d (closed %d) answers=%d reassigned=%d faults: %s",
		s.ops, s.refused, s.syncs, s.syncErrors, s.restarts, s.filings, s.clerkActions, s.conflicts, s.dispatchConflicts, s.rejections, s.divergentRejected,
		s.complaints, s.closedComplaints, s.answers, s.reassigned, strings.Join(fs, " "))
}

// options shape one simulated run.
type options struct {
	ops        int                      // random steps before the final sync
	faultRate  float64                  // share of requests that get a fault in a faulty sync
	shift      map[string]time.Duration // device clock offsets by device name
	twoHubs    bool                     // a second hub process on the same database
	concurrent bool                     // bursts of devices syncing at the same time
	// ownVisits keeps each visit's drafting, signing and amending on the
	// device that started it: it steers clear of the known bug of two
	// devices signing one visit (see TestTwoDevicesSignOneVisit), so the
	// run can look for others.
	ownVisits bool
	// noFiling keeps the clerk's filing station from acting (the clerk's
	// device still syncs): a restore drill's clerk actions after the
	// backup would be lost with it, and there is no device to send them
	// again (docs/hub-operations.md).
	noFiling bool
	// serialBlobs has each device send and fetch one blob at a time:
	// several at once reach the transport in an order of the scheduler's,
	// which would draw the faults of a run that must be repeated exactly
	// (TestDeviceClockChangesNothing) in another order.
	serialBlobs bool
}

// world is one run: hubs, devices, and the record of what each device
// was told was saved and what the hub answered.
type world struct {
	tb    testing.TB
	ctx   context.Context
	seed  uint64
	opts  options
	rng   *rand.Rand
	hubs  []*hubProc
	devs  []*device
	filer hub.Principal

	mu        sync.Mutex
	event     int
	pushes    []pushEvent
	seenBatch map[string]bool
	acks      map[ackKey]ack
	names     map[string]string // id → logical name, in order of creation
	creator   map[string]string // id → device that created the row
	count     map[string]int
	trace     []string
	syncErrs  []string
	st        stats
	failures  []string
}

func (w *world) failf(format string, args ...any) {
	w.failures = append(w.failures, fmt.Sprintf(format, args...))
}

func (w *world) logf(format string, args ...any) {
	w.trace = append(w.trace, fmt.Sprintf("%4d ", len(w.trace))+fmt.Sprintf(format, args...))
}

func newWorld(tb testing.TB, b backend, seed uint64, opts options) *world {
	tb.Helper()
	ctx := context.Background()
	w := &world{tb: tb, ctx: ctx, seed: seed, opts: opts, rng: rand.New(rand.NewPCG(seed, 0xf1e1db00c)),
		seenBatch: map[string]bool{}, acks: map[ackKey]ack{}, names: map[string]string{}, creator: map[string]string{}, count: map[string]int{}}
	w.st.faults = map[fault]int{}
	dsn := b.dsn(tb)
	w.hubs = append(w.hubs, newHubProc(tb, dsn))
	if opts.twoHubs {
		w.hubs = append(w.hubs, newHubProc(tb, dsn))
	}
	svc := w.hubs[0].svc
	for _, u := range []struct{ name, role string }{{techA, hub.RoleTechnician}, {techB, hub.RoleTechnician}, {clerk, hub.RoleClerk}, {desk, hub.RoleDesk}} {
		if err := svc.AddUser(ctx, u.name, u.role, centre); err != nil {
			tb.Fatal(err)
		}
	}
	for _, d := range []struct{ name, user string }{{"A1", techA}, {"A2", techA}, {"B", techB}, {"C", clerk}, {"D", desk}} {
		w.devs = append(w.devs, w.newDevice(d.name, d.user))
	}
	// The clerk's filing station: filings go straight to hub.Service.Push
	// (the desktop has no filing screen yet and its jobs table no filing
	// columns, so they cannot go through an engine).
	code, _, err := svc.NewEnrolCode(ctx, clerk)
	if err != nil {
		tb.Fatal(err)
	}
	er, err := svc.Enrol(ctx, protocol.EnrolRequest{Code: code, DeviceName: "档案室电脑"})
	if err != nil {
		tb.Fatal(err)
	}
	if w.filer, err = svc.Authenticate(ctx, er.Token); err != nil {
		tb.Fatal(err)
	}
	return w
}

func (w *world) newDevice(name, user string) *device {
	tb, ctx := w.tb, w.ctx
	dir := tb.TempDir()
	db, err := sqlite.Open(ctx, dir)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if off := w.opts.shift[name]; off != 0 {
		db.Now = func() time.Time { return time.Now().Add(off) }
	}
	ro, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, sqlite.DBFile)+"?_busy_timeout=5000&_query_only=1")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ro.Close() })
	d := &device{name: name, db: db, ro: ro, tr: newTransport(name)}
	d.tr.route = func() *hubProc { return w.hubs[0] }
	d.tr.observe = w.observe
	d.tr.onRestart = w.restartHub
	d.tr.cutAt = func(n int) int { return w.rng.IntN(n) }
	d.http = &http.Client{Transport: d.tr, Timeout: 60 * time.Second}
	d.eng = newEngine(db, d.http)
	if w.opts.serialBlobs {
		d.eng.SetBlobWorkers(1)
	}
	code, _, err := w.hubs[0].svc.NewEnrolCode(ctx, user)
	if err != nil {
		tb.Fatal(err)
	}
	a, err := d.eng.Enrol(ctx, w.hubs[0].URL(), code, name, false)
	if err != nil {
		tb.Fatal(err)
	}
	d.user = hub.User{Name: a.User.Name, Role: a.User.Role, Centre: a.User.Centre}
	d.id = a.DeviceID
	return d
}

// restartHub restarts a killed hub and drops every device's idle
// connections to it, as a real restart would.
func (w *world) restartHub(h *hubProc) error {
	w.mu.Lock()
	w.st.restarts++
	w.mu.Unlock()
	if err := h.restart(); err != nil {
		return err
	}
	for _, d := range w.devs {
		d.tr.base.CloseIdleConnections()
	}
	return nil
}

// observe records every push the hub answered with 200, once per batch.
func (w *world) observe(dev string, ex exchange) {
	if ex.path != "/v1/push" || ex.status != http.StatusOK {
		return
	}
	var req protocol.PushRequest
	var resp protocol.PushResponse
	if json.Unmarshal(ex.reqBody, &req) != nil || json.Unmarshal(ex.respBody, &resp) != nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.seenBatch[req.BatchID] {
		return
	}
	w.seenBatch[req.BatchID] = true
	w.event++
	w.pushes = append(w.pushes, pushEvent{dev: dev, event: w.event, req: req, resp: resp})
}

// canon is the canonical JSON text of a value: numbers as written, object
// keys sorted, no spaces.
func canon(raw []byte) string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "!" + string(raw)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// nothing reports whether a canonical value holds nothing: absent, null,
// "", [] or {}.
func nothing(v string) bool {
	switch v {
	case "", "null", `""`, "[]", "{}":
		return true
	}
	return false
}

func boolCanon(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// expandKeys replaces, in a row's canonical columns, a field merged by key
// (a visit's content) with a column per key, "content.<key>": each key is
// edited, merged and checked like a field of its own.
func expandKeys(table string, m map[string]string) {
	t := schema.Lookup(table)
	if t == nil {
		return
	}
	for _, f := range t.Fields {
		v, ok := m[f.Name]
		if !f.MergeKeys || !ok {
			continue
		}
		var obj map[string]json.RawMessage
		if json.Unmarshal([]byte(v), &obj) != nil {
			continue
		}
		delete(m, f.Name)
		for k, raw := range obj {
			m[f.Name+"."+k] = canon(raw)
		}
	}
}

// columnsOf lists the columns to compare of two canonical rows: the synced
// ones, and the keys of fields merged by key that either has.
func columnsOf(table string, a, b map[string]string) []string {
	cols := slices.Clone(syncCols(table))
	for _, m := range []map[string]string{a, b} {
		for c := range m {
			if strings.Contains(c, ".") && !slices.Contains(cols, c) {
				cols = append(cols, c)
			}
		}
	}
	slices.Sort(cols)
	return cols
}

// snapshot reads every synced row of the device's store.
func (d *device) snapshot(ctx context.Context) (snapshot, error) {
	out := snapshot{}
	for _, t := range schema.Tables {
		if t.Config {
			continue
		}
		parts := make([]string, 0, len(t.Fields)+1)
		for _, c := range t.Columns() {
			expr := c
			switch {
			case sqlite.PackedColumn(t.Name, c):
				expr = "hex(" + c + ")" // unpacked below
			case schema.IsJSON(t.Name, c):
				expr = "json(" + c + ")"
			}
			parts = append(parts, "'"+c+"', "+expr)
		}
		rows, err := d.ro.QueryContext(ctx, `SELECT id, json_object(`+strings.Join(parts, ", ")+`) FROM `+t.Name)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, obj string
			if err := rows.Scan(&id, &obj); err != nil {
				rows.Close()
				return nil, err
			}
			var fields map[string]json.RawMessage
			if err := json.Unmarshal([]byte(obj), &fields); err != nil {
				rows.Close()
				return nil, err
			}
			m := make(map[string]string, len(fields))
			for k, v := range fields {
				if k == "deleted" {
					m[k] = boolCanon(string(v) == "1")
					continue
				}
				if sqlite.PackedColumn(t.Name, k) {
					var h string
					err := json.Unmarshal(v, &h)
					stored, herr := hex.DecodeString(h)
					if err != nil || herr != nil {
						rows.Close()
						return nil, fmt.Errorf("%s.%s: stored as %s", t.Name, k, v)
					}
					v = json.RawMessage(sqlite.Unpacked(stored))
				}
				m[k] = canon(v)
			}
			expandKeys(t.Name, m)
			out[rowKey{t.Name, id}] = m
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// do runs one store call on a device and, if the store reports success,
// records every column value it wrote as acknowledged.
func (w *world) do(d *device, op string, fn func() error) bool {
	before, err := d.snapshot(w.ctx)
	if err != nil {
		w.tb.Fatal(err)
	}
	err = fn()
	w.st.ops++
	if err != nil {
		switch fieldbook.ErrorCode(err) {
		case fieldbook.EINVALID, fieldbook.ECONFLICT, fieldbook.ENOTFOUND:
			w.st.refused++
			w.logf("%s %s: refused: %v", d.name, op, err)
			return false
		}
		w.tb.Fatalf("seed %d: %s %s: %v", w.seed, d.name, op, err)
	}
	after, err := d.snapshot(w.ctx)
	if err != nil {
		w.tb.Fatal(err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.event++
	var created []rowKey
	for k, cols := range after {
		old, existed := before[k]
		if !existed {
			created = append(created, k)
		}
		for c, v := range cols {
			if existed && old[c] == v {
				continue
			}
			w.acks[ackKey{d.name, k, c}] = ack{val: v, event: w.event, op: op}
		}
	}
	sort.Slice(created, func(i, j int) bool {
		return tableIndex(created[i].table) < tableIndex(created[j].table) ||
			(created[i].table == created[j].table && created[i].id < created[j].id)
	})
	var names []string
	for _, k := range created {
		w.count[k.table]++
		w.names[k.id] = fmt.Sprintf("%s#%d", k.table, w.count[k.table])
		w.creator[k.id] = d.name
		names = append(names, w.names[k.id])
	}
	w.logf("%s %s ok %v", d.name, op, names)
	return true
}

func tableIndex(t string) int {
	for i, s := range schema.Tables {
		if s.Name == t {
			return i
		}
	}
	return -1
}

func (w *world) name(id string) string {
	if n, ok := w.names[id]; ok {
		return n
	}
	return "?" + id
}

// sync runs one sync of d with the given fault plan and reports errors to
// the trace only: a failed sync is part of life; the final sync must work.
func (w *world) sync(d *device, label string, plan func(method, path string) fault) (syncer.Report, error) {
	d.tr.plan = plan
	cuts := rand.New(rand.NewPCG(w.rng.Uint64(), 1)) // where uploads break, as the plan: of this sync only
	d.tr.cutAt = func(n int) int { return cuts.IntN(n) }
	before, _ := d.tr.counts()
	rep, err := d.eng.Sync(w.ctx, nil)
	d.tr.plan = nil
	after, _ := d.tr.counts()
	label += fmt.Sprintf(" (%d requests)", after-before)
	w.st.syncs++
	if err != nil {
		w.st.syncErrors++
		if fieldbook.ErrorCode(err) != syncer.ErrOffline {
			w.syncErrs = append(w.syncErrs, fmt.Sprintf("%s %s: %v", d.name, label, err))
		}
		w.logf("%s %s: pushed %d pulled %d conflicts %d rejected %d, then error: %v", d.name, label, rep.Pushed, rep.Pulled, rep.Conflicts, rep.Rejected, err)
	} else {
		w.logf("%s %s: pushed %d pulled %d conflicts %d rejected %d", d.name, label, rep.Pushed, rep.Pulled, rep.Conflicts, rep.Rejected)
	}
	return rep, err
}

// faultyPlan gives each request a fault with probability rate.
// It draws from a generator of its own, seeded from the world's: a sync
// that makes one request more or less (a busy hub asked again, an upload
// resumed) then changes nothing of the steps after it.
func (w *world) faultyPlan(rate float64) func(method, path string) fault {
	r := rand.New(rand.NewPCG(w.rng.Uint64(), 0))
	return func(method, path string) fault {
		if path == "/v1/hub" {
			// The hub handshake draws no fault: a draw would shift every
			// seed's schedule from the one it was checked with.
			return fNone
		}
		if r.Float64() >= rate {
			return fNone
		}
		if method == http.MethodPut && r.IntN(2) == 0 {
			return fCut
		}
		return fault(1 + r.IntN(int(fKill)))
	}
}

// pushOnlyPlan loses every pull: the device pushes, then the network goes.
func pushOnlyPlan(method, path string) fault {
	if path == "/v1/pull" {
		return fLoseRequest
	}
	return fNone
}

// hubRows returns every row of the centre on the hub.
func (w *world) hubRows() []hub.ScannedRow {
	return hubRows(w.tb, w.hubs[0].store)
}

// hubRows reads every row of the centre from the store, with the job each
// belongs to.
func hubRows(tb testing.TB, store hub.Store) []hub.ScannedRow {
	ctx := context.Background()
	metas, _, err := store.PullScan(ctx, centre, hub.PullQuery{Before: 1 << 62, Limit: 1 << 30})
	if err != nil {
		tb.Fatal(err)
	}
	rows := make([]hub.ScannedRow, 0, len(metas))
	err = store.Write(ctx, centre, time.Now(), func(tx hub.WriteTx) error {
		jobs := map[string]*hub.Row{}
		for _, m := range metas {
			r, err := tx.Row(ctx, m.Table, m.ID)
			if err != nil {
				return err
			}
			if r.Table == "jobs" {
				jobs[r.ID] = r
			}
			rows = append(rows, hub.ScannedRow{Row: *r})
		}
		for i := range rows {
			rows[i].Job = jobs[rows[i].JobID]
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return rows
}

// hubSnapshot is the hub's rows with every field canonical.
func hubSnapshot(rows []hub.ScannedRow) snapshot {
	out := snapshot{}
	for _, r := range rows {
		m := make(map[string]string, len(r.Fields)+1)
		for c, raw := range r.Fields {
			m[c] = canon(raw)
		}
		m["deleted"] = boolCanon(r.Deleted)
		expandKeys(r.Table, m)
		out[rowKey{r.Table, r.ID}] = m
	}
	return out
}

func syncCols(table string) []string {
	if t := schema.Lookup(table); t != nil {
		return t.Columns()
	}
	return nil
}

// changeValue is the canonical value a pushed change carries for col.
func changeValue(ch protocol.Change, col string) (string, bool) {
	if col == "deleted" {
		if ch.Deleted == nil {
			return "", false
		}
		return boolCanon(*ch.Deleted), true
	}
	if field, key, isKey := strings.Cut(col, "."); isKey {
		// A key of a field merged by key: set when the change lists it,
		// or carries the field whole.
		raw, ok := ch.Fields[field]
		if keys, listed := ch.Keys[field]; !ok || (listed && !slices.Contains(keys, key)) {
			return "", false
		}
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			return "", false
		}
		v, ok := obj[key]
		if !ok {
			return "null", true
		}
		return canon(v), true
	}
	raw, ok := ch.Fields[col]
	if !ok {
		return "", false
	}
	return canon(raw), true
}

// filing is the clerk filing or returning a job on the hub.
func textOf(raw json.RawMessage) string {
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

func (w *world) filing() {
	var jobs []hub.ScannedRow
	for _, r := range w.hubRows() {
		if r.Table != "jobs" || r.Deleted {
			continue
		}
		var st string
		_ = json.Unmarshal(r.Fields["status"], &st)
		if st == "completed" || st == "submitted" || (st == "in_progress" && w.rng.IntN(4) == 0) {
			jobs = append(jobs, r)
		}
	}
	if len(jobs) == 0 {
		return
	}
	sort.Slice(jobs, func(i, j int) bool { return w.name(jobs[i].ID) < w.name(jobs[j].ID) })
	j := jobs[w.rng.IntN(len(jobs))]
	h := w.hubs[w.rng.IntN(len(w.hubs))]
	submitted := slices.DeleteFunc(slices.Clone(jobs), func(r hub.ScannedRow) bool { return textOf(r.Fields["status"]) != "submitted" })
	if len(submitted) > 0 && w.rng.IntN(3) > 0 {
		j = submitted[w.rng.IntN(len(submitted))]
		// The clerk's app: through POST /v1/clerk's service, which numbers
		// the job and appends the audit event in the same transaction.
		req := protocol.ClerkRequest{JobID: j.ID, Action: protocol.ActionFile, Location: "档案室 3 号柜 B 层"}
		if w.rng.IntN(3) == 0 || w.opts.ownVisits {
			req = protocol.ClerkRequest{JobID: j.ID, Action: protocol.ActionReturn, Reason: "缺少客户签字页，请补充后重新提交"}
		}
		resp, err := h.svc.Clerk(w.ctx, w.filer, req)
		if fieldbook.ErrorCode(err) == fieldbook.ECONFLICT && req.Action == protocol.ActionFile {
			// The hub's completeness check refused: the clerk returns it.
			w.logf("filer cannot file %s: %v", w.name(j.ID), err)
			req = protocol.ClerkRequest{JobID: j.ID, Action: protocol.ActionReturn, Reason: "资料不完整，请补充后重新提交"}
			resp, err = h.svc.Clerk(w.ctx, w.filer, req)
		}
		if err != nil {
			w.tb.Fatalf("seed %d: clerk %s: %v", w.seed, req.Action, err)
		}
		// For the checker it is the clerk's accepted change of these fields.
		fields := map[string]json.RawMessage{"status": json.RawMessage(`"returned"`), "return_reason": storetest.JS(req.Reason)}
		if req.Action == protocol.ActionFile {
			fields = map[string]json.RawMessage{"status": json.RawMessage(`"filed"`), "archive_no": storetest.JS(resp.ArchiveNo), "archive_location": storetest.JS(req.Location)}
		}
		w.mu.Lock()
		w.event++
		for c, v := range fields {
			w.acks[ackKey{"filer", rowKey{"jobs", j.ID}, c}] = ack{val: canon(v), event: w.event, op: "clerk " + req.Action}
		}
		w.event++
		w.pushes = append(w.pushes, pushEvent{dev: "filer", event: w.event,
			req:  protocol.PushRequest{Changes: []protocol.Change{{Table: "jobs", ID: j.ID, BaseSeq: j.Seq, Fields: fields}}},
			resp: protocol.PushResponse{Results: []protocol.Result{resp.Result}}})
		w.mu.Unlock()
		w.st.clerkActions++
		w.logf("filer clerk %s %s: %s %s", req.Action, w.name(j.ID), resp.Result.Status, resp.ArchiveNo)
		return
	}
	// A clerk's client that pushes filing fields instead of using the
	// clerk's actions (an old or patched one): refused, kept as a rejection.
	fields := map[string]json.RawMessage{"status": json.RawMessage(`"filed"`), "archive_no": json.RawMessage(`"GD-2026-0001"`),
		"filed_by": json.RawMessage(`"nobody"`), "filed_at": json.RawMessage(`"1999-01-01"`)}
	req := protocol.PushRequest{BatchID: uuid.NewString(), Changes: []protocol.Change{{Table: "jobs", ID: j.ID, BaseSeq: j.Seq, Fields: fields}}}
	resp, err := h.svc.Push(w.ctx, w.filer, req)
	if err != nil {
		w.tb.Fatalf("seed %d: filing push: %v", w.seed, err)
	}
	if resp.Results[0].Status != protocol.StatusRejected {
		w.failf("a clerk's push of filing fields on %s was %s, want rejected", w.name(j.ID), resp.Results[0].Status)
	}
	w.st.filings++
	w.mu.Lock()
	w.event++
	w.pushes = append(w.pushes, pushEvent{dev: "filer", event: w.event, req: req, resp: resp})
	w.mu.Unlock()
	w.logf("filer pushes filing of %s: %s", w.name(j.ID), resp.Results[0].Status)
}

// converge syncs every device, without faults, until a whole round moves
// nothing. It reports a device that cannot sync.
func (w *world) converge() bool {
	for round := 0; round < 8; round++ {
		quiet := true
		for _, d := range w.devs {
			rep, err := w.sync(d, fmt.Sprintf("final sync %d", round), nil)
			if err != nil {
				w.failf("final sync of %s (%s) fails: %v", d.name, d.user.Name, err)
				return false
			}
			if rep.Pushed > 0 || rep.Pulled > 0 {
				quiet = false
			}
		}
		if quiet {
			return true
		}
	}
	w.failf("no quiescence after 8 rounds of syncing every device")
	return false
}

// check verifies the properties after convergence.
func (w *world) check() {
	ctx := w.ctx
	rows := w.hubRows()
	hubSnap := hubSnapshot(rows)
	byKey := map[rowKey]hub.ScannedRow{}
	numbers := map[string]string{}
	supersedes := map[string]string{}
	sigRoles := map[string]string{}
	for _, r := range rows {
		k := rowKey{r.Table, r.ID}
		if _, dup := byKey[k]; dup {
			w.failf("hub holds %s %s twice", r.Table, w.name(r.ID))
		}
		byKey[k] = r
		switch r.Table {
		case "jobs":
			n := hubSnap[k]["number"]
			if other, ok := numbers[n]; ok {
				w.failf("job number %s is used by %s and %s", n, w.name(other), w.name(r.ID))
			}
			numbers[n] = r.ID
		case "visits":
			if s := hubSnap[k]["supersedes"]; s != "null" && s != "" {
				if other, ok := supersedes[s]; ok && !r.Deleted {
					w.failf("visit %s is amended twice on the hub: by %s and %s", s, w.name(other), w.name(r.ID))
				}
				supersedes[s] = r.ID
			}
		case "signatures":
			vr := hubSnap[k]["visit_id"] + "/" + hubSnap[k]["role"]
			if other, ok := sigRoles[vr]; ok {
				w.failf("visit %s has two %s signatures on the hub: %s and %s", w.name(strings.Trim(hubSnap[k]["visit_id"], `"`)),
					hubSnap[k]["role"], w.name(other), w.name(r.ID))
			}
			sigRoles[vr] = r.ID
		case "complaints":
			w.st.complaints++
			if hubSnap[k]["state"] == `"closed"` {
				w.st.closedComplaints++
			}
		}
	}

	conflicts, err := w.hubs[0].store.Conflicts(ctx, centre)
	if err != nil {
		w.tb.Fatal(err)
	}
	rejections, err := w.hubs[0].store.Rejections(ctx, centre)
	if err != nil {
		w.tb.Fatal(err)
	}
	w.st.conflicts += len(conflicts)
	for _, c := range conflicts {
		if c.Table == "jobs" && (c.Field == "assigned_to" || c.Field == "appointment") {
			w.st.dispatchConflicts++
		}
	}
	w.st.rejections += len(rejections)

	issues := map[string][]sqlite.SyncIssue{}
	// Changes still in a device's outbox once every device is quiet wait
	// there: sent again after a restore and refused for what is not back
	// on the hub (syncer: Engine.waits), they are held, and sent again at
	// each sync until their wait is over. Their rows are not judged yet,
	// on any device.
	waiting := map[string]bool{}
	for _, d := range w.devs {
		is, err := d.db.SyncIssues(ctx)
		if err != nil {
			w.tb.Fatal(err)
		}
		issues[d.name] = is
		pending, err := d.db.PendingChanges(ctx, 1<<20)
		if err != nil {
			w.tb.Fatal(err)
		}
		for _, c := range pending {
			if c.Requeued.IsZero() {
				w.failf("%s still has a pending change of %s %s after the final sync", d.name, c.Table, w.name(c.ID))
			}
			waiting[c.ID] = true
		}
		// So do rows a device learnt from the history a restore lost,
		// which nobody has sent again yet: swept a week after the
		// restore (sqlite.SweepRestored).
		for _, t := range schema.Tables {
			if t.Config {
				continue
			}
			rows, err := d.ro.QueryContext(ctx, `SELECT id FROM `+t.Name+` WHERE hub_seq < 0`)
			if err != nil {
				w.tb.Fatal(err)
			}
			for rows.Next() {
				var id string
				if err := rows.Scan(&id); err != nil {
					w.tb.Fatal(err)
				}
				waiting[id] = true
			}
			rows.Close()
		}
	}

	// Replicas equal the hub for what their user may read.
	for _, d := range w.devs {
		snap, err := d.snapshot(ctx)
		if err != nil {
			w.tb.Fatal(err)
		}
		rejected := map[string]bool{}
		// A row the hub refused (rejection), or a pulled row this device
		// refused to apply over its own signed or numbered row (issue code
		// "diverged"), may differ: the issue shows both sides to a person.
		for _, is := range issues[d.name] {
			if is.Kind == "rejected" || is.Code == "diverged" {
				rejected[is.RowID] = true
			}
		}
		maps.Copy(rejected, waiting)
		for _, r := range rows {
			k := rowKey{r.Table, r.ID}
			if r.Deleted || !hub.CanRead(d.user, &r.Row, r.Job) {
				continue
			}
			local, ok := snap[k]
			if !ok {
				if rejected[r.ID] {
					w.st.divergentRejected++
					continue
				}
				w.failf("%s (%s) lacks %s %s that the hub holds and it may read", d.name, d.user.Name, r.Table, w.name(r.ID))
				continue
			}
			for _, c := range columnsOf(r.Table, local, hubSnap[k]) {
				if local[c] == hubSnap[k][c] {
					continue
				}
				// A column the hub never received (a filing field nobody
				// set) is the column's empty default on the device.
				if _, onHub := hubSnap[k][c]; !onHub && isEmptyDefault(local[c]) {
					continue
				}
				if rejected[r.ID] {
					w.st.divergentRejected++
					continue
				}
				w.failf("%s (%s): %s %s.%s = %s, hub has %s", d.name, d.user.Name, r.Table, w.name(r.ID), c, short(local[c]), short(hubSnap[k][c]))
			}
		}
		for k := range snap {
			r, ok := byKey[k]
			switch {
			case !ok && !rejected[k.id]:
				w.failf("%s holds %s %s that never reached the hub and has no rejection", d.name, k.table, w.name(k.id))
			case ok && !hub.CanRead(d.user, &r.Row, r.Job) && !w.takenFrom(snap, d, r):
				w.failf("%s (%s) holds %s %s that its user may not read", d.name, d.user.Name, k.table, w.name(k.id))
			}
		}
		var parked int
		if err := d.ro.QueryRowContext(ctx, `SELECT count(*) FROM sync_parked`).Scan(&parked); err != nil || parked > 0 {
			w.failf("%s has %d parked rows after the final sync (%v)", d.name, parked, err)
		}
		// Every signed visit verifies on every replica.
		for k, cols := range snap {
			if k.table != "visits" || cols["signed"] != "1" {
				continue
			}
			v, err := d.db.VerifyVisit(ctx, k.id)
			if err != nil || !v.OK {
				w.failf("%s: signed visit %s does not verify: %+v %v", d.name, w.name(k.id), v, err)
			}
		}
	}

	// Every change a device was told was saved is on the hub, was
	// overwritten there by a later accepted change, or is in the device's
	// sync issues (conflict with its value, or rejection).
	keys := make([]ackKey, 0, len(w.acks))
	for k := range w.acks {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return w.acks[keys[i]].event < w.acks[keys[j]].event })
	for _, k := range keys {
		a := w.acks[k]
		if !waiting[k.row.id] {
			w.checkAck(k, a, hubSnap, issues[k.dev], conflicts, rejections)
		}
	}
}

// takenFrom reports whether the row belongs to a job taken from the
// device's user (reassigned or handed back): the laptop keeps what it
// holds of it, and its copy of the job no longer shows it as theirs.
func (w *world) takenFrom(snap snapshot, d *device, r hub.ScannedRow) bool {
	if r.JobID == "" {
		return false
	}
	job, ok := snap[rowKey{"jobs", r.JobID}]
	if !ok {
		return false
	}
	if mine, _ := json.Marshal(d.user.Name); job["assigned_to"] == string(mine) {
		w.failf("%s (%s) shows job %s as its user's, the hub does not", d.name, d.user.Name, w.name(r.JobID))
	}
	return true
}

func short(s string) string {
	if r := []rune(s); len(r) > 90 {
		return string(r[:90]) + "…"
	}
	return s
}

func (w *world) checkAck(k ackKey, a ack, hubSnap snapshot, issues []sqlite.SyncIssue, conflicts []hub.Conflict, rejections []hub.Rejection) {
	what := fmt.Sprintf("%s's %s of %s %s.%s = %s", k.dev, a.op, k.row.table, w.name(k.row.id), k.col, short(a.val))
	carried := ""
	for _, p := range w.pushes {
		if p.dev != k.dev || p.event < a.event {
			continue
		}
		for i, ch := range p.req.Changes {
			if ch.Table != k.row.table || ch.ID != k.row.id {
				continue
			}
			v, has := changeValue(ch, k.col)
			if !has {
				continue
			}
			if v != a.val {
				// A batch made before the call and resent after it (its
				// first answer was lost) carries the older value; the
				// value itself must come in a later batch.
				carried = v
				continue
			}
			if i >= len(p.resp.Results) {
				w.failf("%s: the push has no result for it", what)
				return
			}
			res := p.resp.Results[i]
			if res.Status == protocol.StatusRejected && w.sentAgain(k, a.val, p.event) {
				// Refused while what it needs was not back on the hub
				// after a restore, it waited and went again (syncer:
				// Engine.waits): the later push decides.
				continue
			}
			if res.Status == protocol.StatusRejected {
				if k.dev == "filer" {
					for _, r := range rejections {
						if r.RowID == k.row.id && r.Device == w.filer.Device.ID {
							return
						}
					}
					w.failf("%s: rejected but not in hub_rejections", what)
					return
				}
				for _, is := range issues {
					if is.Kind == "rejected" && is.RowID == k.row.id {
						return
					}
				}
				w.failf("%s: rejected (%+v) but not in the device's sync issues", what, res.Reason)
				return
			}
			for _, c := range res.Conflicts {
				if c.Field != k.col {
					continue
				}
				if k.dev == "filer" {
					for _, hc := range conflicts {
						if hc.RowID == k.row.id && hc.Field == k.col && hc.Device == w.filer.Device.ID {
							return
						}
					}
					w.failf("%s: lost a conflict that is not in hub_conflicts", what)
					return
				}
				for _, is := range issues {
					if is.Kind == "conflict" && is.RowID == k.row.id && is.Field == k.col && canon(is.Yours) == a.val {
						return
					}
				}
				w.failf("%s: lost a conflict that is not in the device's sync issues", what)
				return
			}
			// Accepted: it is on the hub unless a later accepted change
			// of the same field replaced it. Nothing (null, "", [], {})
			// is the same as no value: a field of another role holding
			// nothing may be left out of a row the hub rebuilds.
			if got := hubSnap[k.row][k.col]; got == a.val || (nothing(got) && nothing(a.val)) {
				return
			}
			for _, p2 := range w.pushes {
				for j, ch2 := range p2.req.Changes {
					if ch2.Table != k.row.table || ch2.ID != k.row.id || j >= len(p2.resp.Results) {
						continue
					}
					v2, has := changeValue(ch2, k.col)
					r2 := p2.resp.Results[j]
					if !has || v2 == a.val || r2.Status == protocol.StatusRejected || r2.Seq <= res.Seq {
						continue
					}
					if !slices.ContainsFunc(r2.Conflicts, func(c protocol.FieldConflict) bool { return c.Field == k.col }) {
						return
					}
				}
			}
			if w.restoredRow(k, p.event) && slices.ContainsFunc(issues, func(is sqlite.SyncIssue) bool {
				return is.RowID == k.row.id && (is.Kind == "rejected" || is.Field == k.col)
			}) {
				// The restore lost it, and the hub refused it sent again
				// (another device's row took its place meanwhile): the
				// device shows the refusal.
				return
			}
			w.failf("%s: accepted at seq %d (%s) but the hub now has %s and no later change replaced it",
				what, res.Seq, res.Status, short(hubSnap[k.row][k.col]))
			return
		}
	}
	if carried != "" {
		w.failf("%s: never pushed; the pushes after it carried %s", what, short(carried))
		return
	}
	if isEmptyDefault(a.val) {
		return // a column left at its default on a new row (a filing field) is not pushed
	}
	w.failf("%s: never pushed", what)
}

// sentAgain reports whether the device pushed the same value of the field
// again after the push at event.
func (w *world) sentAgain(k ackKey, val string, event int) bool {
	for _, p := range w.pushes {
		if p.dev != k.dev || p.event <= event {
			continue
		}
		for _, ch := range p.req.Changes {
			if v, has := changeValue(ch, k.col); has && ch.Table == k.row.table && ch.ID == k.row.id && v == val {
				return true
			}
		}
	}
	return false
}

// restoredRow reports whether the device sent the row again after a
// restore, in a push after the one at event.
func (w *world) restoredRow(k ackKey, event int) bool {
	for _, p := range w.pushes {
		if p.dev == k.dev && p.event > event && slices.ContainsFunc(p.req.Changes, func(c protocol.Change) bool {
			return c.Table == k.row.table && c.ID == k.row.id && len(c.Replay) > 0
		}) {
			return true
		}
	}
	return false
}

// report fails the test with everything needed to replay the seed.
func (w *world) report(t testing.TB, label string) {
	t.Helper()
	if len(w.failures) == 0 {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s seed %d: %d property violations (first 15):\n", label, w.seed, len(w.failures))
	for _, f := range w.failures[:min(15, len(w.failures))] {
		b.WriteString("  - " + f + "\n")
	}
	if len(w.syncErrs) > 0 {
		b.WriteString("sync errors other than offline:\n")
		for _, e := range w.syncErrs[:min(5, len(w.syncErrs))] {
			b.WriteString("  - " + e + "\n")
		}
	}
	fmt.Fprintf(&b, "last steps:\n")
	from := max(0, len(w.trace)-25)
	if os.Getenv("FIELDBOOK_SYNCTEST_TRACE") != "" {
		from = 0
	}
	for _, l := range w.trace[from:] {
		b.WriteString("  " + l + "\n")
	}
	text := b.String()
	for id, n := range w.names {
		text = strings.ReplaceAll(text, id, n)
	}
	t.Error(text)
}

// isEmptyDefault reports a column value as the schema's default for a
// column that was never set: empty text, 0, an empty JSON object or null.
func isEmptyDefault(v string) bool {
	switch v {
	case "", `""`, "0", "{}", `"{}"`, "null":
		return true
	}
	return false
}

// Package storetest is the test suite every hub.Store implementation
// passes, in the manner of litestream's RunWithReplicaClient: it drives the
// hub's rules (hub.Service) over the store under test.
package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/hub"
	"fieldbook/backend/protocol"
	"fieldbook/backend/schema"
)

// Open returns a fresh, empty, unmigrated store for one test; the caller
// closes it in a cleanup.
type Open func(t *testing.T) hub.Store

// Run runs the suite, each test on a fresh store.
func Run(t *testing.T, open Open) {
	tests := []struct {
		name string
		fn   func(t *testing.T, e *Env)
	}{
		{"RoundTrip", testRoundTrip},
		{"MergeDifferentFields", testMergeDifferentFields},
		{"MergeSameFieldConflict", testMergeSameFieldConflict},
		{"OwnEditsNeverConflict", testOwnEditsNeverConflict},
		{"IdempotentPush", testIdempotentPush},
		{"RejectionsAdvanceBatch", testRejectionsAdvanceBatch},
		{"SignedVisitImmutable", testSignedVisitImmutable},
		{"AmendmentReason", testAmendmentReason},
		{"SignatureInsertOnly", testSignatureInsertOnly},
		{"DuplicateJobNumber", testDuplicateJobNumber},
		{"FiledJobRefusesTechnician", testFiledJobRefusesTechnician},
		{"ClerkActions", testClerkActions},
		{"ClerkActionsRefused", testClerkActionsRefused},
		{"ChecklistLinks", testLinks},
		{"ChecklistAnswers", testChecklistAnswers},
		{"PartialNewRow", testPartialNewRow},
		{"CentreArchiveFormat", testCentreArchiveFormat},
		{"PullPagesBounded", testPullPagesBounded},
		{"SnapshotFirstSync", testSnapshotFirstSync},
		{"ReassignBringsRows", testReassignBringsRows},
		{"Dispatch", testDispatch},
		{"Blobs", testBlobs},
		{"EnrolCodeOneTime", testEnrolCodeOneTime},
		{"UserProfile", testUserProfile},
		{"Authorisation", testAuthorisation},
		{"ConcurrentWriters", testConcurrentWriters},
		{"PushReadsAhead", testPushReadsAhead},
		{"SignaturesOfOneBatch", testSignaturesOfOneBatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn(t, NewEnv(t, open(t)))
		})
	}
}

// Env is a migrated store with users and enrolled devices:
// centre "north": technicians alice (two devices) and bob, clerk carol,
// admin adam; centre "south": technician xena.
type Env struct {
	T     testing.TB
	Ctx   context.Context
	Store hub.Store
	Svc   *hub.Service

	Alice, Alice2, Bob, Carol, Adam, Xena hub.Principal
}

// NewEnv migrates store and enrols the users' devices.
func NewEnv(tb testing.TB, store hub.Store) *Env {
	tb.Helper()
	ctx := context.Background()
	if err := store.Migrate(ctx); err != nil {
		tb.Fatalf("Migrate: %v", err)
	}
	e := &Env{T: tb, Ctx: ctx, Store: store, Svc: hub.NewService(store, slog.New(slog.DiscardHandler))}
	for _, u := range []struct{ name, role, centre string }{
		{"alice", hub.RoleTechnician, "north"},
		{"bob", hub.RoleTechnician, "north"},
		{"carol", hub.RoleClerk, "north"},
		{"adam", hub.RoleAdmin, "north"},
		{"xena", hub.RoleTechnician, "south"},
	} {
		if err := e.Svc.AddUser(ctx, u.name, u.role, u.centre); err != nil {
			tb.Fatalf("AddUser(%q): %v", u.name, err)
		}
	}
	e.Alice, e.Alice2, e.Bob = e.Enrol("alice"), e.Enrol("alice"), e.Enrol("bob")
	e.Carol, e.Adam, e.Xena = e.Enrol("carol"), e.Enrol("adam"), e.Enrol("xena")
	return e
}

// Enrol enrols a new device for user and returns it.
func (e *Env) Enrol(user string) hub.Principal {
	e.T.Helper()
	code, _, err := e.Svc.NewEnrolCode(e.Ctx, user)
	if err != nil {
		e.T.Fatalf("NewEnrolCode(%q): %v", user, err)
	}
	resp, err := e.Svc.Enrol(e.Ctx, protocol.EnrolRequest{Code: code, DeviceName: user + "-laptop"})
	if err != nil {
		e.T.Fatalf("Enrol(%q): %v", user, err)
	}
	p, err := e.Svc.Authenticate(e.Ctx, resp.Token)
	if err != nil {
		e.T.Fatalf("Authenticate(%q): %v", user, err)
	}
	return p
}

// JS encodes v as JSON.
func JS(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// F builds a fields map from name, value pairs.
func F(kv ...any) map[string]json.RawMessage {
	m := map[string]json.RawMessage{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = JS(kv[i+1])
	}
	return m
}

// Push pushes changes as one new batch and fails the test on error.
func (e *Env) Push(p hub.Principal, changes ...protocol.Change) protocol.PushResponse {
	e.T.Helper()
	resp, err := e.Svc.Push(e.Ctx, p, protocol.PushRequest{BatchID: uuid.NewString(), Changes: changes})
	if err != nil {
		e.T.Fatalf("Push: %v", err)
	}
	if len(resp.Results) != len(changes) {
		e.T.Fatalf("Push: %d results for %d changes", len(resp.Results), len(changes))
	}
	return resp
}

// MustApply pushes changes and fails unless every one is applied.
func (e *Env) MustApply(p hub.Principal, changes ...protocol.Change) protocol.PushResponse {
	e.T.Helper()
	resp := e.Push(p, changes...)
	for _, r := range resp.Results {
		if r.Status != protocol.StatusApplied {
			e.T.Fatalf("push %s/%s by %s: status %s, reason %+v, conflicts %s", r.Table, r.ID, p.User.Name, r.Status, r.Reason, JS(r.Conflicts))
		}
	}
	return resp
}

// PullAll pulls every page from cursor and returns the rows and the final cursor.
func (e *Env) PullAll(p hub.Principal, cursor int64, limitRows, limitBytes int) ([]protocol.PulledRow, int64) {
	e.T.Helper()
	var all []protocol.PulledRow
	for i := 0; ; i++ {
		page, err := e.Svc.Pull(e.Ctx, p, cursor, limitRows, limitBytes)
		if err != nil {
			e.T.Fatalf("Pull(%d): %v", cursor, err)
		}
		all = append(all, page.Rows...)
		if page.Cursor < cursor {
			e.T.Fatalf("Pull(%d) moved the cursor back to %d", cursor, page.Cursor)
		}
		cursor = page.Cursor
		if !page.More {
			return all, cursor
		}
		if i > 100000 {
			e.T.Fatal("Pull never ends")
		}
	}
}

// Row returns the hub's row straight from the store, nil when absent.
func (e *Env) Row(centre, table, id string) *hub.Row {
	e.T.Helper()
	var row *hub.Row
	err := e.Store.Write(e.Ctx, centre, time.Now(), func(tx hub.WriteTx) error {
		var err error
		row, err = tx.Row(e.Ctx, table, id)
		return err
	})
	if err != nil {
		e.T.Fatalf("Row(%s/%s): %v", table, id, err)
	}
	return row
}

// Upload uploads data as a blob by p's device and returns its SHA-256.
func (e *Env) Upload(p hub.Principal, data []byte) string {
	e.T.Helper()
	sha := SHA(data)
	if _, done, err := e.Svc.AppendBlob(e.Ctx, p, sha, int64(len(data)), 0, data); err != nil || !done {
		e.T.Fatalf("upload %s: complete %v, %v", sha, done, err)
	}
	return sha
}

// Text returns a text field of a row, "" when absent.
func Text(r *hub.Row, field string) string {
	var s string
	if r != nil {
		_ = json.Unmarshal(r.Fields[field], &s)
	}
	return s
}

// SeedJob pushes, as p, a customer and a job assigned to assignee.
func (e *Env) SeedJob(p hub.Principal, jobID, assignee string) {
	e.T.Helper()
	e.MustApply(p,
		protocol.Change{Table: "customers", ID: "cust-" + jobID, Fields: F("name", "王先生", "phones", []string{"13800000000"})},
		protocol.Change{Table: "jobs", ID: jobID, Fields: F("number", "J-"+jobID, "job_type", "repair", "customer_id", "cust-"+jobID,
			"assigned_to", assignee, "status", "in_progress", "summary", "空调不制冷")},
	)
}

func find(rows []protocol.PulledRow, table, id string) *protocol.PulledRow {
	for i := range rows {
		if rows[i].Table == table && rows[i].ID == id {
			return &rows[i]
		}
	}
	return nil
}

func testRoundTrip(t *testing.T, e *Env) {
	e.SeedJob(e.Alice, "j1", "alice")
	resp := e.MustApply(e.Alice, protocol.Change{Table: "visits", ID: "v1", Fields: F(
		"job_id", "j1", "revision", 1, "status", "draft", "content", map[string]any{"fault": "不制冷", "hours": 1.5}, "signed", 0)})
	if resp.CursorHint < 3 {
		t.Errorf("cursor_hint = %d, want >= 3", resp.CursorHint)
	}
	rows, cursor := e.PullAll(e.Alice2, 0, 0, 0)
	if len(rows) != 3 {
		t.Fatalf("pull = %d rows, want 3: %s", len(rows), JS(rows))
	}
	if cursor != resp.CursorHint {
		t.Errorf("cursor = %d, want %d", cursor, resp.CursorHint)
	}
	for i := 1; i < len(rows); i++ {
		if rows[i].Seq <= rows[i-1].Seq {
			t.Errorf("seqs not increasing: %d then %d", rows[i-1].Seq, rows[i].Seq)
		}
	}
	v := find(rows, "visits", "v1")
	if v == nil || v.Version != 1 || string(v.Fields["content"]) != `{"fault":"不制冷","hours":1.5}` {
		t.Errorf("visit = %s", JS(v))
	}
	if got := find(rows, "customers", "cust-j1"); got == nil || string(got.Fields["phones"]) != `["13800000000"]` {
		t.Errorf("customer = %s", JS(got))
	}
	// Nothing new after the cursor.
	if again, _ := e.PullAll(e.Alice, cursor, 0, 0); len(again) != 0 {
		t.Errorf("pull after cursor = %s, want nothing", JS(again))
	}
}

func testMergeDifferentFields(t *testing.T, e *Env) {
	e.SeedJob(e.Alice, "j1", "alice")
	base := e.Row("north", "jobs", "j1").Seq
	e.MustApply(e.Alice, protocol.Change{Table: "jobs", ID: "j1", BaseSeq: base, Fields: F("summary", "压缩机故障")})
	e.MustApply(e.Alice2, protocol.Change{Table: "jobs", ID: "j1", BaseSeq: base, Fields: F("appointment", "2026-11-03T09:00")})
	row := e.Row("north", "jobs", "j1")
	if Text(row, "summary") != "压缩机故障" || Text(row, "appointment") != "2026-11-03T09:00" || row.Version != 3 {
		t.Errorf("job = %s version %d, want both edits and version 3", JS(row.Fields), row.Version)
	}
	if cs, _ := e.Store.Conflicts(e.Ctx, "north"); len(cs) != 0 {
		t.Errorf("conflicts = %s, want none", JS(cs))
	}
}

func testMergeSameFieldConflict(t *testing.T, e *Env) {
	e.SeedJob(e.Alice, "j1", "alice")
	base := e.Row("north", "jobs", "j1").Seq
	first := e.MustApply(e.Alice, protocol.Change{Table: "jobs", ID: "j1", BaseSeq: base, Fields: F("summary", "A", "created_at", "t1")})
	second := e.Push(e.Alice2, protocol.Change{Table: "jobs", ID: "j1", BaseSeq: base,
		Fields: F("summary", "B", "appointment", "2026-11-03T09:00", "created_at", "t2")})
	r := second.Results[0]
	want := []protocol.FieldConflict{{Field: "summary", Yours: JS("B"), Theirs: JS("A")}}
	if r.Status != protocol.StatusConflict || string(JS(r.Conflicts)) != string(JS(want)) {
		t.Fatalf("second push = %s, want conflict %s", JS(r), JS(want))
	}
	if r.Seq <= first.Results[0].Seq {
		t.Errorf("seq = %d, want > %d (the other fields applied)", r.Seq, first.Results[0].Seq)
	}
	row := e.Row("north", "jobs", "j1")
	if Text(row, "summary") != "A" || Text(row, "appointment") != "2026-11-03T09:00" || Text(row, "created_at") != "t2" {
		t.Errorf("job = %s, want summary A (first wins), appointment and created_at applied", JS(row.Fields))
	}
	cs, err := e.Store.Conflicts(e.Ctx, "north")
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].Field != "summary" || string(cs[0].HubValue) != `"A"` || string(cs[0].DeviceVal) != `"B"` ||
		cs[0].Device != e.Alice2.Device.ID || cs[0].User != "alice" || cs[0].RowID != "j1" || cs[0].ResolvedAt != nil {
		t.Errorf("conflicts = %s, want one on summary hub A device B", JS(cs))
	}
	// The same value from both sides is no conflict.
	third := e.Push(e.Bob, protocol.Change{Table: "customers", ID: "cust-j1", BaseSeq: 0, Fields: F("name", "王先生")})
	if third.Results[0].Status != protocol.StatusApplied {
		t.Errorf("equal value = %s, want applied", JS(third.Results[0]))
	}
}

func testOwnEditsNeverConflict(t *testing.T, e *Env) {
	e.SeedJob(e.Alice, "j1", "alice")
	base := e.Row("north", "jobs", "j1").Seq
	// The same device edits the field twice before it pulls: no conflict with itself.
	e.MustApply(e.Alice, protocol.Change{Table: "jobs", ID: "j1", BaseSeq: base, Fields: F("summary", "A")})
	e.MustApply(e.Alice, protocol.Change{Table: "jobs", ID: "j1", BaseSeq: base, Fields: F("summary", "B")})
	if got := Text(e.Row("north", "jobs", "j1"), "summary"); got != "B" {
		t.Errorf("summary = %q, want B", got)
	}
}

func testIdempotentPush(t *testing.T, e *Env) {
	e.SeedJob(e.Alice, "j1", "alice")
	base := e.Row("north", "jobs", "j1").Seq
	req := protocol.PushRequest{BatchID: uuid.NewString(), Changes: []protocol.Change{
		{Table: "customers", ID: "c2", Fields: F("name", "李女士")},
		{Table: "jobs", ID: "j1", BaseSeq: base, Fields: F("summary", "复查")},
		{Table: "nope", ID: "x"},
	}}
	first, err := e.Svc.Push(e.Ctx, e.Alice, req)
	if err != nil {
		t.Fatal(err)
	}
	_, cursor := e.PullAll(e.Alice, 0, 0, 0)
	second, err := e.Svc.Push(e.Ctx, e.Alice, req)
	if err != nil {
		t.Fatal(err)
	}
	if string(JS(first)) != string(JS(second)) {
		t.Errorf("repeated batch = %s, want %s", JS(second), JS(first))
	}
	if again, _ := e.PullAll(e.Alice, cursor, 0, 0); len(again) != 0 {
		t.Errorf("repeat changed rows: %s", JS(again))
	}
	if row := e.Row("north", "jobs", "j1"); row.Version != 2 {
		t.Errorf("job version = %d, want 2 (one effect)", row.Version)
	}
	if rj, _ := e.Store.Rejections(e.Ctx, "north"); len(rj) != 1 {
		t.Errorf("rejections = %d, want 1", len(rj))
	}
}

func testRejectionsAdvanceBatch(t *testing.T, e *Env) {
	e.SeedJob(e.Alice, "j1", "alice")
	resp := e.Push(e.Alice,
		protocol.Change{Table: "customers", ID: "c2", Fields: F("name", "李女士")},
		protocol.Change{Table: "invoices", ID: "i1", Fields: F("total", 1)},
		protocol.Change{Table: "customers", ID: "c3", Fields: F("shoe_size", 42)},
		protocol.Change{Table: "jobs", ID: "j1", Fields: F("archive_no", "2026-11-0042")},
		protocol.Change{Table: "assets", ID: "a1", Fields: F("customer_id", "c2", "kind", "spaceship")},
		protocol.Change{Table: "customers", ID: "c4", Fields: F("name", "赵先生")},
	)
	want := []string{protocol.StatusApplied, protocol.StatusRejected, protocol.StatusRejected, protocol.StatusRejected, protocol.StatusRejected, protocol.StatusApplied}
	wantCodes := []string{"", "invalid", "invalid", protocol.EFORBIDDEN, "invalid", ""}
	for i, r := range resp.Results {
		code := ""
		if r.Reason != nil {
			code = r.Reason.Code
			if r.Reason.Message == "" || r.Reason.MessageEN == "" {
				t.Errorf("result %d: reason lacks a bilingual message: %s", i, JS(r.Reason))
			}
		}
		if r.Status != want[i] || code != wantCodes[i] {
			t.Errorf("result %d = %s %q, want %s %q", i, r.Status, code, want[i], wantCodes[i])
		}
	}
	rj, err := e.Store.Rejections(e.Ctx, "north")
	if err != nil {
		t.Fatal(err)
	}
	if len(rj) != 4 {
		t.Fatalf("rejections = %s, want 4", JS(rj))
	}
	var ch protocol.Change
	if err := json.Unmarshal(rj[2].Change, &ch); err != nil || string(ch.Fields["archive_no"]) != `"2026-11-0042"` || rj[2].User != "alice" {
		t.Errorf("rejection keeps the change: %s (%v)", JS(rj[2]), err)
	}
	// The queue moves on: the next batch applies.
	e.MustApply(e.Alice, protocol.Change{Table: "customers", ID: "c5", Fields: F("name", "钱先生")})
}

func testSignedVisitImmutable(t *testing.T, e *Env) {
	e.SeedJob(e.Alice, "j1", "alice")
	e.MustApply(e.Alice, protocol.Change{Table: "visits", ID: "v1", Fields: F("job_id", "j1", "revision", 1, "status", "draft", "content", map[string]any{"a": 1}, "signed", 0)})
	e.MustApply(e.Alice, protocol.Change{Table: "visits", ID: "v1", BaseSeq: e.Row("north", "visits", "v1").Seq,
		Fields: F("content", map[string]any{"a": 2}, "signed", 1, "status", "finished")})
	base := e.Row("north", "visits", "v1").Seq
	e.SeedJob(e.Alice, "j2", "alice")
	for _, tt := range []struct {
		name   string
		fields map[string]json.RawMessage
		del    bool
		want   string
	}{
		{"content", F("content", map[string]any{"a": 3}), false, protocol.StatusRejected},
		{"job_id", F("job_id", "j2"), false, protocol.StatusRejected},
		{"revision", F("revision", 2), false, protocol.StatusRejected},
		{"supersedes", F("supersedes", "v0"), false, protocol.StatusRejected},
		{"unsign", F("signed", 0), false, protocol.StatusRejected},
		{"delete", nil, true, protocol.StatusRejected},
		{"same content", F("content", map[string]any{"a": 2}, "signed", 1), false, protocol.StatusApplied},
		{"created_at", F("created_at", "2026-11-03T10:00:00Z"), false, protocol.StatusApplied},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ch := protocol.Change{Table: "visits", ID: "v1", BaseSeq: base, Fields: tt.fields}
			if tt.del {
				ch.Deleted = &tt.del
			}
			r := e.Push(e.Alice, ch).Results[0]
			if r.Status != tt.want {
				t.Errorf("push %s = %s, want %s", tt.name, JS(r), tt.want)
			}
		})
	}
	row := e.Row("north", "visits", "v1")
	if string(row.Fields["content"]) != `{"a":2}` || Text(row, "job_id") != "j1" || row.Deleted {
		t.Errorf("signed visit changed: %s", JS(row.Fields))
	}
}

// testAmendmentReason: an amendment of a signed revision comes with its
// reason (修订原因); without one, or with a blank one, the hub refuses it on
// the field amend_reason from every client of a schema that knows reasons
// (or that does not say). A release from before them drafts one without.
func testAmendmentReason(t *testing.T, e *Env) {
	e.SeedJob(e.Alice, "j1", "alice")
	e.MustApply(e.Alice, protocol.Change{Table: "visits", ID: "v1", Fields: F("job_id", "j1", "revision", 1, "status", "finished",
		"content", map[string]any{"result": "已修复"}, "signed", 1)})
	for _, content := range []map[string]any{{"result": "已修复，更换硒鼓"}, {"result": "已修复，更换硒鼓", "amend_reason": "  "}} {
		r := e.Push(e.Alice, protocol.Change{Table: "visits", ID: "v2", Fields: F("job_id", "j1", "revision", 2, "supersedes", "v1",
			"status", "draft", "content", content, "signed", 0)}).Results[0]
		if r.Status != protocol.StatusRejected || r.Reason == nil || r.Reason.Rule != hub.RuleContent ||
			len(r.Reason.Fields) == 0 || r.Reason.Fields[0].Field != "amend_reason" || r.Reason.Fields[0].ZH == "" {
			t.Errorf("an amendment with content %v = %s, want refused on amend_reason", content, JS(r))
		}
	}
	for _, version := range []int{schema.AmendReasonSince, schema.Version} {
		p := e.Alice
		p.Schema = version
		r := e.Push(p, protocol.Change{Table: "visits", ID: "v2", Fields: F("job_id", "j1", "revision", 2, "supersedes", "v1",
			"status", "draft", "content", map[string]any{"result": "已修复，更换硒鼓"}, "signed", 0)}).Results[0]
		if r.Status != protocol.StatusRejected {
			t.Errorf("an amendment without a reason from a schema %d client = %s, want refused", version, JS(r))
		}
	}
	e.SeedJob(e.Alice, "j2", "alice")
	e.MustApply(e.Alice, protocol.Change{Table: "visits", ID: "w1", Fields: F("job_id", "j2", "revision", 1, "status", "finished",
		"content", map[string]any{"result": "已修复"}, "signed", 1)})
	old := e.Alice
	old.Schema = schema.AmendReasonSince - 1
	e.MustApply(old, protocol.Change{Table: "visits", ID: "w2", Fields: F("job_id", "j2", "revision", 2, "supersedes", "w1",
		"status", "draft", "content", map[string]any{"result": "已修复，更换硒鼓"}, "signed", 0)})
	e.MustApply(e.Alice, protocol.Change{Table: "visits", ID: "v2", Fields: F("job_id", "j1", "revision", 2, "supersedes", "v1",
		"status", "draft", "content", map[string]any{"result": "已修复，更换硒鼓", "amend_reason": "客户补充：硒鼓也已更换"}, "signed", 0)})
	// Nor can a later edit take the reason away.
	r := e.Push(e.Alice, protocol.Change{Table: "visits", ID: "v2", BaseSeq: e.Row("north", "visits", "v2").Seq,
		Fields: F("content", map[string]any{"result": "已修复，更换硒鼓", "amend_reason": ""})}).Results[0]
	if r.Status != protocol.StatusRejected {
		t.Errorf("clearing the reason = %s, want refused", JS(r))
	}
}

func testDuplicateJobNumber(t *testing.T, e *Env) {
	e.SeedJob(e.Alice, "j1", "alice")
	twin := protocol.Change{Table: "jobs", ID: "j9", Fields: F("number", "J-j1", "job_type", "repair", "customer_id", "cust-j1",
		"assigned_to", "alice", "status", "draft", "summary", "同号")}
	if r := e.Push(e.Alice, twin).Results[0]; r.Status != protocol.StatusRejected || r.Reason.Code != protocol.EDUPLICATE {
		t.Errorf("a second job numbered J-j1 = %s, want rejected %s", JS(r), protocol.EDUPLICATE)
	}
	if r := e.Push(e.Alice, protocol.Change{Table: "jobs", ID: "j1", BaseSeq: 99, Fields: F("summary", "改摘要")}).Results[0]; r.Status != protocol.StatusApplied {
		t.Errorf("editing the job that owns the number = %s, want applied", JS(r))
	}
}

func testSignatureInsertOnly(t *testing.T, e *Env) {
	e.SeedJob(e.Alice, "j1", "alice")
	e.MustApply(e.Alice, protocol.Change{Table: "visits", ID: "v1", Fields: F("job_id", "j1", "revision", 1, "status", "finished", "content", map[string]any{}, "signed", 1)})
	// A signature must cover the visit's content as the hub holds it.
	hash := fieldbook.Visit{Meta: fieldbook.Meta{ID: "v1"}, JobID: "j1", Revision: 1}.ContentHash()
	forged := F("visit_id", "v1", "role", "customer", "kind", "real", "signer_name", "王先生", "strokes", []any{}, "content_hash", "abc", "signed_at", "2026-11-03T10:00:00Z")
	if r := e.Push(e.Alice, protocol.Change{Table: "signatures", ID: "s0", Fields: forged}).Results[0]; r.Status != protocol.StatusRejected {
		t.Errorf("a signature over other content = %s, want rejected", JS(r))
	}
	sig := F("visit_id", "v1", "role", "customer", "kind", "real", "signer_name", "王先生", "strokes", []any{}, "content_hash", hash, "signed_at", "2026-11-03T10:00:00Z")
	e.MustApply(e.Alice, protocol.Change{Table: "signatures", ID: "s1", Fields: sig})
	if r := e.Push(e.Alice, protocol.Change{Table: "signatures", ID: "s2", Fields: sig}).Results[0]; r.Status != protocol.StatusRejected {
		t.Errorf("a second customer signature of one visit = %s, want rejected", JS(r))
	}
	if r := e.Push(e.Alice, protocol.Change{Table: "signatures", ID: "s1", Fields: sig}).Results[0]; r.Status != protocol.StatusApplied {
		t.Errorf("re-pushing the same signature = %s, want applied", JS(r))
	}
	r := e.Push(e.Alice, protocol.Change{Table: "signatures", ID: "s1", BaseSeq: 99, Fields: F("signer_name", "李四")}).Results[0]
	if r.Status != protocol.StatusRejected || r.Reason.Code != "conflict" {
		t.Errorf("changing a signature = %s, want rejected conflict", JS(r))
	}
	del := true
	if r := e.Push(e.Alice, protocol.Change{Table: "signatures", ID: "s1", BaseSeq: 99, Deleted: &del}).Results[0]; r.Status != protocol.StatusRejected {
		t.Errorf("deleting a signature = %s, want rejected", JS(r))
	}
	if got := Text(e.Row("north", "signatures", "s1"), "signer_name"); got != "王先生" {
		t.Errorf("signer_name = %q, want 王先生", got)
	}
}

func testFiledJobRefusesTechnician(t *testing.T, e *Env) {
	e.SeedJob(e.Alice, "j1", "alice")
	e.MustApply(e.Alice, protocol.Change{Table: "jobs", ID: "j1", BaseSeq: e.Row("north", "jobs", "j1").Seq, Fields: F("status", "submitted")})
	if _, err := e.Svc.Clerk(e.Ctx, e.Carol, protocol.ClerkRequest{JobID: "j1", Action: protocol.ActionFile, Location: "柜3-2"}); err != nil {
		t.Fatalf("file: %v", err)
	}
	base := e.Row("north", "jobs", "j1").Seq
	for _, ch := range []protocol.Change{
		{Table: "jobs", ID: "j1", BaseSeq: base, Fields: F("summary", "改")},
		{Table: "visits", ID: "v9", Fields: F("job_id", "j1", "revision", 1, "status", "draft", "content", map[string]any{}, "signed", 0)},
	} {
		if r := e.Push(e.Alice, ch).Results[0]; r.Status != protocol.StatusRejected {
			t.Errorf("technician change to a filed job %s/%s = %s, want rejected", ch.Table, ch.ID, JS(r))
		}
	}
	// A filed job is locked for the clerk too.
	if _, err := e.Svc.Clerk(e.Ctx, e.Carol, protocol.ClerkRequest{JobID: "j1", Action: protocol.ActionReturn, Reason: "缺少签字"}); fieldbook.ErrorCode(err) != fieldbook.ECONFLICT {
		t.Errorf("clerk returning a filed job: %v, want a conflict", err)
	}
}

func testPullPagesBounded(t *testing.T, e *Env) {
	const n = 120
	var changes []protocol.Change
	for i := range n {
		note := fmt.Sprintf("%0*d", 10+(i*37)%700, i) // rows of varied size
		changes = append(changes, protocol.Change{Table: "customers", ID: fmt.Sprintf("c%03d", i), Fields: F("name", fmt.Sprint("客户", i), "note", note)})
	}
	e.MustApply(e.Alice, changes[:60]...)
	e.MustApply(e.Bob, changes[60:]...)
	for _, lim := range []struct{ rows, bytes int }{{7, 1 << 20}, {1000, 2000}, {13, 1500}, {5, 1}} {
		t.Run(fmt.Sprintf("rows=%d,bytes=%d", lim.rows, lim.bytes), func(t *testing.T) {
			seen := map[string]bool{}
			var cursor, lastSeq int64
			for pages := 0; ; pages++ {
				page, err := e.Svc.Pull(e.Ctx, e.Carol, cursor, lim.rows, lim.bytes)
				if err != nil {
					t.Fatal(err)
				}
				size := 0
				for _, r := range page.Rows {
					size += len(JS(r)) + 1
					if seen[r.ID] {
						t.Errorf("row %s pulled twice", r.ID)
					}
					seen[r.ID] = true
					if r.Seq <= lastSeq || r.Seq <= cursor {
						t.Errorf("row seq %d after %d (cursor %d)", r.Seq, lastSeq, cursor)
					}
					lastSeq = r.Seq
				}
				if len(page.Rows) > lim.rows {
					t.Errorf("page of %d rows, limit %d", len(page.Rows), lim.rows)
				}
				if len(page.Rows) > 1 && size > lim.bytes {
					t.Errorf("page of %d bytes, limit %d", size, lim.bytes)
				}
				if len(page.Rows) == 0 && page.More {
					t.Fatal("empty page with more = true")
				}
				cursor = page.Cursor
				if !page.More {
					break
				}
			}
			if len(seen) != n {
				t.Errorf("pulled %d distinct rows, want %d", len(seen), n)
			}
		})
	}
}

func testSnapshotFirstSync(t *testing.T, e *Env) {
	e.SeedJob(e.Alice, "j1", "alice")
	for i := range 5 {
		e.MustApply(e.Alice, protocol.Change{Table: "jobs", ID: "j1", BaseSeq: e.Row("north", "jobs", "j1").Seq, Fields: F("summary", fmt.Sprint("第", i, "次"))})
	}
	e.MustApply(e.Alice, protocol.Change{Table: "customers", ID: "gone", Fields: F("name", "删除")})
	del := true
	e.MustApply(e.Alice, protocol.Change{Table: "customers", ID: "gone", BaseSeq: e.Row("north", "customers", "gone").Seq, Deleted: &del})

	rows, _ := e.PullAll(e.Alice2, 0, 0, 0)
	if len(rows) != 2 {
		t.Fatalf("snapshot = %s, want the customer and the job once each", JS(rows))
	}
	job := find(rows, "jobs", "j1")
	if job == nil || job.Version != 6 || string(job.Fields["summary"]) != `"第4次"` {
		t.Errorf("job in snapshot = %s, want version 6, last summary", JS(job))
	}
	// A device that pulled before the delete hears of it.
	rows, _ = e.PullAll(e.Alice2, 1, 0, 0)
	if g := find(rows, "customers", "gone"); g == nil || !g.Deleted {
		t.Errorf("incremental pull = %s, want the tombstone", JS(rows))
	}
}

func testReassignBringsRows(t *testing.T, e *Env) {
	e.SeedJob(e.Alice, "j1", "alice")
	e.MustApply(e.Alice, protocol.Change{Table: "visits", ID: "v1", Fields: F("job_id", "j1", "revision", 1, "status", "draft", "content", map[string]any{}, "signed", 0)})
	rows, cursor := e.PullAll(e.Bob, 0, 0, 0)
	if find(rows, "jobs", "j1") != nil || find(rows, "visits", "v1") != nil {
		t.Fatalf("bob reads alice's job: %s", JS(rows))
	}
	e.MustApply(e.desk("dana", "north"), protocol.Change{Table: "jobs", ID: "j1", BaseSeq: e.Row("north", "jobs", "j1").Seq, Fields: F("assigned_to", "bob")})
	rows, _ = e.PullAll(e.Bob, cursor, 0, 0)
	if find(rows, "jobs", "j1") == nil || find(rows, "visits", "v1") == nil {
		t.Errorf("after reassignment bob pulls %s, want the job and its visit", JS(rows))
	}
}

// PNG is a minimal PNG file for blob tests.
var PNG = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 300)...)

func testBlobs(t *testing.T, e *Env) {
	data := slices.Clone(PNG)
	data[40] = 7
	sha := SHA(data)
	n := int64(len(data))
	st, size, err := e.Svc.BlobState(e.Ctx, e.Alice, sha)
	if err != nil || st.Offset != 0 || size != 0 {
		t.Fatalf("BlobState(new) = %+v, %v, %v", st, size, err)
	}
	if st, done, err := e.Svc.AppendBlob(e.Ctx, e.Alice, sha, n, 0, data[:100]); err != nil || st.Offset != 100 || done {
		t.Fatalf("AppendBlob(0..100) = %+v, %v, %v", st, done, err)
	}
	if _, _, err := e.Svc.AppendBlob(e.Ctx, e.Alice, sha, n, 50, data[50:]); err == nil {
		t.Fatal("AppendBlob at a wrong offset succeeded")
	}
	if st, size, err = e.Svc.BlobState(e.Ctx, e.Alice, sha); err != nil || size != 0 || st.Offset != 100 || st.Length != n {
		t.Fatalf("BlobState(partial) = %+v, %v, %v", st, size, err)
	}
	// An upload in progress is its device's: another device's bytes and
	// state are its own.
	if st, _, err := e.Svc.BlobState(e.Ctx, e.Bob, sha); err != nil || st.Offset != 0 {
		t.Fatalf("BlobState(another device) = %+v, %v, want its own empty upload", st, err)
	}
	if _, _, err := e.Svc.AppendBlob(e.Ctx, e.Bob, sha, n, 0, []byte("junk")); err != nil {
		t.Fatalf("another device's upload: %v", err)
	}
	if st, done, err := e.Svc.AppendBlob(e.Ctx, e.Alice, sha, n, 100, data[100:]); err != nil || !done {
		t.Fatalf("AppendBlob(rest) = %+v, %v, %v", st, done, err)
	}
	b, err := e.Store.Blob(e.Ctx, sha)
	if err != nil || string(b.Data) != string(data) || b.Mime != "image/png" {
		t.Fatalf("Blob = %s %d bytes, %v", b.Mime, len(b.Data), err)
	}
	// The uploader reads it; a technician who neither uploaded it nor may
	// read a row referencing it does not, whatever they know of its hash.
	if st, size, _ := e.Svc.BlobState(e.Ctx, e.Alice2, sha); size != n || st.Offset != n || st.Length != n {
		t.Errorf("BlobState(the uploader's other device) = %+v, %d; want the blob readable and uploaded", st, size)
	}
	if _, err := e.Svc.ReadBlob(e.Ctx, e.Bob, sha); err == nil {
		t.Error("a stranger reads a blob by naming its hash")
	}
	if _, size, _ := e.Svc.BlobState(e.Ctx, e.Bob, sha); size != 0 {
		t.Error("HEAD tells a stranger the blob exists")
	}
	// A row may reference only a blob its user uploaded.
	e.SeedJob(e.Bob, "jb", "bob")
	r := e.Push(e.Bob, protocol.Change{Table: "documents", ID: "d1", Fields: F("job_id", "jb", "kind", "scan", "sha256", sha, "size", n)}).Results[0]
	if r.Status != protocol.StatusRejected || r.Reason.Rule != hub.RuleBlob {
		t.Errorf("a row referencing another user's blob: %s %+v, want rejected by %s", r.Status, r.Reason, hub.RuleBlob)
	}
	// Uploading the bytes proves having them: then the row goes in (bob's
	// own upload began with junk: it fails and he uploads again).
	if _, _, err := e.Svc.AppendBlob(e.Ctx, e.Bob, sha, n, 4, data[4:]); err == nil {
		t.Fatal("bob's upload that began with junk was accepted")
	}
	e.Upload(e.Bob, data)
	e.MustApply(e.Bob, protocol.Change{Table: "documents", ID: "d1", Fields: F("job_id", "jb", "kind", "scan", "sha256", sha, "size", n)})
	// A wrong hash is discarded.
	bad := SHA([]byte("something else"))
	if _, _, err := e.Svc.AppendBlob(e.Ctx, e.Alice, bad, n, 0, data); err == nil {
		t.Fatal("AppendBlob with a wrong hash succeeded")
	}
	if st, size, _ := e.Svc.BlobState(e.Ctx, e.Alice, bad); st.Offset != 0 || size != 0 {
		t.Errorf("BlobState(bad) = %+v, want discarded", st)
	}
}

// A user's display name and employee number reach the device at enrolment;
// without a display name the device gets the user name.
func testUserProfile(t *testing.T, e *Env) {
	enrol := func(user string) protocol.UserInfo {
		t.Helper()
		code, _, err := e.Svc.NewEnrolCode(e.Ctx, user)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := e.Svc.Enrol(e.Ctx, protocol.EnrolRequest{Code: code, DeviceName: "x"})
		if err != nil {
			t.Fatal(err)
		}
		return resp.User
	}
	if got := enrol("bob"); got.DisplayName != "bob" || got.EmployeeNo != "" {
		t.Errorf("enrolled without a profile: %+v, want display name bob", got)
	}
	if err := e.Svc.AddPerson(e.Ctx, hub.User{Name: "zw", Role: hub.RoleTechnician, Centre: "north", DisplayName: " 张伟 ", EmployeeNo: "FW-0107"}); err != nil {
		t.Fatal(err)
	}
	want := protocol.UserInfo{Name: "zw", Role: hub.RoleTechnician, Centre: "north", DisplayName: "张伟", EmployeeNo: "FW-0107"}
	if got := enrol("zw"); got != want {
		t.Errorf("enrolled: %+v, want %+v", got, want)
	}
	if err := e.Svc.SetUserProfile(e.Ctx, "zw", "张伟强", "FW-0108"); err != nil {
		t.Fatal(err)
	}
	want.DisplayName, want.EmployeeNo = "张伟强", "FW-0108"
	if got := enrol("zw"); got != want {
		t.Errorf("enrolled after user set: %+v, want %+v", got, want)
	}
	err := e.Svc.SetUserProfile(e.Ctx, "zw", strings.Repeat("张", 51), strings.Repeat("1", 31))
	if fieldbook.ErrorCode(err) != fieldbook.EINVALID || len(fieldbook.ToPayload(err).Fields) != 2 {
		t.Errorf("over-long profile: %v, want both fields refused", err)
	}
	if err := e.Svc.SetUserProfile(e.Ctx, "nobody", "X", ""); fieldbook.ErrorCode(err) != fieldbook.ENOTFOUND {
		t.Errorf("profile of an unknown user: %v, want not found", err)
	}
}

func testEnrolCodeOneTime(t *testing.T, e *Env) {
	code, _, err := e.Svc.NewEnrolCode(e.Ctx, "bob")
	if err != nil {
		t.Fatal(err)
	}
	first, err := e.Svc.Enrol(e.Ctx, protocol.EnrolRequest{Code: code, DeviceName: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Token) < 43 {
		t.Errorf("token %q is shorter than 32 bytes", first.Token)
	}
	if _, err := e.Svc.Enrol(e.Ctx, protocol.EnrolRequest{Code: code, DeviceName: "y"}); err == nil {
		t.Error("second use of a code succeeded")
	}
	if err := e.Store.RevokeDevice(e.Ctx, first.DeviceID, e.Svc.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.Authenticate(e.Ctx, first.Token); err == nil {
		t.Error("a revoked token authenticates")
	}
	devs, err := e.Store.Devices(e.Ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range devs {
		if d.TokenHash == first.Token || len(d.TokenHash) != 64 {
			t.Errorf("device %s stores %q, want a SHA-256 of the token", d.ID, d.TokenHash)
		}
	}
}

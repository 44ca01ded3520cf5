package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fieldbook/backend/fieldbook"
)

// TestPendingChangesApplyElsewhere moves one device's pending changes to a
// second store, children first, as a pull could deliver them: parked rows
// wait for their parents, the signed visit still verifies, search works,
// and nothing applied enters the second store's outbox.
func TestPendingChangesApplyElsewhere(t *testing.T) {
	ctx := context.Background()
	a, b := openTest(t), openTest(t)
	_, _, j := newJob(t, a, "钱多多", "13612345678")
	view, err := a.StartVisit(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	v := fill(view.Visit, a.Now())
	if _, err := a.SaveVisitDraft(ctx, v); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Sign(ctx, fieldbook.SignatureInput{VisitID: v.ID, Role: fieldbook.RoleCustomer, Kind: fieldbook.SignRefused, Reason: "不在现场"}); err != nil {
		t.Fatal(err)
	}
	changes, err := a.PendingChanges(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for _, c := range changes {
		tables = append(tables, c.Table)
	}
	if want := []string{"customers", "assets", "jobs", "visits", "signatures"}; !slices.Equal(tables, want) {
		t.Fatalf("pending tables = %v, want %v (first-change order)", tables, want)
	}
	// Hand them to b in reverse order, as a hub's pull might.
	var rows []PulledRow
	for i := len(changes) - 1; i >= 0; i-- {
		c := changes[i]
		rows = append(rows, PulledRow{Table: c.Table, ID: c.ID, Seq: int64(100 + i), Fields: c.Fields})
	}
	if err := b.ApplyPulled(ctx, rows[:2], 2); err != nil { // signature and visit: both wait
		t.Fatal(err)
	}
	var parked int
	b.db.QueryRow(`SELECT count(*) FROM sync_parked`).Scan(&parked)
	if parked != 2 {
		t.Errorf("parked = %d, want 2", parked)
	}
	if err := b.ApplyPulled(ctx, rows[2:], 5); err != nil {
		t.Fatal(err)
	}
	b.db.QueryRow(`SELECT count(*) FROM sync_parked`).Scan(&parked)
	if parked != 0 {
		t.Errorf("parked after parents arrived = %d, want 0", parked)
	}
	ver, err := b.VerifyVisit(ctx, v.ID)
	if err != nil || !ver.OK || len(ver.Signatures) != 1 {
		t.Errorf("VerifyVisit on the second store = %+v, %v", ver, err)
	}
	if p, _ := b.SearchJobs(ctx, "多多", 0, 10); p.Total != 1 {
		t.Errorf("search on the second store: %d hits, want 1", p.Total)
	}
	if got, _ := b.PendingChanges(ctx, 100); len(got) != 0 {
		t.Errorf("applied rows entered the outbox: %v", got)
	}
	var cursor int64
	if ok, err := b.SyncState(ctx, "cursor", &cursor); !ok || err != nil || cursor != 5 {
		t.Errorf("cursor = %d, %v, %v; want 5", cursor, ok, err)
	}

	// Acknowledged changes leave a's outbox, and a's rows learn their hub seq.
	var acks []Pushed
	for _, c := range changes {
		acks = append(acks, Pushed{Table: c.Table, ID: c.ID, UpTo: c.UpTo})
	}
	if err := a.MarkPushed(ctx, acks, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.PendingChanges(ctx, 100); len(got) != 0 {
		t.Errorf("outbox after MarkPushed = %v", got)
	}
	// Re-applying a signature (e.g. our own, coming back) is a no-op, not a violation.
	if err := b.ApplyPulled(ctx, rows[:1], 6); err != nil {
		t.Errorf("re-applying a signature: %v", err)
	}
}

// TestPullKeepsUnpushedLocalEdits: a pulled value does not overwrite a
// column this device changed and has not pushed yet; other columns update.
func TestPullKeepsUnpushedLocalEdits(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c, err := d.SaveCustomer(ctx, fieldbook.Customer{Name: "吴敏", Phones: []string{"13700001111"}})
	if err != nil {
		t.Fatal(err)
	}
	changes, _ := d.PendingChanges(ctx, 10)
	if err := d.MarkPushed(ctx, []Pushed{{Table: "customers", ID: c.ID, UpTo: changes[0].UpTo}}, nil); err != nil {
		t.Fatal(err)
	}
	// The next pull brings our row back at hub seq 7: that is the base now.
	if err := d.ApplyPulled(ctx, []PulledRow{{Table: "customers", ID: c.ID, Seq: 7, Fields: changes[0].Fields}}, 7); err != nil {
		t.Fatal(err)
	}
	c.Note = "本机备注"
	if _, err := d.SaveCustomer(ctx, c); err != nil {
		t.Fatal(err)
	}
	pending, _ := d.PendingChanges(ctx, 10)
	if len(pending) != 1 || pending[0].BaseSeq != 7 || pending[0].Fields["note"] != "本机备注" || len(pending[0].Fields) != 1 {
		t.Fatalf("pending = %+v, want note only with base 7", pending)
	}
	err = d.ApplyPulled(ctx, []PulledRow{{Table: "customers", ID: c.ID, Seq: 9, Fields: map[string]any{
		"name": "吴敏（已改）", "note": "办公室备注", "phones": `["13700001111"]`}}}, 9)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := d.Customer(ctx, c.ID)
	if got.Customer.Name != "吴敏（已改）" || got.Customer.Note != "本机备注" {
		t.Errorf("after pull: name %q note %q, want the hub's name and the local note", got.Customer.Name, got.Customer.Note)
	}
	if pending, _ := d.PendingChanges(ctx, 10); len(pending) != 1 || pending[0].BaseSeq != 7 {
		t.Errorf("pending after the pull = %+v, want the edit still based on seq 7", pending)
	}
}

// TestSyncIssuesAreKeptUntilAPersonChooses: a conflict reported by the hub
// is listed with both values; choosing "mine" writes our value back as a new
// local change; choosing "theirs" only closes it.
func TestSyncIssuesAreKeptUntilAPersonChooses(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c, err := d.SaveCustomer(ctx, fieldbook.Customer{Name: "郑爽", Phones: []string{"13700002222"}, Note: "本机"})
	if err != nil {
		t.Fatal(err)
	}
	pending, _ := d.PendingChanges(ctx, 10)
	issues := []SyncIssue{
		{Kind: "conflict", Table: "customers", RowID: c.ID, Field: "note", Yours: []byte(`"本机"`), Theirs: []byte(`"办公室"`)},
		{Kind: "rejected", Table: "customers", RowID: c.ID, Code: "forbidden", Message: "无权修改", MessageEN: "not allowed"},
	}
	if err := d.MarkPushed(ctx, []Pushed{{Table: "customers", ID: c.ID, UpTo: pending[0].UpTo}}, issues); err != nil {
		t.Fatal(err)
	}
	// The pull brings the hub's value.
	if err := d.ApplyPulled(ctx, []PulledRow{{Table: "customers", ID: c.ID, Seq: 4, Fields: map[string]any{"note": "办公室"}}}, 4); err != nil {
		t.Fatal(err)
	}
	list, err := d.SyncIssues(ctx)
	if err != nil || len(list) != 2 {
		t.Fatalf("SyncIssues = %v, %v", list, err)
	}
	conflict := list[1]
	if string(conflict.Yours) != `"本机"` || string(conflict.Theirs) != `"办公室"` {
		t.Errorf("conflict = %+v", conflict)
	}
	if err := d.ResolveSyncIssue(ctx, list[0].ID, "mine"); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("resolving a rejection with 'mine' = %v, want invalid", err)
	}
	if err := d.ResolveSyncIssue(ctx, conflict.ID, "mine"); err != nil {
		t.Fatal(err)
	}
	got, _ := d.Customer(ctx, c.ID)
	pending, _ = d.PendingChanges(ctx, 10)
	if got.Customer.Note != "本机" || len(pending) != 1 || pending[0].Fields["note"] != "本机" || pending[0].BaseSeq != 4 {
		t.Errorf("after choosing mine: note %q, pending %+v", got.Customer.Note, pending)
	}
	if err := d.ResolveSyncIssue(ctx, list[0].ID, "theirs"); err != nil {
		t.Fatal(err)
	}
	if list, _ := d.SyncIssues(ctx); len(list) != 0 {
		t.Errorf("open issues after resolving both = %v", list)
	}
}

// TestConflictKeepsAnEditMadeDuringThePush: the hub answers a pushed value
// with a conflict while the user has typed the field again; the device
// keeps the new edit (to push next) instead of taking the hub's value over
// it. With no newer edit, the hub's value is shown.
func TestConflictKeepsAnEditMadeDuringThePush(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c, err := d.SaveCustomer(ctx, fieldbook.Customer{Name: "王芳", Phones: []string{"13800000000"}})
	if err != nil {
		t.Fatal(err)
	}
	pushed, err := d.PendingChanges(ctx, 10)
	if err != nil || len(pushed) != 1 {
		t.Fatalf("pending = %+v, %v", pushed, err)
	}
	c.Name = "王芳芳" // typed while the push is on its way
	if _, err := d.SaveCustomer(ctx, c); err != nil {
		t.Fatal(err)
	}
	conflict := []SyncIssue{{Kind: "conflict", Table: "customers", RowID: c.ID, Field: "name", Yours: []byte(`"王芳"`), Theirs: []byte(`"王小芳"`)}}
	if err := d.MarkPushed(ctx, []Pushed{{Table: "customers", ID: c.ID, UpTo: pushed[0].UpTo}}, conflict); err != nil {
		t.Fatal(err)
	}
	if got, _ := d.Customer(ctx, c.ID); got.Customer.Name != "王芳芳" {
		t.Errorf("name after the conflict = %q, want the newer local edit", got.Customer.Name)
	}
	next, _ := d.PendingChanges(ctx, 10)
	if len(next) != 1 || next[0].Fields["name"] != "王芳芳" {
		t.Errorf("next push = %+v, want the newer edit", next)
	}
	// Now nothing newer: the hub's value is shown, the loser kept as an issue.
	conflict[0].Yours = []byte(`"王芳芳"`)
	if err := d.MarkPushed(ctx, []Pushed{{Table: "customers", ID: c.ID, UpTo: next[0].UpTo}}, conflict); err != nil {
		t.Fatal(err)
	}
	if got, _ := d.Customer(ctx, c.ID); got.Customer.Name != "王小芳" {
		t.Errorf("name = %q, want the hub's", got.Customer.Name)
	}
	if issues, _ := d.SyncIssues(ctx); len(issues) != 2 {
		t.Errorf("issues = %d, want both losing values kept", len(issues))
	}
}

// TestPulledPhotoGetsItsThumbnail: a scan pulled from another device (its
// original downloaded first) shows a thumbnail made here from the original.
func TestPulledPhotoGetsItsThumbnail(t *testing.T) {
	ctx := context.Background()
	a, b := openTest(t), openTest(t)
	_, _, j := newJob(t, a, "钱多多", "13612345678")
	if _, err := a.AddAttachment(ctx, fieldbook.AttachmentInput{JobID: j.ID, ItemKey: "dispatch_sheet", Name: "派工单.png", DataURL: signaturePNG(t)}); err != nil {
		t.Fatal(err)
	}
	changes, err := a.PendingChanges(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	var rows []PulledRow
	for i, c := range changes {
		if c.Table == "attachments" {
			if _, ok := c.Fields["thumb_sha256"]; ok {
				t.Errorf("the thumbnail is pushed: %v", c.Fields)
			}
			sha, _ := c.Fields["sha256"].(string)
			data, mime, err := a.Blob(ctx, sha)
			if err != nil {
				t.Fatal(err)
			}
			if err := b.PutBlob(ctx, sha, mime, data); err != nil {
				t.Fatal(err)
			}
		}
		rows = append(rows, PulledRow{Table: c.Table, ID: c.ID, Seq: int64(i + 1), Fields: c.Fields})
	}
	if err := b.ApplyPulled(ctx, rows, int64(len(rows))); err != nil {
		t.Fatal(err)
	}
	got, err := b.Attachments(ctx, j.ID)
	if err != nil || len(got) != 1 || !strings.HasPrefix(got[0].ThumbDataURL, "data:image/jpeg;base64,") {
		t.Fatalf("attachments on the second store = %+v, %v", got, err)
	}
}

// TestPulledPagesLeaveCommitsDurable: a pulled page commits without waiting
// for the disk, its log left to the background checkpoint, and the
// connection goes back to synchronous=FULL and its own checkpoint for the
// user's own writes, also after a page that failed.
func TestPulledPagesLeaveCommitsDurable(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	// settings are a connection's synchronous and wal_autocheckpoint.
	settings := func(q querier) (synchronous, autocheckpoint int, err error) {
		if err = q.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&synchronous); err == nil {
			err = q.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&autocheckpoint)
		}
		return synchronous, autocheckpoint, err
	}
	const full, normal = 2, 1
	if got, ck, err := settings(d.db); err != nil || got != full || ck != 1000 {
		t.Fatalf("before any pull: synchronous = %d, wal_autocheckpoint = %d, %v; want %d (FULL), 1000", got, ck, err, full)
	}
	var seen, seenCheckpoint int
	err := d.refetchableTx(ctx, func(tx *sql.Tx) (err error) {
		seen, seenCheckpoint, err = settings(tx)
		return err
	})
	if err != nil || seen != normal || seenCheckpoint != 0 {
		t.Fatalf("inside a pulled page: synchronous = %d, wal_autocheckpoint = %d, %v; want %d (NORMAL), 0 (the background's)", seen, seenCheckpoint, err, normal)
	}
	if got, ck, err := settings(d.db); err != nil || got != full || ck != 1000 {
		t.Fatalf("after a pulled page: synchronous = %d, wal_autocheckpoint = %d, %v; want %d (FULL), 1000", got, ck, err, full)
	}
	bad := []PulledRow{{Table: "no_such_table", ID: "x", Seq: 1, Fields: map[string]any{}}}
	if err := d.ApplyPulled(ctx, bad, 1); err == nil {
		t.Fatal("a page with an unknown table was applied")
	}
	if got, ck, err := settings(d.db); err != nil || got != full || ck != 1000 {
		t.Fatalf("after a failed page: synchronous = %d, wal_autocheckpoint = %d, %v; want %d (FULL), 1000", got, ck, err, full)
	}
	var cursor int64
	if _, err := d.SyncState(ctx, "cursor", &cursor); err != nil || cursor != 0 {
		t.Fatalf("cursor after a failed page = %d, %v; want 0", cursor, err)
	}
}

// TestPushedRowHeldAtTheHubsSeq: a push the hub answered as held (Seq) makes
// that seq the row's base; the pull that brings the row back at that seq
// leaves it alone (nothing decoded or compared), a later version applies.
func TestPushedRowHeldAtTheHubsSeq(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c, err := d.SaveCustomer(ctx, fieldbook.Customer{Name: "吴敏", Phones: []string{"13700001111"}})
	if err != nil {
		t.Fatal(err)
	}
	changes, _ := d.PendingChanges(ctx, 10)
	if err := d.MarkPushed(ctx, []Pushed{{Table: "customers", ID: c.ID, UpTo: changes[0].UpTo, Seq: 7}}, nil); err != nil {
		t.Fatal(err)
	}
	if pending, _ := d.PendingChanges(ctx, 10); len(pending) != 0 {
		t.Fatalf("setting the base entered the outbox: %+v", pending)
	}
	// The echo at seq 7 (its values made different here, to see that it
	// is not applied) and an older version: left alone.
	for _, seq := range []int64{7, 5} {
		if err := d.ApplyPulled(ctx, []PulledRow{{Table: "customers", ID: c.ID, Seq: seq, Fields: map[string]any{"name": "不应写入"}}}, 7); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := d.Customer(ctx, c.ID); got.Customer.Name != "吴敏" {
		t.Errorf("the echo of a held row was applied: name %q", got.Customer.Name)
	}
	c.Note = "本机备注"
	if _, err := d.SaveCustomer(ctx, c); err != nil {
		t.Fatal(err)
	}
	if pending, _ := d.PendingChanges(ctx, 10); len(pending) != 1 || pending[0].BaseSeq != 7 {
		t.Fatalf("pending = %+v, want the edit based on seq 7", pending)
	}
	// A later version applies (the local note is kept).
	if err := d.ApplyPulled(ctx, []PulledRow{{Table: "customers", ID: c.ID, Seq: 8, Fields: map[string]any{"name": "吴敏（已改）", "note": "x"}}}, 8); err != nil {
		t.Fatal(err)
	}
	if got, _ := d.Customer(ctx, c.ID); got.Customer.Name != "吴敏（已改）" || got.Customer.Note != "本机备注" {
		t.Errorf("after a later version: name %q note %q", got.Customer.Name, got.Customer.Note)
	}
}

// TestPendingChangesPassOverABatchInFlight: the batch read while another is
// in flight passes over that batch's rows, in the order the others were
// first changed; an edit of a row in flight waits for a batch after it.
func TestPendingChangesPassOverABatchInFlight(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	var ids []string
	for _, name := range []string{"一", "二", "三", "四"} {
		c, err := d.SaveCustomer(ctx, fieldbook.Customer{Name: "客户" + name})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	inFlight, _ := d.PendingChanges(ctx, 2)
	if len(inFlight) != 2 || inFlight[0].ID != ids[0] || inFlight[1].ID != ids[1] {
		t.Fatalf("first batch = %+v", inFlight)
	}
	// The first customer is edited again while its batch is in flight.
	c, _ := d.Customer(ctx, ids[0])
	c.Customer.Note = "在途中改的"
	if _, err := d.SaveCustomer(ctx, c.Customer); err != nil {
		t.Fatal(err)
	}
	except := map[[2]string]bool{{"customers", ids[0]}: true, {"customers", ids[1]}: true}
	next, err := d.PendingChangesExcept(ctx, 10, except)
	if err != nil || len(next) != 2 || next[0].ID != ids[2] || next[1].ID != ids[3] {
		t.Fatalf("next batch = %+v, %v; want the third and fourth customers", next, err)
	}
	// Once the first batch is acknowledged, its rows' later edits remain.
	acks := []Pushed{{Table: "customers", ID: ids[0], UpTo: inFlight[0].UpTo}, {Table: "customers", ID: ids[1], UpTo: inFlight[1].UpTo}}
	if err := d.MarkPushed(ctx, acks, nil); err != nil {
		t.Fatal(err)
	}
	after, _ := d.PendingChangesExcept(ctx, 10, map[[2]string]bool{{"customers", ids[2]}: true, {"customers", ids[3]}: true})
	if len(after) != 1 || after[0].ID != ids[0] || after[0].Fields["note"] != "在途中改的" {
		t.Fatalf("after the first batch = %+v, want the first customer's later edit", after)
	}
}

// A pulled visit keeps its content once: its base says "the content". An
// edit here keeps the content as pulled as the base, so the push sets only
// the edited key, and a later pull takes the hub's other keys around it.
func TestPulledVisitBaseIsItsContent(t *testing.T) {
	ctx := context.Background()
	a, b := openTest(t), openTest(t)
	_, _, j := newJob(t, a, "钱多多", "13612345678")
	view, err := a.StartVisit(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	v := fill(view.Visit, a.Now())
	if _, err := a.SaveVisitDraft(ctx, v); err != nil {
		t.Fatal(err)
	}
	changes, err := a.PendingChanges(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	var rows []PulledRow
	var pulledContent string
	for i, c := range changes {
		rows = append(rows, PulledRow{Table: c.Table, ID: c.ID, Seq: int64(10 + i), Fields: c.Fields})
		if c.Table == "visits" {
			pulledContent = c.Fields["content"].(string)
		}
	}
	if err := b.ApplyPulled(ctx, rows, 20); err != nil {
		t.Fatal(err)
	}
	var base string
	if err := b.db.QueryRow(`SELECT content_base FROM visits WHERE id = ?`, v.ID).Scan(&base); err != nil || base != baseIsContent {
		t.Fatalf("pulled visit's base = %.40q, %v; want %s", base, err, baseIsContent)
	}
	// An edit here: the base becomes the content as pulled.
	got, err := b.Visit(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	edited := got.Visit
	edited.FaultSymptoms = "开机无显示，风扇狂转"
	if _, err := b.SaveVisitDraft(ctx, edited); err != nil {
		t.Fatal(err)
	}
	if err := b.db.QueryRow(`SELECT content_base FROM visits WHERE id = ?`, v.ID).Scan(&base); err != nil || base != pulledContent {
		t.Fatalf("base after an edit = %.60q, %v; want the pulled content", base, err)
	}
	pending, err := b.PendingChanges(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 1 || !slices.Equal(pending[0].Keys["content"], []string{"fault_symptoms"}) {
		t.Fatalf("pending = %+v, want the visit's fault_symptoms only", pending)
	}
	// The hub's diagnosis arrives: both stand.
	theirs := objectOf(pulledContent)
	theirs["diagnosis"] = json.RawMessage(`"主板电容鼓包"`)
	if err := b.ApplyPulled(ctx, []PulledRow{{Table: "visits", ID: v.ID, Seq: 30, Fields: map[string]any{"content": encodeObject(theirs)}}}, 30); err != nil {
		t.Fatal(err)
	}
	got, err = b.Visit(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Visit.FaultSymptoms != edited.FaultSymptoms || got.Visit.Diagnosis != "主板电容鼓包" {
		t.Errorf("after the pull: fault %q, diagnosis %q", got.Visit.FaultSymptoms, got.Visit.Diagnosis)
	}
}

// A snapshot's page goes in many rows to a statement, parents first,
// whatever its order. A statement that fails goes row by row: a row here
// already is updated, a row whose parent is in a later page waits for it,
// and every other row of that statement still goes in.
func TestSnapshotPageInsertsInBulk(t *testing.T) {
	ctx := context.Background()
	a := openTest(t)
	c1, _, j1 := newJob(t, a, "钱多多", "13612345678")
	c2, _, j2 := newJob(t, a, "孙小美", "13787654321")
	view := filledVisit(t, a, j1.ID)
	changes, err := a.PendingChanges(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	var page1, page2 []PulledRow
	var first PulledRow // customer 1 as an earlier version had it
	// Children first.
	for i, c := range slices.Backward(changes) {
		r := PulledRow{Table: c.Table, ID: c.ID, Seq: int64(10 + i), Fields: c.Fields}
		switch {
		case c.ID == c2.ID:
			page2 = append(page2, r) // job 2's customer comes a page later
		case c.ID == c1.ID:
			first = PulledRow{Table: c.Table, ID: c.ID, Seq: 1, Fields: maps.Clone(c.Fields)}
			first.Fields["name"] = "钱先生"
			page1 = append(page1, r)
		default:
			page1 = append(page1, r)
		}
	}
	b, _ := openDeferred(t)
	if err := b.ApplyPulled(ctx, []PulledRow{first}, 1); err != nil {
		t.Fatal(err)
	}
	if err := b.ApplyPulled(ctx, page1, 30); err != nil {
		t.Fatal(err)
	}
	has := func(table, id string) bool {
		t.Helper()
		var n int
		if err := b.db.QueryRow(`SELECT count(*) FROM `+table+` WHERE id = ?`, id).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n == 1
	}
	if !has("jobs", j1.ID) || !has("visits", view.Visit.ID) || has("jobs", j2.ID) {
		t.Fatalf("after page 1: job 1 %v, its visit %v, job 2 %v; want job 1 and its visit, job 2 waiting for its customer",
			has("jobs", j1.ID), has("visits", view.Visit.ID), has("jobs", j2.ID))
	}
	var name string
	var seq int64
	if err := b.db.QueryRow(`SELECT name, hub_seq FROM customers WHERE id = ?`, c1.ID).Scan(&name, &seq); err != nil || name != c1.Name || seq < 10 {
		t.Errorf("customer 1 after page 1 = %q at seq %d, %v; want %q from page 1", name, seq, err, c1.Name)
	}
	var base string
	if err := b.db.QueryRow(`SELECT content_base FROM visits WHERE id = ?`, view.Visit.ID).Scan(&base); err != nil || base != baseIsContent {
		t.Errorf("pulled visit's base = %.40q, %v; want %s", base, err, baseIsContent)
	}
	if err := b.ApplyPulled(ctx, page2, 40); err != nil {
		t.Fatal(err)
	}
	if !has("jobs", j2.ID) {
		t.Fatal("job 2 did not go in with its customer")
	}
	for _, c := range changes {
		if !has(c.Table, c.ID) {
			t.Errorf("%s %s is missing", c.Table, c.ID)
		}
	}
	if n, err := b.PendingCount(ctx); err != nil || n != 0 {
		t.Errorf("pending after the pull = %d, %v; want 0", n, err)
	}
}

// A snapshot page's rows, children first, all go in many to a statement:
// parents are inserted first, so no row is left to the row-by-row path but
// those of tables it never takes (the signature, checked against its
// visit's content).
func TestSnapshotBulkInsertsParentsFirst(t *testing.T) {
	ctx := context.Background()
	a := openTest(t)
	for _, name := range []string{"钱多多", "孙小美"} {
		_, _, j := newJob(t, a, name, "13612345678")
		filledVisit(t, a, j.ID)
	}
	changes, err := a.PendingChanges(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	var page []PulledRow
	for i, c := range slices.Backward(changes) {
		page = append(page, PulledRow{Table: c.Table, ID: c.ID, Seq: int64(10 + i), Fields: c.Fields})
	}
	b, _ := openDeferred(t)
	var rest []PulledRow
	var inserted []touchedRow
	err = b.tx(ctx, func(tx *sql.Tx) error {
		pa, err := newPageApply(ctx, tx, b.Now())
		if err != nil {
			return err
		}
		defer pa.close()
		rest, inserted, err = b.insertNew(ctx, pa, page)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rest {
		if slices.Contains(bulkTables, r.Table) {
			t.Errorf("%s %s was left to the row-by-row path", r.Table, r.ID)
		}
	}
	if len(inserted)+len(rest) != len(page) || len(inserted) < 6 {
		t.Errorf("%d rows inserted in bulk and %d left, of %d", len(inserted), len(rest), len(page))
	}
}

// A first sync's log is copied into the database in the background while
// the pages go in: the database file holds the pages, and the log does
// not grow with the pull.
func TestPulledPagesAreCheckpointed(t *testing.T) {
	ctx := context.Background()
	d, dir := openDeferred(t)
	note := strings.Repeat("备注", 8<<10) // 48 KiB
	seq := int64(0)
	for range 12 {
		var page []PulledRow
		for range 24 {
			seq++
			page = append(page, PulledRow{Table: "customers", ID: fmt.Sprintf("c%d", seq), Seq: seq, Fields: map[string]any{
				"name": "王先生", "company": "", "phones": `["13800000000"]`, "addresses": `[]`, "note": note,
				"created_at": "2026-01-02T03:04:05Z", "deleted": int64(0)}})
		}
		if err := d.ApplyPulled(ctx, page, seq); err != nil {
			t.Fatal(err)
		}
		d.checkpoint.wg.Wait()
	}
	pulled := seq * int64(len(note))
	db, err := os.Stat(filepath.Join(dir, DBFile))
	if err != nil {
		t.Fatal(err)
	}
	wal, err := os.Stat(filepath.Join(dir, DBFile+"-wal"))
	if err != nil {
		t.Fatal(err)
	}
	if db.Size() < pulled || wal.Size() > pulled/4 {
		t.Errorf("after %d MiB pulled: database %d MiB, log %d MiB; want the pages in the database, the log under a quarter",
			pulled>>20, db.Size()>>20, wal.Size()>>20)
	}
}

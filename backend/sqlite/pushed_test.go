package sqlite

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"

	"fieldbook/backend/fieldbook"
)

// TestOwnJSON: the digests sync_pushed keeps are written as json.Marshal
// writes the map of "seq:digest" by field, plain names or not.
func TestOwnJSON(t *testing.T) {
	for _, digests := range []map[string]string{
		{},
		{"summary": "1x2k9", "status": "zz01", "assigned_to": "0"},
		{"content.diagnosis": "abc", "a<b": "x&y", "名称": "d\"q", "ctl\x01": "tab\t"},
	} {
		want := map[string]string{}
		for k, v := range digests {
			want[k] = strconv.Itoa(42) + ":" + v
		}
		b, err := json.Marshal(want)
		if err != nil {
			t.Fatal(err)
		}
		if got := ownJSON(42, digests); got != string(b) {
			t.Errorf("ownJSON(%v) = %v, want %s", digests, got, b)
		}
	}
	if got := ownJSON(7, nil); got != nil {
		t.Errorf("ownJSON(nil) = %v, want nil", got)
	}
}

// TestMarkPushedKeepsNextBatch: the batch stored while another is in
// flight becomes the batch being pushed with that one's acknowledgement,
// in its transaction: without a stored next batch the acknowledgement
// fails whole (the outbox and the batch in flight stay), and an
// acknowledgement without next forgets a next batch left by a crash.
func TestMarkPushedKeepsNextBatch(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	a, err := d.SaveCustomer(ctx, fieldbook.Customer{Name: "甲"})
	if err != nil {
		t.Fatal(err)
	}
	first, _ := d.PendingChanges(ctx, 10)
	if err := d.SetSyncState(ctx, PushBatchKey, json.RawMessage(`{"batch":1}`)); err != nil {
		t.Fatal(err)
	}
	ack := []Pushed{{Table: "customers", ID: a.ID, UpTo: first[0].UpTo}}
	if err := d.MarkPushedKeep(ctx, ack, nil, true); err == nil {
		t.Fatal("acknowledged with a next batch that was never stored")
	}
	var kept map[string]int
	if ok, err := d.SyncState(ctx, PushBatchKey, &kept); err != nil || !ok || kept["batch"] != 1 {
		t.Fatalf("batch in flight after a failed acknowledgement = %v, %v, %v", kept, ok, err)
	}
	if p, _ := d.PendingChanges(ctx, 10); len(p) != 1 {
		t.Fatalf("pending after a failed acknowledgement = %+v", p)
	}
	if err := d.KeepNextBatch(ctx, json.RawMessage(`{"batch":2}`)); err != nil {
		t.Fatal(err)
	}
	if err := d.MarkPushedKeep(ctx, ack, nil, true); err != nil {
		t.Fatal(err)
	}
	if ok, err := d.SyncState(ctx, PushBatchKey, &kept); err != nil || !ok || kept["batch"] != 2 {
		t.Fatalf("batch being pushed = %v, %v, %v, want the next one", kept, ok, err)
	}
	if ok, _ := d.SyncState(ctx, NextBatchKey, &kept); ok {
		t.Fatal("the next batch is still stored as next")
	}
	if p, _ := d.PendingChanges(ctx, 10); len(p) != 0 {
		t.Fatalf("pending after the acknowledgement = %+v", p)
	}
	// A next batch stored before a crash and never sent goes with the
	// next acknowledgement that keeps none.
	if err := d.KeepNextBatch(ctx, json.RawMessage(`{"batch":3}`)); err != nil {
		t.Fatal(err)
	}
	if err := d.MarkPushedKeep(ctx, nil, nil, false); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{PushBatchKey, NextBatchKey} {
		if ok, _ := d.SyncState(ctx, key, &kept); ok {
			t.Errorf("%s still kept: %v", key, kept)
		}
	}
}

package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
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
// in its transaction, batch after batch; before that acknowledgement (a
// crash) the batch in flight is still the one being pushed; without a
// stored next batch the acknowledgement fails whole (the outbox and the
// batch in flight stay); an acknowledgement without next forgets a next
// batch left by a crash; a restored hub forgets both.
func TestMarkPushedKeepsNextBatch(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	pushing := func(want int) {
		t.Helper()
		var kept map[string]int
		ok, err := d.PushingBatch(ctx, &kept)
		if err != nil || ok != (want != 0) || kept["batch"] != want {
			t.Fatalf("batch being pushed = %v, %v, %v; want batch %d", kept, ok, err, want)
		}
	}
	batch := func(n int) json.RawMessage { return json.RawMessage(`{"batch":` + strconv.Itoa(n) + `}`) }
	save := func(name string) []Pushed {
		t.Helper()
		c, err := d.SaveCustomer(ctx, fieldbook.Customer{Name: name})
		if err != nil {
			t.Fatal(err)
		}
		p, _ := d.PendingChanges(ctx, 10)
		for _, ch := range p {
			if ch.ID == c.ID {
				return []Pushed{{Table: "customers", ID: c.ID, UpTo: ch.UpTo}}
			}
		}
		t.Fatalf("no pending change of %s", name)
		return nil
	}
	pushing(0)
	if err := d.KeepBatch(ctx, batch(1)); err != nil {
		t.Fatal(err)
	}
	ack := save("甲")
	if err := d.MarkPushedKeep(ctx, ack, nil, true); err == nil {
		t.Fatal("acknowledged with a next batch that was never stored")
	}
	pushing(1)
	if p, _ := d.PendingChanges(ctx, 10); len(p) != 1 {
		t.Fatalf("pending after a failed acknowledgement = %+v", p)
	}
	// Batch after batch, each kept while the one before is in flight.
	for n := 2; n <= 4; n++ {
		if err := d.KeepNextBatch(ctx, batch(n)); err != nil {
			t.Fatal(err)
		}
		pushing(n - 1) // a crash here resends the batch in flight
		if err := d.MarkPushedKeep(ctx, ack, nil, true); err != nil {
			t.Fatal(err)
		}
		pushing(n)
		if p, _ := d.PendingChanges(ctx, 10); len(p) != 0 {
			t.Fatalf("pending after the acknowledgement = %+v", p)
		}
		ack = save(fmt.Sprint("乙", n))
	}
	// A next batch stored before a crash and never sent goes with the
	// next acknowledgement that keeps none.
	if err := d.KeepNextBatch(ctx, batch(5)); err != nil {
		t.Fatal(err)
	}
	if err := d.MarkPushedKeep(ctx, ack, nil, false); err != nil {
		t.Fatal(err)
	}
	pushing(0)
	var n int
	if err := d.rdb.QueryRowContext(ctx, `SELECT count(*) FROM sync_state WHERE key IN (?, ?, ?)`, PushBatchKey, NextBatchKey, pushSlotKey).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d batch keys left, %v", n, err)
	}
	// A restored hub forgets the batch being pushed and the next.
	if err := d.KeepBatch(ctx, batch(6)); err != nil {
		t.Fatal(err)
	}
	if err := d.KeepNextBatch(ctx, batch(7)); err != nil {
		t.Fatal(err)
	}
	if err := d.MarkPushedKeep(ctx, nil, nil, true); err != nil {
		t.Fatal(err)
	}
	if err := d.KeepNextBatch(ctx, batch(8)); err != nil {
		t.Fatal(err)
	}
	pushing(7)
	if _, err := d.HubRestored(ctx, 0, "technician", "hub", map[string]string{"hub_id": "h2"}); err != nil {
		t.Fatal(err)
	}
	pushing(0)
	if err := d.rdb.QueryRowContext(ctx, `SELECT count(*) FROM sync_state WHERE key IN (?, ?, ?)`, PushBatchKey, NextBatchKey, pushSlotKey).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d batch keys left after a restore, %v", n, err)
	}
}

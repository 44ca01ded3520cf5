package sqlite

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"fieldbook/backend/fieldbook"
)

type outboxEntry struct {
	tbl, rowID string
	raw        string   // as stored
	changed    []string // the columns it names
}

func outboxEntries(t *testing.T, d *DB) []outboxEntry {
	t.Helper()
	rows, err := d.db.Query(`SELECT tbl, row_id, changed FROM outbox ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []outboxEntry
	for rows.Next() {
		var e outboxEntry
		var changed string
		if err := rows.Scan(&e.tbl, &e.rowID, &changed); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(changed), &e.changed); err != nil {
			t.Fatal(err)
		}
		e.raw, e.changed = changed, entryColumns(e.tbl, e.changed)
		out = append(out, e)
	}
	return out
}

func newJobFor(customerID, assetID string) fieldbook.NewJob {
	return fieldbook.NewJob{JobType: "it_onsite", CustomerID: customerID, AssetID: assetID}
}

func TestOutboxRecordsEveryChangeInTheSameTransaction(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	c, _, j := newJob(t, d, "周杰", "13511112222")
	got := outboxEntries(t, d)
	var tables []string
	for _, e := range got {
		tables = append(tables, e.tbl)
	}
	if want := []string{"customers", "assets", "jobs"}; !equal(tables, want) {
		t.Fatalf("outbox tables after creating = %v, want %v", tables, want)
	}
	if got[2].rowID != j.ID || len(got[2].changed) < 8 {
		t.Errorf("job insert entry = %+v", got[2])
	}
	// An insert's entry stands for every pushed column without listing them.
	if got[2].raw != outboxWholeRow || !slices.Contains(got[2].changed, "summary") || !slices.Contains(got[2].changed, "deleted") {
		t.Errorf("job insert entry = %+v, want the whole-row mark", got[2])
	}

	// An update lists only the columns that changed.
	c.Phones = append(c.Phones, "021-66668888")
	if _, err := d.SaveCustomer(ctx, c); err != nil {
		t.Fatal(err)
	}
	got = outboxEntries(t, d)
	if last := got[len(got)-1]; last.tbl != "customers" || !equal(last.changed, []string{"phones"}) {
		t.Errorf("customer update entry = %+v, want only phones", last)
	}

	// A transaction that fails leaves no outbox entry behind.
	before := len(got)
	if _, err := d.SaveCustomer(ctx, c); err != nil { // no change: no entry
		t.Fatal(err)
	}
	if _, err := d.CreateJob(ctx, newJobFor(c.ID, "missing-asset")); err == nil {
		t.Fatal("CreateJob with a missing asset succeeded")
	}
	if n := len(outboxEntries(t, d)); n != before {
		t.Errorf("outbox grew from %d to %d after a no-op save and a failed create", before, n)
	}

	// Rows applied from the hub do not enter the outbox.
	if _, err := d.db.Exec(`UPDATE sync_flags SET applying = 1`); err != nil {
		t.Fatal(err)
	}
	if _, err := d.db.Exec(`UPDATE customers SET note = 'from hub' WHERE id = ?`, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.db.Exec(`UPDATE sync_flags SET applying = 0`); err != nil {
		t.Fatal(err)
	}
	if n := len(outboxEntries(t, d)); n != before {
		t.Errorf("an applied change entered the outbox (%d entries, want %d)", n, before)
	}
}

package sqlite

import (
	"context"
	"slices"
	"testing"

	"fieldbook/backend/fieldbook"
)

// draftsInOutbox counts the outbox rows of drafts (there must be none).
func outboxRows(t *testing.T, d *DB) int {
	t.Helper()
	var n int
	if err := d.db.QueryRow(`SELECT count(*) FROM outbox WHERE tbl = 'drafts'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The new-customer form is kept as typed, valid or not, across a restart of
// the store; nothing typed, a discard or its creation drops it; it is never
// synced.
func TestNewCustomerDraft(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	d, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := d.CustomerDraft(ctx, ""); err != nil || got != nil {
		t.Fatalf("draft of a fresh store %+v, %v; want none", got, err)
	}
	typed := fieldbook.Customer{Name: "孙丽", Phones: []string{"1391234", ""}, Addresses: []string{"上海市静安区"}, Note: "下午"}
	if err := d.KeepNewCustomerDraft(ctx, typed); err != nil {
		t.Fatalf("keep a form with a phone that is not one yet: %v", err)
	}
	if n := outboxRows(t, d); n != 0 {
		t.Errorf("the draft went into the outbox: %d rows", n)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	d, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	got, err := d.CustomerDraft(ctx, "")
	if err != nil || got == nil {
		t.Fatalf("draft after a restart %+v, %v", got, err)
	}
	if got.Customer.Name != "孙丽" || !slices.Equal(got.Customer.Phones, typed.Phones) || got.Customer.Note != "下午" || got.Customer.ID != "" {
		t.Errorf("restored %+v, want %+v as typed", got.Customer, typed)
	}
	if err := d.KeepNewCustomerDraft(ctx, fieldbook.Customer{Phones: []string{" "}, Addresses: []string{""}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := d.CustomerDraft(ctx, ""); got != nil {
		t.Errorf("a form with nothing typed kept %+v", got)
	}
	if err := d.KeepNewCustomerDraft(ctx, typed); err != nil {
		t.Fatal(err)
	}
	if err := d.DiscardCustomerDraft(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := d.CustomerDraft(ctx, ""); got != nil {
		t.Errorf("a discarded draft kept %+v", got)
	}
}

// A value the customer's autosave refuses is kept as typed in the
// customer's draft (a restart shows it again) until a save takes it; the
// fields that passed are stored; the draft is never synced.
func TestRefusedCustomerValueKept(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	d, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := d.SaveCustomer(ctx, fieldbook.Customer{Name: "孙丽", Phones: []string{"13912345678"}})
	if err != nil {
		t.Fatal(err)
	}
	form := c
	form.Phones = []string{"13912345678", "12345"}
	form.Note = "下午两点后在家"
	res, err := d.SaveCustomerEdit(ctx, fieldbook.CustomerEdit{Customer: form, Base: &c})
	if err != nil || len(res.Refused) != 1 || res.Refused[0].Field != "phones.1" {
		t.Fatalf("refused %+v, %v; want phones.1", res.Refused, err)
	}
	if n := outboxRows(t, d); n != 0 {
		t.Errorf("the draft went into the outbox: %d rows", n)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	d, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	got, err := d.CustomerDraft(ctx, c.ID)
	if err != nil || got == nil {
		t.Fatalf("draft after a restart %+v, %v", got, err)
	}
	if !slices.Equal(got.Fields, []string{"phones"}) || !slices.Equal(got.Customer.Phones, form.Phones) || got.Customer.Note != "下午两点后在家" {
		t.Errorf("draft %+v: want the refused phones as typed over the stored customer (with its note)", got)
	}
	stored, _ := d.Customer(ctx, c.ID)
	if !slices.Equal(stored.Customer.Phones, c.Phones) {
		t.Errorf("the refused phone was stored: %v", stored.Customer.Phones)
	}
	// Corrected: stored, and the draft is gone.
	fixed := res.Customer
	fixed.Phones = []string{"13912345678", "13800001111"}
	if res, err = d.SaveCustomerEdit(ctx, fieldbook.CustomerEdit{Customer: fixed, Base: &res.Customer}); err != nil || len(res.Refused) != 0 {
		t.Fatalf("refused %+v, %v", res.Refused, err)
	}
	if got, err := d.CustomerDraft(ctx, c.ID); err != nil || got != nil {
		t.Errorf("draft after the correction %+v, %v; want none", got, err)
	}
	// A damaged draft does not keep the form from opening.
	if _, err := d.db.Exec(`INSERT INTO drafts (form, value, updated_at) VALUES (?, '{"phones": 7}', '')`, "customer:"+c.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := d.CustomerDraft(ctx, c.ID); err != nil || got != nil {
		t.Errorf("a draft whose value does not fit %+v, %v; want none", got, err)
	}
}

// The 新建工单 form is kept as the dialog gives it, read back whole, and
// dropped by an empty form or a discard.
func TestNewJobDraft(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	if kept, err := d.NewJobDraft(ctx); err != nil || kept != nil {
		t.Fatalf("NewJobDraft on a new store = %v, %v", kept, err)
	}
	form := map[string]any{"customer_mode": "new", "new_customer": map[string]any{"name": "赵雪梅", "phones": []any{"138123"}},
		"job": map[string]any{"summary": "打印机卡纸", "job_type": "it_onsite"}}
	if err := d.KeepNewJobDraft(ctx, form); err != nil {
		t.Fatal(err)
	}
	kept, err := d.NewJobDraft(ctx)
	if err != nil || kept["customer_mode"] != "new" || kept["job"].(map[string]any)["summary"] != "打印机卡纸" ||
		kept["new_customer"].(map[string]any)["phones"].([]any)[0] != "138123" {
		t.Fatalf("NewJobDraft = %v, %v", kept, err)
	}
	if err := d.KeepNewJobDraft(ctx, map[string]any{}); err != nil {
		t.Fatal(err)
	}
	if kept, _ := d.NewJobDraft(ctx); kept != nil {
		t.Errorf("an empty form left a draft: %v", kept)
	}
	_ = d.KeepNewJobDraft(ctx, form)
	if err := d.DiscardNewJobDraft(ctx); err != nil {
		t.Fatal(err)
	}
	if kept, _ := d.NewJobDraft(ctx); kept != nil {
		t.Errorf("a discarded draft is still there: %v", kept)
	}
}

package sqlite

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
)

func TestCustomerLimits(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	ok := fieldbook.Customer{Name: "孙丽", Phones: []string{"13912345678"}, Addresses: []string{"上海市静安区南京西路1266号"}}
	cases := []struct {
		name  string
		edit  func(*fieldbook.Customer)
		field string // the refused path, "" when taken
	}{
		{"name at 50", func(c *fieldbook.Customer) { c.Name = strings.Repeat("孙", 50) }, ""},
		{"name over 50", func(c *fieldbook.Customer) { c.Name = strings.Repeat("孙", 51) }, "name"},
		{"no name, a company", func(c *fieldbook.Customer) { c.Name, c.Company = "", "上海明达贸易有限公司" }, ""},
		{"no name and no company", func(c *fieldbook.Customer) { c.Name = "" }, "name"},
		{"company over 100", func(c *fieldbook.Customer) { c.Company = strings.Repeat("公", 101) }, "company"},
		{"a landline with a space", func(c *fieldbook.Customer) { c.Phones = []string{"0371-6555 1234"} }, ""},
		{"a second phone that is not one", func(c *fieldbook.Customer) { c.Phones = []string{"13912345678", "12345"} }, "phones.1"},
		{"an address over 200", func(c *fieldbook.Customer) { c.Addresses = []string{strings.Repeat("路", 201)} }, "addresses.0"},
		{"a note over 4000", func(c *fieldbook.Customer) { c.Note = strings.Repeat("注", 4001) }, "note"},
	}
	for _, c := range cases {
		in := ok
		c.edit(&in)
		_, err := d.SaveCustomer(ctx, in)
		checkRefusal(t, c.name, err, c.field)
	}
}

// checkRefusal: err took the value (field "") or refused it with one
// bilingual message on field.
func checkRefusal(t *testing.T, what string, err error, field string) {
	t.Helper()
	var fields []fieldbook.FieldError
	var fe *fieldbook.Error
	if errors.As(err, &fe) {
		fields = fe.Fields
	}
	switch {
	case field == "" && err != nil:
		t.Errorf("%s: refused: %v", what, err)
	case field != "" && (len(fields) != 1 || fields[0].Field != field || fields[0].ZH == "" || fields[0].EN == ""):
		t.Errorf("%s: fields %+v, want one bilingual message on %s", what, fields, field)
	}
}

// The customer form's autosave: a refused value keeps the stored one and
// says why on its field; the other fields are stored all the same; a field
// a sync changed since the form's base keeps the store's value.
func TestSaveCustomerEdit(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	c, err := d.SaveCustomer(ctx, fieldbook.Customer{Name: "孙丽", Phones: []string{"13912345678"}, Addresses: []string{"上海市静安区南京西路1266号"}})
	if err != nil {
		t.Fatal(err)
	}
	base := c
	form := c
	form.Phones = []string{"13912345678", "12345"}
	form.Note = "下午两点后在家"
	form.Company = strings.Repeat("公", 101)
	res, err := d.SaveCustomerEdit(ctx, fieldbook.CustomerEdit{Customer: form, Base: &base})
	if err != nil {
		t.Fatal(err)
	}
	refused := map[string]fieldbook.FieldError{}
	for _, r := range res.Refused {
		refused[r.Field] = r
	}
	if len(refused) != 2 || refused["phones.1"].ZH == "" || refused["phones.1"].EN == "" || refused["company"].ZH == "" {
		t.Errorf("refused %+v, want phones.1 and company, in Chinese and English", res.Refused)
	}
	got, err := d.Customer(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Customer.Note != "下午两点后在家" || !slices.Equal(got.Customer.Phones, []string{"13912345678"}) || got.Customer.Company != "" {
		t.Errorf("stored %+v: want the note, the phones and company as before", got.Customer)
	}
	if res.Customer.Note != got.Customer.Note || res.Customer.Version != got.Customer.Version {
		t.Errorf("the result %+v is not the stored customer %+v", res.Customer, got.Customer)
	}

	// A sync changes the name; the form, still on its old base, changes
	// the name too and an address.
	synced := got.Customer
	synced.Name = "孙丽华"
	if _, err := d.SaveCustomer(ctx, synced); err != nil {
		t.Fatal(err)
	}
	form2 := res.Customer
	form2.Name = "孙莉"
	form2.Addresses = []string{"上海市静安区南京西路1266号", "上海市徐汇区漕溪北路88号"}
	res2, err := d.SaveCustomerEdit(ctx, fieldbook.CustomerEdit{Customer: form2, Base: &res.Customer})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res2.Conflicts, []string{"name"}) || len(res2.Refused) != 0 {
		t.Errorf("conflicts %v, refused %+v; want the name in conflict", res2.Conflicts, res2.Refused)
	}
	if res2.Customer.Name != "孙丽华" || len(res2.Customer.Addresses) != 2 {
		t.Errorf("stored %+v: want the synced name and both addresses", res2.Customer)
	}
	// Nothing changed: nothing written.
	res3, err := d.SaveCustomerEdit(ctx, fieldbook.CustomerEdit{Customer: res2.Customer, Base: &res2.Customer})
	if err != nil || res3.Customer.Version != res2.Customer.Version {
		t.Errorf("an unchanged form wrote version %d over %d (%v)", res3.Customer.Version, res2.Customer.Version, err)
	}
}

// An asset is known by its model or serial number and was bought by today
// (the desk's intake took one with neither, bought in 2999).
func TestAssetRefusals(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	d.Now = func() time.Time { return time.Date(2026, 12, 7, 20, 0, 0, 0, time.UTC) }
	c, err := d.SaveCustomer(ctx, fieldbook.Customer{Name: "孙丽", Phones: []string{"13912345678"}})
	if err != nil {
		t.Fatal(err)
	}
	ok := fieldbook.Asset{CustomerID: c.ID, Kind: fieldbook.AssetProduct, Model: "海尔 EG100", PurchaseDate: "2026-12-08"}
	for _, tc := range []struct {
		name  string
		edit  func(*fieldbook.Asset)
		field string
	}{
		{"bought today in China, tomorrow in UTC", func(*fieldbook.Asset) {}, ""},
		{"a serial without a model", func(a *fieldbook.Asset) { a.Model, a.Serial = "", "HR2025A0098" }, ""},
		{"neither model nor serial", func(a *fieldbook.Asset) { a.Model = " " }, "model"},
		{"bought in 2999", func(a *fieldbook.Asset) { a.PurchaseDate = "2999-01-01" }, "purchase_date"},
		{"bought the day after tomorrow", func(a *fieldbook.Asset) { a.PurchaseDate = "2026-12-09" }, "purchase_date"},
	} {
		in := ok
		tc.edit(&in)
		_, err := d.SaveAsset(ctx, in)
		checkRefusal(t, tc.name, err, tc.field)
	}
}

// The 新建工单 form is checked as a whole before anything is saved: a new
// customer, a new product and the job are refused together, each field
// under its part, and nothing is stored. A form the checks let through is
// the one the saves take (the desk's intake showed its refusals one part at
// a time: the customer's, then the product's, then the fault's).
func TestCheckIntake(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	d.Now = func() time.Time { return time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC) }
	types, err := d.JobTypes(ctx)
	if err != nil || len(types) == 0 {
		t.Fatalf("job types: %v", err)
	}
	refused := func(err error) []string {
		var fe *fieldbook.Error
		if !errors.As(err, &fe) || fe.Code != fieldbook.EINVALID {
			t.Fatalf("want a refusal, got %v", err)
		}
		var out []string
		for _, f := range fe.Fields {
			if f.ZH == "" || f.EN == "" {
				t.Errorf("%s: a message is missing a language: %+v", f.Field, f.Message)
			}
			out = append(out, f.Field)
		}
		slices.Sort(out)
		return out
	}

	bad := fieldbook.Intake{
		Customer: &fieldbook.Customer{Phones: []string{"12ab"}},
		Asset:    &fieldbook.Asset{Kind: fieldbook.AssetProduct, PurchaseDate: "2999-01-01"},
		Job:      fieldbook.NewJob{Summary: strings.Repeat("抖", 201)},
	}
	got := refused(d.CheckIntake(bad))
	want := []string{"asset.model", "asset.purchase_date", "customer.name", "customer.phones.0", "job.job_type", "job.summary"}
	if !slices.Equal(got, want) {
		t.Errorf("refused %v, want %v", got, want)
	}

	// No customer picked or typed: the job says so, once.
	if got := refused(d.CheckIntake(fieldbook.Intake{Job: fieldbook.NewJob{JobType: types[0].Key}})); !slices.Equal(got, []string{"job.customer_id"}) {
		t.Errorf("without a customer: refused %v", got)
	}

	// Checked, nothing is stored.
	if page, err := d.Customers(ctx, "", 0, 10); err != nil || len(page.Rows) != 0 {
		t.Errorf("the check stored customers: %+v (%v)", page.Rows, err)
	}

	// What passes the check is saved as typed (trimmed, as each save trims).
	good := fieldbook.Intake{
		Customer: &fieldbook.Customer{Name: " 钱敏 ", Phones: []string{" 13900009991 ", ""}},
		Asset:    &fieldbook.Asset{Kind: fieldbook.AssetProduct, Model: "海尔 EG100MATE5", PurchaseDate: "2026-12-07"},
		Job:      fieldbook.NewJob{JobType: types[0].Key, Summary: " 脱水时剧烈抖动 "},
	}
	if err := d.CheckIntake(good); err != nil {
		t.Fatalf("a good form refused: %v", err)
	}
	c, err := d.SaveCustomer(ctx, *good.Customer)
	if err != nil {
		t.Fatal(err)
	}
	a := *good.Asset
	a.CustomerID = c.ID
	if a, err = d.SaveAsset(ctx, a); err != nil {
		t.Fatal(err)
	}
	good.Job.CustomerID, good.Job.AssetID = c.ID, a.ID
	if _, err := d.CreateJob(ctx, good.Job); err != nil {
		t.Fatal(err)
	}
}

package sqlite

import (
	"context"
	"testing"

	"fieldbook/backend/fieldbook"
)

// TestCentreSettingsEdit: an edit stores its valid fields in the synced row
// (queued for the hub) and keeps a refused value as typed, named with its
// message, without blocking the others; the zone, the registration numbers
// and the letterhead follow the centre's settings once they are here.
func TestCentreSettingsEdit(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	s, _ := d.Settings(ctx)
	s.Setup, s.Technician.Name, s.Company = fieldbook.SetupAlone, "王磊", fieldbook.Company{Name: "本机的公司"}
	if _, err := d.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	if co, _, err := d.Letterhead(ctx); err != nil || co.Name != "本机的公司" {
		t.Fatalf("letterhead without centre settings = %+v, %v, want the laptop's own", co, err)
	}

	var base fieldbook.CentreSettings
	form := fieldbook.CentreSettings{CompanyName: " 上海中心 ", CompanyPhone: "12345", Terms: "保修三个月。", LabourRateFen: 12000,
		TimeZone: "America/New_York", RegistrationFormat: "SH{JOB}/{N}"}
	res, err := d.SaveCentreSettings(ctx, form, base)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Refused) != 1 || res.Refused[0].Field != "company_phone" || res.Refused[0].ZH == "" || res.Refused[0].EN == "" {
		t.Fatalf("refused = %+v, want the phone alone, in both languages", res.Refused)
	}
	if res.Record.CompanyPhone != "12345" || res.Record.CompanyName != "上海中心" {
		t.Errorf("record = %+v, want the refused phone kept as typed", res.Record)
	}
	row, ok, err := centreRow(ctx, d.rdb)
	if err != nil || !ok || row.CompanyName != "上海中心" || row.CompanyPhone != "" || row.LabourRateFen != 12000 {
		t.Fatalf("synced row = %+v %v %v, want the valid fields only", row, ok, err)
	}
	var queued int
	if err := d.rdb.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE tbl = 'centre_settings'`).Scan(&queued); err != nil || queued != 1 {
		t.Errorf("outbox holds %d changes of the centre settings, %v, want 1", queued, err)
	}
	// A reload shows what was typed.
	v, err := d.CentreSettings(ctx)
	if err != nil || !v.Held || v.Record.CompanyPhone != "12345" {
		t.Errorf("reloaded = %+v, %v, want the typed phone", v, err)
	}
	// The fix is stored and the draft goes.
	base, form.CompanyPhone = res.Record, "021-62771234"
	if res, err = d.SaveCentreSettings(ctx, form, base); err != nil || len(res.Refused) != 0 || res.Record.CompanyPhone != "021-62771234" {
		t.Fatalf("fixed = %+v, %v", res, err)
	}
	if row, _, _ = centreRow(ctx, d.rdb); row.CompanyPhone != "021-62771234" {
		t.Errorf("row phone = %q after the fix", row.CompanyPhone)
	}

	if got := d.Zone(ctx).String(); got != "America/New_York" {
		t.Errorf("zone = %s, want the centre's", got)
	}
	if co, cs, err := d.Letterhead(ctx); err != nil || co.Name != "上海中心" || co.Phone != "021-62771234" || cs.Terms != "保修三个月。" {
		t.Errorf("letterhead = %+v %+v %v, want the centre's", co, cs, err)
	}
	c, err := d.SaveCustomer(ctx, fieldbook.Customer{Name: "韩梅", Phones: []string{"13916668888"}})
	if err != nil {
		t.Fatal(err)
	}
	j, err := d.CreateJob(ctx, fieldbook.NewJob{JobType: "it_onsite", CustomerID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	view, err := d.StartVisit(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := "SH" + j.Number + "/1"; view.Visit.RegistrationNo != want {
		t.Errorf("registration no = %q, want %q", view.Visit.RegistrationNo, want)
	}

	// Connecting to a hub: the laptop's own copy goes, nothing of it is pushed.
	if err := d.ForgetCentreSettings(ctx); err != nil {
		t.Fatal(err)
	}
	if v, _ := d.CentreSettings(ctx); v.Held {
		t.Error("the centre settings are still held after forgetting them")
	}
	if err := d.rdb.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE tbl = 'centre_settings'`).Scan(&queued); err != nil || queued != 0 {
		t.Errorf("outbox holds %d changes of the centre settings after forgetting, want 0", queued)
	}
}

package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
)

func TestSettingsDefaultsAndRoundTrip(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	got, err := d.Settings(ctx)
	if err != nil || got != fieldbook.DefaultSettings() {
		t.Fatalf("Settings on a new store = %+v, %v, want defaults", got, err)
	}
	in := fieldbook.Settings{
		Language:   "en",
		Technician: fieldbook.Technician{Name: " 李娜 ", Phone: "13912345678", EmployeeNo: "T-0042"},
		Company:    fieldbook.Company{Name: "华东售后服务中心", Address: "上海市浦东新区张江路88号", Phone: "021-58881234"},
	}
	saved, err := d.SaveSettings(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Technician.Name != "李娜" {
		t.Errorf("saved name = %q, want trimmed 李娜", saved.Technician.Name)
	}
	got, err = d.Settings(ctx)
	if err != nil || got != saved {
		t.Errorf("Settings = %+v, %v, want %+v", got, err, saved)
	}
}

func TestSaveSettingsRefusesInvalidAndKeepsOld(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	good := fieldbook.Settings{Language: "zh-CN", Technician: fieldbook.Technician{Name: "王强"}, TimeZone: fieldbook.DefaultTimeZone}
	if _, err := d.SaveSettings(ctx, good); err != nil {
		t.Fatal(err)
	}
	bad := good
	bad.Technician.Phone = "12345"
	bad.Language = "fr"
	_, err := d.SaveSettings(ctx, bad)
	if fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Fatalf("SaveSettings(bad) = %v, want %s", err, fieldbook.EINVALID)
	}
	fields := map[string]bool{}
	for _, f := range fieldbook.ToPayload(err).Fields {
		fields[f.Field] = true
	}
	if !fields["technician.phone"] || !fields["language"] {
		t.Errorf("field errors = %v, want technician.phone and language", fields)
	}
	if got, _ := d.Settings(ctx); got != good {
		t.Errorf("after a refused save, Settings = %+v, want %+v", got, good)
	}
}

func TestCentreTimeZone(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	// 01:30 UTC is 09:30 on the 27th in Shanghai, 20:30 on the 26th in New York.
	d.Now = func() time.Time { return time.Date(2026, 11, 27, 1, 30, 0, 0, time.UTC) }
	if got := d.Zone(ctx).String(); got != "CST" {
		t.Errorf("Zone on a new store = %s, want China time", got)
	}
	c, a, j := newJob(t, d, "孙丽", "13812345678")
	if !strings.Contains(j.Number, "-20261127-") {
		t.Errorf("job number %s, want the Shanghai day 20261127", j.Number)
	}
	s, _ := d.Settings(ctx)
	s.TimeZone = "Mars/Olympus_Mons"
	if _, err := d.SaveSettings(ctx, s); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("SaveSettings(unknown zone) = %v, want invalid", err)
	}
	s.TimeZone = "America/New_York"
	if _, err := d.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	if got := d.Zone(ctx).String(); got != "America/New_York" {
		t.Errorf("Zone = %s, want America/New_York", got)
	}
	j2, err := d.CreateJob(ctx, newJobFor(c.ID, a.ID))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(j2.Number, "-20261126-") {
		t.Errorf("job number %s, want the New York day 20261126", j2.Number)
	}
	from, to := InboxFilter{From: "2026-11-26", To: "2026-11-26"}.Range(d.Zone(ctx))
	if want := time.Date(2026, 11, 26, 5, 0, 0, 0, time.UTC); !from.Equal(want) || !to.Equal(want.Add(24*time.Hour-time.Second)) {
		t.Errorf("Range = %v – %v, want the New York day from %v", from, to, want)
	}
}

// TestEditSettings: an edit of the settings form stores its valid fields at
// once and keeps a refused value as typed, with its message, until fixed.
func TestEditSettings(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	base, err := d.EditedSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	form := base
	form.Technician.Name, form.Technician.Phone, form.Company.Name = "张伟", "12345", "上海某某公司"
	res, err := d.EditSettings(ctx, form, base)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Refused) != 1 || res.Refused[0].Field != "technician.phone" || res.Refused[0].EN == "" {
		t.Fatalf("refused = %+v, want the phone alone", res.Refused)
	}
	if res.Stored.Technician.Name != "张伟" || res.Stored.Company.Name != "上海某某公司" || res.Stored.Technician.Phone != "" {
		t.Errorf("stored = %+v, want the name and company without the bad phone", res.Stored)
	}
	if got, _ := d.EditedSettings(ctx); got.Technician.Phone != "12345" || got.Technician.Name != "张伟" {
		t.Errorf("the form after a reload = %+v, want the typed phone kept", got.Technician)
	}
	// Another field's edit keeps the refused phone as it was typed.
	base, form = res.Record, res.Record
	form.Company.Address = "上海市浦东新区张江路 88 号"
	if res, err = d.EditSettings(ctx, form, base); err != nil || len(res.Refused) != 1 || res.Stored.Company.Address == "" {
		t.Fatalf("second edit = %+v, %v", res, err)
	}
	base, form = res.Record, res.Record
	form.Technician.Phone = "13812345678"
	if res, err = d.EditSettings(ctx, form, base); err != nil || len(res.Refused) != 0 || res.Stored.Technician.Phone != "13812345678" {
		t.Fatalf("fixed = %+v, %v", res, err)
	}
	if got, _ := d.Settings(ctx); got.Technician.Phone != "13812345678" {
		t.Errorf("stored phone = %q", got.Technician.Phone)
	}
}

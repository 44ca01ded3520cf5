package sqlite

import (
	"context"
	"testing"

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
	good := fieldbook.Settings{Language: "zh-CN", Technician: fieldbook.Technician{Name: "王强"}}
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

package desktop

import (
	"context"
	"testing"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/hub"
)

// TestCentreSettingsReachEveryDevice: the admin edits the centre's settings
// on their laptop; a technician's laptop that worked alone connects and its
// letterhead, logo and terms become the centre's; it cannot change them.
func TestCentreSettingsReachEveryDevice(t *testing.T) {
	ctx := context.Background()
	svc, srv := testHub(t, map[string]string{"赵敏": hub.RoleAdmin, "张伟": hub.RoleTechnician})
	connect := func(s *Services, user string) {
		t.Helper()
		code, _, err := svc.NewEnrolCode(ctx, user)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Sync.Connect(srv.URL, code, false); err != nil {
			t.Fatal(err)
		}
	}

	admin, _ := open(t)
	connect(admin, "赵敏")
	logo, err := admin.Settings.UploadLogo(pad(t))
	if err != nil {
		t.Fatal(err)
	}
	view, err := admin.Settings.Centre()
	if err != nil || !view.Editable {
		t.Fatalf("admin's centre settings = %+v, %v, want editable", view, err)
	}
	want := fieldbook.CentreSettings{CompanyName: "上海中心", CompanyAddress: "上海市浦东新区张江路 88 号", CompanyPhone: "021-58881234",
		LogoSHA256: logo, RegistrationFormat: "{JOB}-{N}", Terms: "保修三个月。", LabourRateFen: 12000, TimeZone: "Asia/Shanghai"}
	if res, err := admin.Settings.SaveCentre(want, view.Record); err != nil || len(res.Refused) != 0 {
		t.Fatalf("admin saves = %+v, %v", res, err)
	}
	if rep, err := admin.Sync.Now(); err != nil || rep.Rejected != 0 {
		t.Fatalf("admin's sync = %+v, %v", rep, err)
	}

	tech, _ := open(t)
	alone := fieldbook.DefaultSettings()
	alone.Setup, alone.Technician.Name, alone.Company = fieldbook.SetupAlone, "张伟", fieldbook.Company{Name: "张伟维修部", Phone: "13800000000"}
	if _, err := tech.Settings.Save(alone); err != nil {
		t.Fatal(err)
	}
	connect(tech, "张伟")
	got, err := tech.Settings.Centre()
	if err != nil || !got.Held || got.Editable || got.Record != want {
		t.Errorf("technician's centre settings = %+v, %v, want the admin's, read-only", got, err)
	}
	if l, err := tech.Settings.Logo(); err != nil || l == "" {
		t.Errorf("technician's logo = %.30q, %v, want the admin's image", l, err)
	}
	db, _ := tech.Settings.store()
	if co, cs, err := db.Letterhead(ctx); err != nil || co.Name != "上海中心" || cs.Terms != "保修三个月。" {
		t.Errorf("technician's letterhead = %+v %+v %v, want the centre's", co, cs, err)
	}
	if _, err := tech.Settings.SaveCentre(fieldbook.CentreSettings{CompanyName: "张伟维修部"}, got.Record); fieldbook.ErrorCode(err) != "forbidden" {
		t.Errorf("technician saves the centre settings: %v, want forbidden", err)
	}
}

package desktop

import (
	"bytes"
	"context"
	"encoding/base64"
	"testing"

	"fieldbook/backend/catalogue"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/hub"
)

// TestCatalogueReachesEveryDevice: the admin imports a price list on their
// laptop (a workbook with a bad line imports nothing); a technician's
// laptop that kept its own list while working alone connects, its list
// becomes the centre's, its picker finds 内存条 by "nct", and it cannot
// change the list.
func TestCatalogueReachesEveryDevice(t *testing.T) {
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
	workbook := func(parts ...fieldbook.CatalogueItem) string {
		var buf bytes.Buffer
		if err := catalogue.Write(&buf, map[string][]fieldbook.CatalogueItem{fieldbook.KindPart: parts}); err != nil {
			t.Fatal(err)
		}
		return base64.StdEncoding.EncodeToString(buf.Bytes())
	}
	ram := fieldbook.CatalogueItem{Kind: fieldbook.KindPart, Code: "NC-DDR4-8G", Name: "内存条 DDR4 8G", Unit: "条", PriceFen: 19900, Active: true}
	ssd := fieldbook.CatalogueItem{Kind: fieldbook.KindPart, Code: "YP-1T", Name: "固态硬盘 1T", Unit: "块", PriceFen: 45000, Active: true}

	admin, _ := open(t)
	connect(admin, "赵敏")
	if ok, err := admin.Catalogue.Editable(); err != nil || !ok {
		t.Fatalf("admin's catalogue editable = %v, %v", ok, err)
	}
	badSSD := ssd
	badSSD.Code = "有空格 X"
	res, err := admin.Catalogue.Import(workbook(ram, badSSD))
	if err != nil || res.Imported != 0 || len(res.Errors) != 1 || res.Errors[0].Line != 3 || res.Errors[0].Field != "code" {
		t.Fatalf("import with a bad line 3 = %+v, %v", res, err)
	}
	if page, _ := admin.Catalogue.List(fieldbook.KindPart, "", 0, 50); page.Total != 0 {
		t.Fatalf("a refused import stored %d items", page.Total)
	}
	if res, err = admin.Catalogue.Import(workbook(ram, ssd)); err != nil || res.Imported != 2 {
		t.Fatalf("import = %+v, %v", res, err)
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
	if _, err := tech.Catalogue.Save(fieldbook.CatalogueItem{Kind: fieldbook.KindPart, Code: "OWN-1", Name: "自己的配件", Unit: "个", PriceFen: 1, Active: true}); err != nil {
		t.Fatalf("a laptop alone keeps its own list: %v", err)
	}
	connect(tech, "张伟")
	picked, err := tech.Catalogue.Pick(fieldbook.KindPart, "nct")
	if err != nil || len(picked) != 1 || picked[0].Name != "内存条 DDR4 8G" || picked[0].PriceFen != 19900 {
		t.Errorf("technician picks nct = %+v, %v, want the centre's 内存条", picked, err)
	}
	if page, _ := tech.Catalogue.List(fieldbook.KindPart, "", 0, 50); page.Total != 2 {
		t.Errorf("technician's list holds %d items, want the centre's 2 (its own went)", page.Total)
	}
	if ok, _ := tech.Catalogue.Editable(); ok {
		t.Error("the technician's catalogue is editable")
	}
	if _, err := tech.Catalogue.Save(ram); fieldbook.ErrorCode(err) != "forbidden" {
		t.Errorf("technician saves an item: %v, want forbidden", err)
	}
	if _, err := tech.Catalogue.Import(workbook(ram)); fieldbook.ErrorCode(err) != "forbidden" {
		t.Errorf("technician imports: %v, want forbidden", err)
	}
	if doc, err := tech.Catalogue.Export(); err != nil || doc.Size == 0 {
		t.Errorf("technician exports: %+v, %v", doc, err)
	}
}

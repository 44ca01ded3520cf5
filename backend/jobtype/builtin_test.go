package jobtype

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"fieldbook/backend/fieldbook"
)

var update = flag.Bool("update", false, "rewrite builtin/*.json in canonical form, regenerate builtin/house_inspection.json and testdata golden files")

// TestBuiltinFiles: every built-in file parses and is exactly what Export
// writes for it; the generated house inspection is up to date.
func TestBuiltinFiles(t *testing.T) {
	house, err := Export(houseInspectionBundle())
	if err != nil {
		t.Fatal(err)
	}
	files := BuiltinFiles()
	if _, ok := files["house_inspection.json"]; !ok && *update {
		if err := os.WriteFile(filepath.Join("builtin", "house_inspection.json"), house, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Log("wrote builtin/house_inspection.json; run the tests again")
	}
	if len(files) < 6 {
		t.Fatalf("only %d built-in files", len(files))
	}
	for name, data := range files {
		b, err := Parse(data)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		want, err := Export(b)
		if err != nil {
			t.Errorf("%s: export: %v", name, err)
			continue
		}
		if name == "house_inspection.json" {
			want = house
		}
		if bytes.Equal(data, want) {
			continue
		}
		if *update {
			if err := os.WriteFile(filepath.Join("builtin", name), want, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("rewrote builtin/%s; run the tests again", name)
			continue
		}
		t.Errorf("builtin/%s is not in canonical form or out of date; run go test -run TestBuiltinFiles -update", name)
	}
}

// TestBuiltinGolden: the export of the whole built-in set is stable.
func TestBuiltinGolden(t *testing.T) {
	got, err := Export(Builtin())
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "builtin.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("Export(Builtin()) differs from %s; run go test -run TestBuiltinGolden -update and review the diff", golden)
	}
	// Round trip: Export(Parse(x)) == x.
	b, err := Parse(want)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Export(b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, want) {
		t.Fatal("Export(Parse(golden)) != golden")
	}
	if !reflect.DeepEqual(b, Builtin()) {
		t.Fatal("Parse(Export(Builtin())) != Builtin()")
	}
}

func docKeys(docs []DocumentType) []string {
	var keys []string
	for _, d := range docs {
		keys = append(keys, d.Key)
	}
	return keys
}

func TestVehicleDocumentSet(t *testing.T) {
	vt, ok := Builtin().JobType("vehicle_service")
	if !ok {
		t.Fatal("no vehicle_service")
	}
	all := []string{"battery_check", "repair_certificate", "work_order", "settlement", "final_inspection",
		"maintenance_sheet", "suggested_repairs", "appointment"}
	if got := docKeys(vt.Documents); !slices.Equal(got, all) {
		t.Fatalf("binding order %v, want %v", got, all)
	}
	names := []string{"电瓶检查单", "小修合格证", "任务委托书", "结算清单", "最终检查单", "保养单", "建议维修单", "预约单"}
	for i, d := range vt.Documents {
		if d.Name.ZH != names[i] || d.Name.EN == "" {
			t.Errorf("document %d is %+v, want %s", i, d.Name, names[i])
		}
	}
	for _, c := range []struct {
		flags map[string]bool
		want  []string
	}{
		{nil, all[:5]},
		{map[string]bool{FlagHadMaintenance: true}, append(slices.Clone(all[:5]), "maintenance_sheet")},
		{map[string]bool{FlagWasBooked: true, FlagWarrantyClaim: true}, append(slices.Clone(all[:5]), "appointment")},
		{map[string]bool{FlagHasSuggestedRepairs: true, FlagWasBooked: true}, append(slices.Clone(all[:5]), "suggested_repairs", "appointment")},
		{map[string]bool{FlagHadMaintenance: true, FlagHasSuggestedRepairs: true, FlagWasBooked: true}, all},
		{map[string]bool{FlagHadMaintenance: false, FlagWasBooked: true}, append(slices.Clone(all[:5]), "appointment")},
	} {
		if got := docKeys(vt.DocumentsFor(c.flags)); !slices.Equal(got, c.want) {
			t.Errorf("DocumentsFor(%v) = %v, want %v", c.flags, got, c.want)
		}
	}
	// The archive rules' signatures and stamps; every document also carries
	// the customer's real signature (客户真实签字).
	want := map[string][2][]string{
		"battery_check":      {{"customer"}, nil},
		"repair_certificate": {{"inspector", "customer"}, {"business"}},
		"work_order":         {{"customer", "service_advisor", "lead_technician"}, nil},
		"settlement":         {{"customer"}, {"finance_paid"}},
		"final_inspection":   {{"customer", "test_driver"}, nil},
		"maintenance_sheet":  {{"customer", "test_driver", "lead_technician"}, nil},
		"suggested_repairs":  {{"customer"}, nil},
		"appointment":        {{"customer"}, nil},
	}
	for key, w := range want {
		d, _ := vt.Document(key)
		if !slices.Equal(d.Signatures, w[0]) || !slices.Equal(d.Stamps, w[1]) {
			t.Errorf("%s: signatures %v stamps %v, want %v %v", key, d.Signatures, d.Stamps, w[0], w[1])
		}
	}
	if d, _ := vt.Document("maintenance_sheet"); d.Presence != PresenceConditional || d.When != FlagHadMaintenance || d.Template != "vehicle_maintenance" {
		t.Errorf("maintenance sheet: %+v", d)
	}
}

func TestBuiltinTemplates(t *testing.T) {
	b := Builtin()
	house, ok := b.Template("house_inspection")
	if !ok {
		t.Fatal("no house_inspection template")
	}
	if n := house.Len(); n < 200 || n > 300 {
		t.Fatalf("house inspection has %d items, want 200–300", n)
	}
	var groups []string
	for _, g := range house.Groups {
		groups = append(groups, g.Name.ZH)
	}
	if want := []string{"厨卫排水", "水电", "瓷砖", "地面", "门窗", "五金与涂料", "阴阳角"}; !slices.Equal(groups, want) {
		t.Errorf("house inspection groups %v, want %v", groups, want)
	}
	hollow, _, ok := house.Item("living_floor_tile_hollow_rate")
	if !ok || hollow.Kind != KindNumber || hollow.Unit != "%" || hollow.Max == nil || *hollow.Max != 3 || !hollow.PhotoOnFail {
		t.Errorf("hollow rate item: %+v", hollow)
	}
	if _, _, ok := house.Item("rcd_test"); !ok {
		t.Error("no leakage-breaker test item")
	}

	site, ok := b.Template("site_acceptance")
	if !ok {
		t.Fatal("no site_acceptance template")
	}
	// The paper form: its heading, the seven 合格 items, 存在问题 as free text.
	var header, labels, lists []string
	for _, g := range site.Groups {
		for _, it := range g.Items {
			switch {
			case g.Header:
				header = append(header, it.Label.ZH+":"+it.Kind)
			case it.Kind == KindList:
				lists = append(lists, it.Label.ZH)
			case it.Kind == KindPassFail:
				labels = append(labels, it.Label.ZH)
			default:
				t.Errorf("%s is %s", it.Key, it.Kind)
			}
		}
	}
	if want := []string{"工程名称:text", "承包工程项目:text", "项目承包方（乙方）:text", "项目发包方（甲方）:text", "验收日期:date"}; !slices.Equal(header, want) {
		t.Errorf("site acceptance header %v, want %v", header, want)
	}
	if want := []string{"墙壁", "地砖", "水电管道线路", "墙砖", "卫生间", "淋浴间", "暖气"}; !slices.Equal(labels, want) {
		t.Errorf("site acceptance items %v, want %v", labels, want)
	}
	if !slices.Equal(lists, []string{"存在问题"}) {
		t.Errorf("site acceptance lists %v, want [存在问题]", lists)
	}
	// The version it replaced is still known, for the checklists filled with it.
	var retired []string
	for _, r := range RetiredTemplates() {
		retired = append(retired, r.Key+"@"+strconv.Itoa(r.Version))
		if r.Version >= site.Version && r.Key == site.Key {
			t.Errorf("retired %s v%d is not older than the built-in v%d", r.Key, r.Version, site.Version)
		}
	}
	if !slices.Contains(retired, "site_acceptance@1") {
		t.Errorf("retired templates %v lack site_acceptance@1", retired)
	}
	st, _ := b.JobType("site_acceptance")
	if d, _ := st.Document("acceptance"); !slices.Equal(d.Signatures, []string{fieldbook.RolePartyA, fieldbook.RolePartyB}) {
		t.Errorf("acceptance signatures %v", d.Signatures)
	}

	eq, _ := b.JobType("equipment_repair")
	var fields []string
	for _, f := range eq.Fields {
		fields = append(fields, f.Key)
	}
	if !slices.Equal(fields, []string{"maintenance_type", "maintenance_level", "equipment_class"}) {
		t.Errorf("equipment fields %v", fields)
	}
	if d, ok := eq.Document("test_run"); !ok || d.Template != "equipment_test_run" {
		t.Errorf("equipment test run: %+v", d)
	}
}

func TestCheckFields(t *testing.T) {
	eq, _ := Builtin().JobType("equipment_repair")
	if errs := eq.CheckFields(map[string]string{"maintenance_type": "routine", "maintenance_level": "level_2", "equipment_class": "A"}); len(errs) != 0 {
		t.Fatal(errs)
	}
	errs := eq.CheckFields(map[string]string{"maintenance_level": "level_4", "colour": "red"})
	var got []string
	for _, e := range errs {
		got = append(got, e.Field)
	}
	if want := []string{"fields.maintenance_type", "fields.maintenance_level", "fields.colour"}; !slices.Equal(got, want) {
		t.Fatalf("%v, want %v", errs, want)
	}
}

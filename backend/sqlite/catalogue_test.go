package sqlite

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"fieldbook/backend/fieldbook"
)

func codes(rows []CatalogueRow) []string {
	out := []string{}
	for _, r := range rows {
		out = append(out, r.Code)
	}
	return out
}

// TestCataloguePick: the picker finds an item by its code, by a part of its
// name and by its pinyin initials, only active items of the kind asked
// for; an edit and a deletion reach the index; a change is queued for the
// hub.
func TestCataloguePick(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	items := []fieldbook.CatalogueItem{
		{Kind: fieldbook.KindPart, Code: "NC-DDR4-8G", Name: "内存条 DDR4 8G", Unit: "条", PriceFen: 19900, Active: true},
		{Kind: fieldbook.KindPart, Code: "YP-SSD-1T", Name: "固态硬盘 1T", Unit: "块", PriceFen: 45000, Active: true},
		{Kind: fieldbook.KindPart, Code: "NC-OLD", Name: "内存条 DDR2", Unit: "条", PriceFen: 100, Active: false},
		{Kind: fieldbook.KindLabour, Code: "GS-NC", Name: "内存更换", Unit: "小时", PriceFen: 8000, Active: true},
	}
	if err := d.ImportCatalogue(ctx, items); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		kind, typed string
		want        []string
	}{
		{fieldbook.KindPart, "nct", []string{"NC-DDR4-8G"}},
		{fieldbook.KindPart, "NCT", []string{"NC-DDR4-8G"}},
		{fieldbook.KindPart, "内存", []string{"NC-DDR4-8G"}},
		{fieldbook.KindPart, "nc-ddr4", []string{"NC-DDR4-8G"}},
		{fieldbook.KindPart, "gtyp", []string{"YP-SSD-1T"}},
		{fieldbook.KindPart, "n", []string{"NC-DDR4-8G"}},
		{fieldbook.KindPart, "", []string{"NC-DDR4-8G", "YP-SSD-1T"}},
		{fieldbook.KindLabour, "nc", []string{"GS-NC"}},
		{fieldbook.KindLabour, "nct", []string{}},
		{fieldbook.KindPart, "打印机", []string{}},
		{fieldbook.KindPart, "yp-ssd-1t", []string{"YP-SSD-1T"}},
	} {
		got, err := d.PickCatalogue(ctx, tc.kind, tc.typed, 20)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(codes(got), tc.want) {
			t.Errorf("pick %s %q = %v, want %v", tc.kind, tc.typed, codes(got), tc.want)
		}
	}
	// A whole code typed leads, even when the index's first matches are others.
	var many []fieldbook.CatalogueItem
	for i := range 30 {
		many = append(many, fieldbook.CatalogueItem{Kind: fieldbook.KindPart, Code: fmt.Sprintf("A-%02d", i), Name: "内存条 旧款", Unit: "条", Active: true})
	}
	many = append(many, fieldbook.CatalogueItem{Kind: fieldbook.KindPart, Code: "NCT", Name: "内存条 新款", Unit: "条", Active: true})
	if err := d.ImportCatalogue(ctx, many); err != nil {
		t.Fatal(err)
	}
	if got, err := d.PickCatalogue(ctx, fieldbook.KindPart, "nct", 20); err != nil || len(got) != 20 || got[0].Code != "NCT" {
		t.Errorf("pick nct among 32 matches = %v, %v, want the code NCT first and 20 in all", codes(got), err)
	}
	if got, _ := d.PickCatalogue(ctx, fieldbook.KindPart, "A-07", 20); len(got) == 0 || got[0].Code != "A-07" {
		t.Errorf("pick A-07 = %v, want A-07 first", codes(got))
	}
	for _, it := range many {
		if err := d.DeleteCatalogueItem(ctx, fieldbook.CatalogueID(it.Kind, it.Code)); err != nil {
			t.Fatal(err)
		}
	}
	// The list shows inactive items too.
	page, err := d.Catalogue(ctx, fieldbook.KindPart, "nct", 0, 50)
	if err != nil || page.Total != 2 || len(page.Rows) != 2 {
		t.Errorf("list nct = %+v, %v, want both 内存条", page, err)
	}
	// A rename reaches the index; a deletion leaves it.
	renamed := items[0]
	renamed.Name = "笔记本内存"
	if _, err := d.SaveCatalogueItem(ctx, renamed); err != nil {
		t.Fatal(err)
	}
	if got, _ := d.PickCatalogue(ctx, fieldbook.KindPart, "nct", 20); len(got) != 0 {
		t.Errorf("after the rename nct picks %v", codes(got))
	}
	if got, _ := d.PickCatalogue(ctx, fieldbook.KindPart, "bjbnc", 20); !slices.Equal(codes(got), []string{"NC-DDR4-8G"}) {
		t.Errorf("after the rename bjbnc picks %v", codes(got))
	}
	if err := d.DeleteCatalogueItem(ctx, fieldbook.CatalogueID(fieldbook.KindPart, "YP-SSD-1T")); err != nil {
		t.Fatal(err)
	}
	if got, _ := d.PickCatalogue(ctx, fieldbook.KindPart, "", 20); !slices.Equal(codes(got), []string{"NC-DDR4-8G"}) {
		t.Errorf("after the deletion the picker offers %v", codes(got))
	}
	var queued int
	if err := d.rdb.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE tbl = 'catalogue_items'`).Scan(&queued); err != nil || queued == 0 {
		t.Errorf("outbox holds %d catalogue changes, %v", queued, err)
	}
}

// TestCatalogueImportAllOrNothing: one refused item stores none of the
// import; a valid one stores all, updating items of the same code.
func TestCatalogueImportAllOrNothing(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	var items []fieldbook.CatalogueItem
	for i := range 50 {
		items = append(items, fieldbook.CatalogueItem{Kind: fieldbook.KindPart, Code: fmt.Sprintf("P-%03d", i), Name: fmt.Sprintf("配件%d", i), Unit: "个", PriceFen: int64(100 + i), Active: true})
	}
	bad := slices.Clone(items)
	bad[37].PriceFen = -1
	if err := d.ImportCatalogue(ctx, bad); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Fatalf("import with a bad price: %v, want invalid", err)
	}
	if page, _ := d.Catalogue(ctx, fieldbook.KindPart, "", 0, 100); page.Total != 0 {
		t.Fatalf("%d items stored from a refused import", page.Total)
	}
	if err := d.ImportCatalogue(ctx, items); err != nil {
		t.Fatal(err)
	}
	items[3].PriceFen = 9999
	if err := d.ImportCatalogue(ctx, items[:5]); err != nil {
		t.Fatal(err)
	}
	page, err := d.Catalogue(ctx, fieldbook.KindPart, "", 0, 100)
	if err != nil || page.Total != 50 || page.Rows[3].PriceFen != 9999 {
		t.Errorf("after two imports: %d items, item 3 at %d fen, %v", page.Total, page.Rows[3].PriceFen, err)
	}
}

// TestCataloguePulled: items pulled from the hub are in the picker; an item
// the hub deletes leaves it.
func TestCataloguePulled(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	row := func(seq int64, deleted bool) PulledRow {
		return PulledRow{Table: "catalogue_items", ID: "part:NC-8G", Seq: seq, Fields: map[string]any{
			"kind": "part", "code": "NC-8G", "name": "内存条", "unit": "条", "price_fen": int64(19900), "pinyin": "nct", "active": int64(1),
			"deleted": deleted,
		}}
	}
	if err := d.ApplyPulled(ctx, []PulledRow{row(1, false)}, 1); err != nil {
		t.Fatal(err)
	}
	if got, err := d.PickCatalogue(ctx, fieldbook.KindPart, "nct", 20); err != nil || !slices.Equal(codes(got), []string{"NC-8G"}) || got[0].PriceFen != 19900 {
		t.Fatalf("pulled item picked %+v, %v", got, err)
	}
	if err := d.ApplyPulled(ctx, []PulledRow{row(2, true)}, 2); err != nil {
		t.Fatal(err)
	}
	if got, _ := d.PickCatalogue(ctx, fieldbook.KindPart, "nct", 20); len(got) != 0 {
		t.Errorf("deleted on the hub, still picked: %v", codes(got))
	}
}

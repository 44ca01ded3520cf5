package fieldbook_test

import (
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
)

func TestChanges(t *testing.T) {
	arrived := time.Date(2026, 12, 7, 1, 30, 0, 0, time.UTC)
	later := arrived.Add(45 * time.Minute)
	old := fieldbook.Visit{Customer: fieldbook.CustomerSnapshot{Name: "欧阳娜娜", Phone: "13917255832"}, Result: "已修复",
		Parts: []fieldbook.PartLine{{CatalogueNo: "RM1-8808", Name: "搓纸轮", Qty: 1, UnitPriceFen: 8500}}, ArrivedAt: &arrived}
	next := old
	next.Customer.Phone = "13917255833"
	next.Parts = []fieldbook.PartLine{{CatalogueNo: "RM1-8808", Name: "搓纸轮", Qty: 1, UnitPriceFen: 5800}}
	next.ArrivedAt = &later
	next.AmendReason = "单价录入有误" // the reason is no change of the record
	shanghai := time.FixedZone("CST", 8*3600)
	got := fieldbook.Changes(old, next, shanghai)
	want := []fieldbook.FieldChange{
		{Field: "customer.phone", Label: fieldbook.Message{ZH: "联系电话", EN: "Phone"}, Old: "13917255832", New: "13917255833"},
		{Field: "parts", Label: fieldbook.Message{ZH: "备品/配件", EN: "Parts"}, Old: "搓纸轮 (RM1-8808) × 1 @ ¥85.00", New: "搓纸轮 (RM1-8808) × 1 @ ¥58.00"},
		{Field: "arrived_at", Label: fieldbook.Message{ZH: "到达时间", EN: "Arrival"}, Old: "2026-12-07 09:30", New: "2026-12-07 10:15"},
	}
	if len(got) != len(want) {
		t.Fatalf("Changes = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("change %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if c := fieldbook.Changes(old, old, nil); len(c) != 0 {
		t.Errorf("Changes(same) = %+v", c)
	}
}

package adversarial

import (
	"encoding/json"
	"strings"
	"testing"
)

// itemRow is a push of one catalogue item.
func itemRow(id string, fields map[string]any) change {
	return change{"table": "catalogue_items", "id": id, "fields": fields}
}

func part(code, name, pinyin string, fen int) map[string]any {
	return map[string]any{"kind": "part", "code": code, "name": name, "unit": "条", "price_fen": fen, "pinyin": pinyin, "active": 1}
}

// TestCatalogue: a centre's parts price list and labour items are its
// admin's to write. A technician, a clerk and an admin of another centre
// cannot change them (the other admin writes its own centre's items, which
// this centre never sees); an item whose id is not its kind and code, a
// forged pinyin, a bad code, price, unit or kind is refused, naming each
// bad field; every device of the centre pulls the items.
func TestCatalogue(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newHub(t, store)
			e.run("user", "add", "--db", e.db, "--name", "钱进", "--role", "admin", "--centre", "南区")
			southAdmin := e.enrol("钱进")

			ram := part("NC-DDR4-8G", "内存条 DDR4 8G", "nctddr48g", 19900)
			e.admin.mustApply(itemRow("part:NC-DDR4-8G", ram))
			e.admin.mustApply(itemRow("labour:GS-01", map[string]any{"kind": "labour", "code": "GS-01", "name": "上门检测", "unit": "小时", "price_fen": 8000, "pinyin": "smjc", "active": 1}))

			cases := []refusal{
				{"technician adds a part", e.tech, itemRow("part:X-1", part("X-1", "内存条", "nct", 100)), "ownership", nil},
				{"technician lowers a price", e.tech, itemRow("part:NC-DDR4-8G", map[string]any{"price_fen": 1}), "ownership", nil},
				{"technician deletes an item", e.tech, change{"table": "catalogue_items", "id": "part:NC-DDR4-8G", "deleted": true}, "ownership", nil},
				{"clerk lowers a price", e.clerk, itemRow("part:NC-DDR4-8G", map[string]any{"price_fen": 1}), "ownership", nil},
				{"clerk adds a labour item", e.clerk, itemRow("labour:GS-09", map[string]any{"kind": "labour", "code": "GS-09", "name": "清洁", "unit": "次", "price_fen": 100, "pinyin": "qj", "active": 1}), "ownership", nil},
				{"admin: an id that is not the kind and code", e.admin, itemRow("part:OTHER", part("NC-2", "内存条", "nct", 100)), "content", nil},
				{"admin: changes an item's code", e.admin, itemRow("part:NC-DDR4-8G", map[string]any{"code": "NC-9"}), "content", nil},
				{"admin: a forged pinyin", e.admin, itemRow("part:NC-3", part("NC-3", "内存条", "abc", 100)), "content", []string{"pinyin"}},
				{"admin: a rename with the old pinyin", e.admin, itemRow("part:NC-DDR4-8G", map[string]any{"name": "硬盘"}), "content", []string{"pinyin"}},
				{"admin: a negative price", e.admin, itemRow("part:NC-4", part("NC-4", "内存条", "nct", -1)), "content", []string{"price_fen"}},
				{"admin: a price over the limit", e.admin, itemRow("part:NC-5", part("NC-5", "内存条", "nct", 100_000_001)), "content", []string{"price_fen"}},
				{"admin: a price that is text", e.admin, itemRow("part:NC-6", map[string]any{"kind": "part", "code": "NC-6", "name": "内存条", "unit": "条", "price_fen": "199元", "pinyin": "nct", "active": 1}), "values", []string{"price_fen"}},
				{"admin: a fractional price", e.admin, itemRow("part:NC-7", map[string]any{"kind": "part", "code": "NC-7", "name": "内存条", "unit": "条", "price_fen": 1.5, "pinyin": "nct", "active": 1}), "values", []string{"price_fen"}},
				{"admin: an unknown kind", e.admin, itemRow("tool:T-1", map[string]any{"kind": "tool", "code": "T-1", "name": "扳手", "unit": "把", "price_fen": 100, "pinyin": "bs", "active": 1}), "values", []string{"kind"}},
				{"admin: active is not a flag", e.admin, itemRow("part:NC-8", map[string]any{"kind": "part", "code": "NC-8", "name": "内存条", "unit": "条", "price_fen": 1, "pinyin": "nct", "active": 2}), "values", []string{"active"}},
				{"admin: a forged field", e.admin, itemRow("part:NC-9", map[string]any{"kind": "part", "code": "NC-9", "name": "内存条", "unit": "条", "price_fen": 1, "pinyin": "nct", "active": 1, "cost_fen": 1}), "values", nil},
				{"admin: several fields bad", e.admin, itemRow("part:BAD", map[string]any{"kind": "part", "code": "有 空格", "name": "", "unit": "", "price_fen": -5, "pinyin": "", "active": 1}), "content", []string{"code", "name", "price_fen", "unit"}},
				{"admin: a name over its limit", e.admin, itemRow("part:NC-10", part("NC-10", strings.Repeat("内", 101), strings.Repeat("n", 101), 1)), "content", []string{"name"}},
			}
			expectRefused(t, cases)

			// The admin changes a price and renames an item with its pinyin.
			e.admin.mustApply(itemRow("part:NC-DDR4-8G", map[string]any{"price_fen": 18800}))
			// Another centre's admin writes its own centre's item of the same code, never this centre's.
			southAdmin.mustApply(itemRow("part:NC-DDR4-8G", part("NC-DDR4-8G", "南区内存", "nqnc", 1)))

			itemsOf := func(d *device) map[string]map[string]any {
				got := map[string]map[string]any{}
				for _, r := range d.pullAll() {
					if r.Table == "catalogue_items" {
						raw, _ := json.Marshal(r.Fields)
						var f map[string]any
						_ = json.Unmarshal(raw, &f)
						got[r.ID] = f
					}
				}
				return got
			}
			for _, d := range []*device{e.tech, e.clerk, e.admin} {
				got := itemsOf(d)
				if len(got) != 2 {
					t.Errorf("%s pulls %d items, want 2: %v", d.name, len(got), got)
				}
				if it := got["part:NC-DDR4-8G"]; it == nil || it["name"] != "内存条 DDR4 8G" || it["price_fen"] != float64(18800) {
					t.Errorf("%s pulls %v, want the centre's 内存条 at 18800 fen", d.name, it)
				}
			}
			if got := itemsOf(southAdmin); len(got) != 1 || got["part:NC-DDR4-8G"]["name"] != "南区内存" {
				t.Errorf("南区 pulls %v, want its own item only", got)
			}
		})
	}
}

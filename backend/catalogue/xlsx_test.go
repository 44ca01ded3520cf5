package catalogue

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fieldbook/backend/fieldbook"
)

// workbook builds an .xlsx with the sheets given, each a list of rows.
func workbook(t *testing.T, sheets map[string][][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	first := true
	for name, rows := range sheets {
		if first {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
			first = false
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(name, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var header = []any{"编码 Code", "名称 Name", "单位 Unit", "单价（元） Price (yuan)", "启用 Active"}

// TestReadNamesEveryBadLine: each bad row is named by its sheet, its line as
// Excel numbers it and its field, in Chinese and English, and nothing of the
// workbook is returned to import.
func TestReadNamesEveryBadLine(t *testing.T) {
	data := workbook(t, map[string][][]any{
		"配件价格表": {
			header,
			{"NC-DDR4-8G", "内存条 DDR4 8G", "条", 199.5, "是"},
			{"", "硬盘", "块", "300", ""},          // line 3: no code
			{"YP-1T", "固态硬盘 1T", "块", "三百", ""}, // line 4: price not an amount
			{"ZB-01", "主板", "块", "-5", ""},      // line 5: price below 0
			{},                                  // line 6: blank, passed over
			{"NC-DDR4-8G", "内存条（重复）", "条", "10", "否"}, // line 7: code repeats line 2
			{"DY-01", "电源", "", "12.345", "也许"},       // line 8: no unit, three decimals, active unreadable
		},
		"工时项目": {
			header,
			{"GS-01", "上门检测", "小时", "80", ""},
			{"GS 02", "", "次", "50", ""}, // line 3: code with a space, no name
		},
	})
	items, bad, err := Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if items != nil {
		t.Errorf("items returned with bad lines: %v", items)
	}
	var got []string
	for _, e := range bad {
		got = append(got, fmt.Sprintf("%s:%d:%s", e.Sheet, e.Line, e.Field))
		if e.ZH == "" || e.EN == "" {
			t.Errorf("%s line %d: a message is missing: %+v", e.Sheet, e.Line, e)
		}
	}
	want := []string{
		"配件价格表:3:code", "配件价格表:4:price_fen", "配件价格表:5:price_fen", "配件价格表:7:code",
		"配件价格表:8:price_fen", "配件价格表:8:active", "配件价格表:8:unit",
		"工时项目:3:code", "工时项目:3:name",
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("bad lines\n got %v\nwant %v", got, want)
	}
	for _, e := range bad {
		if e.Line == 7 && !strings.Contains(e.ZH, "第 2 行") {
			t.Errorf("the repeated code does not name its first line: %s", e.ZH)
		}
	}
}

// TestReadOneBadRowOfMany: a price list of 500 items with one bad row gives
// that one row, and no item.
func TestReadOneBadRowOfMany(t *testing.T) {
	rows := [][]any{header}
	for i := range 500 {
		price := any(fmt.Sprintf("%d.%02d", 10+i, i%100))
		if i == 321 {
			price = "N/A"
		}
		rows = append(rows, []any{fmt.Sprintf("P-%04d", i), fmt.Sprintf("配件%d", i), "个", price})
	}
	items, bad, err := Read(bytes.NewReader(workbook(t, map[string][][]any{"配件价格表": rows})))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 0 || len(bad) != 1 || bad[0].Line != 323 || bad[0].Field != "price_fen" {
		t.Errorf("got %d items and %+v, want no item and line 323's price", len(items), bad)
	}
}

// TestWriteReadsBack: an export imports as the same items (headers in
// Chinese first), pinyin derived, prices to the fen.
func TestWriteReadsBack(t *testing.T) {
	in := map[string][]fieldbook.CatalogueItem{
		fieldbook.KindPart: {
			{Kind: fieldbook.KindPart, Code: "NC-DDR4-8G", Name: "内存条 DDR4 8G", Unit: "条", PriceFen: 19950, Active: true},
			{Kind: fieldbook.KindPart, Code: "ZB-01", Name: "主板", Unit: "块", PriceFen: 1, Active: false},
		},
		fieldbook.KindLabour: {{Kind: fieldbook.KindLabour, Code: "GS-01", Name: "上门检测", Unit: "小时", PriceFen: 8000, Active: true}},
	}
	var buf bytes.Buffer
	if err := Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if h, _ := f.GetCellValue("配件价格表", "A1"); h != "编码 Code" {
		t.Errorf("A1 = %q, want the Chinese header first", h)
	}
	items, bad, err := Read(bytes.NewReader(buf.Bytes()))
	if err != nil || bad != nil {
		t.Fatal(err, bad)
	}
	var want []fieldbook.CatalogueItem
	for _, k := range fieldbook.CatalogueKinds {
		for _, it := range in[k] {
			it.Normalize()
			want = append(want, it)
		}
	}
	if !slices.Equal(items, want) {
		t.Errorf("read back\n got %+v\nwant %+v", items, want)
	}
	if items[0].Pinyin != "nctddr48g" {
		t.Errorf("pinyin of %s = %q", items[0].Name, items[0].Pinyin)
	}
}

func TestReadRefusesOtherFiles(t *testing.T) {
	if _, _, err := Read(strings.NewReader("code,name\nA,B\n")); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("a CSV: %v, want invalid", err)
	}
	if _, _, err := Read(bytes.NewReader(workbook(t, map[string][][]any{"Sheet9": {header}}))); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("no catalogue sheet: %v, want invalid", err)
	}
	_, bad, err := Read(bytes.NewReader(workbook(t, map[string][][]any{"配件价格表": {{"编码", "名称"}, {"A", "B"}}})))
	if err != nil || len(bad) != 2 || bad[0].Line != 1 {
		t.Errorf("missing columns: %v %+v, want the unit and price columns named on line 1", err, bad)
	}
}

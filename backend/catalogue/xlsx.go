// Package catalogue reads and writes a centre's catalogue — its parts price
// list and labour items — as an Excel workbook (.xlsx): one sheet per kind,
// headers in Chinese then English. An import is checked whole: every bad
// row is named by its sheet, line and field, and a workbook with any bad
// row imports nothing.
package catalogue

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"fieldbook/backend/fieldbook"
)

// Sheets of the workbook, by kind.
var Sheets = map[string]string{fieldbook.KindPart: "配件价格表", fieldbook.KindLabour: "工时项目"}

// column is one column of a sheet: its header and the item field it holds.
type column struct {
	field  string // the item's JSON field name
	zh, en string
	width  float64
}

var columns = []column{
	{"code", "编码", "Code", 18},
	{"name", "名称", "Name", 32},
	{"unit", "单位", "Unit", 8},
	{"price_fen", "单价（元）", "Price (yuan)", 14},
	{"active", "启用", "Active", 8},
}

// MaxRows bounds the rows of one import (both sheets).
const MaxRows = 100_000

// LineError is one bad cell or row of an import: its sheet, its line (as
// Excel numbers it, the header being line 1) and field, and what is wrong.
type LineError struct {
	Sheet string `json:"sheet"`
	Line  int    `json:"line"`
	Field string `json:"field"` // the item's field; "" for the whole row or sheet
	fieldbook.Message
}

// Read reads a workbook: its items, or every bad row. Neither sheet is
// required, but a workbook with neither holds nothing to import.
func Read(r io.Reader) ([]fieldbook.CatalogueItem, []LineError, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, nil, fieldbook.Wrap(err, fieldbook.EINVALID, "无法读取该文件：请选择 Excel 工作簿（.xlsx）。",
			"The file cannot be read: choose an Excel workbook (.xlsx).")
	}
	defer f.Close()
	var items []fieldbook.CatalogueItem
	var bad []LineError
	found := false
	for _, kind := range fieldbook.CatalogueKinds {
		sheet := Sheets[kind]
		if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
			continue
		}
		found = true
		rows, err := f.GetRows(sheet)
		if err != nil {
			return nil, nil, fieldbook.Wrap(err, fieldbook.EINVALID, "无法读取工作表“"+sheet+"”。", "The sheet "+sheet+" cannot be read.")
		}
		if len(items)+len(rows) > MaxRows+2 {
			return nil, nil, fieldbook.Errorf(fieldbook.EINVALID, fmt.Sprintf("行数过多：一次最多导入 %d 行。", MaxRows),
				fmt.Sprintf("Too many rows: at most %d are imported at once.", MaxRows))
		}
		got, errs := readSheet(kind, sheet, rows)
		items, bad = append(items, got...), append(bad, errs...)
	}
	if !found {
		return nil, nil, fieldbook.Errorf(fieldbook.EINVALID, "工作簿中没有“配件价格表”或“工时项目”工作表。",
			"The workbook has no sheet named 配件价格表 (parts) or 工时项目 (labour).")
	}
	if len(bad) > 0 {
		return nil, bad, nil
	}
	return items, nil, nil
}

// readSheet reads one sheet's rows: the header (its columns in any order),
// then one item a line; blank lines are passed over.
func readSheet(kind, sheet string, rows [][]string) ([]fieldbook.CatalogueItem, []LineError) {
	if len(rows) == 0 {
		return nil, nil
	}
	at := map[string]int{}
	for i, h := range rows[0] {
		for _, c := range columns {
			// 单价（元） Price (yuan), 单价, Price: by its first two characters or its English name
			if h = strings.TrimSpace(h); strings.HasPrefix(h, string([]rune(c.zh)[:2])) || strings.EqualFold(h, c.en) {
				at[c.field] = i
			}
		}
	}
	var bad []LineError
	for _, c := range columns[:4] {
		if _, ok := at[c.field]; !ok {
			bad = append(bad, LineError{Sheet: sheet, Line: 1, Field: c.field, Message: fieldbook.Message{
				ZH: "缺少“" + c.zh + "”列。", EN: "The column " + c.en + " is missing."}})
		}
	}
	if len(bad) > 0 {
		return nil, bad
	}
	cell := func(row []string, field string) string {
		i, ok := at[field]
		if !ok || i >= len(row) {
			return ""
		}
		return strings.TrimSpace(row[i])
	}
	var items []fieldbook.CatalogueItem
	seen := map[string]int{}
	for n, row := range rows[1:] {
		line := n + 2
		if strings.TrimSpace(strings.Join(row, "")) == "" {
			continue
		}
		it := fieldbook.CatalogueItem{Kind: kind, Code: cell(row, "code"), Name: cell(row, "name"), Unit: cell(row, "unit"), Active: true}
		lineErr := func(field string, m fieldbook.Message) {
			bad = append(bad, LineError{Sheet: sheet, Line: line, Field: field, Message: m})
		}
		priceOK := true
		if fen, m := parseYuan(cell(row, "price_fen")); m != nil {
			lineErr("price_fen", *m)
			priceOK = false
		} else {
			it.PriceFen = fen
		}
		if a, m := parseActive(cell(row, "active")); m != nil {
			lineErr("active", *m)
		} else {
			it.Active = a
		}
		it.Normalize()
		if err := it.Validate(); err != nil {
			if fe, ok := err.(*fieldbook.Error); ok {
				for _, f := range fe.Fields {
					if f.Field != "price_fen" || priceOK {
						lineErr(f.Field, f.Message)
					}
				}
			}
		}
		if first, dup := seen[it.Code]; dup && it.Code != "" {
			lineErr("code", fieldbook.Message{
				ZH: fmt.Sprintf("编码 %s 与第 %d 行重复。", it.Code, first),
				EN: fmt.Sprintf("The code %s repeats line %d.", it.Code, first)})
		} else {
			seen[it.Code] = line
		}
		items = append(items, it)
	}
	return items, bad
}

// parseYuan reads a price in yuan ("12", "12.5", "¥1,280.00") as fen.
func parseYuan(typed string) (int64, *fieldbook.Message) {
	s := strings.NewReplacer("¥", "", "￥", "", ",", "", "元", "").Replace(strings.TrimSpace(typed))
	if s == "" {
		return 0, &fieldbook.Message{ZH: "请填写单价。", EN: "Enter the price."}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, &fieldbook.Message{ZH: "单价“" + typed + "”不是金额，例如 128 或 128.50。", EN: "The price " + typed + " is not an amount, e.g. 128 or 128.50."}
	}
	fen := math.Round(v * 100)
	if math.Abs(v*100-fen) > 1e-6 {
		return 0, &fieldbook.Message{ZH: "单价最多精确到分（两位小数）。", EN: "A price has at most two decimals (fen)."}
	}
	if fen < 0 || fen > fieldbook.MaxCataloguePriceFen {
		return 0, &fieldbook.Message{ZH: "单价须在 0 到 1,000,000 元之间。", EN: "The price must be between 0 and 1,000,000 yuan."}
	}
	return int64(fen), nil
}

// parseActive reads the 启用 column: blank is active.
func parseActive(s string) (bool, *fieldbook.Message) {
	switch strings.ToLower(s) {
	case "", "是", "启用", "y", "yes", "1", "true":
		return true, nil
	case "否", "停用", "n", "no", "0", "false":
		return false, nil
	}
	return false, &fieldbook.Message{ZH: "“启用”填 是 或 否。", EN: "Active is 是 (yes) or 否 (no)."}
}

// Write writes the items of both kinds as a workbook that Read reads back.
func Write(w io.Writer, byKind map[string][]fieldbook.CatalogueItem) error {
	f := excelize.NewFile()
	defer f.Close()
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "1C3A64"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E0E7F0"}}})
	if err != nil {
		return err
	}
	money := "0.00"
	price, err := f.NewStyle(&excelize.Style{CustomNumFmt: &money})
	if err != nil {
		return err
	}
	for i, kind := range fieldbook.CatalogueKinds {
		sheet := Sheets[kind]
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sheet); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sheet); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(sheet)
		if err != nil {
			return err
		}
		hdr := make([]any, len(columns))
		for j, c := range columns {
			hdr[j] = excelize.Cell{StyleID: head, Value: c.zh + " " + c.en}
			if err := sw.SetColWidth(j+1, j+1, c.width); err != nil {
				return err
			}
		}
		if err := sw.SetRow("A1", hdr); err != nil {
			return err
		}
		for n, it := range byKind[kind] {
			active := "是"
			if !it.Active {
				active = "否"
			}
			cellName, _ := excelize.CoordinatesToCellName(1, n+2)
			row := []any{it.Code, it.Name, it.Unit, excelize.Cell{StyleID: price, Value: float64(it.PriceFen) / 100}, active}
			if err := sw.SetRow(cellName, row); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.Write(w)
}

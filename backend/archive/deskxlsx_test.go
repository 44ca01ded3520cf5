package archive

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"fieldbook/backend/fieldbook"
)

// The desk's workbook: a row per month and the total, Chinese headers, the
// rates as numbers (a rate of nothing an empty cell), reschedules shown as
// "—" while they are not counted, complaints by kind and state.
func TestWriteDeskStatsXLSX(t *testing.T) {
	nov := fieldbook.DeskMonth{Month: "2026-11", FollowUp: fieldbook.FollowUpStats{Solved: 4, OnTime: 3, Late: 1},
		Appointments: 5, Arrived: 4, OnTime: 3, Late: 1, Complaints: 2,
		ComplaintsByKind: map[string]int{"quality": 2}, ComplaintsByState: map[string]int{"closed": 1, "registered": 1}}
	dec := fieldbook.DeskMonth{Month: "2026-12"}
	st := fieldbook.DeskStats{Months: []fieldbook.DeskMonth{nov, dec}, Zone: "Asia/Shanghai"}
	st.Total.Add(nov)
	st.Total.Add(dec)
	var b bytes.Buffer
	if err := WriteDeskStatsXLSX(&b, st); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(SheetDesk, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	var head []string
	var at = map[string][]string{}
	for _, r := range rows {
		if len(r) > 0 && r[0] == "月份" {
			head = r
		}
		if len(r) > 0 {
			at[r[0]] = r
		}
	}
	col := func(name string) int {
		for i, h := range head {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s in %v", name, head)
		return -1
	}
	get := func(row, name string) string {
		r := at[row]
		if i := col(name); i < len(r) {
			return r[i]
		}
		return ""
	}
	for _, c := range []struct{ row, col, want string }{
		{"2026-11", "2 小时回访率", "0.75"}, {"2026-11", "准时率", "0.75"}, {"2026-11", "预约", "5"},
		{"2026-11", "投诉·质量", "2"}, {"2026-11", "投诉·已结案", "1"}, {"2026-11", "改约", "—"},
		{"2026-12", "准时率", ""}, {"合计", "投诉", "2"}, {"合计", "迟到", "1"},
	} {
		if got := get(c.row, c.col); got != c.want {
			t.Errorf("%s %s = %q, want %q", c.row, c.col, got, c.want)
		}
	}
}

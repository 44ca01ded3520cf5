package archive

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/schema"
)

// SheetDesk is the sheet of the service desk's statistics.
const SheetDesk = "客服统计"

// WriteDeskStatsXLSX writes the service desk's statistics as an .xlsx
// workbook in the style of the clerk's export: one row per month and a
// total — the two-hour follow-up rule, arrival against the appointment,
// reschedules and hand-backs, complaints by kind and by state — with rates
// as percentages and Chinese headers.
func WriteDeskStatsXLSX(w io.Writer, st fieldbook.DeskStats) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	if err := f.SetDefaultFont(XLSXFont); err != nil {
		return fmt.Errorf("xlsx: font: %w", err)
	}
	if err := f.SetSheetName("Sheet1", SheetDesk); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	s, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("xlsx: styles: %w", err)
	}
	if err := writeDeskSheet(f, s, st); err != nil {
		return fmt.Errorf("xlsx: desk: %w", err)
	}
	_ = f.SetDocProps(&excelize.DocProperties{Title: "客服统计", Creator: "Fieldbook", Language: "zh-CN",
		Created: time.Now().UTC().Format(time.RFC3339)})
	if err := f.Write(w); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

// deskColumn is one column of the desk's sheet: its header and its value
// of a month with its style.
type deskColumn struct {
	head  string
	value func(m fieldbook.DeskMonth) (any, bool) // false: a rate of nothing, an empty cell
	pct   bool
}

func deskColumns() []deskColumn {
	n := func(head string, f func(m fieldbook.DeskMonth) int) deskColumn {
		return deskColumn{head: head, value: func(m fieldbook.DeskMonth) (any, bool) { return f(m), true }}
	}
	rate := func(head string, part, whole func(m fieldbook.DeskMonth) int) deskColumn {
		return deskColumn{head: head, pct: true, value: func(m fieldbook.DeskMonth) (any, bool) {
			if whole(m) == 0 {
				return nil, false
			}
			return float64(part(m)) / float64(whole(m)), true
		}}
	}
	events := func(head string, f func(m fieldbook.DeskMonth) int) deskColumn {
		return deskColumn{head: head, value: func(m fieldbook.DeskMonth) (any, bool) {
			if !m.EventsCounted {
				return "—", true
			}
			return f(m), true
		}}
	}
	cols := []deskColumn{
		n("电话解决", func(m fieldbook.DeskMonth) int { return m.FollowUp.Solved }),
		n("2 小时内回访", func(m fieldbook.DeskMonth) int { return m.FollowUp.OnTime }),
		n("超时回访", func(m fieldbook.DeskMonth) int { return m.FollowUp.Late }),
		n("未回访", func(m fieldbook.DeskMonth) int { return m.FollowUp.Open }),
		rate("2 小时回访率", func(m fieldbook.DeskMonth) int { return m.FollowUp.OnTime },
			func(m fieldbook.DeskMonth) int { return m.FollowUp.OnTime + m.FollowUp.Late + m.FollowUp.Overdue }),
		n("预约", func(m fieldbook.DeskMonth) int { return m.Appointments }),
		n("已到达", func(m fieldbook.DeskMonth) int { return m.Arrived }),
		n("准时到达", func(m fieldbook.DeskMonth) int { return m.OnTime }),
		n("迟到", func(m fieldbook.DeskMonth) int { return m.Late }),
		rate("准时率", func(m fieldbook.DeskMonth) int { return m.OnTime }, func(m fieldbook.DeskMonth) int { return m.Arrived }),
		events("改约", func(m fieldbook.DeskMonth) int { return m.Reschedules }),
		events("交回重派", func(m fieldbook.DeskMonth) int { return m.HandBacks }),
		n("投诉", func(m fieldbook.DeskMonth) int { return m.Complaints }),
	}
	for _, k := range append(schema.ComplaintKinds, "") {
		head := "投诉·" + fieldbook.ComplaintLabel(k)
		if k == "" {
			head = "投诉·未分类"
		}
		cols = append(cols, n(head, func(m fieldbook.DeskMonth) int { return m.ComplaintsByKind[k] }))
	}
	for _, s := range schema.ComplaintStates {
		cols = append(cols, n("投诉·"+fieldbook.ComplaintLabel(s), func(m fieldbook.DeskMonth) int { return m.ComplaintsByState[s] }))
	}
	return cols
}

func writeDeskSheet(f *excelize.File, st xlsxStyles, stats fieldbook.DeskStats) error {
	sh := SheetDesk
	set := func(col, row int, v any, style int) error {
		cell, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		if err := f.SetCellValue(sh, cell, v); err != nil {
			return err
		}
		return f.SetCellStyle(sh, cell, cell, style)
	}
	cols := deskColumns()
	if err := f.SetColWidth(sh, "A", "A", 12); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(cols) + 1)
	if err := f.SetColWidth(sh, "B", last, 11); err != nil {
		return err
	}
	row := 1
	if err := set(1, row, "客服统计 Service desk statistics", st.title); err != nil {
		return err
	}
	row++
	for _, note := range []string{
		"按月统计（" + fieldbook.ZoneLabel(fieldbook.Zone(stats.Zone), time.Now()).ZH + "）：回访按电话指导时间，到达按预约时间，投诉按受理时间计入当月。",
		"2 小时回访率 = 2 小时内回访 ÷（已回访 + 已超时未回访）；准时率 = 到达不晚于预约时间 ÷ 已到达；改约与交回重派为技术员的答复，未记录时显示“—”。",
	} {
		if err := set(1, row, note, st.note); err != nil {
			return err
		}
		row++
	}
	row++
	if err := set(1, row, "月份", st.head); err != nil {
		return err
	}
	for i, c := range cols {
		if err := set(i+2, row, c.head, st.head); err != nil {
			return err
		}
	}
	if err := f.SetRowHeight(sh, row, 30); err != nil {
		return err
	}
	row++
	line := func(label string, m fieldbook.DeskMonth) error {
		if err := set(1, row, label, st.text); err != nil {
			return err
		}
		for i, c := range cols {
			v, ok := c.value(m)
			style := st.int
			if c.pct {
				style = st.pct
			}
			if !ok {
				v = nil
			}
			if _, text := v.(string); text {
				style = st.text
			}
			if err := set(i+2, row, v, style); err != nil {
				return err
			}
		}
		row++
		return nil
	}
	for _, m := range stats.Months {
		if err := line(m.Month, m); err != nil {
			return err
		}
	}
	return line("合计", stats.Total)
}

package archive

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"fieldbook/backend/fieldbook"
)

// XLSXFont is the font of the exported workbook: present on every Windows
// since Vista and in WPS; other systems substitute a CJK font.
const XLSXFont = "微软雅黑"

// Sheet names of the export.
const (
	SheetJobs  = "工单"
	SheetStats = "统计"
)

// statusLabels are the Chinese names of job statuses.
var statusLabels = map[string]string{
	fieldbook.JobDraft:      "草稿",
	fieldbook.JobInProgress: "进行中",
	fieldbook.JobCompleted:  "已完成",
	fieldbook.JobSubmitted:  "已提交",
	fieldbook.JobFiled:      "已归档",
	fieldbook.JobReturned:   "已退回",
}

// jobColumns are the columns of the jobs sheet: header and width (in
// Excel character units; a Chinese character is about two).
var jobColumns = []struct {
	head  string
	width float64
}{
	{"工单号", 20}, {"客户", 22}, {"技术员", 10}, {"作业类型", 14}, {"状态", 8},
	{"是否完整", 9}, {"缺失或问题", 44}, {"J 标记", 7}, {"J 标记原因", 36},
	{"档案号", 15}, {"存放位置", 18}, {"归档人", 10},
	{"创建时间", 17}, {"报修时间", 17}, {"首次回访时间", 17}, {"2 小时内回访", 11},
	{"到达时间", 17}, {"离开时间", 17}, {"现场时长（分钟）", 15},
	{"提交时间", 17}, {"归档时间", 17}, {"退回次数", 9},
}

// excelTime is t as the wall clock of zone for a cell, or nil (an empty cell).
func excelTime(t *time.Time, zone *time.Location) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return t.In(zone)
}

type xlsxStyles struct {
	head, text, wrap, date, num, int, pct, bad, j, title, note int
}

func newStyles(f *excelize.File) (xlsxStyles, error) {
	var s xlsxStyles
	border := []excelize.Border{
		{Type: "left", Color: "BFC5CD", Style: 1}, {Type: "right", Color: "BFC5CD", Style: 1},
		{Type: "top", Color: "BFC5CD", Style: 1}, {Type: "bottom", Color: "BFC5CD", Style: 1},
	}
	font := func(bold bool, color string, size float64) *excelize.Font {
		return &excelize.Font{Family: XLSXFont, Bold: bold, Color: color, Size: size}
	}
	dateFmt := "yyyy-mm-dd hh:mm"
	numFmt := "0.0"
	defs := []struct {
		dst *int
		st  *excelize.Style
	}{
		{&s.head, &excelize.Style{Font: font(true, "1C3A64", 10), Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E0E7F0"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&s.text, &excelize.Style{Font: font(false, "191919", 10), Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.wrap, &excelize.Style{Font: font(false, "191919", 10), Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&s.date, &excelize.Style{Font: font(false, "191919", 10), CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.num, &excelize.Style{Font: font(false, "191919", 10), CustomNumFmt: &numFmt, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.int, &excelize.Style{Font: font(false, "191919", 10), NumFmt: 1, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.pct, &excelize.Style{Font: font(false, "191919", 10), NumFmt: 10, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.bad, &excelize.Style{Font: font(true, "B02020", 10), Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.j, &excelize.Style{Font: font(true, "B02020", 11), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}},
		{&s.title, &excelize.Style{Font: font(true, "1C3A64", 14)}},
		{&s.note, &excelize.Style{Font: font(false, "696E76", 9)}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(d.st)
		if err != nil {
			return s, err
		}
		*d.dst = id
	}
	return s, nil
}

// WriteJobsXLSX writes the clerk's export of jobs as an .xlsx workbook:
// sheet 工单 with one row per job (Chinese headers, frozen header row, an
// filter buttons, dates as Excel dates in the centre's zone, column widths), and
// sheet 统计 with Stats(rows, from, to). Text is UTF-8 as xlsx requires;
// cells use XLSXFont, so Excel and WPS show the Chinese without guessing.
func WriteJobsXLSX(w io.Writer, rows []JobFacts, from, to time.Time, zone *time.Location) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	if err := f.SetDefaultFont(XLSXFont); err != nil {
		return fmt.Errorf("xlsx: font: %w", err)
	}
	if err := f.SetSheetName("Sheet1", SheetJobs); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if _, err := f.NewSheet(SheetStats); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	st, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("xlsx: styles: %w", err)
	}
	if err := writeJobsSheet(f, st, rows, zone); err != nil {
		return fmt.Errorf("xlsx: jobs: %w", err)
	}
	if err := writeStatsSheet(f, st, Stats(rows, from, to, zone), zone); err != nil {
		return fmt.Errorf("xlsx: statistics: %w", err)
	}
	_ = f.SetDocProps(&excelize.DocProperties{Title: "工单与档案统计", Creator: "Fieldbook", Language: "zh-CN",
		Created: time.Now().UTC().Format(time.RFC3339)})
	if err := f.Write(w); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

func writeJobsSheet(f *excelize.File, st xlsxStyles, rows []JobFacts, zone *time.Location) error {
	sw, err := f.NewStreamWriter(SheetJobs)
	if err != nil {
		return err
	}
	for i, c := range jobColumns {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	head := make([]any, len(jobColumns))
	for i, c := range jobColumns {
		head[i] = excelize.Cell{StyleID: st.head, Value: c.head}
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{Height: 24}); err != nil {
		return err
	}
	// An unstyled table over the rows gives the header its filter buttons
	// (StreamWriter has no AutoFilter; File.AutoFilter would parse the
	// whole written sheet back).
	last, err := excelize.CoordinatesToCellName(len(jobColumns), max(len(rows)+1, 2))
	if err != nil {
		return err
	}
	noStripes := false
	if err := sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: "Jobs", ShowRowStripes: &noStripes}); err != nil {
		return err
	}
	cells := make([]any, len(jobColumns))
	for i := range rows {
		j := &rows[i]
		typ := j.JobTypeName.ZH
		if typ == "" {
			typ = j.JobType
		}
		status, ok := statusLabels[j.Status]
		if !ok {
			status = j.Status
		}
		complete, completeStyle := "是", st.text
		if !j.Complete {
			complete, completeStyle = "否", st.bad
		}
		jm := ""
		if j.JMarked {
			jm = "J"
		}
		followUp := ""
		if in, ok := j.FollowedUpInTime(); ok {
			followUp = "否"
			if in {
				followUp = "是"
			}
		}
		var onSite any
		if d, ok := j.OnSite(); ok {
			onSite = excelize.Cell{StyleID: st.num, Value: d.Minutes()}
		}
		date := func(t *time.Time) any {
			if v := excelTime(t, zone); v != nil {
				return excelize.Cell{StyleID: st.date, Value: v}
			}
			return nil
		}
		txt := func(s string) any { return excelize.Cell{StyleID: st.text, Value: s} }
		created := j.CreatedAt
		cells = append(cells[:0],
			txt(j.Number), txt(j.Customer), txt(j.Technician), txt(typ), txt(status),
			excelize.Cell{StyleID: completeStyle, Value: complete},
			excelize.Cell{StyleID: st.wrap, Value: strings.Join(j.Problems, "；")},
			excelize.Cell{StyleID: st.j, Value: jm},
			excelize.Cell{StyleID: st.wrap, Value: strings.Join(j.JReasons, "；")},
			txt(j.ArchiveNo), txt(j.Location), txt(j.FiledBy),
			date(&created), date(j.ReportedAt), date(j.CalledBackAt), txt(followUp),
			date(j.ArrivedAt), date(j.DepartedAt), onSite,
			date(j.SubmittedAt), date(j.FiledAt),
			excelize.Cell{StyleID: st.int, Value: j.Returns},
		)
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func writeStatsSheet(f *excelize.File, st xlsxStyles, rep Report, zone *time.Location) error {
	sh := SheetStats
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
	widths := []float64{22, 10, 10, 10, 11, 10, 11, 15, 16, 19}
	for i, w := range widths {
		c, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sh, c, c, w); err != nil {
			return err
		}
	}
	row := 1
	if err := set(1, row, "工单与档案统计 Archive statistics", st.title); err != nil {
		return err
	}
	row++
	period := "全部"
	fmtDay := func(t time.Time) string { return t.In(zone).Format("2006-01-02") }
	switch {
	case !rep.From.IsZero() && !rep.To.IsZero():
		period = fmtDay(rep.From) + " 至 " + fmtDay(rep.To.Add(-time.Nanosecond))
	case !rep.From.IsZero():
		period = fmtDay(rep.From) + " 起"
	case !rep.To.IsZero():
		period = "至 " + fmtDay(rep.To.Add(-time.Nanosecond))
	}
	if err := set(1, row, "统计区间（按创建时间，北京时间）："+period, st.note); err != nil {
		return err
	}
	row++
	notes := []string{
		"不完整率 = 已提交（含已归档）工单中不完整的比例；J 标记率 = J 标记工单占全部工单的比例。",
		"退回率 = 已提交工单中被档案室退回过（至少一次）的比例；退回次数 = 退回的总次数。",
		"2 小时内回访率 = 有报修时间的工单中，首次回访在报修后 2 小时内的比例；平均现场时长按有到达和离开时间的工单计算。",
	}
	for _, n := range notes {
		if err := set(1, row, n, st.note); err != nil {
			return err
		}
		row++
	}
	row++
	heads := []string{"", "工单数", "已提交", "不完整", "不完整率", "J 标记", "J 标记率", "有报修时间", "2 小时内回访率", "平均现场时长（分钟）",
		"退回工单", "退回率", "退回次数"}
	table := func(title string, buckets []Bucket) error {
		heads[0] = title
		for i, h := range heads {
			if err := set(i+1, row, h, st.head); err != nil {
				return err
			}
		}
		row++
		for _, b := range buckets {
			rate := func(r Ratio) any {
				if r.Total == 0 {
					return nil
				}
				return r.Rate
			}
			var onSite any
			if b.OnSiteJobs > 0 {
				onSite = b.OnSiteAvgMinutes
			}
			vals := []struct {
				v     any
				style int
			}{
				{b.Label.ZH, st.text}, {b.Jobs, st.int}, {b.Incomplete.Total, st.int}, {b.Incomplete.Count, st.int},
				{rate(b.Incomplete), st.pct}, {b.J.Count, st.int}, {rate(b.J), st.pct},
				{b.FollowUp.Total, st.int}, {rate(b.FollowUp), st.pct}, {onSite, st.num},
				{b.Returned.Count, st.int}, {rate(b.Returned), st.pct}, {b.Returns, st.int},
			}
			for i, v := range vals {
				if err := set(i+1, row, v.v, v.style); err != nil {
					return err
				}
			}
			row++
		}
		row++
		return nil
	}
	if err := table("合计", []Bucket{rep.Total}); err != nil {
		return err
	}
	if err := table("月份", rep.ByMonth); err != nil {
		return err
	}
	if err := table("技术员", rep.ByTechnician); err != nil {
		return err
	}
	return table("作业类型", rep.ByType)
}

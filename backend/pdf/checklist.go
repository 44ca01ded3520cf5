package pdf

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // photo thumbnails
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/signintech/gopdf"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

// ChecklistPhoto is a photo attached to a checklist item; a thumbnail JPEG
// or PNG is enough, it is printed small.
type ChecklistPhoto struct {
	ItemKey string
	SHA256  string // hex SHA-256 of the original photo, as in Answer.PhotoSHA256
	Image   []byte
}

// Checklist is everything printed on a filled checklist document
// (验收单, 验房检查表 …).
type Checklist struct {
	Company     fieldbook.Company
	Job         fieldbook.Job
	JobTypeName string
	Customer    fieldbook.CustomerSnapshot
	Asset       *fieldbook.AssetSnapshot // nil when the job has no asset
	Document    jobtype.DocumentType     // its name is the form's title
	Template    jobtype.Template         // the template the checklist was filled with
	Answers     map[string]jobtype.Answer
	Photos      []ChecklistPhoto
	Signatures  []SignatureImage
	ContentHash string // hex SHA-256 of the signed content
	GeneratedAt time.Time
	Zone        *time.Location // times are printed in it; nil: fieldbook.Zone("")
}

// ChecklistPDF writes a filled checklist as an A4 PDF in the style of the
// customer copy: header, customer and asset, a summary, one table per group
// of items, the problems found (存在问题) with their photos, and a box for
// every signature role of the document. Long checklists flow over as many
// pages as they need, table headers repeated.
func ChecklistPDF(w io.Writer, c Checklist) error {
	fc, err := fonts()
	if err != nil {
		return err
	}
	d := &checklistDoc{c: c, title: c.Document.Name, bodyTop: -1}
	if d.title.ZH == "" {
		d.title = c.Template.Name
	}
	if d.title.ZH == "" {
		d.title = jobtype.Text{ZH: "检查单", EN: "Checklist"}
	}
	if d.title.EN == "" && d.title.ZH == c.Template.Name.ZH {
		d.title.EN = c.Template.Name.EN
	}
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: gopdf.Rect{W: pageW, H: pageH}, Unit: gopdf.UnitPT})
	pdf.SetInfo(gopdf.PdfInfo{
		Title:        strings.TrimSpace(d.title.ZH + " " + c.Job.Number),
		Subject:      d.title.EN,
		Author:       c.Company.Name,
		Creator:      "Fieldbook",
		Producer:     "Fieldbook",
		CreationDate: c.GeneratedAt,
	})
	if err := pdf.AddTTFFontFromFontContainer(fontFamily, fc); err != nil {
		return fmt.Errorf("checklist: font: %w", err)
	}
	d.r = newRenderer(pdf, c.Zone)
	d.cc = &customerCopy{r: d.r}
	if err := d.draw(); err != nil {
		return fmt.Errorf("checklist: %w", err)
	}
	if _, err := pdf.WriteTo(w); err != nil {
		return fmt.Errorf("checklist: write: %w", err)
	}
	return nil
}

var (
	colFail   = rgb{192, 28, 28}
	colFailBg = rgb{253, 238, 238}
	colPass   = rgb{22, 112, 58}
)

// Columns of the item tables and the problem table.
const (
	ckNoW     = 28.0
	ckResultW = 96.0
	ckNoteW   = 150.0
	ckItemW   = rowW - ckNoW - ckResultW - ckNoteW
	ckRefW    = 62.0
	ckProbW   = rowW - ckNoW - ckRefW

	ckCaptionH  = 18.0
	ckHeadH     = labelRowH
	ckPhotoH    = 66.0 // height of a photo thumbnail
	ckPhotoMaxW = 120.0
	ckPhotoGap  = 6.0
)

type checklistDoc struct {
	r     *renderer
	cc    *customerCopy // for the shared signature image and QR code drawing
	c     Checklist
	title jobtype.Text

	// repeat draws the caption and header of the table being drawn at the
	// top of a new page; repeatH is their height.
	repeat  func(cont bool) error
	repeatH float64
	bodyTop float64 // r.y below the repeated headers on the current page
	err     error   // from repeat inside newPage
}

// tline is one line of a table cell.
type tline struct {
	s    string
	size float64
	lh   float64
	col  rgb
}

// tcell is a cell of a checklist table: lines of text, optionally with a
// drawing below them.
type tcell struct {
	w     float64
	lines []tline
	align int
	bg    *rgb
	draw  func(x, y, w float64) error
	drawH float64
	// sideW > 0 puts the drawing, sideW wide, right of the lines instead
	// of below them.
	sideW float64
}

func (c *tcell) linesH() float64 {
	h := 0.0
	for _, l := range c.lines {
		h += l.lh
	}
	return h
}

func (c *tcell) height() float64 {
	if c.sideW > 0 {
		return max(c.linesH(), c.drawH)
	}
	return c.linesH() + c.drawH
}

// para wraps s to the width of a cell w wide.
func (d *checklistDoc) para(s string, size float64, col rgb, w float64) []tline {
	var out []tline
	for _, l := range d.r.wrap(s, size, w-2*padX) {
		out = append(out, tline{s: l, size: size, lh: size * 1.3, col: col})
	}
	return out
}

func rowHeight(cells []tcell, minH float64) float64 {
	h := minH
	for i := range cells {
		h = max(h, cells[i].height()+2*padY)
	}
	return h
}

func (d *checklistDoc) drawTRow(cells []tcell, h float64) error {
	r := d.r
	x := rowLeft
	for i := range cells {
		c := &cells[i]
		if c.bg != nil {
			r.fillRect(x, r.y, c.w, h, *c.bg)
		}
		r.strokeRect(x, r.y, c.w, h, 0.5, colBorder)
		y := r.y + (h-c.height())/2
		if c.sideW > 0 {
			y = r.y + (h-c.linesH())/2
		}
		for _, l := range c.lines {
			var err error
			switch c.align {
			case alignRight:
				err = r.textRight(x+c.w-padX, y, l.lh, l.s, l.size, l.col)
			case alignCenter:
				err = r.textCenter(x+c.w/2, y, l.lh, l.s, l.size, l.col)
			default:
				err = r.text(x+padX, y, l.lh, l.s, l.size, l.col)
			}
			if err != nil {
				return err
			}
			y += l.lh
		}
		switch {
		case c.draw != nil && c.sideW > 0:
			if err := c.draw(x+c.w-c.sideW-2*padX, r.y+(h-c.drawH)/2, c.sideW); err != nil {
				return err
			}
		case c.draw != nil:
			if err := c.draw(x, y, c.w); err != nil {
				return err
			}
		}
		x += c.w
	}
	r.y += h
	return nil
}

// newPage starts a page and repeats the open table's caption and header.
func (d *checklistDoc) newPage() {
	d.r.newPage()
	if d.repeat != nil {
		if err := d.repeat(true); err != nil && d.err == nil {
			d.err = err
		}
	}
	d.bodyTop = d.r.y
}

// trow draws a table row, moving it to a new page when it does not fit
// and splitting it between pages, line by line, when it is taller than a
// page, so that nothing is ever clipped.
func (d *checklistDoc) trow(cells []tcell, minH float64) error {
	r := d.r
	freshCap := r.bottom() - (marginTop + 24) - d.repeatH
	for {
		if d.err != nil {
			return d.err
		}
		h := rowHeight(cells, minH)
		if r.y+h <= r.bottom() {
			return d.drawTRow(cells, h)
		}
		fresh := r.y <= d.bodyTop+0.5
		if !fresh && h <= freshCap {
			d.newPage()
			continue
		}
		space := r.bottom() - r.y - 2*padY
		head, rest, ok := splitCells(cells, space)
		if !ok || !fresh && space < 36 {
			if fresh {
				return d.drawTRow(cells, h) // cannot happen with text rows
			}
			d.newPage()
			continue
		}
		if err := d.drawTRow(head, r.bottom()-r.y); err != nil {
			return err
		}
		d.newPage()
		cells = rest
	}
}

// splitCells cuts the lines of cells at height space: the lines that fit,
// and the rest. ok is false when nothing fits or a drawing does not fit.
func splitCells(cells []tcell, space float64) (head, rest []tcell, ok bool) {
	head = make([]tcell, len(cells))
	rest = make([]tcell, len(cells))
	fit := false
	for i, c := range cells {
		h, n := 0.0, 0
		for n < len(c.lines) && h+c.lines[n].lh <= space {
			h += c.lines[n].lh
			n++
		}
		if n > 0 {
			fit = true
		}
		head[i], rest[i] = c, c
		head[i].lines, rest[i].lines = c.lines[:n:n], c.lines[n:]
		if c.draw != nil {
			if n < len(c.lines) || h+c.drawH > space {
				return nil, nil, false
			}
			rest[i].draw, rest[i].drawH = nil, 0
		}
	}
	return head, rest, fit
}

// headCell is a shaded column header: Chinese over English, centred.
func headCell(w float64, zh, en string) tcell {
	c := tcell{w: w, align: alignCenter, bg: &colLabelBg,
		lines: []tline{{s: zh, size: labelZH, lh: labelZHLH, col: colText}}}
	if en != "" {
		c.lines = append(c.lines, tline{s: en, size: labelEN, lh: labelENLH, col: colMuted})
	}
	return c
}

// startTable draws a table's caption and header rows and sets them to
// repeat on the pages the table flows onto.
func (d *checklistDoc) startTable(caption func(cont bool) []tcell, head []tcell) error {
	d.repeatH = ckCaptionH + ckHeadH
	d.repeat = func(cont bool) error {
		if err := d.drawTRow(caption(cont), ckCaptionH); err != nil {
			return err
		}
		return d.drawTRow(append([]tcell(nil), head...), ckHeadH)
	}
	if err := d.repeat(false); err != nil {
		return err
	}
	d.bodyTop = d.r.y
	return nil
}

func (d *checklistDoc) endTable() { d.repeat, d.repeatH = nil, 0 }

// captionCell is the band above a table: a title on the left and a note
// on the right.
func (d *checklistDoc) captionCell(zh, en, note string, noteCol rgb) tcell {
	r := d.r
	return tcell{w: rowW, bg: &colBandBg, drawH: ckCaptionH - 2*padY, draw: func(x, y, w float64) error {
		h := ckCaptionH - 2*padY
		if err := r.text(x+padX, y, h, zh, 9.5, colAccent); err != nil {
			return err
		}
		if err := r.text(x+padX+r.width(zh, 9.5)+4, y+0.6, h, en, 6.5, colMuted); err != nil {
			return err
		}
		return r.textRight(x+w-padX, y, h, note, 7.5, noteCol)
	}}
}

func (d *checklistDoc) draw() error {
	r, c := d.r, d.c
	d.newPage()
	if err := d.header(); err != nil {
		return err
	}
	r.onNewPage = d.runningHeader
	r.startFrame()
	for _, g := range c.Template.Groups {
		if err := d.headerGroup(g); err != nil {
			return err
		}
	}
	if err := d.info(); err != nil {
		return err
	}
	problems := jobtype.Problems(c.Template, c.Answers)
	probNo := make(map[string]int, len(problems))
	for i, p := range problems {
		if !p.Free {
			probNo[p.ItemKey] = i + 1
		}
	}
	no, gi := 0, 0
	for _, g := range c.Template.Groups {
		if len(tableItems(g)) == 0 {
			continue
		}
		if err := d.group(gi, g, &no, probNo); err != nil {
			return err
		}
		gi++
	}
	if err := d.problems(problems); err != nil {
		return err
	}
	if err := d.signatures(); err != nil {
		return err
	}
	r.endSection()
	r.endFrame()
	if d.err != nil {
		return d.err
	}

	return r.eachPage(d.footer)
}

// header draws the company, the title and the numbers at the top of page 1.
func (d *checklistDoc) header() error {
	r, c := d.r, d.c
	numW := 190.0
	jobType := c.JobTypeName
	if jobType == "" {
		jobType = c.Job.JobType
	}
	nums := [][3]string{
		{"工单号", "Job No.", c.Job.Number},
		{"作业类型", "Job type", jobType},
	}
	ny := r.y
	for i, n := range nums {
		col, size := colText, 9.0
		if i == 0 {
			col, size = colSerial, 10.5
		}
		lx := contentRight - numW
		if err := r.text(lx, ny, 14, n[0], 8, colMuted); err != nil {
			return err
		}
		if err := r.text(lx+r.width(n[0], 8)+3, ny+0.5, 14, n[1], 5.8, colMuted); err != nil {
			return err
		}
		if err := r.textRight(contentRight, ny, 14, n[2], size, col); err != nil {
			return err
		}
		ny += 15
	}
	if c.Template.Key != "" {
		tpl := "模板 " + c.Template.Key + " v" + strconv.Itoa(c.Template.Version)
		if err := r.textRight(contentRight, ny, 11, tpl, 7, colMuted); err != nil {
			return err
		}
		ny += 12
	}
	textW := contentW - numW - 12
	y := r.y
	for _, l := range r.wrap(c.Company.Name, 15, textW) {
		if err := r.text(contentLeft, y, 19, l, 15, colAccent); err != nil {
			return err
		}
		y += 19
	}
	for _, l := range r.wrap(prefixed("地址：", c.Company.Address)+"\n"+prefixed("电话：", c.Company.Phone), 8, textW) {
		if err := r.text(contentLeft, y, 11, l, 8, colMuted); err != nil {
			return err
		}
		y += 11
	}
	r.y = max(y, ny) + 4
	r.line(contentLeft, r.y, contentRight, r.y, 1.6, colAccent)
	r.line(contentLeft, r.y+2.4, contentRight, r.y+2.4, 0.5, colAccent)
	r.y += 8

	for _, l := range r.wrap(d.title.ZH, 18, contentW) {
		if err := r.textCenter(pageW/2, r.y, 24, l, 18, colText); err != nil {
			return err
		}
		r.y += 24
	}
	if d.title.EN != "" {
		if err := r.textCenter(pageW/2, r.y, 12, d.title.EN, 8.5, colMuted); err != nil {
			return err
		}
		r.y += 12
	}
	r.y += 6
	return nil
}

// tableItems are the items of g printed in its table: none of a heading
// group, and no list (its entries are printed as 存在问题).
func tableItems(g jobtype.Group) []jobtype.Item {
	if g.Header {
		return nil
	}
	var out []jobtype.Item
	for _, it := range g.Items {
		if it.Kind != jobtype.KindList {
			out = append(out, it)
		}
	}
	return out
}

// headerGroup draws a heading group as the paper form's heading: label and
// value, two to a row (工程名称 …, 验收日期 2026 年 12 月 7 日).
func (d *checklistDoc) headerGroup(g jobtype.Group) error {
	if !g.Header || len(g.Items) == 0 {
		return nil
	}
	r := d.r
	half := rowW / 2
	lw := 96.0
	cells := make([]cell, 0, 2*len(g.Items))
	for _, it := range g.Items {
		a := d.c.Answers[it.Key]
		v := strings.TrimSpace(a.Text)
		switch {
		case a.Result == jobtype.ResultNA:
			v = "不适用"
		case it.Kind == jobtype.KindDate && v != "":
			if t, err := time.Parse(time.DateOnly, v); err == nil {
				v = fmt.Sprintf("%d 年 %d 月 %d 日", t.Year(), t.Month(), t.Day())
			}
		}
		cells = append(cells, lbl(lw, it.Label.ZH, it.Label.EN), val(half-lw, v))
	}
	r.section(g.Name.ZH, 2*labelRowH)
	for i := 0; i < len(cells); i += 4 {
		row := cells[i:min(i+4, len(cells))]
		if len(row) == 2 { // the last field alone: its value across the row
			row = []cell{row[0], val(rowW-lw, row[1].text)}
		}
		if err := r.row(row, minRowH); err != nil {
			return err
		}
	}
	return nil
}

// runningHeader heads every page after the first.
func (d *checklistDoc) runningHeader() {
	r := d.r
	left := d.title.ZH + " · 续页 Continued"
	if d.c.Company.Name != "" {
		left = d.c.Company.Name + " · " + left
	}
	_ = r.text(contentLeft, r.y, 14, left, 8.5, colAccent)
	_ = r.textRight(contentRight, r.y, 14, "工单号 "+d.c.Job.Number, 8.5, colSerial)
	r.y += 16
	r.line(contentLeft, r.y, contentRight, r.y, 0.9, colAccent)
	r.y += 8
}

// info draws the customer, the asset and the summary of the answers.
func (d *checklistDoc) info() error {
	r, c := d.r, d.c
	half := rowW / 2
	lw := 74.0
	pair := func(zh1, en1, v1, zh2, en2, v2 string) []cell {
		return []cell{lbl(lw, zh1, en1), val(half-lw, v1), lbl(lw, zh2, en2), val(half-lw, v2)}
	}
	rows := func(rs ...[]cell) error {
		for _, cells := range rs {
			if err := r.row(cells, minRowH); err != nil {
				return err
			}
		}
		return nil
	}
	r.section("客户信息", 2*labelRowH)
	if err := rows(
		pair("客户", "Customer", c.Customer.Name, "单位", "Company", c.Customer.Company),
		pair("电话", "Phone", c.Customer.Phone, "地址", "Address", c.Customer.Address),
	); err != nil {
		return err
	}
	if a := c.Asset; a != nil {
		title := "设备信息"
		if a.Kind == fieldbook.AssetVehicle {
			title = "车辆信息"
		}
		r.section(title, 2*labelRowH)
		if err := rows(
			pair("产品型号", "Model", a.Model, "序列号/VIN", "Serial no. / VIN", a.Serial),
			pair("车牌", "Plate", a.Plate, "购买日期", "Purchase date", a.PurchaseDate),
		); err != nil {
			return err
		}
		if a.Warranty != "" || a.EquipmentClass != "" {
			if err := rows(pair("是否在质保期内", "In warranty", label(warrantyLabels, a.Warranty),
				"设备等级", "Equipment class", a.EquipmentClass)); err != nil {
				return err
			}
		}
	}
	r.section("检查概况", 2*labelRowH)
	if err := rows(pair("技术员", "Technician", c.Job.AssignedTo, "预约时间", "Appointment", d.r.datetime(c.Job.Appointment))); err != nil {
		return err
	}
	return rows([]cell{lbl(lw, "检查结果", "Summary"), d.summaryCell(rowW - lw)})
}

// tally counts the outcomes of the answers.
type tally struct{ done, total, pass, fail, na, recorded int }

func countOutcomes(t jobtype.Template, answers map[string]jobtype.Answer) tally {
	var n tally
	for _, g := range t.Groups {
		for _, it := range g.Items {
			if it.Kind != jobtype.KindList { // not an item to answer (see jobtype.Progress)
				n.add(jobtype.Outcome(it, answers[it.Key]))
			}
		}
	}
	return n
}

func (n *tally) add(outcome string) {
	n.total++
	switch outcome {
	case "":
		return
	case jobtype.ResultPass:
		n.pass++
	case jobtype.ResultFail:
		n.fail++
	case jobtype.ResultNA:
		n.na++
	case jobtype.ResultDone:
		n.recorded++
	}
	n.done++
}

type seg struct {
	s    string
	col  rgb
	size float64
}

// summaryCell is 进度 187/240 · 合格 180 · 不合格 5 · 不适用 2, the failures in red.
func (d *checklistDoc) summaryCell(w float64) cell {
	r := d.r
	n := countOutcomes(d.c.Template, d.c.Answers)
	segs := []seg{
		{"进度 ", colMuted, 8.5}, {fmt.Sprintf("%d/%d", n.done, n.total), colAccent, 10.5},
		{" · 合格 ", colMuted, 8.5}, {strconv.Itoa(n.pass), colPass, 10},
		{" · 不合格 ", colMuted, 8.5}, {strconv.Itoa(n.fail), colText, 10},
		{" · 不适用 ", colMuted, 8.5}, {strconv.Itoa(n.na), colText, 10},
	}
	if n.fail > 0 {
		segs[5].col = colFail
	}
	if n.recorded > 0 {
		segs = append(segs, seg{" · 已记录 ", colMuted, 8.5}, seg{strconv.Itoa(n.recorded), colText, 10})
	}
	if left := n.total - n.done; left > 0 {
		segs = append(segs, seg{" · 未检查 ", colMuted, 8.5}, seg{strconv.Itoa(left), colFail, 10})
	}
	return cell{w: w, customH: 13, custom: func(x, y, _, h float64) error {
		x += padX
		for _, s := range segs {
			if err := r.text(x, y, h, s.s, s.size, s.col); err != nil {
				return err
			}
			x += r.width(s.s, s.size)
		}
		return nil
	}}
}

var cnDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// cnOrdinal is 一, 二 … 九十九 for 1–99, digits beyond.
func cnOrdinal(n int) string {
	switch {
	case n <= 0 || n >= 100:
		return strconv.Itoa(n)
	case n <= 10:
		return cnDigits[n]
	case n < 20:
		return "十" + cnDigits[n%10]
	case n%10 == 0:
		return cnDigits[n/10] + "十"
	}
	return cnDigits[n/10] + "十" + cnDigits[n%10]
}

// group draws the table of one group of items; no is the running item number.
func (d *checklistDoc) group(gi int, g jobtype.Group, no *int, probNo map[string]int) error {
	r, c := d.r, d.c
	items := tableItems(g)
	var n tally
	for _, it := range items {
		n.add(jobtype.Outcome(it, c.Answers[it.Key]))
	}
	note := fmt.Sprintf("%d 项 · 合格 %d · 不合格 %d · 不适用 %d", n.total, n.pass, n.fail, n.na)
	noteCol := colMuted
	if n.fail > 0 {
		noteCol = colFail
	}
	zh := cnOrdinal(gi+1) + "、" + g.Name.ZH
	caption := func(cont bool) []tcell {
		z := zh
		if cont {
			z += "（续）"
		}
		return []tcell{d.captionCell(z, g.Name.EN, note, noteCol)}
	}
	head := []tcell{
		headCell(ckNoW, "序号", "No."), headCell(ckItemW, "检查项", "Item"),
		headCell(ckResultW, "结果", "Result"), headCell(ckNoteW, "备注", "Note"),
	}
	rows := make([][]tcell, len(items))
	for i, it := range items {
		*no++
		rows[i] = d.itemRow(*no, it, c.Answers[it.Key], probNo[it.Key])
	}
	first := 0.0
	if len(rows) > 0 {
		first = min(rowHeight(rows[0], minRowH), 60)
	}
	r.section(g.Name.ZH, ckCaptionH+ckHeadH+first)
	if err := d.startTable(caption, head); err != nil {
		return err
	}
	defer d.endTable()
	if len(rows) == 0 {
		return d.trow([]tcell{{w: rowW, lines: []tline{{s: "（无检查项）", size: 8, lh: 11, col: colMuted}}}}, minRowH)
	}
	for _, cells := range rows {
		if err := d.trow(cells, minRowH); err != nil {
			return err
		}
	}
	return nil
}

// limitShort is an item's limits as printed after a value: ≤3, ≥10, 10–15.
func limitShort(it jobtype.Item) string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	switch {
	case it.Min != nil && it.Max != nil:
		return f(*it.Min) + "–" + f(*it.Max)
	case it.Max != nil:
		return "≤" + f(*it.Max)
	case it.Min != nil:
		return "≥" + f(*it.Min)
	}
	return ""
}

// limitLong is 上限 3 % / 下限 10 mm / 范围 10–15 mm.
func limitLong(it jobtype.Item) string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	switch {
	case it.Min != nil && it.Max != nil:
		return "范围 " + f(*it.Min) + "–" + withUnit(f(*it.Max), it.Unit)
	case it.Max != nil:
		return "上限 " + withUnit(f(*it.Max), it.Unit)
	case it.Min != nil:
		return "下限 " + withUnit(f(*it.Min), it.Unit)
	}
	return ""
}

func withUnit(v, unit string) string {
	if unit == "" {
		return v
	}
	return v + " " + unit
}

// measured is "3.5 %（≤3）".
func measured(it jobtype.Item, x float64) string {
	s := withUnit(strconv.FormatFloat(x, 'f', -1, 64), it.Unit)
	if l := limitShort(it); l != "" {
		s += "（" + l + "）"
	}
	return s
}

func (d *checklistDoc) itemRow(no int, it jobtype.Item, a jobtype.Answer, probNo int) []tcell {
	label := d.para(it.Label.ZH, 8.6, colText, ckItemW)
	if it.Label.EN != "" {
		label = append(label, d.para(it.Label.EN, 6, colMuted, ckItemW)...)
	}
	outcome := jobtype.Outcome(it, a)
	res := tcell{w: ckResultW, align: alignCenter}
	verdict := func(col rgb) []tline {
		switch outcome {
		case jobtype.ResultPass:
			return []tline{{s: "合格 ✔", size: 8.6, lh: 11.5, col: col}}
		case jobtype.ResultFail:
			return []tline{{s: "不合格 ✘", size: 8.6, lh: 11.5, col: col}}
		case jobtype.ResultNA:
			return []tline{{s: "不适用", size: 8.6, lh: 11.5, col: colMuted}}
		}
		return []tline{{s: "未检查", size: 8, lh: 11, col: colMuted}}
	}
	switch {
	case outcome == "":
		res.lines = verdict(colMuted)
	case it.Kind == jobtype.KindNumber && a.Number != nil:
		col := colText
		if outcome == jobtype.ResultFail {
			col = colFail
		}
		res.lines = []tline{{s: measured(it, *a.Number), size: 8.8, lh: 11.5, col: col}}
		if outcome == jobtype.ResultFail {
			res.lines = append(res.lines, tline{s: "不合格 ✘", size: 6.8, lh: 8.5, col: colFail})
		} else {
			res.lines = append(res.lines, tline{s: "合格 ✔", size: 6.8, lh: 8.5, col: colPass})
		}
	case (it.Kind == jobtype.KindText || it.Kind == jobtype.KindDate) && outcome == jobtype.ResultDone:
		res.align = alignLeft
		res.lines = d.para(a.Text, 7.8, colText, ckResultW)
	case it.Kind == jobtype.KindPhoto && outcome == jobtype.ResultDone:
		res.lines = []tline{{s: fmt.Sprintf("已拍照 %d 张", len(a.PhotoSHA256)), size: 8.2, lh: 11, col: colText}}
	case outcome == jobtype.ResultPass:
		res.lines = verdict(colPass)
	default:
		res.lines = verdict(colFail)
	}
	if outcome == jobtype.ResultFail {
		res.bg = &colFailBg
	}
	note := tcell{w: ckNoteW}
	note.lines = d.para(a.Note, 7.6, colText, ckNoteW)
	var refs []string
	if n := len(a.PhotoSHA256); n > 0 && it.Kind != jobtype.KindPhoto {
		refs = append(refs, fmt.Sprintf("照片 %d 张", n))
	}
	if probNo > 0 {
		refs = append(refs, fmt.Sprintf("见存在问题第 %d 条", probNo))
	}
	if len(refs) > 0 {
		note.lines = append(note.lines, d.para(strings.Join(refs, " · "), 6.5, colMuted, ckNoteW)...)
	}
	return []tcell{
		{w: ckNoW, align: alignCenter, lines: []tline{{s: strconv.Itoa(no), size: 8, lh: 11, col: colText}}},
		{w: ckItemW, lines: label},
		res,
		note,
	}
}

// problems draws the 存在问题 list: every failed item with its measured
// value, note and photos.
func (d *checklistDoc) problems(problems []jobtype.Problem) error {
	r, c := d.r, d.c
	itemNo := make(map[string]int)
	items := make(map[string]jobtype.Item)
	no := 0
	for _, g := range c.Template.Groups {
		for _, it := range tableItems(g) {
			no++
			itemNo[it.Key], items[it.Key] = no, it
		}
	}
	photos := make(map[string][]byte, len(c.Photos))
	for _, p := range c.Photos {
		photos[p.ItemKey+"\x00"+strings.ToLower(p.SHA256)] = p.Image
	}

	note := fmt.Sprintf("共 %d 项", len(problems))
	noteCol := colMuted
	if len(problems) > 0 {
		noteCol = colFail
	}
	caption := func(cont bool) []tcell {
		zh := "存在问题"
		if cont {
			zh += "（续）"
		}
		return []tcell{d.captionCell(zh, "Problems found", note, noteCol)}
	}
	head := []tcell{
		headCell(ckNoW, "序号", "No."), headCell(ckProbW, "问题描述", "Problem, measured value, note and photos"),
		headCell(ckRefW, "对应检查项", "Item no."),
	}
	r.section("存在问题", ckCaptionH+ckHeadH+minRowH+ckPhotoH)
	if err := d.startTable(caption, head); err != nil {
		return err
	}
	defer d.endTable()
	if len(problems) == 0 {
		return d.trow([]tcell{{w: rowW, align: alignCenter,
			lines: []tline{{s: "未发现问题 No problems found", size: 8.5, lh: 12, col: colMuted}}}}, minRowH)
	}
	for i, p := range problems {
		it := items[p.ItemKey]
		descLines := func(w float64) []tline {
			if p.Free {
				return d.para(p.Note, 8.8, colText, w)
			}
			desc := d.para(p.Group.ZH+" · "+p.Label.ZH, 8.8, colText, w)
			if en := strings.Trim(p.Group.EN+" · "+p.Label.EN, " ·"); en != "" && p.Label.EN != "" {
				desc = append(desc, d.para(en, 6, colMuted, w)...)
			}
			if p.Value != nil {
				m := "测量值 " + withUnit(strconv.FormatFloat(*p.Value, 'f', -1, 64), p.Unit)
				if l := limitLong(it); l != "" {
					m += "（" + l + "）"
				}
				desc = append(desc, d.para(m, 8.2, colFail, w)...)
			}
			if p.Note != "" {
				desc = append(desc, d.para("说明："+p.Note, 8.2, colText, w)...)
			} else {
				desc = append(desc, d.para("说明：（未填写）", 8.2, colMuted, w)...)
			}
			return desc
		}
		var imgs [][]byte
		missing := 0
		for _, h := range p.Photos {
			if b, ok := photos[p.ItemKey+"\x00"+strings.ToLower(h)]; ok && len(b) > 0 {
				imgs = append(imgs, b)
			} else {
				missing++
			}
		}
		lines := func(w float64) []tline {
			desc := descLines(w)
			if missing > 0 {
				desc = append(desc, d.para(fmt.Sprintf("另有 %d 张照片未随本单打印", missing), 6.8, colMuted, w)...)
			}
			return desc
		}
		strips, err := d.photoStrips(imgs, p.ItemKey)
		if err != nil {
			return err
		}
		freshCap := r.bottom() - (marginTop + 24) - d.repeatH
		descCell := tcell{w: ckProbW, lines: lines(ckProbW)}
		if len(strips) == 1 && strips[0].w <= ckProbW*0.45 {
			// A few photos: beside the text, in the same row.
			side := tcell{w: ckProbW, lines: lines(ckProbW - strips[0].w - ckPhotoGap - padX),
				draw: strips[0].draw, drawH: ckPhotoH, sideW: strips[0].w}
			if rowHeight([]tcell{side}, minRowH) <= freshCap {
				descCell, strips = side, nil
			}
		}
		if len(strips) > 0 && rowHeight([]tcell{descCell}, minRowH)+ckPhotoH+padY <= freshCap {
			// The first strip of photos under the text, in the same row.
			first := strips[0].draw
			descCell.draw = func(x, y, w float64) error { return first(x, y+padY, w) }
			descCell.drawH = ckPhotoH + padY
			strips = strips[1:]
		}
		ref := "第 " + strconv.Itoa(itemNo[p.ItemKey]) + " 项"
		if p.Free {
			ref = "—"
		}
		if err := d.trow([]tcell{
			{w: ckNoW, align: alignCenter, lines: []tline{{s: strconv.Itoa(i + 1), size: 9, lh: 12, col: colFail}}},
			descCell,
			{w: ckRefW, align: alignCenter, lines: []tline{{s: ref, size: 8, lh: 11, col: colText}}},
		}, minRowH); err != nil {
			return err
		}
		for _, strip := range strips {
			if err := d.trow([]tcell{{w: ckNoW}, {w: ckProbW, draw: strip.draw, drawH: ckPhotoH}, {w: ckRefW}}, 0); err != nil {
				return err
			}
		}
	}
	return nil
}

// photoStrip is a row of photo thumbnails w points wide, ckPhotoH high.
type photoStrip struct {
	w    float64
	draw func(x, y, w float64) error
}

// photoStrips lays the photos of a problem out as thumbnails, as many to
// a strip as fit the width of the problem column; each strip draws itself
// at the top left of the space it is given.
func (d *checklistDoc) photoStrips(imgs [][]byte, key string) ([]photoStrip, error) {
	type sized struct {
		b    []byte
		w, h float64
	}
	var all []sized
	for i, b := range imgs {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("photo %d of %s: %w", i+1, key, err)
		}
		if cfg.Width <= 0 || cfg.Height <= 0 {
			return nil, fmt.Errorf("photo %d of %s: empty image", i+1, key)
		}
		iw, ih := float64(cfg.Width), float64(cfg.Height)
		s := min(ckPhotoH/ih, ckPhotoMaxW/iw)
		all = append(all, sized{b, iw * s, ih * s})
	}
	avail := ckProbW - 2*padX
	var strips []photoStrip
	for len(all) > 0 {
		n, x := 0, 0.0
		for n < len(all) && (n == 0 || x+ckPhotoGap+all[n].w <= avail) {
			if n > 0 {
				x += ckPhotoGap
			}
			x += all[n].w
			n++
		}
		strip := all[:n]
		all = all[n:]
		strips = append(strips, photoStrip{w: x, draw: func(x, y, _ float64) error {
			x += padX
			for _, p := range strip {
				holder, err := gopdf.ImageHolderByBytes(p.b)
				if err != nil {
					return fmt.Errorf("photo of %s: %w", key, err)
				}
				py := y + ckPhotoH - p.h
				if err := d.r.pdf.ImageByHolder(holder, x, py, &gopdf.Rect{W: p.w, H: p.h}); err != nil {
					return fmt.Errorf("photo of %s: %w", key, err)
				}
				d.r.strokeRect(x, py, p.w, p.h, 0.4, colBorder)
				x += p.w + ckPhotoGap
			}
			return nil
		}})
	}
	return strips, nil
}

// signatures draws a box for every role that signs the document, signed
// or not, and for any other role that signed.
func (d *checklistDoc) signatures() error {
	r := d.r
	roles := append([]string(nil), d.c.Document.Signatures...)
	byRole := make(map[string]SignatureImage)
	for _, s := range d.c.Signatures {
		if old, ok := byRole[s.Role]; !ok || !s.SignedAt.Before(old.SignedAt) {
			byRole[s.Role] = s
		}
		if !containsString(roles, s.Role) {
			roles = append(roles, s.Role)
		}
	}
	const bandH, imgH, textSize, textLH = 16.0, 46.0, 7.8, 10.5
	if len(roles) == 0 {
		r.section("签字确认", minRowH*2)
		muted := colMuted
		if err := r.row([]cell{{w: rowW, text: "（本单无需签字）", col: &muted}}, minRowH); err != nil {
			return err
		}
		return r.row([]cell{{w: rowW, text: "", col: &muted}}, minRowH)
	}
	perRow := min(len(roles), 3)
	if len(roles) > 3 && len(roles)%3 != 0 {
		perRow = 4
	}
	bw := rowW / float64(perRow)
	r.section("签字确认", bandH+imgH+3*textLH+8)
	for start := 0; start < len(roles); start += perRow {
		group := roles[start:min(start+perRow, len(roles))]
		texts := make([][]string, len(group))
		boxH := bandH + imgH + 2*textLH + 8
		for i, role := range group {
			s, ok := byRole[role]
			var ls []string
			if !ok {
				ls = []string{"签字：", "日期："}
			} else {
				ls = signatureCaption(r, s.Signature, textSize, bw-2*padX)
			}
			texts[i] = ls
			boxH = max(boxH, bandH+imgH+float64(len(ls))*textLH+8)
		}
		r.ensure(boxH)
		for i := range perRow {
			x := rowLeft + float64(i)*bw
			r.fillRect(x, r.y, bw, bandH, colLabelBg)
			r.strokeRect(x, r.y, bw, bandH, 0.5, colBorder)
			r.strokeRect(x, r.y, bw, boxH, 0.5, colBorder)
			if i >= len(group) {
				continue
			}
			role := group[i]
			zh, en := roleLabel(role)
			if err := r.text(x+padX, r.y+1, bandH-2, zh+"签字", labelZH, colText); err != nil {
				return err
			}
			if err := r.text(x+padX+r.width(zh+"签字", labelZH)+3, r.y+1.6, bandH-2, en, labelEN, colMuted); err != nil {
				return err
			}
			s, signed := byRole[role]
			ty := r.y + bandH + imgH + 2
			if signed {
				if err := d.cc.signatureImage(s, x+padX, r.y+bandH+3, bw-2*padX, imgH-6); err != nil {
					return fmt.Errorf("signature %s: %w", role, err)
				}
			} else {
				if err := r.textCenter(x+bw/2, r.y+bandH+3, imgH-6, "（未签字 Not signed）", 8, colMuted); err != nil {
					return err
				}
			}
			for _, l := range texts[i] {
				if err := r.text(x+padX, ty, textLH, l, textSize, colText); err != nil {
					return err
				}
				if !signed {
					lx := x + padX + r.width(l, textSize) + 2
					r.line(lx, ty+textLH-1.5, x+bw-padX, ty+textLH-1.5, 0.4, colBorder)
				}
				ty += textLH
			}
		}
		r.y += boxH
	}
	return nil
}

func containsString(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// footer draws the content hash, its QR code, the generation time and the
// page number at the bottom of page p of n, as on the customer copy.
func (d *checklistDoc) footer(p, n int) error {
	return d.cc.pageFooter(d.c.ContentHash, d.c.GeneratedAt, "本单随工单归档，可扫码或比对校验码核验内容。Filed with the job records.", p, n)
}

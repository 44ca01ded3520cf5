package pdf

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/signintech/gopdf"

	"fieldbook/backend/archive"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

// CoverSheet is everything printed on a job's archive cover sheet (售后服务
// 档案封面), printed and bound on top of the originals.
type CoverSheet struct {
	Company     fieldbook.Company
	ArchiveNo   string // 档案号, e.g. 2026-11-0042; "" before filing
	Location    string // 存放位置, e.g. 档案盒 B-12 / 第 3 架
	Job         fieldbook.Job
	JobTypeName string
	Customer    fieldbook.CustomerSnapshot
	Asset       *fieldbook.AssetSnapshot // nil when the job has no asset
	Technician  string                   // Job.AssignedTo when empty
	SubmittedAt *time.Time
	FiledAt     *time.Time
	FiledBy     string         // the archive clerk
	Check       archive.Result // the completeness check; its Documents are the table
	J           archive.JState // the effective J mark (archive.EffectiveJ)
	// ContentHash is printed in the footer and its QR code; when empty it
	// is CoverSheetHash(c).
	ContentHash string
	GeneratedAt time.Time
	Zone        *time.Location // times are printed in it; nil: fieldbook.Zone("")
}

// CoverSheetHash is the hex SHA-256 of what the cover sheet certifies: the
// archive number and location, the job, the J mark and every document's
// presence, source, signatures and stamps, as canonical JSON.
func CoverSheetHash(c CoverSheet) string {
	type doc struct {
		Key        string                `json:"key"`
		Present    bool                  `json:"present"`
		Source     string                `json:"source"`
		Order      int                   `json:"order"`
		Signatures []archive.SigStatus   `json:"signatures"`
		Stamps     []archive.StampStatus `json:"stamps"`
	}
	v := struct {
		Format    string `json:"format"`
		ArchiveNo string `json:"archive_no"`
		Location  string `json:"location"`
		JobID     string `json:"job_id"`
		Number    string `json:"number"`
		Complete  bool   `json:"complete"`
		J         bool   `json:"j"`
		Docs      []doc  `json:"documents"`
	}{Format: "fieldbook.cover-sheet.v1", ArchiveNo: c.ArchiveNo, Location: c.Location, JobID: c.Job.ID,
		Number: c.Job.Number, Complete: c.Check.Complete, J: c.J.Marked, Docs: []doc{}}
	for _, d := range c.Check.Documents {
		v.Docs = append(v.Docs, doc{d.Key, d.Present, d.Source, d.Order, d.Signatures, d.Stamps})
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // strings, numbers and slices of them
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// CoverSheetPDF writes a job's archive cover sheet as an A4 PDF in the
// style of the other documents: the archive number large, where the
// originals are kept, the job, customer and asset, the J mark (a circled
// J with its reasons) when the job has one, and the document set in
// binding order with each document's source, signatures, stamps and
// result, then the footer with the hash and its QR code.
func CoverSheetPDF(w io.Writer, c CoverSheet) error {
	fc, err := fonts()
	if err != nil {
		return err
	}
	if c.ContentHash == "" {
		c.ContentHash = CoverSheetHash(c)
	}
	if c.Technician == "" {
		c.Technician = c.Job.AssignedTo
	}
	title := jobtype.Text{ZH: "售后服务档案封面", EN: "Archive cover sheet"}
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: gopdf.Rect{W: pageW, H: pageH}, Unit: gopdf.UnitPT})
	pdf.SetInfo(gopdf.PdfInfo{
		Title:        strings.TrimSpace(title.ZH + " " + c.ArchiveNo),
		Subject:      title.EN + " " + c.Job.Number,
		Author:       c.Company.Name,
		Creator:      "Fieldbook",
		Producer:     "Fieldbook",
		CreationDate: c.GeneratedAt,
	})
	if err := pdf.AddTTFFontFromFontContainer(fontFamily, fc); err != nil {
		return fmt.Errorf("cover sheet: font: %w", err)
	}
	r := newRenderer(pdf, c.Zone)
	// The checklist's table machinery, header and footer draw the sheet;
	// they read only the company, the job and the hash of the checklist.
	d := &checklistDoc{r: r, cc: &customerCopy{r: r}, title: title, bodyTop: -1,
		c: Checklist{Company: c.Company, Job: c.Job, JobTypeName: c.JobTypeName, ContentHash: c.ContentHash, GeneratedAt: c.GeneratedAt}}
	cs := &coverSheet{d: d, r: r, c: c}
	if err := cs.draw(); err != nil {
		return fmt.Errorf("cover sheet: %w", err)
	}
	if _, err := pdf.WriteTo(w); err != nil {
		return fmt.Errorf("cover sheet: write: %w", err)
	}
	return nil
}

type coverSheet struct {
	d *checklistDoc
	r *renderer
	c CoverSheet
}

// Columns of the document table.
const (
	cvNoW     = 26.0
	cvSourceW = 44.0
	cvPresW   = 62.0
	cvSigW    = 132.0
	cvStampW  = 70.0
	cvNameW   = 92.0
	cvResultW = rowW - cvNoW - cvNameW - cvSourceW - cvPresW - cvSigW - cvStampW

	cvBandH = 64.0 // the archive number band
	jRadius = 25.0
)

func (s *coverSheet) draw() error {
	d, r := s.d, s.r
	d.newPage()
	if err := d.header(); err != nil {
		return err
	}
	r.onNewPage = d.runningHeader
	if err := s.band(); err != nil {
		return err
	}
	r.startFrame()
	if err := s.info(); err != nil {
		return err
	}
	if s.c.J.Marked {
		if err := s.jReasons(); err != nil {
			return err
		}
	}
	if err := s.documents(); err != nil {
		return err
	}
	if err := s.signOff(); err != nil {
		return err
	}
	r.endSection()
	r.endFrame()
	if d.err != nil {
		return d.err
	}
	return r.eachPage(d.footer)
}

// band draws the archive number in large type, the location beside it and,
// for a J job, the circled J at the right.
func (s *coverSheet) band() error {
	r, c := s.r, s.c
	top := r.y
	r.fillRect(contentLeft, top, contentW, cvBandH, colLabelBg)
	r.strokeRect(contentLeft, top, contentW, cvBandH, 1.1, colAccent)
	x := contentLeft + 12
	if err := r.text(x, top+6, 12, "档案号", 9, colText); err != nil {
		return err
	}
	if err := r.text(x+r.width("档案号", 9)+3, top+6.6, 12, "Archive No.", 6.5, colMuted); err != nil {
		return err
	}
	no, col := c.ArchiveNo, colSerial
	if no == "" {
		no, col = "（未归档 not filed）", colMuted
	}
	size := 30.0
	if c.ArchiveNo == "" {
		size = 16
	}
	if w := r.width(no, size); w > 250 {
		size *= 250 / w
	}
	if err := r.text(x, top+20, 38, no, size, col); err != nil {
		return err
	}
	// Location, right of the number.
	lx := contentLeft + 292
	right := contentRight - 12
	if c.J.Marked {
		right = contentRight - 2*jRadius - 24
	}
	r.line(lx-10, top+8, lx-10, top+cvBandH-8, 0.5, colBorder)
	if err := r.text(lx, top+6, 12, "存放位置", 9, colText); err != nil {
		return err
	}
	if err := r.text(lx+r.width("存放位置", 9)+3, top+6.6, 12, "Location", 6.5, colMuted); err != nil {
		return err
	}
	loc, lcol := c.Location, colText
	if loc == "" {
		loc, lcol = "（未指定）", colMuted
	}
	lsize := 13.0
	lines := r.wrap(loc, lsize, right-lx)
	if len(lines) > 1 {
		lsize = 10.5
		lines = r.wrap(loc, lsize, right-lx)
	}
	ly := top + 20
	if len(lines) == 1 {
		ly += 4
	}
	for i, l := range lines {
		if i == 3 {
			break
		}
		if err := r.text(lx, ly, lsize*1.35, l, lsize, lcol); err != nil {
			return err
		}
		ly += lsize * 1.35
	}
	if c.J.Marked {
		cx, cy := contentRight-jRadius-12, top+cvBandH/2
		r.pdf.SetLineWidth(2.4)
		r.pdf.SetStrokeColor(colSerial.r, colSerial.g, colSerial.b)
		r.pdf.Oval(cx-jRadius, cy-jRadius, cx+jRadius, cy+jRadius)
		if err := r.textCenter(cx, cy-jRadius, 2*jRadius, "J", 34, colSerial); err != nil {
			return err
		}
	}
	r.y = top + cvBandH + 8
	return nil
}

// info draws the job, the customer and the asset.
func (s *coverSheet) info() error {
	r, c := s.r, s.c
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
	r.section("工单信息", 3*labelRowH)
	status := map[string]string{fieldbook.JobDraft: "草稿", fieldbook.JobInProgress: "进行中", fieldbook.JobCompleted: "已完成",
		fieldbook.JobSubmitted: "已提交", fieldbook.JobFiled: "已归档", fieldbook.JobReturned: "已退回"}
	if err := rows(
		pair("工单号", "Job No.", c.Job.Number, "状态", "Status", label(status, c.Job.Status)),
		pair("技术员", "Technician", c.Technician, "档案管理员", "Archive clerk", c.FiledBy),
		pair("提交时间", "Submitted", r.datetime(c.SubmittedAt), "归档时间", "Filed", r.datetime(c.FiledAt)),
	); err != nil {
		return err
	}
	r.section("客户信息", 2*labelRowH)
	if err := rows(
		pair("客户", "Customer", c.Customer.Name, "单位", "Company", c.Customer.Company),
		pair("电话", "Phone", c.Customer.Phone, "地址", "Address", c.Customer.Address),
	); err != nil {
		return err
	}
	if a := c.Asset; a != nil {
		if a.Kind == fieldbook.AssetVehicle {
			r.section("车辆信息", labelRowH)
			return rows(pair("车牌号", "Plate", a.Plate, "车架号 VIN", "VIN", a.Serial),
				pair("车型", "Model", a.Model, "购买日期", "Purchase date", a.PurchaseDate))
		}
		r.section("设备信息", labelRowH)
		return rows(pair("产品型号", "Model", a.Model, "序列号", "Serial no.", a.Serial))
	}
	return nil
}

// jReasons draws why the job is marked J.
func (s *coverSheet) jReasons() error {
	r, c := s.r, s.c
	lw := 74.0
	var lines []string
	for i, m := range c.Check.JReasons {
		lines = append(lines, strconv.Itoa(i+1)+". "+m.ZH)
	}
	if c.J.Source == archive.JFromClerk {
		l := "档案管理员确认 J 标记"
		if c.J.Reason != "" {
			l += "：" + c.J.Reason
		}
		lines = append(lines, l)
	}
	if len(lines) == 0 {
		lines = []string{"（未记录原因）"}
	}
	red := colSerial
	r.section("J标记", labelRowH)
	return r.row([]cell{lbl(lw, "J 标记原因", "Why marked J"),
		{w: rowW - lw, text: "缺少客户真实签字，已统计记录备案。\n" + strings.Join(lines, "\n"), col: &red}}, minRowH)
}

// documents draws the document set in binding order.
func (s *coverSheet) documents() error {
	d, r, c := s.d, s.r, s.c
	problems := len(c.Check.Problems)
	note, noteCol := "完整 ✔ Complete", colPass
	if !c.Check.Complete {
		note, noteCol = fmt.Sprintf("不完整 ✘ 共 %d 项问题 · %d incomplete items", problems, problems), colFail
	}
	caption := func(cont bool) []tcell {
		zh := "文件清单（按装订顺序）"
		if cont {
			zh += "（续）"
		}
		return []tcell{d.captionCell(zh, "Documents in binding order", note, noteCol)}
	}
	head := []tcell{
		headCell(cvNoW, "序号", "No."), headCell(cvNameW, "文件名称", "Document"),
		headCell(cvSourceW, "来源", "Source"), headCell(cvPresW, "必需/条件", "Needed"),
		headCell(cvSigW, "签字", "Signatures"), headCell(cvStampW, "盖章", "Stamps"),
		headCell(cvResultW, "检查结果", "Result"),
	}
	r.section("完整性检查", ckCaptionH+ckHeadH+2*minRowH)
	if err := d.startTable(caption, head); err != nil {
		return err
	}
	defer d.endTable()
	if len(c.Check.Documents) == 0 {
		return d.trow([]tcell{{w: rowW, align: alignCenter,
			lines: []tline{{s: "（此作业类型没有规定文件）", size: 8.5, lh: 12, col: colMuted}}}}, minRowH)
	}
	no := 0
	for _, doc := range c.Check.Documents {
		no++
		if err := d.trow(s.docRow(no, doc), minRowH+4); err != nil {
			return err
		}
	}
	return nil
}

func (s *coverSheet) docRow(no int, doc archive.DocStatus) []tcell {
	d := s.d
	const size, lh = 7.8, 10.5
	line := func(txt string, col rgb) tline { return tline{s: txt, size: size, lh: lh, col: col} }
	name := d.para(doc.Name.ZH, 8.8, colText, cvNameW)
	if doc.Name.EN != "" && doc.Name.EN != doc.Name.ZH {
		name = append(name, d.para(doc.Name.EN, 6, colMuted, cvNameW)...)
	}
	source := []tline{line("—", colMuted)}
	if doc.Present {
		source = []tline{line(archive.SourceLabel(doc.Source).ZH, colText)}
	}
	pres := archive.PresenceLabel(doc.Presence, doc.When)
	presLines := d.para(pres.ZH, size, colText, cvPresW)
	if doc.Presence == "" {
		presLines = []tline{line("清单外", colMuted)}
	} else if doc.Presence == jobtype.PresenceConditional && !doc.Required {
		presLines = append(presLines, line("（未标记）", colMuted))
	}
	var sigs []tline
	for _, sg := range doc.Signatures {
		role := archive.RoleLabel(sg.Role).ZH
		st := archive.SignatureStatusLabel(sg.Kind).ZH
		col := colPass
		switch {
		case !doc.Present:
			st, col = "—", colMuted
		case !sg.OK:
			col = colFail
		}
		if sg.Kind == fieldbook.SignProxy && sg.SignerName != "" {
			st += "（" + sg.SignerName + "）"
		}
		sigs = append(sigs, d.para(role+"："+st, size, col, cvSigW)...)
	}
	if len(sigs) == 0 {
		sigs = []tline{line("无需签字", colMuted)}
	}
	var stamps []tline
	for _, sp := range doc.Stamps {
		l := archive.StampLabel(sp.Stamp).ZH
		switch {
		case !doc.Present:
			stamps = append(stamps, d.para(l+" —", size, colMuted, cvStampW)...)
		case sp.Present:
			stamps = append(stamps, d.para("✔ "+l, size, colPass, cvStampW)...)
		default:
			stamps = append(stamps, d.para("✘ 缺"+l, size, colFail, cvStampW)...)
		}
	}
	if len(stamps) == 0 {
		stamps = []tline{line("—", colMuted)}
	}
	res := tcell{w: cvResultW}
	var issues, notes []string
	for _, p := range doc.Problems {
		if p.Code == archive.CodeUnknownDocument || p.Code == archive.CodeFlagNotSet {
			notes = append(notes, p.ZH)
		} else if p.Code != archive.CodeMissingDocument {
			issues = append(issues, p.ZH)
		}
	}
	switch {
	case !doc.Present:
		res.lines = []tline{{s: "✘ 缺少此文件", size: 8.4, lh: 11.5, col: colFail}}
		res.bg = &colFailBg
	case doc.OK:
		res.lines = []tline{{s: "✔ 齐全", size: 8.4, lh: 11.5, col: colPass}}
	default:
		res.bg = &colFailBg
		for _, p := range issues {
			res.lines = append(res.lines, d.para("✘ "+p, 7.2, colFail, cvResultW)...)
		}
	}
	for _, n := range notes {
		res.lines = append(res.lines, d.para("注："+n, 6.8, colMuted, cvResultW)...)
	}
	noCol := colText
	if !doc.Present || !doc.OK {
		noCol = colFail
	}
	return []tcell{
		{w: cvNoW, align: alignCenter, lines: []tline{{s: strconv.Itoa(no), size: 8.5, lh: 11, col: noCol}}},
		{w: cvNameW, lines: name},
		{w: cvSourceW, align: alignCenter, lines: source},
		{w: cvPresW, align: alignCenter, lines: presLines},
		{w: cvSigW, lines: sigs},
		{w: cvStampW, lines: stamps},
		res,
	}
}

// signOff draws the clerk's checking line at the end of the sheet.
func (s *coverSheet) signOff() error {
	r, c := s.r, s.c
	lw := 74.0
	half := rowW / 2
	r.section("核对", 2*labelRowH)
	// The verdict agrees with the job's state: a filed job is not "to be
	// filed", whatever its documents lack (a J mark, a clerk's decision).
	filed := c.Job.Status == fieldbook.JobFiled
	verdict, col := "已核对，文件齐全，按顺序装订。", colPass
	switch {
	case filed && c.Check.Complete:
		verdict = "已核对，文件齐全，已按顺序装订归档。"
	case filed:
		verdict, col = fmt.Sprintf("已归档；归档时文件不完整（%d 项问题，见上表）。", len(c.Check.Problems)), colFail
	case !c.Check.Complete:
		verdict, col = fmt.Sprintf("文件不完整（%d 项问题），待补齐后归档。", len(c.Check.Problems)), colFail
	}
	if err := r.row([]cell{lbl(lw, "核对结论", "Verdict"), {w: rowW - lw, text: verdict, col: &col}}, minRowH); err != nil {
		return err
	}
	return r.row([]cell{lbl(lw, "档案管理员签字", "Clerk's signature"), val(half-lw, ""),
		lbl(lw, "日期", "Date"), val(half-lw, "")}, 34)
}

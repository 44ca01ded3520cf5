// Package pdf renders printable documents of a service job: the customer
// copy (客户联) of a visit, laid out like a paper 服务确认单. Chinese text
// uses an embedded WenQuanYi Micro Hei font, subset into each file, so no
// system font is needed.
package pdf

import (
	"bytes"
	_ "embed" // the font
	"fmt"
	"image"
	_ "image/png" // signature images
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/signintech/gopdf"
	"github.com/skip2/go-qrcode"

	"fieldbook/backend/fieldbook"
)

// fontTTF is face 0 of WenQuanYi Micro Hei as a plain TrueType file
// (Apache-2.0 or GPL-3+ with font exception; see fonts/).
//
//go:embed fonts/WenQuanYiMicroHei.ttf
var fontTTF []byte

const fontFamily = "wqy"

var (
	fontOnce sync.Once
	fontBox  *gopdf.FontContainer
	fontErr  error
)

// fonts parses the embedded font once; each document takes a copy that
// records its own subset.
func fonts() (*gopdf.FontContainer, error) {
	fontOnce.Do(func() {
		fc := &gopdf.FontContainer{}
		if err := fc.AddTTFFontData(fontFamily, fontTTF); err != nil {
			fontErr = fmt.Errorf("parse embedded font: %w", err)
			return
		}
		fontBox = fc
	})
	return fontBox, fontErr
}

// SignatureImage is a signature with its PNG (drawn signature or stamp
// photo; nil for refused).
type SignatureImage struct {
	fieldbook.Signature
	PNG []byte
}

// CustomerCopy is everything printed on the customer copy of a visit.
type CustomerCopy struct {
	Company     fieldbook.Company // header: name, address, phone (the centre's, or the laptop's own)
	Logo        []byte            // the centre's logo, PNG or JPEG; nil for none
	Terms       string            // 客户须知, the centre's terms printed above the signatures
	Job         fieldbook.Job     // number, job type key, status
	JobTypeName string            // e.g. "IT 上门服务"
	Visit       fieldbook.Visit   // all fields incl. Customer/Asset snapshots, parts, labour, times
	Signatures  []SignatureImage
	// Changes are what this revision, an amendment (Visit.Supersedes set),
	// changed from the one it replaces; printed with its reason (修订说明).
	Changes     []fieldbook.FieldChange
	ContentHash string // hex SHA-256 of the signed content
	GeneratedAt time.Time
	Zone        *time.Location // times are printed in it; nil: fieldbook.Zone("")
}

// CustomerCopyPDF writes the customer copy (客户联) of a visit as an A4 PDF:
// one page for a normal visit, more when the text is long.
func CustomerCopyPDF(w io.Writer, c CustomerCopy) error {
	fc, err := fonts()
	if err != nil {
		return err
	}
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: gopdf.Rect{W: pageW, H: pageH}, Unit: gopdf.UnitPT})
	pdf.SetInfo(gopdf.PdfInfo{
		Title:        "客户服务记录单（客户联） " + c.Visit.RegistrationNo,
		Subject:      "Service Record — Customer Copy",
		Author:       c.Company.Name,
		Creator:      "Fieldbook",
		Producer:     "Fieldbook",
		CreationDate: c.GeneratedAt,
	})
	if err := pdf.AddTTFFontFromFontContainer(fontFamily, fc); err != nil {
		return fmt.Errorf("customer copy: font: %w", err)
	}
	r := newRenderer(pdf, c.Zone)
	cc := customerCopy{r: r, c: c}
	if err := cc.draw(); err != nil {
		return fmt.Errorf("customer copy: %w", err)
	}
	if _, err := pdf.WriteTo(w); err != nil {
		return fmt.Errorf("customer copy: write: %w", err)
	}
	return nil
}

type customerCopy struct {
	r *renderer
	c CustomerCopy
}

var colSerial = rgb{176, 32, 32}

func (d *customerCopy) draw() error {
	r, v := d.r, d.c.Visit
	r.newPage()
	if err := d.header(); err != nil {
		return err
	}
	r.onNewPage = d.runningHeader

	half := rowW / 2
	lw := 74.0 // label width in two-pair rows
	pair := func(zh1, en1, v1, zh2, en2, v2 string) []cell {
		return []cell{lbl(lw, zh1, en1), val(half-lw, v1), lbl(lw, zh2, en2), val(half-lw, v2)}
	}
	full := func(zh, en, text string) []cell {
		return []cell{lbl(lw, zh, en), val(rowW-lw, text)}
	}
	rows := func(rs ...[]cell) error {
		for _, cells := range rs {
			if err := r.row(cells, minRowH); err != nil {
				return err
			}
		}
		return nil
	}

	r.startFrame()
	r.section("客户信息", 2*labelRowH)
	if err := rows(
		pair("客户", "Customer", v.Customer.Name, "单位", "Company", v.Customer.Company),
		pair("电话", "Phone", v.Customer.Phone, "地址", "Address", v.Customer.Address),
	); err != nil {
		return err
	}

	r.section("设备信息", 2*labelRowH)
	if err := rows(
		pair("产品型号", "Model", v.Asset.Model, "序列号/VIN", "Serial no. / VIN", v.Asset.Serial),
		pair("车牌", "Plate", v.Asset.Plate, "购买日期", "Purchase date", v.Asset.PurchaseDate),
		pair("是否在质保期内", "In warranty", label(warrantyLabels, v.Asset.Warranty),
			"设备等级", "Equipment class", v.Asset.EquipmentClass),
	); err != nil {
		return err
	}

	r.section("服务内容", 3*labelRowH)
	tl := 62.0
	tv := rowW/3 - tl
	if err := rows(
		[]cell{
			lbl(tl, "预约时间", "Appointment"), val(tv, d.r.datetime(v.AppointmentAt)),
			lbl(tl, "到达时间", "Arrived"), val(tv, d.r.datetime(v.ArrivedAt)),
			lbl(tl, "离开时间", "Departed"), val(rowW-3*tl-2*tv, d.r.datetime(v.DepartedAt)),
		},
		full("故障现象", "Fault symptoms", v.FaultSymptoms),
		full("用户要求", "Customer requirement", v.CustomerRequirement),
		full("维修历史", "Repair history", v.RepairHistory),
		full("故障诊断", "Diagnosis", v.Diagnosis),
		full("处理过程", "Work performed", v.WorkPerformed),
		full("处理结果", "Result", v.Result),
		full("服务技术员", "Technician", d.technician()),
	); err != nil {
		return err
	}

	if err := d.money(); err != nil {
		return err
	}

	r.section("回访评价", 2*labelRowH)
	if err := rows(
		pair("回访", "Follow-up", v.FollowUp, "回访时间", "Follow-up time", d.r.datetime(v.FollowUpAt)),
		[]cell{
			lbl(lw, "满意度", "Satisfaction"), d.satisfaction(half - lw),
			lbl(lw, "客户意见", "Comments"), val(half-lw, v.CustomerComments),
		},
	); err != nil {
		return err
	}

	if v.Supersedes != "" {
		if err := d.amendment(); err != nil {
			return err
		}
	}

	if strings.TrimSpace(d.c.Terms) != "" {
		r.section("客户须知", labelRowH)
		if err := rows(full("客户须知", "Customer terms", strings.TrimSpace(d.c.Terms))); err != nil {
			return err
		}
	}

	if err := d.signatures(); err != nil {
		return err
	}
	r.endSection()
	r.endFrame()

	return r.eachPage(d.footer)
}

// amendment draws 修订说明: the revision this one amends, why, and what it
// changed, field by field (before → after).
func (d *customerCopy) amendment() error {
	r, v := d.r, d.c.Visit
	lw := 74.0
	r.section("修订说明", 2*labelRowH)
	reason := strings.TrimSpace(v.AmendReason)
	if reason == "" {
		reason = "（未写明）"
	}
	if err := r.row([]cell{lbl(lw, "修订原因", "Reason"),
		val(rowW-lw, fmt.Sprintf("本单为第 %d 版，修订第 %d 版：%s", v.Revision, v.Revision-1, reason))}, minRowH); err != nil {
		return err
	}
	if len(d.c.Changes) == 0 {
		return r.row([]cell{lbl(lw, "修改内容", "Changes"), val(rowW-lw, "内容未改动")}, minRowH)
	}
	cw := (rowW - lw) / 2
	if err := r.row([]cell{lbl(lw, "字段", "Field"), lbl(cw, "原内容", "Before"), lbl(rowW-lw-cw, "修订后", "After")}, labelRowH); err != nil {
		return err
	}
	for _, c := range d.c.Changes {
		before, after := c.Old, c.New
		if before == "" {
			before = "（空）"
		}
		if after == "" {
			after = "（空）"
		}
		if err := r.row([]cell{lbl(lw, c.Label.ZH, c.Label.EN), val(cw, label(paymentOrOldParts(c.Field), before)),
			val(rowW-lw-cw, label(paymentOrOldParts(c.Field), after))}, minRowH); err != nil {
			return err
		}
	}
	return nil
}

// header draws the company, the title and the numbers at the top of page 1.
func (d *customerCopy) header() error {
	r, c := d.r, d.c
	x := contentLeft
	// Numbers, top right.
	numW := 190.0
	jobType := c.JobTypeName
	if jobType == "" {
		jobType = c.Job.JobType
	}
	nums := [][3]string{
		{"服务登记编号", "Reg. No.", c.Visit.RegistrationNo},
		{"工单号", "Job No.", c.Job.Number},
		{"服务类型", "Service type", jobType},
	}
	ny := r.y
	for i, n := range nums {
		col := colText
		size := 9.0
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
	// Logo and company, top left.
	textW := contentW - numW - 12
	y := r.y
	if len(c.Logo) > 0 {
		w, err := d.logo(x, y, 96, 40)
		if err != nil {
			return err
		}
		x += w + 10
		textW -= w + 10
		ny = max(ny, y+44)
	}
	name := c.Company.Name
	for _, l := range r.wrap(name, 15, textW) {
		if err := r.text(x, y, 19, l, 15, colAccent); err != nil {
			return err
		}
		y += 19
	}
	for _, l := range r.wrap(prefixed("地址：", c.Company.Address)+"\n"+prefixed("电话：", c.Company.Phone), 8, textW) {
		if err := r.text(x, y, 11, l, 8, colMuted); err != nil {
			return err
		}
		y += 11
	}
	r.y = max(y, ny) + 4
	r.line(contentLeft, r.y, contentRight, r.y, 1.6, colAccent)
	r.line(contentLeft, r.y+2.4, contentRight, r.y+2.4, 0.5, colAccent)
	r.y += 8

	// Title.
	if err := r.textCenter(pageW/2, r.y, 24, "客户服务记录单（客户联）", 18, colText); err != nil {
		return err
	}
	r.y += 24
	if err := r.textCenter(pageW/2, r.y, 12, "Service Record — Customer Copy", 8.5, colMuted); err != nil {
		return err
	}
	r.y += 16

	if c.Visit.Revision > 1 {
		rev := "第 " + strconv.Itoa(c.Visit.Revision) + " 版（修订）Revision " + strconv.Itoa(c.Visit.Revision)
		if err := r.textRight(contentRight, r.y-14, 13, rev, 8, colSerial); err != nil {
			return err
		}
	}
	r.y += 2
	return nil
}

// logo draws the centre's logo within w×h at (x, y), keeping its aspect,
// and returns the width it took.
func (d *customerCopy) logo(x, y, w, h float64) (float64, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(d.c.Logo))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return 0, nil // not an image this renderer reads: the letterhead stands without it
	}
	iw, ih := float64(cfg.Width), float64(cfg.Height)
	scale := min(w/iw, h/ih)
	holder, err := gopdf.ImageHolderByBytes(d.c.Logo)
	if err != nil {
		return 0, nil
	}
	if err := d.r.pdf.ImageByHolder(holder, x, y, &gopdf.Rect{W: iw * scale, H: ih * scale}); err != nil {
		return 0, fmt.Errorf("logo: %w", err)
	}
	return iw * scale, nil
}

// technician is who did the work: the name the technician's own signature
// carries (with the employee number), else the job's assignee.
func (d *customerCopy) technician() string {
	for _, s := range d.c.Signatures {
		if s.Role == fieldbook.RoleTechnician && s.SignerName != "" {
			return s.SignerName
		}
	}
	return d.c.Job.AssignedTo
}

// prefixed is prefix+s, or "" when s is empty.
func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

// runningHeader heads every page after the first.
func (d *customerCopy) runningHeader() {
	r := d.r
	left := "客户服务记录单（客户联）· 续页 Continued"
	if d.c.Company.Name != "" {
		left = d.c.Company.Name + " · " + left
	}
	_ = r.text(contentLeft, r.y, 14, left, 8.5, colAccent)
	_ = r.textRight(contentRight, r.y, 14, "服务登记编号 "+d.c.Visit.RegistrationNo, 8.5, colSerial)
	r.y += 16
	r.line(contentLeft, r.y, contentRight, r.y, 0.9, colAccent)
	r.y += 8
}

// Widths of the parts and labour tables, aligned column by column.
const (
	colNo     = 26.0
	colQty    = 50.0
	colPrice  = 72.0
	colAmount = 80.0
	colPartNo = 96.0
)

func (d *customerCopy) money() error {
	r, v := d.r, d.c.Visit
	r.section("费用明细", 3*17+labelRowH)
	const headH, lineH = 17.0, 16.0
	muted := colMuted
	right := func(w float64, s string) cell { return cell{w: w, text: s, align: alignRight} }
	center := func(w float64, s string) cell { return cell{w: w, text: s, align: alignCenter} }
	head := func(w float64, zh, en string) cell { return cell{w: w, label: true, inline: true, zh: zh, en: en} }
	none := func(w float64) cell { return cell{w: w, text: "（无）", col: &muted} }

	nameW := rowW - colNo - colPartNo - colQty - colPrice - colAmount
	partsHead := []cell{
		head(colNo, "序号", ""), head(nameW, "备品/配件名称", "Part"), head(colPartNo, "编号", "Part no."),
		head(colQty, "数量", "Qty"), head(colPrice, "单价", "Unit price"), head(colAmount, "金额", "Amount"),
	}
	if err := d.table(partsHead, headH, len(v.Parts), func(i int) []cell {
		p := v.Parts[i]
		return []cell{
			center(colNo, strconv.Itoa(i+1)), val(nameW, p.Name), val(colPartNo, p.CatalogueNo),
			right(colQty, strconv.FormatInt(p.Qty, 10)), right(colPrice, FormatFen(p.UnitPriceFen)),
			right(colAmount, FormatFen(p.AmountFen())),
		}
	}, []cell{center(colNo, ""), none(nameW), val(colPartNo, ""), val(colQty, ""), val(colPrice, ""), val(colAmount, "")}, lineH); err != nil {
		return err
	}

	descW := nameW + colPartNo
	labourHead := []cell{
		head(colNo, "序号", ""), head(descW, "工时内容", "Labour"), head(colQty, "工时(h)", "Hours"),
		head(colPrice, "费率", "Rate / h"), head(colAmount, "金额", "Amount"),
	}
	if err := d.table(labourHead, headH, len(v.Labour), func(i int) []cell {
		l := v.Labour[i]
		return []cell{
			center(colNo, strconv.Itoa(i+1)), val(descW, l.Description), right(colQty, formatHours(l.Minutes)),
			right(colPrice, FormatFen(l.RateFen)), right(colAmount, FormatFen(l.AmountFen())),
		}
	}, []cell{center(colNo, ""), none(descW), val(colQty, ""), val(colPrice, ""), val(colAmount, "")}, lineH); err != nil {
		return err
	}

	t := v.Totals()
	accent := colAccent
	lw := 58.0
	third := rowW / 3
	if err := r.row([]cell{
		lbl(lw, "备品费", "Parts"), right(third-lw, FormatFen(t.PartsFen)),
		lbl(lw, "工时费", "Labour"), right(third-lw, FormatFen(t.LabourFen)),
		lbl(lw, "合计", "Total"), {w: rowW - 2*third - lw, text: FormatFen(t.TotalFen), align: alignRight, size: 11, col: &accent},
	}, minRowH); err != nil {
		return err
	}
	upperW := 170.0
	rest := (rowW - 3*lw - upperW) / 2
	return r.row([]cell{
		lbl(lw, "合计大写", "In words"), val(upperW, "人民币"+FormatFenUpper(t.TotalFen)),
		lbl(lw, "付费方式", "Payment"), val(rest, label(paymentLabels, v.PaymentMethod)),
		lbl(lw, "旧件处理", "Old parts"), val(rest, label(oldPartsLabels, v.OldParts)),
	}, minRowH)
}

// table draws a header row and n body rows, repeating the header on a new
// page; empty is drawn when n is 0.
func (d *customerCopy) table(head []cell, headH float64, n int, body func(int) []cell, empty []cell, lineH float64) error {
	r := d.r
	cp := func() []cell { return append([]cell(nil), head...) }
	r.ensure(headH + lineH)
	if err := r.row(cp(), headH); err != nil {
		return err
	}
	if n == 0 {
		return r.row(empty, lineH)
	}
	for i := range n {
		cells := body(i)
		for j := range cells {
			c := &cells[j]
			c.lines = r.wrap(c.text, c.fontSize(), c.w-2*padX)
		}
		h := lineH
		for j := range cells {
			h = max(h, cells[j].contentH()+2*padY)
		}
		if r.y+h > r.bottom() && h < r.bottom()-r.pageTop-headH {
			r.newPage()
			if err := r.row(cp(), headH); err != nil {
				return err
			}
		}
		if err := r.row(cells, lineH); err != nil {
			return err
		}
	}
	return nil
}

// satisfaction is a cell with 1–5 stars and the rating in words.
func (d *customerCopy) satisfaction(w float64) cell {
	n := d.c.Visit.Satisfaction
	r := d.r
	return cell{w: w, customH: 12, custom: func(x, y, _, h float64) error {
		x += padX
		if n < 1 || n > 5 {
			return r.text(x, y, h, satisfactionLabel(n), valueSize, colMuted)
		}
		const s = 10.0
		for i := range 5 {
			style, col := "F", colAccent
			if i >= n {
				style, col = "D", colBorder
			}
			r.star(x+float64(i)*(s+1.5)+s/2, y+h/2, s/2, style, col)
		}
		x += 5*(s+1.5) + 4
		return r.text(x, y, h, satisfactionLabel(n)+"（"+strconv.Itoa(n)+"/5）", valueSize, colText)
	}}
}

// star draws a five-pointed star centred on (cx, cy).
func (r *renderer) star(cx, cy, radius float64, style string, col rgb) {
	pts := make([]gopdf.Point, 0, 10)
	for i := range 10 {
		rad := radius
		if i%2 == 1 {
			rad = radius * 0.42
		}
		a := (-90 + float64(i)*36) * math.Pi / 180
		pts = append(pts, gopdf.Point{X: cx + rad*math.Cos(a), Y: cy + rad*math.Sin(a)})
	}
	r.pdf.SetLineWidth(0.6)
	r.pdf.SetStrokeColor(col.r, col.g, col.b)
	r.pdf.SetFillColor(col.r, col.g, col.b)
	r.pdf.Polygon(pts, style)
}

// signatures draws one box per signature, three or four to a row.
func (d *customerCopy) signatures() error {
	r := d.r
	sigs := d.c.Signatures
	perRow := 3
	if len(sigs) > 3 && len(sigs)%3 != 0 {
		perRow = 4
	}
	const bandH, imgH, textSize, textLH = 16.0, 46.0, 7.8, 10.5
	bw := rowW / float64(perRow)
	r.section("签字确认", bandH+imgH+3*textLH+8)
	if len(sigs) == 0 {
		muted := colMuted
		return r.row([]cell{{w: rowW, text: "（无签字）", col: &muted}}, minRowH)
	}
	for start := 0; start < len(sigs); start += perRow {
		group := sigs[start:min(start+perRow, len(sigs))]
		texts := make([][]string, len(group))
		boxH := 0.0
		for i, s := range group {
			ls := signatureCaption(r, s.Signature, textSize, bw-2*padX)
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
			s := group[i]
			zh, en := roleLabel(s.Role)
			if err := r.text(x+padX, r.y+1, bandH-2, zh+"签字", labelZH, colText); err != nil {
				return err
			}
			if err := r.text(x+padX+r.width(zh+"签字", labelZH)+3, r.y+1.6, bandH-2, en, labelEN, colMuted); err != nil {
				return err
			}
			if err := d.signatureImage(s, x+padX, r.y+bandH+3, bw-2*padX, imgH-6); err != nil {
				return fmt.Errorf("signature %d (%s): %w", start+i+1, s.Role, err)
			}
			ty := r.y + bandH + imgH + 2
			for _, l := range texts[i] {
				if err := r.text(x+padX, ty, textLH, l, textSize, colText); err != nil {
					return err
				}
				ty += textLH
			}
		}
		r.y += boxH
	}
	return nil
}

// signatureImage draws the PNG of s scaled into the box, or a note when
// there is none.
func (d *customerCopy) signatureImage(s SignatureImage, x, y, w, h float64) error {
	r := d.r
	if s.Kind == fieldbook.SignRefused {
		return r.textCenter(x+w/2, y, h, "拒签 Refused", 13, colSerial)
	}
	if len(s.PNG) == 0 {
		return r.textCenter(x+w/2, y, h, "（无签名图像）", 8, colMuted)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(s.PNG))
	if err != nil {
		return fmt.Errorf("image: %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return fmt.Errorf("image: empty")
	}
	iw, ih := float64(cfg.Width), float64(cfg.Height)
	scale := min(w/iw, h/ih)
	dw, dh := iw*scale, ih*scale
	holder, err := gopdf.ImageHolderByBytes(s.PNG)
	if err != nil {
		return fmt.Errorf("image: %w", err)
	}
	return r.pdf.ImageByHolder(holder, x+(w-dw)/2, y+(h-dh)/2, &gopdf.Rect{W: dw, H: dh})
}

// footer draws the content hash, its QR code, the generation time and the
// page number at the bottom of page p of n.
func (d *customerCopy) footer(p, n int) error {
	return d.pageFooter(d.c.ContentHash, d.c.GeneratedAt,
		"本单为客户联，请妥善保存，以备查询服务记录。This copy is for the customer's records.", p, n)
}

// pageFooter draws the footer of every Fieldbook PDF page: the content hash
// (short and in full) with a QR code of it, the generation time, a note and
// the page number of n.
func (d *customerCopy) pageFooter(contentHash string, generated time.Time, note string, p, n int) error {
	r := d.r
	r.size = 0
	top := pageH - marginBottom - footerH + 6
	r.line(contentLeft, top, contentRight, top, 0.5, colBorder)
	y := top + 5
	const qrSize = 50.0
	hash := strings.ToLower(strings.TrimSpace(contentHash))
	x := contentLeft
	if hash == "" {
		if err := r.text(x, y, 12, "内容校验码 Content hash：（未签署 not signed）", 8, colMuted); err != nil {
			return err
		}
	} else {
		lead := "内容校验码 Content hash："
		if err := r.text(x, y, 12, lead, 8, colText); err != nil {
			return err
		}
		if err := r.text(x+r.width(lead, 8), y, 12, shortHash(hash), 9.5, colAccent); err != nil {
			return err
		}
		if err := r.text(x, y+12, 9, "SHA-256 "+hash, 6.2, colMuted); err != nil {
			return err
		}
	}
	gen := "生成时间 Generated：" + r.datetime(&generated) + "（" + fieldbook.ZoneLabel(r.zone, generated).ZH + "）　由 Fieldbook 生成"
	if err := r.text(x, y+22, 10, gen, 7, colMuted); err != nil {
		return err
	}
	if err := r.text(x, y+32, 10, note, 7, colMuted); err != nil {
		return err
	}
	qx := contentRight - qrSize
	if hash != "" {
		if err := d.qr(qx, y, qrSize, "fieldbook:sha256:"+hash); err != nil {
			return err
		}
		if err := r.textRight(qx-6, y+34, 9, "扫码核验 Scan to verify", 6, colMuted); err != nil {
			return err
		}
	}
	page := fmt.Sprintf("第 %d 页 / 共 %d 页", p, n)
	if err := r.textRight(qx-6, y+6, 12, page, 8.5, colText); err != nil {
		return err
	}
	return r.textRight(qx-6, y+18, 9, fmt.Sprintf("Page %d of %d", p, n), 6.5, colMuted)
}

// qr draws a QR code of content as vector squares, size points wide.
func (d *customerCopy) qr(x, y, size float64, content string) error {
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return fmt.Errorf("qr code: %w", err)
	}
	q.DisableBorder = true
	bm := q.Bitmap()
	if len(bm) == 0 {
		return nil
	}
	m := size / float64(len(bm))
	d.r.pdf.SetFillColor(0, 0, 0)
	for row, bits := range bm {
		for col := 0; col < len(bits); {
			if !bits[col] {
				col++
				continue
			}
			end := col
			for end < len(bits) && bits[end] {
				end++
			}
			// A hair of overlap hides seams between squares in viewers.
			d.r.pdf.RectFromUpperLeftWithStyle(x+float64(col)*m, y+float64(row)*m, float64(end-col)*m+0.05, m+0.05, "F")
			col = end
		}
	}
	return nil
}

// signatureCaption is the text under a signature box: how, by whom, when.
func signatureCaption(r *renderer, s fieldbook.Signature, size, width float64) []string {
	ls := r.wrap("方式："+kindLabel(s), size, width)
	if s.SignerName != "" && s.Kind != fieldbook.SignProxy {
		ls = append(ls, r.wrap("签字人："+s.SignerName, size, width)...)
	}
	if !s.SignedAt.IsZero() {
		ls = append(ls, "时间："+r.datetime(&s.SignedAt))
	}
	return ls
}

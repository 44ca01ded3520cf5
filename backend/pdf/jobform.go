package pdf

import (
	"fmt"
	"io"
	"time"

	"github.com/signintech/gopdf"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

// jobForm is a form about one job on A4 pages in the style of the other
// documents: the letterhead and the job under the form's title, its rows in
// a frame, and on every page a footer with the time it was generated (and
// a note, if any) and the page number. The 售后派遣单 and the 客户投诉处理单
// are such forms.
type jobForm struct {
	name  string       // in errors, e.g. "dispatch slip"
	title jobtype.Text // printed at the top; the PDF's title and subject
	head  Checklist    // the letterhead, the job, its type and the generation time the header shows
	zone  *time.Location
	note  string // the footer's second line; "" none
	rows  func(r *renderer) error
}

func (f jobForm) write(w io.Writer) error {
	fc, err := fonts()
	if err != nil {
		return err
	}
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: gopdf.Rect{W: pageW, H: pageH}, Unit: gopdf.UnitPT})
	pdf.SetInfo(gopdf.PdfInfo{
		Title:        f.title.ZH + " " + f.head.Job.Number,
		Subject:      f.title.EN + " " + f.head.Job.Number,
		Author:       f.head.Company.Name,
		Creator:      "Fieldbook",
		Producer:     "Fieldbook",
		CreationDate: f.head.GeneratedAt,
	})
	if err := pdf.AddTTFFontFromFontContainer(fontFamily, fc); err != nil {
		return fmt.Errorf("%s: font: %w", f.name, err)
	}
	r := newRenderer(pdf, f.zone)
	d := &checklistDoc{r: r, cc: &customerCopy{r: r}, title: f.title, bodyTop: -1, c: f.head}
	d.newPage()
	if err := d.header(); err != nil {
		return fmt.Errorf("%s: %w", f.name, err)
	}
	r.startFrame()
	if err := f.rows(r); err != nil {
		return fmt.Errorf("%s: %w", f.name, err)
	}
	r.endSection()
	r.endFrame()
	if d.err != nil {
		return fmt.Errorf("%s: %w", f.name, d.err)
	}
	if err := r.eachPage(func(p, n int) error { return f.footer(r, p, n) }); err != nil {
		return fmt.Errorf("%s: %w", f.name, err)
	}
	if _, err := pdf.WriteTo(w); err != nil {
		return fmt.Errorf("%s: write: %w", f.name, err)
	}
	return nil
}

func (f jobForm) footer(r *renderer, p, n int) error {
	r.size = 0
	top := pageH - marginBottom - footerH + 6
	r.line(contentLeft, top, contentRight, top, 0.5, colBorder)
	generated := f.head.GeneratedAt
	gen := "生成时间 Generated：" + r.datetime(&generated) + "（" + fieldbook.ZoneLabel(r.zone, generated).ZH + "）　由 Fieldbook 生成"
	if err := r.text(contentLeft, top+5, 10, gen, 7, colMuted); err != nil {
		return err
	}
	if f.note != "" {
		if err := r.text(contentLeft, top+15, 10, f.note, 7, colMuted); err != nil {
			return err
		}
	}
	return r.textRight(contentRight, top+5, 10, fmt.Sprintf("第 %d 页 / 共 %d 页", p, n), 7, colMuted)
}

package pdf

import "math"

// Alignment of a value cell.
const (
	alignLeft = iota
	alignRight
	alignCenter
)

// Metrics of form rows.
const (
	padX       = 5.0
	padY       = 2.5
	minRowH    = 20.0
	labelZH    = 8.5 // size of a Chinese label
	labelEN    = 5.8 // size of its English sub-label
	labelZHLH  = 10.0
	labelENLH  = 6.5
	valueSize  = 9.0
	lineFactor = 1.42                           // line height / font size
	labelRowH  = labelZHLH + labelENLH + 2*padY // a row of one-line values
	sectionW   = 18.0                           // the vertical section title column
	rowLeft    = contentLeft + sectionW
	rowW       = contentW - sectionW
)

// cell is one box of a form row: a shaded label (Chinese over English), a
// wrapped value, or a custom drawing.
type cell struct {
	w      float64
	label  bool
	inline bool // label on one line, Chinese then English (table headers)
	zh, en string
	text   string
	size   float64 // value font size; valueSize if 0
	col    *rgb    // value colour; colText if nil
	align  int
	// custom draws the cell content; customH is the height it needs.
	custom  func(x, y, w, h float64) error
	customH float64

	lines []string // text, wrapped
}

func lbl(w float64, zh, en string) cell { return cell{w: w, label: true, zh: zh, en: en} }
func val(w float64, text string) cell   { return cell{w: w, text: text} }

func (c *cell) fontSize() float64 {
	if c.size == 0 {
		return valueSize
	}
	return c.size
}

func (c *cell) lineH() float64 { return c.fontSize() * lineFactor }

// contentH is the height of the cell's content without padding.
func (c *cell) contentH() float64 {
	switch {
	case c.custom != nil:
		return c.customH
	case c.label && c.inline:
		return labelZHLH
	case c.label:
		if c.en == "" {
			return labelZHLH
		}
		return labelZHLH + labelENLH
	}
	return float64(len(c.lines)) * c.lineH()
}

// row draws one row of cells across the form at r.y, starting a new page
// when it does not fit; a row of wrapped text taller than the space left is
// split, its labels repeated, so no text is ever clipped.
func (r *renderer) row(cells []cell, minH float64) error {
	for i := range cells {
		c := &cells[i]
		if !c.label && c.custom == nil && c.lines == nil {
			c.lines = r.wrap(c.text, c.fontSize(), c.w-2*padX)
		}
	}
	for {
		h := minH
		for i := range cells {
			h = math.Max(h, cells[i].contentH()+2*padY)
		}
		if r.y+h <= r.bottom() {
			return r.drawRow(cells, h)
		}
		fresh := r.y <= r.pageTop+0.01
		// How many lines of the tallest text fit on this page?
		var lh float64
		lines := 0
		for i := range cells {
			if c := &cells[i]; !c.label && c.custom == nil && len(c.lines) > lines {
				lines, lh = len(c.lines), c.lineH()
			}
		}
		fit := 0
		if lh > 0 {
			fit = int((r.bottom() - r.y - 2*padY) / lh)
		}
		if lines <= 1 || fit < 2 && !fresh || fit < 1 {
			if fresh {
				// Not even one line fits on an empty page: draw it anyway.
				return r.drawRow(cells, h)
			}
			r.newPage()
			continue
		}
		if fit >= lines {
			fit = lines - 1
		}
		head := make([]cell, len(cells))
		copy(head, cells)
		for i := range cells {
			c := &cells[i]
			if c.label || c.custom != nil {
				continue
			}
			n := min(fit, len(c.lines))
			head[i].lines = c.lines[:n:n]
			c.lines = c.lines[n:]
			if len(c.lines) == 0 {
				c.lines = []string{}
			}
		}
		if err := r.drawRow(head, r.bottom()-r.y); err != nil {
			return err
		}
		r.newPage()
		for i := range cells {
			if cells[i].label && !cells[i].inline && cells[i].zh != "" {
				cells[i].zh += "（续）"
			}
		}
	}
}

func (r *renderer) drawRow(cells []cell, h float64) error {
	x := rowLeft
	for i := range cells {
		c := &cells[i]
		if c.label {
			r.fillRect(x, r.y, c.w, h, colLabelBg)
		}
		r.strokeRect(x, r.y, c.w, h, 0.5, colBorder)
		if err := r.drawCell(c, x, r.y, h); err != nil {
			return err
		}
		x += c.w
	}
	r.y += h
	return nil
}

func (r *renderer) drawCell(c *cell, x, y, h float64) error {
	top := y + (h-c.contentH())/2
	switch {
	case c.custom != nil:
		return c.custom(x, top, c.w, c.customH)
	case c.label && c.inline:
		zw := r.width(c.zh, labelZH)
		ew := r.width(c.en, labelEN)
		tx := x + (c.w-zw-3-ew)/2
		if err := r.text(tx, top, labelZHLH, c.zh, labelZH, colText); err != nil {
			return err
		}
		return r.text(tx+zw+3, top+0.6, labelZHLH, c.en, labelEN, colMuted)
	case c.label:
		if err := r.text(x+padX, top, labelZHLH, c.zh, labelZH, colText); err != nil {
			return err
		}
		return r.text(x+padX, top+labelZHLH-0.5, labelENLH, c.en, labelEN, colMuted)
	}
	col := colText
	if c.col != nil {
		col = *c.col
	}
	size, lh := c.fontSize(), c.lineH()
	for i, s := range c.lines {
		ly := top + float64(i)*lh
		var err error
		switch c.align {
		case alignRight:
			err = r.textRight(x+c.w-padX, ly, lh, s, size, col)
		case alignCenter:
			err = r.textCenter(x+c.w/2, ly, lh, s, size, col)
		default:
			err = r.text(x+padX, ly, lh, s, size, col)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// section opens a titled part of the form: its Chinese title is written
// top to bottom in a shaded column on the left of its rows.
func (r *renderer) section(title string, minH float64) {
	r.endSection()
	r.ensure(minH)
	r.sec = &openSection{title: title, top: r.y}
}

// endSection draws the title column of the open section's part on this page.
func (r *renderer) endSection() {
	if r.sec == nil {
		return
	}
	s := r.sec
	r.sec = nil
	h := r.y - s.top
	if h <= 0 {
		return
	}
	r.fillRect(contentLeft, s.top, sectionW, h, colBandBg)
	r.strokeRect(contentLeft, s.top, sectionW, h, 0.5, colBorder)
	rs := []rune(s.title)
	size := math.Min(9.5, (h-6)/(float64(len(rs))*1.2))
	if size < 4 {
		return
	}
	lh := size * 1.2
	y := s.top + (h-lh*float64(len(rs)))/2
	for i, c := range rs {
		_ = r.textCenter(contentLeft+sectionW/2, y+float64(i)*lh, lh, string(c), size, colAccent)
	}
	r.line(contentLeft, s.top, contentRight, s.top, 0.9, colAccent)
}

type openSection struct {
	title string
	top   float64
}

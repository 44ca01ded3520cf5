package pdf

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/signintech/gopdf"

	"fieldbook/backend/fieldbook"
)

// A4 portrait in points, and the frame of the page.
const (
	pageW        = 595.28
	pageH        = 841.89
	marginX      = 36.0
	marginTop    = 30.0
	marginBottom = 24.0
	footerH      = 62.0 // reserved above the bottom margin on every page
	contentW     = pageW - 2*marginX
	contentLeft  = marginX
	contentRight = pageW - marginX
)

type rgb struct{ r, g, b uint8 }

var (
	colText    = rgb{25, 25, 25}
	colMuted   = rgb{105, 110, 118}
	colAccent  = rgb{28, 58, 100}
	colBorder  = rgb{120, 126, 135}
	colLabelBg = rgb{242, 244, 247}
	colBandBg  = rgb{224, 231, 240}
)

// renderer draws on a gopdf document top to bottom, starting new pages when
// the space above the footer runs out.
type renderer struct {
	pdf     *gopdf.GoPdf
	y       float64 // top of the free space on the current page
	pageTop float64 // top of the free space on a new page, below its header
	size    float64 // current font size
	widths  map[rune]float64
	glyphs  map[rune]glyphFix // characters replaced for want of a glyph
	// onNewPage draws the running header of a continuation page.
	onNewPage func()
	sec       *openSection // the form section being drawn
	frameTop  float64      // top of the form's outer frame on this page; <0 if none
	zone      *time.Location
}

// newRenderer draws on pdf; times are printed in zone (nil: the default
// centre's, fieldbook.Zone).
func newRenderer(pdf *gopdf.GoPdf, zone *time.Location) *renderer {
	if zone == nil {
		zone = fieldbook.Zone("")
	}
	return &renderer{pdf: pdf, widths: make(map[rune]float64, 512), glyphs: make(map[rune]glyphFix, 512), frameTop: -1, zone: zone}
}

// datetime prints t as 2006-01-02 15:04 in the renderer's zone.
func (r *renderer) datetime(t *time.Time) string { return formatTime(t, r.zone) }

func (r *renderer) bottom() float64 { return pageH - marginBottom - footerH }

func (r *renderer) setFont(size float64) error {
	if size == r.size {
		return nil
	}
	r.size = size
	return r.pdf.SetFont(fontFamily, "", size)
}

// width measures s at size, caching each rune's advance at 1 pt.
func (r *renderer) width(s string, size float64) float64 {
	s = r.clean(s)
	var w float64
	for _, c := range s {
		a, ok := r.widths[c]
		if !ok {
			if r.size == 0 {
				_ = r.setFont(10)
			}
			m, err := r.pdf.MeasureTextWidth(string(c))
			if err != nil {
				m = 0
			}
			a = m / r.size
			r.widths[c] = a
		}
		w += a
	}
	return w * size
}

// text draws s with its baseline placed for a line box of height lh whose
// top is at y.
func (r *renderer) text(x, y, lh float64, s string, size float64, col rgb) error {
	s = r.clean(s)
	if s == "" {
		return nil
	}
	if err := r.setFont(size); err != nil {
		return err
	}
	r.pdf.SetTextColor(col.r, col.g, col.b)
	r.pdf.SetXY(x, y+lh/2+size*0.36)
	return r.pdf.Text(s)
}

// textRight draws s ending at x.
func (r *renderer) textRight(x, y, lh float64, s string, size float64, col rgb) error {
	return r.text(x-r.width(s, size), y, lh, s, size, col)
}

// textCenter draws s centred on x.
func (r *renderer) textCenter(x, y, lh float64, s string, size float64, col rgb) error {
	return r.text(x-r.width(s, size)/2, y, lh, s, size, col)
}

func (r *renderer) fillRect(x, y, w, h float64, col rgb) {
	r.pdf.SetFillColor(col.r, col.g, col.b)
	r.pdf.RectFromUpperLeftWithStyle(x, y, w, h, "F")
}

func (r *renderer) strokeRect(x, y, w, h, lw float64, col rgb) {
	r.pdf.SetLineWidth(lw)
	r.pdf.SetStrokeColor(col.r, col.g, col.b)
	r.pdf.RectFromUpperLeftWithStyle(x, y, w, h, "D")
}

func (r *renderer) line(x1, y1, x2, y2, lw float64, col rgb) {
	r.pdf.SetLineWidth(lw)
	r.pdf.SetStrokeColor(col.r, col.g, col.b)
	r.pdf.Line(x1, y1, x2, y2)
}

// newPage starts a page and draws its running header.
func (r *renderer) newPage() {
	sec := r.sec
	framed := r.frameTop >= 0
	r.endSection()
	r.endFrame()
	r.pdf.AddPage()
	r.size = 0 // font state does not carry over pages in every reader
	r.y = marginTop
	if r.onNewPage != nil {
		r.onNewPage()
	}
	r.pageTop = r.y
	if framed {
		r.frameTop = r.y
	}
	if sec != nil {
		r.sec = &openSection{title: sec.title, top: r.y}
	}
}

// startFrame opens the outer border of the form at r.y.
func (r *renderer) startFrame() { r.frameTop = r.y }

// endFrame draws the outer border of the form's part on this page.
// eachPage calls draw on every page of the finished document, with the
// page's number and the page count (for footers: "第 p 页 / 共 n 页").
func (r *renderer) eachPage(draw func(p, n int) error) error {
	n := r.pdf.GetNumberOfPages()
	for p := 1; p <= n; p++ {
		if err := r.pdf.SetPage(p); err != nil {
			return err
		}
		if err := draw(p, n); err != nil {
			return err
		}
	}
	return nil
}

func (r *renderer) endFrame() {
	if r.frameTop < 0 {
		return
	}
	if r.y > r.frameTop {
		r.strokeRect(contentLeft, r.frameTop, contentW, r.y-r.frameTop, 1.1, colAccent)
	}
	r.frameTop = -1
}

// ensure starts a new page unless h points fit above the footer; it
// reports whether it did.
func (r *renderer) ensure(h float64) bool {
	if r.y+h <= r.bottom() {
		return false
	}
	r.newPage()
	return true
}

// wrap breaks s into lines no wider than width at size. Chinese breaks
// between any two characters, Latin text between words (a word wider than
// the line is cut), explicit newlines are kept, and closing punctuation
// never starts a line.
func (r *renderer) wrap(s string, size, width float64) []string {
	s = r.clean(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\t", " "))
	var out []string
	for _, para := range strings.Split(s, "\n") {
		para = strings.TrimRightFunc(para, unicode.IsSpace)
		if para == "" {
			out = append(out, "")
			continue
		}
		out = append(out, r.wrapPara(para, size, width)...)
	}
	// Drop blank lines at the ends; keep inner ones.
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	for len(out) > 0 && out[0] == "" {
		out = out[1:]
	}
	return out
}

func (r *renderer) wrapPara(para string, size, width float64) []string {
	toks := tokenize(para)
	var (
		lines []string
		cur   []string
		curW  float64
	)
	flush := func() {
		line := strings.TrimRightFunc(strings.Join(cur, ""), unicode.IsSpace)
		lines = append(lines, line)
		cur, curW = cur[:0], 0
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		tw := r.width(t, size)
		if curW+tw <= width || (len(cur) == 0 && tw <= width) {
			if len(cur) == 0 && t == " " {
				continue // no leading space on a wrapped line
			}
			cur = append(cur, t)
			curW += tw
			continue
		}
		if t == " " {
			flush()
			continue
		}
		if tw > width && len([]rune(t)) > 1 {
			// A word longer than a line: cut it into characters.
			rs := []rune(t)
			split := make([]string, len(rs))
			for j, c := range rs {
				split[j] = string(c)
			}
			toks = append(toks[:i], append(split, toks[i+1:]...)...)
			i--
			continue
		}
		var carry []string
		if noLineStart(t) && len(cur) > 1 {
			carry = []string{cur[len(cur)-1]}
			cur = cur[:len(cur)-1]
		}
		flush()
		for _, c := range carry {
			cur = append(cur, c)
			curW += r.width(c, size)
		}
		cur = append(cur, t)
		curW += tw
	}
	if len(cur) > 0 {
		flush()
	}
	return lines
}

// tokenize splits text into unbreakable pieces: runs of Latin letters,
// digits and the punctuation that belongs inside words or numbers; single
// spaces; and single other characters (Chinese breaks anywhere).
func tokenize(s string) []string {
	var toks []string
	rs := []rune(s)
	for i := 0; i < len(rs); {
		c := rs[i]
		switch {
		case c == ' ':
			toks = append(toks, " ")
			i++
		case isWordRune(c):
			j := i + 1
			for j < len(rs) && isWordRune(rs[j]) {
				j++
			}
			toks = append(toks, string(rs[i:j]))
			i = j
		default:
			toks = append(toks, string(c))
			i++
		}
	}
	return toks
}

func isWordRune(c rune) bool {
	if c < 0x80 {
		return c > ' ' && !strings.ContainsRune("([{", c)
	}
	return false
}

// noLineStart reports whether t is punctuation that must not begin a line.
func noLineStart(t string) bool {
	return len([]rune(t)) == 1 && strings.ContainsAny(t, "，。、；：！？）》」』”’】〕…,.;:!?)]}%")
}

// glyphFixes stands in for the characters whose glyph in the embedded
// WenQuanYi Micro Hei is empty (they would print as blanks).
var glyphFixes = map[rune]string{
	'ǎ': "a", 'ǐ': "i", 'ǒ': "o", 'ǔ': "u", 'ǘ': "ü", 'ǚ': "ü", 'ǜ': "ü",
	'ˊ': "´", 'ˋ': "`", '℃': "°C", '℉': "°F", '\u212b': "\u00c5", 'Ⅴ': "V", 'Ⅹ': "X",
	'∼': "~", '‾': "¯", '\u3164': " ",
	// Invisible format characters: zero-width spaces and joiners, bidi marks, BOM.
	'\u200b': "", '\u200c': "", '\u200d': "", '\u200e': "", '\u200f': "",
	'\u202a': "", '\u202b': "", '\u202c': "", '\u202d': "", '\u202e': "", '\ufeff': "",
}

// missingGlyph is printed for a character the font lacks (an emoji, a rare
// ideograph) so that a reader sees something is there.
const missingGlyph = "□"

// clean replaces the characters of s the font cannot draw: glyphFixes,
// control characters (newlines are kept) and characters it has no glyph for.
func (r *renderer) clean(s string) string {
	first := -1
	for i, c := range s {
		if r.fixFor(c).replace {
			first = i
			break
		}
	}
	if first < 0 {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:first])
	for _, c := range s[first:] {
		if f := r.fixFor(c); f.replace {
			b.WriteString(f.rep)
		} else {
			b.WriteRune(c)
		}
	}
	return b.String()
}

type glyphFix struct {
	replace bool
	rep     string
}

func (r *renderer) fixFor(c rune) glyphFix {
	if c < utf8.RuneSelf {
		return glyphFix{replace: c != '\n' && (c < ' ' || c == 0x7f)}
	}
	if f, ok := r.glyphs[c]; ok {
		return f
	}
	f := glyphFix{}
	if fix, ok := glyphFixes[c]; ok {
		f = glyphFix{true, fix}
	} else if c == '\u00a0' || c == '\u3000' {
		// Kept: the font has both spaces.
	} else if unicode.Is(unicode.Zs, c) {
		f = glyphFix{true, " "}
	} else if unicode.IsControl(c) || unicode.Is(unicode.Cf, c) {
		f = glyphFix{true, ""}
	} else {
		if r.size == 0 {
			_ = r.setFont(10)
		}
		if has, err := r.pdf.IsCurrFontContainGlyph(c); err != nil || !has {
			f = glyphFix{true, missingGlyph}
		}
	}
	r.glyphs[c] = f
	return f
}

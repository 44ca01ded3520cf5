package pdf

import (
	"math"
	"testing"
	"unicode"

	"github.com/signintech/gopdf"

	"fieldbook/backend/fieldbook"
)

func TestFormatFen(t *testing.T) {
	for _, tt := range []struct {
		fen  int64
		want string
	}{
		{0, "¥0.00"},
		{5, "¥0.05"},
		{10, "¥0.10"},
		{99, "¥0.99"},
		{100, "¥1.00"},
		{123450, "¥1,234.50"},
		{123456, "¥1,234.56"},
		{99999, "¥999.99"},
		{100000, "¥1,000.00"},
		{100000000, "¥1,000,000.00"},
		{-5, "-¥0.05"},
		{-123456, "-¥1,234.56"},
		{math.MaxInt64, "¥92,233,720,368,547,758.07"},
		{math.MinInt64, "-¥92,233,720,368,547,758.08"},
	} {
		if got := FormatFen(tt.fen); got != tt.want {
			t.Errorf("FormatFen(%d) = %q, want %q", tt.fen, got, tt.want)
		}
	}
}

func TestFormatFenUpper(t *testing.T) {
	for _, tt := range []struct {
		fen  int64
		want string
	}{
		{0, "零元整"},
		{5, "伍分"},
		{50, "伍角整"},
		{56, "伍角陆分"},
		{100, "壹元整"},
		{1000, "壹拾元整"},
		{123450, "壹仟贰佰叁拾肆元伍角整"},
		{123456, "壹仟贰佰叁拾肆元伍角陆分"},
		{100005, "壹仟元零伍分"},
		{100100, "壹仟零壹元整"},
		{10000000, "壹拾万元整"},
		{10000500, "壹拾万零伍元整"},
		{100010000, "壹佰万零壹佰元整"},
		{10000000000, "壹亿元整"},
		{10001000000, "壹亿零壹万元整"},
		{10010000000, "壹亿零壹拾万元整"},
		{100000100000, "壹拾亿零壹仟元整"},
		{-123450, "负壹仟贰佰叁拾肆元伍角整"},
	} {
		if got := FormatFenUpper(tt.fen); got != tt.want {
			t.Errorf("FormatFenUpper(%d) = %q, want %q", tt.fen, got, tt.want)
		}
	}
}

func TestFormatHours(t *testing.T) {
	for _, tt := range []struct {
		minutes int64
		want    string
	}{
		{0, "0.00"}, {60, "1.00"}, {90, "1.50"}, {45, "0.75"}, {20, "0.33"}, {40, "0.67"}, {-30, "-0.50"},
	} {
		if got := formatHours(tt.minutes); got != tt.want {
			t.Errorf("formatHours(%d) = %q, want %q", tt.minutes, got, tt.want)
		}
	}
}

func TestShortHash(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"ABCDEF0123456789ffff", "abcd ef01 2345 6789"},
		{"abc", "abc"},
		{"abcdef", "abcd ef"},
	} {
		if got := shortHash(tt.in); got != tt.want {
			t.Errorf("shortHash(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLabelsCoverDomainKeys(t *testing.T) {
	for _, k := range fieldbook.PaymentMethods {
		if _, ok := paymentLabels[k]; !ok {
			t.Errorf("payment method %q has no Chinese label", k)
		}
	}
	for _, k := range fieldbook.OldPartsDispositions {
		if _, ok := oldPartsLabels[k]; !ok {
			t.Errorf("old-parts disposition %q has no Chinese label", k)
		}
	}
	if got := label(paymentLabels, "crypto"); got != "crypto" {
		t.Errorf(`label(paymentLabels, "crypto") = %q, want the key`, got)
	}
}

func TestKindLabel(t *testing.T) {
	for _, tt := range []struct {
		s    fieldbook.Signature
		want string
	}{
		{fieldbook.Signature{Kind: fieldbook.SignReal}, "本人签字"},
		{fieldbook.Signature{Kind: fieldbook.SignProxy, SignerName: "张三"}, "代签（签字人：张三）"},
		{fieldbook.Signature{Kind: fieldbook.SignStamp}, "盖章"},
		{fieldbook.Signature{Kind: fieldbook.SignRefused, Reason: "费用有异议"}, "拒签（原因：费用有异议）"},
		{fieldbook.Signature{Kind: fieldbook.SignRefused}, "拒签"},
	} {
		if got := kindLabel(tt.s); got != tt.want {
			t.Errorf("kindLabel(%+v) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestWrapKeepsEveryCharacter(t *testing.T) {
	r := newTestRenderer(t)
	text := "开机后约十分钟自动关机，风扇噪音明显增大；运行 AutoCAD 2024 时系统卡顿。Reallocated_Sector_Ct_is_growing_very_fast_and_this_word_is_long。\n\n第二段"
	lines := r.wrap(text, 9, 120)
	if len(lines) < 3 {
		t.Fatalf("wrap gave %d lines, want several", len(lines))
	}
	var got, want []rune
	for _, l := range lines {
		if w := r.width(l, 9); w > 120.01 {
			t.Errorf("line %q is %.1f pt wide, want ≤ 120", l, w)
		}
		if l != "" && noLineStart(string([]rune(l)[0])) {
			t.Errorf("line %q starts with closing punctuation", l)
		}
		for _, c := range l {
			if c != ' ' {
				got = append(got, c)
			}
		}
	}
	for _, c := range text {
		if c != ' ' && c != '\n' {
			want = append(want, c)
		}
	}
	if string(got) != string(want) {
		t.Errorf("wrap lost text:\n got %s\nwant %s", string(got), string(want))
	}
}

func newTestRenderer(tb testing.TB) *renderer {
	tb.Helper()
	fc, err := fonts()
	if err != nil {
		tb.Fatal(err)
	}
	p := &gopdf.GoPdf{}
	p.Start(gopdf.Config{PageSize: gopdf.Rect{W: pageW, H: pageH}, Unit: gopdf.UnitPT})
	if err := p.AddTTFFontFromFontContainer(fontFamily, fc); err != nil {
		tb.Fatal(err)
	}
	p.AddPage()
	return newRenderer(p, nil)
}

// Every character the embedded font maps to an empty outline (a defect of
// this build of WenQuanYi Micro Hei) has a stand-in in glyphFixes.
func TestGlyphFixesCoverEmptyGlyphs(t *testing.T) {
	var s gopdf.SubsetFontObj
	s.SetTtfFontOption(gopdf.TtfOption{})
	if err := s.SetTTFData(fontTTF); err != nil {
		t.Fatal(err)
	}
	p := s.GetTTFParser()
	for c := rune(0x21); c < 0x10000; c++ {
		g, err := s.CharCodeToGlyphIndex(c)
		if err != nil || g == 0 || unicode.IsSpace(c) {
			continue
		}
		if p.LocaTable[g+1] == p.LocaTable[g] {
			if _, ok := glyphFixes[c]; !ok {
				t.Errorf("%q (U+%04X) has an empty glyph and no entry in glyphFixes", c, c)
			}
		}
	}
	r := newTestRenderer(t)
	for in, want := range map[string]string{
		"78℃": "78°C", "lǜ sè": "lü sè", "a\u200bb": "ab", "\x07bell\n": "bell\n", "😀": missingGlyph, "中文 ok": "中文 ok",
	} {
		if got := r.clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

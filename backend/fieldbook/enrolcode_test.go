package fieldbook

import "testing"

func TestNormalizeEnrolCode(t *testing.T) {
	const want = "4KTZPTREDNE8FL7A73CQ4DSP"
	for _, in := range []string{
		"4KTZPT-REDNE8-FL7A73-CQ4DSP",
		"4ktzpt-redne8-fl7a73-cq4dsp",
		" 4ktzpt redne8 fl7a73 cq4dsp\n",
		"4KTZPT – REDNE8 — FL7A73 - CQ4DSP", // dashes a word processor made
		"４ＫＴＺＰＴ－ＲＥＤＮＥ８　ＦＬ７Ａ７３－ＣＱ４ＤＳＰ", // full width, ideographic space
	} {
		if got := NormalizeEnrolCode(in); got != want {
			t.Errorf("NormalizeEnrolCode(%q) = %q, want %q", in, got, want)
		}
	}
	if got := NormalizeEnrolCode("  "); got != "" {
		t.Errorf("NormalizeEnrolCode(blank) = %q, want empty", got)
	}
}

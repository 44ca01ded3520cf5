package fieldbook

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NormalizeEnrolCode reads a one-time enrolment code as a person may type
// or paste it: in lower case, with spaces, dashes or full-width characters
// from a Chinese input method. It returns the code's letters and digits in
// upper case, which is how the hub compares codes.
func NormalizeEnrolCode(code string) string {
	var b strings.Builder
	for _, r := range norm.NFKC.String(code) {
		switch {
		case unicode.IsSpace(r), unicode.Is(unicode.Pd, r): // spaces, dashes of any width
		default:
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

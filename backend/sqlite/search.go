package sqlite

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Search works on overlapping two-character tokens ("bigrams"). A job's text
// is folded (NFKC, lower case, only letters and digits kept, so "138-1234 5678"
// and "13812345678" are the same) and every field becomes the list of its
// bigrams. A query term of two or more characters becomes the phrase of its
// bigrams, which matches exactly where the term is a substring of one field:
// two-character Chinese names work, and so do Latin, digits and mixtures. A
// one-character term is a prefix query on the tokens.

// fold keeps the letters and digits of s, NFKC-normalised and lower-cased.
func fold(s string) []rune {
	if !norm.NFKC.IsNormalString(s) {
		s = norm.NFKC.String(s)
	}
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			out = append(out, unicode.ToLower(r))
		}
	}
	return out
}

// fieldSep ends each field in a search document: a private-use character,
// which the tokenizer keeps as a token and fold never produces, so no phrase
// can run from one field into the next.
const fieldSep = "\ue000"

// grams returns the search document for fields: each field's bigrams,
// separated by spaces. A one-character field is indexed as itself.
func grams(fields ...string) string {
	var b strings.Builder
	for _, f := range fields {
		r := fold(f)
		if len(r) == 1 {
			b.WriteString(string(r) + " " + fieldSep + "\n")
			continue
		}
		for i := 0; i+1 < len(r); i++ {
			b.WriteString(string(r[i : i+2]))
			b.WriteByte(' ')
		}
		b.WriteString(fieldSep + "\n")
	}
	return b.String()
}

// matchQuery turns what the user typed into an FTS5 query, or "" when it
// holds no letter or digit. Terms separated by spaces must all match.
func matchQuery(q string) string {
	var terms []string
	for _, word := range strings.Fields(q) {
		r := fold(word)
		switch {
		case len(r) == 0:
			continue
		case len(r) == 1:
			terms = append(terms, `"`+string(r)+`"*`)
		default:
			g := make([]string, 0, len(r)-1)
			for i := 0; i+1 < len(r); i++ {
				g = append(g, string(r[i:i+2]))
			}
			terms = append(terms, `"`+strings.Join(g, " ")+`"`)
		}
	}
	return strings.Join(terms, " AND ")
}

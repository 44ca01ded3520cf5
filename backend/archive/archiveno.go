package archive

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fieldbook/backend/fieldbook"
)

// DefaultArchiveFormat is the archive number format of a service centre
// that set none: year, month and the sequence within the month, e.g.
// 2026-11-0042.
const DefaultArchiveFormat = "YYYY-MM-NNNN"

// Limits of an archive number format.
const (
	MaxArchiveFormatLen = 40 // characters of the format
	MaxSeqDigits        = 9  // N's
)

// chinaTime is China Standard Time (UTC+8 all year since 1991): the
// year, month and day of an archive number are those of the service
// centre's calendar, whatever the zone of the time given.
var chinaTime = time.FixedZone("CST", 8*60*60)

// Format tokens.
const (
	tokLiteral = iota
	tokYear4
	tokYear2
	tokMonth
	tokDay
	tokSeq
)

type token struct {
	kind  int
	text  string // literal
	width int    // digits
}

// forbidden are characters an archive number may not hold: they break file
// names on Windows or the [literal] syntax.
const forbidden = `\/:*?"<>|[]`

// parseFormat splits an archive number format into tokens:
//
//	YYYY  four-digit year        YY  two-digit year
//	MM    two-digit month        DD  two-digit day
//	N…    the sequence, zero-padded to the number of N's (1–9)
//	[…]   literal text (for the letters Y, M, D and N)
//
// Any other character is literal; whitespace, control characters and
// \ / : * ? " < > | are not allowed. The format holds exactly one run of
// N's; DD needs MM and MM needs a year.
func parseFormat(format string) ([]token, error) {
	bad := func(zh, en string) error {
		e := fieldbook.Errorf(fieldbook.EINVALID, "档案号格式“"+format+"”无效："+zh, "Invalid archive number format “"+format+"”: "+en)
		e.Fields = []fieldbook.FieldError{{Field: "archive_format", Message: e.Message}}
		return e
	}
	if strings.TrimSpace(format) == "" {
		return nil, bad("格式为空。", "the format is empty.")
	}
	if !utf8.ValidString(format) {
		return nil, bad("不是有效的 UTF-8 文本。", "not valid UTF-8.")
	}
	if utf8.RuneCountInString(format) > MaxArchiveFormatLen {
		return nil, bad(fmt.Sprintf("最多 %d 个字符。", MaxArchiveFormatLen), fmt.Sprintf("at most %d characters.", MaxArchiveFormatLen))
	}
	var toks []token
	lit := func(s string) {
		if n := len(toks); n > 0 && toks[n-1].kind == tokLiteral {
			toks[n-1].text += s
			return
		}
		toks = append(toks, token{kind: tokLiteral, text: s})
	}
	rs := []rune(format)
	var seen [tokSeq + 1]bool
	for i := 0; i < len(rs); {
		c := rs[i]
		switch {
		case c == '[':
			j := i + 1
			for j < len(rs) && rs[j] != ']' {
				j++
			}
			if j == len(rs) {
				return nil, bad("“[”没有对应的“]”。", "“[” has no closing “]”.")
			}
			if j == i+1 {
				return nil, bad("“[]”中没有文字。", "“[]” holds no text.")
			}
			for _, x := range rs[i+1 : j] {
				if strings.ContainsRune(forbidden, x) || unicode.IsSpace(x) || unicode.IsControl(x) {
					return nil, bad(fmt.Sprintf("不能包含字符“%c”。", x), fmt.Sprintf("the character “%c” is not allowed.", x))
				}
			}
			lit(string(rs[i+1 : j]))
			i = j + 1
			continue
		case c == 'Y' || c == 'M' || c == 'D' || c == 'N':
			j := i
			for j < len(rs) && rs[j] == c {
				j++
			}
			n := j - i
			run := string(rs[i:j])
			var t token
			switch {
			case c == 'Y' && n == 4:
				t = token{kind: tokYear4, width: 4}
			case c == 'Y' && n == 2:
				t = token{kind: tokYear2, width: 2}
			case c == 'M' && n == 2:
				t = token{kind: tokMonth, width: 2}
			case c == 'D' && n == 2:
				t = token{kind: tokDay, width: 2}
			case c == 'N' && n <= MaxSeqDigits:
				t = token{kind: tokSeq, width: n}
			case c == 'N':
				return nil, bad(fmt.Sprintf("序号最多 %d 位（%d 个 N）。", MaxSeqDigits, n), fmt.Sprintf("the sequence has at most %d digits (%d N's).", MaxSeqDigits, n))
			default:
				return nil, bad("“"+run+"”不是可用的占位符（可用：YYYY、YY、MM、DD、N…；字母原样输出请写在 [ ] 中）。",
					"“"+run+"” is not a token (use YYYY, YY, MM, DD, N…; put literal letters in [ ]).")
			}
			kind := t.kind
			if kind == tokYear2 {
				kind = tokYear4
			}
			if seen[kind] {
				return nil, bad("“"+run+"”重复出现。", "“"+run+"” appears twice.")
			}
			seen[kind] = true
			toks = append(toks, t)
			i = j
			continue
		case c == ']':
			return nil, bad("“]”没有对应的“[”。", "“]” has no opening “[”.")
		case strings.ContainsRune(forbidden, c) || unicode.IsSpace(c) || unicode.IsControl(c):
			return nil, bad(fmt.Sprintf("不能包含字符“%c”（不能用于文件名）。", c), fmt.Sprintf("the character “%c” is not allowed (it breaks file names).", c))
		}
		lit(string(c))
		i++
	}
	switch {
	case !seen[tokSeq]:
		return nil, bad("缺少序号（N，例如 NNNN）。", "the sequence (N's, e.g. NNNN) is missing.")
	case seen[tokDay] && !seen[tokMonth]:
		return nil, bad("有日（DD）就必须有月（MM）。", "DD needs MM.")
	case seen[tokMonth] && !seen[tokYear4]:
		return nil, bad("有月（MM）就必须有年（YYYY 或 YY）。", "MM needs a year (YYYY or YY).")
	}
	// Two number tokens side by side cannot be told apart when parsing a
	// number unless both have fixed widths, which they do; fine.
	return toks, nil
}

// ValidateArchiveFormat checks an archive number format; the error is a
// *fieldbook.Error with code EINVALID and a bilingual message (field
// "archive_format").
func ValidateArchiveFormat(format string) error {
	_, err := parseFormat(format)
	return err
}

// FormatArchiveNo makes the archive number with sequence seq (1-based,
// within SequencePeriod) for a job filed at t, e.g. ("YYYY-MM-NNNN",
// 2026-11-27, 42) → "2026-11-0042" and ("SH-YYYYMM-NNNNN", …) →
// "SH-202611-00042". An empty format is DefaultArchiveFormat.
func FormatArchiveNo(format string, t time.Time, seq int) (string, error) {
	if format == "" {
		format = DefaultArchiveFormat
	}
	toks, err := parseFormat(format)
	if err != nil {
		return "", err
	}
	t = t.In(chinaTime)
	var b strings.Builder
	for _, tk := range toks {
		switch tk.kind {
		case tokLiteral:
			b.WriteString(tk.text)
		case tokYear4:
			fmt.Fprintf(&b, "%04d", t.Year())
		case tokYear2:
			fmt.Fprintf(&b, "%02d", t.Year()%100)
		case tokMonth:
			fmt.Fprintf(&b, "%02d", int(t.Month()))
		case tokDay:
			fmt.Fprintf(&b, "%02d", t.Day())
		case tokSeq:
			limit := 1
			for range tk.width {
				limit *= 10
			}
			if seq < 1 || seq >= limit {
				e := fieldbook.Errorf(fieldbook.EINVALID,
					fmt.Sprintf("档案序号 %d 超出格式“%s”允许的范围（1–%d）。", seq, format, limit-1),
					fmt.Sprintf("Archive sequence %d is outside what the format “%s” allows (1–%d).", seq, format, limit-1))
				return "", e
			}
			fmt.Fprintf(&b, "%0*d", tk.width, seq)
		}
	}
	return b.String(), nil
}

// ArchiveNo is an archive number taken apart; fields the format lacks are 0.
type ArchiveNo struct {
	Year  int `json:"year"`
	Month int `json:"month"`
	Day   int `json:"day"`
	Seq   int `json:"seq"`
}

// ParseArchiveNo takes apart an archive number made with format. A
// two-digit year is 20YY.
func ParseArchiveNo(format, s string) (ArchiveNo, error) {
	if format == "" {
		format = DefaultArchiveFormat
	}
	toks, err := parseFormat(format)
	if err != nil {
		return ArchiveNo{}, err
	}
	bad := func() (ArchiveNo, error) {
		return ArchiveNo{}, fieldbook.Errorf(fieldbook.EINVALID,
			"档案号“"+s+"”与格式“"+format+"”不符。", "The archive number “"+s+"” does not match the format “"+format+"”.")
	}
	var a ArchiveNo
	rest := s
	for _, tk := range toks {
		if tk.kind == tokLiteral {
			if !strings.HasPrefix(rest, tk.text) {
				return bad()
			}
			rest = rest[len(tk.text):]
			continue
		}
		if len(rest) < tk.width {
			return bad()
		}
		digits := rest[:tk.width]
		for _, c := range []byte(digits) {
			if c < '0' || c > '9' {
				return bad()
			}
		}
		n, _ := strconv.Atoi(digits)
		rest = rest[tk.width:]
		switch tk.kind {
		case tokYear4:
			a.Year = n
		case tokYear2:
			a.Year = 2000 + n
		case tokMonth:
			if n < 1 || n > 12 {
				return bad()
			}
			a.Month = n
		case tokDay:
			if n < 1 || n > 31 {
				return bad()
			}
			a.Day = n
		case tokSeq:
			if n < 1 {
				return bad()
			}
			a.Seq = n
		}
	}
	if rest != "" {
		return bad()
	}
	if a.Day > 0 && a.Year > 0 {
		if d := time.Date(a.Year, time.Month(a.Month), a.Day, 0, 0, 0, 0, time.UTC); d.Day() != a.Day {
			return bad() // e.g. 02-30
		}
	}
	return a, nil
}

// SequencePeriod is the period whose archive numbers share one sequence,
// for a job filed at t: "2026-11-27" when the format has DD, "2026-11"
// with MM, "2026" with a year only, "" when the sequence never restarts.
// The hub keys its per-centre counter by it.
func SequencePeriod(format string, t time.Time) (string, error) {
	if format == "" {
		format = DefaultArchiveFormat
	}
	toks, err := parseFormat(format)
	if err != nil {
		return "", err
	}
	var year, month, day bool
	for _, tk := range toks {
		switch tk.kind {
		case tokYear4, tokYear2:
			year = true
		case tokMonth:
			month = true
		case tokDay:
			day = true
		}
	}
	t = t.In(chinaTime)
	switch {
	case day:
		return t.Format("2006-01-02"), nil
	case month:
		return t.Format("2006-01"), nil
	case year:
		return t.Format("2006"), nil
	}
	return "", nil
}

// Package canonjson writes JSON in one canonical form — compact, object
// keys sorted (the last of a repeated key kept), strings escaped as
// encoding/json escapes them, numbers as written — so that equal values
// are equal bytes. The hub stores every JSON value so; the desktop writes
// a visit's content and a signature's strokes so, and the hub takes them
// as they come.
package canonjson

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Canonical is raw, a JSON document, in canonical form — raw itself when
// it is written so already — without decoding it into maps or Go values;
// ok is false when raw is not valid JSON.
func Canonical(raw []byte) (out []byte, ok bool) {
	if !json.Valid(raw) {
		return nil, false
	}
	if Is(raw) {
		return raw, true
	}
	out = make([]byte, 0, len(raw))
	out, _ = appendCanonical(out, raw, skipWS(raw, 0))
	return out, true
}

// appendCanonical appends the canonical form of the valid JSON value at
// raw[i:] and returns the index after it.
func appendCanonical(out, raw []byte, i int) ([]byte, int) {
	switch raw[i] {
	case '{':
		type member struct {
			key        string
			tok        []byte // the key as encoding/json writes it
			start, end int    // the canonical value in vals
		}
		var members []member
		var vals []byte
		i = skipWS(raw, i+1)
		for raw[i] != '}' {
			end := stringEnd(raw, i)
			key, tok := decodeString(raw[i:end]), raw[i:end]
			if !plain(tok) {
				tok = AppendString(nil, key)
			}
			i = skipWS(raw, skipWS(raw, end)+1) // past the colon
			start := len(vals)
			vals, i = appendCanonical(vals, raw, i)
			members = append(members, member{key, tok, start, len(vals)})
			if i = skipWS(raw, i); raw[i] == ',' {
				i = skipWS(raw, i+1)
			}
		}
		// A repeated key: the last one stands, as when decoded into a map.
		slices.SortStableFunc(members, func(a, b member) int { return strings.Compare(a.key, b.key) })
		out = append(out, '{')
		for k, m := range members {
			if k+1 < len(members) && members[k+1].key == m.key {
				continue
			}
			if out[len(out)-1] != '{' {
				out = append(out, ',')
			}
			out = append(out, m.tok...)
			out = append(out, ':')
			out = append(out, vals[m.start:m.end]...)
		}
		return append(out, '}'), i + 1
	case '[':
		out = append(out, '[')
		i = skipWS(raw, i+1)
		for raw[i] != ']' {
			if out[len(out)-1] != '[' {
				out = append(out, ',')
			}
			out, i = appendCanonical(out, raw, i)
			if i = skipWS(raw, i); raw[i] == ',' {
				i = skipWS(raw, i+1)
			}
		}
		return append(out, ']'), i + 1
	case '"':
		end := stringEnd(raw, i)
		if plain(raw[i:end]) {
			return append(out, raw[i:end]...), end
		}
		return AppendString(out, decodeString(raw[i:end])), end
	}
	// A number or a literal: as written.
	end := i
	for end < len(raw) && !isDelim(raw[end]) {
		end++
	}
	return append(out, raw[i:end]...), end
}

// Is reports whether raw, valid JSON, is in canonical form.
func Is(raw []byte) bool {
	end, ok := canonicalAt(raw, 0)
	return ok && end == len(raw)
}

// canonicalAt reports whether the valid JSON value at raw[i:] is written
// as appendCanonical would write it — no whitespace, object keys plain and
// in strictly increasing order, strings plain — and the index after it.
// It reads without allocating.
func canonicalAt(raw []byte, i int) (int, bool) {
	if i >= len(raw) {
		return i, false
	}
	switch raw[i] {
	case '{':
		var prev []byte
		for i++; i < len(raw) && raw[i] != '}'; {
			if prev != nil {
				if raw[i] != ',' {
					return i, false
				}
				i++
			}
			if i >= len(raw) || raw[i] != '"' {
				return i, false
			}
			end := stringEnd(raw, i)
			key := raw[i:end]
			if !plain(key) || (prev != nil && bytes.Compare(key[1:len(key)-1], prev) <= 0) {
				return i, false
			}
			prev = key[1 : len(key)-1 : len(key)-1]
			if end >= len(raw) || raw[end] != ':' {
				return end, false
			}
			var ok bool
			if i, ok = canonicalAt(raw, end+1); !ok {
				return i, false
			}
		}
		return i + 1, i < len(raw)
	case '[':
		for i, first := i+1, true; i < len(raw); first = false {
			if raw[i] == ']' {
				return i + 1, true
			}
			if !first {
				if raw[i] != ',' {
					return i, false
				}
				i++
			}
			var ok bool
			if i, ok = canonicalAt(raw, i); !ok {
				return i, false
			}
		}
		return i, false
	case '"':
		end := stringEnd(raw, i)
		return end, escapedAsGo(raw[i:end])
	}
	end := i
	for end < len(raw) && !isDelim(raw[end]) && raw[end] != ':' {
		end++
	}
	return end, end > i
}

// stringEnd is the index after the JSON string that starts at raw[i].
func stringEnd(raw []byte, i int) int {
	for j := i + 1; j < len(raw); j++ {
		switch raw[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(raw)
}

func isDelim(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\t', '\r', '\n':
		return true
	}
	return false
}

func skipWS(raw []byte, i int) int {
	for i < len(raw) && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\r' || raw[i] == '\n') {
		i++
	}
	return i
}

// decodeString decodes a valid JSON string token.
func decodeString(tok []byte) string {
	if bytes.IndexByte(tok, '\\') < 0 {
		return string(tok[1 : len(tok)-1])
	}
	var s string
	_ = json.Unmarshal(tok, &s)
	return s
}

// AppendString appends s as encoding/json encodes a string: valid UTF-8
// but U+2028 and U+2029 as it is (Chinese text too), anything else that
// would be escaped through encoding/json.
func AppendString(out []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return appendMarshalled(out, s)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r == '\u2028' || r == '\u2029' {
			return appendMarshalled(out, s)
		}
		i += n
	}
	out = append(out, '"')
	out = append(out, s...)
	return append(out, '"')
}

// AppendScalar appends v as encoding/json encodes it: strings, integers,
// flags and null written here, anything else through encoding/json.
func AppendScalar(out []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(out, "null"...), nil
	case string:
		return AppendString(out, v), nil
	case int64:
		return strconv.AppendInt(out, v, 10), nil
	case int:
		return strconv.AppendInt(out, int64(v), 10), nil
	case bool:
		return strconv.AppendBool(out, v), nil
	}
	b, err := json.Marshal(v)
	return append(out, b...), err
}

func appendMarshalled(out []byte, v any) []byte {
	b, _ := json.Marshal(v) // a string always encodes
	return append(out, b...)
}

// PlainString reads a JSON string token that encoding/json would write
// back byte for byte: no escape, no control character, no <, > or &, no
// U+2028 or U+2029 (raw is valid UTF-8).
func PlainString(raw []byte) (string, bool) {
	if !plain(raw) {
		return "", false
	}
	return string(raw[1 : len(raw)-1]), true
}

// plain is PlainString without making the string.
func plain(raw []byte) bool {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return false
	}
	in := raw[1 : len(raw)-1]
	for i, c := range in {
		switch {
		case c < 0x20, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return false
		case c == 0xE2 && i+2 < len(in) && in[i+1] == 0x80 && (in[i+2] == 0xA8 || in[i+2] == 0xA9):
			return false
		}
	}
	return true
}

// escapedAsGo reports whether a valid JSON string token is written as
// encoding/json writes its string: only the characters it escapes escaped,
// each as it escapes it (\n, \u003c, …).
func escapedAsGo(tok []byte) bool {
	if plain(tok) {
		return true
	}
	in := tok[1 : len(tok)-1]
	for i := 0; i < len(in); i++ {
		switch c := in[i]; {
		case c < 0x20, c == '<', c == '>', c == '&':
			return false
		case c == 0xE2 && i+2 < len(in) && in[i+1] == 0x80 && (in[i+2] == 0xA8 || in[i+2] == 0xA9):
			return false
		case c == '\\':
			if i+1 >= len(in) {
				return false
			}
			switch in[i+1] {
			case '"', '\\', 'n', 'r', 't', 'b', 'f':
				i++
			case 'u':
				if i+6 > len(in) || !goEscapes(in[i+2:i+6]) {
					return false
				}
				i += 5
			default:
				return false
			}
		}
	}
	return true
}

// goEscapes reports whether the four hex digits are a character
// encoding/json writes as \u and those very digits.
func goEscapes(hex []byte) bool {
	const digits = "0123456789abcdef"
	var r rune
	for _, h := range hex {
		d := strings.IndexByte(digits, h)
		if d < 0 {
			return false // upper case: not as Go writes it
		}
		r = r<<4 | rune(d)
	}
	switch r {
	case '\n', '\r', '\t', '\b', '\f':
		return false // written short
	case '<', '>', '&', '\u2028', '\u2029':
		return true
	}
	return r < 0x20
}

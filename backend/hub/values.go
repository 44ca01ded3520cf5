package hub

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"unicode/utf8"

	"fieldbook/backend/canonjson"
	"fieldbook/backend/schema"
)

// canonical checks that raw is a valid value for f — its kind, enum, size,
// nesting depth and encoding — and returns its canonical encoding (compact,
// object keys sorted, numbers as written) so that equal values compare
// equal as bytes.
func canonical(f schema.Field, raw json.RawMessage) (json.RawMessage, error) {
	if n := len(raw); n > f.Limit() {
		return nil, fmt.Errorf("too long: %d bytes, at most %d", n, f.Limit())
	}
	if err := checkEncoding(raw, schema.MaxDepth); err != nil {
		return nil, err
	}
	if val, ok, err := canonicalScalar(f, raw); ok {
		return val, err
	}
	return decodedCanonical(f, raw)
}

// decodedCanonical is canonical for any value: decoded, checked and
// encoded again.
func decodedCanonical(f schema.Field, raw json.RawMessage) (json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("not JSON")
	}
	if dec.More() {
		return nil, fmt.Errorf("trailing data")
	}
	if v == nil {
		if f.Nullable {
			return json.RawMessage("null"), nil
		}
		return nil, fmt.Errorf("may not be null")
	}
	switch f.Kind {
	case schema.Text:
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("must be a string")
		}
		if len(f.Enum) > 0 && !slices.Contains(f.Enum, s) {
			return nil, fmt.Errorf("must be one of %v", f.Enum)
		}
	case schema.Int, schema.Flag:
		n, ok := v.(json.Number)
		if !ok {
			return nil, fmt.Errorf("must be an integer")
		}
		i, err := n.Int64()
		if err != nil {
			return nil, fmt.Errorf("must be an integer")
		}
		if f.Kind == schema.Flag && i != 0 && i != 1 {
			return nil, fmt.Errorf("must be 0 or 1")
		}
		v = json.Number(fmt.Sprint(i))
	case schema.JSON:
		switch v.(type) {
		case map[string]any, []any:
		default:
			return nil, fmt.Errorf("must be a JSON object or array")
		}
	}
	return json.Marshal(v)
}

// canonicalScalar is canonical for the values fields hold — a string that
// encoding/json writes as it is, an integer written as Go writes it, a JSON
// object or array — without decoding them into Go values; ok is false for
// any other value, which the general path checks.
func canonicalScalar(f schema.Field, raw json.RawMessage) (val json.RawMessage, ok bool, err error) {
	switch f.Kind {
	case schema.Text:
		s, ok := canonjson.PlainString(raw)
		if !ok {
			return nil, false, nil
		}
		if len(f.Enum) > 0 && !slices.Contains(f.Enum, s) {
			return nil, true, fmt.Errorf("must be one of %v", f.Enum)
		}
		return raw, true, nil
	case schema.Int, schema.Flag:
		i, ok := plainInt(raw)
		if !ok {
			return nil, false, nil
		}
		if f.Kind == schema.Flag && i != 0 && i != 1 {
			return nil, true, fmt.Errorf("must be 0 or 1")
		}
		return raw, true, nil
	case schema.JSON:
		if t := bytes.TrimLeft(raw, " \t\r\n"); len(t) == 0 || (t[0] != '{' && t[0] != '[') {
			return nil, false, nil
		}
		out, ok := canonjson.Canonical(raw)
		return out, ok, nil
	}
	return nil, false, nil
}

// plainInt reads an integer as Go writes it: an optional minus, no leading
// zero, no "-0", within int64.
func plainInt(raw []byte) (int64, bool) {
	digits := raw
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
		if len(digits) > 0 && digits[0] == '0' {
			return 0, false
		}
	}
	if len(digits) == 0 || len(digits) > 18 || (digits[0] == '0' && len(digits) > 1) {
		return 0, false
	}
	var n int64
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if raw[0] == '-' {
		n = -n
	}
	return n, true
}

// checkEncoding refuses what encoding/json would silently replace — bytes
// that are not UTF-8 and \u escapes of lone surrogates — and nesting deeper
// than maxDepth, which no record needs and some stores refuse.
func checkEncoding(raw []byte, maxDepth int) error {
	if !utf8.Valid(raw) {
		return fmt.Errorf("not valid UTF-8")
	}
	depth, inString := 0, false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if inString {
			switch c {
			case '"':
				inString = false
			case '\\':
				if i+1 < len(raw) && raw[i+1] == 'u' {
					r, ok := hex4(raw[i+2:])
					switch {
					case !ok:
					case r >= 0xD800 && r < 0xDC00:
						// A high surrogate must be followed by a low one.
						if lo, ok := escapedRune(raw[i+6:]); !ok || lo < 0xDC00 || lo >= 0xE000 {
							return fmt.Errorf("a lone UTF-16 surrogate")
						}
						i += 6
					case r >= 0xDC00 && r < 0xE000:
						return fmt.Errorf("a lone UTF-16 surrogate")
					}
				}
				i++ // the escaped character
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '[', '{':
			if depth++; depth > maxDepth {
				return fmt.Errorf("nested deeper than %d", maxDepth)
			}
		case ']', '}':
			depth--
		}
	}
	return nil
}

// escapedRune reads a \uXXXX escape at the start of b.
func escapedRune(b []byte) (rune, bool) {
	if len(b) < 6 || b[0] != '\\' || b[1] != 'u' {
		return 0, false
	}
	return hex4(b[2:])
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

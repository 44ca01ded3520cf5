package hub

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// canonicalJSON writes a valid JSON document as decodedCanonical would —
// compact, object keys sorted (the last of a repeated key kept), strings
// escaped as encoding/json escapes them, numbers as written — without
// decoding it into maps: a visit's content is pushed whole, often. ok is
// false for anything it does not take (invalid JSON), which the general
// path then checks.
func canonicalJSON(raw []byte) (out []byte, ok bool) {
	if !json.Valid(raw) {
		return nil, false
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
			if _, plain := plainString(tok); !plain {
				tok = appendString(nil, key)
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
		if _, ok := plainString(raw[i:end]); ok {
			return append(out, raw[i:end]...), end
		}
		return appendString(out, decodeString(raw[i:end])), end
	}
	// A number or a literal: as written.
	end := i
	for end < len(raw) && !isDelim(raw[end]) {
		end++
	}
	return append(out, raw[i:end]...), end
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

// appendString appends s as encoding/json encodes a string.
func appendString(out []byte, s string) []byte {
	b, _ := json.Marshal(s)
	return append(out, b...)
}

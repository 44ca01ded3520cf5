package syncer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"fieldbook/backend/schema"
	"fieldbook/backend/sqlite"
)

// decodedPage is a pull page (hub.PullResponse) as the local store applies
// it.
type decodedPage struct {
	rows      []sqlite.PulledRow
	cursor    int64
	more      bool
	remaining int64
}

// decodePage reads a pull page in one pass over the body, checking that it
// is valid JSON as it goes (json.Valid and a second scan cost as much as
// the rest), and turns each row into what the local store applies: JSON
// columns as their JSON text, strings, int64 (float64 for other numbers),
// bools and nil; deleted as 0 or 1. The page's strings share one copy of
// the body: body may be reused once it returns. A body that is not valid
// JSON, or not a page, is an error.
func decodePage(body []byte) (decodedPage, error) {
	var p decodedPage
	s := &scanner{b: body, text: string(body)} // one copy: every unescaped string below is a slice of it
	err := s.object(func(key string) error {
		switch key {
		case "rows":
			return s.array(func() error {
				r, err := s.row()
				p.rows = append(p.rows, r)
				return err
			})
		case "cursor":
			return scalar(s, &p.cursor)
		case "more":
			return scalar(s, &p.more)
		case "remaining":
			return scalar(s, &p.remaining)
		}
		_, err := s.skip()
		return err
	})
	if err == nil && s.space() < len(s.b) {
		err = errMalformed
	}
	if err != nil {
		return decodedPage{}, fmt.Errorf("pull page: %w", err)
	}
	return p, nil
}

// row reads one pulled row.
func (s *scanner) row() (sqlite.PulledRow, error) {
	var r sqlite.PulledRow
	var deleted bool
	var early *scanner // the fields, when they came before the table
	err := s.object(func(k string) error {
		switch k {
		case "table":
			return scalar(s, &r.Table)
		case "id":
			return scalar(s, &r.ID)
		case "seq":
			return scalar(s, &r.Seq)
		case "deleted":
			return scalar(s, &deleted)
		case "fields":
			if r.Table == "" {
				start := s.space()
				raw, err := s.skip()
				early = &scanner{b: raw, text: s.text[start : start+len(raw)], sizes: s.sizes}
				return err
			}
			return s.fields(&r)
		}
		_, err := s.skip()
		return err
	})
	if err == nil && early != nil {
		err = early.fields(&r)
	}
	if err != nil {
		return r, fmt.Errorf("row %s %s: %w", r.Table, r.ID, err)
	}
	if r.Fields == nil {
		r.Fields = make(map[string]any, 1)
	}
	r.Fields["deleted"] = int64(0)
	if deleted {
		r.Fields["deleted"] = int64(1)
	}
	return r, nil
}

// fields reads a row's fields object (null: none) into r.Fields. The map
// is made for as many fields as the table's last row had, and deleted
// (a table's rows mostly have the same fields): a map of up to 8 is one
// small allocation, one made for 16 four times its size.
func (s *scanner) fields(r *sqlite.PulledRow) error {
	hint, ok := s.sizes[r.Table]
	if !ok {
		hint = 16
	}
	r.Fields = make(map[string]any, hint)
	if s.null() {
		return nil
	}
	err := s.object(func(k string) error {
		v, err := s.value(schema.IsJSON(r.Table, k))
		if err != nil {
			return fmt.Errorf("%s.%s: %w", r.Table, k, err)
		}
		r.Fields[k] = v
		return nil
	})
	if s.sizes == nil {
		s.sizes = map[string]int{}
	}
	s.sizes[r.Table] = len(r.Fields) + 1
	return err
}

var errMalformed = errors.New("malformed JSON")

// maxDepth bounds the nesting of a value (as encoding/json does): a page
// of brackets is an error, not a stack that grows without end.
const maxDepth = 10000

// scanner reads JSON from b, whose copy is text: strings
// without escapes are slices of text. Every value it passes over is
// checked as json.Valid checks it.
type scanner struct {
	b     []byte
	text  string
	i     int
	sizes map[string]int // table → the fields its last row had, and deleted
}

// space moves past white space and returns the position.
func (s *scanner) space() int {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return s.i
		}
	}
	return s.i
}

// null reads a null, if one is next.
func (s *scanner) null() bool {
	i := s.space()
	if len(s.b)-i >= 4 && string(s.b[i:i+4]) == "null" {
		s.i += 4
		return true
	}
	return false
}

// object calls fn with each key of the object that is next (null: none);
// fn reads its value.
func (s *scanner) object(fn func(key string) error) error {
	return s.elements('{', '}', func() error {
		s.space()
		key, err := s.str()
		if err != nil {
			return err
		}
		if s.space() >= len(s.b) || s.b[s.i] != ':' {
			return errMalformed
		}
		s.i++
		return fn(key)
	})
}

// array calls fn for each element of the array that is next (null: none);
// fn reads the element.
func (s *scanner) array(fn func() error) error {
	return s.elements('[', ']', fn)
}

// elements calls each for every element between open and end, comma
// separated, of the object or array that is next (null: none).
func (s *scanner) elements(open, end byte, each func() error) error {
	if s.null() {
		return nil
	}
	if s.space() >= len(s.b) || s.b[s.i] != open {
		return errMalformed
	}
	s.i++
	if s.space() < len(s.b) && s.b[s.i] == end {
		s.i++
		return nil
	}
	for {
		if err := each(); err != nil {
			return err
		}
		if s.space() >= len(s.b) {
			return errMalformed
		}
		s.i++
		switch s.b[s.i-1] {
		case ',':
		case end:
			return nil
		default:
			return errMalformed
		}
	}
}

// str reads a string.
func (s *scanner) str() (string, error) {
	start := s.i
	escaped, err := s.skipString()
	if err != nil {
		return "", err
	}
	if !escaped {
		return s.text[start+1 : s.i-1], nil
	}
	var v string
	err = json.Unmarshal(s.b[start:s.i], &v)
	return v, err
}

// value reads one field's value: a JSON column's as its text, else a
// string, int64 (float64 for other numbers), bool or nil.
func (s *scanner) value(isJSON bool) (any, error) {
	if s.null() {
		return nil, nil
	}
	if isJSON {
		start := s.space()
		raw, err := s.skip()
		if err != nil {
			return nil, err
		}
		return s.text[start : start+len(raw)], nil
	}
	if s.space() >= len(s.b) {
		return nil, errMalformed
	}
	switch c := s.b[s.i]; {
	case c == '"':
		return s.str()
	case c == 't' || c == 'f':
		raw, err := s.skip()
		return string(raw) == "true", err
	case c == '-' || (c >= '0' && c <= '9'):
		raw, err := s.skip()
		if err != nil {
			return nil, err
		}
		if i, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
			return i, nil
		}
		return strconv.ParseFloat(string(raw), 64)
	}
	// An object or array in a column that is not JSON: decoded as it is
	// (the store refuses it).
	raw, err := s.skip()
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	err = dec.Decode(&v)
	return v, err
}

// scalar reads a JSON string, integer or boolean into *into.
func scalar[T string | int64 | bool](s *scanner, into *T) error {
	v, err := s.value(false)
	if err != nil {
		return err
	}
	t, ok := v.(T)
	if !ok {
		return fmt.Errorf("unexpected value at %d", s.i)
	}
	*into = t
	return nil
}

// skip passes over the value that is next, checking it, and returns it.
func (s *scanner) skip() ([]byte, error) {
	start := s.space()
	if err := s.skipValue(0); err != nil {
		return nil, err
	}
	return s.b[start:s.i], nil
}

func (s *scanner) skipValue(depth int) error {
	if s.space() >= len(s.b) {
		return errMalformed
	}
	switch c := s.b[s.i]; {
	case c == '"':
		_, err := s.skipString()
		return err
	case c == '{':
		if depth == maxDepth {
			return errMalformed
		}
		return s.object(func(string) error { return s.skipValue(depth + 1) })
	case c == '[':
		if depth == maxDepth {
			return errMalformed
		}
		return s.array(func() error { return s.skipValue(depth + 1) })
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number()
	}
	return errMalformed
}

func (s *scanner) literal(word string) error {
	if len(s.b)-s.i < len(word) || string(s.b[s.i:s.i+len(word)]) != word {
		return errMalformed
	}
	s.i += len(word)
	return nil
}

// number passes over a number as JSON writes it:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *scanner) number() error {
	b, i := s.b, s.i
	digits := func() bool {
		start := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i > start
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case !digits():
		return errMalformed
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			return errMalformed
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			return errMalformed
		}
	}
	s.i = i
	return nil
}

// plain marks the bytes a string holds as they are: not a quote, a
// backslash or a control character.
var plain = func() (t [256]bool) {
	for c := range t {
		t[c] = c >= 0x20 && c != '"' && c != '\\'
	}
	return t
}()

// skipString passes over the string that starts at s.i; escaped says it
// holds escapes.
func (s *scanner) skipString() (escaped bool, err error) {
	b, i := s.b, s.i
	if i >= len(b) || b[i] != '"' {
		return false, errMalformed
	}
	for i++; i < len(b); i++ {
		if plain[b[i]] {
			continue
		}
		switch b[i] {
		case '"':
			s.i = i + 1
			return escaped, nil
		case '\\':
			escaped = true
			if i++; i >= len(b) {
				return false, errMalformed
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if len(b)-i < 5 {
					return false, errMalformed
				}
				for _, h := range b[i+1 : i+5] {
					if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
						return false, errMalformed
					}
				}
				i += 4
			default:
				return false, errMalformed
			}
		default:
			return false, errMalformed // a control character
		}
	}
	return false, errMalformed
}

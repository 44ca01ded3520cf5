package syncer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"fieldbook/backend/schema"
	"fieldbook/backend/sqlite"
)

// wirePage is a pull page as it arrives (hub.PullResponse) with each row's
// fields kept as one JSON object, which fromHub walks once.
type wirePage struct {
	Rows      []wireRow `json:"rows"`
	Cursor    int64     `json:"cursor"`
	More      bool      `json:"more"`
	Remaining int64     `json:"remaining"`
}

type wireRow struct {
	Table   string          `json:"table"`
	ID      string          `json:"id"`
	Seq     int64           `json:"seq"`
	Version int64           `json:"version"`
	Deleted bool            `json:"deleted"`
	Fields  json.RawMessage `json:"fields"`
}

// decodePage reads a pull page in one pass over the body (encoding/json
// scanned a page twice and copied every row's fields). Each row's fields
// stay a slice of body. A body that is not valid JSON, or not a page, is an
// error.
func decodePage(body []byte) (wirePage, error) {
	var p wirePage
	if !json.Valid(body) {
		return p, fmt.Errorf("pull page: malformed JSON")
	}
	err := eachField(body, func(key string, raw []byte) error {
		switch key {
		case "rows":
			return eachElement(raw, func(el []byte) error {
				var r wireRow
				err := eachField(el, func(k string, v []byte) error {
					switch k {
					case "table":
						return scalar(v, &r.Table)
					case "id":
						return scalar(v, &r.ID)
					case "seq":
						return scalar(v, &r.Seq)
					case "version":
						return scalar(v, &r.Version)
					case "deleted":
						return scalar(v, &r.Deleted)
					case "fields":
						r.Fields = v
					}
					return nil
				})
				p.Rows = append(p.Rows, r)
				return err
			})
		case "cursor":
			return scalar(raw, &p.Cursor)
		case "more":
			return scalar(raw, &p.More)
		case "remaining":
			return scalar(raw, &p.Remaining)
		}
		return nil
	})
	if err != nil {
		return wirePage{}, fmt.Errorf("pull page: %w", err)
	}
	return p, nil
}

// scalar reads a JSON string, integer or boolean into *into.
func scalar[T string | int64 | bool](raw []byte, into *T) error {
	v, err := fieldValue(false, raw)
	if err != nil {
		return err
	}
	t, ok := v.(T)
	if !ok {
		return fmt.Errorf("unexpected value %.40s", raw)
	}
	*into = t
	return nil
}

// eachElement calls fn with each element of a JSON array (null: none).
func eachElement(arr []byte, fn func(raw []byte) error) error {
	bad := fmt.Errorf("malformed array")
	i := skipSpace(arr, 0)
	if i < len(arr) && arr[i] == 'n' && string(bytes.TrimSpace(arr[i:])) == "null" {
		return nil
	}
	if i >= len(arr) || arr[i] != '[' {
		return bad
	}
	i = skipSpace(arr, i+1)
	if i < len(arr) && arr[i] == ']' {
		return nil
	}
	for {
		end := skipValue(arr, i)
		if end < 0 {
			return bad
		}
		if err := fn(arr[i:end]); err != nil {
			return err
		}
		i = skipSpace(arr, end)
		if i >= len(arr) {
			return bad
		}
		switch arr[i] {
		case ',':
			i = skipSpace(arr, i+1)
		case ']':
			return nil
		default:
			return bad
		}
	}
}

// fromHub turns a pulled row into what the local store applies: JSON
// columns as their JSON text, strings, int64 (float64 for other numbers),
// bools and nil; deleted as 0 or 1.
func fromHub(r wireRow) (sqlite.PulledRow, error) {
	out := sqlite.PulledRow{Table: r.Table, ID: r.ID, Seq: r.Seq, Fields: make(map[string]any, 16)}
	err := eachField(r.Fields, func(k string, raw []byte) error {
		v, err := fieldValue(schema.IsJSON(r.Table, k), raw)
		if err != nil {
			return fmt.Errorf("%s.%s: %w", r.Table, k, err)
		}
		out.Fields[k] = v
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("row %s %s: %w", r.Table, r.ID, err)
	}
	deleted := int64(0)
	if r.Deleted {
		deleted = 1
	}
	out.Fields["deleted"] = deleted
	return out, nil
}

// fieldValue converts one JSON value.
func fieldValue(isJSON bool, raw []byte) (any, error) {
	if len(raw) == 0 {
		return nil, fmt.Errorf("empty value")
	}
	switch c := raw[0]; {
	case c == 'n' && string(raw) == "null":
		return nil, nil
	case isJSON:
		return string(raw), nil
	case c == '"':
		if bytes.IndexByte(raw, '\\') < 0 {
			return string(raw[1 : len(raw)-1]), nil
		}
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	case c == 't' && string(raw) == "true":
		return true, nil
	case c == 'f' && string(raw) == "false":
		return false, nil
	case c == '-' || (c >= '0' && c <= '9'):
		if i, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
			return i, nil
		}
		return strconv.ParseFloat(string(raw), 64)
	}
	// An object or array in a column that is not JSON: decoded as it is
	// (the store refuses it).
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// eachField calls fn with each key and raw value of a JSON object. obj
// comes from a page encoding/json has already checked; a malformed object
// is still an error, never a panic.
func eachField(obj []byte, fn func(key string, raw []byte) error) error {
	bad := fmt.Errorf("malformed fields object")
	i := skipSpace(obj, 0)
	if i < len(obj) && obj[i] == 'n' && string(bytes.TrimSpace(obj[i:])) == "null" {
		return nil
	}
	if i >= len(obj) || obj[i] != '{' {
		return bad
	}
	i = skipSpace(obj, i+1)
	if i < len(obj) && obj[i] == '}' {
		return nil
	}
	for {
		if i >= len(obj) || obj[i] != '"' {
			return bad
		}
		end := skipValue(obj, i)
		if end < 0 {
			return bad
		}
		var key string
		if k := obj[i+1 : end-1]; bytes.IndexByte(k, '\\') < 0 {
			key = string(k)
		} else if err := json.Unmarshal(obj[i:end], &key); err != nil {
			return err
		}
		i = skipSpace(obj, end)
		if i >= len(obj) || obj[i] != ':' {
			return bad
		}
		i = skipSpace(obj, i+1)
		end = skipValue(obj, i)
		if end < 0 {
			return bad
		}
		if err := fn(key, obj[i:end]); err != nil {
			return err
		}
		i = skipSpace(obj, end)
		if i >= len(obj) {
			return bad
		}
		switch obj[i] {
		case ',':
			i = skipSpace(obj, i+1)
		case '}':
			return nil
		default:
			return bad
		}
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the end of the JSON value starting at i, -1 if there
// is none.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		for j := i + 1; j < len(b); j++ {
			switch b[j] {
			case '\\':
				j++
			case '"':
				return j + 1
			}
		}
		return -1
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				e := skipValue(b, j)
				if e < 0 {
					return -1
				}
				j = e - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\t' && b[j] != '\n' && b[j] != '\r' {
		j++
	}
	if j == i {
		return -1
	}
	return j
}

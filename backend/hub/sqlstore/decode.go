package sqlstore

import (
	"encoding/json"
	"errors"
	"strconv"
)

// A stored row's fields and merge state are JSON objects the store wrote
// itself (encodeObject, of values it found valid): reading a row splits
// them into their members in one pass, each value a slice of the bytes
// read, instead of validating and copying them again as encoding/json
// does. What is not such an object is an error.

var errObject = errors.New("not a JSON object")

// splitObject calls member with each key and raw value of the object b.
func splitObject(b []byte, member func(key string, val []byte) error) error {
	i := skipSpace(b, 0)
	if string(b[i:]) == "null" { // as encoding/json reads it: no members
		return nil
	}
	if i >= len(b) || b[i] != '{' {
		return errObject
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return trailing(b, i+1)
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return errObject
		}
		end, escaped, err := skipString(b, i)
		if err != nil {
			return err
		}
		key := string(b[i+1 : end-1])
		if escaped {
			if err := json.Unmarshal(b[i:end], &key); err != nil {
				return err
			}
		}
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return errObject
		}
		i = skipSpace(b, i+1)
		vend, err := skipValue(b, i)
		if err != nil {
			return err
		}
		if err := member(key, b[i:vend]); err != nil {
			return err
		}
		i = skipSpace(b, vend)
		if i >= len(b) {
			return errObject
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			return trailing(b, i+1)
		default:
			return errObject
		}
	}
}

func trailing(b []byte, i int) error {
	if skipSpace(b, i) != len(b) {
		return errObject
	}
	return nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index after the string starting at b[i] (a
// quote) and whether it holds an escape.
func skipString(b []byte, i int) (int, bool, error) {
	escaped := false
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			escaped = true
			j++
		case '"':
			return j + 1, escaped, nil
		}
	}
	return 0, false, errObject
}

// skipValue returns the index after the value starting at b[i].
func skipValue(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, errObject
	}
	switch b[i] {
	case '"':
		end, _, err := skipString(b, i)
		return end, err
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end, _, err := skipString(b, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, errObject
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\t' && b[j] != '\n' && b[j] != '\r' {
		j++
	}
	if j == i {
		return 0, errObject
	}
	return j, nil
}

// decodeFields reads a row's fields: the values are slices of b.
func decodeFields(b []byte) (map[string]json.RawMessage, error) {
	m := make(map[string]json.RawMessage, 16)
	err := splitObject(b, func(k string, v []byte) error {
		m[k] = v[:len(v):len(v)]
		return nil
	})
	return m, err
}

// decodeSeqs reads a row's field_seq.
func decodeSeqs(b []byte) (map[string]int64, error) {
	m := make(map[string]int64, 16)
	err := splitObject(b, func(k string, v []byte) error {
		n, err := strconv.ParseInt(string(v), 10, 64)
		m[k] = n
		return err
	})
	return m, err
}

// decodeDevices reads a row's field_device.
func decodeDevices(b []byte) (map[string]string, error) {
	m := make(map[string]string, 16)
	err := splitObject(b, func(k string, v []byte) error {
		if len(v) < 2 || v[0] != '"' {
			return errObject
		}
		s := string(v[1 : len(v)-1])
		for _, c := range v {
			if c == '\\' {
				if err := json.Unmarshal(v, &s); err != nil {
					return err
				}
				break
			}
		}
		m[k] = s
		return nil
	})
	return m, err
}

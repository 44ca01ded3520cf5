package sqlstore

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"
)

// A stored object reads back as encoding/json reads it, whatever its
// members hold: strings with quotes, brackets and escapes, nested values,
// numbers, literals; with or without spaces. What is not an object is an
// error.
func TestDecodeAsUnmarshal(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 4))
	keys := []string{"name", "content", "content.diagnosis", "<b>", "a&b", "引号\"", `back\slash`, "\u2028", "é", "\x01", "", "}", "{[", "zz"}
	values := []string{`"x"`, `12`, `-3.5e2`, `{"a":[1,2,{"b":"]}"}]}`, `null`, `true`, `false`, `"\u003c中\"}"`, `[]`, `{}`, `"\\"`, `["a\\\"",{"}":"{"}]`, `""`}
	for range 3000 {
		fields, seqs, devs := map[string]json.RawMessage{}, map[string]int64{}, map[string]string{}
		for range rng.IntN(8) {
			k := keys[rng.IntN(len(keys))]
			fields[k] = json.RawMessage(values[rng.IntN(len(values))])
			seqs[k] = rng.Int64N(1<<40) - 5
			devs[k] = keys[rng.IntN(len(keys))]
		}
		for _, indent := range []bool{false, true} {
			enc := json.Marshal
			if indent {
				enc = func(v any) ([]byte, error) { return json.MarshalIndent(v, " ", "\t") }
			}
			check := func(v any, decode func([]byte) (any, error)) {
				t.Helper()
				b, err := enc(v)
				if err != nil {
					t.Fatal(err)
				}
				got, err := decode(b)
				want := reflect.New(reflect.TypeOf(v))
				if uerr := json.Unmarshal(b, want.Interface()); err != nil || uerr != nil {
					t.Fatalf("decode %s: %v, %v", b, err, uerr)
				}
				if w := want.Elem().Interface(); !reflect.DeepEqual(got, w) && !(reflect.ValueOf(got).Len() == 0 && reflect.ValueOf(w).Len() == 0) {
					t.Fatalf("decode %s = %v, encoding/json %v", b, got, w)
				}
			}
			b, _ := enc(fields)
			got, err := decodeFields(b)
			var want map[string]json.RawMessage
			if uerr := json.Unmarshal(b, &want); err != nil || uerr != nil || len(got) != len(want) {
				t.Fatalf("decode %s = %v, %v; encoding/json %v, %v", b, got, err, want, uerr)
			}
			for k, v := range want {
				if !bytes.Equal(compact(t, got[k]), compact(t, v)) {
					t.Fatalf("decode %s: %q = %s, encoding/json %s", b, k, got[k], v)
				}
			}
			check(seqs, func(b []byte) (any, error) { return decodeSeqs(b) })
			check(devs, func(b []byte) (any, error) { return decodeDevices(b) })
		}
	}
	for _, bad := range []string{``, `[]`, `"a"`, `{`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":1} x`, `{"a":"b}`, `{"a":[1}`, `{"a" 1}`, `{a:1}`} {
		if _, err := decodeFields([]byte(bad)); err == nil {
			t.Errorf("decodeFields(%q) succeeded", bad)
		}
	}
}

func compact(t *testing.T, v []byte) []byte {
	var out bytes.Buffer
	if err := json.Compact(&out, v); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

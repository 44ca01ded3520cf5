package sqlstore

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"testing"

	"fieldbook/backend/canonjson"
)

// A row's fields and merge state are written as encoding/json writes
// them, keys and all.
func TestEncodeObjectAsMarshal(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 3))
	keys := []string{"name", "content", "content.diagnosis", "<b>", "a&b", "引号\"", `back\slash`, "\u2028", "é", "\x01", "", "zz"}
	for range 2000 {
		fields, seqs, devs := map[string]json.RawMessage{}, map[string]int64{}, map[string]string{}
		for range rng.IntN(8) {
			k := keys[rng.IntN(len(keys))]
			fields[k] = json.RawMessage([]string{`"x"`, `12`, `{"a":[1,2]}`, `null`, `"\u003c中"`}[rng.IntN(5)])
			seqs[k] = rng.Int64N(1<<40) - 5
			devs[k] = keys[rng.IntN(len(keys))]
		}
		for _, c := range []struct {
			got []byte
			v   any
		}{
			{must(encodeObject(fields, func(b []byte, v json.RawMessage) ([]byte, error) { return append(b, v...), nil })), fields},
			{must(encodeObject(seqs, func(b []byte, v int64) ([]byte, error) { return strconv.AppendInt(b, v, 10), nil })), seqs},
			{must(encodeObject(devs, func(b []byte, v string) ([]byte, error) { return canonjson.AppendString(b, v), nil })), devs},
		} {
			want, err := json.Marshal(c.v)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(c.got, want) {
				t.Fatalf("encoded %s, encoding/json %s", c.got, want)
			}
		}
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

package syncer

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"fieldbook/backend/sqlite"
)

// oldFromHub is how pulled values were converted before eachField: each
// value decoded on its own by encoding/json.
func oldFromHub(t *testing.T, table string, fields map[string]json.RawMessage, jsonCols map[string]bool) map[string]any {
	out := map[string]any{}
	for k, raw := range fields {
		if jsonCols[table+"."+k] && string(raw) != "null" {
			out[k] = string(raw)
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		if n, ok := v.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				v = i
			} else if f, err := n.Float64(); err == nil {
				v = f
			}
		}
		out[k] = v
	}
	return out
}

func TestFromHub(t *testing.T) {
	objects := []string{
		`{}`,
		`null`,
		` { "name" : "王先生" , "phones":["138 0000",  "139\"x"], "addresses": [], "note": null } `,
		`{"summary":"引号\"与\\反斜杠\n换行 \u00e9 \ud83d\ude00","warranty_months":24,"size":-3,"ratio":1.5e3,"big":12345678901234567890,"signed":true,"j_mark":false}`,
		`{"content":{"a":{"b":[1,2,{"c":"}]\"{"}]},"s":"x"},"strokes":[[{"x":1,"y":2}]],"flags":"[]","job_id":"j1"}`,
		`{"weird":{"a":1},"list":[1,"2"],"k\u0065y":"escaped key"}`,
	}
	tables := []string{"customers", "jobs", "visits", "signatures"}
	for _, obj := range objects {
		for _, table := range tables {
			got, err := fromHub(wireRow{Table: table, ID: "r1", Seq: 9, Deleted: table == "jobs", Fields: json.RawMessage(obj)})
			if err != nil {
				t.Fatalf("fromHub(%s): %v", obj, err)
			}
			var fields map[string]json.RawMessage
			if err := json.Unmarshal([]byte(obj), &fields); err != nil {
				t.Fatal(err)
			}
			want := oldFromHub(t, table, fields, sqlite.JSONColumns)
			want["deleted"] = int64(0)
			if table == "jobs" {
				want["deleted"] = int64(1)
			}
			if !reflect.DeepEqual(got.Fields, want) {
				t.Errorf("fromHub(%s, %s)\n got %#v\nwant %#v", table, obj, got.Fields, want)
			}
			if got.Table != table || got.ID != "r1" || got.Seq != 9 {
				t.Errorf("fromHub row = %+v", got)
			}
		}
	}
	for _, bad := range []string{`[]`, `{"a":}`, `{"a":1`, `{"a" 1}`, `{"a":"x}`, `{a:1}`, `{"a":1,}`, `{"a":[1,2}`, ``} {
		if _, err := fromHub(wireRow{Table: "jobs", ID: "r1", Fields: json.RawMessage(bad)}); err == nil {
			t.Errorf("fromHub(%q) took a malformed object", bad)
		}
	}
}

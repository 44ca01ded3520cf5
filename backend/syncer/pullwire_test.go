package syncer

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"fieldbook/backend/protocol"
	"fieldbook/backend/schema"
)

// oldFromHub is how pulled values were converted before eachField: each
// value decoded on its own by encoding/json.
func oldFromHub(t *testing.T, table string, fields map[string]json.RawMessage) map[string]any {
	out := map[string]any{}
	for k, raw := range fields {
		if schema.IsJSON(table, k) && string(raw) != "null" {
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
			want := oldFromHub(t, table, fields)
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

// TestDecodePage reads pages as the hub writes them (encoding/json) and
// gets what encoding/json reads back; broken pages are errors, not panics.
func TestDecodePage(t *testing.T) {
	pages := []protocol.PullResponse{
		{Cursor: 0, More: false},
		{Rows: []protocol.PulledRow{}, Cursor: 7, More: true},
		{Rows: []protocol.PulledRow{
			{Table: "customers", ID: "c1", Seq: 1, Version: 1, Fields: map[string]json.RawMessage{
				"name": json.RawMessage(`"王先生"`), "phones": json.RawMessage(`["138 0000","139\"x"]`), "note": json.RawMessage(`null`)}},
			{Table: "jobs", ID: "j\"1\\", Seq: 1 << 40, Version: 3, Deleted: true, Fields: map[string]json.RawMessage{
				"summary": json.RawMessage(`"引号\"与\\反斜杠\n换行 \u00e9"`), "flags": json.RawMessage(`{"a":[1,{"b":"}]"}]}`)}},
			{Table: "visits", ID: "v1", Seq: 2, Version: 1, Fields: nil},
		}, Cursor: 1 << 40, More: true},
	}
	for _, p := range pages {
		body, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var want wirePage
		if err := json.Unmarshal(body, &want); err != nil {
			t.Fatal(err)
		}
		got, err := decodePage(body)
		if err != nil {
			t.Fatalf("decodePage(%s): %v", body, err)
		}
		if len(got.Rows) != len(want.Rows) || got.Cursor != want.Cursor || got.More != want.More {
			t.Fatalf("decodePage(%s) = %+v, want %+v", body, got, want)
		}
		for i := range want.Rows {
			g, w := got.Rows[i], want.Rows[i]
			if g.Table != w.Table || g.ID != w.ID || g.Seq != w.Seq || g.Version != w.Version || g.Deleted != w.Deleted ||
				!bytes.Equal(g.Fields, w.Fields) {
				t.Errorf("row %d = %+v (fields %s), want %+v (fields %s)", i, g, g.Fields, w, w.Fields)
			}
		}
	}
	for _, bad := range []string{``, `[]`, `{"rows":{}}`, `{"rows":[1]}`, `{"rows":[{"seq":"x"}]}`, `{"cursor":1.5}`,
		`{"more":"yes"}`, `{"rows":[{"table":1}]}`, `{"rows":[`, `{"rows":[{}],}`, `{"cursor":1}x`} {
		if _, err := decodePage([]byte(bad)); err == nil {
			t.Errorf("decodePage(%q) took a broken page", bad)
		}
	}
}

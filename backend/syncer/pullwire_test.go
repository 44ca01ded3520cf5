package syncer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
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

// TestPageFields reads rows' fields as encoding/json reads them, whether
// they come after the row's table (as the hub writes them) or before it.
func TestPageFields(t *testing.T) {
	objects := []string{
		`{}`,
		`null`,
		` { "name" : "王先生" , "phones":["138 0000",  "139\"x"], "addresses": [], "note": null } `,
		`{"summary":"引号\"与\\反斜杠\n换行 \u00e9 \ud83d\ude00","warranty_months":24,"size":-3,"ratio":1.5e3,"big":12345678901234567890,"signed":true,"j_mark":false}`,
		`{"content":{"a":{"b":[1,2,{"c":"}]\"{"}]},"s":"x"},"strokes":[[{"x":1,"y":2}]],"flags":"[]","job_id":"j1"}`,
		`{"weird":{"a":1},"list":[1,"2"],"k\u0065y":"escaped key","n":0,"e":-0.5E-2}`,
	}
	tables := []string{"customers", "jobs", "visits", "signatures"}
	for _, obj := range objects {
		for _, table := range tables {
			deleted := table == "jobs"
			for _, body := range []string{
				fmt.Sprintf(`{"rows":[{"table":%q,"id":"r1","seq":9,"version":2,"deleted":%t,"fields":%s}],"cursor":9}`, table, deleted, obj),
				fmt.Sprintf(`{"cursor":9,"rows":[{"fields":%s,"deleted":%t,"seq":9,"id":"r1","table":%q}]}`, obj, deleted, table),
			} {
				page, err := decodePage([]byte(body))
				if err != nil {
					t.Fatalf("decodePage(%s): %v", body, err)
				}
				var fields map[string]json.RawMessage
				if err := json.Unmarshal([]byte(obj), &fields); err != nil {
					t.Fatal(err)
				}
				want := oldFromHub(t, table, fields)
				want["deleted"] = int64(0)
				if deleted {
					want["deleted"] = int64(1)
				}
				if len(page.rows) != 1 || page.cursor != 9 {
					t.Fatalf("decodePage(%s) = %+v", body, page)
				}
				got := page.rows[0]
				if !reflect.DeepEqual(got.Fields, want) {
					t.Errorf("decodePage(%s)\n got %#v\nwant %#v", body, got.Fields, want)
				}
				if got.Table != table || got.ID != "r1" || got.Seq != 9 {
					t.Errorf("row = %+v", got)
				}
			}
		}
	}
	for _, bad := range []string{`[]`, `{"a":}`, `{"a":1`, `{"a" 1}`, `{"a":"x}`, `{a:1}`, `{"a":1,}`, `{"a":[1,2}`, ``,
		`{"a":01}`, `{"a":1.}`, `{"a":-}`, `{"a":1e}`, `{"a":tru}`, `{"a":nul}`, `{"a":"\x"}`, `{"a":"\u12"}`, "{\"a\":\"\x01\"}",
		`{"a":{"b":1,}}`, `{"a":[1 2]}`, `{"flags":{"b":[}}`, `{"content":{"b":"\q"}}`} {
		body := `{"rows":[{"table":"jobs","id":"r1","fields":` + bad + `}]}`
		if _, err := decodePage([]byte(body)); err == nil {
			t.Errorf("decodePage took the malformed fields %q", bad)
		}
	}
	deep := `{"rows":[{"table":"jobs","id":"r1","fields":{"flags":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}}]}`
	if _, err := decodePage([]byte(deep)); err == nil {
		t.Error("decodePage took fields nested 20,000 deep")
	}
}

// TestDecodePage reads pages as the hub writes them (encoding/json) and
// gets what encoding/json reads back; broken pages are errors, not panics.
func TestDecodePage(t *testing.T) {
	pages := []protocol.PullResponse{
		{Cursor: 0, More: false},
		{Rows: []protocol.PulledRow{}, Cursor: 7, More: true, Remaining: 12},
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
		got, err := decodePage(body)
		if err != nil {
			t.Fatalf("decodePage(%s): %v", body, err)
		}
		if len(got.rows) != len(p.Rows) || got.cursor != p.Cursor || got.more != p.More || got.remaining != p.Remaining {
			t.Fatalf("decodePage(%s) = %+v, want %+v", body, got, p)
		}
		for i, w := range p.Rows {
			want := oldFromHub(t, w.Table, w.Fields)
			want["deleted"] = int64(0)
			if w.Deleted {
				want["deleted"] = int64(1)
			}
			if g := got.rows[i]; g.Table != w.Table || g.ID != w.ID || g.Seq != w.Seq || !reflect.DeepEqual(g.Fields, want) {
				t.Errorf("row %d = %+v, want %+v", i, g, w)
			}
		}
	}
	for _, bad := range []string{``, `[]`, `{"rows":{}}`, `{"rows":[1]}`, `{"rows":[{"seq":"x"}]}`, `{"cursor":1.5}`,
		`{"more":"yes"}`, `{"rows":[{"table":1}]}`, `{"rows":[`, `{"rows":[{}],}`, `{"cursor":1}x`,
		`{"cursor":1,"other":[}`, `{"rows":[{"table":"jobs","x":tru}]}`, `{"rows":[{"table":"jobs","fields":{}}] "more":true}`} {
		if _, err := decodePage([]byte(bad)); err == nil {
			t.Errorf("decodePage(%q) took a broken page", bad)
		}
	}
}

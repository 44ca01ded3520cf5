package hub

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"testing"
)

// TestPullPageWrite: the page as written is the JSON of the PullResponse
// with the same rows.
func TestPullPageWrite(t *testing.T) {
	rows := []ScannedRow{
		{Row: Row{Table: "jobs", ID: "j1", Seq: 3, Version: 2}, RawFields: json.RawMessage(`{"assigned_to":"bob","summary":"引号\"与\\反斜杠"}`)},
		{Row: Row{Table: "visits", ID: "v\"1\u2028", Seq: 7, Version: 1, Deleted: true}, RawFields: json.RawMessage(`{"content": {"a": [1, 2]}, "job_id": "j1"}`)},
		{Row: Row{Table: "customers", ID: "c1", Seq: 8, Version: 1}},
	}
	for _, page := range []pullPage{{rows: rows, cursor: 9, more: true}, {cursor: 12}} {
		rec := httptest.NewRecorder()
		page.write(rec)
		if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" || rec.Code != 200 {
			t.Fatalf("status %d, content type %q", rec.Code, ct)
		}
		var got PullResponse
		dec := json.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&got); err != nil {
			t.Fatalf("%s: %v", rec.Body, err)
		}
		want := PullResponse{Rows: []PulledRow{}, Cursor: page.cursor, More: page.more}
		for _, r := range page.rows {
			pr := PulledRow{Table: r.Table, ID: r.ID, Seq: r.Seq, Version: r.Version, Deleted: r.Deleted, Fields: map[string]json.RawMessage{}}
			if len(r.RawFields) > 0 {
				if err := json.Unmarshal(r.RawFields, &pr.Fields); err != nil {
					t.Fatal(err)
				}
			}
			want.Rows = append(want.Rows, pr)
		}
		// Compare as decoded JSON: the raw fields keep their spacing.
		norm := func(v any) any {
			b, _ := json.Marshal(v)
			var x any
			_ = json.Unmarshal(b, &x)
			return x
		}
		if !reflect.DeepEqual(norm(got), norm(want)) {
			t.Errorf("page.write =\n%s\nwant %+v", rec.Body, want)
		}
	}
}

package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"fieldbook/backend/protocol"
)

// storedFields is a Store that holds only fields by seq: writePull's
// encoding is under test here, not a store.
type storedFields struct {
	Store
	bySeq map[int64]json.RawMessage
}

func (s storedFields) PullFields(_ context.Context, _ string, seqs []int64, fn func(int64, []byte) error) error {
	for _, seq := range seqs {
		if f, ok := s.bySeq[seq]; ok {
			if err := fn(seq, f); err != nil {
				return err
			}
		}
	}
	return nil
}

// TestPullPageWrite: the page as written is the JSON of the PullResponse
// with the same rows; a row whose seq moved meanwhile is left out.
func TestPullPageWrite(t *testing.T) {
	rows := []RowMeta{
		{Table: "jobs", ID: "j1", Seq: 3, Version: 2},
		{Table: "visits", ID: "v\"1\u2028", Seq: 7, Version: 1, Deleted: true},
		{Table: "customers", ID: "c1", Seq: 8, Version: 1},
		{Table: "customers", ID: "moved", Seq: 9, Version: 1},
	}
	fields := map[int64]json.RawMessage{
		3: json.RawMessage(`{"assigned_to":"bob","summary":"引号\"与\\反斜杠"}`),
		7: json.RawMessage(`{"content": {"a": [1, 2]}, "job_id": "j1"}`),
		8: json.RawMessage(`{}`),
	}
	s := &Service{Store: storedFields{bySeq: fields}}
	for _, page := range []pullPage{{rows: rows, cursor: 9, more: true}, {cursor: 12}} {
		var out bytes.Buffer
		if err := s.writePull(context.Background(), &out, Principal{}, page); err != nil {
			t.Fatal(err)
		}
		var got protocol.PullResponse
		dec := json.NewDecoder(bytes.NewReader(out.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&got); err != nil {
			t.Fatalf("%s: %v", out.Bytes(), err)
		}
		want := protocol.PullResponse{Rows: []protocol.PulledRow{}, Cursor: page.cursor, More: page.more}
		for _, r := range page.rows {
			pr := protocol.PulledRow{Table: r.Table, ID: r.ID, Seq: r.Seq, Version: r.Version, Deleted: r.Deleted, Fields: map[string]json.RawMessage{}}
			f, ok := fields[r.Seq]
			if !ok {
				continue
			}
			if err := json.Unmarshal(f, &pr.Fields); err != nil {
				t.Fatal(err)
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
			t.Errorf("writePull =\n%s\nwant %+v", out.Bytes(), want)
		}
	}
}

package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"fieldbook/backend/protocol"
)

// pagedRows is a Store that holds rows with their fields, in seq order,
// and reads them as a store's pull does (without deciding who may read
// them): the cutting and writing of a page are under test here.
type pagedRows struct {
	Store
	rows    []RowMeta
	fields  map[int64]json.RawMessage
	counter int64
	fail    error
}

func (s pagedRows) selected(q PullQuery) []RowMeta {
	var out []RowMeta
	for _, r := range s.rows {
		if r.Seq > q.After && r.Seq <= q.Before && len(out) < q.Limit && !(q.SkipDeleted && r.Deleted) {
			out = append(out, r)
		}
	}
	return out
}

func (s pagedRows) PullScan(_ context.Context, _ string, q PullQuery) ([]RowMeta, int64, error) {
	return s.selected(q), s.counter, s.fail
}

func (s pagedRows) PullFields(_ context.Context, _ string, seqs []int64, fn func(int64, []byte) error) error {
	for _, seq := range seqs {
		if err := fn(seq, s.fields[seq]); err != nil {
			return err
		}
	}
	return nil
}

func (s pagedRows) PullRows(_ context.Context, _ string, q PullQuery, fn func(RowMeta, []byte) (bool, error)) (int64, error) {
	if s.fail != nil {
		return 0, s.fail
	}
	for _, r := range s.selected(q) {
		if more, err := fn(r, s.fields[r.Seq]); err != nil || !more {
			return s.counter, err
		}
	}
	return s.counter, nil
}

// TestPullPageWrite: the page as streamed (each row read with its fields)
// is the page Pull answers (the rows chosen first, their fields read
// after), cut at the same row for any limits, and the JSON of a
// PullResponse with those rows; a store that fails before answering has
// nothing written.
func TestPullPageWrite(t *testing.T) {
	store := pagedRows{fields: map[int64]json.RawMessage{}, counter: 40}
	for seq := int64(3); seq <= 30; seq += 1 + seq%3 {
		r := RowMeta{Table: "jobs", ID: fmt.Sprintf("j%d", seq), Seq: seq, Version: seq % 4}
		f := json.RawMessage(fmt.Sprintf(`{"assigned_to":"bob","summary":"引号\"与\\反斜杠 %d"}`, seq))
		switch seq % 5 {
		case 1:
			r.Table, r.ID, r.Deleted = "visits", fmt.Sprintf("v\"%d\u2028", seq), true
			f = json.RawMessage(`{"content": {"a": [1, 2]}, "job_id": "j1"}`)
		case 2:
			f = json.RawMessage(`{}`)
		case 3:
			f = json.RawMessage(` { "a" : 1 } `)
		}
		r.Size = len(f)
		store.rows, store.fields[seq] = append(store.rows, r), f
	}
	s := &Service{Store: store}
	p := Principal{User: User{Name: "clerk", Role: RoleClerk, Centre: "north"}}
	pages := 0
	for _, cursor := range []int64{0, 3, 10, 29, 30, 45} {
		for _, limits := range [][2]int{{0, 0}, {1, 0}, {4, 0}, {5000, 1}, {5000, 250}, {3, 400}} {
			var out bytes.Buffer
			if err := s.writePull(context.Background(), &out, p, cursor, limits[0], limits[1]); err != nil {
				t.Fatal(err)
			}
			var got protocol.PullResponse
			dec := json.NewDecoder(bytes.NewReader(out.Bytes()))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&got); err != nil {
				t.Fatalf("%s: %v", out.Bytes(), err)
			}
			want, err := s.Pull(context.Background(), p, cursor, limits[0], limits[1])
			if err != nil {
				t.Fatal(err)
			}
			// Compare as decoded JSON: the raw fields keep their spacing.
			norm := func(v any) any {
				b, _ := json.Marshal(v)
				var x any
				_ = json.Unmarshal(b, &x)
				return x
			}
			if !reflect.DeepEqual(norm(got), norm(want)) {
				t.Errorf("cursor %d, limits %v: writePull =\n%s\nPull = %+v", cursor, limits, out.Bytes(), want)
			}
			if len(got.Rows) > 1 {
				pages++
			}
		}
	}
	if pages == 0 {
		t.Fatal("no page held more than one row")
	}
	failing := &Service{Store: pagedRows{fail: errors.New("disk gone")}}
	var out bytes.Buffer
	if err := failing.writePull(context.Background(), &out, p, 0, 10, 0); err == nil || out.Len() > 0 {
		t.Errorf("writePull over a failing store = %v, wrote %q", err, out.Bytes())
	}
}

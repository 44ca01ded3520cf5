package syncer

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"

	"fieldbook/backend/canonjson"
	"fieldbook/backend/protocol"
	"fieldbook/backend/sqlite"
)

// encodePush writes a push request as encoding/json writes it (fields in
// key order), taking each field's JSON as it is: toHub has checked it, and
// json.Marshal ran every value — a visit's content, a signature's strokes —
// through its compactor again, a second time for the kept batch.
func encodePush(r protocol.PushRequest) []byte {
	n := 64
	for _, c := range r.Changes {
		n += encodedSize(c)
	}
	b := make([]byte, 0, n)
	b = append(b, `{"batch_id":`...)
	b = appendJSON(b, r.BatchID)
	b = append(b, `,"changes":[`...)
	for i, c := range r.Changes {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"table":`...)
		b = appendJSON(b, c.Table)
		b = append(b, `,"id":`...)
		b = appendJSON(b, c.ID)
		b = append(b, `,"base_seq":`...)
		b = appendJSON(b, c.BaseSeq)
		if len(c.Fields) > 0 {
			b = append(b, `,"fields":{`...)
			for k, name := range slices.Sorted(maps.Keys(c.Fields)) {
				if k > 0 {
					b = append(b, ',')
				}
				b = appendJSON(b, name)
				b = append(b, ':')
				b = append(b, c.Fields[name]...)
			}
			b = append(b, '}')
		}
		if c.Deleted != nil {
			b = append(b, `,"deleted":`...)
			b = appendJSON(b, *c.Deleted)
		}
		if len(c.Keys) > 0 {
			b = append(b, `,"keys":`...)
			b = appendJSON(b, c.Keys)
		}
		if len(c.Replay) > 0 {
			b = append(b, `,"replay":`...)
			b = appendJSON(b, c.Replay)
		}
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

// appendJSON appends v as encoding/json writes it (plain values only).
func appendJSON(b []byte, v any) []byte {
	b, err := canonjson.AppendScalar(b, v)
	if err != nil {
		panic(err) // strings, numbers, flags, lists of strings
	}
	return b
}

// encodeKept writes a batch as it is kept: its request as encoded, its
// acknowledgements.
func encodeKept(body []byte, acks []sqlite.Pushed) ([]byte, error) {
	n := len(body) + 24
	for _, a := range acks {
		n += 128 + len(a.Content) + 24*len(a.Own)
	}
	b := make([]byte, 0, n)
	b = append(b, `{"request":`...)
	b = append(b, body...)
	b = append(b, `,"acks":[`...)
	for i, a := range acks {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendAck(b, a); err != nil {
			return nil, err
		}
	}
	return append(b, "]}"...), nil
}

// appendAck writes an acknowledgement as encoding/json writes a
// sqlite.Pushed — its fields in order, the empty ones left out as their
// tags say — without encoding/json's pass over a visit's content, which
// the desktop writes in canonical form (anything else goes through it).
func appendAck(b []byte, a sqlite.Pushed) ([]byte, error) {
	b = append(b, `{"Table":`...)
	b = canonjson.AppendString(b, a.Table)
	b = append(b, `,"ID":`...)
	b = canonjson.AppendString(b, a.ID)
	b = append(b, `,"UpTo":`...)
	b = strconv.AppendInt(b, a.UpTo, 10)
	if len(a.Content) > 0 {
		b = append(b, `,"Content":`...)
		if canonjson.Is(a.Content) {
			b = append(b, a.Content...)
		} else {
			c, err := json.Marshal(a.Content)
			if err != nil {
				return nil, err
			}
			b = append(b, c...)
		}
	}
	if a.Keys != nil {
		b = append(b, `,"Keys":[`...)
		for i, k := range a.Keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = canonjson.AppendString(b, k)
		}
		b = append(b, ']')
	}
	if a.Seq != 0 {
		b = append(b, `,"Seq":`...)
		b = strconv.AppendInt(b, a.Seq, 10)
	}
	if a.Acked != 0 {
		b = append(b, `,"Acked":`...)
		b = strconv.AppendInt(b, a.Acked, 10)
	}
	if len(a.Own) > 0 {
		b = append(b, `,"Own":{`...)
		for i, k := range slices.Sorted(maps.Keys(a.Own)) {
			if i > 0 {
				b = append(b, ',')
			}
			b = canonjson.AppendString(b, k)
			b = append(b, ':')
			b = canonjson.AppendString(b, a.Own[k])
		}
		b = append(b, '}')
	}
	if !a.Requeued.IsZero() {
		t, err := json.Marshal(a.Requeued)
		if err != nil {
			return nil, err
		}
		b = append(b, `,"Requeued":`...)
		b = append(b, t...)
	}
	return append(b, '}'), nil
}

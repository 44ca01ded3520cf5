package syncer

import (
	"encoding/json"
	"maps"
	"slices"

	"fieldbook/backend/protocol"
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
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err) // strings, numbers, flags, lists of strings
	}
	return append(b, raw...)
}

// encodeKept writes a batch as it is kept: its request as encoded, its
// acknowledgements.
func encodeKept(body []byte, acks any) ([]byte, error) {
	a, err := json.Marshal(acks)
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, len(body)+len(a)+24)
	b = append(b, `{"request":`...)
	b = append(b, body...)
	b = append(b, `,"acks":`...)
	b = append(b, a...)
	return append(b, '}'), nil
}

package syncer

import (
	"encoding/json"
	"reflect"
	"testing"

	"fieldbook/backend/protocol"
	"fieldbook/backend/sqlite"
)

// A push body is what encoding/json writes for the request, byte for byte,
// and a kept batch decodes to the batch.
func TestEncodePushAsEncodingJSON(t *testing.T) {
	yes := true
	req := protocol.PushRequest{BatchID: "0193b3c2-aaaa", Changes: []protocol.Change{
		{Table: "jobs", ID: "j1", BaseSeq: 41, Fields: map[string]json.RawMessage{"summary": json.RawMessage(`"压缩机故障 \"急\""`), "appointment": json.RawMessage(`null`)},
			Replay: map[string]int64{"summary": 40, "appointment": 38}},
		{Table: "visits", ID: "v1", BaseSeq: 57, Fields: map[string]json.RawMessage{"content": json.RawMessage(`{"diagnosis":"电源板","parts":[{"qty":2}]}`), "revision": json.RawMessage(`1`)},
			Keys: map[string][]string{"content": {"diagnosis", "parts"}}},
		{Table: "documents", ID: "d1", Deleted: &yes},
		{Table: "customers", ID: "c1", Fields: map[string]json.RawMessage{}},
	}}
	want, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	if got := encodePush(req); string(got) != string(want) {
		t.Errorf("encodePush:\n got %s\nwant %s", got, want)
	}
	acks := []sqlite.Pushed{{Table: "visits", ID: "v1", UpTo: 9, Content: json.RawMessage(`{"diagnosis":"电源板"}`), Keys: []string{"diagnosis"}}}
	kept, err := encodeKept(encodePush(req), acks)
	if err != nil {
		t.Fatal(err)
	}
	var back pendingBatch
	if err := json.Unmarshal(kept, &back); err != nil {
		t.Fatal(err)
	}
	again, _ := json.Marshal(back.Request)
	if string(again) != string(want) || !reflect.DeepEqual(back.Acks, acks) {
		t.Errorf("kept batch decodes to %s, %+v", again, back.Acks)
	}
}

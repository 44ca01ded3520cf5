package syncer

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

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

// A kept acknowledgement is what encoding/json writes for it, byte for
// byte, whichever of its fields are empty; a field added to sqlite.Pushed
// fails here until appendAck writes it.
func TestKeptAcksAsEncodingJSON(t *testing.T) {
	var names []string
	for f := range reflect.TypeFor[sqlite.Pushed]().Fields() {
		names = append(names, f.Name)
	}
	if want := []string{"Table", "ID", "UpTo", "Content", "Keys", "Seq", "Acked", "Own", "Requeued"}; !slices.Equal(names, want) {
		t.Fatalf("sqlite.Pushed has fields %v; appendAck writes %v", names, want)
	}
	acks := []sqlite.Pushed{
		{Table: "jobs", ID: "j1"},
		{Table: "visits", ID: "v<1>&", UpTo: 12, Content: json.RawMessage(`{"a":1,"诊断":"电源板 \u2028"}`), Keys: []string{"诊断", "a"}, Seq: 77, Acked: 78,
			Own: map[string]string{"content": "1x2y", "revision": "zz", "<b>": "&"}, Requeued: time.Date(2026, 3, 4, 5, 6, 7, 890, time.FixedZone("CST", 8*3600))},
		{Table: "visits", ID: "v2", Content: json.RawMessage("{ \"b\" : [1, 2],\n \"a\": \"<&>\" }"), Keys: []string{}},
		{Table: "documents", ID: "d1", Own: map[string]string{}, Acked: -1},
	}
	for _, a := range acks {
		want, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendAck([]byte("x"), a)
		if err != nil || string(got) != "x"+string(want) {
			t.Errorf("appendAck(%+v) = %s, %v; want x%s", a, got, err, want)
		}
	}
	if _, err := appendAck(nil, sqlite.Pushed{Content: json.RawMessage(`{"a":`)}); err == nil {
		t.Error("an ack with broken content was written")
	}
}

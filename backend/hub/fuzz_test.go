package hub_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"fieldbook/backend/hub"
	"fieldbook/backend/hub/sqlstore"
	"fieldbook/backend/hub/storetest"
	"fieldbook/backend/protocol"
)

// fuzzEnv is a SQLite hub with a job of alice's to aim changes at.
func fuzzEnv(tb testing.TB) (*storetest.Env, *hub.Handler, string) {
	tb.Helper()
	db, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(tb.TempDir(), "hub.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = db.Close() })
	env := storetest.NewEnv(tb, db)
	env.SeedJob(env.Alice, "j1", "alice")
	code, _, err := env.Svc.NewEnrolCode(context.Background(), "alice")
	if err != nil {
		tb.Fatal(err)
	}
	resp, err := env.Svc.Enrol(context.Background(), protocol.EnrolRequest{Code: code, DeviceName: "fuzz"})
	if err != nil {
		tb.Fatal(err)
	}
	return env, hub.NewHandler(env.Svc, hub.DefaultLimits), resp.Token
}

var ruleNames = []string{hub.RuleTable, hub.RuleRowID, hub.RuleValues, hub.RuleCentre, hub.RuleOwnership, hub.RuleFiling,
	hub.RuleWholeRow, hub.RuleInsertOnly, hub.RuleFrozen, hub.RuleJobAccess, hub.RuleLinks, hub.RuleUnique,
	hub.RuleSignature, hub.RuleBlob, hub.RuleContent, hub.RuleComplete}

// FuzzPushBody sends any bytes as a push body: the hub answers 200 with a
// result per change, or refuses the request as a client error — never a
// server error, never a partial batch.
func FuzzPushBody(f *testing.F) {
	for _, seed := range []string{
		`{"batch_id":"0193b3c2-7c4e-7b1a-9f3e-2a1d5c6b7e8f","changes":[{"table":"customers","id":"c1","fields":{"name":"王先生"}}]}`,
		`{"batch_id":"0193b3c2-7c4e-7b1a-9f3e-2a1d5c6b7e8f","changes":[{"table":"jobs","id":"j1","base_seq":2,"fields":{"summary":"改"}}]}`,
		`{"batch_id":"0193b3c2-7c4e-7b1a-9f3e-2a1d5c6b7e8f","changes":[{"table":"visits","id":"v1","fields":{"job_id":"j1","revision":1,"status":"draft","content":{"diagnosis":"x"},"signed":0},"keys":{"content":["diagnosis"]}}]}`,
		`{"batch_id":"0193b3c2-7c4e-7b1a-9f3e-2a1d5c6b7e8f","changes":[{"table":"customers","id":"c1","fields":{"phones":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}}]}`,
		`{"batch_id":"0193b3c2-7c4e-7b1a-9f3e-2a1d5c6b7e8f","changes":[{"table":"customers","id":"c1","fields":{"name":"\ud800"}}]}`,
		"{\"batch_id\":\"0193b3c2-7c4e-7b1a-9f3e-2a1d5c6b7e8f\",\"changes\":[{\"table\":\"customers\",\"id\":\"c1\",\"fields\":{\"name\":\"\xff\"}}]}",
		`{"batch_id":"0193b3c2-7c4e-7b1a-9f3e-2a1d5c6b7e8f","changes":[{"table":"jobs","id":"j1","deleted":true}]} trailing`,
		`{"batch_id":1}`, `[]`, `null`, ``,
	} {
		f.Add([]byte(seed))
	}
	_, h, token := fuzzEnv(f)
	// A batch id the hub has answered before gets that answer again (a
	// retry), whatever the body holds now.
	answered := map[string]bool{}
	f.Fuzz(func(t *testing.T, body []byte) {
		// A new batch id each time, unless the body has none.
		body = bytes.ReplaceAll(body, []byte("0193b3c2-7c4e-7b1a-9f3e-2a1d5c6b7e8f"), []byte(uuid.NewString()))
		req := httptest.NewRequest("POST", "/v1/push", bytes.NewReader(body))
		req.Header.Set(protocol.HeaderProtocol, "1")
		req.Header.Set(protocol.HeaderSchema, strconv.Itoa(protocol.SchemaVersion))
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK:
			var in struct {
				BatchID string            `json:"batch_id"`
				Changes []json.RawMessage `json:"changes"`
			}
			var out protocol.PushResponse
			if json.Unmarshal(body, &in) != nil || json.Unmarshal(rec.Body.Bytes(), &out) != nil {
				t.Fatalf("200 for %q: %s", body, rec.Body)
			}
			replay := answered[in.BatchID]
			answered[in.BatchID] = true
			if !replay && len(out.Results) != len(in.Changes) {
				t.Fatalf("200 for %q with %d results for %d changes: %s", body, len(out.Results), len(in.Changes), rec.Body)
			}
			for _, r := range out.Results {
				if r.Status == protocol.StatusRejected && (r.Reason == nil || !slices.Contains(ruleNames, r.Reason.Rule)) {
					t.Fatalf("a rejection without its rule for %q: %+v", body, r.Reason)
				}
			}
		case http.StatusBadRequest, http.StatusConflict, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
		}
	})
}

// FuzzRules passes any change through the rules: one result, applied or
// in conflict or rejected by a named rule; an applied change's stored
// values are valid (pushing them again changes nothing).
func FuzzRules(f *testing.F) {
	f.Add("jobs", "j1", `{"summary":"改"}`, int64(2), false)
	f.Add("jobs", "j1", `{"status":"filed","archive_no":"x"}`, int64(2), false)
	f.Add("visits", "v1", `{"job_id":"j1","revision":1,"status":"draft","content":{"diagnosis":"x"},"signed":1}`, int64(0), false)
	f.Add("signatures", "s1", `{"visit_id":"v1","role":"customer","kind":"real","content_hash":"x","signed_at":"t"}`, int64(0), false)
	f.Add("customers", "c1", `{"name":"王","phones":[[[["1"]]]]}`, int64(0), true)
	f.Add("attachments", "a1", `{"job_id":"j1","mime":"image/png","size":1,"sha256":"00"}`, int64(0), false)
	f.Add("job_events", "e1", `{"job_id":"j1","action":"filed","actor":"x","at":"t"}`, int64(0), false)
	shared, _, _ := fuzzEnv(f)
	f.Fuzz(func(t *testing.T, table, id, fields string, base int64, deleted bool) {
		env := *shared
		env.T = t
		ch := protocol.Change{Table: table, ID: id, BaseSeq: base, Fields: map[string]json.RawMessage{}}
		if err := json.Unmarshal([]byte(fields), &ch.Fields); err != nil {
			return
		}
		if deleted {
			ch.Deleted = &deleted
		}
		resp, err := env.Svc.Push(env.Ctx, env.Alice, protocol.PushRequest{BatchID: uuid.NewString(), Changes: []protocol.Change{ch}})
		if err != nil {
			t.Fatalf("push %+v: %v", ch, err)
		}
		r := resp.Results[0]
		switch r.Status {
		case protocol.StatusApplied, protocol.StatusConflict:
			row := env.Row(env.Alice.User.Centre, table, id)
			if row == nil {
				t.Fatalf("%s %s/%s but the hub has no row", r.Status, table, id)
			}
			again := protocol.Change{Table: table, ID: id, BaseSeq: row.Seq, Fields: row.Fields}
			if row.Deleted {
				again.Deleted = &row.Deleted
			}
			if r2 := env.Push(env.Alice, again).Results[0]; r2.Status != protocol.StatusApplied || r2.Seq != row.Seq {
				t.Fatalf("the stored values of %s/%s pushed again: %+v %+v", table, id, r2, r2.Reason)
			}
		case protocol.StatusRejected:
			if r.Reason == nil || !slices.Contains(ruleNames, r.Reason.Rule) {
				t.Fatalf("a rejection without its rule: %+v", r.Reason)
			}
		default:
			t.Fatalf("status %q", r.Status)
		}
	})
}

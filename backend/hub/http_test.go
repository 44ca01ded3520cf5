package hub_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/hub"
	"fieldbook/backend/hub/sqlstore"
	"fieldbook/backend/hub/storetest"
	"fieldbook/backend/protocol"
)

type client struct {
	t        *testing.T
	base     string
	token    string
	protocol string
	schema   string
}

func (c *client) do(method, path string, body []byte, hdr map[string]string) (*http.Response, []byte) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set(protocol.HeaderProtocol, c.protocol)
	req.Header.Set(protocol.HeaderSchema, c.schema)
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func (c *client) json(method, path string, in, out any) int {
	c.t.Helper()
	var body []byte
	if in != nil {
		body, _ = json.Marshal(in)
	}
	resp, b := c.do(method, path, body, nil)
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			c.t.Fatalf("%s %s: decode %s: %v", method, path, b, err)
		}
	}
	return resp.StatusCode
}

type server struct {
	*storetest.Env
	srv     *httptest.Server
	handler *hub.Handler
}

func newServer(t *testing.T) *server {
	t.Helper()
	db, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	env := storetest.NewEnv(t, db)
	h := hub.NewHandler(env.Svc, hub.DefaultLimits)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &server{Env: env, srv: srv, handler: h}
}

func (s *server) client(t *testing.T, token string) *client {
	return &client{t: t, base: s.srv.URL, token: token, protocol: fmt.Sprint(protocol.Version), schema: fmt.Sprint(protocol.SchemaVersion)}
}

// enrolHTTP enrols a device for user over HTTP and returns a client with its token.
func (s *server) enrolHTTP(t *testing.T, user string) *client {
	t.Helper()
	code, _, err := s.Svc.NewEnrolCode(context.Background(), user)
	if err != nil {
		t.Fatal(err)
	}
	c := s.client(t, "")
	var resp protocol.EnrolResponse
	if st := c.json("POST", "/v1/enrol", protocol.EnrolRequest{Code: code, DeviceName: user + "-pc"}, &resp); st != 200 {
		t.Fatalf("enrol %s: status %d", user, st)
	}
	c.token = resp.Token
	return c
}

func TestEnrolOneTimeCode(t *testing.T) {
	s := newServer(t)
	code, _, err := s.Svc.NewEnrolCode(context.Background(), "alice")
	if err != nil {
		t.Fatal(err)
	}
	c := s.client(t, "")
	var first protocol.EnrolResponse
	if st := c.json("POST", "/v1/enrol", protocol.EnrolRequest{Code: strings.ToLower(code), DeviceName: "pc"}, &first); st != 200 {
		t.Fatalf("first enrol: status %d", st)
	}
	if first.User != (protocol.UserInfo{Name: "alice", Role: "technician", Centre: "north", DisplayName: "alice"}) || first.DeviceID == "" || len(first.Token) < 43 {
		t.Errorf("enrol = %+v", first)
	}
	resp, body := c.do("POST", "/v1/enrol", storetest.JS(protocol.EnrolRequest{Code: code, DeviceName: "pc2"}), nil)
	var p fieldbook.Payload
	_ = json.Unmarshal(body, &p)
	if resp.StatusCode != 404 || p.Code != fieldbook.ENOTFOUND || p.Message == "" || p.MessageEN == "" {
		t.Errorf("second enrol = %d %s, want 404 with a bilingual message", resp.StatusCode, body)
	}
	// The token works.
	c.token = first.Token
	var pull protocol.PullResponse
	if st := c.json("GET", "/v1/pull?cursor=0", nil, &pull); st != 200 {
		t.Errorf("pull with the new token: %d", st)
	}
}

func TestUnauthorized(t *testing.T) {
	s := newServer(t)
	c := s.enrolHTTP(t, "alice")
	var list []hub.Device
	list, _ = s.Store.Devices(context.Background())
	var id string
	for _, d := range list {
		if d.TokenHash == hub.HashSecret(c.token) {
			id = d.ID
		}
	}
	if err := s.Store.RevokeDevice(context.Background(), id, time.Now()); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, token string }{{"revoked", c.token}, {"unknown", "fbt_nope"}, {"none", ""}} {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := s.client(t, tt.token).do("GET", "/v1/pull?cursor=0", nil, nil)
			var p fieldbook.Payload
			_ = json.Unmarshal(body, &p)
			if resp.StatusCode != 401 || p.Code != protocol.EUNAUTHORIZED || p.Message == "" || p.MessageEN == "" {
				t.Errorf("pull with %s token = %d %s, want 401 bilingual", tt.name, resp.StatusCode, body)
			}
		})
	}
}

func TestVersions(t *testing.T) {
	s := newServer(t)
	c := s.enrolHTTP(t, "alice")
	cur, sch := protocol.Version, protocol.SchemaVersion
	for _, tt := range []struct {
		name             string
		protocol, schema string
		want             int
	}{
		{"current", fmt.Sprint(cur), fmt.Sprint(sch), 200},
		{"previous schema", fmt.Sprint(cur), fmt.Sprint(sch - 1), 200},
		{"previous protocol", fmt.Sprint(cur - 1), fmt.Sprint(sch), 200},
		{"older schema", fmt.Sprint(cur), fmt.Sprint(sch - 2), 426},
		{"older protocol", fmt.Sprint(cur - 2), fmt.Sprint(sch), 426},
		{"newer protocol", fmt.Sprint(cur + 1), fmt.Sprint(sch), 400},
		{"missing", "", fmt.Sprint(sch), 400},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c.protocol, c.schema = tt.protocol, tt.schema
			resp, body := c.do("GET", "/v1/pull?cursor=0", nil, nil)
			if resp.StatusCode != tt.want {
				t.Fatalf("status = %d %s, want %d", resp.StatusCode, body, tt.want)
			}
			if tt.want != 200 {
				var p fieldbook.Payload
				if err := json.Unmarshal(body, &p); err != nil || p.Message == "" || p.MessageEN == "" {
					t.Errorf("body = %s, want a bilingual error", body)
				}
			}
		})
	}
	// A previous-schema client's offline work is applied.
	c.protocol, c.schema = fmt.Sprint(cur), fmt.Sprint(sch-1)
	var pr protocol.PushResponse
	if st := c.json("POST", "/v1/push", protocol.PushRequest{BatchID: uuid.NewString(), Changes: []protocol.Change{
		{Table: "customers", ID: "c1", Fields: storetest.F("name", "旧版客户")}}}, &pr); st != 200 || pr.Results[0].Status != protocol.StatusApplied {
		t.Errorf("push from previous schema = %d %+v", st, pr)
	}
}

func TestPushPullHTTP(t *testing.T) {
	s := newServer(t)
	a := s.enrolHTTP(t, "alice")
	b := s.enrolHTTP(t, "alice")
	var pr protocol.PushResponse
	batch := protocol.PushRequest{BatchID: uuid.NewString(), Changes: []protocol.Change{
		{Table: "customers", ID: "c1", Fields: storetest.F("name", "王先生")},
		{Table: "jobs", ID: "j1", Fields: storetest.F("number", "J-1", "job_type", "it_onsite", "customer_id", "c1", "assigned_to", "alice", "status", "draft")},
	}}
	if st := a.json("POST", "/v1/push", batch, &pr); st != 200 || pr.Results[1].Status != protocol.StatusApplied {
		t.Fatalf("push = %d %+v", st, pr)
	}
	var again protocol.PushResponse
	a.json("POST", "/v1/push", batch, &again)
	if string(storetest.JS(again)) != string(storetest.JS(pr)) {
		t.Errorf("repeated batch over HTTP = %s, want %s", storetest.JS(again), storetest.JS(pr))
	}
	var page protocol.PullResponse
	if st := b.json("GET", "/v1/pull?cursor=0&limit_rows=1", nil, &page); st != 200 || len(page.Rows) != 1 || !page.More || page.Remaining != 1 {
		t.Fatalf("pull page 1 = %d %+v, want one row, more, one remaining", st, page)
	}
	b.json("GET", "/v1/pull?cursor="+strconv.FormatInt(page.Cursor, 10)+"&limit_rows=1", nil, &page)
	if len(page.Rows) != 1 || page.Rows[0].ID != "j1" || page.Cursor != pr.CursorHint || page.Remaining != 0 {
		t.Errorf("pull page 2 = %+v, want j1 and none remaining", page)
	}
	if resp, body := b.do("POST", "/v1/push", []byte("{not json"), nil); resp.StatusCode != 400 {
		t.Errorf("bad JSON = %d %s", resp.StatusCode, body)
	}
}

// putCut sends a PUT that declares the whole remaining body but breaks the
// connection after n bytes, as a lost network would.
func putCut(t *testing.T, base, token, sha string, data []byte, n int) {
	t.Helper()
	addr := strings.TrimPrefix(base, "http://")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(conn)
	fmt.Fprintf(w, "PUT /v1/blobs/%s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n%s: %d\r\n%s: %d\r\n%s: 0\r\n%s: %d\r\nContent-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n",
		sha, addr, token, protocol.HeaderProtocol, protocol.Version, protocol.HeaderSchema, protocol.SchemaVersion,
		protocol.HeaderUploadOffset, protocol.HeaderUploadLength, len(data), len(data))
	w.Write(data[:n])
	w.Flush()
	time.Sleep(50 * time.Millisecond)
	conn.Close()
}

func TestBlobResumableUpload(t *testing.T) {
	s := newServer(t)
	alice := s.enrolHTTP(t, "alice")
	data := append([]byte{}, storetest.PNG...)
	for range 200_000 {
		data = append(data, byte(rand.IntN(256)))
	}
	sha := storetest.SHA(data)
	cut := 1 + rand.IntN(len(data)-2)
	t.Logf("cutting the upload of %d bytes at byte %d", len(data), cut)
	putCut(t, s.srv.URL, alice.token, sha, data, cut)

	var offset int
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		resp, _ := alice.do("HEAD", "/v1/blobs/"+sha, nil, nil)
		offset, _ = strconv.Atoi(resp.Header.Get(protocol.HeaderUploadOffset))
		if offset == cut {
			break
		}
	}
	if offset != cut {
		t.Fatalf("HEAD Upload-Offset = %d, want %d", offset, cut)
	}
	// Resuming from a wrong offset is refused with the right one.
	resp, _ := alice.do("PUT", "/v1/blobs/"+sha, data[0:], map[string]string{protocol.HeaderUploadOffset: "0", protocol.HeaderUploadLength: fmt.Sprint(len(data))})
	if resp.StatusCode != 409 || resp.Header.Get(protocol.HeaderUploadOffset) != fmt.Sprint(cut) {
		t.Errorf("PUT at a wrong offset = %d offset %q, want 409 offset %d", resp.StatusCode, resp.Header.Get(protocol.HeaderUploadOffset), cut)
	}
	resp, body := alice.do("PUT", "/v1/blobs/"+sha, data[offset:], map[string]string{protocol.HeaderUploadOffset: fmt.Sprint(offset), protocol.HeaderUploadLength: fmt.Sprint(len(data))})
	if resp.StatusCode != 201 {
		t.Fatalf("resumed PUT = %d %s, want 201", resp.StatusCode, body)
	}
	// The uploader reads it; anybody else needs a readable row referencing it.
	if resp, _ := alice.do("GET", "/v1/blobs/"+sha, nil, nil); resp.StatusCode != 200 {
		t.Errorf("the uploader's GET = %d, want 200", resp.StatusCode)
	}
	if resp, _ := s.enrolHTTP(t, "bob").do("GET", "/v1/blobs/"+sha, nil, nil); resp.StatusCode != 404 {
		t.Errorf("another technician's GET before any row references it = %d, want 404", resp.StatusCode)
	}
	s.SeedJob(s.Alice, "j1", "alice")
	s.MustApply(s.Alice, protocol.Change{Table: "documents", ID: "d1", Fields: storetest.F("job_id", "j1", "kind", "photo", "sha256", sha, "size", len(data))})
	for _, tt := range []struct {
		user string
		want int
	}{{"alice", 200}, {"bob", 404}, {"carol", 200}, {"xena", 404}} {
		t.Run("download/"+tt.user, func(t *testing.T) {
			c := alice
			if tt.user != "alice" {
				c = s.enrolHTTP(t, tt.user)
			}
			resp, got := c.do("GET", "/v1/blobs/"+sha, nil, nil)
			if resp.StatusCode != tt.want {
				t.Fatalf("GET by %s = %d, want %d", tt.user, resp.StatusCode, tt.want)
			}
			if tt.want == 200 && (!bytes.Equal(got, data) || resp.Header.Get("Content-Type") != "image/png") {
				t.Errorf("GET by %s returned %d bytes of %s, want the upload", tt.user, len(got), resp.Header.Get("Content-Type"))
			}
		})
	}
}

// TestBlobSentTwiceAtOnce: a device's PUT of a whole blob sent twice
// at once (a retry racing its original) is complete for both, not
// refused for an offset the other moved.
func TestBlobSentTwiceAtOnce(t *testing.T) {
	s := newServer(t)
	alice := s.enrolHTTP(t, "alice")
	data := append([]byte{}, storetest.PNG...)
	for range 2 << 20 {
		data = append(data, byte(rand.IntN(256)))
	}
	sha := storetest.SHA(data)
	headers := map[string]string{protocol.HeaderUploadOffset: "0", protocol.HeaderUploadLength: fmt.Sprint(len(data))}
	statuses := make([]int, 2)
	var wg sync.WaitGroup
	for i := range statuses {
		wg.Go(func() {
			resp, _ := alice.do("PUT", "/v1/blobs/"+sha, data, headers)
			statuses[i] = resp.StatusCode
		})
	}
	wg.Wait()
	for i, st := range statuses {
		if st != 201 {
			t.Errorf("PUT %d of 2 sent at once = %d, want 201 (complete)", i+1, st)
		}
	}
}

func TestBlobBadHash(t *testing.T) {
	s := newServer(t)
	c := s.enrolHTTP(t, "alice")
	data := append([]byte{}, storetest.PNG...)
	sha := storetest.SHA([]byte("not this"))
	resp, body := c.do("PUT", "/v1/blobs/"+sha, data, map[string]string{protocol.HeaderUploadOffset: "0", protocol.HeaderUploadLength: fmt.Sprint(len(data))})
	var p fieldbook.Payload
	_ = json.Unmarshal(body, &p)
	if resp.StatusCode != 400 || !strings.Contains(p.MessageEN, "SHA-256") || p.Message == "" {
		t.Errorf("PUT with a wrong hash = %d %s, want 400 naming the hash", resp.StatusCode, body)
	}
	resp, _ = c.do("HEAD", "/v1/blobs/"+sha, nil, nil)
	if resp.Header.Get(protocol.HeaderUploadOffset) != "0" {
		t.Errorf("after a bad hash the hub holds %s bytes, want 0", resp.Header.Get(protocol.HeaderUploadOffset))
	}
	resp, _ = c.do("PUT", "/v1/blobs/"+sha, nil, map[string]string{protocol.HeaderUploadOffset: "0", protocol.HeaderUploadLength: fmt.Sprint(protocol.MaxBlobSize + 1)})
	if resp.StatusCode != 413 {
		t.Errorf("PUT over 25 MB = %d, want 413", resp.StatusCode)
	}
	resp, _ = c.do("HEAD", "/v1/blobs/NOTAHASH", nil, nil)
	if resp.StatusCode != 400 {
		t.Errorf("HEAD with a bad name = %d, want 400", resp.StatusCode)
	}
}

func TestHealthz(t *testing.T) {
	s := newServer(t)
	resp, err := http.Get(s.srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("healthz = %d", resp.StatusCode)
	}
}

// TestPreviousSchemaPulls: a desktop of the previous schema has no table
// of complaints nor of the technicians' answers to a dispatch, so its
// pulls leave them out (they would stop its sync); the current schema
// pulls the technician's answer, the complaint about their job, the
// centre's settings and catalogue and the audit trail of a clerk's action.
// A previous-schema clerk's J mark by push is refused.
func TestPreviousSchemaPulls(t *testing.T) {
	s := newServer(t)
	tech, clerk, admin := s.enrolHTTP(t, "alice"), s.enrolHTTP(t, "carol"), s.enrolHTTP(t, "adam")
	var pr protocol.PushResponse
	if st := tech.json("POST", "/v1/push", protocol.PushRequest{BatchID: uuid.NewString(), Changes: []protocol.Change{
		{Table: "customers", ID: "c1", Fields: storetest.F("name", "王先生")},
		{Table: "jobs", ID: "j1", Fields: storetest.F("number", "J-1", "job_type", "it_onsite", "customer_id", "c1", "assigned_to", "alice", "status", "submitted")},
		{Table: "appointment_events", ID: "e1", Fields: storetest.F("job_id", "j1", "kind", "confirmed", "technician", "alice", "at", "2026-12-07T01:00:00.000Z")},
	}}, &pr); st != 200 || pr.Results[1].Status != protocol.StatusApplied || pr.Results[2].Status != protocol.StatusApplied {
		t.Fatalf("push = %d %+v", st, pr)
	}
	if st := admin.json("POST", "/v1/push", protocol.PushRequest{BatchID: uuid.NewString(), Changes: []protocol.Change{
		{Table: "centre_settings", ID: "centre", Fields: storetest.F("company_name", "北区服务中心")},
		{Table: "catalogue_items", ID: "part:NC-1", Fields: storetest.F("kind", "part", "code", "NC-1", "name", "内存条", "unit", "条", "price_fen", 100, "pinyin", "nct", "active", 1)},
	}}, &pr); st != 200 || pr.Results[0].Status != protocol.StatusApplied || pr.Results[1].Status != protocol.StatusApplied {
		t.Fatalf("admin push = %d %+v", st, pr)
	}
	if st := admin.json("POST", "/v1/push", protocol.PushRequest{BatchID: uuid.NewString(), Changes: []protocol.Change{
		{Table: "complaints", ID: "k1", Fields: storetest.F("job_id", "j1", "customer_id", "c1", "channel", "phone", "received_at", "2026-12-07T01:00:00Z",
			"received_by", "adam", "content", "上门迟到", "state", "registered")},
	}}, &pr); st != 200 || pr.Results[0].Status != protocol.StatusApplied {
		t.Fatalf("complaint push = %d %+v", st, pr)
	}
	var cr protocol.ClerkResponse
	if st := clerk.json("POST", "/v1/clerk", protocol.ClerkRequest{JobID: "j1", Action: protocol.ActionReturn, Reason: "缺少客户签字"}, &cr); st != 200 || cr.Result.Status != protocol.StatusApplied {
		t.Fatalf("return = %d %+v", st, cr)
	}
	tables := func(c *client) []string {
		var page protocol.PullResponse
		if st := c.json("GET", "/v1/pull?cursor=0", nil, &page); st != 200 {
			t.Fatalf("pull = %d", st)
		}
		var out []string
		for _, r := range page.Rows {
			out = append(out, r.Table)
		}
		return out
	}
	if got := tables(tech); strings.Join(got, ",") != "customers,appointment_events,centre_settings,catalogue_items,complaints,jobs,job_events" {
		t.Errorf("current schema pulls %v, want the answer, the complaint, the centre's settings and catalogue and the audit event too", got)
	}
	tech.schema = fmt.Sprint(protocol.SchemaVersion - 1)
	if got := tables(tech); strings.Join(got, ",") != "customers,centre_settings,catalogue_items,jobs,job_events" {
		t.Errorf("previous schema pulls %v, want no complaint and no answer", got)
	}
	// A previous-schema clerk's J mark by push is refused — filing fields
	// change through clerk actions only — and kept with its reason.
	clerk.schema = fmt.Sprint(protocol.SchemaVersion - 1)
	if st := clerk.json("POST", "/v1/push", protocol.PushRequest{BatchID: uuid.NewString(), Changes: []protocol.Change{
		{Table: "jobs", ID: "j1", BaseSeq: cr.Result.Seq, Fields: storetest.F("j_mark", 1, "j_reason", "代签")}}}, &pr); st != 200 || pr.Results[0].Status != protocol.StatusRejected {
		t.Errorf("previous-schema J mark = %d %+v, want rejected", st, pr)
	}
}

// TestPushSaysWhenTheDeviceHoldsTheRow: a change's result is current when
// the device holds the row as the hub does after it (nothing changed on
// the hub after its base but the change itself), and not when another
// device changed a field after the base, or the change conflicted.
func TestPushSaysWhenTheDeviceHoldsTheRow(t *testing.T) {
	s := newServer(t)
	a := s.enrolHTTP(t, "alice")
	b := s.enrolHTTP(t, "alice")
	push := func(c *client, changes ...protocol.Change) []protocol.Result {
		t.Helper()
		var pr protocol.PushResponse
		if st := c.json("POST", "/v1/push", protocol.PushRequest{BatchID: uuid.NewString(), Changes: changes}, &pr); st != 200 || len(pr.Results) != len(changes) {
			t.Fatalf("push = %d %+v", st, pr)
		}
		return pr.Results
	}
	r := push(a, protocol.Change{Table: "customers", ID: "c1", Fields: storetest.F("name", "王先生", "note", "")})[0]
	if r.Status != protocol.StatusApplied || !r.Current {
		t.Fatalf("a new row: %+v, want applied and current", r)
	}
	base := r.Seq
	// Its own edit on its base: current.
	r = push(a, protocol.Change{Table: "customers", ID: "c1", BaseSeq: base, Fields: storetest.F("note", "一楼")})[0]
	if !r.Current {
		t.Errorf("an edit on the device's base: %+v, want current", r)
	}
	base = r.Seq
	// Another device changes the name; a's edit of the note on its old
	// base applies, but a does not hold the new name.
	if r := push(b, protocol.Change{Table: "customers", ID: "c1", BaseSeq: base, Fields: storetest.F("name", "王总")})[0]; !r.Current {
		t.Errorf("b's edit on the latest version: %+v, want current", r)
	}
	r = push(a, protocol.Change{Table: "customers", ID: "c1", BaseSeq: base, Fields: storetest.F("note", "二楼")})[0]
	if r.Status != protocol.StatusApplied || r.Current {
		t.Errorf("an edit while another device changed another field: %+v, want applied, not current", r)
	}
	// A conflict is never current.
	r = push(a, protocol.Change{Table: "customers", ID: "c1", BaseSeq: base, Fields: storetest.F("name", "王经理")})[0]
	if r.Status != protocol.StatusConflict || r.Current {
		t.Errorf("a conflicting edit: %+v, want conflict, not current", r)
	}
}

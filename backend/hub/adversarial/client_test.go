package adversarial

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"fieldbook/backend/hub/hubproc"
	"fieldbook/backend/hub/pgtest"
	"fieldbook/backend/schema"
)

// The protocol as docs/sync-protocol.md states it: headers, and the shapes
// of answers this suite reads. The schema is the one this build declares.
const protocolVersion = "1"

var schemaVersion = strconv.Itoa(schema.Version)

type reason struct {
	Code string `json:"code"`
	Rule string `json:"rule"`
}

type result struct {
	Table     string `json:"table"`
	ID        string `json:"id"`
	Status    string `json:"status"`
	Seq       int64  `json:"seq"`
	Reason    *reason
	Conflicts []struct {
		Field string `json:"field"`
	} `json:"conflicts"`
}

type pushAnswer struct {
	Results []result `json:"results"`
}

type pulledRow struct {
	Table   string                     `json:"table"`
	ID      string                     `json:"id"`
	Seq     int64                      `json:"seq"`
	Deleted bool                       `json:"deleted"`
	Fields  map[string]json.RawMessage `json:"fields"`
}

type pullAnswer struct {
	Rows   []pulledRow `json:"rows"`
	Cursor int64       `json:"cursor"`
	More   bool        `json:"more"`
}

// hubEnv is a served hub with users of two centres and an enrolled device
// each: technicians 张伟 and 李强, clerk 王芳 and admin 赵敏 of 北区;
// technician 陈静 of 南区.
type hubEnv struct {
	t     testing.TB
	store string
	db    string
	run   func(args ...string) string
	hub   *hubproc.Hub
	flags []string

	tech, tech2, clerk, admin, stranger *device
}

var cluster *pgtest.Cluster

func TestMain(m *testing.M) {
	var err error
	if cluster, err = pgtest.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "adversarial: PostgreSQL:", err)
		os.Exit(1)
	}
	code := m.Run()
	_ = cluster.Stop()
	os.Exit(code)
}

// stores are the hub stores every case runs on.
var stores = []string{"sqlite", "postgres"}

func newHub(t testing.TB, store string, flags ...string) *hubEnv {
	t.Helper()
	bin := hubproc.Build(t)
	e := &hubEnv{t: t, store: store, run: hubproc.CLI(t, bin), flags: flags}
	if store == "postgres" {
		e.db = cluster.NewDatabase(t)
	} else {
		e.db = filepath.Join(t.TempDir(), "hub.db")
	}
	e.run("migrate", "--db", e.db)
	for _, u := range [][3]string{
		{"张伟", "technician", "北区"}, {"李强", "technician", "北区"}, {"王芳", "clerk", "北区"},
		{"赵敏", "admin", "北区"}, {"陈静", "technician", "南区"},
	} {
		e.run("user", "add", "--db", e.db, "--name", u[0], "--role", u[1], "--centre", u[2])
	}
	e.hub = hubproc.Serve(t, bin, e.db, flags...)
	e.tech, e.tech2, e.clerk, e.admin, e.stranger = e.enrol("张伟"), e.enrol("李强"), e.enrol("王芳"), e.enrol("赵敏"), e.enrol("陈静")
	return e
}

// restart stops the hub process and serves the same database again.
func (e *hubEnv) restart() {
	e.hub.Stop()
	e.hub = hubproc.Serve(e.t, hubproc.Build(e.t), e.db, e.flags...)
	for _, d := range []*device{e.tech, e.tech2, e.clerk, e.admin, e.stranger} {
		d.url = e.hub.URL
	}
}

// enrol enrols a device of the user over HTTP with a code from the CLI.
func (e *hubEnv) enrol(user string) *device {
	e.t.Helper()
	code := e.run("device", "enrol-code", "--db", e.db, "--user", user)
	d := &device{t: e.t, url: e.hub.URL, name: user}
	status, _, body := d.do("POST", "/v1/enrol", js(map[string]any{"code": code, "device_name": user + "的电脑"}), nil)
	var resp struct {
		Token string `json:"token"`
	}
	if status != 200 || json.Unmarshal(body, &resp) != nil || resp.Token == "" {
		e.t.Fatalf("enrol %s: %d %s", user, status, body)
	}
	d.token = resp.Token
	return d
}

// device is an enrolled client speaking raw HTTP.
type device struct {
	t     testing.TB
	url   string
	name  string
	token string
}

var client = &http.Client{Timeout: 60 * time.Second}

func js(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// do sends one request with the protocol headers and the device's token.
func (d *device) do(method, path string, body []byte, headers map[string]string) (int, http.Header, []byte) {
	d.t.Helper()
	req, err := http.NewRequest(method, d.url+path, bytes.NewReader(body))
	if err != nil {
		d.t.Fatal(err)
	}
	req.Header.Set("Fieldbook-Protocol", protocolVersion)
	req.Header.Set("Fieldbook-Schema", schemaVersion)
	if d.token != "" {
		req.Header.Set("Authorization", "Bearer "+d.token)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		d.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		d.t.Fatalf("%s %s: reading the answer: %v", method, path, err)
	}
	return resp.StatusCode, resp.Header, b
}

// pushRaw pushes a body as it is.
func (d *device) pushRaw(body []byte) (int, pushAnswer, []byte) {
	d.t.Helper()
	status, _, b := d.do("POST", "/v1/push", body, map[string]string{"Content-Type": "application/json"})
	var a pushAnswer
	if status == 200 {
		if err := json.Unmarshal(b, &a); err != nil {
			d.t.Fatalf("push answer %s: %v", b, err)
		}
	}
	return status, a, b
}

// change is one pushed change: table, id, base_seq, fields (and deleted).
type change map[string]any

// push pushes changes as a new batch and returns their results.
func (d *device) push(changes ...change) []result {
	d.t.Helper()
	status, a, b := d.pushRaw(js(map[string]any{"batch_id": newUUID(), "changes": changes}))
	if status != 200 || len(a.Results) != len(changes) {
		d.t.Fatalf("%s push = %d %s", d.name, status, b)
	}
	return a.Results
}

// mustApply pushes changes and fails unless every one applied.
func (d *device) mustApply(changes ...change) []result {
	d.t.Helper()
	res := d.push(changes...)
	for _, r := range res {
		if r.Status != "applied" {
			d.t.Fatalf("%s push %s/%s: %s %+v", d.name, r.Table, r.ID, r.Status, r.Reason)
		}
	}
	return res
}

// pullAll pulls every page from cursor 0 and returns the rows.
func (d *device) pullAll() []pulledRow {
	d.t.Helper()
	var rows []pulledRow
	cursor := int64(0)
	for range 100000 {
		status, _, b := d.do("GET", "/v1/pull?cursor="+strconv.FormatInt(cursor, 10), nil, nil)
		var page pullAnswer
		if status != 200 || json.Unmarshal(b, &page) != nil {
			d.t.Fatalf("%s pull = %d %s", d.name, status, b)
		}
		rows = append(rows, page.Rows...)
		cursor = page.Cursor
		if !page.More {
			return rows
		}
	}
	d.t.Fatal("the pull never ends")
	return nil
}

// upload PUTs a whole blob and returns its SHA-256.
func (d *device) upload(data []byte) string {
	d.t.Helper()
	sha := sha(data)
	status, _, b := d.do("PUT", "/v1/blobs/"+sha, data, map[string]string{"Upload-Offset": "0", "Upload-Length": strconv.Itoa(len(data))})
	if status != 201 {
		d.t.Fatalf("%s upload: %d %s", d.name, status, b)
	}
	return sha
}

func sha(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// png is a small PNG-looking file, distinct per seed.
func png(seed string) []byte {
	return append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"+seed), make([]byte, 64)...)
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// refusal is a push one change of which a rule must refuse.
type refusal struct {
	name   string
	actor  *device
	change change
	rule   string
	fields []string // the fields a values or content refusal names; nil: not checked
}

// expectRefused pushes each case's change alone, over HTTP, and checks that
// the named rule refused it, naming exactly the expected fields.
func expectRefused(t *testing.T, cases []refusal) {
	t.Helper()
	for _, tc := range cases {
		status, _, body := tc.actor.do("POST", "/v1/push", js(map[string]any{"batch_id": newUUID(), "changes": []change{tc.change}}), nil)
		var a struct {
			Results []struct {
				Status string `json:"status"`
				Reason *struct {
					Rule      string `json:"rule"`
					Message   string `json:"message"`
					MessageEN string `json:"message_en"`
					Fields    []struct {
						Field string `json:"field"`
					} `json:"fields"`
				} `json:"reason"`
			} `json:"results"`
		}
		if status != 200 || json.Unmarshal(body, &a) != nil || len(a.Results) != 1 {
			t.Fatalf("%s: %d %s", tc.name, status, body)
		}
		r := a.Results[0]
		if r.Status != "rejected" || r.Reason == nil || r.Reason.Rule != tc.rule {
			t.Errorf("%s: %s, want rejected by %s", tc.name, body, tc.rule)
			continue
		}
		if r.Reason.Message == "" || r.Reason.MessageEN == "" {
			t.Errorf("%s: the refusal does not say why in Chinese and English: %s", tc.name, body)
		}
		if tc.fields != nil {
			var got []string
			for _, f := range r.Reason.Fields {
				got = append(got, f.Field)
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.fields) {
				t.Errorf("%s: refused fields %v, want %v", tc.name, got, tc.fields)
			}
		}
	}
}

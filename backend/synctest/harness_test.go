package synctest

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fieldbook/backend/contentcoding"
	"fieldbook/backend/hub"
	"fieldbook/backend/hub/pgtest"
	"fieldbook/backend/hub/sqlstore"
	"fieldbook/backend/sqlite"
	"fieldbook/backend/syncer"
)

// cluster is one throwaway PostgreSQL server shared by every test and
// benchmark of the package; each test gets its own database.
var cluster *pgtest.Cluster

func TestMain(m *testing.M) {
	flag.Parse()
	var err error
	cluster, err = pgtest.Start()
	if err != nil {
		fmt.Fprintf(os.Stderr, "PostgreSQL for the sync tests did not start: %v\n", err)
		os.Exit(1)
	}
	code := m.Run()
	if err := cluster.Stop(); err != nil {
		fmt.Fprintf(os.Stderr, "stop PostgreSQL: %v\n", err)
	}
	os.Exit(code)
}

// backend is a kind of hub database; dsn makes a fresh, empty one.
type backend struct {
	name string
	dsn  func(tb testing.TB) string
}

var backends = []backend{
	{"sqlite", func(tb testing.TB) string { return filepath.Join(tb.TempDir(), "hub.db") }},
	{"postgres", func(tb testing.TB) string { return cluster.NewDatabase(tb) }},
}

var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))

// hubProc is one hub "process": a real hub.Handler over a real store,
// served on a loopback port. restart closes everything (listener,
// connections, store) and opens it again on the same port and database.
type hubProc struct {
	dsn      string
	addr     string
	store    *sqlstore.DB
	svc      *hub.Service
	srv      *http.Server
	inflight *sync.WaitGroup
	restarts int
	// restarting serialises restarts: two of a device's requests at once
	// (its blobs) may both be killed.
	restarting sync.Mutex
}

func newHubProc(tb testing.TB, dsn string) *hubProc {
	tb.Helper()
	h := &hubProc{dsn: dsn, addr: "127.0.0.1:0"}
	if err := h.start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(h.stop)
	return h
}

func (h *hubProc) URL() string { return "http://" + h.addr }

func (h *hubProc) start() error {
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, h.dsn)
	if err != nil {
		return fmt.Errorf("start hub: %w", err)
	}
	if err := store.Migrate(ctx); err != nil {
		store.Close()
		return fmt.Errorf("start hub: %w", err)
	}
	var ln net.Listener
	for i := 0; ; i++ {
		if ln, err = net.Listen("tcp", h.addr); err == nil {
			break
		}
		if i == 100 {
			store.Close()
			return fmt.Errorf("start hub: %w", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	h.addr = ln.Addr().String()
	h.store, h.svc, h.inflight = store, hub.NewService(store, quietLog), &sync.WaitGroup{}
	h.srv = &http.Server{Handler: &faultHandler{next: hub.NewHandler(h.svc, hub.DefaultLimits), inflight: h.inflight},
		ErrorLog: log.New(io.Discard, "", 0)}
	go h.srv.Serve(ln)
	return nil
}

func (h *hubProc) stop() {
	if h.srv == nil {
		return
	}
	h.srv.Close()
	h.inflight.Wait()
	h.store.Close()
	h.srv = nil
}

// restart is the hub process killed and started again.
func (h *hubProc) restart() error {
	h.restarting.Lock()
	defer h.restarting.Unlock()
	h.stop()
	h.restarts++
	return h.start()
}

// Test-only request headers that the fault handler obeys.
const (
	hdrKill = "X-Synctest-Kill" // run the request, then drop the connection without an answer
	hdrCut  = "X-Synctest-Cut"  // the body breaks after this many bytes; no answer
)

// faultHandler wraps the hub's handler. A request marked for killing is
// served to the end (the hub commits) into a writer that goes nowhere, then
// its connection is closed: the reply is lost as when the process dies
// between commit and reply. A request marked for cutting sees its body end
// with an error after n bytes, as when the connection breaks mid-upload.
type faultHandler struct {
	next     http.Handler
	inflight *sync.WaitGroup
}

func (f *faultHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.inflight.Add(1)
	defer f.inflight.Done()
	cut, kill := r.Header.Get(hdrCut), r.Header.Get(hdrKill) != ""
	if cut == "" && !kill {
		f.next.ServeHTTP(w, r)
		return
	}
	if cut != "" {
		n, _ := strconv.ParseInt(cut, 10, 64)
		r.Body = &cutBody{r: io.LimitReader(r.Body, n)}
	}
	f.next.ServeHTTP(&nowhere{h: http.Header{}}, r)
	if hj, ok := w.(http.Hijacker); ok {
		if c, _, err := hj.Hijack(); err == nil {
			c.Close()
		}
	}
}

type cutBody struct{ r io.Reader }

func (c *cutBody) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

func (c *cutBody) Close() error { return nil }

type nowhere struct{ h http.Header }

func (n *nowhere) Header() http.Header         { return n.h }
func (n *nowhere) Write(b []byte) (int, error) { return len(b), nil }
func (n *nowhere) WriteHeader(int)             {}

// fault is what the transport does to one request.
type fault int

const (
	fNone          fault = iota
	fLoseRequest         // never reaches the hub
	fLoseResponse        // the hub answers, the answer is lost
	fDuplicate           // sent twice, one after the other
	fDuplicateConc       // sent twice at the same time
	fKill                // the hub commits and dies before replying, then restarts
	fCut                 // a blob upload breaks at a random byte
)

var faultNames = [...]string{"none", "lose-request", "lose-response", "duplicate", "duplicate-concurrent", "kill-hub", "cut-upload"}

func (f fault) String() string { return faultNames[f] }

var errInjected = errors.New("synctest: injected network fault")

// exchange is a request the transport saw answered by the hub (whether or
// not the answer then reached the engine).
type exchange struct {
	method, path string
	status       int
	reqBody      []byte
	respBody     []byte
}

// transport is a device's http.RoundTripper: it routes each request to a
// hub, injects the faults its plan chooses, counts requests and bytes, and
// reports every answered exchange.
type transport struct {
	base       *http.Transport
	route      func() *hubProc                 // the hub this request goes to
	plan       func(method, path string) fault // nil: no faults
	beforePull func()                          // run once before the next pull request
	duringPush func()                          // run once when the hub has answered the next push, before the engine reads the answer
	observe    func(dev string, ex exchange)   // every answered exchange
	onRestart  func(h *hubProc) error          // after a kill: restart the hub
	cutAt      func(n int) int                 // where to break an upload of n bytes
	dev        string                          //
	mu         sync.Mutex                      //
	requests   int                             //
	bytes      int64                           // request and response bodies and headers, approximately as on the wire
	faults     map[fault]int                   //
}

func newTransport(dev string) *transport {
	return &transport{base: &http.Transport{MaxIdleConnsPerHost: 4}, dev: dev, faults: map[fault]int{}}
}

func (t *transport) counts() (int, int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.requests, t.bytes
}

func (t *transport) resetCounts() {
	t.mu.Lock()
	t.requests, t.bytes = 0, 0
	t.mu.Unlock()
}

func headerSize(h http.Header) int64 {
	var n int64
	for k, vs := range h {
		for _, v := range vs {
			n += int64(len(k) + len(v) + 4)
		}
	}
	return n
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body.Close()
	}
	if req.URL.Path == "/v1/pull" && t.beforePull != nil {
		f := t.beforePull
		t.beforePull = nil
		f()
	}
	h := t.route()
	mk := func(extra ...string) *http.Request {
		r := req.Clone(req.Context())
		r.URL.Host, r.Host = h.addr, h.addr
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		if body == nil {
			r.Body = nil
		}
		for i := 0; i+1 < len(extra); i += 2 {
			r.Header.Set(extra[i], extra[i+1])
		}
		return r
	}
	// The plan, and where an upload breaks, are drawn one request at a
	// time: a device sends several blobs at once.
	t.mu.Lock()
	f, cutAt := fNone, 0
	if t.plan != nil {
		f = t.plan(req.Method, req.URL.Path)
	}
	if f == fCut && (req.Method != http.MethodPut || len(body) == 0) {
		f = fKill
	}
	if f == fCut {
		cutAt = t.cutAt(len(body))
	}
	t.faults[f]++
	t.mu.Unlock()
	switch f {
	case fLoseRequest:
		return nil, errInjected
	case fLoseResponse:
		if _, err := t.send(mk(), body); err != nil {
			return nil, err
		}
		return nil, errInjected
	case fDuplicate:
		if _, err := t.send(mk(), body); err != nil {
			return nil, err
		}
		return t.send(mk(), body)
	case fDuplicateConc:
		var wg sync.WaitGroup
		var other *http.Response
		var otherErr error
		wg.Add(1)
		go func() {
			defer wg.Done()
			other, otherErr = t.send(mk(), body)
		}()
		resp, err := t.send(mk(), body)
		wg.Wait()
		if otherErr == nil {
			other.Body.Close()
		}
		return resp, err
	case fKill, fCut:
		extra := []string{hdrKill, "1"}
		if f == fCut {
			extra = []string{hdrCut, strconv.Itoa(cutAt)}
		}
		resp, err := t.base.RoundTrip(mk(extra...))
		if err == nil {
			resp.Body.Close()
			return nil, fmt.Errorf("synctest: %s got an answer (%s)", f, resp.Status)
		}
		if f == fKill && t.onRestart != nil {
			if err := t.onRestart(h); err != nil {
				return nil, err
			}
		}
		return nil, errInjected
	}
	if req.URL.Path == "/v1/push" && t.duringPush != nil {
		resp, err := t.send(mk(), body)
		f := t.duringPush
		t.duringPush = nil
		f()
		return resp, err
	}
	return t.send(mk(), body)
}

// send performs one request and counts its bytes; for an observer (or a
// hook run once the hub has answered) it reads the whole answer first.
func (t *transport) send(r *http.Request, body []byte) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	t.mu.Lock()
	t.requests++
	t.bytes += int64(len(body)) + headerSize(r.Header) + int64(len(r.Method)+len(r.URL.RequestURI())+12)
	t.mu.Unlock()
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	t.bytes += headerSize(resp.Header) + int64(len(resp.Status)+11)
	t.mu.Unlock()
	if t.observe == nil && t.duringPush == nil {
		// Nobody reads the exchange: the answer streams to the engine as
		// it comes, counted as it is read.
		resp.Body = &countedBody{ReadCloser: resp.Body, t: t}
		return resp, nil
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	t.bytes += int64(len(data))
	t.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	ex := exchange{method: r.Method, path: r.URL.Path, status: resp.StatusCode, reqBody: decoded(r.Header, body), respBody: decoded(resp.Header, data)}
	if t.observe != nil {
		t.observe(t.dev, ex)
	}
	return resp, nil
}

// countedBody counts the bytes of an answer as they are read.
type countedBody struct {
	io.ReadCloser
	t *transport
}

func (c *countedBody) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.t.mu.Lock()
	c.t.bytes += int64(n)
	c.t.mu.Unlock()
	return n, err
}

// compression is how the engines of these tests speak (FIELDBOOK_SYNC_COMPRESSION):
// "on" every engine compresses, "off" none does (as a client that predates
// compression), unset one engine in two, so that every run has both kinds
// of client on one hub.
// (Read in the test, so that go test's cache knows the result depends on it.)
var engines atomic.Int64

// newEngine is a sync engine with the compression the run asks for.
func newEngine(db *sqlite.DB, client *http.Client) *syncer.Engine {
	e := syncer.New(db, client)
	switch os.Getenv("FIELDBOOK_SYNC_COMPRESSION") {
	case "on":
		e.SetCompression(true)
	case "off":
		e.SetCompression(false)
	default:
		e.SetCompression(engines.Add(1)%2 == 1)
	}
	return e
}

// decoded is a body as its Content-Encoding header says it was encoded,
// decoded (the observer reads what the hub and the engine meant).
func decoded(h http.Header, body []byte) []byte {
	ce := h.Get("Content-Encoding")
	if ce == "" || len(body) == 0 {
		return body
	}
	r, err := contentcoding.NewReader(bytes.NewReader(body), ce, 1<<30)
	if err != nil {
		return nil
	}
	defer r.Close()
	out, err := io.ReadAll(r)
	if err != nil {
		return nil
	}
	return out
}

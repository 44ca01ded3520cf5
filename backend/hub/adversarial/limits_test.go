package adversarial

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestMalformedRequests: what a broken or hostile client sends is answered
// with a clear error, never applied half-way or silently repaired.
func TestMalformedRequests(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newHub(t, store)
			d := e.tech
			valid := `{"batch_id":"` + newUUID() + `","changes":[{"table":"customers","id":"c1","fields":{"name":"王先生"}}]}`
			cases := []struct {
				name    string
				method  string
				path    string
				body    string
				headers map[string]string
				want    int
			}{
				{"trailing data after the body", "POST", "/v1/push", valid + `{"more":1}`, nil, 400},
				{"not JSON", "POST", "/v1/push", `{"batch_id":`, nil, 400},
				{"invalid UTF-8 in the body", "POST", "/v1/push", `{"batch_id":"` + newUUID() + "\xff" + `","changes":[]}`, nil, 400},
				{"a lone surrogate in the body", "POST", "/v1/push", `{"batch_id":"\udc00","changes":[]}`, nil, 400},
				{"a body over 16 MiB", "POST", "/v1/push", `{"batch_id":"x","changes":[],"pad":"` + strings.Repeat("a", 17<<20) + `"}`, nil, 413},
				{"a batch id that is not a UUID", "POST", "/v1/push", `{"batch_id":"1","changes":[]}`, nil, 400},
				{"no protocol header", "GET", "/v1/pull", "", map[string]string{"Fieldbook-Protocol": ""}, 400},
				{"an old protocol", "GET", "/v1/pull", "", map[string]string{"Fieldbook-Protocol": "-1"}, 426},
				{"a newer schema", "GET", "/v1/pull", "", map[string]string{"Fieldbook-Schema": "99"}, 400},
				{"no token", "GET", "/v1/pull", "", map[string]string{"Authorization": ""}, 401},
				{"a token of nobody", "GET", "/v1/pull", "", map[string]string{"Authorization": "Bearer fbt_nothing"}, 401},
				{"the scheme in lower case", "GET", "/v1/pull", "", map[string]string{"Authorization": "bearer " + d.token}, 200},
				{"a negative cursor", "GET", "/v1/pull?cursor=-1", "", nil, 400},
				{"a device name of 1 MB", "POST", "/v1/enrol", `{"code":"X","device_name":"` + strings.Repeat("名", 1<<18) + `"}`, map[string]string{"Authorization": ""}, 413},
				{"an enrolment body with trailing data", "POST", "/v1/enrol", `{"code":"X"} []`, map[string]string{"Authorization": ""}, 400},
				{"a clerk body over its limit", "POST", "/v1/clerk", `{"job_id":"` + strings.Repeat("j", 70<<10) + `"}`, nil, 413},
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					h := map[string]string{"Content-Type": "application/json"}
					for k, v := range c.headers {
						h[k] = v
					}
					req, _ := http.NewRequest(c.method, d.url+c.path, strings.NewReader(c.body))
					req.Header.Set("Fieldbook-Protocol", protocolVersion)
					req.Header.Set("Fieldbook-Schema", schemaVersion)
					req.Header.Set("Authorization", "Bearer "+d.token)
					for k, v := range h {
						if v == "" {
							req.Header.Del(k)
						} else {
							req.Header.Set(k, v)
						}
					}
					resp, err := client.Do(req)
					if err != nil {
						t.Fatal(err)
					}
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if resp.StatusCode != c.want {
						t.Errorf("%s: %d %.200s, want %d", c.name, resp.StatusCode, b, c.want)
					}
				})
			}
			// The last two batches answer again as they did, and apply
			// nothing; an older one is refused and applies nothing.
			ids := []string{newUUID(), newUUID(), newUUID()}
			batch := func(id string) []byte {
				return []byte(`{"batch_id":"` + id + `","changes":[{"table":"customers","id":"c9","fields":{"name":"` + id + `"}}]}`)
			}
			answers := map[string]string{}
			for _, id := range ids {
				status, h, body := d.do("POST", "/v1/push", batch(id), map[string]string{"Content-Type": "application/json"})
				if status != 200 {
					t.Fatalf("push %s: %d %s", id, status, body)
				}
				if kept := h.Get("Fieldbook-Answers-Kept"); kept != "2" {
					t.Errorf("Fieldbook-Answers-Kept = %q, want 2", kept)
				}
				answers[id] = string(body)
			}
			last := ids[2]
			for _, id := range ids[1:] {
				if status, _, body := d.pushRaw(batch(id)); status != 200 || string(body) != answers[id] {
					t.Errorf("sending batch %s again: %d %s, want its answer %s", id, status, body, answers[id])
				}
			}
			if status, _, body := d.pushRaw(batch(ids[0])); status != 409 {
				t.Errorf("replaying an older batch: %d %s, want 409", status, body)
			}
			// A batch id is the device's own: another device of the centre,
			// or of another centre, naming it gets no other device's answer,
			// and its batch is applied as its own.
			for _, other := range []*device{e.tech2, e.stranger} {
				if status, a, body := other.pushRaw(batch(last)); status != 200 || string(body) == answers[last] || len(a.Results) != 1 || a.Results[0].Status != "applied" {
					t.Errorf("%s sending another device's batch id: %d %s, want its own batch applied", other.name, status, body)
				}
			}
			for _, r := range d.pullAll() {
				if r.ID == "c9" && string(r.Fields["name"]) != `"`+last+`"` {
					t.Errorf("the replay reverted the later edit: name %s", r.Fields["name"])
				}
			}
		})
	}
}

// TestBlobOwnership: naming a hash unlocks nothing; HEAD answers as GET
// would; an upload in progress belongs to its device.
func TestBlobOwnership(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newHub(t, store)
			f := seed(e)
			for _, c := range []struct {
				who  *device
				want int
			}{{e.tech, 200}, {e.clerk, 200}, {e.tech2, 404}, {e.stranger, 404}} {
				get, _, _ := c.who.do("GET", "/v1/blobs/"+f.blobTech, nil, nil)
				head, h, _ := c.who.do("HEAD", "/v1/blobs/"+f.blobTech, nil, nil)
				if get != c.want || head != c.want {
					t.Errorf("%s: GET %d, HEAD %d, want both %d", c.who.name, get, head, c.want)
				}
				if c.want == 404 && h.Get("Upload-Length") != "" {
					t.Errorf("%s: HEAD tells the size of a blob it may not read: %s", c.who.name, h.Get("Upload-Length"))
				}
			}
			// A stranger's bytes do not enter another device's upload.
			data := png("half")
			sum := sha(data)
			put := func(d *device, offset int, part []byte) int {
				status, _, _ := d.do("PUT", "/v1/blobs/"+sum, part, map[string]string{"Upload-Offset": strconv.Itoa(offset), "Upload-Length": strconv.Itoa(len(data))})
				return status
			}
			if s := put(e.tech, 0, data[:20]); s != 200 {
				t.Fatalf("first half: %d", s)
			}
			if s := put(e.stranger, 20, []byte(strings.Repeat("x", len(data)-20))); s != 409 {
				t.Errorf("a stranger continuing someone's upload: %d, want 409 (its own upload is empty)", s)
			}
			if s := put(e.tech, 20, data[20:]); s != 201 {
				t.Errorf("the rest of the upload after the stranger's: %d, want 201", s)
			}
		})
	}
}

// TestSlowBodiesAreCut: 2,000 connections that never send their body are
// all closed within 30 s, and /healthz answers all the while.
func TestSlowBodiesAreCut(t *testing.T) {
	e := newHub(t, "sqlite")
	addr := strings.TrimPrefix(e.hub.URL, "http://")
	const n = 2000
	conns := make([]net.Conn, 0, n)
	for range n {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatalf("dial: %v (after %d connections)", err, len(conns))
		}
		fmt.Fprintf(c, "POST /v1/enrol HTTP/1.1\r\nHost: hub\r\nFieldbook-Protocol: 1\r\nFieldbook-Schema: %s\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{\"co", schemaVersion)
		conns = append(conns, c)
	}
	start := time.Now()
	var wg sync.WaitGroup
	closedAfter := make([]time.Duration, n)
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer c.Close()
			_ = c.SetReadDeadline(start.Add(45 * time.Second))
			// Read the answer, if any, until the hub closes the connection.
			_, _ = io.Copy(io.Discard, bufio.NewReader(c))
			closedAfter[i] = time.Since(start)
		}()
	}
	// /healthz all the while.
	stop, stopped := make(chan struct{}), make(chan struct{})
	var latencies []time.Duration
	var healthErr error
	go func() {
		defer close(stopped)
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			t0 := time.Now()
			resp, err := client.Get(e.hub.URL + "/healthz")
			if err != nil {
				healthErr = err
				continue
			}
			resp.Body.Close()
			latencies = append(latencies, time.Since(t0))
		}
	}()
	wg.Wait()
	close(stop)
	<-stopped
	slices.Sort(closedAfter)
	if last := closedAfter[n-1]; last > 30*time.Second {
		t.Errorf("the last of %d connections with an unsent body was closed after %v, want within 30 s", n, last)
	}
	if healthErr != nil {
		t.Errorf("/healthz failed while the slow bodies waited: %v", healthErr)
	}
	slices.Sort(latencies)
	if len(latencies) == 0 {
		t.Fatal("/healthz never answered")
	}
	p99 := latencies[len(latencies)*99/100]
	t.Logf("%d connections closed within %v (median %v); /healthz p99 %v, max %v over %d calls",
		n, closedAfter[n-1].Round(time.Millisecond), closedAfter[n/2].Round(time.Millisecond), p99, latencies[len(latencies)-1], len(latencies))
}

// TestInFlightLimits: one device gets at most its share of the hub at once
// (503 with Retry-After beyond it), and enrolment guesses are throttled.
func TestInFlightLimits(t *testing.T) {
	e := newHub(t, "sqlite")
	// Slow pushes from one device: their bodies trickle in.
	addr := strings.TrimPrefix(e.hub.URL, "http://")
	var busy, waiting int
	var conns []net.Conn
	for range 8 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		fmt.Fprintf(c, "POST /v1/push HTTP/1.1\r\nHost: hub\r\nFieldbook-Protocol: 1\r\nFieldbook-Schema: %s\r\nAuthorization: Bearer %s\r\nContent-Length: 100\r\n\r\n{", schemaVersion, e.tech.token)
	}
	for _, c := range conns {
		_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			waiting++ // still reading its body
			continue
		}
		if resp.StatusCode == 503 && resp.Header.Get("Retry-After") != "" {
			busy++
		}
		resp.Body.Close()
	}
	for _, c := range conns {
		c.Close()
	}
	if waiting != 4 || busy != 4 {
		t.Errorf("8 slow pushes of one device: %d served, %d answered 503 with Retry-After; want 4 and 4", waiting, busy)
	}
	// Another device is not held up by that one.
	if status, _, _ := e.tech2.do("GET", "/v1/pull", nil, nil); status != 200 {
		t.Errorf("another device's pull: %d", status)
	}
	// Enrolment guesses from one address.
	var limited int
	for i := range 30 {
		d := &device{t: t, url: e.hub.URL, name: "guess"}
		status, h, _ := d.do("POST", "/v1/enrol", js(map[string]string{"code": fmt.Sprintf("GUESS-%d", i)}), nil)
		if status == 429 && h.Get("Retry-After") != "" {
			limited++
		} else if status != 404 {
			t.Errorf("guess %d: %d", i, status)
		}
	}
	if limited < 15 {
		t.Errorf("30 enrolment guesses in a row: %d throttled, want at least 15", limited)
	}
}

// TestHubDatabaseIntegrity: the hub's SQLite database passes the integrity
// check of the sqlite3 an operator has (Debian's), whatever its version:
// no index depends on the JSON functions of a newer SQLite.
func TestHubDatabaseIntegrity(t *testing.T) {
	e := newHub(t, "sqlite")
	seed(e)
	e.hub.Stop()
	out, err := exec.Command("sqlite3", e.db, "PRAGMA integrity_check;").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok" {
		t.Errorf("sqlite3 %s 'PRAGMA integrity_check' = %s (%v)", e.db, out, err)
	}
}

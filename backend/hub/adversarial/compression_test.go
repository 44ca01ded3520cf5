package adversarial

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
)

// zeros encodes n zero bytes (a JSON-looking prefix first) as coding,
// streamed: the bomb is built without holding it decoded.
func zeros(t testing.TB, coding string, n int64, opts ...zstd.EOption) []byte {
	t.Helper()
	var buf bytes.Buffer
	var w io.WriteCloser
	switch coding {
	case "zstd":
		z, err := zstd.NewWriter(&buf, append([]zstd.EOption{zstd.WithEncoderLevel(zstd.SpeedFastest)}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		w = z
	case "gzip":
		w, _ = gzip.NewWriterLevel(&buf, gzip.BestCompression)
	}
	if _, err := io.WriteString(w, `{"batch_id":"`+newUUID()+`","changes":[],"pad":"`); err != nil {
		t.Fatal(err)
	}
	if _, err := io.CopyN(w, zeroReader{}, n); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func encode(t testing.TB, coding string, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	switch coding {
	case "zstd":
		z, _ := zstd.NewWriter(&buf)
		_, _ = z.Write(b)
		_ = z.Close()
	case "gzip":
		g := gzip.NewWriter(&buf)
		_, _ = g.Write(b)
		_ = g.Close()
	}
	return buf.Bytes()
}

// raw is a client that neither asks for nor decodes compressed answers by
// itself (net/http's transparent gzip off): it sees the bytes as sent.
var raw = &http.Client{Transport: &http.Transport{DisableCompression: true}}

func (d *device) rawDo(method, path string, body []byte, headers map[string]string) (int, http.Header, []byte) {
	d.t.Helper()
	req, _ := http.NewRequest(method, d.url+path, bytes.NewReader(body))
	req.Header.Set("Fieldbook-Protocol", protocolVersion)
	req.Header.Set("Fieldbook-Schema", schemaVersion)
	req.Header.Set("Authorization", "Bearer "+d.token)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := raw.Do(req)
	if err != nil {
		d.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		d.t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

// TestCompressedBodies: bodies compressed with zstd or gzip are read as
// the protocol says, answers are compressed only for a client that asks,
// and a body that would decode past its limit — a zip bomb — is refused
// with 413 without the hub holding it: its memory barely moves.
func TestCompressedBodies(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newHub(t, store)
			d := e.tech
			if status, h, _ := d.rawDo("GET", "/v1/pull?cursor=0", nil, nil); status != 200 || !strings.Contains(h.Get("Accept-Encoding"), "zstd") {
				t.Errorf("the hub does not announce the codings it reads: %d Accept-Encoding %q", status, h.Get("Accept-Encoding"))
			}
			for i, coding := range []string{"zstd", "gzip"} {
				id := []string{"cz", "cg"}[i]
				body := js(map[string]any{"batch_id": newUUID(), "changes": []change{customer(id, "压缩客户 "+coding+strings.Repeat("。", 200))}})
				status, h, b := d.rawDo("POST", "/v1/push", encode(t, coding, body),
					map[string]string{"Content-Type": "application/json", "Content-Encoding": coding, "Accept-Encoding": coding})
				if status != 200 || h.Get("Content-Encoding") != coding {
					t.Fatalf("a %s push: %d Content-Encoding %q", coding, status, h.Get("Content-Encoding"))
				}
				dec := decodeAs(t, coding, b)
				var a pushAnswer
				if err := json.Unmarshal(dec, &a); err != nil || len(a.Results) != 1 || a.Results[0].Status != "applied" {
					t.Fatalf("a %s push answered %s (%v)", coding, dec, err)
				}
			}
			// An old client: no Accept-Encoding, no Content-Encoding.
			status, h, b := d.rawDo("GET", "/v1/pull?cursor=0", nil, nil)
			var page pullAnswer
			if status != 200 || h.Get("Content-Encoding") != "" || json.Unmarshal(b, &page) != nil || len(page.Rows) != 2 {
				t.Fatalf("an uncompressed pull: %d Content-Encoding %q %.200s", status, h.Get("Content-Encoding"), b)
			}
			// zstd preferred; both pages say the same.
			status, h, b = d.rawDo("GET", "/v1/pull?cursor=0", nil, map[string]string{"Accept-Encoding": "gzip;q=1, zstd"})
			var zpage pullAnswer
			if status != 200 || h.Get("Content-Encoding") != "zstd" || json.Unmarshal(decodeAs(t, "zstd", b), &zpage) != nil {
				t.Fatalf("a zstd pull: %d Content-Encoding %q", status, h.Get("Content-Encoding"))
			}
			if !strings.Contains(h.Get("Vary"), "Accept-Encoding") {
				t.Errorf("a compressed answer without Vary: Accept-Encoding")
			}
			if len(zpage.Rows) != len(page.Rows) || zpage.Cursor != page.Cursor {
				t.Errorf("the zstd page differs: %+v vs %+v", zpage, page)
			}

			// Refused bodies.
			bad := []struct {
				name   string
				coding string
				body   []byte
				want   int
			}{
				{"an unknown coding", "br", []byte("{}"), 415},
				{"a body that is not zstd", "zstd", []byte("not zstd at all"), 400},
				{"a body that is not gzip", "gzip", []byte("not gzip at all"), 400},
				{"a gzip bomb (256 MiB of zeros)", "gzip", zeros(t, "gzip", 256<<20), 413},
				{"a zstd frame asking for a 64 MiB window", "zstd", zeros(t, "zstd", 20<<20, zstd.WithWindowSize(64<<20), zstd.WithSingleSegment(false)), 413},
			}
			for _, c := range bad {
				status, _, b := d.rawDo("POST", "/v1/push", c.body, map[string]string{"Content-Type": "application/json", "Content-Encoding": c.coding})
				if status != c.want {
					t.Errorf("%s: %d %.200s, want %d", c.name, status, b, c.want)
				}
			}
			if status, _, b := d.rawDo("PUT", "/v1/blobs/"+sha(png("z")), encode(t, "gzip", png("z")),
				map[string]string{"Upload-Offset": "0", "Upload-Length": "100", "Content-Encoding": "gzip"}); status != 415 {
				t.Errorf("a compressed blob upload: %d %s, want 415", status, b)
			}

			// Four zstd bombs of 1 GiB at once (a device's requests in
			// flight): each refused, the hub's memory up by what four
			// bodies at the 16 MiB limit take, far less than one bomb.
			bomb := zeros(t, "zstd", 1<<30)
			t.Logf("a 1 GiB zstd bomb is %d bytes on the wire", len(bomb))
			base, err := e.hub.RSS()
			if err != nil {
				t.Fatal(err)
			}
			var refused atomic.Int32
			peak := peakDuring(e, func() {
				var wg sync.WaitGroup
				for range 4 {
					wg.Go(func() {
						status, _, b := d.rawDo("POST", "/v1/push", bomb, map[string]string{"Content-Type": "application/json", "Content-Encoding": "zstd"})
						if status == 413 {
							refused.Add(1)
						}
						if status != 413 && status != 503 {
							t.Errorf("a zstd bomb: %d %.200s, want 413 (or 503 busy)", status, b)
						}
					})
				}
				wg.Wait()
			})
			if refused.Load() == 0 {
				t.Errorf("no bomb was refused as too large")
			}
			t.Logf("%s: hub RSS %.0f MiB before 4 zstd bombs, peak %.0f MiB", store, float64(base)/(1<<20), float64(peak)/(1<<20))
			if rise := peak - base; rise >= 256<<20 {
				t.Errorf("4 zip bombs of 1 GiB raised the hub's memory by %.0f MiB, want under 256 (each is refused at 16 MiB decoded)", float64(rise)/(1<<20))
			}
			// The hub still serves.
			if status, _, _ := d.rawDo("GET", "/v1/pull?cursor=0", nil, nil); status != 200 {
				t.Errorf("after the bombs a pull is %d", status)
			}
		})
	}
}

func decodeAs(t testing.TB, coding string, b []byte) []byte {
	t.Helper()
	var r io.Reader
	switch coding {
	case "zstd":
		z, err := zstd.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer z.Close()
		r = z
	case "gzip":
		g, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		r = g
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decode %s answer: %v", coding, err)
	}
	return out
}

// peakDuring runs fn and returns the hub's peak resident memory meanwhile.
func peakDuring(e *hubEnv, fn func()) int64 {
	done := make(chan struct{})
	var peak int64
	var mu sync.Mutex
	go func() {
		for {
			if rss, err := e.hub.RSS(); err == nil {
				mu.Lock()
				peak = max(peak, rss)
				mu.Unlock()
			}
			select {
			case <-done:
				return
			default:
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	fn()
	close(done)
	mu.Lock()
	defer mu.Unlock()
	return peak
}

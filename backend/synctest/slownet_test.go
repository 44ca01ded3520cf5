package synctest

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"fieldbook/backend/demo"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/sqlite"
	"fieldbook/backend/syncer"
)

// slowLink is an in-process TCP proxy in front of a hub that behaves as a
// slow network: each direction carries at most bitsPerSecond (shared by
// all its connections, as one link), and every byte arrives delay after it
// was sent (half the round trip each way).
type slowLink struct {
	ln       net.Listener
	target   string
	delay    time.Duration
	up, down *rate.Limiter
	wg       sync.WaitGroup
	mu       sync.Mutex
	conns    []net.Conn
}

func newSlowLink(tb testing.TB, target string, bitsPerSecond int, rtt time.Duration) *slowLink {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	bytesPerSecond := bitsPerSecond / 8
	// A burst of one chunk: the link never runs ahead of its rate.
	l := &slowLink{ln: ln, target: target, delay: rtt / 2,
		up: rate.NewLimiter(rate.Limit(bytesPerSecond), linkChunk), down: rate.NewLimiter(rate.Limit(bytesPerSecond), linkChunk)}
	l.wg.Add(1)
	go l.accept()
	tb.Cleanup(l.close)
	return l
}

// linkChunk is the most a direction forwards at once.
const linkChunk = 16 << 10

func (l *slowLink) addr() string { return l.ln.Addr().String() }

func (l *slowLink) close() {
	l.ln.Close()
	l.mu.Lock()
	for _, c := range l.conns {
		c.Close()
	}
	l.mu.Unlock()
	l.wg.Wait()
}

func (l *slowLink) accept() {
	defer l.wg.Done()
	for {
		c, err := l.ln.Accept()
		if err != nil {
			return
		}
		l.mu.Lock()
		l.conns = append(l.conns, c)
		l.mu.Unlock()
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			// The handshake's round trip: nothing passes before it.
			time.Sleep(2 * l.delay)
			s, err := net.Dial("tcp", l.target)
			if err != nil {
				c.Close()
				return
			}
			l.mu.Lock()
			l.conns = append(l.conns, s)
			l.mu.Unlock()
			l.wg.Add(2)
			go l.pipe(s, c, l.up)
			go l.pipe(c, s, l.down)
		}()
	}
}

// pipe forwards from src to dst: what is read now is written delay later,
// at the direction's rate.
func (l *slowLink) pipe(dst, src net.Conn, lim *rate.Limiter) {
	defer l.wg.Done()
	type chunk struct {
		due  time.Time
		data []byte
	}
	q := make(chan chunk, 1024)
	go func() {
		defer close(q)
		for {
			buf := make([]byte, linkChunk)
			n, err := src.Read(buf)
			if n > 0 {
				q <- chunk{time.Now().Add(l.delay), buf[:n]}
			}
			if err != nil {
				return
			}
		}
	}()
	defer func() {
		if tc, ok := dst.(*net.TCPConn); ok {
			_ = tc.CloseWrite()
		}
		for range q { // let the reader finish
		}
	}()
	for c := range q {
		time.Sleep(time.Until(c.due))
		if err := lim.WaitN(context.Background(), len(c.data)); err != nil {
			return
		}
		if _, err := dst.Write(c.data); err != nil {
			return
		}
	}
}

// TestSlowLinkIsSlow: a request through the link takes at least its round
// trip, and a body at least its size over the rate (bounds from below only:
// a loaded machine is slower, never faster).
func TestSlowLinkIsSlow(t *testing.T) {
	body := make([]byte, 256<<10)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = w.Write(body)
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	link := newSlowLink(t, ln.Addr().String(), 10_000_000, 100*time.Millisecond)
	client := &http.Client{Transport: &http.Transport{}}
	t0 := time.Now()
	resp, err := client.Get("http://" + link.addr() + "/")
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	el := time.Since(t0)
	if err != nil || len(got) != len(body) {
		t.Fatalf("through the link: %d bytes, %v", len(got), err)
	}
	// Connect (one round trip) + request and answer (one more) + 256 KiB
	// but the limiter's burst at 1.25 MB/s (about 0.2 s).
	if least := 200*time.Millisecond + time.Duration(float64(len(body)-linkChunk)/1.25e6*float64(time.Second)); el < least {
		t.Errorf("256 KiB through a 10 Mbit/s, 100 ms link took %v, less than %v", el, least)
	}
}

// slowDevice is a new laptop of techA that reaches h through a 10 Mbit/s
// link with a 100 ms round trip, its transport's counts at zero.
func slowDevice(b *testing.B, h *hubProc) (*sqlite.DB, *syncer.Engine, *transport) {
	link := newSlowLink(b, h.addr, 10_000_000, 100*time.Millisecond)
	db, eng, tr := benchDevice(b, h, techA)
	behind := &hubProc{addr: link.addr()}
	tr.route = func() *hubProc { return behind }
	tr.resetCounts()
	return db, eng, tr
}

// benchSlowNetwork times the initial sync of 100k visits and a push of 10k
// edits through a 10 Mbit/s link with a 100 ms round trip.
func benchSlowNetwork(b *testing.B, be backend) {
	ctx := context.Background()
	h := benchHub(b, be)
	l := &hubLoader{tb: b, store: h.store}
	l.sets(demo.New(42).Sets(benchVisits, benchFrom))
	settle(b, h)
	db, eng, tr := slowDevice(b, h)
	t0 := time.Now()
	var estimates []int
	rep, err := eng.Sync(ctx, func(p syncer.Progress) {
		if p.RemainingSeconds > 0 {
			estimates = append(estimates, p.RemainingSeconds)
		}
	})
	el := time.Since(t0)
	if err != nil || rep.Pulled != l.rows {
		b.Fatalf("initial sync = %+v, %v; want %d rows", rep, err, l.rows)
	}
	_, wire := tr.counts()
	first := 0
	if len(estimates) > 0 {
		first = estimates[0]
	}
	fmt.Printf("bench: initial_sync_100k_10mbit_s_%s %.1f s (%d rows, %.1f MB on the wire, 10 Mbit/s each way, 100 ms round trip; the first estimate of the time left said %d s)\n",
		be.name, el.Seconds(), rep.Pulled, float64(wire)/1e6, first)
	// The push is timed on its own: after the search index the first sync
	// left to the background is built.
	waitIndexed(b, db)
	// 10k edits of jobs the technician may still change (the demo's
	// history has filed most of its older jobs).
	if err := execFile(ctx, db, `UPDATE jobs SET summary = summary || '（复核）', version = version + 1
		WHERE id IN (SELECT id FROM jobs WHERE status NOT IN ('filed', 'returned', 'submitted') ORDER BY seq LIMIT ?)`, benchEdits); err != nil {
		b.Fatal(err)
	}
	edits, err := db.PendingChanges(ctx, benchEdits+1)
	if err != nil || len(edits) == 0 {
		b.Fatalf("pending edits = %d, %v", len(edits), err)
	}
	tr.resetCounts()
	t0 = time.Now()
	rep, err = eng.Sync(ctx, nil)
	el = time.Since(t0)
	if err != nil || rep.Pushed != len(edits) || rep.Conflicts+rep.Rejected != 0 {
		b.Fatalf("push of %d edits = %+v, %v", len(edits), rep, err)
	}
	reqs, wire := tr.counts()
	fmt.Printf("bench: push_10k_edits_10mbit_s_%s %.1f s (%d edits, %d requests, %.1f MB on the wire, the pull after it included)\n",
		be.name, el.Seconds(), len(edits), reqs, float64(wire)/1e6)
}

// waitIndexed waits until the store's background index build ends (the
// lists' indexes come before the search index's, which it asks after).
func waitIndexed(b *testing.B, db *sqlite.DB) {
	for {
		indexing, _, _, err := db.SearchIndexing(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if !indexing {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// benchPhotos is the photos of benchSlowPhotos: 20 jobs with 10 each.
const benchPhotos = 200

// benchSlowPhotos times a laptop's first sync of a technician's jobs with
// their photos (about 26 KB each) through a 10 Mbit/s link with a 100 ms
// round trip: each photo a download of its own.
func benchSlowPhotos(b *testing.B, be backend) {
	ctx := context.Background()
	h := benchHub(b, be)
	src, srcEng, _ := benchDevice(b, h, techA)
	c, err := src.SaveCustomer(ctx, fieldbook.Customer{Name: "欧阳娜娜", Phones: []string{"13812345678"}})
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 7))
	var job fieldbook.Job
	for i := range benchPhotos {
		if i%10 == 0 {
			if job, err = src.CreateJob(ctx, fieldbook.NewJob{JobType: "it_onsite", CustomerID: c.ID, AssignedTo: techA, Summary: "现场拍照"}); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := src.AddAttachment(ctx, fieldbook.AttachmentInput{JobID: job.ID, Name: fmt.Sprintf("现场%d.png", i), DataURL: noisePNG(rng, 160, 160)}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := srcEng.Sync(ctx, nil); err != nil {
		b.Fatal(err)
	}
	settle(b, h)
	db, eng, tr := slowDevice(b, h)
	t0 := time.Now()
	rep, err := eng.Sync(ctx, nil)
	el := time.Since(t0)
	if err != nil {
		b.Fatal(err)
	}
	ro := readOnly(b, db)
	defer ro.Close()
	var held int
	if err := ro.QueryRowContext(ctx, `SELECT count(*) FROM attachments a JOIN blobs o ON o.sha256 = a.sha256`).Scan(&held); err != nil || held != benchPhotos {
		b.Fatalf("the new laptop holds %d photos with their rows, %v; want %d", held, err, benchPhotos)
	}
	reqs, wire := tr.counts()
	fmt.Printf("bench: pull_200_photos_10mbit_s_%s %.1f s (%d photos of 20 jobs, %d rows, %d requests, %.1f MB on the wire, 10 Mbit/s each way, 100 ms round trip)\n",
		be.name, el.Seconds(), held, rep.Pulled, reqs, float64(wire)/1e6)
}

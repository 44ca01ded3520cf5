package synctest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
)

// TestReaderAttachesAnotherTechniciansPhoto, on both hub stores: 张伟
// attaches a photo to his job and syncs; the desk gives the job to 王芳,
// whose laptop pulls the job and the photo. 王芳 attaches the same photo
// (the same bytes) again. Her laptop uploads it and the hub takes her
// attachment: no refusal on her laptop, her row on the hub. (The hub's
// HEAD used to tell her laptop the photo was uploaded — she may read it —
// so it sent nothing, and the hub refused the attachment: "upload the file
// first", which she could do nothing about.)
func TestReaderAttachesAnotherTechniciansPhoto(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			w := newWorld(t, b, 1, options{})
			a, other, d := w.devs[0], w.devs[2], w.devs[4]
			photo := w.pngDataURL()
			j, _ := jobWithVisit(t, a)
			first, err := a.db.AddAttachment(ctx, fieldbook.AttachmentInput{JobID: j.ID, Name: "故障.png", DataURL: photo})
			if err != nil {
				t.Fatal(err)
			}
			mustSync(t, a)
			mustSync(t, d)
			if _, err := d.db.Dispatch(ctx, j.ID, techB, nil); err != nil {
				t.Fatal(err)
			}
			mustSync(t, d)
			mustSync(t, other)
			if ok, err := other.db.HasBlob(ctx, first.SHA256); err != nil || !ok {
				t.Fatalf("王芳's laptop does not hold the photo of the job now hers: %v %v", ok, err)
			}
			again, err := other.db.AddAttachment(ctx, fieldbook.AttachmentInput{JobID: j.ID, Name: "同一张.png", DataURL: photo})
			if err != nil {
				t.Fatal(err)
			}
			if again.SHA256 != first.SHA256 {
				t.Fatalf("the same photo has another hash: %s, %s", again.SHA256, first.SHA256)
			}
			rep := mustSync(t, other)
			issues, err := other.db.SyncIssues(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, is := range issues {
				t.Errorf("王芳's laptop shows a sync issue: %s %s/%s %s %s", is.Kind, is.Table, is.RowID, is.Code, is.MessageEN)
			}
			if rep.Rejected != 0 {
				t.Errorf("the hub refused %d of 王芳's changes", rep.Rejected)
			}
			var sha string
			for _, r := range w.hubRows() {
				if r.Table == "attachments" && r.ID == again.ID && !r.Deleted {
					_ = json.Unmarshal(r.Fields["sha256"], &sha)
				}
			}
			if sha != first.SHA256 {
				t.Errorf("the hub holds 王芳's attachment with photo %q, want %s", sha, first.SHA256)
			}
		})
	}
}

// blobGate wraps a device's transport: each blob request of its method
// (GET a download, PUT an upload) takes a while (a link's round trip), the
// most under way at once is counted, and so are the requests of a big blob
// that shared the link; the one fail names fails once.
type blobGate struct {
	next    http.RoundTripper
	method  string
	big     map[string]bool // the big blobs' hashes
	fail    int             // the request (counted from 1) that fails; 0: none
	mu      sync.Mutex
	started int
	now     int
	bigNow  int
	most    int
	shared  int
}

func (g *blobGate) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != g.method || !strings.HasPrefix(req.URL.Path, "/v1/blobs/") {
		return g.next.RoundTrip(req)
	}
	big := g.big[strings.TrimPrefix(req.URL.Path, "/v1/blobs/")]
	g.mu.Lock()
	g.started++
	failing := g.started == g.fail
	if g.bigNow > 0 || (big && g.now > 0) {
		g.shared++
	}
	g.now++
	g.bigNow += boolInt(big)
	g.most = max(g.most, g.now)
	g.mu.Unlock()
	defer func() {
		g.mu.Lock()
		g.now--
		g.bigNow -= boolInt(big)
		g.mu.Unlock()
	}()
	time.Sleep(30 * time.Millisecond)
	if failing {
		return nil, errInjected
	}
	return g.next.RoundTrip(req)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestBlobsTravelSeveralAtOnce, on both hub stores: 张伟's laptop uploads
// his job's twelve photos, then his new laptop pulls them. Both send or
// fetch the small ones several at a time, not one round trip after
// another; a big one (over 1 MiB) travels alone. When one download fails,
// the sync fails and no row is there without its photo; the next sync
// brings the rest.
func TestBlobsTravelSeveralAtOnce(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			w := newWorld(t, b, 1, options{})
			a := w.devs[0]
			j, _ := jobWithVisit(t, a)
			const photos = 12
			big := map[string]bool{}
			for i := range photos {
				photo := w.pngDataURL()
				if i%6 == 5 {
					photo = noisePNG(w.rng, 1100, 1000) // 1.1 MB
				}
				att, err := a.db.AddAttachment(ctx, fieldbook.AttachmentInput{JobID: j.ID, Name: fmt.Sprintf("照片%d.png", i), DataURL: photo})
				if err != nil {
					t.Fatal(err)
				}
				big[att.SHA256] = att.Size > 1<<20
			}
			up := &blobGate{next: a.http.Transport, method: http.MethodPut, big: big}
			a.http.Transport = up
			mustSync(t, a)
			fresh := w.newDevice("张伟的新电脑", a.user.Name)
			gate := &blobGate{next: fresh.http.Transport, method: http.MethodGet, big: big, fail: 5}
			fresh.http.Transport = gate
			without := func() (rows, missing int) {
				t.Helper()
				if err := fresh.ro.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE b.sha256 IS NULL)
					FROM attachments a LEFT JOIN blobs b ON b.sha256 = a.sha256`).Scan(&rows, &missing); err != nil {
					t.Fatal(err)
				}
				return rows, missing
			}
			if _, err := fresh.eng.Sync(ctx, nil); err == nil {
				t.Fatal("the sync went through with a photo's download failing")
			}
			if rows, missing := without(); missing != 0 {
				t.Errorf("after the failed download: %d of %d photo rows without their photo", missing, rows)
			}
			mustSync(t, fresh)
			if rows, missing := without(); rows != photos || missing != 0 {
				t.Errorf("after the next sync: %d photo rows, %d without their photo; want %d, 0", rows, missing, photos)
			}
			// The engine sends and fetches four at a time.
			if up.most < 2 || up.most > 4 {
				t.Errorf("at most %d photo uploads were under way at once; want 2 to 4", up.most)
			}
			if gate.most < 2 || gate.most > 4 {
				t.Errorf("at most %d photo downloads were under way at once; want 2 to 4", gate.most)
			}
			bigs := 0
			for _, b := range big {
				bigs += boolInt(b)
			}
			if bigs != 2 || up.shared+gate.shared != 0 {
				t.Errorf("%d big photos; %d uploads and %d downloads shared the link with a big one; want 2, 0, 0", bigs, up.shared, gate.shared)
			}
		})
	}
}

// blobCutter stands for a link that drops blob transfers of one method:
// a download's answer breaks after cutAfter bytes of its body; an upload's
// connection drops after cutAfter bytes of its body reach the hub, before
// its answer (0: never; below 0: before any byte). After downAt transfers
// (0: never) every request fails. It records where each transfer starts
// (the Range or Upload-Offset it asks), each answer's status and the body
// bytes it lets through.
type blobCutter struct {
	next     http.RoundTripper
	method   string
	cutAfter int
	mu       sync.Mutex
	downAt   int
	from     []string
	statuses []int
	bytes    int
}

// down says whether the link has gone down.
func (c *blobCutter) down() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.downAt > 0 && len(c.from) >= c.downAt
}

func (c *blobCutter) RoundTrip(req *http.Request) (*http.Response, error) {
	if c.down() {
		return nil, errInjected
	}
	if req.Method != c.method || !strings.HasPrefix(req.URL.Path, "/v1/blobs/") {
		return c.next.RoundTrip(req)
	}
	from, cut := req.Header.Get("Range"), false
	if req.Method == http.MethodPut {
		from = req.Header.Get("Upload-Offset")
		if c.cutAfter < 0 {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.from = append(c.from, from)
			return nil, errInjected
		}
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		if cut = c.cutAfter > 0 && len(body) > c.cutAfter; cut {
			body = body[:c.cutAfter]
		}
		req = req.Clone(req.Context())
		req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		c.mu.Lock()
		c.bytes += len(body)
		c.mu.Unlock()
	}
	resp, err := c.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.from, c.statuses = append(c.from, from), append(c.statuses, resp.StatusCode)
	if cut {
		resp.Body.Close()
		return nil, errInjected // the answer lost with the connection
	}
	if req.Method == http.MethodGet {
		resp.Body = &brokenBody{ReadCloser: resp.Body, c: c, left: c.cutAfter}
	}
	return resp, nil
}

// brokenBody is an answer's body that breaks after left bytes (its
// cutter's cutAfter: 0 never, below 0 before any).
type brokenBody struct {
	io.ReadCloser
	c    *blobCutter
	left int
}

func (b *brokenBody) Read(p []byte) (int, error) {
	if b.c.cutAfter != 0 {
		if b.left <= 0 {
			return 0, errInjected
		}
		p = p[:min(len(p), b.left)]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= n
	b.c.mu.Lock()
	b.c.bytes += n
	b.c.mu.Unlock()
	return n, err
}

// cutPiece is what the cutting link carries of a transfer.
const cutPiece = 700 << 10

// photoOnLaptop is a world with 张伟's laptop, his job on it and a 2.4 MB
// photo of more than three pieces attached to the job, not synced yet.
func photoOnLaptop(t *testing.T, b backend) (*world, *device, fieldbook.Attachment) {
	t.Helper()
	w := newWorld(t, b, 1, options{})
	a := w.devs[0]
	j, _ := jobWithVisit(t, a)
	att, err := a.db.AddAttachment(context.Background(), fieldbook.AttachmentInput{JobID: j.ID, Name: "铭牌.png", DataURL: noisePNG(w.rng, 1600, 1500)})
	if err != nil {
		t.Fatal(err)
	}
	if att.Size < 3*cutPiece {
		t.Fatalf("the photo has %d bytes; the test needs more than three pieces of %d", att.Size, cutPiece)
	}
	return w, a, att
}

// failsAtOnce syncs d over a link that carries nothing of its blob
// transfers of method: the sync fails at the first attempt (the engine
// resumes only while a transfer brings more), not tries again and again
// (the link goes down after 20). It gives d its transport back.
func failsAtOnce(t *testing.T, d *device, method string) {
	t.Helper()
	lost := &blobCutter{next: d.http.Transport, method: method, cutAfter: -1, downAt: 20}
	d.http.Transport = lost
	if _, err := d.eng.Sync(context.Background(), nil); err == nil || len(lost.from) != 1 {
		t.Fatalf("%s of the photo over a link that carries nothing of it: %d attempts, sync error %v; want 1 and an error", method, len(lost.from), err)
	}
	d.http.Transport = lost.next
}

// holdsPhoto checks that d holds the photo whole.
func holdsPhoto(t *testing.T, d *device, att fieldbook.Attachment) {
	t.Helper()
	if data, _, err := d.db.Blob(context.Background(), att.SHA256); err != nil || len(data) != int(att.Size) {
		t.Errorf("the photo on %s: %d bytes, %v; want %d", d.name, len(data), err, att.Size)
	}
}

// TestBlobDownloadResumes, on both hub stores: 张伟's new laptop pulls
// his job's 2.4 MB photo over a link that breaks every download after
// 700 KiB (as a slow hotspot outlasts the client's timeout). The first
// sync loses the link after two pieces: it fails, no row is there without
// its photo, and the laptop keeps the bytes that came. The next sync asks
// only for the rest, cutPiece after cutPiece, each from where the last stopped,
// and stores the photo: every byte crossed the link once. (Each download
// used to start again from the first byte, and a photo bigger than what
// the link carries before the timeout never came.) Before that, over a
// link that carries nothing of a download, the sync fails after one
// attempt, not tries again and again.
func TestBlobDownloadResumes(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			w, a, att := photoOnLaptop(t, b)
			mustSync(t, a)
			fresh := w.newDevice("张伟的新电脑", a.user.Name)
			failsAtOnce(t, fresh, http.MethodGet)
			cut := &blobCutter{next: fresh.http.Transport, method: http.MethodGet, cutAfter: cutPiece, downAt: 2}
			fresh.http.Transport = cut
			kept := func() (n int) {
				t.Helper()
				if err := fresh.ro.QueryRowContext(ctx, `SELECT coalesce(sum(length(data)), 0) FROM blob_parts`).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			held := func() (rows, photos int) {
				t.Helper()
				if err := fresh.ro.QueryRowContext(ctx, `SELECT count(*), count(b.sha256) FROM attachments a LEFT JOIN blobs b ON b.sha256 = a.sha256`).Scan(&rows, &photos); err != nil {
					t.Fatal(err)
				}
				return rows, photos
			}
			if _, err := fresh.eng.Sync(ctx, nil); err == nil {
				t.Fatal("the sync went through with the link down")
			}
			if rows, photos := held(); rows != photos {
				t.Errorf("after the failed sync: %d photo rows, %d with their photo", rows, photos)
			}
			if n := kept(); n != 2*cutPiece {
				t.Errorf("after the failed sync the laptop keeps %d bytes of the photo, want the %d that came", n, 2*cutPiece)
			}
			// A part of a blob no row needs (its row gone from the hub
			// before the download resumed) goes with the next whole pull.
			if err := fresh.db.KeepBlobPart(ctx, strings.Repeat("ab", 32), []byte("一张删掉的照片的开头")); err != nil {
				t.Fatal(err)
			}
			cut.mu.Lock()
			cut.downAt = 0
			cut.mu.Unlock()
			mustSync(t, fresh)
			if rows, photos := held(); rows != 1 || photos != 1 {
				t.Errorf("after the next sync: %d photo rows, %d with their photo; want 1, 1", rows, photos)
			}
			holdsPhoto(t, fresh, att)
			if n := kept(); n != 0 {
				t.Errorf("%d bytes of parts kept after the photo was stored and the pull reached the hub's head", n)
			}
			for i, r := range cut.from {
				want, status := fmt.Sprintf("bytes=%d-", i*cutPiece), http.StatusPartialContent
				if i == 0 {
					want, status = "", http.StatusOK
				}
				if r != want || cut.statuses[i] != status {
					t.Errorf("download %d asked %q and got %d; want %q and %d", i+1, r, cut.statuses[i], want, status)
				}
			}
			if cut.bytes != int(att.Size) {
				t.Errorf("%d bytes of the photo crossed the link in %d downloads; want its %d once", cut.bytes, len(cut.from), att.Size)
			}
		})
	}
}

// TestBlobUploadResumes, on both hub stores: 张伟's laptop uploads his
// job's 2.4 MB photo over a link that drops every upload after 700 KiB
// have reached the hub, before its answer. One sync sends it cutPiece after
// cutPiece, each from where the hub says it stopped, and pushes the row; his
// new laptop gets the photo whole. (A cut upload used to fail the sync:
// the next one went on from the hub's bytes, one cutPiece a sync.) Before
// that, over a link that carries nothing of an upload, the sync fails
// after one attempt, not tries again and again.
func TestBlobUploadResumes(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			w, a, att := photoOnLaptop(t, b)
			failsAtOnce(t, a, http.MethodPut)
			cut := &blobCutter{next: a.http.Transport, method: http.MethodPut, cutAfter: cutPiece}
			a.http.Transport = cut
			if rep := mustSync(t, a); rep.Rejected != 0 {
				t.Errorf("the sync's report: %+v; want nothing rejected", rep)
			}
			pieces := (int(att.Size) + cutPiece - 1) / cutPiece
			if len(cut.from) != pieces || cut.bytes != int(att.Size) {
				t.Errorf("the photo of %d bytes went in %d uploads, %d bytes; want %d uploads, each byte once", att.Size, len(cut.from), cut.bytes, pieces)
			}
			for i, from := range cut.from {
				if want := strconv.Itoa(i * cutPiece); from != want {
					t.Errorf("upload %d went from byte %s, want %s", i+1, from, want)
				}
			}
			fresh := w.newDevice("张伟的新电脑", a.user.Name)
			mustSync(t, fresh)
			holdsPhoto(t, fresh, att)
		})
	}
}

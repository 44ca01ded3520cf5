package synctest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
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

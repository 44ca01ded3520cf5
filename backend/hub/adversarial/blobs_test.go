package adversarial

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// sendBlob uploads a blob as docs/sync-protocol.md tells a client to: HEAD
// says how much of it the hub holds from this device's user; nothing is
// sent when that is all of it, else the rest from Upload-Offset.
func sendBlob(d *device, data []byte) (sent bool) {
	d.t.Helper()
	sum := sha(data)
	_, h, _ := d.do("HEAD", "/v1/blobs/"+sum, nil, nil)
	offset, _ := strconv.Atoi(h.Get("Upload-Offset"))
	if h.Get("Upload-Length") == strconv.Itoa(len(data)) && offset == len(data) {
		return false
	}
	status, _, b := d.do("PUT", "/v1/blobs/"+sum, data[offset:], map[string]string{"Upload-Offset": strconv.Itoa(offset), "Upload-Length": strconv.Itoa(len(data))})
	if status != 201 {
		d.t.Fatalf("%s upload from offset %d: %d %s", d.name, offset, status, b)
	}
	return true
}

// TestBlobOfAnotherReferencedByAReader: the service desk gives 张伟's job
// to 李强, who may then read the photo 张伟 attached to it (a GET and a HEAD
// of it are 200). 李强 attaches the same photo — the same bytes — to the
// job: HEAD tells his device that the hub holds no upload of his, so it
// sends the bytes, and his document is applied. HEAD used to answer that
// the upload was complete, his device sent nothing, and the rule `blob`
// refused the document ("upload the file first"). A row still references
// only a blob its user uploaded: before the upload, the document is refused.
func TestBlobOfAnotherReferencedByAReader(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newHub(t, store)
			f := seed(e)
			e.run("user", "add", "--db", e.db, "--name", "孙悦", "--role", "desk", "--centre", "北区")
			desk := e.enrol("孙悦")
			var seq int64
			for _, r := range desk.pullAll() {
				if r.Table == "jobs" && r.ID == "j1" {
					seq = r.Seq
				}
			}
			desk.mustApply(change{"table": "jobs", "id": "j1", "base_seq": seq, "fields": map[string]any{"assigned_to": "李强"}})

			photo := png("tech") // the bytes of f.blobTech
			if status, _, got := e.tech2.do("GET", "/v1/blobs/"+f.blobTech, nil, nil); status != 200 || !bytes.Equal(got, photo) {
				t.Fatalf("李强's GET of the photo of the job now his = %d (%d bytes), want 200 and the photo", status, len(got))
			}
			status, h, _ := e.tech2.do("HEAD", "/v1/blobs/"+f.blobTech, nil, nil)
			if status != 200 || h.Get("Content-Length") != strconv.Itoa(len(photo)) {
				t.Errorf("李强's HEAD = %d, Content-Length %q; want 200 and %d, as GET", status, h.Get("Content-Length"), len(photo))
			}
			doc := func(id string) change {
				return change{"table": "documents", "id": id, "fields": map[string]any{"job_id": "j1", "kind": "photo", "sha256": f.blobTech, "size": len(photo)}}
			}
			expectRefused(t, []refusal{{"李强 references the photo before uploading it", e.tech2, doc("d7"), "blob", nil}})

			if !sendBlob(e.tech2, photo) {
				t.Errorf("HEAD told 李强's device that the hub holds his upload of a photo only 张伟 uploaded (Upload-Offset %s, Upload-Length %s): it sent nothing",
					h.Get("Upload-Offset"), h.Get("Upload-Length"))
			}
			for _, r := range e.tech2.push(doc("d8")) {
				if r.Status != "applied" {
					t.Errorf("李强's document of the photo = %s %+v, want applied", r.Status, r.Reason)
				}
			}
			if sendBlob(e.tech2, photo) {
				t.Errorf("the photo was sent again after 李强 had uploaded it")
			}
			// 张伟, its first uploader, still holds it and sends nothing.
			if sendBlob(e.tech, photo) {
				t.Errorf("张伟's device sent again a photo he uploaded")
			}
		})
	}
}

// TestBlobRange: a download cut short resumes with a Range — for a reader
// of the blob only: to anyone else, a Range answers 404 as a GET does,
// never a part or the blob's size (416 tells it). A malformed range is
// 416; a thousand overlapping ones get the blob once, not a thousand times.
func TestBlobRange(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newHub(t, store)
			f := seed(e)
			photo := png("tech") // the bytes of f.blobTech
			path, tag := "/v1/blobs/"+f.blobTech, `"`+f.blobTech+`"`
			for _, c := range []struct {
				name    string
				who     *device
				headers map[string]string
				status  int
				body    []byte
				rng     string
			}{
				{"the rest, from byte 10", e.tech, map[string]string{"Range": "bytes=10-", "If-Range": tag}, 206, photo[10:], fmt.Sprintf("bytes 10-%d/%d", len(photo)-1, len(photo))},
				{"the clerk, from byte 1", e.clerk, map[string]string{"Range": "bytes=1-"}, 206, photo[1:], fmt.Sprintf("bytes 1-%d/%d", len(photo)-1, len(photo))},
				{"past the end", e.tech, map[string]string{"Range": fmt.Sprintf("bytes=%d-", len(photo)+5)}, 416, nil, ""},
				{"another tag: the whole blob", e.tech, map[string]string{"Range": "bytes=10-", "If-Range": `"0000"`}, 200, photo, ""},
				{"a malformed range", e.tech, map[string]string{"Range": "bytes=x-1"}, 416, nil, ""},
				{"a thousand ranges: the whole blob once", e.tech, map[string]string{"Range": "bytes=" + strings.TrimSuffix(strings.Repeat("0-,", 1000), ",")}, 200, photo, ""},
				{"another technician", e.tech2, map[string]string{"Range": "bytes=10-"}, 404, nil, ""},
				{"another centre's technician", e.stranger, map[string]string{"Range": "bytes=10-"}, 404, nil, ""},
				{"another centre's, past the end", e.stranger, map[string]string{"Range": fmt.Sprintf("bytes=%d-", len(photo)+5)}, 404, nil, ""},
			} {
				status, h, body := c.who.do("GET", path, nil, c.headers)
				if status != c.status || (c.body != nil && !bytes.Equal(body, c.body)) {
					t.Errorf("%s: %d with %d bytes, want %d with %d", c.name, status, len(body), c.status, len(c.body))
				}
				if got := h.Get("Content-Range"); c.rng != "" && got != c.rng {
					t.Errorf("%s: Content-Range %q, want %q", c.name, got, c.rng)
				}
				if status == 404 && (h.Get("Content-Range") != "" || strings.Contains(string(body), strconv.Itoa(len(photo)))) {
					t.Errorf("%s: the 404 tells the blob's size: %q %s", c.name, h.Get("Content-Range"), body)
				}
			}
		})
	}
}

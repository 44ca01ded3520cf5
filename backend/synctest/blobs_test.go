package synctest

import (
	"context"
	"encoding/json"
	"testing"

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

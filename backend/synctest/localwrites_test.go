package synctest

import (
	"context"
	"testing"

	"fieldbook/backend/fieldbook"
)

func signAs(t *testing.T, w *world, d *device, visitID, role string) {
	t.Helper()
	if _, err := d.db.Sign(context.Background(), fieldbook.SignatureInput{VisitID: visitID, Role: role, Kind: fieldbook.SignReal, SignerName: d.user.Name,
		ImageDataURL: w.pngDataURL(), Strokes: []fieldbook.Stroke{{Points: []fieldbook.Point{{X: 1, Y: 2}}}}}); err != nil {
		t.Fatal(err)
	}
}

// finishedJob makes a job with a filled, signed and finished visit on d,
// as a technician finishes one at the door; it returns the job and visit.
func finishedJob(t *testing.T, w *world, d *device) (fieldbook.Job, string) {
	t.Helper()
	ctx := context.Background()
	j, visitID := jobWithVisit(t, d)
	completeAndSign(t, w, d, visitID, "更换搓纸轮")
	signAs(t, w, d, visitID, fieldbook.RoleTechnician)
	if _, err := d.db.FinishVisit(ctx, visitID); err != nil {
		t.Fatal(err)
	}
	return j, visitID
}

// The technician keeps working while a sync runs: a hand-in, an edit of
// the form, signing and finishing, a scan, each made while the sync's push
// is on its way (the hub has answered, the engine has not read it yet) or
// between its push and its pull, is pushed by the syncs that follow,
// leaves nothing waiting and no conflict or rejection with the device's
// own work, and the hub ends with what the device holds.
func TestLocalWritesDuringASyncRound(t *testing.T) {
	ctx := context.Background()
	type write struct {
		name  string
		setup func(t *testing.T, w *world, d *device) (string, string)
		run   func(t *testing.T, w *world, d *device, jobID, visitID string)
	}
	started := func(t *testing.T, w *world, d *device) (string, string) {
		j, v := jobWithVisit(t, d)
		return j.ID, v
	}
	finished := func(t *testing.T, w *world, d *device) (string, string) {
		j, v := finishedJob(t, w, d)
		return j.ID, v
	}
	writes := []write{
		{"submit", finished, func(t *testing.T, w *world, d *device, jobID, visitID string) {
			if _, err := d.db.SubmitJob(ctx, jobID, true); err != nil {
				t.Error(err)
			}
		}},
		{"draft", started, func(t *testing.T, w *world, d *device, jobID, visitID string) {
			editVisit(t, d, visitID, func(v *fieldbook.Visit) { v.Diagnosis = "搓纸轮磨损"; v.Parts = nil })
		}},
		{"fill-sign-finish", started, func(t *testing.T, w *world, d *device, jobID, visitID string) {
			completeAndSign(t, w, d, visitID, "更换搓纸轮")
			signAs(t, w, d, visitID, fieldbook.RoleTechnician)
			if _, err := d.db.FinishVisit(ctx, visitID); err != nil {
				t.Error(err)
			}
		}},
		{"attach", finished, func(t *testing.T, w *world, d *device, jobID, visitID string) {
			if _, err := d.db.AddAttachment(ctx, fieldbook.AttachmentInput{JobID: jobID, Name: "结算清单.png", DataURL: w.pngDataURL()}); err != nil {
				t.Error(err)
			}
		}},
	}
	for _, wr := range writes {
		for _, point := range []string{"push", "pull"} {
			t.Run(wr.name+"-during-"+point, func(t *testing.T) {
				w := newWorld(t, backends[0], 1, options{})
				a := w.devs[0]
				jobID, visitID := wr.setup(t, w, a)
				f := func() { wr.run(t, w, a, jobID, visitID) }
				if point == "push" {
					a.tr.duringPush = f
				} else {
					a.tr.beforePull = f
				}
				mustSync(t, a)
				mustSync(t, a)
				mustSync(t, a)
				if is := openIssues(t, a); len(is) != 0 {
					t.Errorf("issues %+v, want none", is)
				}
				if n, _ := a.db.PendingCount(ctx); n != 0 {
					t.Errorf("pending %d", n)
				}
				local, err := a.snapshot(ctx)
				if err != nil {
					t.Fatal(err)
				}
				c := w.devs[3] // the clerk reads every row of the centre
				mustSync(t, c)
				hubView, err := c.snapshot(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for k, cols := range local {
					for col, v := range cols {
						if hv, ok := hubView[k][col]; ok && hv != v && col != "hub_seq" {
							t.Errorf("%s %s.%s: device %s, hub (through the clerk) %s", k.table, k.id, col, v, hv)
						}
					}
				}
			})
		}
	}
}

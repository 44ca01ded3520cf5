package synctest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/hub"
	"fieldbook/backend/schema"
	"fieldbook/backend/sqlite"
)

// Focused cases of a hub restored from a backup (docs/sync-protocol.md,
// "A restored hub"), on both hub stores, each in both orders the devices
// may reconnect in.

// hubJob reads a job as the hub holds it.
func hubJob(t *testing.T, w *world, id string) *hub.Row {
	t.Helper()
	var row *hub.Row
	err := w.hubs[0].store.Write(context.Background(), centre, time.Now(), func(tx hub.WriteTx) error {
		var err error
		row, err = tx.Row(context.Background(), "jobs", id)
		return err
	})
	if err != nil || row == nil {
		t.Fatalf("hub job %s: %v %v", id, row, err)
	}
	return row
}

func noIssues(t *testing.T, d *device) {
	t.Helper()
	is, err := d.db.SyncIssues(context.Background())
	if err != nil || len(is) != 0 {
		t.Errorf("%s has sync issues %+v (%v), want none", d.name, is, err)
	}
}

// A technician creates a job after the backup, and the desk then gives it
// to another technician: the restore loses both. Sent again, the two meet
// in the order the hub first took them — the dispatch last — whichever
// laptop reconnects first, and nobody is shown a conflict: the job is the
// second technician's again, on the hub and on their laptop.
func TestRestoreReplaysInTheOrderFirstTaken(t *testing.T) {
	for _, b := range backends {
		for _, deskFirst := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/desk-first=%v", b.name, deskFirst), func(t *testing.T) {
				ctx := context.Background()
				w := newWorld(t, b, 1, options{})
				a1, tb, dsk := w.devs[0], w.devs[2], w.devs[4]
				backup := backUp(t, b, w.hubs[0])
				job, _ := jobWithVisit(t, a1)
				mustSync(t, a1)
				mustSync(t, dsk)
				at := time.Date(2026, 12, 9, 6, 0, 0, 0, time.UTC)
				if _, err := dsk.db.Dispatch(ctx, job.ID, techB, &at); err != nil {
					t.Fatal(err)
				}
				mustSync(t, dsk)
				mustSync(t, tb)

				w.restore(t, b, backup)
				first, second := a1, dsk
				if deskFirst {
					first, second = dsk, a1
				}
				rep := mustSync(t, first)
				if deskFirst && rep.Waiting != 1 {
					t.Errorf("the desk's first sync = %+v: its dispatch of a job not back on the hub yet should wait", rep)
				}
				mustSync(t, second)
				mustSync(t, first)
				mustSync(t, tb)

				if got := string(hubJob(t, w, job.ID).Fields["assigned_to"]); got != `"`+techB+`"` {
					t.Errorf("the hub's job is %q's, want %q's (the desk's dispatch came after the job's creation)", got, techB)
				}
				for _, d := range []*device{a1, dsk, tb} {
					noIssues(t, d)
				}
				if j, err := tb.db.Job(ctx, job.ID); err != nil || j.Job.AssignedTo != techB {
					t.Errorf("%s's laptop has the job as %q's (%v), want %q's", techB, j.Job.AssignedTo, err, techB)
				}
			})
		}
	}
}

// A technician confirms a job the desk dispatched after the backup. Sent
// again before the desk's dispatch is, the answer is refused (the restored
// hub has the job with nobody): it waits in the outbox, no sync issue,
// and lands once the dispatch is back. Waiting has an end: a week after
// the restore the refusal stands, as a sync issue, and the job, which the
// hub no longer gives this laptop, is swept from it.
func TestRestoreAnswerWaitsForTheDispatch(t *testing.T) {
	for _, b := range backends {
		for _, tooLate := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/too-late=%v", b.name, tooLate), func(t *testing.T) {
				ctx := context.Background()
				w := newWorld(t, b, 2, options{})
				a1, dsk := w.devs[0], w.devs[4]
				c, err := dsk.db.SaveCustomer(ctx, fieldbook.Customer{Name: "司马光", Phones: []string{"13900001111"}})
				if err != nil {
					t.Fatal(err)
				}
				job, err := dsk.db.CreateJob(ctx, fieldbook.NewJob{JobType: "site_acceptance", CustomerID: c.ID, Summary: "空调不制冷"})
				if err != nil {
					t.Fatal(err)
				}
				mustSync(t, dsk)
				backup := backUp(t, b, w.hubs[0])
				at := time.Date(2026, 12, 9, 6, 0, 0, 0, time.UTC)
				if _, err := dsk.db.Dispatch(ctx, job.ID, techA, &at); err != nil {
					t.Fatal(err)
				}
				mustSync(t, dsk)
				mustSync(t, a1)
				if _, err := a1.db.Answer(ctx, techA, fieldbook.Answer{JobID: job.ID, Kind: schema.AnswerConfirmed}); err != nil {
					t.Fatal(err)
				}
				mustSync(t, a1)

				w.restore(t, b, backup)
				if rep := mustSync(t, a1); rep.Waiting != 1 || rep.Rejected != 0 {
					t.Fatalf("first sync after the restore = %+v, want the answer waiting", rep)
				}
				noIssues(t, a1)
				if tooLate {
					now := a1.db.Now
					a1.db.Now = func() time.Time { return now().Add(8 * 24 * time.Hour) }
					rep := mustSync(t, a1)
					is, _ := a1.db.SyncIssues(ctx)
					codes := map[string]string{}
					for _, i := range is {
						codes[i.Table] = i.Code
					}
					// The answer's refusal stands; the job the hub no longer
					// gives this laptop is swept, kept in an issue.
					if rep.Waiting != 0 || len(is) != 2 || codes["appointment_events"] != "forbidden" || codes["jobs"] != "lost_on_hub" {
						t.Fatalf("a week later: sync = %+v, issues %+v; want the answer refused and the job swept, as sync issues", rep, is)
					}
					return
				}
				mustSync(t, dsk)
				if rep := mustSync(t, a1); rep.Waiting != 0 || rep.Pushed != 1 || rep.Rejected != 0 {
					t.Errorf("sync after the desk's = %+v, want the answer taken", rep)
				}
				noIssues(t, a1)
				noIssues(t, dsk)
				if p, _ := a1.db.PendingChanges(ctx, 10); len(p) != 0 {
					t.Errorf("pending after the answer landed: %+v", p)
				}
			})
		}
	}
}

// A customer made after the backup by a laptop that never syncs again is
// gone with the restore. A week after it the clerk's copy leaves the
// clerk's lists, kept whole in a sync issue; a customer the hub still has
// (edited after the backup by that same laptop) comes back as the hub
// holds it.
func TestRestoreSweepsWhatNobodySendsAgain(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			w := newWorld(t, b, 3, options{})
			a1, clk := w.devs[0], w.devs[3]
			kept, err := a1.db.SaveCustomer(ctx, fieldbook.Customer{Name: "欧阳修", Phones: []string{"13900002222"}})
			if err != nil {
				t.Fatal(err)
			}
			mustSync(t, a1)
			backup := backUp(t, b, w.hubs[0])
			lost, err := a1.db.SaveCustomer(ctx, fieldbook.Customer{Name: "苏东坡", Phones: []string{"13900003333"}})
			if err != nil {
				t.Fatal(err)
			}
			kept.Note = "后门进"
			if _, err := a1.db.SaveCustomer(ctx, kept); err != nil {
				t.Fatal(err)
			}
			mustSync(t, a1)
			mustSync(t, clk)

			w.restore(t, b, backup)
			// A1's laptop is gone: it never syncs again. Within a week
			// of the restore the clerk keeps what it may still send.
			mustSync(t, clk)
			if _, err := clk.db.Customer(ctx, lost.ID); err != nil {
				t.Fatalf("the day after the restore the clerk no longer has the customer A1 may still send: %v", err)
			}
			noIssues(t, clk)
			now := clk.db.Now
			clk.db.Now = func() time.Time { return now().Add(sqlite.RestoreWait + time.Hour) }
			mustSync(t, clk)

			if _, err := clk.db.Customer(ctx, lost.ID); fieldbook.ErrorCode(err) != fieldbook.ENOTFOUND {
				t.Errorf("the clerk still has the customer the restored hub lost (%v)", err)
			}
			is, err := clk.db.SyncIssues(ctx)
			if err != nil || len(is) != 1 || is[0].RowID != lost.ID || is[0].Code != "lost_on_hub" || !strings.Contains(string(is[0].Yours), "苏东坡") {
				t.Fatalf("the clerk's sync issues = %+v (%v), want the lost customer kept whole in one", is, err)
			}
			got, err := clk.db.Customer(ctx, kept.ID)
			if err != nil || got.Customer.Note != "" {
				t.Errorf("the customer the hub has: %+v (%v), want it as the hub holds it (no note)", got.Customer, err)
			}
			if rep := mustSync(t, clk); rep.Pulled != 0 {
				t.Errorf("the next sync pulls %d rows, want none", rep.Pulled)
			}
		})
	}
}

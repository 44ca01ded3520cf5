package synctest

import (
	"context"
	"testing"
	"time"
)

// TestTwoDesksRemindOneAppointment, on both hub stores: two desk laptops
// remind the customer of the same appointment before either has synced the
// other's reminder. A customer reminded once is reminded: the first
// reminder to reach the hub stays, the second laptop's meets it as the same
// reminder — no conflict, no sync issue — and both laptops then show the
// first one's time. (The second laptop used to get a conflict on
// reminded_at, a sync issue about two times of one reminder.) Taking the
// mark back while another desk reminded is still a conflict.
func TestTwoDesksRemindOneAppointment(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			w := newWorld(t, b, 1, options{})
			a, d := w.devs[0], w.devs[4]
			d2 := w.newDevice("D2", desk)
			j, _ := jobWithVisit(t, a)
			mustSync(t, a)
			mustSync(t, d)
			at := time.Now().Add(24 * time.Hour).Truncate(time.Minute)
			if _, err := d.db.Dispatch(ctx, j.ID, techA, &at); err != nil {
				t.Fatal(err)
			}
			mustSync(t, d)
			mustSync(t, d2)

			d2.db.Now = func() time.Time { return time.Now().Add(3 * time.Minute) }
			if _, err := d.db.MarkReminded(ctx, j.ID, true); err != nil {
				t.Fatal(err)
			}
			if _, err := d2.db.MarkReminded(ctx, j.ID, true); err != nil {
				t.Fatal(err)
			}
			remindedAt := func(dev *device) string {
				var s string
				if err := dev.ro.QueryRowContext(ctx, `SELECT coalesce(reminded_at, '') FROM jobs WHERE id = ?`, j.ID).Scan(&s); err != nil {
					t.Fatal(err)
				}
				return s
			}
			first := remindedAt(d)
			if second := remindedAt(d2); second == first || first == "" {
				t.Fatalf("the two reminders have the times %q and %q, want two different times", first, second)
			}
			mustSync(t, d)
			if rep := mustSync(t, d2); rep.Conflicts != 0 {
				t.Errorf("the second desk's reminder of the same appointment met %d conflicts", rep.Conflicts)
			}
			mustSync(t, d)
			for _, dev := range []*device{d, d2} {
				if got := remindedAt(dev); got != first {
					t.Errorf("%s shows the reminder at %q, want the first one's %q", dev.name, got, first)
				}
				issues, err := dev.db.SyncIssues(ctx)
				if err != nil || len(issues) != 0 {
					t.Errorf("%s has sync issues %+v (%v)", dev.name, issues, err)
				}
			}

			// Taken back on one desk while the other reminds again: a conflict.
			if _, err := d.db.MarkReminded(ctx, j.ID, false); err != nil {
				t.Fatal(err)
			}
			if _, err := d2.db.MarkReminded(ctx, j.ID, false); err != nil {
				t.Fatal(err)
			}
			d2.db.Now = func() time.Time { return time.Now().Add(5 * time.Minute) }
			if _, err := d2.db.MarkReminded(ctx, j.ID, true); err != nil {
				t.Fatal(err)
			}
			mustSync(t, d)
			if rep := mustSync(t, d2); rep.Conflicts == 0 {
				t.Errorf("a reminder over another desk's taking the mark back met no conflict")
			}
		})
	}
}

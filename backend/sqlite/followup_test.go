package sqlite

import (
	"context"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
)

// The two-hour rule on a fixed clock and a fixed set of guidances: the
// queue holds the jobs solved by phone and not followed up, most due first,
// overdue from the second their two hours end; the figures count each
// follow-up on time, late or still open.
func TestFollowUpTwoHourRule(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	clock := time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC) // 09:00 in Shanghai
	d.Now = func() time.Time { return clock }
	at := func(h, m int) { clock = time.Date(2026, 12, 7, h, m, 0, 0, time.UTC) }
	job := func(name string) string {
		_, _, j := newJob(t, d, name, "13900000000")
		return j.ID
	}
	onTime, late, open, overdue, visit := job("准时"), job("迟到"), job("未回访"), job("超时"), job("上门")
	at(0, 0)
	guide := func(id, outcome string) {
		t.Helper()
		if _, err := d.RecordGuidance(ctx, id, "指导客户重启路由器", outcome); err != nil {
			t.Fatal(err)
		}
	}
	guide(overdue, fieldbook.GuidanceSolved) // 08:00 Shanghai
	at(1, 0)
	guide(onTime, fieldbook.GuidanceSolved)
	guide(late, fieldbook.GuidanceSolved)
	guide(visit, fieldbook.GuidanceDispatch)
	at(4, 0)
	guide(open, fieldbook.GuidanceSolved)

	at(2, 30)
	if f, err := d.RecordFollowUp(ctx, onTime, "客户确认已恢复"); err != nil || f.Overdue || f.FollowedUpAt == nil {
		t.Fatalf("follow-up within two hours = %+v, %v", f, err)
	}
	at(3, 0) // exactly two hours after 01:00: due now
	if f, err := d.RecordFollowUp(ctx, late, "客户未接，稍后接通"); err != nil || f.FollowedUpAt == nil {
		t.Fatalf("follow-up at the second it is due = %+v, %v", f, err)
	}
	if _, err := d.RecordFollowUp(ctx, visit, "不该回访"); fieldbook.ErrorCode(err) != fieldbook.ECONFLICT {
		t.Errorf("follow-up of a job sent to a technician = %v, want a conflict", err)
	}
	if _, err := d.RecordFollowUp(ctx, open, "  "); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("an empty follow-up result = %v, want invalid", err)
	}
	if _, err := d.RecordGuidance(ctx, open, "指导", "maybe"); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("an unknown outcome = %v, want invalid", err)
	}

	at(5, 0)
	page, err := d.FollowUps(ctx, clock, 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 2 || page.Overdue != 1 || len(page.Rows) != 2 || page.Rows[0].JobID != overdue || page.Rows[1].JobID != open {
		t.Fatalf("queue at 13:00 = %+v, want the 08:00 guidance (overdue) then the 12:00 one", page)
	}
	if !page.Rows[0].Overdue || page.Rows[1].Overdue || !page.Rows[1].DueAt.Equal(time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC)) {
		t.Errorf("due and overdue = %+v", page.Rows)
	}
	// The 12:00 guidance is due at 14:00: not overdue a second before,
	// overdue from then; the queue pages in its order.
	for _, c := range []struct {
		at      time.Time
		overdue int
	}{{time.Date(2026, 12, 7, 5, 59, 59, 0, time.UTC), 1}, {time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC), 2}} {
		p, err := d.FollowUps(ctx, c.at, 1, 1)
		if err != nil || p.Total != 2 || p.Overdue != c.overdue || len(p.Rows) != 1 || p.Rows[0].JobID != open || p.Rows[0].Overdue != (c.overdue == 2) {
			t.Errorf("second page at %v = %+v, %v; want the 12:00 guidance, %d overdue", c.at, p, err, c.overdue)
		}
	}
	stats, err := d.FollowUpStats(ctx, time.Date(2026, 12, 6, 16, 0, 0, 0, time.UTC), time.Date(2026, 12, 7, 16, 0, 0, 0, time.UTC), clock)
	if err != nil {
		t.Fatal(err)
	}
	// The 09:00 guidance followed up at 11:00 is on time (within two hours,
	// the end included); the one at 10:30 too.
	if want := (fieldbook.FollowUpStats{Solved: 4, OnTime: 2, Late: 0, Open: 2, Overdue: 1}); stats != want {
		t.Errorf("figures = %+v, want %+v", stats, want)
	}
	if rate, ok := stats.Compliance(); !ok || rate != 0.5 {
		t.Errorf("compliance = %v, %v; want 2 of 4 within two hours", rate, ok)
	}
	at(3, 1)
	if f, err := d.RecordFollowUp(ctx, overdue, "已回访"); err != nil || f.FollowedUpAt == nil {
		t.Fatalf("a late follow-up = %+v, %v", f, err)
	}
	stats, _ = d.FollowUpStats(ctx, time.Date(2026, 12, 6, 16, 0, 0, 0, time.UTC), time.Date(2026, 12, 7, 16, 0, 0, 0, time.UTC), clock)
	if want := (fieldbook.FollowUpStats{Solved: 4, OnTime: 2, Late: 1, Open: 1, Overdue: 0}); stats != want {
		t.Errorf("figures after the late follow-up = %+v, want %+v", stats, want)
	}
	if rate, _ := stats.Compliance(); rate != 0.5 {
		t.Errorf("compliance after a late follow-up = %v, want still 2 of 4", rate)
	}
	// A day with no guidance solved by phone has no rate.
	none, err := d.FollowUpStats(ctx, time.Date(2026, 12, 8, 16, 0, 0, 0, time.UTC), time.Date(2026, 12, 9, 16, 0, 0, 0, time.UTC), clock)
	if _, ok := none.Compliance(); err != nil || ok || none != (fieldbook.FollowUpStats{}) {
		t.Errorf("a day of no guidance = %+v (%v), want no figures and no rate", none, err)
	}
	// What the desk wrote waits to be pushed, as job fields.
	changes, err := d.PendingChanges(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range changes {
		if c.ID == onTime {
			_, g := c.Fields["guidance"]
			_, f := c.Fields["followup_result"]
			found = g && f
		}
	}
	if !found {
		t.Errorf("the guidance and follow-up of a job are not pending: %+v", changes)
	}
}

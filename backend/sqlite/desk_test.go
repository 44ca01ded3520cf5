package sqlite

import (
	"context"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
)

// The desk's queue holds the open jobs nobody is dispatched to; the day
// boards hold the appointments of the centre's today and tomorrow in time
// order; a technician's day is theirs alone, each visit with when to leave.
func TestDeskBoardAndDay(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	cn := fieldbook.Zone("")
	// 2026-12-07 23:30 in China is still the 7th there (15:30 UTC).
	d.Now = func() time.Time { return time.Date(2026, 12, 7, 23, 30, 0, 0, cn) }
	_, _, a := newJob(t, d, "赵女士", "13900000001")
	_, _, b := newJob(t, d, "钱先生", "13900000002")
	_, _, c := newJob(t, d, "孙女士", "13900000003")
	_, _, e := newJob(t, d, "李先生", "13900000004")
	_, _, f := newJob(t, d, "周女士", "13900000005")
	at := func(day, hour, minute int) *time.Time {
		v := time.Date(2026, 12, day, hour, minute, 0, 0, cn)
		return &v
	}
	for _, s := range []struct {
		id, to string
		when   *time.Time
	}{
		{a.ID, "", nil},            // in the queue
		{b.ID, "王芳", at(7, 14, 0)}, // today, later
		{c.ID, "王芳", at(7, 9, 30)}, // today, first
		{e.ID, "刘洋", at(8, 0, 0)},  // tomorrow (midnight), another technician
		{f.ID, "王芳", at(9, 9, 0)},  // the day after tomorrow: on neither board
	} {
		if _, err := d.Dispatch(ctx, s.id, s.to, s.when); err != nil {
			t.Fatal(err)
		}
	}
	ids := func(rows []fieldbook.JobRow) []string {
		out := []string{}
		for _, r := range rows {
			out = append(out, r.ID)
		}
		return out
	}
	b0, err := d.DeskBoard(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(b0.Undispatched); !equal(got, []string{a.ID}) {
		t.Errorf("undispatched = %v, want [%s]", got, a.ID)
	}
	if got := ids(b0.Today); !equal(got, []string{c.ID, b.ID}) {
		t.Errorf("today = %v, want [%s %s]", got, c.ID, b.ID)
	}
	if got := ids(b0.Tomorrow); !equal(got, []string{e.ID}) {
		t.Errorf("tomorrow = %v, want [%s]", got, e.ID)
	}
	day, err := d.Day(ctx, "王芳")
	if err != nil || len(day) != 2 || day[0].Job.ID != c.ID || day[1].Job.ID != b.ID {
		t.Fatalf("王芳's day = %+v, %v", day, err)
	}
	if want := time.Date(2026, 12, 7, 8, 50, 0, 0, cn); !day[0].LeaveAt.Equal(want) {
		t.Errorf("leave for 09:30 at %v, want %v (30 min on the way, 10 early)", day[0].LeaveAt.In(cn), want)
	}
	// A job handed in leaves the queue.
	if _, err := d.db.ExecContext(ctx, `UPDATE jobs SET status = 'submitted' WHERE id = ?`, a.ID); err != nil {
		t.Fatal(err)
	}
	if q, err := d.Undispatched(ctx, 50); err != nil || len(q) != 0 {
		t.Errorf("undispatched after hand-in = %v, %v", ids(q), err)
	}
}

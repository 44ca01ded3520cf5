package sqlite

import (
	"context"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
)

// The week board on a fixed dataset: each technician's appointments by the
// centre's day (an appointment late in the evening stays on its day), a
// day booked beyond the centre's capacity flagged, each card in its stage
// (booked, in work once a visit has started, done once handed in), the
// day view one day of the same, one technician's board theirs alone.
func TestAppointmentBoard(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	cn := fieldbook.Zone("")
	d.Now = func() time.Time { return time.Date(2026, 12, 7, 9, 0, 0, 0, cn) }
	if _, err := d.SaveCentreSettings(ctx, fieldbook.CentreSettings{AppointmentsPerDay: 2}, fieldbook.CentreSettings{}); err != nil {
		t.Fatal(err)
	}
	at := func(day, hour int) *time.Time {
		v := time.Date(2026, 12, day, hour, 30, 0, 0, cn)
		return &v
	}
	jobs := map[string]string{}
	for _, s := range []struct {
		name, to string
		when     *time.Time
	}{
		{"一", "王芳", at(7, 9)},
		{"二", "王芳", at(7, 14)},
		{"三", "王芳", at(7, 23)}, // 15:30 UTC: still Monday in China
		{"四", "王芳", at(9, 10)},
		{"五", "刘洋", at(8, 10)},
		{"六", "", at(10, 10)},   // an appointment nobody is dispatched to yet
		{"七", "王芳", at(14, 10)}, // next week
		{"八", "王芳", nil},
	} {
		_, _, j := newJob(t, d, "客户"+s.name, "13900000000")
		if _, err := d.Dispatch(ctx, j.ID, s.to, s.when); err != nil {
			t.Fatal(err)
		}
		jobs[s.name] = j.ID
	}
	if _, err := d.StartVisit(ctx, jobs["二"]); err != nil {
		t.Fatal(err)
	}
	if _, err := d.db.ExecContext(ctx, `UPDATE jobs SET status = 'submitted' WHERE id = ?`, jobs["一"]); err != nil {
		t.Fatal(err)
	}

	week, err := d.AppointmentBoard(ctx, "", "2026-12-07", 7)
	if err != nil {
		t.Fatal(err)
	}
	if week.Capacity != 2 || len(week.Days) != 7 || week.Days[6] != "2026-12-13" || week.More {
		t.Fatalf("week = capacity %d, days %v, more %v", week.Capacity, week.Days, week.More)
	}
	if len(week.Lines) != 3 || week.Lines[0].Technician != "刘洋" || week.Lines[1].Technician != "王芳" || week.Lines[2].Technician != "" {
		t.Fatalf("lines = %+v, want 刘洋, 王芳, then the undispatched", week.Lines)
	}
	wang := week.Lines[1].Days
	if wang[0].Booked != 3 || !wang[0].Over || wang[2].Booked != 1 || wang[2].Over || wang[1].Booked != 0 {
		t.Errorf("王芳's days = %+v", wang)
	}
	stages := []string{}
	for _, c := range wang[0].Cards {
		stages = append(stages, c.Job.ID+":"+c.Stage)
	}
	if want := []string{jobs["一"] + ":done", jobs["二"] + ":in_work", jobs["三"] + ":booked"}; !equal(stages, want) {
		t.Errorf("Monday's cards = %v, want %v", stages, want)
	}
	if l := week.Lines[2].Days[3]; l.Booked != 1 || l.Cards[0].Job.ID != jobs["六"] {
		t.Errorf("the undispatched appointment = %+v", week.Lines[2].Days)
	}

	day, err := d.AppointmentBoard(ctx, "王芳", "2026-12-09", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(day.Days) != 1 || len(day.Lines) != 1 || day.Lines[0].Days[0].Booked != 1 || day.Lines[0].Days[0].Cards[0].Job.ID != jobs["四"] {
		t.Errorf("王芳's Wednesday = %+v", day)
	}
	if _, err := d.AppointmentBoard(ctx, "", "12/07/2026", 7); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("a malformed day = %v, want invalid", err)
	}
	// Without the centre's setting, a technician takes six a day.
	if _, err := d.db.ExecContext(ctx, `UPDATE centre_settings SET appointments_per_day = 0`); err != nil {
		t.Fatal(err)
	}
	if week, _ = d.AppointmentBoard(ctx, "", "2026-12-07", 7); week.Capacity != fieldbook.DefaultAppointmentsPerDay || week.Lines[1].Days[0].Over {
		t.Errorf("default capacity = %d, Monday over = %v", week.Capacity, week.Lines[1].Days[0].Over)
	}
}

// The reminder list holds the appointments of today and tomorrow not handed
// in; the 已提醒 mark is the appointment's: moved, it is to remind again.
// The mark is a job field waiting to be pushed.
func TestReminders(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	cn := fieldbook.Zone("")
	d.Now = func() time.Time { return time.Date(2026, 12, 7, 9, 0, 0, 0, cn) }
	at := func(day, hour int) *time.Time {
		v := time.Date(2026, 12, day, hour, 0, 0, 0, cn)
		return &v
	}
	ids := map[string]string{}
	for _, s := range []struct {
		name string
		when *time.Time
	}{{"今天", at(7, 14)}, {"明天", at(8, 0)}, {"后天", at(9, 10)}, {"已交", at(7, 10)}, {"无约", nil}} {
		_, _, j := newJob(t, d, s.name, "13900000000")
		if _, err := d.Dispatch(ctx, j.ID, "王芳", s.when); err != nil {
			t.Fatal(err)
		}
		ids[s.name] = j.ID
	}
	if _, err := d.db.ExecContext(ctx, `UPDATE jobs SET status = 'submitted' WHERE id = ?`, ids["已交"]); err != nil {
		t.Fatal(err)
	}
	list := func() []string {
		t.Helper()
		rs, err := d.Reminders(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out := []string{}
		for _, r := range rs {
			mark := ""
			if r.Reminded {
				mark = "✓"
			}
			out = append(out, r.Job.CustomerName+"/"+r.Day+mark)
		}
		return out
	}
	if got, want := list(), []string{"今天/today", "明天/tomorrow"}; !equal(got, want) {
		t.Fatalf("reminders = %v, want %v", got, want)
	}
	r, err := d.MarkReminded(ctx, ids["今天"], true)
	if err != nil || !r.Reminded || r.RemindedAt == nil || !r.RemindedAt.Equal(d.Now()) || r.Day != "today" {
		t.Fatalf("mark = %+v, %v", r, err)
	}
	if got, want := list(), []string{"今天/today✓", "明天/tomorrow"}; !equal(got, want) {
		t.Errorf("after the mark = %v, want %v", got, want)
	}
	// Moved to this afternoon: the customer is reminded of the new time again.
	if _, err := d.Dispatch(ctx, ids["今天"], "王芳", at(7, 16)); err != nil {
		t.Fatal(err)
	}
	if got, want := list(), []string{"今天/today", "明天/tomorrow"}; !equal(got, want) {
		t.Errorf("after the appointment moved = %v, want %v", got, want)
	}
	if _, err := d.MarkReminded(ctx, ids["明天"], true); err != nil {
		t.Fatal(err)
	}
	if r, err := d.MarkReminded(ctx, ids["明天"], false); err != nil || r.Reminded || r.RemindedAt != nil {
		t.Errorf("mark taken back = %+v, %v", r, err)
	}
	if _, err := d.MarkReminded(ctx, ids["无约"], true); fieldbook.ErrorCode(err) != fieldbook.ECONFLICT {
		t.Errorf("reminding of no appointment = %v, want a conflict", err)
	}
	if _, err := d.MarkReminded(ctx, "nope", true); fieldbook.ErrorCode(err) != fieldbook.ENOTFOUND {
		t.Errorf("reminding of no job = %v, want not found", err)
	}
	if _, err := d.MarkReminded(ctx, ids["今天"], true); err != nil {
		t.Fatal(err)
	}
	changes, err := d.PendingChanges(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range changes {
		if c.ID == ids["今天"] {
			_, a := c.Fields["reminded_at"]
			_, f := c.Fields["reminded_for"]
			found = a && f
		}
	}
	if !found {
		t.Errorf("the reminder is not pending as job fields: %+v", changes)
	}
}

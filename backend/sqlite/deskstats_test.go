package sqlite

import (
	"context"
	"reflect"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/schema"
)

// TestDeskStats counts a fixed set of appointments, visits, guidances and
// complaints on a fixed clock, month by month in China time: arrival no
// later than the appointment is on time (the second itself included), later
// is late, no arrival is neither; an appointment at 23:30 on the last day
// of a month is that month's, one at 00:30 the next day the next month's;
// the two-hour rule and the complaints by kind and state count in the
// month they began.
func TestDeskStats(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	clock := time.Date(2026, 12, 20, 2, 0, 0, 0, time.UTC)
	d.Now = func() time.Time { return clock }
	utc := func(month time.Month, day, h, m int) time.Time {
		return time.Date(2026, month, day, h, m, 0, 0, time.UTC)
	}
	// appointment makes a job with an appointment and, unless arrived is
	// zero, a visit arriving then.
	appointment := func(name string, at, arrived time.Time) string {
		t.Helper()
		_, _, j := newJob(t, d, name, "13900000000")
		if _, err := d.Dispatch(ctx, j.ID, "张伟", &at); err != nil {
			t.Fatal(err)
		}
		if !arrived.IsZero() {
			view, err := d.StartVisit(ctx, j.ID)
			if err != nil {
				t.Fatal(err)
			}
			v := view.Visit
			v.ArrivedAt = &arrived
			if _, err := d.SaveVisitDraft(ctx, v); err != nil {
				t.Fatal(err)
			}
		}
		return j.ID
	}
	early := appointment("提前", utc(11, 10, 2, 0), utc(11, 10, 1, 50))
	appointment("正点", utc(11, 10, 2, 0), utc(11, 10, 2, 0))
	appointment("迟到", utc(11, 12, 6, 0), utc(11, 12, 6, 1))
	notArrived := appointment("未到", utc(11, 30, 15, 30), time.Time{})        // 23:30 on 30 November, China time
	december := appointment("十二月", utc(11, 30, 16, 30), utc(11, 30, 16, 20)) // 00:30 on 1 December

	// Phone guidances of 5 November: followed up within two hours, late,
	// not yet (and overdue by the clock).
	guide := func(name string, at time.Time, followAt time.Time) {
		t.Helper()
		_, _, j := newJob(t, d, name, "13700000000")
		clock = at
		if _, err := d.RecordGuidance(ctx, j.ID, "指导客户重启路由器", fieldbook.GuidanceSolved); err != nil {
			t.Fatal(err)
		}
		if !followAt.IsZero() {
			clock = followAt
			if _, err := d.RecordFollowUp(ctx, j.ID, "客户确认已恢复"); err != nil {
				t.Fatal(err)
			}
		}
	}
	guide("按时回访", utc(11, 5, 1, 0), utc(11, 5, 3, 0))
	guide("迟回访", utc(11, 5, 1, 0), utc(11, 5, 3, 1))
	guide("未回访", utc(11, 5, 1, 0), time.Time{})

	// The technician's answers: a reschedule (to the same time) and a
	// nobody-home in November, a hand-back at 00:10 on 1 December, China
	// time (of a job without an appointment).
	answer := func(jobID string, at time.Time, a fieldbook.Answer) {
		t.Helper()
		clock, a.JobID = at, jobID
		if _, err := d.Answer(ctx, "张伟", a); err != nil {
			t.Fatal(err)
		}
	}
	missed := utc(11, 30, 15, 30)
	answer(december, utc(11, 20, 3, 0), fieldbook.Answer{Kind: schema.AnswerNobodyHome})
	_, _, back := newJob(t, d, "退回", "13600000000")
	if _, err := d.Dispatch(ctx, back.ID, "张伟", nil); err != nil {
		t.Fatal(err)
	}
	answer(notArrived, utc(11, 29, 8, 0), fieldbook.Answer{Kind: schema.AnswerRescheduled, Appointment: &missed, Consent: true, Reason: "客户出差"})
	answer(back.ID, utc(11, 30, 16, 10), fieldbook.Answer{Kind: schema.AnswerHandedBack, Reason: "客户要求换人"})
	clock = time.Date(2026, 12, 20, 2, 0, 0, 0, time.UTC)

	// Complaints: two about quality and one about service in November,
	// one about delivery received at 00:30 on 1 December, China time.
	complain := func(jobID string, received time.Time, kind, state string) {
		t.Helper()
		k, err := d.SaveComplaint(ctx, fieldbook.Complaint{JobID: jobID, Channel: "phone", ReceivedAt: received.Format(time.RFC3339),
			Content: "投诉内容"}, "孙悦")
		if err != nil {
			t.Fatal(err)
		}
		k.Kind = kind
		for _, s := range []string{fieldbook.ComplaintAnalysing, fieldbook.ComplaintHandling, fieldbook.ComplaintClosed} {
			if fieldbook.ComplaintStep(s) > fieldbook.ComplaintStep(state) {
				break
			}
			k.State = s
			k.Analysis, k.Responsibility, k.Compensation, k.Resolution = "原因", "ours", "none", "已处理"
			if s != fieldbook.ComplaintClosed {
				k.Resolution = ""
			}
			if k, err = d.SaveComplaint(ctx, k, "孙悦"); err != nil {
				t.Fatalf("%s → %s: %v", kind, s, err)
			}
		}
	}
	complain(early, utc(11, 11, 1, 0), "quality", fieldbook.ComplaintAnalysing)
	complain(early, utc(11, 20, 1, 0), "quality", fieldbook.ComplaintClosed)
	complain(december, utc(11, 25, 1, 0), "service", fieldbook.ComplaintHandling)
	complain(december, utc(11, 30, 16, 30), "delivery", fieldbook.ComplaintAnalysing)

	st, err := d.DeskStats(ctx, "2026-11", "2026-12", clock)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Months) != 2 || st.Months[0].Month != "2026-11" || st.Months[1].Month != "2026-12" {
		t.Fatalf("months = %+v", st.Months)
	}
	nov, dec := st.Months[0], st.Months[1]
	if nov.Appointments != 4 || nov.Arrived != 3 || nov.OnTime != 2 || nov.Late != 1 {
		t.Errorf("November arrivals: %d appointments, %d arrived, %d on time, %d late; want 4, 3, 2, 1",
			nov.Appointments, nov.Arrived, nov.OnTime, nov.Late)
	}
	if dec.Appointments != 1 || dec.OnTime != 1 || dec.Late != 0 {
		t.Errorf("December arrivals: %+v, want the one at 00:30 on 1 December, on time", dec)
	}
	if want := (fieldbook.FollowUpStats{Solved: 3, OnTime: 1, Late: 1, Open: 1, Overdue: 1}); nov.FollowUp != want {
		t.Errorf("November follow-ups = %+v, want %+v", nov.FollowUp, want)
	}
	if want := map[string]int{"quality": 2, "service": 1}; nov.Complaints != 3 || !reflect.DeepEqual(nov.ComplaintsByKind, want) {
		t.Errorf("November complaints = %d %v, want 3 %v", nov.Complaints, nov.ComplaintsByKind, want)
	}
	if want := map[string]int{"analysing": 1, "closed": 1, "handling": 1}; !reflect.DeepEqual(nov.ComplaintsByState, want) {
		t.Errorf("November complaints by state = %v, want %v", nov.ComplaintsByState, want)
	}
	if want := map[string]int{"delivery": 1}; !reflect.DeepEqual(dec.ComplaintsByKind, want) {
		t.Errorf("December complaints = %v, want %v", dec.ComplaintsByKind, want)
	}
	if nov.Reschedules != 1 || nov.HandBacks != 0 || dec.Reschedules != 0 || dec.HandBacks != 1 || !nov.EventsCounted {
		t.Errorf("answers: November %d reschedules %d hand-backs, December %d and %d (counted %v); want 1 0, 0 1",
			nov.Reschedules, nov.HandBacks, dec.Reschedules, dec.HandBacks, nov.EventsCounted)
	}
	if st.Total.Appointments != 5 || st.Total.OnTime != 3 || st.Total.Complaints != 4 || !st.Total.EventsCounted ||
		st.Total.Reschedules != 1 || st.Total.HandBacks != 1 {
		t.Errorf("total = %+v", st.Total)
	}
	if _, err := d.DeskStats(ctx, "2026-12", "2026-11", clock); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("a range ending before it begins = %v, want invalid", err)
	}
	if _, err := d.DeskStats(ctx, "2010-01", "2026-11", clock); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("more than ten years = %v, want invalid", err)
	}
}

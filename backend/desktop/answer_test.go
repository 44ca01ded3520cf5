package desktop

import (
	"context"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/hub"
	"fieldbook/backend/schema"
)

// dispatchedJob has the desk take a call and dispatch it to tech at at; the
// technician's laptop syncs it.
func dispatchedJob(t *testing.T, desk, tech *Services, techName string, at time.Time) fieldbook.Job {
	t.Helper()
	c, err := desk.Customers.Save(fieldbook.Customer{Name: "钱桂兰", Phones: []string{"13911112222"}, Addresses: []string{"上海市徐汇区漕溪北路88号"}})
	if err != nil {
		t.Fatal(err)
	}
	j, err := desk.Jobs.Create(fieldbook.NewJob{JobType: "it_onsite", CustomerID: c.ID, Summary: "空调不制冷"})
	if err != nil {
		t.Fatal(err)
	}
	if d, err := desk.Jobs.Dispatch(fieldbook.Dispatch{JobID: j.ID, AssignedTo: techName, Appointment: &at}); err != nil || !d.Sent {
		t.Fatalf("dispatch: %+v, %v", d, err)
	}
	if _, err := tech.Sync.Now(); err != nil {
		t.Fatal(err)
	}
	return j
}

// deskRow is the job as the desk's board shows it after the desk's sync:
// in the queue (queued) or among today's appointments.
func deskRow(t *testing.T, desk *Services, jobID string) (row fieldbook.JobRow, queued bool) {
	t.Helper()
	if _, err := desk.Sync.Now(); err != nil {
		t.Fatal(err)
	}
	b, err := desk.Jobs.Desk()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range b.Undispatched {
		if r.ID == jobID {
			return r, true
		}
	}
	for _, r := range append(b.Today, b.Tomorrow...) {
		if r.ID == jobID {
			return r, false
		}
	}
	t.Fatalf("job %s is not on the desk's board", jobID)
	return
}

// The technician's answers reach the desk within one sync each: confirmed,
// rescheduled (only with the customer's consent and a reason), nobody home
// counted, handed back — the job then back in the desk's queue, off the
// technician's day, and no longer theirs to answer for.
func TestTechnicianAnswersReachTheDesk(t *testing.T) {
	svc, srv := testHub(t, map[string]string{"李娜": hub.RoleDesk, "王芳": hub.RoleTechnician})
	desk, tech := connectAs(t, svc, srv.URL, "李娜"), connectAs(t, svc, srv.URL, "王芳")
	zone := fieldbook.Zone("")
	now := time.Now().In(zone)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, zone)
	j := dispatchedJob(t, desk, tech, "王芳", day.Add(20*time.Hour))

	answer := func(a fieldbook.Answer) {
		t.Helper()
		a.JobID = j.ID
		if got, err := tech.Jobs.Answer(a); err != nil || !got.Sent || got.Answer.Technician != "王芳" {
			t.Fatalf("answer %s: %+v, %v", a.Kind, got, err)
		}
	}
	answer(fieldbook.Answer{Kind: schema.AnswerConfirmed})
	if r, _ := deskRow(t, desk, j.ID); r.Answer == nil || r.Answer.Kind != schema.AnswerConfirmed {
		t.Fatalf("the desk sees %+v, want confirmed", r.Answer)
	}

	moved := day.Add(14 * time.Hour)
	for _, bad := range []struct {
		a     fieldbook.Answer
		field string
	}{
		{fieldbook.Answer{Kind: schema.AnswerRescheduled, Appointment: &moved, Reason: "客户临时出差"}, "consent"},
		{fieldbook.Answer{Kind: schema.AnswerRescheduled, Appointment: &moved, Consent: true, Reason: "  "}, "reason"},
		{fieldbook.Answer{Kind: schema.AnswerRescheduled, Consent: true, Reason: "客户临时出差"}, "appointment"},
		{fieldbook.Answer{Kind: schema.AnswerHandedBack}, "reason"},
	} {
		bad.a.JobID = j.ID
		_, err := tech.Jobs.Answer(bad.a)
		fe, _ := err.(*fieldbook.Error)
		if fe == nil || len(fe.Fields) != 1 || fe.Fields[0].Field != bad.field || fe.Fields[0].Message.ZH == "" || fe.Fields[0].Message.EN == "" {
			t.Fatalf("answer %+v: %#v, want a refusal on %s", bad.a, err, bad.field)
		}
	}
	answer(fieldbook.Answer{Kind: schema.AnswerRescheduled, Appointment: &moved, Consent: true, Reason: "客户临时出差，改到下午"})
	r, _ := deskRow(t, desk, j.ID)
	if r.Answer == nil || r.Answer.Kind != schema.AnswerRescheduled || r.Answer.Reason != "客户临时出差，改到下午" ||
		r.Answer.Appointment == nil || !r.Answer.Appointment.Equal(moved) || r.Appointment == nil || !r.Appointment.Equal(moved) {
		t.Fatalf("the desk sees %+v (appointment %v), want rescheduled to %v", r.Answer, r.Appointment, moved)
	}

	answer(fieldbook.Answer{Kind: schema.AnswerNobodyHome})
	answer(fieldbook.Answer{Kind: schema.AnswerNobodyHome})
	if r, _ := deskRow(t, desk, j.ID); r.Answer == nil || r.Answer.Kind != schema.AnswerNobodyHome || r.NobodyHome != 2 {
		t.Fatalf("the desk sees %+v ×%d, want nobody home ×2", r.Answer, r.NobodyHome)
	}

	answer(fieldbook.Answer{Kind: schema.AnswerHandedBack, Reason: "客户要求换女技术员"})
	r, queued := deskRow(t, desk, j.ID)
	if !queued || r.AssignedTo != "" || r.Answer == nil || r.Answer.Kind != schema.AnswerHandedBack || r.Answer.Reason != "客户要求换女技术员" {
		t.Fatalf("after the hand-back the desk sees %+v (queued %v, answer %+v)", r, queued, r.Answer)
	}
	if d, err := tech.Jobs.Day(); err != nil || len(d) != 0 {
		t.Errorf("the handed-back job is still on the technician's day: %+v, %v", d, err)
	}
	if _, err := tech.Jobs.Answer(fieldbook.Answer{JobID: j.ID, Kind: schema.AnswerConfirmed}); fieldbook.ErrorCode(err) != fieldbook.ECONFLICT {
		t.Errorf("answering for a handed-back job: %v, want a conflict", err)
	}
	if issues, err := tech.Sync.Issues(); err != nil || len(issues) != 0 {
		t.Errorf("the technician's answers left sync issues: %+v, %v", issues, err)
	}
}

// The desk gives a job from 王芳 to 张伟 while 王芳 works on it offline: at
// 王芳's next sync her unpushed record of it is refused and shown (kept on
// the hub), the job comes back to her laptop as 张伟's and leaves her day,
// and 张伟 gets it.
func TestReassignedJobLeavesTheFormerTechnician(t *testing.T) {
	svc, srv := testHub(t, map[string]string{"李娜": hub.RoleDesk, "王芳": hub.RoleTechnician, "张伟": hub.RoleTechnician})
	desk, wang, zhang := connectAs(t, svc, srv.URL, "李娜"), connectAs(t, svc, srv.URL, "王芳"), connectAs(t, svc, srv.URL, "张伟")
	zone := fieldbook.Zone("")
	now := time.Now().In(zone)
	at := time.Date(now.Year(), now.Month(), now.Day(), 21, 0, 0, 0, zone)
	j := dispatchedJob(t, desk, wang, "王芳", at)
	if d, err := wang.Jobs.Day(); err != nil || len(d) != 1 {
		t.Fatalf("王芳's day = %+v, %v", d, err)
	}

	// Offline, 王芳 starts the service record.
	view, err := wang.Visits.Start(j.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d, err := desk.Jobs.Dispatch(fieldbook.Dispatch{JobID: j.ID, AssignedTo: "张伟", Appointment: &at}); err != nil || !d.Sent {
		t.Fatalf("reassign: %+v, %v", d, err)
	}
	if _, err := wang.Sync.Now(); err != nil {
		t.Fatal(err)
	}
	issues, err := wang.Sync.Issues()
	if err != nil {
		t.Fatal(err)
	}
	refused := false
	for _, is := range issues {
		refused = refused || (is.Kind == "rejected" && is.Table == "visits" && is.RowID == view.Visit.ID && is.Message != "")
	}
	if !refused {
		t.Errorf("王芳's unpushed record of the reassigned job is not shown as refused: %+v", issues)
	}
	if d, err := wang.Jobs.Day(); err != nil || len(d) != 0 {
		t.Errorf("the reassigned job is still on 王芳's day: %+v, %v", d, err)
	}
	jv, err := wang.Jobs.Get(j.ID)
	if err != nil || jv.Job.AssignedTo != "张伟" {
		t.Errorf("王芳's copy of the job is assigned to %q (%v), want 张伟", jv.Job.AssignedTo, err)
	}
	if _, err := wang.Visits.Get(view.Visit.ID); err != nil {
		t.Errorf("王芳's refused record is gone from her laptop: %v", err)
	}
	ctx := context.Background()
	rej, err := svc.Store.Rejections(ctx, "上海中心")
	if err != nil {
		t.Fatal(err)
	}
	kept := false
	for _, r := range rej {
		kept = kept || r.RowID == view.Visit.ID
	}
	if !kept {
		t.Errorf("the hub did not keep 王芳's refused record: %+v", rej)
	}

	if _, err := zhang.Sync.Now(); err != nil {
		t.Fatal(err)
	}
	if d, err := zhang.Jobs.Day(); err != nil || len(d) != 1 || d[0].Job.ID != j.ID {
		t.Errorf("张伟's day = %+v, %v", d, err)
	}
}

// Two desks give one job, offline, to different technicians: the first to
// sync keeps it; the second's value is kept on the hub as a conflict for a
// person and shown on that desk, which takes the first's.
func TestTwoDesksAssigningOneJobConflict(t *testing.T) {
	svc, srv := testHub(t, map[string]string{"李娜": hub.RoleDesk, "周敏": hub.RoleDesk, "王芳": hub.RoleTechnician, "张伟": hub.RoleTechnician})
	d1, d2 := connectAs(t, svc, srv.URL, "李娜"), connectAs(t, svc, srv.URL, "周敏")
	c, err := d1.Customers.Save(fieldbook.Customer{Name: "孙丽", Phones: []string{"13633334444"}, Addresses: []string{"上海市静安区南京西路1266号"}})
	if err != nil {
		t.Fatal(err)
	}
	j, err := d1.Jobs.Create(fieldbook.NewJob{JobType: "it_onsite", CustomerID: c.ID, Summary: "电脑无法开机"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []*Services{d1, d2} {
		if _, err := d.Sync.Now(); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	at := time.Now().Add(24 * time.Hour).Truncate(time.Hour)
	db1, _ := d1.Jobs.store()
	db2, _ := d2.Jobs.store()
	// Offline: each desk's own store, no sync between.
	if _, err := db1.Dispatch(ctx, j.ID, "王芳", &at); err != nil {
		t.Fatal(err)
	}
	if _, err := db2.Dispatch(ctx, j.ID, "张伟", &at); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*Services{d1, d2} {
		if _, err := d.Sync.Now(); err != nil {
			t.Fatal(err)
		}
	}
	conflicts, err := svc.Conflicts(ctx, "上海中心")
	if err != nil {
		t.Fatal(err)
	}
	if len(conflicts) != 1 || conflicts[0].RowID != j.ID || conflicts[0].Field != "assigned_to" ||
		string(conflicts[0].HubValue) != `"王芳"` || string(conflicts[0].DeviceVal) != `"张伟"` || conflicts[0].User != "周敏" {
		t.Fatalf("hub conflicts = %+v, want 周敏's 张伟 against 王芳 on assigned_to", conflicts)
	}
	issues, err := d2.Sync.Issues()
	if err != nil {
		t.Fatal(err)
	}
	if len(issues) != 1 || issues[0].Kind != "conflict" || issues[0].Field != "assigned_to" || issues[0].RowID != j.ID {
		t.Fatalf("周敏's desk shows %+v, want the conflict on assigned_to", issues)
	}
	for _, d := range []*Services{d1, d2} {
		if _, err := d.Sync.Now(); err != nil {
			t.Fatal(err)
		}
		if jv, err := d.Jobs.Get(j.ID); err != nil || jv.Job.AssignedTo != "王芳" {
			t.Errorf("a desk holds the job as %q (%v), want 王芳's", jv.Job.AssignedTo, err)
		}
	}
}

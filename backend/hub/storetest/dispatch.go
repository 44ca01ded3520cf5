package storetest

import (
	"encoding/json"
	"testing"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/hub"
	"fieldbook/backend/protocol"
)

// desk adds and enrols a service-desk user of centre.
func (e *Env) desk(name, centre string) hub.Principal {
	e.T.Helper()
	if err := e.Svc.AddUser(e.Ctx, name, hub.RoleDesk, centre); err != nil {
		e.T.Fatalf("AddUser(%q, desk): %v", name, err)
	}
	return e.Enrol(name)
}

// refused pushes one change as p and fails unless the named rule refuses it
// (and, with field, names that field).
func (e *Env) refused(t *testing.T, what string, p hub.Principal, rule, field string, c protocol.Change) {
	t.Helper()
	r := e.Push(p, c).Results[0]
	if r.Status != protocol.StatusRejected || r.Reason == nil || r.Reason.Rule != rule {
		t.Errorf("%s: %s, want refused by rule %s", what, JS(r), rule)
		return
	}
	if r.Reason.Message == "" || r.Reason.MessageEN == "" {
		t.Errorf("%s: the refusal does not say why in Chinese and English: %s", what, JS(r.Reason))
	}
	if field != "" && (len(r.Reason.Fields) != 1 || r.Reason.Fields[0].Field != field) {
		t.Errorf("%s: refused on %s, want on %s", what, JS(r.Reason.Fields), field)
	}
}

// testDispatch: the service desk gives jobs to the technicians of its centre
// and reads all of them; a technician never gives a job to someone else.
func testDispatch(t *testing.T, e *Env) {
	dana, dora := e.desk("dana", "north"), e.desk("dora", "south")
	newJob := func(id, assignee, status string) protocol.Change {
		return protocol.Change{Table: "jobs", ID: id, Fields: F("number", "D-"+id, "job_type", "repair", "customer_id", "cust-d",
			"assigned_to", assignee, "status", status, "summary", "电话报修：空调不制冷")}
	}
	// Intake: the desk records the customer and a job for bob.
	first := newJob("d1", "bob", "draft")
	first.Fields["flags"], first.Fields["submitted_at"] = JS(map[string]any{}), JS(nil) // the whole row a laptop pushes
	e.MustApply(dana, protocol.Change{Table: "customers", ID: "cust-d", Fields: F("name", "赵女士", "phones", []string{"13900000000"})}, first)
	if rows, _ := e.PullAll(e.Bob, 0, 0, 0); find(rows, "jobs", "d1") == nil || find(rows, "customers", "cust-d") == nil {
		t.Errorf("bob's pull after the dispatch = %s, want the job and its customer", JS(rows))
	}
	if rows, _ := e.PullAll(e.Alice, 0, 0, 0); find(rows, "jobs", "d1") != nil {
		t.Error("alice reads a job dispatched to bob")
	}
	// The desk dispatches only to a technician of its centre, and only drafts.
	e.refused(t, "a job for the clerk", dana, hub.RuleDispatch, "assigned_to", newJob("d2", "carol", "draft"))
	e.refused(t, "a job for another centre's technician", dana, hub.RuleDispatch, "assigned_to", newJob("d2", "xena", "draft"))
	e.refused(t, "a job for nobody known", dana, hub.RuleDispatch, "assigned_to", newJob("d2", "不存在的人", "draft"))
	e.refused(t, "a new job already in progress", dana, hub.RuleDispatch, "", newJob("d2", "bob", "in_progress"))
	e.refused(t, "the desk moving a job on", dana, hub.RuleDispatch, "",
		protocol.Change{Table: "jobs", ID: "d1", BaseSeq: e.Row("north", "jobs", "d1").Seq, Fields: F("status", "completed")})
	e.refused(t, "the desk writing a service record", dana, hub.RuleOwnership, "",
		protocol.Change{Table: "visits", ID: "dv", Fields: F("job_id", "d1", "revision", 1, "status", "draft", "content", map[string]any{}, "signed", 0)})
	// Another centre's desk sees none of it and changes nothing of it.
	if rows, _ := e.PullAll(dora, 0, 0, 0); find(rows, "jobs", "d1") != nil {
		t.Error("another centre's desk reads the job")
	}
	if r := e.Push(dora, protocol.Change{Table: "jobs", ID: "d1", BaseSeq: e.Row("north", "jobs", "d1").Seq,
		Fields: F("summary", "改了")}).Results[0]; r.Status != protocol.StatusRejected {
		t.Errorf("another centre's desk editing the job: %s, want refused", JS(r))
	}
	if got := textOf(e.Row("north", "jobs", "d1").Fields["summary"]); got != "电话报修：空调不制冷" {
		t.Errorf("the job's summary after another centre's push = %q", got)
	}

	// A technician keeps their jobs: not to bob, neither new nor by reassignment.
	e.refused(t, "alice's new job for bob", e.Alice, hub.RuleDispatch, "", protocol.Change{Table: "jobs", ID: "a2", Fields: F(
		"number", "J-a2", "job_type", "repair", "customer_id", "cust-d", "assigned_to", "bob", "status", "draft")})
	e.SeedJob(e.Alice, "a1", "alice")
	e.refused(t, "alice giving her job to bob", e.Alice, hub.RuleDispatch, "",
		protocol.Change{Table: "jobs", ID: "a1", BaseSeq: e.Row("north", "jobs", "a1").Seq, Fields: F("assigned_to", "bob")})
	e.refused(t, "alice taking bob's job", e.Alice, hub.RuleJobAccess, "",
		protocol.Change{Table: "jobs", ID: "d1", BaseSeq: e.Row("north", "jobs", "d1").Seq, Fields: F("assigned_to", "alice")})
	// Her own label for herself names no user: taken.
	e.MustApply(e.Alice, protocol.Change{Table: "jobs", ID: "a1", BaseSeq: e.Row("north", "jobs", "a1").Seq, Fields: F("assigned_to", "王爱丽")})
	// Bob hands his job back; the desk then gives it to alice, who pulls it.
	e.MustApply(e.Bob, protocol.Change{Table: "jobs", ID: "d1", BaseSeq: e.Row("north", "jobs", "d1").Seq, Fields: F("assigned_to", "")})
	if rows, _ := e.PullAll(dana, 0, 0, 0); find(rows, "jobs", "d1") == nil || find(rows, "jobs", "a1") == nil {
		t.Errorf("the desk reads %s, want every job of its centre", JS(rows))
	}
	e.MustApply(dana, protocol.Change{Table: "jobs", ID: "d1", BaseSeq: e.Row("north", "jobs", "d1").Seq, Fields: F("assigned_to", "alice", "appointment", "2026-12-08T02:00:00Z")})
	if rows, _ := e.PullAll(e.Alice, 0, 0, 0); find(rows, "jobs", "d1") == nil {
		t.Error("alice does not pull the job the desk gave her")
	}
	if got := e.Row("north", "jobs", "d1"); textOf(got.Fields["assigned_to"]) != "alice" || got.Assignee != "alice" {
		t.Errorf("the dispatched job = %s (assignee %q), want alice's", JS(got.Fields), got.Assignee)
	}
	// The desk's phone guidance and follow-up: the desk's alone, times that
	// are times, a follow-up only of a guidance that solved the problem.
	guided := "2026-12-07T01:00:00Z"
	e.MustApply(dana, protocol.Change{Table: "jobs", ID: "d1", BaseSeq: e.Row("north", "jobs", "d1").Seq, Fields: F(
		"guidance", "指导客户重启路由器", "guidance_outcome", "solved", "guided_at", guided)})
	e.refused(t, "a technician writing the guidance", e.Alice, hub.RuleOwnership, "",
		protocol.Change{Table: "jobs", ID: "d1", BaseSeq: e.Row("north", "jobs", "d1").Seq, Fields: F("followup_result", "已回访")})
	e.refused(t, "a guidance time that is no time", dana, hub.RuleDispatch, "guided_at",
		protocol.Change{Table: "jobs", ID: "d1", BaseSeq: e.Row("north", "jobs", "d1").Seq, Fields: F("guided_at", "昨天下午")})
	e.refused(t, "a result without its time", dana, hub.RuleDispatch, "followup_result",
		protocol.Change{Table: "jobs", ID: "d1", BaseSeq: e.Row("north", "jobs", "d1").Seq, Fields: F("followup_result", "已回访")})
	e.refused(t, "a follow-up of a job sent to a technician", dana, hub.RuleDispatch, "followup_at",
		protocol.Change{Table: "jobs", ID: "d1", BaseSeq: e.Row("north", "jobs", "d1").Seq, Fields: F(
			"guidance_outcome", "dispatch", "followup_at", "2026-12-07T02:00:00Z", "followup_result", "已回访")})
	e.refused(t, "an unknown outcome", dana, hub.RuleValues, "guidance_outcome",
		protocol.Change{Table: "jobs", ID: "d1", BaseSeq: e.Row("north", "jobs", "d1").Seq, Fields: F("guidance_outcome", "maybe")})
	e.MustApply(dana, protocol.Change{Table: "jobs", ID: "d1", BaseSeq: e.Row("north", "jobs", "d1").Seq, Fields: F(
		"followup_at", "2026-12-07T02:30:00Z", "followup_result", "客户确认已恢复")})
	// The desk's 已提醒 mark: the desk's alone, its time and the
	// appointment it was of, both times.
	e.refused(t, "a technician marking the reminder", e.Alice, hub.RuleOwnership, "",
		protocol.Change{Table: "jobs", ID: "d1", BaseSeq: e.Row("north", "jobs", "d1").Seq, Fields: F(
			"reminded_at", "2026-12-07T01:00:00Z", "reminded_for", "2026-12-08T02:00:00Z")})
	e.refused(t, "a reminder without its appointment", dana, hub.RuleDispatch, "reminded_for",
		protocol.Change{Table: "jobs", ID: "d1", BaseSeq: e.Row("north", "jobs", "d1").Seq, Fields: F("reminded_at", "2026-12-07T01:00:00Z")})
	e.refused(t, "a reminder time that is no time", dana, hub.RuleDispatch, "reminded_at",
		protocol.Change{Table: "jobs", ID: "d1", BaseSeq: e.Row("north", "jobs", "d1").Seq, Fields: F(
			"reminded_at", "今天上午", "reminded_for", "2026-12-08T02:00:00Z")})
	e.MustApply(dana, protocol.Change{Table: "jobs", ID: "d1", BaseSeq: e.Row("north", "jobs", "d1").Seq, Fields: F(
		"reminded_at", "2026-12-07T01:00:00Z", "reminded_for", "2026-12-08T02:00:00Z")})
	e.refused(t, "the desk assigning a job to itself", dana, hub.RuleDispatch, "assigned_to",
		protocol.Change{Table: "jobs", ID: "d1", BaseSeq: e.Row("north", "jobs", "d1").Seq, Fields: F("assigned_to", "dana")})

	// A technician's laptop pushes a new job whole, the desk's empty fields
	// with it: nothing over nothing is no change of them. Something is.
	e.MustApply(e.Alice, protocol.Change{Table: "jobs", ID: "a3", Fields: F("number", "J-a3", "job_type", "repair", "customer_id", "cust-d",
		"assigned_to", "alice", "status", "draft", "guidance", "", "guidance_outcome", "", "guided_at", nil, "followup_result", "", "followup_at", nil)})
	e.refused(t, "a technician's new job with a guidance", e.Alice, hub.RuleOwnership, "", protocol.Change{Table: "jobs", ID: "a4", Fields: F(
		"number", "J-a4", "job_type", "repair", "customer_id", "cust-d", "assigned_to", "alice", "status", "draft", "guidance", "电话里说好了")})

	// A desk user is a role of its own on the hub.
	if u, err := e.Store.User(e.Ctx, "dana"); err != nil || u.Role != hub.RoleDesk {
		t.Errorf("User(dana) = %+v, %v", u, err)
	}
	if err := e.Svc.AddUser(e.Ctx, "eve", "dispatcher", "north"); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("AddUser with an unknown role = %v, want invalid", err)
	}
}

// textOf is a JSON string's value, "" for anything else.
func textOf(raw []byte) string {
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

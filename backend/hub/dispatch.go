package hub

import (
	"slices"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/schema"
)

// checkDispatch keeps giving jobs to people with the service desk (客服): the
// desk assigns a job to a technician of its centre, or leaves it with
// nobody; a technician keeps a job, takes it (their own name) or hands it
// back (nobody), but never gives it to another user. A technician's own
// label for themselves (the name on their laptop) names no user and gives
// nobody access. The desk writes a job's status only as a new job's draft:
// the work on it is the technician's. Its phone guidance is checked too
// (checkGuidance).
func checkDispatch(c *change) (*fieldbook.Error, error) {
	if c.t.Name != "jobs" || c.route == routeClerk {
		return nil, nil
	}
	role := c.p.User.Role
	if role == RoleDesk && slices.Contains(c.touched, "status") &&
		(c.stored != nil || textField(c.merged, "status") != schema.StatusDraft) {
		return forbidden("客服只能新建待处理（草稿）的工单，工单的进度由技术员填写。",
			"The service desk creates jobs as drafts only; a job's progress is the technician's to record."), nil
	}
	if ferr := checkGuidance(c); ferr != nil {
		return ferr, nil
	}
	if !slices.Contains(c.touched, "assigned_to") {
		return nil, nil
	}
	// What the pusher asked for: a value that meets a conflict is theirs
	// to be refused for, not the hub's.
	to := textField(c.incoming, "assigned_to")
	if to == "" {
		return nil, nil
	}
	if role == RoleTechnician && c.stored != nil && c.stored.CreatedBy != c.p.User.Name &&
		(c.stored.Assignee == c.p.User.Name || c.handedBack(c.stored)) && to != c.stored.Assignee {
		// A job dispatched to them leaves its technician only back to the
		// desk, and a job they handed back is the desk's to give again.
		return forbidden("技术员只能把工单退回客服（不指定任何人），不能转给别人或自己接手。",
			"A technician only hands a job back to the service desk (to nobody); they never give it to anyone or take it."), nil
	}
	if to == c.p.User.Name && role != RoleDesk {
		return nil, nil
	}
	u, err := c.batch.user(c.ctx, c.svc.Store, to)
	known := err == nil && u.Centre == c.p.User.Centre
	if err != nil && fieldbook.ErrorCode(err) != fieldbook.ENOTFOUND {
		return nil, err
	}
	switch role {
	case RoleTechnician:
		if known {
			return forbidden("技术员不能把工单派给别人；请把工单交回客服重新派遣。",
				"A technician cannot give a job to someone else; hand it back to the service desk to dispatch again."), nil
		}
	case RoleDesk:
		if !known || u.Role != RoleTechnician {
			e := fieldbook.Errorf(fieldbook.EINVALID, "只能派给本服务中心的技术员。", "A job is dispatched to a technician of this centre.")
			e.Fields = []fieldbook.FieldError{{Field: "assigned_to", Message: fieldbook.Message{
				ZH: "“" + to + "”不是本服务中心的技术员。", EN: to + " is not a technician of this centre."}}}
			return e, nil
		}
	}
	return nil, nil
}

// checkGuidance holds the desk's phone guidance and reminders to what the
// app records: their times are times, a follow-up belongs to a guidance
// that solved the problem by phone, and a reminder names both when it was
// given and the appointment it was of.
func checkGuidance(c *change) *fieldbook.Error {
	var v fieldbook.Validation
	for _, f := range []string{"guided_at", "followup_at", "reminded_at", "reminded_for"} {
		if raw, ok := c.incoming[f]; ok && string(raw) != "null" {
			if _, err := time.Parse(time.RFC3339Nano, textField(c.incoming, f)); err != nil {
				v.Add(f, "不是有效的时间。", "Not a valid time.")
			}
		}
	}
	followed := textField(c.merged, "followup_at") != ""
	if followed && (textField(c.merged, "guidance_outcome") != schema.GuidanceSolved || textField(c.merged, "guided_at") == "") {
		v.Add("followup_at", "只有电话指导已解决的工单需要回访。", "Only a job solved by phone guidance is followed up.")
	}
	if textField(c.merged, "followup_result") != "" && !followed {
		v.Add("followup_result", "回访结果需要回访时间。", "A follow-up result needs the time of the follow-up.")
	}
	if (textField(c.merged, "reminded_at") == "") != (textField(c.merged, "reminded_for") == "") {
		v.Add("reminded_for", "提醒需要提醒时间和所提醒的预约时间。", "A reminder needs its time and the appointment it was of.")
	}
	return v.Refusal()
}

// checkAnswer keeps a technician's answers to a dispatched job (table
// appointment_events) with the job's technician: only the technician the
// job is assigned to answers for it, in their own name — or hands it back,
// when the same push has just left the job with nobody (handedBack) — and
// the answer is one the app records (fieldbook.Answer.Check): times are
// times, a reschedule has its new time, its reason and the customer's
// consent, a hand-back its reason. Nobody else writes answers (ownership).
func checkAnswer(c *change) (*fieldbook.Error, error) {
	if c.t.Name != "appointment_events" || c.stored != nil || c.deleted {
		return nil, nil
	}
	user := c.p.User.Name
	job, err := c.tx.Row(c.ctx, "jobs", c.jobID)
	if err != nil {
		return nil, err
	}
	handingBack := textField(c.merged, "kind") == schema.AnswerHandedBack && c.handedBack(job)
	if c.p.User.Role != RoleTechnician || job == nil || (job.Assignee != user && !handingBack) {
		return forbidden("只有派到这个工单的技术员才能应答预约。", "Only the technician the job is dispatched to answers for it."), nil
	}
	var v fieldbook.Validation
	a := fieldbook.Answer{Kind: textField(c.merged, "kind"), Reason: textField(c.merged, "reason"), Consent: intField(c.merged, "consent") == 1}
	if textField(c.merged, "technician") != user {
		v.Add("technician", "应答只能以您自己的名义记录。", "An answer is recorded in your own name only.")
	}
	if _, err := time.Parse(time.RFC3339Nano, textField(c.merged, "at")); err != nil {
		v.Add("at", "不是有效的时间。", "Not a valid time.")
	}
	if raw, ok := c.merged["appointment"]; ok && string(raw) != "null" {
		t, err := time.Parse(time.RFC3339Nano, textField(c.merged, "appointment"))
		if err != nil {
			v.Add("appointment", "不是有效的时间。", "Not a valid time.")
		}
		a.Appointment = &t
	}
	if e := a.Check(); e != nil {
		for _, f := range e.Fields {
			v.Add(f.Field, f.Message.ZH, f.Message.EN)
		}
	}
	return v.Refusal(), nil
}

// handedBack reports whether this device has just handed the job back:
// nobody has it, and its assigned_to was last cleared by this device. The
// device may still send what it did on the job before (its rows go in the
// order it first changed them, and again after a restored hub in table
// order: the job's change may come first) and the hand-back's answer, until
// the desk gives the job to someone.
func (c *change) handedBack(job *Row) bool {
	return job != nil && job.Assignee == "" && job.FieldDevice["assigned_to"] == c.p.Device.ID
}

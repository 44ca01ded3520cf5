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
	if to == "" || (to == c.p.User.Name && role != RoleDesk) {
		return nil, nil
	}
	u, err := c.svc.Store.User(c.ctx, to)
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

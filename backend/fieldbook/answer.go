package fieldbook

import (
	"strings"
	"time"
	"unicode/utf8"

	"fieldbook/backend/schema"
)

// Answer is a technician's answer to a dispatched job (预约应答): the
// appointment confirmed with the customer (确认预约), moved with their consent
// (改约), nobody home with a 留言条 left (无人在家), or the job handed back to
// the service desk to be dispatched again (退回客服，重新派遣). Answers are
// kept, never changed: the desk sees the latest, the statistics count them.
type Answer struct {
	ID         string    `json:"id"`
	JobID      string    `json:"job_id"`
	Kind       string    `json:"kind"` // schema.Answer…
	Technician string    `json:"technician"`
	At         time.Time `json:"at"`
	// Appointment is a reschedule's new time.
	Appointment *time.Time `json:"appointment"`
	Reason      string     `json:"reason"`
	// Consent: the customer agreed to the new time. Without it a
	// reschedule is not recorded: the job goes back to the desk instead.
	Consent bool `json:"consent"`
}

// MaxAnswerReason bounds an answer's reason, in characters.
const MaxAnswerReason = 1000

// Check refuses an answer the app would not record, naming each field: a
// reschedule needs its new time, a reason and the customer's consent; a
// hand-back its reason; only a reschedule carries a time.
func (a Answer) Check() *Error {
	var v Validation
	reason := strings.TrimSpace(a.Reason)
	switch a.Kind {
	case schema.AnswerConfirmed, schema.AnswerNobodyHome:
		if a.Appointment != nil {
			v.Add("appointment", "只有改约需要新的预约时间。", "Only a reschedule has a new appointment time.")
		}
	case schema.AnswerRescheduled:
		if a.Appointment == nil {
			v.Add("appointment", "请填写与客户商定的新预约时间。", "Enter the new time agreed with the customer.")
		}
		if reason == "" {
			v.Add("reason", "请填写改约原因。", "Enter why the appointment moves.")
		}
		if !a.Consent {
			v.Add("consent", "客户未同意改约：请把工单退回客服重新派遣。", "The customer did not agree: hand the job back to the service desk instead.")
		}
	case schema.AnswerHandedBack:
		if reason == "" {
			v.Add("reason", "请填写退回原因。", "Enter why the job goes back to the service desk.")
		}
	default:
		v.Add("kind", "未知的应答。", "Unknown answer.")
	}
	if utf8.RuneCountInString(a.Reason) > MaxAnswerReason {
		v.maxLen("reason", a.Reason, MaxAnswerReason)
	}
	return v.Refusal()
}

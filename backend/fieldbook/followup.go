package fieldbook

import (
	"time"

	"fieldbook/backend/schema"
)

// FollowUpWindow is the service rule's 2小时内跟踪回访: a problem the service
// desk solved by phone is followed up within two hours.
const FollowUpWindow = 2 * time.Hour

// How a phone guidance ended.
const (
	GuidanceSolved   = schema.GuidanceSolved   // 电话指导已解决: a follow-up is due
	GuidanceDispatch = schema.GuidanceDispatch // 需要上门: the job goes to a technician
)

// FollowUp is a job's phone guidance and follow-up as the desk's queue
// shows it.
type FollowUp struct {
	JobID        string     `json:"job_id"`
	Number       string     `json:"number"`
	CustomerName string     `json:"customer_name"`
	Phone        string     `json:"phone"`
	Summary      string     `json:"summary"`
	Guidance     string     `json:"guidance"`
	Outcome      string     `json:"outcome"`
	GuidedAt     *time.Time `json:"guided_at"`
	DueAt        *time.Time `json:"due_at"` // GuidedAt + FollowUpWindow when solved by phone
	FollowedUpAt *time.Time `json:"followed_up_at"`
	Result       string     `json:"result"`
	Overdue      bool       `json:"overdue"` // due and not followed up, at the time asked
}

// FollowUpPage is a page of the follow-up queue, most due first; Total is
// bounded like the other lists' counts (More when there are more).
type FollowUpPage struct {
	Rows    []FollowUp `json:"rows"`
	Total   int        `json:"total"`
	More    bool       `json:"more"`
	Overdue int        `json:"overdue"` // of Total
}

// FollowUpStats are the two-hour rule's figures over the phone guidances of
// a period: how many were solved by phone, followed up within two hours,
// later, or not yet (and of those, past their two hours).
type FollowUpStats struct {
	Solved  int `json:"solved"`
	OnTime  int `json:"on_time"`
	Late    int `json:"late"`
	Open    int `json:"open"`
	Overdue int `json:"overdue"`
}

// Compliance is the two-hour rule's rate: the guidances solved by phone
// that were followed up within two hours, of all solved by phone; ok is
// false when none was.
func (s FollowUpStats) Compliance() (rate float64, ok bool) {
	if s.Solved == 0 {
		return 0, false
	}
	return float64(s.OnTime) / float64(s.Solved), true
}

package fieldbook

// DeskMonth is the service desk's figures of one month (in the centre's
// time zone): the two-hour follow-up rule over the month's phone guidances,
// arrival against the appointment over the month's appointments,
// reschedules and hand-backs, and the complaints received by kind and by
// state.
type DeskMonth struct {
	Month    string        `json:"month"` // "2026-11"; "" for the total
	FollowUp FollowUpStats `json:"followup"`
	// Appointments: jobs whose appointment falls in the month; Arrived: of
	// those, with an arrival recorded; OnTime: arrived no later than the
	// appointment; Late: arrived after it.
	Appointments int `json:"appointments"`
	Arrived      int `json:"arrived"`
	OnTime       int `json:"on_time"`
	Late         int `json:"late"`
	// Reschedules (改约) and hand-backs (交回重新派遣) are counted from the
	// technicians' answers to their appointments; EventsCounted is false
	// while this store keeps no such answers (they show as "—").
	Reschedules   int  `json:"reschedules"`
	HandBacks     int  `json:"hand_backs"`
	EventsCounted bool `json:"events_counted"`
	// Complaints received in the month, all and by kind and state.
	Complaints        int            `json:"complaints"`
	ComplaintsByKind  map[string]int `json:"complaints_by_kind"`
	ComplaintsByState map[string]int `json:"complaints_by_state"`
}

// DeskStats are the desk's figures month by month and their total.
type DeskStats struct {
	Months []DeskMonth `json:"months"`
	Total  DeskMonth   `json:"total"`
	Zone   string      `json:"zone"`
}

// Add adds o's figures to m's.
func (m *DeskMonth) Add(o DeskMonth) {
	m.FollowUp.Solved += o.FollowUp.Solved
	m.FollowUp.OnTime += o.FollowUp.OnTime
	m.FollowUp.Late += o.FollowUp.Late
	m.FollowUp.Open += o.FollowUp.Open
	m.FollowUp.Overdue += o.FollowUp.Overdue
	m.Appointments += o.Appointments
	m.Arrived += o.Arrived
	m.OnTime += o.OnTime
	m.Late += o.Late
	m.Reschedules += o.Reschedules
	m.HandBacks += o.HandBacks
	m.EventsCounted = m.EventsCounted || o.EventsCounted
	m.Complaints += o.Complaints
	for k, n := range o.ComplaintsByKind {
		if m.ComplaintsByKind == nil {
			m.ComplaintsByKind = map[string]int{}
		}
		m.ComplaintsByKind[k] += n
	}
	for k, n := range o.ComplaintsByState {
		if m.ComplaintsByState == nil {
			m.ComplaintsByState = map[string]int{}
		}
		m.ComplaintsByState[k] += n
	}
}

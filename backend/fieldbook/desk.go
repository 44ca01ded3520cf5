package fieldbook

import "time"

// A technician leaves for an appointment early enough to arrive 5–10
// minutes before it (售后服务规范, 技术员出发). A job records no travel time, so
// the day plans a fixed allowance for the way and the upper end of the
// margin: a few minutes lost on the road still arrive in time.
const (
	TravelAllowance = 30 * time.Minute
	ArriveEarly     = 10 * time.Minute
)

// LeaveAt is when a technician leaves for an appointment.
func LeaveAt(appointment time.Time) time.Time {
	return appointment.Add(-TravelAllowance - ArriveEarly)
}

// Appointment is one visit of a technician's day (工作台): the job and when
// to leave for it.
type Appointment struct {
	Job     JobRow    `json:"job"`
	LeaveAt time.Time `json:"leave_at"`
}

// DeskBoard is the service desk's page (客服台): the open jobs nobody is
// dispatched to, and every technician's appointments today and tomorrow
// (the centre's days), in time order.
type DeskBoard struct {
	Undispatched []JobRow `json:"undispatched"`
	Today        []JobRow `json:"today"`
	Tomorrow     []JobRow `json:"tomorrow"`
}

// Dispatch is the service desk's dispatch of a job: to whom (a technician
// of the centre; "" hands it back to the desk) and when (nil: no
// appointment).
type Dispatch struct {
	JobID       string     `json:"job_id"`
	AssignedTo  string     `json:"assigned_to"`
	Appointment *time.Time `json:"appointment"`
}

// Stages of an appointment's card on the board (4S 预约): booked (作业预约),
// in work once a visit has started (作业管理), done once handed in.
const (
	StageBooked = "booked"
	StageInWork = "in_work"
	StageDone   = "done"
)

// Stage is the card stage of a job in a status.
func Stage(status string) string {
	switch status {
	case JobDraft:
		return StageBooked
	case JobSubmitted, JobFiled:
		return StageDone
	}
	return StageInWork
}

// BoardDays bounds the appointments board: a day, or a week.
const BoardDays = 7

// AppointmentBoard is the service desk's appointments board (预约统计表):
// each technician's appointments of a day or a week, day by day, with how
// many are booked against the centre's daily capacity.
type AppointmentBoard struct {
	From     string      `json:"from"` // YYYY-MM-DD, the centre's first day shown
	Days     []string    `json:"days"` // YYYY-MM-DD, each day shown
	Capacity int         `json:"capacity"`
	Lines    []BoardLine `json:"lines"` // by technician; the undispatched ("") last
	// More: the days hold more appointments than the board shows.
	More bool `json:"more"`
}

// BoardLine is one technician's row of the board.
type BoardLine struct {
	Technician string     `json:"technician"` // "" for appointments nobody is dispatched to
	Days       []BoardDay `json:"days"`       // one per day of the board
}

// BoardDay is one technician's day on the board.
type BoardDay struct {
	Date   string      `json:"date"`
	Booked int         `json:"booked"`
	Over   bool        `json:"over"` // booked beyond the capacity
	Cards  []BoardCard `json:"cards"`
}

// BoardCard is one appointment on the board, in its stage.
type BoardCard struct {
	Job   JobRow `json:"job"`
	Stage string `json:"stage"`
}

// Reminder is an appointment of today or tomorrow the desk reminds its
// customer of (提前提醒), and whether a desk has: the mark holds for the
// appointment it was given for.
type Reminder struct {
	Job        JobRow     `json:"job"`
	Day        string     `json:"day"` // "today" or "tomorrow"
	Reminded   bool       `json:"reminded"`
	RemindedAt *time.Time `json:"reminded_at"`
}

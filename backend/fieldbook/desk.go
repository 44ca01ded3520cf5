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

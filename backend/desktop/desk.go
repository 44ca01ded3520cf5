package desktop

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/pdf"
	"fieldbook/backend/sqlite"
	"fieldbook/backend/syncer"
)

// Desk returns the service desk's page (客服台): the jobs nobody is
// dispatched to and the appointments of today and tomorrow.
func (j *Jobs) Desk() (fieldbook.DeskBoard, error) {
	db, err := j.store()
	if err != nil {
		return fieldbook.DeskBoard{}, err
	}
	return db.DeskBoard(context.Background())
}

// Board returns the appointments board (预约看板) of days days (1 or 7) from
// the centre's day from (YYYY-MM-DD), of one technician or everyone ("").
func (j *Jobs) Board(technician, from string, days int) (fieldbook.AppointmentBoard, error) {
	db, err := j.store()
	if err != nil {
		return fieldbook.AppointmentBoard{}, err
	}
	return db.AppointmentBoard(context.Background(), technician, from, days)
}

// Reminders lists today's and tomorrow's appointments whose customers the
// desk reminds, each with whether a desk has.
func (j *Jobs) Reminders() ([]fieldbook.Reminder, error) {
	db, err := j.store()
	if err != nil {
		return nil, err
	}
	return db.Reminders(context.Background())
}

// MarkReminded marks the job's appointment as reminded (已提醒), or takes the
// mark back, and syncs at once when enrolled so that the other desks see it
// (offline, the next sync sends it).
func (j *Jobs) MarkReminded(jobID string, done bool) (fieldbook.Reminder, error) {
	db, err := j.store()
	if err != nil {
		return fieldbook.Reminder{}, err
	}
	r, err := db.MarkReminded(context.Background(), jobID, done)
	if err == nil {
		j.sendNow(db)
	}
	return r, err
}

// sendNow syncs at once when the device is enrolled, so that what the desk
// just wrote reaches the other desks; offline, the next sync sends it.
func (j *Jobs) sendNow(db *sqlite.DB) {
	if _, enrolled, err := syncer.New(db, nil).Account(context.Background()); err == nil && enrolled {
		_, _ = j.sync.Now()
	}
}

// Day returns the enrolled technician's appointments today (this device's
// technician before enrolling), each with when to leave.
func (j *Jobs) Day() ([]fieldbook.Appointment, error) {
	db, err := j.store()
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	return db.Day(ctx, userName(ctx, db))
}

// Answered is a technician's answer after the sync that sent it.
type Answered struct {
	Answer fieldbook.Answer `json:"answer"`
	// Sent: the hub has it; false: offline or not enrolled, it goes with
	// the next sync.
	Sent bool `json:"sent"`
}

// Answer records the technician's answer to a job dispatched to them
// (confirmed, rescheduled with the customer's consent, nobody home, handed
// back to the service desk) and sends it at once, so that the desk sees it
// at its next sync.
func (j *Jobs) Answer(a fieldbook.Answer) (Answered, error) {
	db, err := j.store()
	if err != nil {
		return Answered{}, err
	}
	ctx := context.Background()
	got, err := db.Answer(ctx, userName(ctx, db), a)
	if err != nil {
		return Answered{}, err
	}
	if _, enrolled, err := syncer.New(db, nil).Account(ctx); err != nil || !enrolled {
		return Answered{Answer: got}, err
	}
	_, err = j.sync.Now()
	return Answered{Answer: got, Sent: err == nil}, nil
}

// Dispatched is a dispatch after the sync that sent it.
type Dispatched struct {
	Job fieldbook.Job `json:"job"`
	// Sent: the hub took it; false: the device is offline or not enrolled,
	// and it goes with the next sync.
	Sent bool `json:"sent"`
}

// Dispatch gives a job to a technician with an appointment and sends it to
// the hub at once. The hub checks the technician (one of the centre's); a
// refusal is returned as the field's error, and the job is put back as the
// hub has it.
func (j *Jobs) Dispatch(in fieldbook.Dispatch) (Dispatched, error) {
	jobID := in.JobID
	db, err := j.store()
	if err != nil {
		return Dispatched{}, err
	}
	ctx := context.Background()
	_, enrolled, err := syncer.New(db, nil).Account(ctx)
	if err != nil {
		return Dispatched{}, err
	}
	if enrolled {
		// A job just taken down goes to the hub first, on its own: a
		// refused dispatch then refuses the dispatch only, not the job.
		// Offline, both go with the next sync.
		_, _ = j.sync.Now()
	}
	before, err := db.Job(ctx, jobID)
	if err != nil {
		return Dispatched{}, err
	}
	job, err := db.Dispatch(ctx, jobID, in.AssignedTo, in.Appointment)
	if err != nil || !enrolled {
		return Dispatched{Job: job}, err
	}
	seen, err := lastIssue(ctx, db)
	if err != nil {
		return Dispatched{}, err
	}
	if _, err := j.sync.Now(); err != nil {
		return Dispatched{Job: job}, nil // offline: the next sync sends it
	}
	issues, err := db.SyncIssues(ctx)
	if err != nil {
		return Dispatched{}, err
	}
	for _, is := range issues {
		if is.ID <= seen || is.Kind != "rejected" || is.Table != "jobs" || is.RowID != jobID {
			continue
		}
		// Shown on the dialog's field, the refusal is settled: the job goes
		// back to who had it and when.
		if _, err := db.Dispatch(ctx, jobID, before.Job.AssignedTo, before.Job.Appointment); err != nil {
			return Dispatched{}, err
		}
		if err := db.ResolveSyncIssue(ctx, is.ID, "theirs"); err != nil {
			return Dispatched{}, err
		}
		e := fieldbook.Errorf(fieldbook.EINVALID, is.Message, is.MessageEN)
		if is.Field != "" {
			e.Fields = []fieldbook.FieldError{{Field: is.Field, Message: fieldbook.Message{ZH: is.Message, EN: is.MessageEN}}}
		}
		return Dispatched{}, e
	}
	return Dispatched{Job: job, Sent: true}, nil
}

// lastIssue is the id of the newest sync issue, 0 for none.
func lastIssue(ctx context.Context, db *sqlite.DB) (int64, error) {
	issues, err := db.SyncIssues(ctx)
	if err != nil || len(issues) == 0 {
		return 0, err
	}
	return issues[0].ID, nil // newest first
}

// DispatchSlip renders the job's 售后派遣单 under the centre's letterhead,
// for the technician to take on the visit, and opens it.
func (j *Jobs) DispatchSlip(jobID string) (fieldbook.Document, error) {
	db, err := j.store()
	if err != nil {
		return fieldbook.Document{}, err
	}
	ctx := context.Background()
	jv, err := db.Job(ctx, jobID)
	if err != nil {
		return fieldbook.Document{}, err
	}
	company, _, err := db.Letterhead(ctx)
	if err != nil {
		return fieldbook.Document{}, err
	}
	s := pdf.DispatchSlip{Company: company, Job: jv.Job, JobTypeName: jv.JobTypeName.ZH, Customer: customerSnapshot(jv.Customer),
		Asset: assetSnapshot(jv), GeneratedAt: time.Now(), Zone: db.Zone(ctx)}
	var buf bytes.Buffer
	if err := pdf.DispatchSlipPDF(&buf, s); err != nil {
		return fieldbook.Document{}, fmt.Errorf("dispatch slip: %w", err)
	}
	return j.show(db.SaveExport(jv.Job.Number+"-售后派遣单.pdf", buf.Bytes()))
}

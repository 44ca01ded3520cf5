package sqlite

import (
	"context"
	"database/sql"
	"time"

	"fieldbook/backend/fieldbook"
)

// Undispatched lists the open jobs nobody is dispatched to — the service
// desk's queue — oldest first, at most limit of them.
func (d *DB) Undispatched(ctx context.Context, limit int) ([]fieldbook.JobRow, error) {
	var out []fieldbook.JobRow
	err := d.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = jobRows(ctx, tx, `j.deleted = 0 AND j.assigned_to = '' AND j.status NOT IN ('submitted', 'filed')
			ORDER BY j.seq LIMIT ?`, clampLimit(limit))
		return err
	})
	return out, err
}

// Appointments lists the jobs with an appointment in [from, to), in time
// order, at most limit of them: one technician's (工作台), or every
// technician's for an empty technician (the service desk). A job nobody has
// (handed back) is in the desk's queue, not on a board.
func (d *DB) Appointments(ctx context.Context, technician string, from, to time.Time, limit int) ([]fieldbook.JobRow, error) {
	where := `j.deleted = 0 AND j.appointment IS NOT NULL AND j.appointment >= ? AND j.appointment < ?`
	args := []any{ts(from), ts(to)}
	if technician != "" {
		where += ` AND j.assigned_to = ?`
		args = append(args, technician)
	} else {
		where += ` AND j.assigned_to <> ''`
	}
	var out []fieldbook.JobRow
	err := d.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = jobRows(ctx, tx, where+` ORDER BY j.appointment, j.seq LIMIT ?`, append(args, clampLimit(limit))...)
		return err
	})
	return out, err
}

// deskLimit bounds each list of the desk and the day: a centre's day has
// tens of visits, not hundreds.
const deskLimit = 200

// today is the start of the centre's day that holds now.
func (d *DB) today(ctx context.Context) time.Time {
	now := d.Now().In(d.Zone(ctx))
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
}

// DeskBoard returns the service desk's queue and the appointments of today
// and tomorrow.
func (d *DB) DeskBoard(ctx context.Context) (fieldbook.DeskBoard, error) {
	var b fieldbook.DeskBoard
	var err error
	if b.Undispatched, err = d.Undispatched(ctx, deskLimit); err != nil {
		return b, err
	}
	day := d.today(ctx)
	if b.Today, err = d.Appointments(ctx, "", day, day.AddDate(0, 0, 1), deskLimit); err != nil {
		return b, err
	}
	b.Tomorrow, err = d.Appointments(ctx, "", day.AddDate(0, 0, 1), day.AddDate(0, 0, 2), deskLimit)
	return b, err
}

// Day returns a technician's appointments today (the centre's day), in
// time order, each with when to leave for it.
func (d *DB) Day(ctx context.Context, technician string) ([]fieldbook.Appointment, error) {
	out := []fieldbook.Appointment{}
	if technician == "" {
		return out, nil
	}
	day := d.today(ctx)
	rows, err := d.Appointments(ctx, technician, day, day.AddDate(0, 0, 1), deskLimit)
	for _, r := range rows {
		out = append(out, fieldbook.Appointment{Job: r, LeaveAt: fieldbook.LeaveAt(*r.Appointment)})
	}
	return out, err
}

package sqlite

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"fieldbook/backend/fieldbook"
)

// boardLimit bounds the appointments a board shows: a week of a centre is
// hundreds of visits at most.
const boardLimit = 1000

// AppointmentBoard returns the appointments board of days days (1: the day
// view, 7: the week) from the centre's day from (YYYY-MM-DD), of one
// technician or, for "", of everyone: each technician's days with their
// cards and how many are booked against the centre's daily capacity. It
// reads the appointments' index over the days' range.
func (d *DB) AppointmentBoard(ctx context.Context, technician, from string, days int) (fieldbook.AppointmentBoard, error) {
	var b fieldbook.AppointmentBoard
	zone := d.Zone(ctx)
	start, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(from), zone)
	if err != nil {
		var v fieldbook.Validation
		v.Add("from", "请选择有效的日期。", "Choose a valid date.")
		return b, v.Err()
	}
	days = min(max(days, 1), fieldbook.BoardDays)
	end := start.AddDate(0, 0, days)
	b.From = start.Format(time.DateOnly)
	for i := range days {
		b.Days = append(b.Days, start.AddDate(0, 0, i).Format(time.DateOnly))
	}
	centre, _, err := centreRow(ctx, d.rdb)
	if err != nil {
		return b, err
	}
	b.Capacity = centre.Capacity()

	where := `j.deleted = 0 AND j.appointment IS NOT NULL AND j.appointment >= ? AND j.appointment < ?`
	args := []any{ts(start), ts(end)}
	if technician = strings.TrimSpace(technician); technician != "" {
		where += ` AND j.assigned_to = ?`
		args = append(args, technician)
	}
	var rows []fieldbook.JobRow
	err = d.read(ctx, func(tx *sql.Tx) error {
		rows, err = jobRows(ctx, tx, where+` ORDER BY j.appointment, j.seq LIMIT ?`, append(args, boardLimit+1)...)
		return err
	})
	if err != nil {
		return b, err
	}
	if len(rows) > boardLimit {
		rows, b.More = rows[:boardLimit], true
	}
	lines := map[string]*fieldbook.BoardLine{}
	for _, r := range rows {
		l := lines[r.AssignedTo]
		if l == nil {
			l = &fieldbook.BoardLine{Technician: r.AssignedTo}
			for _, day := range b.Days {
				l.Days = append(l.Days, fieldbook.BoardDay{Date: day, Cards: []fieldbook.BoardCard{}})
			}
			lines[r.AssignedTo] = l
		}
		i := slices.Index(b.Days, r.Appointment.In(zone).Format(time.DateOnly))
		if i < 0 {
			continue
		}
		day := &l.Days[i]
		day.Cards = append(day.Cards, fieldbook.BoardCard{Job: r, Stage: fieldbook.Stage(r.Status)})
		day.Booked++
		day.Over = day.Booked > b.Capacity
	}
	b.Lines = []fieldbook.BoardLine{}
	for _, l := range lines {
		b.Lines = append(b.Lines, *l)
	}
	slices.SortFunc(b.Lines, func(x, y fieldbook.BoardLine) int {
		switch {
		case x.Technician == "":
			return 1
		case y.Technician == "":
			return -1
		}
		return strings.Compare(x.Technician, y.Technician)
	})
	return b, nil
}

// Reminders lists the appointments of today and tomorrow (the centre's
// days) not handed in yet, in time order, for the desk to remind their
// customers, each with whether a desk has reminded them of it.
func (d *DB) Reminders(ctx context.Context) ([]fieldbook.Reminder, error) {
	day := d.today(ctx)
	tomorrow := day.AddDate(0, 0, 1)
	out := []fieldbook.Reminder{}
	err := d.read(ctx, func(tx *sql.Tx) error {
		rows, err := jobRows(ctx, tx, `j.deleted = 0 AND j.appointment IS NOT NULL AND j.appointment >= ? AND j.appointment < ?
			AND j.status NOT IN ('submitted', 'filed') ORDER BY j.appointment, j.seq LIMIT ?`, ts(day), ts(day.AddDate(0, 0, 2)), boardLimit)
		if err != nil {
			return err
		}
		marks, err := tx.QueryContext(ctx, `SELECT id, reminded_at, reminded_for = appointment FROM jobs
			WHERE deleted = 0 AND appointment IS NOT NULL AND appointment >= ? AND appointment < ? AND reminded_at IS NOT NULL`,
			ts(day), ts(day.AddDate(0, 0, 2)))
		if err != nil {
			return err
		}
		defer marks.Close()
		type mark struct {
			at      *time.Time
			current bool
		}
		byID := map[string]mark{}
		for marks.Next() {
			var id string
			var at sql.NullString
			var current sql.NullBool
			if err := marks.Scan(&id, &at, &current); err != nil {
				return err
			}
			byID[id] = mark{parseTSPtr(at), current.Bool}
		}
		if err := marks.Err(); err != nil {
			return err
		}
		for _, r := range rows {
			rem := fieldbook.Reminder{Job: r, Day: "today"}
			if !r.Appointment.Before(tomorrow) {
				rem.Day = "tomorrow"
			}
			if m, ok := byID[r.ID]; ok && m.current {
				rem.Reminded, rem.RemindedAt = true, m.at
			}
			out = append(out, rem)
		}
		return nil
	})
	return out, err
}

// MarkReminded records that the desk reminded the customer of the job's
// appointment, now (已提醒), or, for !done, takes the mark back. The mark
// names the appointment: one moved since needs reminding again.
func (d *DB) MarkReminded(ctx context.Context, jobID string, done bool) (fieldbook.Reminder, error) {
	now := d.Now()
	err := d.tx(ctx, func(tx *sql.Tx) error {
		var appointment sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT appointment FROM jobs WHERE id = ? AND deleted = 0`, jobID).Scan(&appointment)
		if err == sql.ErrNoRows {
			return fieldbook.Errorf(fieldbook.ENOTFOUND, "工单不存在。", "The job does not exist.")
		}
		if err != nil {
			return err
		}
		if !done {
			_, err = tx.ExecContext(ctx, `UPDATE jobs SET reminded_at = NULL, reminded_for = NULL,
				updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ? AND reminded_at IS NOT NULL`, ts(now), d.deviceID, jobID)
			return err
		}
		if !appointment.Valid {
			return fieldbook.Errorf(fieldbook.ECONFLICT, "工单没有预约时间，无需提醒。", "The job has no appointment to remind of.")
		}
		_, err = tx.ExecContext(ctx, `UPDATE jobs SET reminded_at = ?, reminded_for = appointment,
			updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?`, ts(now), ts(now), d.deviceID, jobID)
		return err
	})
	if err != nil {
		return fieldbook.Reminder{}, err
	}
	var out fieldbook.Reminder
	err = d.read(ctx, func(tx *sql.Tx) error {
		rows, err := jobRows(ctx, tx, `j.id = ?`, jobID)
		if err != nil || len(rows) == 0 {
			return err
		}
		out.Job = rows[0]
		var at sql.NullString
		var current sql.NullBool
		if err := tx.QueryRowContext(ctx, `SELECT reminded_at, reminded_for = appointment FROM jobs WHERE id = ?`, jobID).Scan(&at, &current); err != nil {
			return err
		}
		out.Reminded, out.RemindedAt = current.Bool, parseTSPtr(at)
		if !out.Reminded {
			out.RemindedAt = nil
		}
		day := d.today(ctx)
		out.Day = "today"
		if r := out.Job.Appointment; r != nil && !r.Before(day.AddDate(0, 0, 1)) {
			out.Day = "tomorrow"
		}
		return nil
	})
	return out, err
}

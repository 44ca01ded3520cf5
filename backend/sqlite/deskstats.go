package sqlite

import (
	"context"
	"database/sql"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/schema"
)

// maxDeskMonths bounds the months of one DeskStats: ten years.
const maxDeskMonths = 120

// DeskStats are the service desk's figures month by month, from the month
// from to the month to (both "2006-01", in the centre's time zone), at now:
// the two-hour follow-up rule (FollowUpStats), arrival against the
// appointment, reschedules and hand-backs, and complaints by kind and
// state. Each month is a range of an index: the follow-ups' (jobs_guided),
// the appointments' (jobs_appointment) with each job's visits, the
// complaints' (complaints_received).
func (d *DB) DeskStats(ctx context.Context, from, to string, now time.Time) (fieldbook.DeskStats, error) {
	zone := d.Zone(ctx)
	out := fieldbook.DeskStats{Zone: zone.String()}
	first, err1 := time.ParseInLocation("2006-01", from, zone)
	last, err2 := time.ParseInLocation("2006-01", to, zone)
	if err1 != nil || err2 != nil || last.Before(first) || last.After(first.AddDate(0, maxDeskMonths-1, 0)) {
		var v fieldbook.Validation
		v.Add("months", "请选择有效的月份范围（最多十年）。", "Choose a valid range of months (ten years at most).")
		return out, v.Err()
	}
	for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
		month, err := d.deskMonth(ctx, m, m.AddDate(0, 1, 0), now)
		if err != nil {
			return out, err
		}
		month.Month = m.Format("2006-01")
		out.Total.Add(month)
		out.Months = append(out.Months, month)
	}
	return out, nil
}

// deskMonth counts the figures of [from, to).
func (d *DB) deskMonth(ctx context.Context, from, to, now time.Time) (fieldbook.DeskMonth, error) {
	m := fieldbook.DeskMonth{ComplaintsByKind: map[string]int{}, ComplaintsByState: map[string]int{}}
	var err error
	if m.FollowUp, err = d.FollowUpStats(ctx, from, to, now); err != nil {
		return m, err
	}
	err = d.read(ctx, func(tx *sql.Tx) error {
		if err := arrivals(ctx, tx, from, to, &m); err != nil {
			return err
		}
		if err := appointmentAnswers(ctx, tx, from, to, &m); err != nil {
			return err
		}
		return complaintCounts(ctx, tx, from, to, &m)
	})
	return m, err
}

// arrivalsQuery reads the jobs whose appointment falls in a range, each
// with the arrival its latest service record records (the revision the
// archive statistics read, latestVisit), empty when none.
const arrivalsQuery = `SELECT j.appointment, coalesce(v.content ->> '$.arrived_at', '') FROM jobs j` + latestVisit + `
	WHERE j.deleted = 0 AND j.appointment IS NOT NULL AND j.appointment >= ? AND j.appointment < ?`

// arrivals counts the appointments of [from, to) and how the technician
// arrived: on time when no later than the appointment, late after it.
func arrivals(ctx context.Context, tx *sql.Tx, from, to time.Time, m *fieldbook.DeskMonth) error {
	rows, err := tx.QueryContext(ctx, arrivalsQuery, ts(from), ts(to))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var appointment, arrived string
		if err := rows.Scan(&appointment, &arrived); err != nil {
			return err
		}
		m.Appointments++
		at, err := time.Parse(time.RFC3339Nano, arrived)
		switch {
		case err != nil:
		case at.After(parseTS(appointment)):
			m.Arrived++
			m.Late++
		default:
			m.Arrived++
			m.OnTime++
		}
	}
	return rows.Err()
}

// appointmentAnswers counts the reschedules and hand-backs the technicians
// answered in [from, to) (appointment_events, by the time of the answer).
func appointmentAnswers(ctx context.Context, tx *sql.Tx, from, to time.Time, m *fieldbook.DeskMonth) error {
	rows, err := tx.QueryContext(ctx, `SELECT kind, count(*) FROM appointment_events
		WHERE kind IN ('rescheduled', 'handed_back') AND at >= ? AND at < ? AND deleted = 0 GROUP BY kind`,
		from.UTC().Format(answerAt), to.UTC().Format(answerAt))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var n int
		if err := rows.Scan(&kind, &n); err != nil {
			return err
		}
		switch kind {
		case schema.AnswerRescheduled:
			m.Reschedules = n
		case schema.AnswerHandedBack:
			m.HandBacks = n
		}
	}
	m.EventsCounted = true
	return rows.Err()
}

// complaintCounts counts the complaints received in [from, to) by kind and
// by state ("" kind: not classified yet).
func complaintCounts(ctx context.Context, tx *sql.Tx, from, to time.Time, m *fieldbook.DeskMonth) error {
	rows, err := tx.QueryContext(ctx, `SELECT kind, state, count(*) FROM complaints
		WHERE deleted = 0 AND received_at >= ? AND received_at < ? GROUP BY kind, state`, ts(from), ts(to))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var kind, state string
		var n int
		if err := rows.Scan(&kind, &state, &n); err != nil {
			return err
		}
		m.Complaints += n
		m.ComplaintsByKind[kind] += n
		m.ComplaintsByState[state] += n
	}
	return rows.Err()
}

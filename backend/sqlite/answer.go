package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/schema"
)

// answerAt is how an answer's time is stored: UTC to the millisecond, fixed
// width, so that the text sorts as the time does.
const answerAt = "2006-01-02T15:04:05.000Z"

// Answer records the technician's answer to a job dispatched to them
// (fieldbook.Answer: confirmed, rescheduled, nobody home, handed back), in
// the transaction of its effect on the job: a reschedule moves the job's
// appointment, a hand-back leaves the job with nobody — back in the service
// desk's queue. technician is the hub user of this laptop; a job no longer
// theirs (reassigned, handed back, handed in) is not answered for.
func (d *DB) Answer(ctx context.Context, technician string, a fieldbook.Answer) (fieldbook.Answer, error) {
	a.Technician = strings.TrimSpace(technician)
	a.Reason = strings.TrimSpace(a.Reason)
	if e := a.Check(); e != nil {
		return fieldbook.Answer{}, e
	}
	if a.Kind != schema.AnswerRescheduled {
		a.Consent = false
	}
	err := d.tx(ctx, func(tx *sql.Tx) error {
		var status, assignee string
		err := tx.QueryRowContext(ctx, `SELECT status, assigned_to FROM jobs WHERE id = ? AND deleted = 0`, a.JobID).Scan(&status, &assignee)
		if err == sql.ErrNoRows {
			return fieldbook.Errorf(fieldbook.ENOTFOUND, "工单不存在。", "The job does not exist.")
		}
		if err != nil {
			return err
		}
		if a.Technician == "" || assignee != a.Technician {
			return fieldbook.Errorf(fieldbook.ECONFLICT, "这个工单已不再派给您（已改派或已退回客服）。",
				"This job is no longer dispatched to you (reassigned or handed back).")
		}
		if status == fieldbook.JobSubmitted || status == fieldbook.JobFiled {
			return fieldbook.Errorf(fieldbook.ECONFLICT, "工单已交档，不再应答预约。", "The job has been handed in; its appointment is no longer answered.")
		}
		now := d.Now()
		a.ID, a.At = newID(), now.UTC().Truncate(time.Millisecond)
		if _, err := tx.ExecContext(ctx, `INSERT INTO appointment_events (id, job_id, kind, technician, at, appointment, reason, consent,
				created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.JobID, a.Kind, a.Technician, a.At.Format(answerAt), tsPtr(a.Appointment), a.Reason, boolInt(a.Consent),
			ts(now), ts(now), d.deviceID); err != nil {
			return err
		}
		switch a.Kind {
		case schema.AnswerRescheduled:
			_, err = tx.ExecContext(ctx, `UPDATE jobs SET appointment = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?`,
				tsPtr(a.Appointment), ts(now), d.deviceID, a.JobID)
		case schema.AnswerHandedBack:
			_, err = tx.ExecContext(ctx, `UPDATE jobs SET assigned_to = '', updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?`,
				ts(now), d.deviceID, a.JobID)
		}
		return err
	})
	if err != nil {
		return fieldbook.Answer{}, err
	}
	return a, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// latestAnswer and nobodyHome are columns of a job list (jobRows): the
// latest answer of the job's technician (any technician's while nobody
// has the job: a hand-back), as JSON, and the nobody-home attempts.
const (
	latestAnswer = `(SELECT json_object('id', e.id, 'job_id', e.job_id, 'kind', e.kind, 'technician', e.technician, 'at', e.at,
			'appointment', e.appointment, 'reason', e.reason, 'consent', e.consent)
		FROM appointment_events e WHERE e.job_id = j.id AND e.deleted = 0 AND (j.assigned_to = '' OR e.technician = j.assigned_to)
		ORDER BY e.at DESC, e.id DESC LIMIT 1)`
	nobodyHome = `(SELECT count(*) FROM appointment_events e WHERE e.job_id = j.id AND e.kind = 'nobody_home' AND e.deleted = 0)`
)

// parseAnswer decodes a latestAnswer column; nil for none.
func parseAnswer(s sql.NullString) *fieldbook.Answer {
	var raw struct {
		ID          string  `json:"id"`
		JobID       string  `json:"job_id"`
		Kind        string  `json:"kind"`
		Technician  string  `json:"technician"`
		At          string  `json:"at"`
		Appointment *string `json:"appointment"`
		Reason      string  `json:"reason"`
		Consent     int     `json:"consent"`
	}
	if !s.Valid || json.Unmarshal([]byte(s.String), &raw) != nil {
		return nil
	}
	a := &fieldbook.Answer{ID: raw.ID, JobID: raw.JobID, Kind: raw.Kind, Technician: raw.Technician, At: parseTS(raw.At),
		Reason: raw.Reason, Consent: raw.Consent == 1}
	if raw.Appointment != nil {
		a.Appointment = parseTSPtr(sql.NullString{String: *raw.Appointment, Valid: true})
	}
	return a
}

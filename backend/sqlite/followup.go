package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"fieldbook/backend/fieldbook"
)

// maxGuidanceRunes bounds the desk's guidance and follow-up texts.
const maxGuidanceRunes = 4000

// RecordGuidance records the service desk's phone guidance of a job (电话指导):
// what the customer was told and how it ended — solved by phone (the
// two-hour follow-up is then due) or a technician is needed. Its time is
// now; recorded again, it replaces the guidance and starts the clock again.
func (d *DB) RecordGuidance(ctx context.Context, jobID, guidance, outcome string) (fieldbook.FollowUp, error) {
	guidance = strings.TrimSpace(guidance)
	var v fieldbook.Validation
	switch n := len([]rune(guidance)); {
	case n == 0:
		v.Add("guidance", "请填写电话指导的内容。", "Enter what the customer was guided through.")
	case n > maxGuidanceRunes:
		v.Add("guidance", "内容过长，最多 4000 字。", "Too long: at most 4000 characters.")
	}
	if outcome != fieldbook.GuidanceSolved && outcome != fieldbook.GuidanceDispatch {
		v.Add("outcome", "请选择结果：已解决或需要上门。", "Choose how it ended: solved, or a visit is needed.")
	}
	if err := v.Err(); err != nil {
		return fieldbook.FollowUp{}, err
	}
	return d.writeFollowUp(ctx, jobID, func(tx *sql.Tx, now string) error {
		_, err := tx.ExecContext(ctx, `UPDATE jobs SET guidance = ?, guidance_outcome = ?, guided_at = ?, followup_result = '', followup_at = NULL,
			updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?`, guidance, outcome, now, now, d.deviceID, jobID)
		return err
	})
}

// RecordFollowUp records the result of following up a job solved by phone
// (回访结果), now. A second record corrects the result and keeps the time of
// the first.
func (d *DB) RecordFollowUp(ctx context.Context, jobID, result string) (fieldbook.FollowUp, error) {
	result = strings.TrimSpace(result)
	var v fieldbook.Validation
	switch n := len([]rune(result)); {
	case n == 0:
		v.Add("result", "请填写回访结果。", "Enter the result of the follow-up.")
	case n > maxGuidanceRunes:
		v.Add("result", "内容过长，最多 4000 字。", "Too long: at most 4000 characters.")
	}
	if err := v.Err(); err != nil {
		return fieldbook.FollowUp{}, err
	}
	return d.writeFollowUp(ctx, jobID, func(tx *sql.Tx, now string) error {
		var outcome string
		if err := tx.QueryRowContext(ctx, `SELECT guidance_outcome FROM jobs WHERE id = ?`, jobID).Scan(&outcome); err != nil {
			return err
		}
		if outcome != fieldbook.GuidanceSolved {
			return fieldbook.Errorf(fieldbook.ECONFLICT, "只有电话指导已解决的工单需要回访。", "Only a job solved by phone guidance is followed up.")
		}
		_, err := tx.ExecContext(ctx, `UPDATE jobs SET followup_result = ?, followup_at = coalesce(followup_at, ?),
			updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?`, result, now, now, d.deviceID, jobID)
		return err
	})
}

// writeFollowUp runs write on a live job in a transaction and returns the
// job's follow-up as stored.
func (d *DB) writeFollowUp(ctx context.Context, jobID string, write func(tx *sql.Tx, now string) error) (fieldbook.FollowUp, error) {
	now := d.Now()
	err := d.tx(ctx, func(tx *sql.Tx) error {
		var live int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM jobs WHERE id = ? AND deleted = 0`, jobID).Scan(&live); err != nil {
			return err
		}
		if live == 0 {
			return fieldbook.Errorf(fieldbook.ENOTFOUND, "工单不存在。", "The job does not exist.")
		}
		return write(tx, ts(now))
	})
	if err != nil {
		return fieldbook.FollowUp{}, err
	}
	rows, err := d.followUps(ctx, "", `WHERE j.id = ?`, now, jobID)
	if err != nil || len(rows) == 0 {
		return fieldbook.FollowUp{}, err
	}
	return rows[0], nil
}

// FollowUp is a job's phone guidance and follow-up at now (the job page's).
func (d *DB) FollowUp(ctx context.Context, jobID string, now time.Time) (fieldbook.FollowUp, error) {
	rows, err := d.followUps(ctx, "", `WHERE j.id = ? AND j.deleted = 0`, now, jobID)
	if err != nil {
		return fieldbook.FollowUp{}, err
	}
	if len(rows) == 0 {
		return fieldbook.FollowUp{}, fieldbook.Errorf(fieldbook.ENOTFOUND, "工单不存在。", "The job does not exist.")
	}
	return rows[0], nil
}

// FollowUps is the desk's follow-up queue at now: the jobs solved by phone
// and not followed up yet, the most due first, with how many are overdue.
// It reads the queue's own index (jobs_followup_due); the count is bounded.
func (d *DB) FollowUps(ctx context.Context, now time.Time, offset, limit int) (fieldbook.FollowUpPage, error) {
	limit = min(max(limit, 1), 200)
	var page fieldbook.FollowUpPage
	// The queue's own index, in its order: not the live jobs' (+deleted),
	// nor the one of every guidance solved by phone (jobs_guided), which
	// SQLite takes as readily and which holds ten years of them.
	rows, err := d.followUps(ctx, followUpQueue, `WHERE j.guidance_outcome = 'solved' AND j.followup_at IS NULL AND +j.deleted = 0
		ORDER BY j.guided_at LIMIT ? OFFSET ?`, now, limit, max(offset, 0))
	if err != nil {
		return page, err
	}
	page.Rows = rows
	due := ts(now.Add(-fieldbook.FollowUpWindow))
	err = d.rdb.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(guided_at <= ?), 0) FROM (SELECT guided_at FROM jobs `+followUpQueue+`
		WHERE guidance_outcome = 'solved' AND followup_at IS NULL AND +deleted = 0 ORDER BY guided_at LIMIT ?)`,
		due, CountLimit+1).Scan(&page.Total, &page.Overdue)
	if page.Total > CountLimit {
		page.Total, page.More = CountLimit, true
	}
	return page, err
}

// followUpQueue makes a read of jobs go through the follow-up queue's index
// (an error when the read cannot).
const followUpQueue = `INDEXED BY jobs_followup_due`

// followUps reads the follow-ups of the jobs where picks, through index
// when it is not empty.
func (d *DB) followUps(ctx context.Context, index, where string, now time.Time, args ...any) ([]fieldbook.FollowUp, error) {
	rows, err := d.rdb.QueryContext(ctx, `SELECT j.id, j.number, c.name, coalesce(c.phones ->> '$[0]', ''), j.summary, j.guidance,
		j.guidance_outcome, j.guided_at, j.followup_at, j.followup_result
		FROM jobs j `+index+` JOIN customers c ON c.id = j.customer_id `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []fieldbook.FollowUp
	for rows.Next() {
		var f fieldbook.FollowUp
		var guided, followed sql.NullString
		if err := rows.Scan(&f.JobID, &f.Number, &f.CustomerName, &f.Phone, &f.Summary, &f.Guidance, &f.Outcome,
			&guided, &followed, &f.Result); err != nil {
			return nil, err
		}
		f.GuidedAt, f.FollowedUpAt = parseTSPtr(guided), parseTSPtr(followed)
		if f.GuidedAt != nil && f.Outcome == fieldbook.GuidanceSolved {
			due := f.GuidedAt.Add(fieldbook.FollowUpWindow)
			f.DueAt = &due
			f.Overdue = f.FollowedUpAt == nil && !now.Before(due)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// FollowUpStats are the two-hour rule's figures for the guidances given in
// [from, to), at now.
func (d *DB) FollowUpStats(ctx context.Context, from, to, now time.Time) (fieldbook.FollowUpStats, error) {
	var s fieldbook.FollowUpStats
	rows, err := d.rdb.QueryContext(ctx, `SELECT guided_at, followup_at FROM jobs
		WHERE guidance_outcome = 'solved' AND +deleted = 0 AND guided_at >= ? AND guided_at < ?`, ts(from), ts(to)) // (the range of jobs_guided)
	if err != nil {
		return s, err
	}
	defer rows.Close()
	for rows.Next() {
		var guided, followed sql.NullString
		if err := rows.Scan(&guided, &followed); err != nil {
			return s, err
		}
		at, back := parseTSPtr(guided), parseTSPtr(followed)
		if at == nil {
			continue
		}
		due := at.Add(fieldbook.FollowUpWindow)
		s.Solved++
		switch {
		case back == nil:
			s.Open++
			if !now.Before(due) {
				s.Overdue++
			}
		case back.After(due):
			s.Late++
		default:
			s.OnTime++
		}
	}
	return s, rows.Err()
}

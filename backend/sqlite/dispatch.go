package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"fieldbook/backend/fieldbook"
)

// Dispatch gives an open job to a technician (a hub user name; "" hands it
// back to the service desk) with its appointment (nil for none). A job
// handed in or filed is the clerk's and is not dispatched again. Only the
// two fields change, so a technician's edits of the same job merge with it.
func (d *DB) Dispatch(ctx context.Context, jobID, assignTo string, appointment *time.Time) (fieldbook.Job, error) {
	assignTo = strings.TrimSpace(assignTo)
	if len([]rune(assignTo)) > 100 {
		var v fieldbook.Validation
		v.Add("assigned_to", "技术员名称过长，最多 100 字。", "The technician's name is too long: at most 100 characters.")
		return fieldbook.Job{}, v.Err()
	}
	err := d.tx(ctx, func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, `SELECT status FROM jobs WHERE id = ? AND deleted = 0`, jobID).Scan(&status)
		if err == sql.ErrNoRows {
			return fieldbook.Errorf(fieldbook.ENOTFOUND, "工单不存在。", "The job does not exist.")
		}
		if err != nil {
			return err
		}
		switch status {
		case fieldbook.JobSubmitted, fieldbook.JobFiled:
			return fieldbook.Errorf(fieldbook.ECONFLICT, "工单已交档，不能再派遣。", "The job has been handed in and is no longer dispatched.")
		}
		now := d.Now()
		_, err = tx.ExecContext(ctx, `UPDATE jobs SET assigned_to = ?, appointment = ?, updated_at = ?, updated_by = ?, version = version + 1
			WHERE id = ?`, assignTo, tsPtr(appointment), ts(now), d.deviceID, jobID)
		return err
	})
	if err != nil {
		return fieldbook.Job{}, err
	}
	v, err := d.Job(ctx, jobID)
	return v.Job, err
}

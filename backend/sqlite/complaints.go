package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"fieldbook/backend/fieldbook"
)

// complaintColumns are a complaint's columns as complaintByID and the list
// read them, with its job's number and its customer's name.
const complaintColumns = `k.id, k.job_id, k.customer_id, k.channel, k.received_at, k.received_by, k.content, k.kind, k.analysis,
	k.responsibility, k.compensation, k.compensation_fen, k.resolution, k.state, coalesce(k.closed_at, ''), k.closed_by,
	coalesce(j.number, ''), coalesce(c.name, ''), k.updated_at
	FROM complaints k LEFT JOIN jobs j ON j.id = k.job_id LEFT JOIN customers c ON c.id = k.customer_id`

func scanComplaint(s interface{ Scan(...any) error }) (fieldbook.Complaint, error) {
	var k fieldbook.Complaint
	err := s.Scan(&k.ID, &k.JobID, &k.CustomerID, &k.Channel, &k.ReceivedAt, &k.ReceivedBy, &k.Content, &k.Kind, &k.Analysis,
		&k.Responsibility, &k.Compensation, &k.CompensationFen, &k.Resolution, &k.State, &k.ClosedAt, &k.ClosedBy,
		&k.JobNumber, &k.CustomerName, &k.UpdatedAt)
	return k, err
}

func complaintByID(ctx context.Context, q querier, id string) (fieldbook.Complaint, error) {
	k, err := scanComplaint(q.QueryRowContext(ctx, `SELECT `+complaintColumns+` WHERE k.id = ? AND k.deleted = 0`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return k, fieldbook.Errorf(fieldbook.ENOTFOUND, "投诉不存在。", "The complaint does not exist.")
	}
	return k, err
}

// Complaint returns the complaint id.
func (d *DB) Complaint(ctx context.Context, id string) (fieldbook.Complaint, error) {
	return complaintByID(ctx, d.rdb, id)
}

// SaveComplaint records a customer complaint (客户投诉处理单) as the service
// desk's user by fills it in: a new one (no id) taken by them, received now
// unless the form says when, registered unless the form moves it on; an
// existing one changed and perhaps moved on to its next state. The customer
// is the job's; closing it stamps who and when. The form is checked field
// by field as the hub checks it again (fieldbook.Complaint.Validate), and
// its state only moves forward.
func (d *DB) SaveComplaint(ctx context.Context, in fieldbook.Complaint, by string) (fieldbook.Complaint, error) {
	now := d.Now()
	id := in.ID
	err := d.tx(ctx, func(tx *sql.Tx) error {
		var before *fieldbook.Complaint
		if in.ID != "" {
			b, err := complaintByID(ctx, tx, in.ID)
			if err != nil {
				return err
			}
			before = &b
		}
		k := in
		k.Content, k.Analysis, k.Resolution = strings.TrimSpace(k.Content), strings.TrimSpace(k.Analysis), strings.TrimSpace(k.Resolution)
		if at, err := time.Parse(time.RFC3339Nano, k.ReceivedAt); err == nil {
			k.ReceivedAt = ts(at) // one form, so that times compare as text
		}
		if before == nil {
			k.ReceivedBy = by
			if k.ReceivedAt == "" {
				k.ReceivedAt = ts(now)
			}
			if k.State == "" {
				k.State = fieldbook.ComplaintRegistered
			}
		} else {
			k.ReceivedBy = before.ReceivedBy
		}
		if k.JobID != "" {
			err := tx.QueryRowContext(ctx, `SELECT customer_id FROM jobs WHERE id = ? AND deleted = 0`, k.JobID).Scan(&k.CustomerID)
			if errors.Is(err, sql.ErrNoRows) {
				var v fieldbook.Validation
				v.Add("job_id", "所选工单不存在。", "The job chosen does not exist.")
				return v.Err()
			} else if err != nil {
				return err
			}
		}
		if k.State == fieldbook.ComplaintClosed && (before == nil || before.State != fieldbook.ComplaintClosed) {
			k.ClosedAt, k.ClosedBy = ts(now), by
		} else if before != nil {
			k.ClosedAt, k.ClosedBy = before.ClosedAt, before.ClosedBy
		}
		if before != nil {
			// What is read with it is no part of the change.
			k.JobNumber, k.CustomerName, k.UpdatedAt = before.JobNumber, before.CustomerName, before.UpdatedAt
			if err := fieldbook.ComplaintChange(before, k); err != nil {
				return err
			}
		}
		if err := k.Validate(); err != nil {
			return err
		}
		var closedAt any
		if k.ClosedAt != "" {
			closedAt = k.ClosedAt
		}
		args := []any{k.JobID, k.CustomerID, k.Channel, k.ReceivedAt, k.ReceivedBy, k.Content, k.Kind, k.Analysis,
			k.Responsibility, k.Compensation, k.CompensationFen, k.Resolution, k.State, closedAt, k.ClosedBy, ts(now), d.deviceID}
		if before == nil {
			id = newID()
			_, err := tx.ExecContext(ctx, `INSERT INTO complaints (job_id, customer_id, channel, received_at, received_by, content, kind,
				analysis, responsibility, compensation, compensation_fen, resolution, state, closed_at, closed_by, updated_at, updated_by,
				created_at, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(args, ts(now), id)...)
			return err
		}
		if k == *before {
			return nil // nothing changed: nothing to send
		}
		_, err := tx.ExecContext(ctx, `UPDATE complaints SET job_id = ?, customer_id = ?, channel = ?, received_at = ?, received_by = ?,
			content = ?, kind = ?, analysis = ?, responsibility = ?, compensation = ?, compensation_fen = ?, resolution = ?, state = ?,
			closed_at = ?, closed_by = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?`, append(args, id)...)
		return err
	})
	if err != nil {
		return fieldbook.Complaint{}, err
	}
	return d.Complaint(ctx, id)
}

// ComplaintUnclassified is the kind filter of the complaints not classified
// yet (their kind is empty).
const ComplaintUnclassified = "unclassified"

// ComplaintFilter picks complaints: of one state, of one kind (or
// ComplaintUnclassified), or all ("").
type ComplaintFilter struct {
	State string `json:"state"`
	Kind  string `json:"kind"`
}

// Complaints is a page of the complaints the filter picks, newest first,
// read from the index of its state, its kind or their time received; the
// count is bounded (CountLimit).
func (d *DB) Complaints(ctx context.Context, f ComplaintFilter, offset, limit int) (fieldbook.ComplaintPage, error) {
	limit = min(max(limit, 1), 200)
	where, args := `k.deleted = 0`, []any{}
	if f.State != "" {
		where += ` AND k.state = ?`
		args = append(args, f.State)
	}
	switch f.Kind {
	case "":
	case ComplaintUnclassified:
		where += ` AND k.kind = ''`
	default:
		where += ` AND k.kind = ?`
		args = append(args, f.Kind)
	}
	var page fieldbook.ComplaintPage
	err := d.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+complaintColumns+` WHERE `+where+` ORDER BY k.received_at DESC, k.rowid DESC LIMIT ? OFFSET ?`,
			append(args, limit, max(offset, 0))...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			k, err := scanComplaint(rows)
			if err != nil {
				return err
			}
			page.Rows = append(page.Rows, k)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM complaints k WHERE `+where+` LIMIT ?)`,
			append(args, CountLimit+1)...).Scan(&page.Total)
	})
	if page.Total > CountLimit {
		page.Total, page.More = CountLimit, true
	}
	return page, err
}

// JobComplaints are the complaints about a job, newest first.
func (d *DB) JobComplaints(ctx context.Context, jobID string) ([]fieldbook.Complaint, error) {
	rows, err := d.rdb.QueryContext(ctx, `SELECT `+complaintColumns+` WHERE k.job_id = ? AND +k.deleted = 0 ORDER BY k.received_at DESC`, jobID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []fieldbook.Complaint
	for rows.Next() {
		k, err := scanComplaint(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// complaintForm is the draft of the complaint form: "complaint:new" for a
// new one, "complaint:<id>" for changes to one not saved yet.
func complaintForm(id string) string {
	if id == "" {
		return "complaint:new"
	}
	return "complaint:" + id
}

// ComplaintDraft is the complaint form kept on this laptop as typed (id ""
// the new complaint's), opaque to the store; nil when there is none.
func (d *DB) ComplaintDraft(ctx context.Context, id string) (map[string]any, error) {
	var form map[string]any
	ok, err := readDraft(ctx, d.rdb, complaintForm(id), &form)
	if err != nil || !ok || len(form) == 0 {
		return nil, err
	}
	return form, nil
}

// KeepComplaintDraft keeps the complaint form as typed, valid or not; an
// empty form discards it.
func (d *DB) KeepComplaintDraft(ctx context.Context, id string, form map[string]any) error {
	if len(form) == 0 {
		return deleteDraft(ctx, d.db, complaintForm(id))
	}
	return writeDraft(ctx, d.db, complaintForm(id), form, ts(d.Now()))
}

// DiscardComplaintDraft drops the complaint form kept on this laptop: it
// was saved, or the person discarded it.
func (d *DB) DiscardComplaintDraft(ctx context.Context, id string) error {
	return deleteDraft(ctx, d.db, complaintForm(id))
}

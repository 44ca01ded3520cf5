package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"fieldbook/backend/hub"
)

// Write runs fn in one transaction holding the centre's counter row locked:
// on PostgreSQL the UPDATE row-locks it until commit, on SQLite the
// transaction is the only writer. Seqs are handed out in memory and the
// counter written once at the end.
func (d *DB) Write(ctx context.Context, centre string, now time.Time, fn func(hub.WriteTx) error) error {
	err := d.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, d.q(`INSERT INTO hub_counters (centre, last) VALUES ($1, 0) ON CONFLICT (centre) DO NOTHING`), centre); err != nil {
			return err
		}
		var last int64
		if err := tx.QueryRowContext(ctx, d.q(`UPDATE hub_counters SET last = last WHERE centre = $1 RETURNING last`), centre).Scan(&last); err != nil {
			return err
		}
		w := &writeTx{d: d, tx: tx, centre: centre, now: now, start: last, seq: last}
		if err := fn(w); err != nil {
			return err
		}
		if w.seq != w.start {
			if _, err := tx.ExecContext(ctx, d.q(`UPDATE hub_counters SET last = $2 WHERE centre = $1`), centre, w.seq); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("write centre %s: %w", centre, err)
	}
	return nil
}

type writeTx struct {
	d          *DB
	tx         *sql.Tx
	centre     string
	now        time.Time
	start, seq int64
}

func (w *writeTx) NextSeq() int64 { w.seq++; return w.seq }
func (w *writeTx) LastSeq() int64 { return w.seq }

const rowCols = `r.centre, r.tbl, r.id, r.seq, r.version, r.deleted, r.fields, r.field_seq, r.field_device, r.created_by, r.job_id, r.blob_sha, r.updated_at`

type scanner interface{ Scan(...any) error }

func scanRow(sc scanner, extra ...any) (*hub.Row, error) {
	return scanRowMeta(sc, true, extra...)
}

// scanRowMeta scans a row; without meta it leaves the per-field merge state
// (FieldSeq, FieldDevice) empty, which reads such as a pull do not need.
func scanRowMeta(sc scanner, meta bool, extra ...any) (*hub.Row, error) {
	var r hub.Row
	var deleted int64
	var fields, fieldSeq, fieldDev, updated string
	if err := sc.Scan(append([]any{&r.Centre, &r.Table, &r.ID, &r.Seq, &r.Version, &deleted, &fields, &fieldSeq, &fieldDev,
		&r.CreatedBy, &r.JobID, &r.BlobSHA, &updated}, extra...)...); err != nil {
		return nil, err
	}
	r.Deleted = deleted != 0
	r.UpdatedAt = parseTime(updated)
	err := json.Unmarshal([]byte(fields), &r.Fields)
	if meta && err == nil {
		err = errors.Join(json.Unmarshal([]byte(fieldSeq), &r.FieldSeq), json.Unmarshal([]byte(fieldDev), &r.FieldDevice))
	}
	if err != nil {
		return nil, fmt.Errorf("decode row %s/%s: %w", r.Table, r.ID, err)
	}
	if r.Fields == nil {
		r.Fields = map[string]json.RawMessage{}
	}
	if r.FieldSeq == nil {
		r.FieldSeq = map[string]int64{}
	}
	if r.FieldDevice == nil {
		r.FieldDevice = map[string]string{}
	}
	return &r, nil
}

func (w *writeTx) Row(ctx context.Context, table, id string) (*hub.Row, error) {
	r, err := scanRow(w.tx.QueryRowContext(ctx, w.d.q(`SELECT `+rowCols+` FROM hub_rows r WHERE r.centre = $1 AND r.tbl = $2 AND r.id = $3`), w.centre, table, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("get row %s/%s: %w", table, id, err)
	}
	return r, nil
}

func (w *writeTx) PutRow(ctx context.Context, r *hub.Row) error {
	return w.PutRows(ctx, []*hub.Row{r})
}

// putRowsChunk is how many rows one INSERT of PutRows writes (13
// parameters each, well under SQLite's and PostgreSQL's limits).
const putRowsChunk = 500

// PutRows writes rows as PutRow does, several to a statement. (The hub
// writes a row at a time; loaders of large test hubs use this.)
func (w *writeTx) PutRows(ctx context.Context, rows []*hub.Row) error {
	for len(rows) > 0 {
		n := min(len(rows), putRowsChunk)
		args := make([]any, 0, 13*n)
		values := make([]string, 0, n)
		for i, r := range rows[:n] {
			fields, err := json.Marshal(r.Fields)
			if err != nil {
				return err
			}
			fieldSeq, err := json.Marshal(r.FieldSeq)
			if err != nil {
				return err
			}
			fieldDev, err := json.Marshal(r.FieldDevice)
			if err != nil {
				return err
			}
			deleted := 0
			if r.Deleted {
				deleted = 1
			}
			args = append(args, w.centre, r.Table, r.ID, r.Seq, r.Version, deleted, string(fields), string(fieldSeq), string(fieldDev),
				r.CreatedBy, r.JobID, r.BlobSHA, fmtTime(r.UpdatedAt))
			marks := make([]string, 13)
			for k := range marks {
				marks[k] = fmt.Sprintf("$%d", 13*i+k+1)
			}
			values = append(values, "("+strings.Join(marks, ", ")+")")
		}
		_, err := w.tx.ExecContext(ctx, w.d.q(`INSERT INTO hub_rows (centre, tbl, id, seq, version, deleted, fields, field_seq, field_device, created_by, job_id, blob_sha, updated_at)
			VALUES `+strings.Join(values, ", ")+`
			ON CONFLICT (centre, tbl, id) DO UPDATE SET seq = excluded.seq, version = excluded.version, deleted = excluded.deleted,
				fields = excluded.fields, field_seq = excluded.field_seq, field_device = excluded.field_device,
				job_id = excluded.job_id, blob_sha = excluded.blob_sha, updated_at = excluded.updated_at`), args...)
		if err != nil {
			if n == 1 {
				return fmt.Errorf("put row %s/%s: %w", rows[0].Table, rows[0].ID, err)
			}
			return fmt.Errorf("put %d rows: %w", n, err)
		}
		rows = rows[n:]
	}
	return nil
}

func (w *writeTx) JobRows(ctx context.Context, jobID string) ([]*hub.Row, error) {
	rows, err := w.tx.QueryContext(ctx, w.d.q(`SELECT `+rowCols+` FROM hub_rows r WHERE r.centre = $1 AND r.job_id = $2 AND r.tbl <> 'jobs' ORDER BY r.seq`), w.centre, jobID)
	if err != nil {
		return nil, fmt.Errorf("rows of job %s: %w", jobID, err)
	}
	defer rows.Close()
	var out []*hub.Row
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return nil, fmt.Errorf("rows of job %s: %w", jobID, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (w *writeTx) LastBatch(ctx context.Context, deviceID string) (string, []byte, error) {
	var id, resp string
	err := w.tx.QueryRowContext(ctx, w.d.q(`SELECT batch_id, response FROM hub_batches WHERE device_id = $1`), deviceID).Scan(&id, &resp)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, fmt.Errorf("last batch: %w", err)
	}
	return id, []byte(resp), nil
}

func (w *writeTx) PutBatch(ctx context.Context, deviceID, batchID string, response []byte) error {
	_, err := w.tx.ExecContext(ctx, w.d.q(`INSERT INTO hub_batches (device_id, batch_id, response, applied_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (device_id) DO UPDATE SET batch_id = excluded.batch_id, response = excluded.response, applied_at = excluded.applied_at`),
		deviceID, batchID, string(response), fmtTime(w.now))
	if err != nil {
		return fmt.Errorf("put batch: %w", err)
	}
	return nil
}

func (w *writeTx) AddConflict(ctx context.Context, c hub.Conflict) error {
	_, err := w.tx.ExecContext(ctx, w.d.q(`INSERT INTO hub_conflicts (centre, tbl, row_id, field, hub_value, device_value, device_id, user_name, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`),
		w.centre, c.Table, c.RowID, c.Field, string(c.HubValue), string(c.DeviceVal), c.Device, c.User, fmtTime(c.CreatedAt))
	if err != nil {
		return fmt.Errorf("add conflict: %w", err)
	}
	return nil
}

func (w *writeTx) AddRejection(ctx context.Context, r hub.Rejection) error {
	_, err := w.tx.ExecContext(ctx, w.d.q(`INSERT INTO hub_rejections (centre, device_id, user_name, batch_id, tbl, row_id, change, code, message, message_en, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`),
		w.centre, r.Device, r.User, r.BatchID, r.Table, r.RowID, string(r.Change), r.Code, r.Message, r.MessageEN, fmtTime(r.CreatedAt))
	if err != nil {
		return fmt.Errorf("add rejection: %w", err)
	}
	return nil
}

// scanQuery reads rows; scanRows then looks up the jobs they belong to
// (for authorisation) in one query by primary key. Two plain queries rather
// than a join: PostgreSQL, with statistics lagging behind a bulk load,
// otherwise joins by filtering all the centre's jobs for every row.
const scanQuery = `SELECT ` + rowCols + ` FROM hub_rows r`

func (d *DB) scanRows(ctx context.Context, query string, args ...any) ([]hub.ScannedRow, error) {
	rows, err := d.r.QueryContext(ctx, d.q(query), args...)
	if err != nil {
		return nil, err
	}
	var out []hub.ScannedRow
	for rows.Next() {
		r, err := scanRowMeta(rows, false)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, hub.ScannedRow{Row: *r})
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	jobs, err := d.jobsByID(ctx, out[0].Centre, out)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Job = jobs[out[i].JobID]
	}
	return out, nil
}

// jobLookup returns the FROM clause (with its arguments) that reads, as r,
// the jobs the rows belong to; "" when they belong to none.
func (d *DB) jobLookup(centre string, rows []hub.ScannedRow) (string, []any) {
	seen := map[string]bool{}
	var ids []string
	for _, r := range rows {
		if r.JobID != "" && !seen[r.JobID] {
			seen[r.JobID] = true
			ids = append(ids, r.JobID)
		}
	}
	if len(ids) == 0 {
		return "", nil
	}
	if d.postgres {
		// A join on the primary key is planned as one lookup per job even
		// before the table has statistics. (After a bulk load, an IN list
		// was planned as a scan of all the centre's jobs for every page.)
		return `FROM unnest($2::text[]) AS k(id) JOIN hub_rows r ON r.centre = $1 AND r.tbl = 'jobs' AND r.id = k.id`,
			[]any{centre, ids}
	}
	args := []any{centre}
	marks := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		marks[i] = fmt.Sprintf("$%d", i+2)
	}
	return `FROM hub_rows r WHERE r.centre = $1 AND r.tbl = 'jobs' AND r.id IN (` + strings.Join(marks, ", ") + `)`, args
}

// jobsByID reads the jobs the rows belong to.
func (d *DB) jobsByID(ctx context.Context, centre string, rows []hub.ScannedRow) (map[string]*hub.Row, error) {
	from, args := d.jobLookup(centre, rows)
	jobs := map[string]*hub.Row{}
	if from == "" {
		return jobs, nil
	}
	res, err := d.r.QueryContext(ctx, d.q(`SELECT r.id, r.fields, r.created_by, r.deleted `+from), args...)
	if err != nil {
		return nil, err
	}
	defer res.Close()
	for res.Next() {
		j := &hub.Row{Centre: centre, Table: "jobs"}
		var fields string
		var deleted int64
		if err := res.Scan(&j.ID, &fields, &j.CreatedBy, &deleted); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(fields), &j.Fields); err != nil {
			return nil, fmt.Errorf("decode job %s: %w", j.ID, err)
		}
		j.Deleted = deleted != 0
		jobs[j.ID] = j
	}
	return jobs, res.Err()
}

func (d *DB) Scan(ctx context.Context, centre string, after int64, limit int) ([]hub.ScannedRow, int64, error) {
	var counter int64
	err := d.r.QueryRowContext(ctx, d.q(`SELECT last FROM hub_counters WHERE centre = $1`), centre).Scan(&counter)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, 0, fmt.Errorf("scan rows: %w", err)
	}
	rows, err := d.scanRows(ctx, scanQuery+` WHERE r.centre = $1 AND r.seq > $2 ORDER BY r.seq LIMIT $3`, centre, after, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("scan rows: %w", err)
	}
	return rows, counter, nil
}

// BlobRows returns the rows of centre referencing the blob.
func (d *DB) BlobRows(ctx context.Context, centre, sha string) ([]hub.ScannedRow, error) {
	rows, err := d.scanRows(ctx, scanQuery+` WHERE r.centre = $1 AND r.blob_sha = $2`, centre, sha)
	if err != nil {
		return nil, fmt.Errorf("rows of blob: %w", err)
	}
	return rows, nil
}

// Conflicts lists the conflicts of centre, oldest first.
func (d *DB) Conflicts(ctx context.Context, centre string) ([]hub.Conflict, error) {
	rows, err := d.r.QueryContext(ctx, d.q(`SELECT id, centre, tbl, row_id, field, hub_value, device_value, device_id, user_name, created_at, resolved_at
		FROM hub_conflicts WHERE centre = $1 ORDER BY id`), centre)
	if err != nil {
		return nil, fmt.Errorf("list conflicts: %w", err)
	}
	defer rows.Close()
	var out []hub.Conflict
	for rows.Next() {
		var c hub.Conflict
		var hv, dv, created string
		var resolved sql.NullString
		if err := rows.Scan(&c.ID, &c.Centre, &c.Table, &c.RowID, &c.Field, &hv, &dv, &c.Device, &c.User, &created, &resolved); err != nil {
			return nil, fmt.Errorf("list conflicts: %w", err)
		}
		c.HubValue, c.DeviceVal = json.RawMessage(hv), json.RawMessage(dv)
		c.CreatedAt, c.ResolvedAt = parseTime(created), parseNullTime(resolved)
		out = append(out, c)
	}
	return out, rows.Err()
}

// Rejections lists the rejected changes of centre, oldest first.
func (d *DB) Rejections(ctx context.Context, centre string) ([]hub.Rejection, error) {
	rows, err := d.r.QueryContext(ctx, d.q(`SELECT id, centre, device_id, user_name, batch_id, tbl, row_id, change, code, message, message_en, created_at
		FROM hub_rejections WHERE centre = $1 ORDER BY id`), centre)
	if err != nil {
		return nil, fmt.Errorf("list rejections: %w", err)
	}
	defer rows.Close()
	var out []hub.Rejection
	for rows.Next() {
		var r hub.Rejection
		var change, created string
		if err := rows.Scan(&r.ID, &r.Centre, &r.Device, &r.User, &r.BatchID, &r.Table, &r.RowID, &change, &r.Code, &r.Message, &r.MessageEN, &created); err != nil {
			return nil, fmt.Errorf("list rejections: %w", err)
		}
		r.Change, r.CreatedAt = json.RawMessage(change), parseTime(created)
		out = append(out, r)
	}
	return out, rows.Err()
}

// lookupFields are the fields RowWithField finds rows by; each has an
// index on its expression (migrations 00004), which names it literally.
var lookupFields = map[string]bool{"number": true, "supersedes": true}

func (w *writeTx) RowWithField(ctx context.Context, table, field, value string) (string, error) {
	if !lookupFields[field] {
		return "", fmt.Errorf("no lookup by field %q", field)
	}
	expr := `json_extract(fields, '$.` + field + `')`
	if w.d.postgres {
		expr = `((fields::jsonb) ->> '` + field + `')`
	}
	var id string
	err := w.tx.QueryRowContext(ctx, w.d.q(`SELECT id FROM hub_rows WHERE centre = $1 AND tbl = $2 AND deleted = 0 AND `+expr+` = $3 LIMIT 1`),
		w.centre, table, value).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

func (w *writeTx) ArchiveFormat(ctx context.Context) (string, error) {
	var format string
	err := w.tx.QueryRowContext(ctx, w.d.q(`SELECT archive_format FROM hub_centres WHERE centre = $1`), w.centre).Scan(&format)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return format, err
}

func (w *writeTx) NextArchiveSeq(ctx context.Context, period string) (int, error) {
	if _, err := w.tx.ExecContext(ctx, w.d.q(`INSERT INTO hub_archive_counters (centre, period, last) VALUES ($1, $2, 0)
		ON CONFLICT (centre, period) DO NOTHING`), w.centre, period); err != nil {
		return 0, err
	}
	var n int
	err := w.tx.QueryRowContext(ctx, w.d.q(`UPDATE hub_archive_counters SET last = last + 1 WHERE centre = $1 AND period = $2 RETURNING last`),
		w.centre, period).Scan(&n)
	return n, err
}

// ScanPull reads rows for a pull: their fields as stored, not decoded, and
// for their jobs only what authorisation looks at (the assignee is taken
// out of the job's fields by the database).
func (d *DB) ScanPull(ctx context.Context, centre string, after int64, limit int) ([]hub.ScannedRow, int64, error) {
	var counter int64
	err := d.r.QueryRowContext(ctx, d.q(`SELECT last FROM hub_counters WHERE centre = $1`), centre).Scan(&counter)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, 0, fmt.Errorf("scan rows: %w", err)
	}
	rows, err := d.r.QueryContext(ctx, d.q(`SELECT tbl, id, seq, version, deleted, fields, created_by, job_id, blob_sha
		FROM hub_rows WHERE centre = $1 AND seq > $2 ORDER BY seq LIMIT $3`), centre, after, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("scan rows: %w", err)
	}
	var out []hub.ScannedRow
	for rows.Next() {
		r := hub.ScannedRow{Row: hub.Row{Centre: centre}}
		var deleted int64
		if err := rows.Scan(&r.Table, &r.ID, &r.Seq, &r.Version, &deleted, (*[]byte)(&r.RawFields), &r.CreatedBy, &r.JobID, &r.BlobSHA); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("scan rows: %w", err)
		}
		r.Deleted = deleted != 0
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, counter, err
	}
	jobs, err := d.jobOwners(ctx, centre, out)
	if err != nil {
		return nil, 0, fmt.Errorf("scan rows: %w", err)
	}
	for i := range out {
		out[i].Job = jobs[out[i].JobID]
	}
	return out, counter, nil
}

// jobOwners reads, for the jobs the rows belong to, who created each and
// whom it is assigned to.
func (d *DB) jobOwners(ctx context.Context, centre string, rows []hub.ScannedRow) (map[string]*hub.Row, error) {
	from, args := d.jobLookup(centre, rows)
	jobs := map[string]*hub.Row{}
	if from == "" {
		return jobs, nil
	}
	assignee := `CASE WHEN json_type(r.fields, '$.assigned_to') = 'text' THEN json_extract(r.fields, '$.assigned_to') ELSE '' END`
	if d.postgres {
		assignee = `CASE WHEN jsonb_typeof(r.fields::jsonb -> 'assigned_to') = 'string' THEN r.fields::jsonb ->> 'assigned_to' ELSE '' END`
	}
	res, err := d.r.QueryContext(ctx, d.q(`SELECT r.id, r.created_by, r.deleted, `+assignee+` `+from), args...)
	if err != nil {
		return nil, err
	}
	defer res.Close()
	for res.Next() {
		j := &hub.Row{Centre: centre, Table: "jobs"}
		var deleted int64
		var assignedTo string
		if err := res.Scan(&j.ID, &j.CreatedBy, &deleted, &assignedTo); err != nil {
			return nil, err
		}
		a, _ := json.Marshal(assignedTo)
		j.Fields = map[string]json.RawMessage{"assigned_to": a}
		j.Deleted = deleted != 0
		jobs[j.ID] = j
	}
	return jobs, res.Err()
}

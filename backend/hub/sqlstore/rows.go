package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fieldbook/backend/canonjson"
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

const rowCols = `r.centre, r.tbl, r.id, r.seq, r.version, r.deleted, r.fields, r.field_seq, r.field_device, r.field_replay, r.created_by, r.job_id, r.blob_sha, r.lookup_key, r.assignee, r.former_assignee, r.updated_at`

type scanner interface{ Scan(...any) error }

func scanRow(sc scanner, extra ...any) (*hub.Row, error) {
	return scanRowMeta(sc, true, extra...)
}

// scanRowMeta scans a row; without meta it leaves the per-field merge state
// (FieldSeq, FieldDevice) empty, which reads such as a pull do not need.
func scanRowMeta(sc scanner, meta bool, extra ...any) (*hub.Row, error) {
	var r hub.Row
	var deleted int64
	var fields, fieldSeq, fieldDev, fieldReplay []byte
	var updated string
	if err := sc.Scan(append([]any{&r.Centre, &r.Table, &r.ID, &r.Seq, &r.Version, &deleted, &fields, &fieldSeq, &fieldDev, &fieldReplay,
		&r.CreatedBy, &r.JobID, &r.BlobSHA, &r.LookupKey, &r.Assignee, &r.FormerAssignee, &updated}, extra...)...); err != nil {
		return nil, err
	}
	r.Deleted = deleted != 0
	r.UpdatedAt = parseTime(updated)
	var err error
	r.Fields, err = decodeFields(fields)
	if meta && err == nil {
		r.FieldSeq, err = decodeSeqs(fieldSeq)
		if err == nil {
			r.FieldDevice, err = decodeDevices(fieldDev)
		}
		if err == nil {
			r.FieldReplay, err = decodeSeqs(fieldReplay)
		}
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
	if r.FieldReplay == nil {
		r.FieldReplay = map[string]int64{}
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

// Rows returns those of the rows (table, ids) the hub has, several to a
// statement.
func (w *writeTx) Rows(ctx context.Context, table string, ids []string) ([]*hub.Row, error) {
	return w.rowsIn(ctx, table, `r.id`, ids)
}

// rowsIn reads the centre's rows of table whose column col is one of vals
// (and cond, when given), several to a statement.
func (w *writeTx) rowsIn(ctx context.Context, table, col string, vals []string, cond ...string) ([]*hub.Row, error) {
	vals = slices.Compact(slices.Sorted(slices.Values(vals))) // each once: a row is read once
	var out []*hub.Row
	for len(vals) > 0 {
		n := min(len(vals), putRowsChunk)
		where := append([]string{`r.centre = $1`, `r.tbl = $2`}, cond...)
		args := []any{w.centre, table}
		var query string
		if w.d.postgres {
			// One index lookup per value, whatever the statistics say: a
			// subquery per value of the list (OFFSET 0 keeps the planner
			// from joining it otherwise). With the statistics of a table
			// that was small when last analysed — a hub taking a laptop's
			// first push — a join of the list was planned as a scan of
			// the centre's rows of the table, once per value.
			where = append(where, col+` = k.v`)
			query = `SELECT ` + rowCols + ` FROM unnest($3::text[]) AS k(v),
				LATERAL (SELECT ` + rowCols + ` FROM hub_rows r WHERE ` + strings.Join(where, " AND ") + ` OFFSET 0) r`
			args = append(args, vals[:n])
		} else {
			marks := make([]string, n)
			for i, v := range vals[:n] {
				args = append(args, v)
				marks[i] = fmt.Sprintf("$%d", i+3)
			}
			where = append(where, col+` IN (`+strings.Join(marks, ", ")+`)`)
			query = `SELECT ` + rowCols + ` FROM hub_rows r WHERE ` + strings.Join(where, " AND ")
		}
		rows, err := w.tx.QueryContext(ctx, w.d.q(query), args...)
		if err != nil {
			return nil, fmt.Errorf("read %d rows of %s: %w", n, table, err)
		}
		for rows.Next() {
			r, err := scanRow(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("read %d rows of %s: %w", n, table, err)
		}
		vals = vals[n:]
	}
	return out, nil
}

func (w *writeTx) PutRow(ctx context.Context, r *hub.Row) error {
	return w.PutRows(ctx, []*hub.Row{r})
}

// encodeObject encodes m as encoding/json encodes a map (keys sorted,
// compact) with each value written by value: a row's fields, already
// canonical JSON, are not decoded and encoded again.
func encodeObject[V any](m map[string]V, value func([]byte, V) ([]byte, error)) ([]byte, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b := make([]byte, 0, 64*len(keys)+2)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = canonjson.AppendString(b, k)
		b = append(b, ':')
		var err error
		if b, err = value(b, m[k]); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

// putRowsChunk is how many rows one INSERT of PutRows writes (16
// parameters each, well under SQLite's and PostgreSQL's limits).
const putRowsChunk = 500

// rowParams is the number of columns PutRows writes of a row.
const rowParams = 18

// putRowsSet is the part of PutRows' statement after its VALUES or SELECT.
const putRowsSet = `ON CONFLICT (centre, tbl, id) DO UPDATE SET seq = excluded.seq, version = excluded.version, deleted = excluded.deleted,
				fields = excluded.fields, field_seq = excluded.field_seq, field_device = excluded.field_device, field_replay = excluded.field_replay,
				job_id = excluded.job_id, blob_sha = excluded.blob_sha, lookup_key = excluded.lookup_key,
				assignee = excluded.assignee, former_assignee = excluded.former_assignee, fields_size = excluded.fields_size, updated_at = excluded.updated_at`

const putRowsCols = `centre, tbl, id, seq, version, deleted, fields, field_seq, field_device, field_replay,
				created_by, job_id, blob_sha, lookup_key, assignee, former_assignee, fields_size, updated_at`

// storedRow is a row as PutRows writes it: its maps encoded.
type storedRow struct {
	r                                    *hub.Row
	fields, fieldSeq, fieldDev, fieldRep string
	deleted                              int64
}

func encodeRow(r *hub.Row) (storedRow, error) {
	fields, err := encodeObject(r.Fields, func(b []byte, v json.RawMessage) ([]byte, error) {
		if !json.Valid(v) {
			return nil, fmt.Errorf("put row %s/%s: a field is not JSON: %.40q", r.Table, r.ID, v)
		}
		return append(b, v...), nil
	})
	if err != nil {
		return storedRow{}, err
	}
	fieldSeq, _ := encodeObject(r.FieldSeq, func(b []byte, v int64) ([]byte, error) { return strconv.AppendInt(b, v, 10), nil })
	fieldDev, _ := encodeObject(r.FieldDevice, func(b []byte, v string) ([]byte, error) { return canonjson.AppendString(b, v), nil })
	fieldReplay, _ := encodeObject(r.FieldReplay, func(b []byte, v int64) ([]byte, error) { return strconv.AppendInt(b, v, 10), nil })
	s := storedRow{r: r, fields: string(fields), fieldSeq: string(fieldSeq), fieldDev: string(fieldDev), fieldRep: string(fieldReplay)}
	if r.Deleted {
		s.deleted = 1
	}
	return s, nil
}

// PutRows writes rows as PutRow does, several to a statement: on
// PostgreSQL one statement of a column array each (unnest), on SQLite an
// INSERT of several VALUES.
func (w *writeTx) PutRows(ctx context.Context, rows []*hub.Row) error {
	chunk := putRowsChunk
	if w.d.postgres {
		// 18 parameters whatever the number of rows: nothing to plan or
		// encode per row but the arrays' elements.
		chunk = putRowsArrayChunk
	}
	for len(rows) > 0 {
		n := min(len(rows), chunk)
		enc := make([]storedRow, n)
		for i, r := range rows[:n] {
			var err error
			if enc[i], err = encodeRow(r); err != nil {
				return err
			}
		}
		var err error
		if w.d.postgres {
			err = w.putRowsArrays(ctx, enc)
		} else {
			err = w.putRowsValues(ctx, enc)
		}
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

// putRowsArrayChunk is how many rows one statement of PutRows writes on
// PostgreSQL (a batch's rows, usually all of them).
const putRowsArrayChunk = 2000

// putRowsValues writes the rows with an INSERT of a VALUES list.
func (w *writeTx) putRowsValues(ctx context.Context, rows []storedRow) error {
	args := make([]any, 0, rowParams*len(rows))
	values := make([]string, 0, len(rows))
	marks := make([]string, rowParams)
	for i, s := range rows {
		r := s.r
		args = append(args, w.centre, r.Table, r.ID, r.Seq, r.Version, s.deleted, s.fields, s.fieldSeq, s.fieldDev, s.fieldRep,
			r.CreatedBy, r.JobID, r.BlobSHA, r.LookupKey, r.Assignee, r.FormerAssignee, len(s.fields), fmtTime(r.UpdatedAt))
		for k := range marks {
			marks[k] = "$" + strconv.Itoa(rowParams*i+k+1)
		}
		values = append(values, "("+strings.Join(marks, ", ")+")")
	}
	_, err := w.tx.ExecContext(ctx, w.d.q(`INSERT INTO hub_rows (`+putRowsCols+`)
			VALUES `+strings.Join(values, ", ")+`
			`+putRowsSet), args...)
	return err
}

// putRowsArrays writes the rows with one INSERT of the columns' arrays,
// unnested (PostgreSQL).
func (w *writeTx) putRowsArrays(ctx context.Context, rows []storedRow) error {
	n := len(rows)
	var (
		tbl, id, fields, fieldSeq, fieldDev, fieldRep = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		createdBy, jobID, blobSHA, lookupKey          = make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		assignee, former, updated                     = make([]string, n), make([]string, n), make([]string, n)
		seq, version, deleted, size                   = make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	)
	for i, s := range rows {
		r := s.r
		tbl[i], id[i], seq[i], version[i], deleted[i] = r.Table, r.ID, r.Seq, r.Version, s.deleted
		fields[i], fieldSeq[i], fieldDev[i], fieldRep[i] = s.fields, s.fieldSeq, s.fieldDev, s.fieldRep
		createdBy[i], jobID[i], blobSHA[i], lookupKey[i] = r.CreatedBy, r.JobID, r.BlobSHA, r.LookupKey
		assignee[i], former[i], size[i], updated[i] = r.Assignee, r.FormerAssignee, int64(len(s.fields)), fmtTime(r.UpdatedAt)
	}
	_, err := w.tx.ExecContext(ctx, `INSERT INTO hub_rows (`+putRowsCols+`)
			SELECT $1, u.* FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[], $8::text[], $9::text[], $10::text[],
				$11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::bigint[], $18::text[]) AS u
			`+putRowsSet,
		w.centre, tbl, id, seq, version, deleted, fields, fieldSeq, fieldDev, fieldRep,
		createdBy, jobID, blobSHA, lookupKey, assignee, former, size, updated)
	return err
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

func (w *writeTx) KeptAnswer(ctx context.Context, deviceID, batchID string) ([]byte, bool, error) {
	var resp string
	err := w.tx.QueryRowContext(ctx, w.d.q(`SELECT CASE WHEN batch_id = $2 THEN response ELSE prev_response END
		FROM hub_batches WHERE device_id = $1 AND (batch_id = $2 OR prev_batch_id = $2)`), deviceID, batchID).Scan(&resp)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("kept answer: %w", err)
	}
	return []byte(resp), true, nil
}

func (w *writeTx) BatchApplied(ctx context.Context, deviceID, batchID string) (bool, error) {
	var n int
	err := w.tx.QueryRowContext(ctx, w.d.q(`SELECT count(*) FROM hub_applied_batches WHERE device_id = $1 AND batch_id = $2`), deviceID, batchID).Scan(&n)
	return n > 0, err
}

func (w *writeTx) PutBatch(ctx context.Context, deviceID, batchID string, response []byte) error {
	if _, err := w.tx.ExecContext(ctx, w.d.q(`INSERT INTO hub_applied_batches (device_id, batch_id, applied_at) VALUES ($1, $2, $3)`),
		deviceID, batchID, fmtTime(w.now)); err != nil {
		return fmt.Errorf("put batch: %w", err)
	}
	_, err := w.tx.ExecContext(ctx, w.d.q(`INSERT INTO hub_batches (device_id, batch_id, response, applied_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (device_id) DO UPDATE SET prev_batch_id = hub_batches.batch_id, prev_response = hub_batches.response,
			batch_id = excluded.batch_id, response = excluded.response, applied_at = excluded.applied_at`),
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
	_, err := w.tx.ExecContext(ctx, w.d.q(`INSERT INTO hub_rejections (centre, device_id, user_name, batch_id, tbl, row_id, change, code, rule, message, message_en, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`),
		w.centre, r.Device, r.User, r.BatchID, r.Table, r.RowID, string(r.Change), r.Code, r.Rule, r.Message, r.MessageEN, fmtTime(r.CreatedAt))
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

// jobCols are the columns of a job that decide who reads its rows.
const jobCols = `r.id, r.created_by, r.assignee, r.deleted`

// jobsQuery returns the statement (with its arguments) that reads the
// jobCols of the jobs the rows belong to; "" when they belong to none.
func (d *DB) jobsQuery(centre string, rows []hub.ScannedRow) (string, []any) {
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
		// One primary-key lookup per job, whatever the statistics say: a
		// subquery per id (OFFSET 0 keeps the planner from joining the
		// list otherwise), as rowsIn reads a push's rows. A join of the
		// list, with the statistics of a table analysed when it was small
		// (a hub taking a laptop's first push), was planned as a hash of
		// every job of the centre: 163 ms for 300 ids among 100k jobs,
		// 4 ms so.
		return `SELECT ` + jobCols + ` FROM unnest($2::text[]) AS k(id),
			LATERAL (SELECT ` + jobCols + ` FROM hub_rows r WHERE r.centre = $1 AND r.tbl = 'jobs' AND r.id = k.id OFFSET 0) r`,
			[]any{centre, ids}
	}
	args := []any{centre}
	marks := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		marks[i] = fmt.Sprintf("$%d", i+2)
	}
	return d.q(`SELECT ` + jobCols + ` FROM hub_rows r WHERE r.centre = $1 AND r.tbl = 'jobs' AND r.id IN (` + strings.Join(marks, ", ") + `)`), args
}

// jobsByID reads the jobs the rows belong to.
func (d *DB) jobsByID(ctx context.Context, centre string, rows []hub.ScannedRow) (map[string]*hub.Row, error) {
	query, args := d.jobsQuery(centre, rows)
	jobs := map[string]*hub.Row{}
	if query == "" {
		return jobs, nil
	}
	res, err := d.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer res.Close()
	for res.Next() {
		j := &hub.Row{Centre: centre, Table: "jobs"}
		var deleted int64
		if err := res.Scan(&j.ID, &j.CreatedBy, &j.Assignee, &deleted); err != nil {
			return nil, err
		}
		j.Deleted = deleted != 0
		jobs[j.ID] = j
	}
	return jobs, res.Err()
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
	rows, err := d.r.QueryContext(ctx, d.q(`SELECT id, centre, device_id, user_name, batch_id, tbl, row_id, change, code, rule, message, message_en, created_at
		FROM hub_rejections WHERE centre = $1 ORDER BY id`), centre)
	if err != nil {
		return nil, fmt.Errorf("list rejections: %w", err)
	}
	defer rows.Close()
	var out []hub.Rejection
	for rows.Next() {
		var r hub.Rejection
		var change, created string
		if err := rows.Scan(&r.ID, &r.Centre, &r.Device, &r.User, &r.BatchID, &r.Table, &r.RowID, &change, &r.Code, &r.Rule, &r.Message, &r.MessageEN, &created); err != nil {
			return nil, fmt.Errorf("list rejections: %w", err)
		}
		r.Change, r.CreatedAt = json.RawMessage(change), parseTime(created)
		out = append(out, r)
	}
	return out, rows.Err()
}

func (w *writeTx) LookupRows(ctx context.Context, table, key string) ([]*hub.Row, error) {
	rows, err := w.tx.QueryContext(ctx, w.d.q(`SELECT `+rowCols+` FROM hub_rows r WHERE r.centre = $1 AND r.tbl = $2 AND r.lookup_key = $3 AND r.lookup_key <> '' AND r.deleted = 0`),
		w.centre, table, key)
	if err != nil {
		return nil, fmt.Errorf("look up %s %q: %w", table, key, err)
	}
	defer rows.Close()
	var out []*hub.Row
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// LookupRowsIn is LookupRows of several keys, several to a statement.
func (w *writeTx) LookupRowsIn(ctx context.Context, table string, keys []string) ([]*hub.Row, error) {
	return w.rowsIn(ctx, table, `r.lookup_key`, keys, `r.lookup_key <> ''`, `r.deleted = 0`)
}

func (w *writeTx) BlobOwned(ctx context.Context, user, sha string) (bool, error) {
	return w.d.blobOwned(ctx, w.tx, w.centre, user, sha)
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

// PullScan reads the rows of a pull page without their fields; which
// rows a technician may read is decided here, in the query.
func (d *DB) PullScan(ctx context.Context, centre string, q hub.PullQuery) ([]hub.RowMeta, int64, error) {
	var out []hub.RowMeta
	counter, err := d.pullRows(ctx, centre, q, false, func(m hub.RowMeta, _ []byte) (bool, error) {
		out = append(out, m)
		return true, nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, counter, nil
}

// PullRows reads the rows PullScan reads with their fields, one row at a
// time, until fn says to stop.
func (d *DB) PullRows(ctx context.Context, centre string, q hub.PullQuery, fn func(m hub.RowMeta, fields []byte) (bool, error)) (int64, error) {
	return d.pullRows(ctx, centre, q, true, fn)
}

func (d *DB) pullRows(ctx context.Context, centre string, q hub.PullQuery, withFields bool, fn func(m hub.RowMeta, fields []byte) (bool, error)) (int64, error) {
	var counter int64
	err := d.r.QueryRowContext(ctx, d.q(`SELECT last FROM hub_counters WHERE centre = $1`), centre).Scan(&counter)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("pull scan: %w", err)
	}
	query, args := d.pullQuery(centre, q, withFields)
	rows, err := d.r.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, fmt.Errorf("pull scan: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m hub.RowMeta
		var deleted int64
		var f sql.RawBytes
		if err := rows.Scan(&m.Table, &m.ID, &m.Seq, &m.Version, &deleted, &m.Size, &f); err != nil {
			return 0, fmt.Errorf("pull scan: %w", err)
		}
		m.Deleted = deleted != 0
		if more, err := fn(m, f); err != nil || !more {
			return counter, err
		}
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("pull scan: %w", err)
	}
	return counter, nil
}

// pullQuery is the statement of a pull page's rows in seq order, and its
// arguments: which rows a reader may read is decided in it.
func (d *DB) pullQuery(centre string, q hub.PullQuery, withFields bool) (string, []any) {
	where := []string{`r.centre = $1`, `r.seq > $2`, `r.seq <= $3`}
	args := []any{centre, q.After, q.Before}
	from := `hub_rows r`
	if q.Reader != "" {
		args = append(args, q.Reader)
		n := len(args)
		// A job taken from them still sends its own row (its new
		// assignee), not the job's other rows.
		job := fmt.Sprintf(`EXISTS (SELECT 1 FROM hub_rows j
			WHERE j.centre = r.centre AND j.tbl = 'jobs' AND j.id = r.job_id AND (j.created_by = $%d OR j.assignee = $%d))`, n, n)
		if d.postgres {
			// PostgreSQL planned the EXISTS as a hash of every job of
			// the centre readable by the reader, built by a scan of the
			// whole table for every page; its row's job is one primary
			// key lookup (at most one row: the same as EXISTS).
			from = `hub_rows r LEFT JOIN hub_rows j ON j.centre = r.centre AND j.tbl = 'jobs' AND j.id = r.job_id`
			job = fmt.Sprintf(`j.created_by = $%d OR j.assignee = $%d`, n, n)
		}
		where = append(where, fmt.Sprintf(`(r.tbl IN (%s) OR (r.tbl = 'jobs' AND r.former_assignee = $%d) OR %s)`,
			quoteList(q.ReferenceTables), n, job))
	}
	if len(q.SkipTables) > 0 {
		where = append(where, `r.tbl NOT IN (`+quoteList(q.SkipTables)+`)`)
	}
	if q.SkipDeleted {
		where = append(where, `r.deleted = 0`)
	}
	args = append(args, q.Limit)
	fields := `''`
	if withFields {
		fields = `r.fields`
	}
	return d.q(`SELECT r.tbl, r.id, r.seq, r.version, r.deleted, r.fields_size, ` + fields + ` FROM ` + from + `
		WHERE ` + strings.Join(where, " AND ") + fmt.Sprintf(` ORDER BY r.seq LIMIT $%d`, len(args))), args
}

// quoteList writes names (of the synced schema, never user input) as SQL
// string literals.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "'" + strings.ReplaceAll(n, "'", "''") + "'"
	}
	return strings.Join(q, ", ")
}

// PullFields reads the fields of the rows at seqs, one row at a time. The
// seqs of a page that holds most of the rows in its span (a snapshot's, a
// clerk's) are read as one range, passing over the others; sparse ones a
// few hundred at a time, by seq.
func (d *DB) PullFields(ctx context.Context, centre string, seqs []int64, fn func(seq int64, fields []byte) error) error {
	if len(seqs) > 0 && seqs[len(seqs)-1]-seqs[0] < 2*int64(len(seqs)) && slices.IsSorted(seqs) {
		rows, err := d.r.QueryContext(ctx, d.q(`SELECT seq, fields FROM hub_rows WHERE centre = $1 AND seq >= $2 AND seq <= $3 ORDER BY seq`),
			centre, seqs[0], seqs[len(seqs)-1])
		if err != nil {
			return fmt.Errorf("pull fields: %w", err)
		}
		return eachFields(rows, seqs, fn)
	}
	for len(seqs) > 0 {
		n := min(len(seqs), 500)
		var rows *sql.Rows
		var err error
		if d.postgres {
			rows, err = d.r.QueryContext(ctx, `SELECT seq, fields FROM hub_rows WHERE centre = $1 AND seq = ANY($2::bigint[]) ORDER BY seq`, centre, seqs[:n])
		} else {
			args := []any{centre}
			for _, s := range seqs[:n] {
				args = append(args, s)
			}
			rows, err = d.r.QueryContext(ctx, `SELECT seq, fields FROM hub_rows WHERE centre = ? AND seq IN (?`+strings.Repeat(", ?", n-1)+`) ORDER BY seq`, args...)
		}
		if err != nil {
			return fmt.Errorf("pull fields: %w", err)
		}
		if err := eachFields(rows, nil, fn); err != nil {
			return err
		}
		seqs = seqs[n:]
	}
	return nil
}

// BlobsOwned returns which of the blobs the user of the centre uploaded,
// several to a statement.
func (w *writeTx) BlobsOwned(ctx context.Context, user string, shas []string) (map[string]bool, error) {
	shas = slices.Compact(slices.Sorted(slices.Values(shas)))
	owned := make(map[string]bool, len(shas))
	for len(shas) > 0 {
		n := min(len(shas), putRowsChunk)
		args := []any{w.centre, user}
		var in string
		if w.d.postgres {
			in, args = `= ANY($3::text[])`, append(args, shas[:n])
		} else {
			marks := make([]string, n)
			for i, sha := range shas[:n] {
				args = append(args, sha)
				marks[i] = fmt.Sprintf("$%d", i+3)
			}
			in = `IN (` + strings.Join(marks, ", ") + `)`
		}
		rows, err := w.tx.QueryContext(ctx, w.d.q(`SELECT sha256 FROM hub_blob_owners WHERE centre = $1 AND user_name = $2 AND sha256 `+in), args...)
		if err != nil {
			return nil, fmt.Errorf("blob owners: %w", err)
		}
		for rows.Next() {
			var sha string
			if err := rows.Scan(&sha); err != nil {
				rows.Close()
				return nil, fmt.Errorf("blob owners: %w", err)
			}
			owned[sha] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("blob owners: %w", err)
		}
		shas = shas[n:]
	}
	return owned, nil
}

// eachFields calls fn with each (seq, fields) of rows, in seq order, that
// is in want (sorted; nil: every one), and closes rows.
func eachFields(rows *sql.Rows, want []int64, fn func(seq int64, fields []byte) error) error {
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var fields sql.RawBytes
		if err := rows.Scan(&seq, &fields); err != nil {
			return fmt.Errorf("pull fields: %w", err)
		}
		if want != nil {
			for len(want) > 0 && want[0] < seq {
				want = want[1:]
			}
			if len(want) == 0 || want[0] != seq {
				continue
			}
		}
		if err := fn(seq, fields); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("pull fields: %w", err)
	}
	return nil
}

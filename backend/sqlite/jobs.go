package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

// CreateJob opens a job and gives it a number unique across devices without
// asking anyone: the device's code, the day and the device's own sequence,
// e.g. K7QX-20261127-003.
func (d *DB) CreateJob(ctx context.Context, in fieldbook.NewJob) (fieldbook.Job, error) {
	in.Summary, in.AssignedTo = strings.TrimSpace(in.Summary), strings.TrimSpace(in.AssignedTo)
	if err := validateNewJob(in); err != nil {
		return fieldbook.Job{}, err
	}
	var j fieldbook.Job
	err := d.tx(ctx, func(tx *sql.Tx) error {
		var known int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM job_types WHERE key = ?`, in.JobType).Scan(&known); err != nil {
			return err
		}
		if known == 0 {
			var v fieldbook.Validation
			v.Add("job_type", "请选择工单类型。", "Choose the job type.")
			return v.Err()
		}
		c, err := customerByID(ctx, tx, in.CustomerID)
		if err != nil {
			return err
		}
		if in.AssetID != "" {
			a, err := assetByID(ctx, tx, in.AssetID)
			if err != nil {
				return err
			}
			if a.CustomerID != c.ID {
				var v fieldbook.Validation
				v.Add("asset_id", "该设备不属于所选客户。", "The asset does not belong to this customer.")
				return v.Err()
			}
		}
		now := d.Now()
		number, err := d.nextJobNumber(ctx, tx, now)
		if err != nil {
			return err
		}
		j = fieldbook.Job{Meta: d.newMeta(now), Number: number, JobType: in.JobType, CustomerID: in.CustomerID,
			AssetID: in.AssetID, AssignedTo: in.AssignedTo, Appointment: in.Appointment, Status: fieldbook.JobDraft, Summary: in.Summary}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO jobs (id, number, job_type, customer_id, asset_id, assigned_to, appointment, status, summary,
				created_at, updated_at, updated_by, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			j.ID, j.Number, j.JobType, j.CustomerID, nullIfEmpty(j.AssetID), j.AssignedTo, tsPtr(j.Appointment), j.Status,
			j.Summary, ts(now), ts(now), d.deviceID); err != nil {
			return err
		}
		return d.reindexJobsWhere(ctx, tx, `id = ?`, j.ID)
	})
	return j, err
}

// validateNewJob checks what a job is opened with, before the store is asked.
func validateNewJob(in fieldbook.NewJob) error {
	var v fieldbook.Validation
	if in.JobType == "" {
		v.Add("job_type", "请选择工单类型。", "Choose the job type.")
	}
	if in.CustomerID == "" {
		v.Add("customer_id", "请选择客户。", "Choose the customer.")
	}
	if len([]rune(in.Summary)) > 200 {
		v.Add("summary", "摘要过长，最多 200 字。", "The summary is too long: at most 200 characters.")
	}
	return v.Err()
}

// CheckIntake checks the 新建工单 form as a whole before any of it is saved:
// the customer and the asset it creates and the job, with the rules their
// saves apply (each save checks again). One refusal lists every field of
// the three, as customer.*, asset.* and job.*, so that the service desk on
// the phone sees every mistake of the call at once instead of one part
// after the other. A customer or asset still to be created counts as
// chosen for the parts that need one.
func (d *DB) CheckIntake(in fieldbook.Intake) error {
	var v fieldbook.Validation
	job := in.Job
	job.Summary = strings.TrimSpace(job.Summary)
	if in.Customer != nil {
		c := *in.Customer
		cleanCustomer(&c)
		if err := v.Include("customer.", validateCustomer(c)); err != nil {
			return err
		}
		job.CustomerID = "new"
	}
	if in.Asset != nil {
		a := *in.Asset
		cleanAsset(&a)
		a.CustomerID = "new" // its customer is the job's: refused on job.customer_id
		if err := v.Include("asset.", validateAsset(a, d.Now())); err != nil {
			return err
		}
	}
	if err := v.Include("job.", validateNewJob(job)); err != nil {
		return err
	}
	return v.Err()
}

func (d *DB) nextJobNumber(ctx context.Context, tx *sql.Tx, now time.Time) (string, error) {
	day := now.In(zoneOf(ctx, tx)).Format("20060102")
	var n int
	err := tx.QueryRowContext(ctx, `
		INSERT INTO job_numbers (day, last) VALUES (?, 1)
		ON CONFLICT (day) DO UPDATE SET last = last + 1
		RETURNING last`, day).Scan(&n)
	return fmt.Sprintf("%s-%s-%03d", d.deviceCode, day, n), err
}

const jobCols = `id, number, job_type, customer_id, coalesce(asset_id, ''), assigned_to, appointment, status, summary,
	created_at, updated_at, updated_by, version, deleted`

func scanJob(row interface{ Scan(...any) error }) (fieldbook.Job, error) {
	var j fieldbook.Job
	var appointment sql.NullString
	err := row.Scan(&j.ID, &j.Number, &j.JobType, &j.CustomerID, &j.AssetID, &j.AssignedTo, &appointment, &j.Status,
		&j.Summary, scanTime(&j.CreatedAt), scanTime(&j.UpdatedAt), &j.UpdatedBy, &j.Version, &j.Deleted)
	j.Appointment = parseTSPtr(appointment)
	return j, err
}

// errHandedIn refuses a technician's change to a job the archive holds.
var errHandedIn = fieldbook.Errorf(fieldbook.ECONFLICT,
	"工单已提交归档或已归档，不能再修改；如需修改，请档案管理员退回。",
	"The job is handed in to the archive or filed and can no longer change; ask the archive clerk to return it.")

// editableJob returns errHandedIn when the job is submitted or filed: its
// records change again only after the clerk returns it.
func editableJob(ctx context.Context, q querier, jobID string) error {
	var status string
	if err := q.QueryRowContext(ctx, `SELECT status FROM jobs WHERE id = ?`, jobID).Scan(&status); err != nil {
		return err
	}
	if status == fieldbook.JobSubmitted || status == fieldbook.JobFiled {
		return errHandedIn
	}
	return nil
}

func jobByID(ctx context.Context, q querier, id string) (fieldbook.Job, error) {
	j, err := scanJob(q.QueryRowContext(ctx, `SELECT `+jobCols+` FROM jobs WHERE id = ?`, id))
	return j, noRows(err, "工单", "job", id)
}

// Job returns a job with its customer, asset, visits, documents and the
// repair history of its asset.
func (d *DB) Job(ctx context.Context, id string) (fieldbook.JobView, error) {
	var v fieldbook.JobView
	err := d.read(ctx, func(tx *sql.Tx) error {
		var err error
		if v.Job, err = jobByID(ctx, tx, id); err != nil {
			return err
		}
		jt, err := jobType(ctx, tx, v.Job.JobType)
		if err != nil {
			return err
		}
		v.JobTypeName = jt.Name.Message()
		if v.DocumentSet, err = documentSet(ctx, tx, jt, id); err != nil {
			return err
		}
		if v.Customer, err = customerByID(ctx, tx, v.Job.CustomerID); err != nil {
			return err
		}
		v.Warranty = fieldbook.WarrantyUnknown
		if v.Job.AssetID != "" {
			a, err := assetByID(ctx, tx, v.Job.AssetID)
			if err != nil {
				return err
			}
			v.Asset = &a
			v.Warranty = a.WarrantyOn(d.Now().In(zoneOf(ctx, tx)).Format(time.DateOnly))
			if v.History, err = assetHistory(ctx, tx, a.ID, v.Job.ID); err != nil {
				return err
			}
		}
		if v.Visits, err = visitSummaries(ctx, tx, id); err != nil {
			return err
		}
		v.Documents, err = documents(ctx, tx, id)
		return err
	})
	return v, err
}

// assetHistory lists the other jobs on an asset, newest first, with the
// fault and result of each one's latest visit.
func assetHistory(ctx context.Context, q querier, assetID, exceptJob string) ([]fieldbook.HistoryItem, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT j.id, j.number, j.created_at, j.status,
			coalesce(v.content ->> '$.fault_symptoms', ''), coalesce(v.content ->> '$.result', ''),
			coalesce(v.content ->> '$.arrived_at', '')
		FROM jobs j
		LEFT JOIN visits v ON v.job_id = j.id AND v.deleted = 0
			AND v.revision = (SELECT max(revision) FROM visits WHERE job_id = j.id AND deleted = 0)
		WHERE j.asset_id = ? AND j.id != ? AND j.deleted = 0
		ORDER BY j.seq DESC LIMIT 100`, assetID, exceptJob)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []fieldbook.HistoryItem{}
	for rows.Next() {
		var h fieldbook.HistoryItem
		var arrived string
		if err := rows.Scan(&h.JobID, &h.JobNumber, scanTime(&h.Date), &h.Status, &h.FaultSymptoms, &h.Result, &arrived); err != nil {
			return nil, err
		}
		if t, err := time.Parse(time.RFC3339, arrived); err == nil {
			h.Date = t
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// jobRows reads list rows; where is a condition on j (jobs), c (customers), a (assets).
func jobRows(ctx context.Context, q querier, where string, args ...any) ([]fieldbook.JobRow, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT j.id, j.number, j.job_type, j.status, j.customer_id, c.name, c.company,
			coalesce(c.phones ->> '$[0]', ''), coalesce(c.addresses ->> '$[0]', ''),
			coalesce(a.model, ''), coalesce(a.plate, ''), coalesce(a.serial, ''),
			j.summary, j.assigned_to, j.appointment, j.updated_at, `+latestAnswer+`, `+nobodyHome+`
		FROM jobs j
		JOIN customers c ON c.id = j.customer_id
		LEFT JOIN assets a ON a.id = j.asset_id
		WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []fieldbook.JobRow{}
	for rows.Next() {
		var r fieldbook.JobRow
		var appointment, answer sql.NullString
		if err := rows.Scan(&r.ID, &r.Number, &r.JobType, &r.Status, &r.CustomerID, &r.CustomerName, &r.CustomerCompany,
			&r.Phone, &r.Address, &r.AssetModel, &r.AssetPlate, &r.AssetSerial, &r.Summary, &r.AssignedTo,
			&appointment, scanTime(&r.UpdatedAt), &answer, &r.NobodyHome); err != nil {
			return nil, err
		}
		r.Appointment = parseTSPtr(appointment)
		r.Answer = parseAnswer(answer)
		out = append(out, r)
	}
	return out, rows.Err()
}

// SearchJobs returns one page of the jobs matching q, newest first; an empty
// q lists every job. See search.go for how q matches.
func (d *DB) SearchJobs(ctx context.Context, q string, offset, limit int) (fieldbook.JobPage, error) {
	return d.Jobs(ctx, fieldbook.JobFilter{Query: q}, offset, limit)
}

// Jobs returns one page of the jobs the filter selects, in its order. Each
// filter walks an index of its column in the list's order (status, job
// type, technician, customer) or of the creation day; the search walks the
// search index.
func (d *DB) Jobs(ctx context.Context, f fieldbook.JobFilter, offset, limit int) (fieldbook.JobPage, error) {
	// A search while the index is still being built says so (asked
	// before the search: a build that ends meanwhile errs on the safe side).
	var progress *fieldbook.SearchProgress
	if strings.TrimSpace(f.Query) != "" {
		if indexing, done, total, err := d.SearchIndexing(ctx); err == nil && indexing {
			progress = &fieldbook.SearchProgress{Done: done, Total: total}
		}
	}
	page, err := d.jobs(ctx, f, offset, limit)
	page.Indexing = progress
	return page, err
}

func (d *DB) jobs(ctx context.Context, f fieldbook.JobFilter, offset, limit int) (fieldbook.JobPage, error) {
	// Words alone, newest first: the search index pages them itself.
	rest := f
	rest.Query = ""
	if rest != (fieldbook.JobFilter{}) && rest != (fieldbook.JobFilter{Sort: fieldbook.JobsNewest}) {
		return d.filterJobs(ctx, f, offset, limit)
	}
	q := f.Query
	limit, offset = clampLimit(limit), max(offset, 0)
	page := fieldbook.JobPage{Offset: offset}
	match := matchQuery(q)
	err := d.read(ctx, func(tx *sql.Tx) error {
		var err error
		if strings.TrimSpace(q) == "" {
			if err := countFirst(ctx, tx, offset, &page.Total, &page.More, `FROM jobs WHERE deleted = 0`); err != nil {
				return err
			}
			page.Rows, err = jobRows(ctx, tx, `j.deleted = 0 ORDER BY j.seq DESC LIMIT ? OFFSET ?`, limit, offset)
			return err
		}
		if match == "" { // only punctuation: nothing can match
			page.Rows = []fieldbook.JobRow{}
			return nil
		}
		if err := countFirst(ctx, tx, offset, &page.Total, &page.More, `FROM job_search WHERE job_search MATCH ?`, match); err != nil {
			return err
		}
		page.Rows, err = jobRows(ctx, tx, `j.seq IN (
				SELECT rowid FROM job_search WHERE job_search MATCH ? ORDER BY rowid DESC LIMIT ? OFFSET ?)
			AND j.deleted = 0 ORDER BY j.seq DESC`, match, limit, offset)
		return err
	})
	return page, err
}

func (d *DB) filterJobs(ctx context.Context, f fieldbook.JobFilter, offset, limit int) (fieldbook.JobPage, error) {
	limit, offset = clampLimit(limit), max(offset, 0)
	page := fieldbook.JobPage{Offset: offset, Rows: []fieldbook.JobRow{}}
	conds, args := []string{"j.deleted = 0"}, []any{}
	var v fieldbook.Validation
	eq := func(col, val string) {
		if val = strings.TrimSpace(val); val != "" {
			conds, args = append(conds, col+" = ?"), append(args, val)
		}
	}
	switch f.Status {
	case "", fieldbook.JobDraft, fieldbook.JobInProgress, fieldbook.JobCompleted, fieldbook.JobSubmitted, fieldbook.JobFiled, fieldbook.JobReturned:
		eq("j.status", f.Status)
	default:
		v.Add("status", "未知的状态。", "Unknown status.")
	}
	eq("j.job_type", f.JobType)
	eq("j.customer_id", f.CustomerID)
	eq("j.assigned_to", f.Technician)
	zone := d.Zone(ctx)
	var from, to time.Time
	for _, b := range []struct {
		field, day string
		into       *time.Time
		add        int
	}{{"from", f.From, &from, 0}, {"to", f.To, &to, 1}} {
		if b.day == "" {
			continue
		}
		t, err := time.ParseInLocation(time.DateOnly, b.day, zone)
		if err != nil {
			v.Add(b.field, "日期格式应为 年-月-日。", "Dates are year-month-day.")
			continue
		}
		*b.into = t.AddDate(0, 0, b.add)
	}
	if !from.IsZero() {
		conds, args = append(conds, "j.created_at >= ?"), append(args, ts(from))
	}
	if !to.IsZero() {
		if !from.IsZero() && !to.After(from) {
			v.Add("to", "结束日期早于开始日期。", "The end date is before the start date.")
		}
		conds, args = append(conds, "j.created_at < ?"), append(args, ts(to))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		match := matchQuery(q)
		if match == "" { // only punctuation: nothing can match
			return page, v.Err()
		}
		conds, args = append(conds, "j.seq IN (SELECT rowid FROM job_search WHERE job_search MATCH ?)"), append(args, match)
	}
	order, ok := map[string]string{
		"":                          "j.seq DESC",
		fieldbook.JobsNewest:        "j.seq DESC",
		fieldbook.JobsOldest:        "j.seq",
		fieldbook.JobsByAppointment: "j.appointment IS NULL, j.appointment, j.seq DESC",
		fieldbook.JobsByUpdate:      "j.updated_at DESC, j.seq DESC",
	}[f.Sort]
	if !ok {
		v.Add("sort", "未知的排序方式。", "Unknown order.")
	}
	if err := v.Err(); err != nil {
		return page, err
	}
	where := strings.Join(conds, " AND ")
	err := d.read(ctx, func(tx *sql.Tx) error {
		if err := countFirst(ctx, tx, offset, &page.Total, &page.More, `FROM jobs j WHERE `+where, args...); err != nil {
			return err
		}
		var err error
		page.Rows, err = jobRows(ctx, tx, where+` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, limit, offset)...)
		return err
	})
	return page, err
}

// reindexJobsWhere rebuilds the search documents of the jobs matching where
// (a condition on jobs) inside tx, from the job, its customer, its asset and
// its latest visit.
func (d *DB) reindexJobsWhere(ctx context.Context, tx *sql.Tx, where string, args ...any) error {
	docs, err := searchDocs(ctx, tx, nil, where, args...)
	if err != nil {
		return err
	}
	return writeSearchDocs(ctx, tx, docs)
}

// searchDoc is the search document of one job.
type searchDoc struct {
	seq          int64
	deleted, new bool // new: inserted in this transaction, no document to delete
	text         string
}

// searchDocs builds the search documents of the jobs matching where; the
// jobs of fresh (by id) were inserted in this transaction.
func searchDocs(ctx context.Context, tx *sql.Tx, fresh map[string]bool, where string, args ...any) ([]searchDoc, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT j.seq, j.id, j.deleted, j.number, j.summary, c.name, c.company, c.phones, c.addresses,
			coalesce(a.model, ''), coalesce(a.serial, ''), coalesce(a.plate, ''),
			coalesce((SELECT v.content ->> '$.fault_symptoms' FROM visits v WHERE v.job_id = j.id AND v.deleted = 0
				ORDER BY v.revision DESC LIMIT 1), '')
		FROM jobs j JOIN customers c ON c.id = j.customer_id LEFT JOIN assets a ON a.id = j.asset_id
		WHERE j.`+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var docs []searchDoc
	for rows.Next() {
		var dc searchDoc
		var id, number, summary, name, company, phones, addresses, model, serial, plate, fault string
		if err := rows.Scan(&dc.seq, &id, &dc.deleted, &number, &summary, &name, &company, &phones, &addresses, &model, &serial, &plate, &fault); err != nil {
			return nil, err
		}
		dc.new = fresh[id]
		fields := []string{number, summary, name, company, model, serial, plate, fault}
		fields = append(fields, jsonList(phones)...)
		dc.text = grams(append(fields, jsonList(addresses)...)...)
		docs = append(docs, dc)
	}
	return docs, rows.Err()
}

// writeSearchDocs replaces the search documents, in rowid order: FTS5
// flushes its pending terms to a new segment whenever a rowid is lower
// than the one before, which out of order costs a segment per document.
func writeSearchDocs(ctx context.Context, tx *sql.Tx, docs []searchDoc) error {
	if len(docs) == 0 {
		return nil
	}
	slices.SortFunc(docs, func(a, b searchDoc) int { return cmp.Compare(a.seq, b.seq) })
	del, err := tx.PrepareContext(ctx, `DELETE FROM job_search WHERE rowid = ?`)
	if err != nil {
		return err
	}
	defer del.Close()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO job_search (rowid, grams) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for _, dc := range docs {
		if !dc.new {
			if _, err := del.ExecContext(ctx, dc.seq); err != nil {
				return err
			}
		}
		if dc.deleted {
			continue
		}
		if _, err := ins.ExecContext(ctx, dc.seq, dc.text); err != nil {
			return err
		}
	}
	return nil
}

// documentSet lists the job type's documents with the state of the job's
// checklists.
func documentSet(ctx context.Context, tx *sql.Tx, jt jobtype.JobType, jobID string) ([]fieldbook.DocumentSlot, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+checklistCols+` FROM checklists WHERE job_id = ? AND deleted = 0`, jobID)
	if err != nil {
		return nil, err
	}
	byDoc := map[string]Checklist{}
	for rows.Next() {
		c, err := scanChecklist(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		byDoc[c.DocumentKey] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []fieldbook.DocumentSlot{}
	for _, doc := range jt.Documents {
		slot := fieldbook.DocumentSlot{Key: doc.Key, Name: doc.Name.Message(), Form: doc.Form, Presence: doc.Presence,
			When: doc.When, Signatures: orEmpty(doc.Signatures), Stamps: orEmpty(doc.Stamps)}
		if doc.Form == jobtype.FormServiceRecord {
			// The service record is the latest revision of the job's latest visit.
			var status string
			var signed bool
			err := tx.QueryRowContext(ctx, `SELECT status, signed FROM visits WHERE job_id = ? AND deleted = 0
				ORDER BY created_at DESC, revision DESC LIMIT 1`, jobID).Scan(&status, &signed)
			if err != nil && err != sql.ErrNoRows {
				return nil, err
			}
			slot.Status, slot.Signed = status, signed
		}
		if c, ok := byDoc[doc.Key]; ok {
			slot.ChecklistID, slot.Status, slot.Signed = c.ID, c.Status, c.Signed
			if t, err := template(ctx, tx, c.TemplateKey, c.TemplateVersion); err == nil {
				slot.Done, slot.Total = jobtype.Progress(t, c.Answers)
			}
		}
		out = append(out, slot)
	}
	return out, nil
}

package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"fieldbook/backend/archive"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

// Completeness checks the job's documents against its job type's document
// set, as the archive clerk will: the service record and checklists made
// here with their signatures, and scans of paper documents attached under
// the document's key, with what the clerk recorded on them. The technician
// runs it before submitting.
func (d *DB) Completeness(ctx context.Context, jobID string) (archive.Result, error) {
	var res archive.Result
	err := d.read(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = newChecker(tx).check(ctx, jobID)
		return err
	})
	return res, err
}

// checker runs completeness checks in one transaction, reading only what
// the check needs and each job type once.
type checker struct {
	tx    *sql.Tx
	types map[string]jobtype.JobType
}

func newChecker(tx *sql.Tx) *checker {
	return &checker{tx: tx, types: map[string]jobtype.JobType{}}
}

func (c *checker) check(ctx context.Context, jobID string) (archive.Result, error) {
	tx := c.tx
	var typeKey, flagsJSON, checksJSON string
	err := tx.QueryRowContext(ctx, `SELECT job_type, flags, doc_checks FROM jobs WHERE id = ?`, jobID).Scan(&typeKey, &flagsJSON, &checksJSON)
	if err == sql.ErrNoRows {
		return archive.Result{}, fieldbook.Errorf(fieldbook.ENOTFOUND, "找不到该工单。", "The job was not found.")
	}
	if err != nil {
		return archive.Result{}, err
	}
	jt, ok := c.types[typeKey]
	if !ok {
		if jt, err = jobType(ctx, tx, typeKey); err != nil {
			return archive.Result{}, err
		}
		c.types[typeKey] = jt
	}
	flags := map[string]bool{}
	_ = json.Unmarshal([]byte(flagsJSON), &flags)
	checks := map[string]archive.DocCheck{}
	_ = json.Unmarshal([]byte(checksJSON), &checks)
	recs, err := jobRecords(ctx, tx, jobID, jt)
	if err != nil {
		return archive.Result{}, err
	}
	// A scan carries what the archive clerk found on the paper original.
	return archive.Check(jt, flags, archive.WithChecks(recs.Docs(jt), checks)), nil
}

// jobRecords reads what the check of the job needs, for the forms its job
// type has.
func jobRecords(ctx context.Context, tx *sql.Tx, jobID string, jt jobtype.JobType) (archive.Records, error) {
	recs := archive.Records{Checklists: map[string]string{}, Signatures: map[string][]archive.Sig{}, Scans: map[string]int{}}
	forms := map[string]bool{}
	for _, dt := range jt.Documents {
		forms[dt.Form] = true
	}
	if forms[jobtype.FormServiceRecord] {
		var v archive.VisitFacts
		err := tx.QueryRowContext(ctx, `SELECT v.id, coalesce(v.content ->> '$.work_performed', ''), coalesce(v.content ->> '$.result', ''),
			coalesce(v.content ->> '$.asset.plate', ''), coalesce(v.content ->> '$.asset.serial', '')
			FROM visits v WHERE v.job_id = ? AND v.deleted = 0
			AND NOT EXISTS (SELECT 1 FROM visits n WHERE n.supersedes = v.id)
			ORDER BY v.created_at DESC LIMIT 1`, jobID).Scan(&v.ID, &v.WorkPerformed, &v.Result, &v.Plate, &v.Serial)
		switch {
		case err == nil:
			recs.Visit = &v
			if err := addSignatures(ctx, tx, recs, "visit_id", v.ID); err != nil {
				return recs, err
			}
		case err != sql.ErrNoRows:
			return recs, err
		}
	}
	if forms[jobtype.FormChecklist] {
		rows, err := tx.QueryContext(ctx, `SELECT document_key, id FROM checklists WHERE job_id = ? AND deleted = 0`, jobID)
		if err != nil {
			return recs, err
		}
		for rows.Next() {
			var key, id string
			if err := rows.Scan(&key, &id); err != nil {
				rows.Close()
				return recs, err
			}
			recs.Checklists[key] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return recs, err
		}
		for _, id := range recs.Checklists {
			if err := addSignatures(ctx, tx, recs, "checklist_id", id); err != nil {
				return recs, err
			}
		}
	}
	if forms[jobtype.FormScan] {
		rows, err := tx.QueryContext(ctx, `SELECT item_key, count(*) FROM attachments WHERE job_id = ?
			AND checklist_id IS NULL AND deleted = 0 GROUP BY item_key`, jobID)
		if err != nil {
			return recs, err
		}
		defer rows.Close()
		for rows.Next() {
			var key string
			var n int
			if err := rows.Scan(&key, &n); err != nil {
				return recs, err
			}
			recs.Scans[key] = n
		}
		return recs, rows.Err()
	}
	return recs, nil
}

// addSignatures reads the signatures of a visit or checklist, in signing order.
func addSignatures(ctx context.Context, tx *sql.Tx, recs archive.Records, column, id string) error {
	rows, err := tx.QueryContext(ctx, `SELECT role, kind, signer_name FROM signatures WHERE `+column+` = ? ORDER BY signed_at`, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s archive.Sig
		if err := rows.Scan(&s.Role, &s.Kind, &s.SignerName); err != nil {
			return err
		}
		recs.Signatures[id] = append(recs.Signatures[id], s)
	}
	return rows.Err()
}

// SubmitJob hands a completed job to the archive. The completeness check
// runs first: with problems the job is not submitted unless the technician
// submits anyway (force), knowing the clerk will see the same list.
func (d *DB) SubmitJob(ctx context.Context, jobID string, force bool) (archive.Result, error) {
	var res archive.Result
	err := d.tx(ctx, func(tx *sql.Tx) error {
		j, err := jobByID(ctx, tx, jobID)
		if err != nil {
			return err
		}
		if j.Status != fieldbook.JobCompleted && j.Status != fieldbook.JobReturned {
			return fieldbook.Errorf(fieldbook.ECONFLICT, "只有已完成或被退回的工单可以提交归档。",
				"Only a completed or returned job can be submitted to the archive.")
		}
		if res, err = newChecker(tx).check(ctx, jobID); err != nil {
			return err
		}
		if !res.Complete && !force {
			e := fieldbook.Errorf(fieldbook.EINVALID, "工单资料不完整，请先补齐以下内容。", "The job's documents are incomplete; fix the following first.")
			for _, p := range res.Problems {
				e.Fields = append(e.Fields, fieldbook.FieldError{Field: "documents." + p.Doc, Message: p.Message})
			}
			return e
		}
		now := d.Now()
		_, err = tx.ExecContext(ctx, `UPDATE jobs SET status = 'submitted', submitted_at = ?, updated_at = ?, updated_by = ?,
			version = version + 1 WHERE id = ?`, now.UTC().Format(time.RFC3339), ts(now), d.deviceID, jobID)
		return err
	})
	return res, err
}

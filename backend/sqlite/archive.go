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
		res, err = completeness(ctx, tx, jobID)
		return err
	})
	return res, err
}

func completeness(ctx context.Context, tx *sql.Tx, jobID string) (archive.Result, error) {
	j, err := jobByID(ctx, tx, jobID)
	if err != nil {
		return archive.Result{}, err
	}
	jt, err := jobType(ctx, tx, j.JobType)
	if err != nil {
		return archive.Result{}, err
	}
	var flagsJSON, checksJSON string
	if err := tx.QueryRowContext(ctx, `SELECT flags, doc_checks FROM jobs WHERE id = ?`, jobID).Scan(&flagsJSON, &checksJSON); err != nil {
		return archive.Result{}, err
	}
	flags := map[string]bool{}
	_ = json.Unmarshal([]byte(flagsJSON), &flags)
	checks := map[string]archive.DocCheck{}
	_ = json.Unmarshal([]byte(checksJSON), &checks)
	var docs []archive.Doc
	for _, dt := range jt.Documents {
		switch dt.Form {
		case jobtype.FormServiceRecord:
			var vid string
			err := tx.QueryRowContext(ctx, `SELECT v.id FROM visits v WHERE v.job_id = ? AND v.deleted = 0
				AND NOT EXISTS (SELECT 1 FROM visits n WHERE n.supersedes = v.id)
				ORDER BY v.created_at DESC LIMIT 1`, jobID).Scan(&vid)
			if err == sql.ErrNoRows {
				continue
			}
			if err != nil {
				return archive.Result{}, err
			}
			v, err := visitByID(ctx, tx, vid)
			if err != nil {
				return archive.Result{}, err
			}
			doc, err := electronicDoc(ctx, tx, dt.Key, "visit_id", vid)
			if err != nil {
				return archive.Result{}, err
			}
			doc.Fields = map[string]bool{
				"work_description": v.WorkPerformed != "" && v.Result != "",
				"plate_or_vin":     v.Asset.Plate != "" || v.Asset.Serial != "",
			}
			docs = append(docs, doc)
		case jobtype.FormChecklist:
			var cid string
			err := tx.QueryRowContext(ctx, `SELECT id FROM checklists WHERE job_id = ? AND document_key = ? AND deleted = 0`, jobID, dt.Key).Scan(&cid)
			if err == sql.ErrNoRows {
				continue
			}
			if err != nil {
				return archive.Result{}, err
			}
			doc, err := electronicDoc(ctx, tx, dt.Key, "checklist_id", cid)
			if err != nil {
				return archive.Result{}, err
			}
			docs = append(docs, doc)
		case jobtype.FormScan:
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM attachments WHERE job_id = ? AND item_key = ?
				AND checklist_id IS NULL AND deleted = 0`, jobID, dt.Key).Scan(&n); err != nil {
				return archive.Result{}, err
			}
			if n > 0 {
				docs = append(docs, archive.Doc{Key: dt.Key, Source: archive.SourceScan})
			}
		}
	}
	// A scan carries what the archive clerk found on the paper original.
	return archive.Check(jt, flags, archive.WithChecks(docs, checks)), nil
}

// electronicDoc is a document made in Fieldbook with its signatures.
func electronicDoc(ctx context.Context, tx *sql.Tx, key, column, id string) (archive.Doc, error) {
	sigs, err := signaturesOf(ctx, tx, column, id, false)
	if err != nil {
		return archive.Doc{}, err
	}
	doc := archive.Doc{Key: key, Source: archive.SourceElectronic}
	for _, s := range sigs {
		doc.Signatures = append(doc.Signatures, archive.Sig{Role: s.Role, Kind: s.Kind, SignerName: s.SignerName})
	}
	return doc, nil
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
		if res, err = completeness(ctx, tx, jobID); err != nil {
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

package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"unicode/utf8"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

// Checklist is a filled checklist document of a job.
type Checklist struct {
	fieldbook.Meta
	JobID           string                    `json:"job_id"`
	DocumentKey     string                    `json:"document_key"`
	TemplateKey     string                    `json:"template_key"`
	TemplateVersion int                       `json:"template_version"`
	Answers         map[string]jobtype.Answer `json:"answers"`
	Status          string                    `json:"status"` // draft | finished
	Signed          bool                      `json:"signed"`
}

func (c Checklist) content() jobtype.ChecklistContent {
	return jobtype.ChecklistContent{ID: c.ID, JobID: c.JobID, DocumentKey: c.DocumentKey,
		TemplateKey: c.TemplateKey, TemplateVersion: c.TemplateVersion, Answers: c.Answers}
}

// ChecklistView is a checklist with everything its screen shows.
type ChecklistView struct {
	Checklist   Checklist                 `json:"checklist"`
	Job         fieldbook.Job             `json:"job"`
	Document    jobtype.DocumentType      `json:"document"`
	Template    jobtype.Template          `json:"template"`
	Done        int                       `json:"done"`
	Total       int                       `json:"total"`
	Issues      []fieldbook.FieldError    `json:"issues"`
	Problems    []jobtype.Problem         `json:"problems"` // 存在问题
	Signatures  []fieldbook.SignatureView `json:"signatures"`
	Attachments []fieldbook.Attachment    `json:"attachments"`
	Locked      bool                      `json:"locked"`
	ContentHash string                    `json:"content_hash"`
}

// ChecklistSave is what saving answers returns.
type ChecklistSave struct {
	Version  int64                  `json:"version"`
	Done     int                    `json:"done"`
	Total    int                    `json:"total"`
	Issues   []fieldbook.FieldError `json:"issues"`
	Problems []jobtype.Problem      `json:"problems"`
	// Refused are the answers the store did not take (a text or note over
	// fieldbook.MaxTextRunes), by path ("answers.k.note"); the item keeps
	// its stored answer and every other item was stored.
	Refused []fieldbook.FieldError `json:"refused"`
}

const checklistCols = `id, job_id, document_key, template_key, template_version, answers, status, signed,
	created_at, updated_at, updated_by, version, deleted`

func scanChecklist(row interface{ Scan(...any) error }) (Checklist, error) {
	var c Checklist
	var answers string
	err := row.Scan(&c.ID, &c.JobID, &c.DocumentKey, &c.TemplateKey, &c.TemplateVersion, &answers, &c.Status, &c.Signed,
		scanTime(&c.CreatedAt), scanTime(&c.UpdatedAt), &c.UpdatedBy, &c.Version, &c.Deleted)
	if err != nil {
		return c, err
	}
	return c, json.Unmarshal([]byte(answers), &c.Answers)
}

func checklistByID(ctx context.Context, q querier, id string) (Checklist, error) {
	c, err := scanChecklist(q.QueryRowContext(ctx, `SELECT `+checklistCols+` FROM checklists WHERE id = ?`, id))
	return c, noRows(err, "检查单", "checklist", id)
}

// checklistDocument finds the document type of a job's checklist.
func checklistDocument(ctx context.Context, q querier, j fieldbook.Job, key string) (jobtype.DocumentType, error) {
	jt, err := jobType(ctx, q, j.JobType)
	if err != nil {
		return jobtype.DocumentType{}, err
	}
	doc, ok := jt.Document(key)
	if !ok || doc.Form != jobtype.FormChecklist {
		var v fieldbook.Validation
		v.Add("document_key", "该工单类型没有这个检查单。", "This job type has no such checklist.")
		return doc, v.Err()
	}
	return doc, nil
}

// StartChecklist returns the job's checklist for the document, creating it
// from the latest version of its template.
func (d *DB) StartChecklist(ctx context.Context, jobID, documentKey string) (ChecklistView, error) {
	var id string
	err := d.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id FROM checklists WHERE job_id = ? AND document_key = ? AND deleted = 0`, jobID, documentKey).Scan(&id)
		if err != sql.ErrNoRows {
			return err
		}
		j, err := jobByID(ctx, tx, jobID)
		if err != nil {
			return err
		}
		doc, err := checklistDocument(ctx, tx, j, documentKey)
		if err != nil {
			return err
		}
		t, err := latestTemplate(ctx, tx, doc.Template)
		if err != nil {
			return err
		}
		now := d.Now()
		m := d.newMeta(now)
		id = m.ID
		_, err = tx.ExecContext(ctx, `INSERT INTO checklists (id, job_id, document_key, template_key, template_version, answers,
			created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, '{}', ?, ?, ?)`,
			id, jobID, documentKey, t.Key, t.Version, ts(now), ts(now), d.deviceID)
		if err != nil {
			return err
		}
		return d.setJobStatus(ctx, tx, jobID, fieldbook.JobInProgress, fieldbook.JobDraft)
	})
	if err != nil {
		return ChecklistView{}, err
	}
	return d.Checklist(ctx, id)
}

// Checklist returns a checklist with its template, progress, problems,
// signatures and photos.
func (d *DB) Checklist(ctx context.Context, id string) (ChecklistView, error) {
	var v ChecklistView
	err := d.read(ctx, func(tx *sql.Tx) error {
		var err error
		if v.Checklist, err = checklistByID(ctx, tx, id); err != nil {
			return err
		}
		c := v.Checklist
		if v.Job, err = jobByID(ctx, tx, c.JobID); err != nil {
			return err
		}
		if v.Document, err = checklistDocument(ctx, tx, v.Job, c.DocumentKey); err != nil {
			return err
		}
		if v.Template, err = template(ctx, tx, c.TemplateKey, c.TemplateVersion); err != nil {
			return err
		}
		v.Done, v.Total = jobtype.Progress(v.Template, c.Answers)
		v.Issues = orEmpty(jobtype.ValidateAnswers(v.Template, c.Answers))
		v.Problems = jobtype.Problems(v.Template, c.Answers)
		v.Locked, v.ContentHash = c.Signed, c.content().Hash()
		if v.Signatures, err = signaturesOf(ctx, tx, "checklist_id", id, true); err != nil {
			return err
		}
		v.Attachments, err = attachmentsWhere(ctx, tx, `checklist_id = ?`, id)
		return err
	})
	return v, err
}

// SetAnswers merges answers into the checklist (autosave): an item's answer
// replaces the stored one, an empty answer clears it. Answers to items the
// template does not have are refused; an answer whose text or note is over
// fieldbook.MaxTextRunes is refused on its field (the item keeps its stored
// answer, the other items are stored); incomplete answers are kept and
// listed as issues. A signed checklist refuses every change.
func (d *DB) SetAnswers(ctx context.Context, id string, answers map[string]jobtype.Answer) (ChecklistSave, error) {
	var res ChecklistSave
	err := d.tx(ctx, func(tx *sql.Tx) error {
		c, err := checklistByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if c.Signed {
			return errChecklistSigned
		}
		if err := editableJob(ctx, tx, c.JobID); err != nil {
			return err
		}
		t, err := template(ctx, tx, c.TemplateKey, c.TemplateVersion)
		if err != nil {
			return err
		}
		var v fieldbook.Validation
		keys := make([]string, 0, len(answers))
		for k := range answers {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if _, _, ok := t.Item(k); !ok {
				v.Add("answers."+k, "模板中没有这个检查项。", "The template has no such item.")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if c.Answers == nil {
			c.Answers = map[string]jobtype.Answer{}
		}
		for _, k := range keys {
			a := answers[k]
			refused := false
			for _, f := range []struct{ name, value string }{{"text", a.Text}, {"note", a.Note}} {
				if n := utf8.RuneCountInString(f.value); n > fieldbook.MaxTextRunes {
					m := fieldbook.TooLongMessage(n)
					res.Refused = append(res.Refused, fieldbook.FieldError{Field: "answers." + k + "." + f.name, Message: m})
					refused = true
				}
			}
			if !refused {
				// What the hub would refuse (a date that is none…) is refused here too.
				if errs := jobtype.CheckAnswers(t, map[string]jobtype.Answer{k: a}); len(errs) > 0 {
					res.Refused = append(res.Refused, errs...)
					refused = true
				}
			}
			if refused {
				continue
			}
			if a.Result == "" && a.Number == nil && a.Text == "" && a.Note == "" && len(a.PhotoSHA256) == 0 {
				delete(c.Answers, k)
			} else {
				c.Answers[k] = a
			}
		}
		if err := tx.QueryRowContext(ctx, `UPDATE checklists SET answers = ?, status = 'draft', updated_at = ?, updated_by = ?,
			version = version + 1 WHERE id = ? RETURNING version`, mustJSON(c.Answers), ts(d.Now()), d.deviceID, id).Scan(&res.Version); err != nil {
			return err
		}
		res.Done, res.Total = jobtype.Progress(t, c.Answers)
		res.Issues = orEmpty(jobtype.ValidateAnswers(t, c.Answers))
		res.Problems = jobtype.Problems(t, c.Answers)
		return nil
	})
	if err != nil {
		return ChecklistSave{}, fmt.Errorf("save answers: %w", err)
	}
	return res, nil
}

var errChecklistSigned = fieldbook.Errorf(fieldbook.ECONFLICT,
	"该检查单已签字，内容不能再修改。", "This checklist is signed and can no longer change.")

// readyToSign reports what keeps a checklist from being signed: items not
// yet answered, and answers that are not acceptable (a fail without a note…).
func readyToSign(t jobtype.Template, c Checklist) error {
	done, total := jobtype.Progress(t, c.Answers)
	issues := jobtype.ValidateAnswers(t, c.Answers)
	if done == total && len(issues) == 0 {
		return nil
	}
	e := fieldbook.Errorf(fieldbook.EINVALID,
		fmt.Sprintf("检查单还没有填完（%d/%d）或有需要补充的项目。", done, total),
		fmt.Sprintf("The checklist is not complete (%d/%d) or has items to fix.", done, total))
	e.Fields = issues
	return e
}

// SignChecklist stores a signature over the checklist's content; the
// content is then read-only.
func (d *DB) SignChecklist(ctx context.Context, in fieldbook.SignatureInput) (ChecklistView, error) {
	img, err := d.decodeSignature(ctx, &in)
	if err != nil {
		return ChecklistView{}, err
	}
	err = d.tx(ctx, func(tx *sql.Tx) error {
		c, err := checklistByID(ctx, tx, in.ChecklistID)
		if err != nil {
			return err
		}
		j, err := jobByID(ctx, tx, c.JobID)
		if err != nil {
			return err
		}
		if err := editableJob(ctx, tx, j.ID); err != nil {
			return err
		}
		doc, err := checklistDocument(ctx, tx, j, c.DocumentKey)
		if err != nil {
			return err
		}
		if !slices.Contains(doc.Signatures, in.Role) {
			var v fieldbook.Validation
			v.Add("role", "这份检查单不需要该角色签字。", "This checklist is not signed by that role.")
			return v.Err()
		}
		t, err := template(ctx, tx, c.TemplateKey, c.TemplateVersion)
		if err != nil {
			return err
		}
		if err := readyToSign(t, c); err != nil {
			return err
		}
		if err := d.insertSignature(ctx, tx, "checklist_id", c.ID, in, img, c.content().Hash()); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE checklists SET signed = 1, updated_at = ?, updated_by = ?, version = version + 1
			WHERE id = ? AND signed = 0`, ts(d.Now()), d.deviceID, c.ID)
		return err
	})
	if err != nil {
		return ChecklistView{}, err
	}
	return d.Checklist(ctx, in.ChecklistID)
}

// FinishChecklist closes a checklist every required role has signed.
func (d *DB) FinishChecklist(ctx context.Context, id string) (ChecklistView, error) {
	err := d.tx(ctx, func(tx *sql.Tx) error {
		c, err := checklistByID(ctx, tx, id)
		if err != nil {
			return err
		}
		j, err := jobByID(ctx, tx, c.JobID)
		if err != nil {
			return err
		}
		if err := editableJob(ctx, tx, j.ID); err != nil {
			return err
		}
		doc, err := checklistDocument(ctx, tx, j, c.DocumentKey)
		if err != nil {
			return err
		}
		t, err := template(ctx, tx, c.TemplateKey, c.TemplateVersion)
		if err != nil {
			return err
		}
		if err := readyToSign(t, c); err != nil {
			return err
		}
		sigs, err := signaturesOf(ctx, tx, "checklist_id", id, false)
		if err != nil {
			return err
		}
		var v fieldbook.Validation
		for _, role := range doc.Signatures {
			if !signedBy(sigs, role) {
				l := roleLabels[role]
				v.Add("signatures."+role, "缺少"+l.ZH+"签字。", "The "+l.EN+" has not signed.")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE checklists SET status = 'finished', updated_at = ?, updated_by = ?, version = version + 1
			WHERE id = ?`, ts(d.Now()), d.deviceID, id)
		return err
	})
	if err != nil {
		return ChecklistView{}, err
	}
	return d.Checklist(ctx, id)
}

// VerifyChecklist recomputes the checklist's content hash and compares it
// with every signature's.
func (d *DB) VerifyChecklist(ctx context.Context, id string) (fieldbook.Verification, error) {
	var out fieldbook.Verification
	err := d.read(ctx, func(tx *sql.Tx) error {
		c, err := checklistByID(ctx, tx, id)
		if err != nil {
			return err
		}
		content := c.content()
		out, err = verify(ctx, tx, "checklist_id", id, content.Hash(), content.SignedWith)
		return err
	})
	return out, err
}

// JobChecklists lists the checklists of a job.
func (d *DB) JobChecklists(ctx context.Context, jobID string) ([]Checklist, error) {
	rows, err := d.rdb.QueryContext(ctx, `SELECT `+checklistCols+` FROM checklists WHERE job_id = ? AND deleted = 0 ORDER BY created_at`, jobID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Checklist{}
	for rows.Next() {
		c, err := scanChecklist(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

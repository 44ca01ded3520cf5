package desktop

import (
	"context"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
	"fieldbook/backend/sqlite"
)

// Templates is the admin's view of job types and checklist templates.
type Templates struct{ *base }

// JobTypes lists the configured job types with their document sets.
func (t *Templates) JobTypes() ([]jobtype.JobType, error) {
	db, err := t.store()
	if err != nil {
		return nil, err
	}
	return db.JobTypes(context.Background())
}

// Template returns one stored template version.
func (t *Templates) Template(key string, version int) (jobtype.Template, error) {
	db, err := t.store()
	if err != nil {
		return jobtype.Template{}, err
	}
	return db.Template(context.Background(), key, version)
}

// Export returns every job type and the latest template versions as the
// JSON file an admin edits.
func (t *Templates) Export() (string, error) {
	db, err := t.store()
	if err != nil {
		return "", err
	}
	b, err := db.ExportBundle(context.Background())
	return string(b), err
}

// Import stores a JSON file of job types and templates, all of it or none:
// the error lists every problem with its line.
func (t *Templates) Import(text string) (sqlite.ImportResult, error) {
	db, err := t.store()
	if err != nil {
		return sqlite.ImportResult{}, err
	}
	return db.ImportBundle(context.Background(), []byte(text))
}

// Checklists is the checklist form (验收单, 验房, 检查单).
type Checklists struct{ *base }

// Start returns the job's checklist for a document, creating it.
func (c *Checklists) Start(jobID, documentKey string) (sqlite.ChecklistView, error) {
	db, err := c.store()
	if err != nil {
		return sqlite.ChecklistView{}, err
	}
	return db.StartChecklist(context.Background(), jobID, documentKey)
}

// Get returns a checklist.
func (c *Checklists) Get(id string) (sqlite.ChecklistView, error) {
	db, err := c.store()
	if err != nil {
		return sqlite.ChecklistView{}, err
	}
	return db.Checklist(context.Background(), id)
}

// SetAnswers saves answers (autosave); an empty answer clears an item.
func (c *Checklists) SetAnswers(id string, answers map[string]jobtype.Answer) (sqlite.ChecklistSave, error) {
	db, err := c.store()
	if err != nil {
		return sqlite.ChecklistSave{}, err
	}
	return db.SetAnswers(context.Background(), id, answers)
}

// Sign stores a signature over the checklist, which then locks.
func (c *Checklists) Sign(in fieldbook.SignatureInput) (sqlite.ChecklistView, error) {
	db, err := c.store()
	if err != nil {
		return sqlite.ChecklistView{}, err
	}
	return db.SignChecklist(context.Background(), in)
}

// Finish closes a fully signed checklist.
func (c *Checklists) Finish(id string) (sqlite.ChecklistView, error) {
	db, err := c.store()
	if err != nil {
		return sqlite.ChecklistView{}, err
	}
	return db.FinishChecklist(context.Background(), id)
}

// Verify recomputes the checklist's content hash against its signatures.
func (c *Checklists) Verify(id string) (fieldbook.Verification, error) {
	db, err := c.store()
	if err != nil {
		return fieldbook.Verification{}, err
	}
	return db.VerifyChecklist(context.Background(), id)
}

// Attach keeps a photo or scan with the job (and a checklist item).
func (c *Checklists) Attach(in fieldbook.AttachmentInput) (fieldbook.Attachment, error) {
	db, err := c.store()
	if err != nil {
		return fieldbook.Attachment{}, err
	}
	return db.AddAttachment(context.Background(), in)
}

// Attachments lists a job's photos and scans.
func (c *Checklists) Attachments(jobID string) ([]fieldbook.Attachment, error) {
	db, err := c.store()
	if err != nil {
		return nil, err
	}
	return db.Attachments(context.Background(), jobID)
}

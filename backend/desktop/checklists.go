package desktop

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
	"fieldbook/backend/pdf"
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

// PDF renders the checklist as a printed form and keeps it with the job.
func (c *Checklists) PDF(id string) (fieldbook.Document, error) {
	db, err := c.store()
	if err != nil {
		return fieldbook.Document{}, err
	}
	ctx := context.Background()
	r, key, err := renderChecklist(ctx, db, id)
	if err != nil {
		return fieldbook.Document{}, err
	}
	return c.show(db.SaveDocument(ctx, r.jobID, "", "checklist:"+key, r.name, "application/pdf", r.data))
}

// renderChecklist makes the printed form of a checklist; key is its
// document's.
func renderChecklist(ctx context.Context, db *sqlite.DB, id string) (rendered, string, error) {
	v, err := db.Checklist(ctx, id)
	if err != nil {
		return rendered{}, "", err
	}
	jv, err := db.Job(ctx, v.Job.ID)
	if err != nil {
		return rendered{}, "", err
	}
	settings, err := db.Settings(ctx)
	if err != nil {
		return rendered{}, "", err
	}
	doc := pdf.Checklist{Company: settings.Company, Job: v.Job, JobTypeName: jv.JobTypeName.ZH, Document: v.Document,
		Template: v.Template, Answers: v.Checklist.Answers, ContentHash: v.ContentHash, GeneratedAt: time.Now(),
		Zone:     fieldbook.Zone(settings.TimeZone),
		Customer: customerSnapshot(jv.Customer), Asset: assetSnapshot(jv)}
	for _, a := range v.Attachments {
		if img, ok := dataURLBytes(a.ThumbDataURL); ok && a.ItemKey != "" {
			doc.Photos = append(doc.Photos, pdf.ChecklistPhoto{ItemKey: a.ItemKey, SHA256: a.SHA256, Image: img})
		}
	}
	for _, s := range v.Signatures {
		img, _ := dataURLBytes(s.ImageDataURL)
		doc.Signatures = append(doc.Signatures, pdf.SignatureImage{Signature: s.Signature, PNG: img})
	}
	var buf bytes.Buffer
	if err := pdf.ChecklistPDF(&buf, doc); err != nil {
		return rendered{}, "", fmt.Errorf("checklist pdf: %w", err)
	}
	name := fmt.Sprintf("%s-%s.pdf", v.Job.Number, v.Document.Name.ZH)
	return rendered{jobID: v.Job.ID, name: name, data: buf.Bytes()}, v.Document.Key, nil
}

// assetSnapshot is the job's asset as printed, nil for a job without one.
func assetSnapshot(jv fieldbook.JobView) *fieldbook.AssetSnapshot {
	a := jv.Asset
	if a == nil {
		return nil
	}
	return &fieldbook.AssetSnapshot{Kind: a.Kind, Model: a.Model, Serial: a.Serial, Plate: a.Plate,
		PurchaseDate: a.PurchaseDate, Warranty: jv.Warranty, EquipmentClass: a.EquipmentClass}
}

func customerSnapshot(c fieldbook.Customer) fieldbook.CustomerSnapshot {
	s := fieldbook.CustomerSnapshot{Name: c.Name, Company: c.Company}
	if len(c.Phones) > 0 {
		s.Phone = c.Phones[0]
	}
	if len(c.Addresses) > 0 {
		s.Address = c.Addresses[0]
	}
	return s
}

// dataURLBytes decodes a base64 data: URL.
func dataURLBytes(u string) ([]byte, bool) {
	_, payload, ok := strings.Cut(u, ",")
	if !ok {
		return nil, false
	}
	b, err := base64.StdEncoding.DecodeString(payload)
	return b, err == nil
}

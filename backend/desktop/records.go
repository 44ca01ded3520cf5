package desktop

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"fieldbook/backend/archive"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/pdf"
	"fieldbook/backend/schema"
	"fieldbook/backend/sqlite"
	"fieldbook/backend/syncer"
)

// Customers is the customer list and page.
type Customers struct{ *base }

// Search lists customers whose name, company, phone or address contains q.
func (c *Customers) Search(q string, offset, limit int) (fieldbook.CustomerPage, error) {
	db, err := c.store()
	if err != nil {
		return fieldbook.CustomerPage{}, err
	}
	return db.Customers(context.Background(), q, offset, limit)
}

// Get returns a customer with their assets and jobs.
func (c *Customers) Get(id string) (fieldbook.CustomerView, error) {
	db, err := c.store()
	if err != nil {
		return fieldbook.CustomerView{}, err
	}
	return db.Customer(context.Background(), id)
}

// Save creates or updates a customer.
func (c *Customers) Save(in fieldbook.Customer) (fieldbook.Customer, error) {
	db, err := c.store()
	if err != nil {
		return in, err
	}
	return db.SaveCustomer(context.Background(), in)
}

// SaveEdit stores an autosave of the customer form field by field: a
// refused value (a phone that is not one, too long) is reported on its
// field and every other field is stored; a field changed here and by a sync
// since the form's base keeps the stored value and is reported.
func (c *Customers) SaveEdit(in fieldbook.CustomerEdit) (fieldbook.CustomerSave, error) {
	db, err := c.store()
	if err != nil {
		return fieldbook.CustomerSave{}, err
	}
	return db.SaveCustomerEdit(context.Background(), in)
}

// Draft is the customer form kept on this laptop: for id "" the new
// customer being typed (restored when the form opens again, after a restart
// too), for a customer the values the store refused, kept as typed. Nil when
// there is none.
func (c *Customers) Draft(id string) (*fieldbook.CustomerDraft, error) {
	db, err := c.store()
	if err != nil {
		return nil, err
	}
	return db.CustomerDraft(context.Background(), id)
}

// KeepDraft keeps the new-customer form as typed (valid or not) on this
// laptop, a moment after each edit; nothing typed discards it.
func (c *Customers) KeepDraft(in fieldbook.Customer) error {
	db, err := c.store()
	if err != nil {
		return err
	}
	return db.KeepNewCustomerDraft(context.Background(), in)
}

// DiscardDraft drops the customer form kept on this laptop (id "" the new
// customer's): the customer was created, or the person discarded it.
func (c *Customers) DiscardDraft(id string) error {
	db, err := c.store()
	if err != nil {
		return err
	}
	return db.DiscardCustomerDraft(context.Background(), id)
}

// Similar lists the customers a customer being created may duplicate (the
// same mobile number, or the same name at the same address).
func (c *Customers) Similar(in fieldbook.Customer) ([]fieldbook.SimilarCustomer, error) {
	db, err := c.store()
	if err != nil {
		return nil, err
	}
	return db.SimilarCustomers(context.Background(), in)
}

// SaveAsset creates or updates a customer's asset.
func (c *Customers) SaveAsset(in fieldbook.Asset) (fieldbook.Asset, error) {
	db, err := c.store()
	if err != nil {
		return in, err
	}
	return db.SaveAsset(context.Background(), in)
}

// Jobs is the job list, search and job page.
type Jobs struct {
	*base
	sync *Sync // a dispatch is sent to the hub at once
}

// Types lists the job types a job can have, with what their service record
// requires and who signs it.
func (j *Jobs) Types() ([]fieldbook.JobType, error) {
	db, err := j.store()
	if err != nil {
		return nil, err
	}
	types, err := db.JobTypes(context.Background())
	out := make([]fieldbook.JobType, 0, len(types))
	for _, t := range types {
		out = append(out, t.Legacy())
	}
	return out, err
}

// Create opens a job for a customer (and asset) and numbers it. A job
// assigned to nobody is the enrolled technician's own; the service desk's
// stays with nobody until it is dispatched.
func (j *Jobs) Create(in fieldbook.NewJob) (fieldbook.Job, error) {
	db, err := j.store()
	if err != nil {
		return fieldbook.Job{}, err
	}
	ctx := context.Background()
	if strings.TrimSpace(in.AssignedTo) == "" {
		if a, ok, err := syncer.New(db, nil).Account(ctx); err == nil && ok && a.User.Role != schema.RoleDesk {
			in.AssignedTo = a.User.Name
		}
	}
	return db.CreateJob(ctx, in)
}

// CheckIntake checks the 新建工单 form as a whole — the customer and asset
// it creates and the job — before any of it is saved, and refuses it with
// every field of the three at once.
func (j *Jobs) CheckIntake(in fieldbook.Intake) error {
	db, err := j.store()
	if err != nil {
		return err
	}
	return db.CheckIntake(in)
}

// Draft is the 新建工单 form kept on this laptop (nil when none): what was
// typed in it before the dialog closed, the app crashed or restarted.
func (j *Jobs) Draft() (map[string]any, error) {
	db, err := j.store()
	if err != nil {
		return nil, err
	}
	return db.NewJobDraft(context.Background())
}

// KeepDraft keeps the 新建工单 form as typed, valid or not.
func (j *Jobs) KeepDraft(form map[string]any) error {
	db, err := j.store()
	if err != nil {
		return err
	}
	return db.KeepNewJobDraft(context.Background(), form)
}

// DiscardDraft drops the 新建工单 form kept on this laptop.
func (j *Jobs) DiscardDraft() error {
	db, err := j.store()
	if err != nil {
		return err
	}
	return db.DiscardNewJobDraft(context.Background())
}

// Get returns a job with its customer, asset, visits, documents and history.
func (j *Jobs) Get(id string) (fieldbook.JobView, error) {
	db, err := j.store()
	if err != nil {
		return fieldbook.JobView{}, err
	}
	return db.Job(context.Background(), id)
}

// Search returns one page of jobs matching q (all jobs for an empty q).
func (j *Jobs) Search(q string, offset, limit int) (fieldbook.JobPage, error) {
	db, err := j.store()
	if err != nil {
		return fieldbook.JobPage{}, err
	}
	return db.SearchJobs(context.Background(), q, offset, limit)
}

// List returns one page of the jobs the filter selects (the 工单 list's
// status, job type, customer, technician, date range and order).
func (j *Jobs) List(f fieldbook.JobFilter, offset, limit int) (fieldbook.JobPage, error) {
	db, err := j.store()
	if err != nil {
		return fieldbook.JobPage{}, err
	}
	return db.Jobs(context.Background(), f, offset, limit)
}

// FollowUps is the service desk's queue of jobs solved by phone and not
// followed up yet, the most due first (2小时内跟踪回访).
func (j *Jobs) FollowUps(offset, limit int) (fieldbook.FollowUpPage, error) {
	db, err := j.store()
	if err != nil {
		return fieldbook.FollowUpPage{}, err
	}
	return db.FollowUps(context.Background(), time.Now(), offset, limit)
}

// FollowUp is a job's phone guidance and follow-up, for its page.
func (j *Jobs) FollowUp(jobID string) (fieldbook.FollowUp, error) {
	db, err := j.store()
	if err != nil {
		return fieldbook.FollowUp{}, err
	}
	return db.FollowUp(context.Background(), jobID, time.Now())
}

// RecordGuidance records the desk's phone guidance of a job and how it ended
// (fieldbook.GuidanceSolved or GuidanceDispatch), and sends it at once.
func (j *Jobs) RecordGuidance(jobID, guidance, outcome string) (fieldbook.FollowUp, error) {
	db, err := j.store()
	if err != nil {
		return fieldbook.FollowUp{}, err
	}
	f, err := db.RecordGuidance(context.Background(), jobID, guidance, outcome)
	if err == nil {
		j.sendNow(db)
	}
	return f, err
}

// RecordFollowUp records the result of following up a job solved by phone,
// and sends it at once.
func (j *Jobs) RecordFollowUp(jobID, result string) (fieldbook.FollowUp, error) {
	db, err := j.store()
	if err != nil {
		return fieldbook.FollowUp{}, err
	}
	f, err := db.RecordFollowUp(context.Background(), jobID, result)
	if err == nil {
		j.sendNow(db)
	}
	return f, err
}

// Visits is the service record form (服务确认单).
type Visits struct {
	*base
}

// Start returns the visit to continue on a job, creating one if needed.
func (v *Visits) Start(jobID string) (fieldbook.VisitView, error) {
	db, err := v.store()
	if err != nil {
		return fieldbook.VisitView{}, err
	}
	return db.StartVisit(context.Background(), jobID)
}

// Get returns a visit revision.
func (v *Visits) Get(id string) (fieldbook.VisitView, error) {
	db, err := v.store()
	if err != nil {
		return fieldbook.VisitView{}, err
	}
	return db.Visit(context.Background(), id)
}

// SaveDraft stores the form as typed (autosave).
func (v *Visits) SaveDraft(in fieldbook.Visit) (fieldbook.SaveResult, error) {
	db, err := v.store()
	if err != nil {
		return fieldbook.SaveResult{}, err
	}
	return db.SaveVisitDraft(context.Background(), in)
}

// SaveEdit stores an autosave of the form made on a base (the visit as the
// form last had it): only the fields edited since then are written; values
// over the limits and fields changed meanwhile by a sync come back per field.
func (v *Visits) SaveEdit(in fieldbook.VisitEdit) (fieldbook.SaveResult, error) {
	db, err := v.store()
	if err != nil {
		return fieldbook.SaveResult{}, err
	}
	return db.SaveVisitEdit(context.Background(), in)
}

// Sign stores a signature over the current content, which then locks.
func (v *Visits) Sign(in fieldbook.SignatureInput) (fieldbook.VisitView, error) {
	db, err := v.store()
	if err != nil {
		return fieldbook.VisitView{}, err
	}
	return db.Sign(context.Background(), in)
}

// Finish closes a valid, fully signed revision.
func (v *Visits) Finish(id string) (fieldbook.VisitView, error) {
	db, err := v.store()
	if err != nil {
		return fieldbook.VisitView{}, err
	}
	return db.FinishVisit(context.Background(), id)
}

// Amend starts a new revision of a signed one, for the reason given (修订原因,
// required: a field error on amend_reason when blank).
func (v *Visits) Amend(id, reason string) (fieldbook.VisitView, error) {
	db, err := v.store()
	if err != nil {
		return fieldbook.VisitView{}, err
	}
	return db.AmendVisit(context.Background(), id, reason)
}

// Verify recomputes the content hash and compares it with the signatures.
func (v *Visits) Verify(id string) (fieldbook.Verification, error) {
	db, err := v.store()
	if err != nil {
		return fieldbook.Verification{}, err
	}
	return db.VerifyVisit(context.Background(), id)
}

// CustomerCopy renders the customer copy PDF of a signed revision and keeps
// it with the job.
func (v *Visits) CustomerCopy(id string) (fieldbook.Document, error) {
	db, err := v.store()
	if err != nil {
		return fieldbook.Document{}, err
	}
	ctx := context.Background()
	r, err := renderCustomerCopy(ctx, db, id)
	if err != nil {
		return fieldbook.Document{}, err
	}
	return v.show(db.SaveDocument(ctx, r.jobID, id, "customer_copy", r.name, "application/pdf", r.data))
}

// rendered is a PDF made from a record, with the name it is saved under.
type rendered struct {
	jobID, name string
	data        []byte
}

// renderCustomerCopy makes the customer copy of a signed revision: the
// record as signed, its signatures and the centre's letterhead and terms.
func renderCustomerCopy(ctx context.Context, db *sqlite.DB, id string) (rendered, error) {
	view, err := db.Visit(ctx, id)
	if err != nil {
		return rendered{}, err
	}
	if !view.Locked {
		return rendered{}, fieldbook.Errorf(fieldbook.ECONFLICT, "请先完成签字，再生成客户联。", "Collect the signatures before making the customer copy.")
	}
	jv, err := db.Job(ctx, view.Job.ID)
	if err != nil {
		return rendered{}, err
	}
	company, centre, err := db.Letterhead(ctx)
	if err != nil {
		return rendered{}, err
	}
	doc := pdf.CustomerCopy{Company: company, Terms: centre.Terms, Job: view.Job, JobTypeName: jv.JobTypeName.ZH, Visit: view.Visit,
		ContentHash: view.ContentHash, GeneratedAt: time.Now(), Zone: db.Zone(ctx)}
	for _, r := range view.Revisions {
		if r.ID == id {
			doc.Changes = r.Changes
		}
	}
	if centre.LogoSHA256 != "" {
		if logo, _, err := db.Blob(ctx, centre.LogoSHA256); err == nil {
			doc.Logo = logo
		}
	}
	// The view carries the signature images already.
	for _, s := range view.Signatures {
		img, _ := dataURLBytes(s.ImageDataURL)
		doc.Signatures = append(doc.Signatures, pdf.SignatureImage{Signature: s.Signature, PNG: img})
	}
	var buf bytes.Buffer
	if err := pdf.CustomerCopyPDF(&buf, doc); err != nil {
		return rendered{}, fmt.Errorf("customer copy: %w", err)
	}
	name := fmt.Sprintf("%s-r%d-客户联.pdf", view.Visit.RegistrationNo, view.Visit.Revision)
	return rendered{jobID: view.Job.ID, name: name, data: buf.Bytes()}, nil
}

// OpenDocument shows a saved document in the system's viewer.
func (v *Visits) OpenDocument(path string) error {
	if v.open == nil {
		return fieldbook.Errorf(fieldbook.EINTERNAL, "此环境无法打开文件。", "Files cannot be opened here.")
	}
	if err := v.open(path); err != nil {
		return fieldbook.Wrap(err, fieldbook.EIO, "无法打开文件："+path, "Cannot open the file: "+path)
	}
	return nil
}

// Completeness checks the job's documents as the archive clerk will.
func (j *Jobs) Completeness(id string) (archive.Result, error) {
	db, err := j.store()
	if err != nil {
		return archive.Result{}, err
	}
	return db.Completeness(context.Background(), id)
}

// Submit hands a completed job to the archive; with problems only when
// force is set.
func (j *Jobs) Submit(id string, force bool) (archive.Result, error) {
	db, err := j.store()
	if err != nil {
		return archive.Result{}, err
	}
	return db.SubmitJob(context.Background(), id, force)
}

package desktop

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"fieldbook/backend/archive"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/pdf"
	"fieldbook/backend/sqlite"
	"fieldbook/backend/syncer"
)

// userName is the name this laptop records work under: its hub user once
// enrolled, its technician's name before.
func userName(ctx context.Context, db *sqlite.DB) string {
	if a, ok, err := syncer.New(db, nil).Account(ctx); err == nil && ok {
		return a.User.Name
	}
	if s, err := db.Settings(ctx); err == nil {
		return s.Technician.Name
	}
	return ""
}

// Complaints is a page of the customer complaints (客户投诉) the filter picks,
// newest first.
func (j *Jobs) Complaints(f sqlite.ComplaintFilter, offset, limit int) (fieldbook.ComplaintPage, error) {
	db, err := j.store()
	if err != nil {
		return fieldbook.ComplaintPage{}, err
	}
	return db.Complaints(context.Background(), f, offset, limit)
}

// JobComplaints are the complaints about a job.
func (j *Jobs) JobComplaints(jobID string) ([]fieldbook.Complaint, error) {
	db, err := j.store()
	if err != nil {
		return nil, err
	}
	return db.JobComplaints(context.Background(), jobID)
}

// Complaint returns one complaint.
func (j *Jobs) Complaint(id string) (fieldbook.Complaint, error) {
	db, err := j.store()
	if err != nil {
		return fieldbook.Complaint{}, err
	}
	return db.Complaint(context.Background(), id)
}

// SaveComplaint records a complaint as this laptop's user fills it in (a
// new one without id) and drops its draft; it goes to the hub with the
// next sync.
func (j *Jobs) SaveComplaint(in fieldbook.Complaint) (fieldbook.Complaint, error) {
	db, err := j.store()
	if err != nil {
		return fieldbook.Complaint{}, err
	}
	ctx := context.Background()
	k, err := db.SaveComplaint(ctx, in, userName(ctx, db))
	if err != nil {
		return k, err
	}
	return k, db.DiscardComplaintDraft(ctx, in.ID)
}

// ComplaintDraft is the complaint form kept on this laptop (id "" the new
// complaint's); nil when there is none.
func (j *Jobs) ComplaintDraft(id string) (map[string]any, error) {
	db, err := j.store()
	if err != nil {
		return nil, err
	}
	return db.ComplaintDraft(context.Background(), id)
}

// KeepComplaintDraft keeps the complaint form as typed.
func (j *Jobs) KeepComplaintDraft(id string, form map[string]any) error {
	db, err := j.store()
	if err != nil {
		return err
	}
	return db.KeepComplaintDraft(context.Background(), id, form)
}

// DiscardComplaintDraft drops the complaint form kept on this laptop.
func (j *Jobs) DiscardComplaintDraft(id string) error {
	db, err := j.store()
	if err != nil {
		return err
	}
	return db.DiscardComplaintDraft(context.Background(), id)
}

// ComplaintPDF renders the complaint's 客户投诉处理单 under the centre's
// letterhead and opens it.
func (j *Jobs) ComplaintPDF(id string) (fieldbook.Document, error) {
	db, err := j.store()
	if err != nil {
		return fieldbook.Document{}, err
	}
	ctx := context.Background()
	k, err := db.Complaint(ctx, id)
	if err != nil {
		return fieldbook.Document{}, err
	}
	jv, err := db.Job(ctx, k.JobID)
	if err != nil {
		return fieldbook.Document{}, err
	}
	company, _, err := db.Letterhead(ctx)
	if err != nil {
		return fieldbook.Document{}, err
	}
	f := pdf.ComplaintForm{Company: company, Complaint: k, Job: jv.Job, JobTypeName: jv.JobTypeName.ZH,
		Customer: customerSnapshot(jv.Customer), GeneratedAt: time.Now(), Zone: db.Zone(ctx)}
	var buf bytes.Buffer
	if err := pdf.ComplaintPDF(&buf, f); err != nil {
		return fieldbook.Document{}, fmt.Errorf("complaint form: %w", err)
	}
	return j.show(db.SaveExport(jv.Job.Number+"-客户投诉处理单.pdf", buf.Bytes()))
}

// DeskStats are the service desk's figures month by month, from the month
// from to the month to ("2006-01").
func (j *Jobs) DeskStats(from, to string) (fieldbook.DeskStats, error) {
	db, err := j.store()
	if err != nil {
		return fieldbook.DeskStats{}, err
	}
	return db.DeskStats(context.Background(), from, to, time.Now())
}

// ExportDeskStats writes the desk's figures of the months to a workbook in
// the exports folder.
func (j *Jobs) ExportDeskStats(from, to string) (fieldbook.Document, error) {
	db, err := j.store()
	if err != nil {
		return fieldbook.Document{}, err
	}
	ctx := context.Background()
	st, err := db.DeskStats(ctx, from, to, time.Now())
	if err != nil {
		return fieldbook.Document{}, err
	}
	var buf bytes.Buffer
	if err := archive.WriteDeskStatsXLSX(&buf, st); err != nil {
		return fieldbook.Document{}, fmt.Errorf("xlsx: %w", err)
	}
	name := "客服统计-" + from + "至" + to + "-" + time.Now().In(db.Zone(ctx)).Format("20060102-150405") + ".xlsx"
	return db.SaveExport(name, buf.Bytes())
}

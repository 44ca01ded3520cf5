package desktop

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"fieldbook/backend/archive"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/pdf"
	"fieldbook/backend/protocol"
	"fieldbook/backend/sqlite"
)

// Archive is the archive clerk's workspace: the inbox of submitted jobs,
// each job's check and audit trail, the clerk's actions (through the hub,
// which numbers filed jobs), statistics and exports.
type Archive struct {
	*base
	sync *Sync
}

// Inbox returns a page of the submitted jobs the filter selects.
func (a *Archive) Inbox(f sqlite.InboxFilter, offset, limit int) (sqlite.InboxPage, error) {
	db, err := a.store()
	if err != nil {
		return sqlite.InboxPage{}, err
	}
	return db.Inbox(context.Background(), f, offset, limit)
}

// Get returns the archive state of a job: its check, J mark, the clerk's
// findings and the audit trail.
func (a *Archive) Get(jobID string) (sqlite.ArchiveState, error) {
	db, err := a.store()
	if err != nil {
		return sqlite.ArchiveState{}, err
	}
	return db.Archive(context.Background(), jobID)
}

// act sends a clerk's action to the hub and returns the job's state after it.
func (a *Archive) act(req protocol.ClerkRequest) (sqlite.ArchiveState, error) {
	eng, err := a.sync.eng()
	if err != nil {
		return sqlite.ArchiveState{}, err
	}
	if _, err := eng.Clerk(context.Background(), req); err != nil {
		return sqlite.ArchiveState{}, err
	}
	if st, err := a.sync.Status(); err == nil {
		a.sync.send(EventSyncStatus, st)
	}
	return a.Get(req.JobID)
}

// File files a submitted job under the next archive number, with where the
// paper originals are kept. Only a job whose problems are all J problems
// (or none) can be filed: the rest must be fixed by its technician.
func (a *Archive) File(jobID, location string) (sqlite.ArchiveState, error) {
	st, err := a.Get(jobID)
	if err != nil {
		return st, err
	}
	if len(st.Blocking) > 0 {
		e := fieldbook.Errorf(fieldbook.EINVALID, "工单资料不完整，不能归档；请退回技术员补齐。",
			"The job's documents are incomplete and cannot be filed; return it to the technician.")
		for _, p := range st.Blocking {
			e.Fields = append(e.Fields, fieldbook.FieldError{Field: "documents." + p.Doc, Message: p.Message})
		}
		return st, e
	}
	return a.act(protocol.ClerkRequest{JobID: jobID, Action: protocol.ActionFile, Location: location})
}

// Return sends the job back to its technician with what to fix.
func (a *Archive) Return(jobID, reason string) (sqlite.ArchiveState, error) {
	return a.act(protocol.ClerkRequest{JobID: jobID, Action: protocol.ActionReturn, Reason: reason})
}

// DecideJ confirms (mark true) or clears (false) the job's J mark, or
// withdraws the decision (nil), on the automatic mark the check gives now.
func (a *Archive) DecideJ(jobID string, mark *bool, reason string) (sqlite.ArchiveState, error) {
	st, err := a.Get(jobID)
	if err != nil {
		return st, err
	}
	return a.act(protocol.ClerkRequest{JobID: jobID, Action: protocol.ActionJDecide, JMark: mark, JAuto: st.Check.J, Reason: reason})
}

// CheckDoc records what the paper original of a scanned document carries.
func (a *Archive) CheckDoc(jobID, docKey string, check archive.DocCheck) (sqlite.ArchiveState, error) {
	return a.act(protocol.ClerkRequest{JobID: jobID, Action: protocol.ActionDocCheck, DocKey: docKey, DocCheck: &check})
}

// Stats counts the jobs the filter selects.
func (a *Archive) Stats(f sqlite.InboxFilter) (archive.Report, error) {
	db, err := a.store()
	if err != nil {
		return archive.Report{}, err
	}
	return db.Stats(context.Background(), f)
}

// ExportXLSX writes the jobs the filter selects and their statistics to a
// workbook in the exports folder.
func (a *Archive) ExportXLSX(f sqlite.InboxFilter) (fieldbook.Document, error) {
	db, err := a.store()
	if err != nil {
		return fieldbook.Document{}, err
	}
	facts, err := db.JobFacts(context.Background(), f)
	if err != nil {
		return fieldbook.Document{}, err
	}
	zone := db.Zone(context.Background())
	from, to := f.Range(zone)
	var buf bytes.Buffer
	if err := archive.WriteJobsXLSX(&buf, facts, from, to, zone); err != nil {
		return fieldbook.Document{}, fmt.Errorf("xlsx: %w", err)
	}
	name := "档案统计-" + time.Now().In(zone).Format("20060102-150405") + ".xlsx"
	return db.SaveExport(name, buf.Bytes())
}

// CoverSheet renders the job's archive cover sheet: its documents in
// binding order with their signature status, to print and bind.
func (a *Archive) CoverSheet(jobID string) (fieldbook.Document, error) {
	db, err := a.store()
	if err != nil {
		return fieldbook.Document{}, err
	}
	ctx := context.Background()
	st, err := db.Archive(ctx, jobID)
	if err != nil {
		return fieldbook.Document{}, err
	}
	jv, err := db.Job(ctx, jobID)
	if err != nil {
		return fieldbook.Document{}, err
	}
	settings, err := db.Settings(ctx)
	if err != nil {
		return fieldbook.Document{}, err
	}
	c := pdf.CoverSheet{Company: settings.Company, ArchiveNo: st.ArchiveNo, Location: st.Location, Job: jv.Job,
		JobTypeName: jv.JobTypeName.ZH, Customer: customerSnapshot(jv.Customer), Asset: assetSnapshot(jv),
		SubmittedAt: st.SubmittedAt, FiledAt: st.FiledAt, FiledBy: st.FiledBy, Check: st.Check, J: st.J, GeneratedAt: time.Now(),
		Zone: fieldbook.Zone(settings.TimeZone)}
	var buf bytes.Buffer
	if err := pdf.CoverSheetPDF(&buf, c); err != nil {
		return fieldbook.Document{}, fmt.Errorf("cover sheet: %w", err)
	}
	name := jv.Job.Number + "-档案封面.pdf"
	if st.ArchiveNo != "" {
		name = st.ArchiveNo + "-" + name
	}
	return a.show(db.SaveExport(name, buf.Bytes()))
}

// RecordPDF renders a signed revision of the job's service record as its
// customer copy and opens it, for the clerk checking the job: the file is
// this device's export, not a document of the job (the clerk adds nothing
// to a job).
func (a *Archive) RecordPDF(visitID string) (fieldbook.Document, error) {
	db, err := a.store()
	if err != nil {
		return fieldbook.Document{}, err
	}
	r, err := renderCustomerCopy(context.Background(), db, visitID)
	if err != nil {
		return fieldbook.Document{}, err
	}
	return a.show(db.SaveExport(r.name, r.data))
}

// ChecklistPDF renders one of the job's checklists and opens it, as an
// export of this device (see RecordPDF).
func (a *Archive) ChecklistPDF(checklistID string) (fieldbook.Document, error) {
	db, err := a.store()
	if err != nil {
		return fieldbook.Document{}, err
	}
	r, _, err := renderChecklist(context.Background(), db, checklistID)
	if err != nil {
		return fieldbook.Document{}, err
	}
	return a.show(db.SaveExport(r.name, r.data))
}

package hub

import (
	"context"
	"encoding/json"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

// checkNewSignature accepts a signature only over the content its record
// holds on the hub, and only one per record and role: two laptops that
// signed diverging copies of one visit offline cannot both land.
func checkNewSignature(ctx context.Context, tx WriteTx, id string, fields map[string]json.RawMessage, jobID string) (*fieldbook.Error, error) {
	parentTable, parentID := "visits", textField(fields, "visit_id")
	if parentID == "" {
		parentTable, parentID = "checklists", textField(fields, "checklist_id")
	}
	parent, err := tx.Row(ctx, parentTable, parentID)
	if err != nil || parent == nil {
		return nil, err // resolveJob has already refused a missing parent
	}
	want := contentHash(parentTable, parent)
	if want == "" || textField(fields, "content_hash") != want {
		return fieldbook.Errorf(fieldbook.ECONFLICT,
			"签字所对应的内容与服务器上的记录不一致（可能在另一台电脑上已修改或签字），本签字未被接受。",
			"The signature covers content that differs from the record on the hub (changed or signed on another computer); it was not accepted."), nil
	}
	siblings, err := tx.JobRows(ctx, jobID)
	if err != nil {
		return nil, err
	}
	parentField := "visit_id"
	if parentTable == "checklists" {
		parentField = "checklist_id"
	}
	for _, r := range siblings {
		if r.Table == "signatures" && r.ID != id && !r.Deleted &&
			textField(r.Fields, parentField) == parentID && textField(r.Fields, "role") == textField(fields, "role") {
			return fieldbook.Errorf(fieldbook.ECONFLICT, "该角色已在这份记录上签过字。", "This role has already signed this record."), nil
		}
	}
	return nil, nil
}

// contentHash is the hash a signature of the row must carry, computed as
// the desktop computes it from the same fields; "" when the row cannot be read.
func contentHash(table string, r *Row) string {
	switch table {
	case "visits":
		var v fieldbook.Visit
		if json.Unmarshal(r.Fields["content"], &v) != nil {
			return ""
		}
		v.ID, v.JobID, v.Supersedes = r.ID, textField(r.Fields, "job_id"), textField(r.Fields, "supersedes")
		_ = json.Unmarshal(r.Fields["revision"], &v.Revision)
		return v.ContentHash()
	case "checklists":
		c := jobtype.ChecklistContent{ID: r.ID, JobID: textField(r.Fields, "job_id"), DocumentKey: textField(r.Fields, "document_key"),
			TemplateKey: textField(r.Fields, "template_key")}
		_ = json.Unmarshal(r.Fields["template_version"], &c.TemplateVersion)
		if json.Unmarshal(r.Fields["answers"], &c.Answers) != nil {
			return ""
		}
		return c.Hash()
	}
	return ""
}

// checkLinks keeps a job's checklists one per document — a second checklist
// of the same document (started on another computer) is refused like a
// second amendment — and makes sure a row's parent is on the hub, in the
// same job: the checklist of a photo, the revision an amendment supersedes.
// So no device is ever sent a row whose parent it can never get.
func checkLinks(ctx context.Context, tx WriteTx, t *Table, id string, stored *Row, merged map[string]json.RawMessage, jobID string) (*fieldbook.Error, error) {
	if t.Name == "checklists" && stored == nil {
		rows, err := tx.JobRows(ctx, jobID)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if r.Table == "checklists" && r.ID != id && !r.Deleted && textField(r.Fields, "document_key") == textField(merged, "document_key") {
				return fieldbook.Errorf(EDUPLICATE,
					"这份检查单已在另一台电脑上开始填写，本机的未上传；请在同步后的检查单上继续。",
					"This checklist was already started on another computer; this one was not uploaded. Continue on the synced checklist."), nil
			}
		}
	}
	parent := map[string]struct {
		table, field string
		zh, en       string
	}{
		"attachments": {"checklists", "checklist_id", "照片所属的检查单不在同步服务器上。", "The checklist this photo belongs to is not on the hub."},
		"visits":      {"visits", "supersedes", "这次修订所依据的服务单不在同步服务器上。", "The record this amendment supersedes is not on the hub."},
	}[t.Name]
	pid := textField(merged, parent.field)
	if parent.table == "" || pid == "" {
		return nil, nil
	}
	row, err := tx.Row(ctx, parent.table, pid)
	if err != nil {
		return nil, err
	}
	if row == nil || row.Deleted || row.JobID != jobID {
		return fieldbook.Errorf(fieldbook.ENOTFOUND, parent.zh, parent.en), nil
	}
	return nil, nil
}

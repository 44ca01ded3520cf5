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

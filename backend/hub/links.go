package hub

import (
	"encoding/json"
	"fmt"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
	"fieldbook/backend/protocol"
)

// checkLinks makes sure a row's parent is on the hub, in the same job: the
// checklist of a photo, the revision an amendment supersedes. So no device
// is ever sent a row whose parent it can never get.
func checkLinks(c *change) (*fieldbook.Error, error) {
	parent := map[string]struct {
		table, field string
		zh, en       string
	}{
		"attachments": {"checklists", "checklist_id", "照片所属的检查单不在同步服务器上。", "The checklist this photo belongs to is not on the hub."},
		"visits":      {"visits", "supersedes", "这次修订所依据的服务单不在同步服务器上。", "The record this amendment supersedes is not on the hub."},
	}[c.t.Name]
	pid := textField(c.merged, parent.field)
	if parent.table == "" || pid == "" {
		return nil, nil
	}
	row, err := c.tx.Row(c.ctx, parent.table, pid)
	if err != nil {
		return nil, err
	}
	if row == nil || row.Deleted || row.JobID != c.jobID {
		return fieldbook.Errorf(fieldbook.ENOTFOUND, parent.zh, parent.en), nil
	}
	return nil, nil
}

// checkUnique refuses a second row where there may be one: a job number
// another job has, a second amendment of one revision or a second checklist
// of one document (made on another computer), a second signature of one
// role on one record.
func checkUnique(c *change) (*fieldbook.Error, error) {
	if c.stored != nil {
		return nil, nil
	}
	key := lookupKey(c.t.Name, c.merged)
	if key == "" || key == "/" {
		return nil, nil
	}
	others, err := c.tx.LookupRows(c.ctx, c.t.Name, key)
	if err != nil {
		return nil, err
	}
	for _, o := range others {
		if o.ID == c.in.ID {
			continue
		}
		switch c.t.Name {
		case "jobs":
			n := textField(c.merged, "number")
			return fieldbook.Errorf(protocol.EDUPLICATE,
				"工单号 "+n+" 已被另一台设备使用，本工单未上传；请联系管理员。",
				"Job number "+n+" is already used by another device; this job was not uploaded. Contact your administrator."), nil
		case "visits":
			return fieldbook.Errorf(protocol.EDUPLICATE,
				"这份服务单已在另一台电脑上修订过，本次修订未上传；请在同步后的最新版本上修改。",
				"This service record was already amended on another computer; this amendment was not uploaded. Work on the latest revision after syncing."), nil
		case "checklists":
			return fieldbook.Errorf(protocol.EDUPLICATE,
				"这份检查单已在另一台电脑上开始填写，本机的未上传；请在同步后的检查单上继续。",
				"This checklist was already started on another computer; this one was not uploaded. Continue on the synced checklist."), nil
		case "signatures":
			if textField(o.Fields, "role") == textField(c.merged, "role") {
				return fieldbook.Errorf(fieldbook.ECONFLICT, "该角色已在这份记录上签过字。", "This role has already signed this record."), nil
			}
		}
	}
	return nil, nil
}

// checkSignature accepts a signature only over the content its record holds
// on the hub: two laptops that signed diverging copies of one record
// offline cannot both land.
func checkSignature(c *change) (*fieldbook.Error, error) {
	if c.t.Name != "signatures" || c.stored != nil {
		return nil, nil
	}
	parentTable, parentID := "visits", textField(c.merged, "visit_id")
	if parentID == "" {
		parentTable, parentID = "checklists", textField(c.merged, "checklist_id")
	}
	parent, err := c.tx.Row(c.ctx, parentTable, parentID)
	if err != nil || parent == nil {
		return nil, err // resolveJob has refused a missing parent
	}
	hash := textField(c.merged, "content_hash")
	key := fmt.Sprintf("%s/%s@%d#%s", parentTable, parentID, parent.Seq, hash)
	signs, known := c.batch.signs[key]
	if !known {
		signs = signsContent(c.batch, parentTable, parent, hash)
		if c.batch.signs == nil {
			c.batch.signs = map[string]bool{}
		}
		c.batch.signs[key] = signs
	}
	if !signs {
		return fieldbook.Errorf(fieldbook.ECONFLICT,
			"签字所对应的内容与服务器上的记录不一致（可能在另一台电脑上已修改或签字），本签字未被接受。",
			"The signature covers content that differs from the record on the hub (changed or signed on another computer); it was not accepted."), nil
	}
	return nil, nil
}

// signsContent reports whether hash is the content hash of the row under
// one of the schemes its kind of record has been signed under (an older
// client signs under the scheme it knows), computed as the desktop computes
// it from the same fields; false when the row cannot be read.
func signsContent(b *batch, table string, r *Row, hash string) bool {
	switch table {
	case "visits":
		v, ok := b.visitOf(r)
		return ok && v.SignedWith(hash)
	case "checklists":
		c := jobtype.ChecklistContent{ID: r.ID, JobID: textField(r.Fields, "job_id"), DocumentKey: textField(r.Fields, "document_key"),
			TemplateKey: textField(r.Fields, "template_key")}
		_ = json.Unmarshal(r.Fields["template_version"], &c.TemplateVersion)
		if json.Unmarshal(r.Fields["answers"], &c.Answers) != nil {
			return false
		}
		return c.SignedWith(hash)
	}
	return false
}

// visitOf reads a visit row as the desktop's record.
func visitOf(r *Row) (fieldbook.Visit, bool) {
	var v fieldbook.Visit
	if json.Unmarshal(r.Fields["content"], &v) != nil {
		return v, false
	}
	return rowVisit(v, r), true
}

// rowVisit is v, a visit's content, with its row's columns.
func rowVisit(v fieldbook.Visit, r *Row) fieldbook.Visit {
	v.ID, v.JobID, v.Supersedes = r.ID, textField(r.Fields, "job_id"), textField(r.Fields, "supersedes")
	_ = json.Unmarshal(r.Fields["revision"], &v.Revision)
	return v
}

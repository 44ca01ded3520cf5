package hub

import (
	"context"
	"encoding/json"
	"slices"

	"fieldbook/backend/fieldbook"
)

// Principal is the device making a request and its user.
type Principal struct {
	Device Device
	User   User
	// Schema is the client's schema version (the Fieldbook-Schema header);
	// 0 when unknown (in-process callers), meaning the current one.
	Schema int
}

func forbidden(zh, en string) *fieldbook.Error { return fieldbook.Errorf(EFORBIDDEN, zh, en) }

// textField returns the string value of field, "" when absent or not a string.
func textField(fields map[string]json.RawMessage, field string) string {
	var s string
	if raw, ok := fields[field]; ok {
		_ = json.Unmarshal(raw, &s)
	}
	return s
}

func intField(fields map[string]json.RawMessage, field string) int64 {
	var n int64
	if raw, ok := fields[field]; ok {
		_ = json.Unmarshal(raw, &n)
	}
	return n
}

// ownsJob reports whether the job is assigned to or was created by user.
func ownsJob(user string, job *Row) bool {
	return job != nil && (textField(job.Fields, "assigned_to") == user || job.CreatedBy == user)
}

// CanRead reports whether u may read the row. Rows of other centres never
// reach this check: every query is scoped to the user's centre.
func CanRead(u User, r *Row, job *Row) bool {
	switch u.Role {
	case RoleClerk, RoleAdmin:
		return r.Centre == u.Centre
	case RoleTechnician:
		if r.Centre != u.Centre {
			return false
		}
		if t := Tables[r.Table]; t != nil && t.Reference {
			return true
		}
		return ownsJob(u.Name, job)
	}
	return false
}

// authoriseWrite decides whether p may make the change to the row. stored is
// the row before (nil for a new row), incoming the values the change
// carries, merged the fields after the change (a conflicting field keeps
// the hub's value), touched the fields (and "deleted") whose value the
// change alters. It returns the job the row belongs to after the change.
func authoriseWrite(ctx context.Context, tx WriteTx, p Principal, t *Table, stored *Row, incoming, merged map[string]json.RawMessage, touched []string) (jobID string, ferr *fieldbook.Error, err error) {
	u := p.User
	if t.HubOnly {
		return "", forbidden("审计记录由同步服务器生成，不能上传。", "Audit records are written by the hub and cannot be pushed."), nil
	}
	if t.AdminOnly {
		if u.Role != RoleAdmin {
			return "", forbidden("只有管理员可以修改工单类型和模板。", "Only an administrator may change job types and templates."), nil
		}
		if t.InsertOnly && stored != nil && len(touched) > 0 {
			return "", fieldbook.Errorf(fieldbook.ECONFLICT, "已发布的模板版本不能修改，请提高版本号。",
				"A published template version cannot change; raise its version."), nil
		}
		return "", nil, nil
	}
	switch u.Role {
	case RoleAdmin:
		return "", forbidden("管理员账户不能修改服务记录。", "An administrator account cannot change service records."), nil
	case RoleClerk:
		if t.Name != "jobs" || stored == nil {
			return "", forbidden("档案管理员只能修改已有工单的归档字段。", "An archive clerk may change only the filing fields of existing jobs."), nil
		}
		if textField(stored.Fields, "status") == StatusFiled && len(touched) > 0 {
			return "", fieldbook.Errorf(fieldbook.ECONFLICT, "工单已归档并锁定，不能再修改。", "The job is filed and locked; it can no longer change."), nil
		}
		for _, f := range touched {
			def, _ := t.Field(f)
			if f == "status" {
				if s := textField(incoming, "status"); s != StatusFiled && s != StatusReturned {
					return "", forbidden("档案管理员只能把工单状态改为“已归档”或“退回”。", "An archive clerk may set a job's status only to filed or returned."), nil
				}
				continue
			}
			if !def.Filing && !def.Audit {
				return "", forbidden("档案管理员只能修改归档字段，不能修改“"+f+"”。", "An archive clerk may change only filing fields, not "+f+"."), nil
			}
		}
		return stored.ID, nil, nil
	case RoleTechnician:
	default:
		return "", forbidden("未知的用户角色。", "Unknown user role."), nil
	}

	for _, f := range touched {
		def, _ := t.Field(f)
		if def.Filing {
			return "", forbidden("技术员不能修改归档字段“"+f+"”。", "A technician may not change the filing field "+f+"."), nil
		}
		if t.Name == "jobs" && f == "status" {
			// The technician's own value: a status the clerk set meanwhile
			// (returned) is a conflict, not the technician's doing.
			if s := textField(incoming, "status"); s == StatusFiled || s == StatusReturned {
				return "", forbidden("只有档案管理员可以归档或退回工单。", "Only an archive clerk may file or return a job."), nil
			}
		}
	}
	if t.InsertOnly && stored != nil && len(touched) > 0 {
		return "", fieldbook.Errorf(fieldbook.ECONFLICT, "签字一经保存不能修改。", "A signature cannot be changed once saved."), nil
	}
	if len(t.SignedImmutable) > 0 && stored != nil && intField(stored.Fields, "signed") == 1 {
		for _, f := range touched {
			if slices.Contains(t.SignedImmutable, f) || f == "deleted" || (f == "signed" && intField(merged, "signed") == 0) {
				return "", fieldbook.Errorf(fieldbook.ECONFLICT,
					"该记录已签字，内容不能再修改；如需更正，请新建修订并重新签字。",
					"The record is signed and its content can no longer change; to correct it, make an amendment and sign it again."), nil
			}
		}
	}
	if t.Reference {
		return "", nil, nil
	}

	// Job-scoped rows are authorised through their job, before and after.
	jobID, ferr, err = resolveJob(ctx, tx, t, stored, merged)
	if ferr != nil || err != nil {
		return "", ferr, err
	}
	check := func(id string) (*fieldbook.Error, error) {
		if t.Name == "jobs" && id == stored.ID {
			return jobAccess(u, stored), nil
		}
		job, err := tx.Row(ctx, "jobs", id)
		if err != nil {
			return nil, err
		}
		if job == nil {
			return fieldbook.Errorf(fieldbook.ENOTFOUND, "所属工单不在同步服务器上。", "The job this record belongs to is not on the hub."), nil
		}
		return jobAccess(u, job), nil
	}
	if stored != nil && stored.JobID != "" {
		if ferr, err := check(stored.JobID); ferr != nil || err != nil {
			return "", ferr, err
		}
	}
	if t.Name == "jobs" && stored == nil {
		return jobID, nil, nil // a new job: its creator owns it
	}
	if stored == nil || jobID != stored.JobID {
		if ferr, err := check(jobID); ferr != nil || err != nil {
			return "", ferr, err
		}
	}
	return jobID, nil, nil
}

func jobAccess(u User, job *Row) *fieldbook.Error {
	if !ownsJob(u.Name, job) {
		return forbidden("这个工单没有分派给您，也不是您创建的。", "This job is neither assigned to you nor created by you.")
	}
	if job.Deleted {
		return fieldbook.Errorf(fieldbook.ENOTFOUND, "工单已删除。", "The job has been deleted.")
	}
	if textField(job.Fields, "status") == StatusFiled {
		return fieldbook.Errorf(fieldbook.ECONFLICT, "工单已归档，技术员不能再修改。", "The job is filed; a technician can no longer change it.")
	}
	return nil
}

// resolveJob finds the job a job-scoped row belongs to after the change.
func resolveJob(ctx context.Context, tx WriteTx, t *Table, stored *Row, merged map[string]json.RawMessage) (string, *fieldbook.Error, error) {
	switch {
	case t.Name == "jobs":
		if stored != nil {
			return stored.ID, nil, nil
		}
		return "", nil, nil // set by the caller to the new row's id
	case t.JobField != "":
		id := textField(merged, t.JobField)
		if id == "" {
			return "", fieldbook.Errorf(fieldbook.EINVALID, "缺少所属工单（"+t.JobField+"）。", "The job ("+t.JobField+") is missing."), nil
		}
		return id, nil, nil
	case t.VisitField != "" || t.ChecklistField != "":
		parentTable, pid := "visits", textField(merged, t.VisitField)
		if pid == "" && t.ChecklistField != "" {
			parentTable, pid = "checklists", textField(merged, t.ChecklistField)
		}
		parent, err := tx.Row(ctx, parentTable, pid)
		if err != nil {
			return "", nil, err
		}
		if parent == nil || pid == "" {
			return "", fieldbook.Errorf(fieldbook.ENOTFOUND, "所签的服务单或检查单不在同步服务器上。", "The record this signature belongs to is not on the hub."), nil
		}
		return parent.JobID, nil, nil
	}
	return "", nil, nil
}

package hub

import (
	"encoding/json"
	"unicode/utf8"

	"fieldbook/backend/canonjson"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/protocol"
	"fieldbook/backend/schema"
)

// Principal is the device making a request and its user.
type Principal struct {
	Device Device
	User   User
	// Schema is the client's schema version (the Fieldbook-Schema header);
	// 0 when unknown (in-process callers), meaning the current one.
	Schema int
}

func forbidden(zh, en string) *fieldbook.Error { return fieldbook.Errorf(protocol.EFORBIDDEN, zh, en) }

// textField returns the string value of field, "" when absent or not a string.
// A string without escapes is read as it is (the rules read a few of every
// row's fields); any other through encoding/json.
func textField(fields map[string]json.RawMessage, field string) string {
	raw, ok := fields[field]
	if !ok {
		return ""
	}
	if s, ok := canonjson.PlainString(raw); ok && utf8.ValidString(s) {
		return s
	}
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

// intField returns the integer value of field, 0 when absent or not an
// integer.
func intField(fields map[string]json.RawMessage, field string) int64 {
	raw, ok := fields[field]
	if !ok {
		return 0
	}
	if n, ok := plainInt(raw); ok {
		return n
	}
	var n int64
	_ = json.Unmarshal(raw, &n)
	return n
}

// ownsJob reports whether the job is assigned to or was created by user.
func ownsJob(user string, job *Row) bool {
	return job != nil && (job.Assignee == user || job.CreatedBy == user)
}

// CanRead reports whether u may read the row. Rows of other centres never
// reach this check: every query is scoped to the user's centre. A pull
// decides the same in its query (pullQuery).
func CanRead(u User, r *Row, job *Row) bool {
	switch u.Role {
	case RoleDesk, RoleClerk, RoleAdmin:
		return r.Centre == u.Centre
	case RoleTechnician:
		if r.Centre != u.Centre {
			return false
		}
		if t := schema.Lookup(r.Table); t != nil && t.Reference {
			return true
		}
		return ownsJob(u.Name, job) || (r.Table == "jobs" && r.FormerAssignee == u.Name)
	}
	return false
}

// checkJobAccess authorises a job's rows through their job, before the
// change and after it: a technician's own job (assigned to or created by
// them), any job of the centre for the service desk, on the hub and not
// deleted; nobody changes a filed job.
func checkJobAccess(c *change) (*fieldbook.Error, error) {
	if c.t.Reference || c.t.Config {
		return nil, nil
	}
	jobID, ferr, err := c.resolveJob()
	if ferr != nil || err != nil {
		return ferr, err
	}
	c.jobID = jobID
	check := func(id string) (*fieldbook.Error, error) {
		job := c.stored
		if c.t.Name != "jobs" || id != c.stored.ID {
			if job, err = c.tx.Row(c.ctx, "jobs", id); err != nil {
				return nil, err
			}
		}
		if job == nil {
			return fieldbook.Errorf(fieldbook.ENOTFOUND, "所属工单不在同步服务器上。", "The job this record belongs to is not on the hub."), nil
		}
		return c.jobAccess(job), nil
	}
	if c.stored != nil && c.stored.JobID != "" {
		if ferr, err := check(c.stored.JobID); ferr != nil || err != nil {
			return ferr, err
		}
	}
	if c.t.Name == "jobs" && c.stored == nil {
		return nil, nil // a new job: its creator owns it
	}
	if c.stored == nil || jobID != c.stored.JobID {
		return check(jobID)
	}
	return nil, nil
}

func (c *change) jobAccess(job *Row) *fieldbook.Error {
	// A complaint often comes after its job is filed: it is no part of the
	// filed record.
	complaint := c.t.Name == "complaints"
	if !complaint && textField(job.Fields, "status") == schema.StatusFiled && len(c.touched) > 0 {
		return fieldbook.Errorf(fieldbook.ECONFLICT, "工单已归档并锁定，不能再修改。", "The job is filed and locked; it can no longer change.")
	}
	if c.route == routeClerk {
		return nil
	}
	// The service desk dispatches every job of its centre, and records
	// complaints about any of them, as the admin may; a technician works on
	// their own (or one they have just handed back, see handedBack).
	centreWide := c.p.User.Role == RoleDesk || (complaint && c.p.User.Role == RoleAdmin)
	if !centreWide && !ownsJob(c.p.User.Name, job) && !c.handedBack(job) {
		return forbidden("这个工单没有分派给您，也不是您创建的。", "This job is neither assigned to you nor created by you.")
	}
	if job.Deleted && len(c.touched) > 0 { // a retried deletion changes nothing and is applied
		return fieldbook.Errorf(fieldbook.ENOTFOUND, "工单已删除。", "The job has been deleted.")
	}
	return nil
}

// resolveJob finds the job a job-scoped row belongs to after the change.
func (c *change) resolveJob() (string, *fieldbook.Error, error) {
	t := c.t
	switch {
	case t.Name == "jobs":
		return c.in.ID, nil, nil
	case t.JobField != "":
		id := textField(c.merged, t.JobField)
		if id == "" {
			return "", fieldbook.Errorf(fieldbook.EINVALID, "缺少所属工单（"+t.JobField+"）。", "The job ("+t.JobField+") is missing."), nil
		}
		return id, nil, nil
	case t.VisitField != "" || t.ChecklistField != "":
		parentTable, pid := "visits", textField(c.merged, t.VisitField)
		if pid == "" && t.ChecklistField != "" {
			parentTable, pid = "checklists", textField(c.merged, t.ChecklistField)
		}
		if pid == "" {
			return "", fieldbook.Errorf(fieldbook.ENOTFOUND, "所签的服务单或检查单不在同步服务器上。", "The record this signature belongs to is not on the hub."), nil
		}
		parent, err := c.tx.Row(c.ctx, parentTable, pid)
		if err != nil || parent == nil {
			return "", fieldbook.Errorf(fieldbook.ENOTFOUND, "所签的服务单或检查单不在同步服务器上。", "The record this signature belongs to is not on the hub."), err
		}
		return parent.JobID, nil, nil
	}
	return "", nil, nil
}

package hub

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"fieldbook/backend/archive"
	"fieldbook/backend/fieldbook"
)

// Clerk actions of POST /v1/clerk.
const (
	ActionFile     = "file"      // file a submitted job under the next archive number
	ActionReturn   = "return"    // send it back to its technician with a reason
	ActionJDecide  = "j_decide"  // confirm or clear the J mark, with a reason
	ActionDocCheck = "doc_check" // record what the paper original of a document carries
)

// ClerkRequest is the body of POST /v1/clerk: an archive clerk acts on a
// job a technician submitted.
type ClerkRequest struct {
	JobID  string `json:"job_id"`
	Action string `json:"action"`
	// Reason: why the job is returned (required), or why the J mark is
	// cleared or set against the automatic mark (required then).
	Reason string `json:"reason,omitempty"`
	// Location (file): where the paper originals are kept (box, shelf).
	Location string `json:"location,omitempty"`
	// JMark (j_decide): true marks the job J, false clears the mark, null
	// withdraws the decision; JAuto is the automatic mark the clerk saw.
	JMark *bool `json:"j_mark,omitempty"`
	JAuto bool  `json:"j_auto,omitempty"`
	// DocKey and DocCheck (doc_check): the document and the clerk's finding.
	DocKey   string            `json:"doc_key,omitempty"`
	DocCheck *archive.DocCheck `json:"doc_check,omitempty"`
}

// SetArchiveFormat sets the archive number format of a service centre
// (an admin's command line); "" goes back to the hub's default.
func (s *Service) SetArchiveFormat(ctx context.Context, centre, format string) error {
	if strings.TrimSpace(centre) == "" {
		return fieldbook.Errorf(fieldbook.EINVALID, "请填写服务中心。", "Enter the service centre.")
	}
	if format != "" {
		if err := archive.ValidateArchiveFormat(format); err != nil {
			return err
		}
	}
	return s.Store.SetArchiveFormat(ctx, centre, format)
}

// ClerkResponse answers POST /v1/clerk.
type ClerkResponse struct {
	ArchiveNo string `json:"archive_no,omitempty"` // file: the job's archive number
	Result    Result `json:"result"`
}

const maxLocationRunes = 200

func (req ClerkRequest) validate() error {
	var v fieldbook.Validation
	reason := strings.TrimSpace(req.Reason)
	if utf8.RuneCountInString(req.Reason) > archive.MaxReasonRunes {
		v.Add("reason", "原因过长，最多 500 字。", "The reason is too long: at most 500 characters.")
	}
	switch req.Action {
	case ActionFile:
		if utf8.RuneCountInString(req.Location) > maxLocationRunes {
			v.Add("location", "存放位置过长，最多 200 字。", "The location is too long: at most 200 characters.")
		}
	case ActionReturn:
		if reason == "" {
			v.Add("reason", "请填写退回原因，技术员会看到它。", "Enter why the job is returned; the technician will see it.")
		}
	case ActionJDecide:
		if err := (archive.JDecision{Auto: req.JAuto, Confirmed: req.JMark, Reason: req.Reason, By: "-"}).Validate(); err != nil {
			return err
		}
	case ActionDocCheck:
		if req.DocKey == "" {
			v.Add("doc_key", "请选择文件。", "Choose the document.")
		}
		if req.DocCheck == nil {
			v.Add("doc_check", "缺少核对结果。", "The finding is missing.")
		} else if err := req.DocCheck.Validate(); err != nil {
			return err
		}
	default:
		v.Add("action", "未知的操作。", "Unknown action.")
	}
	return v.Err()
}

// Clerk applies an archive clerk's action to a job in one transaction:
// filing takes the next archive number of the centre's counter for the
// period, so two clerks filing at the same time — through one hub process
// or two — never get the same number. The change goes through the same
// merge and authorisation as a push, which also appends the audit event.
// The hub does not repeat the completeness check: the clerk's desktop runs
// it on the same rows before it offers to file.
func (s *Service) Clerk(ctx context.Context, p Principal, req ClerkRequest) (ClerkResponse, error) {
	var resp ClerkResponse
	if p.User.Role != RoleClerk {
		return resp, forbidden("只有档案管理员可以归档、退回或标记工单。", "Only an archive clerk may file, return or mark a job.")
	}
	if err := req.validate(); err != nil {
		return resp, err
	}
	now := s.Now().UTC()
	err := s.Store.Write(ctx, p.User.Centre, now, func(tx WriteTx) error {
		job, err := tx.Row(ctx, "jobs", req.JobID)
		if err != nil {
			return err
		}
		if job == nil || job.Deleted {
			return fieldbook.Errorf(fieldbook.ENOTFOUND, "找不到该工单。", "The job was not found.")
		}
		st := textField(job.Fields, "status")
		switch {
		case st == StatusFiled:
			return fieldbook.Errorf(fieldbook.ECONFLICT, "工单已归档并锁定，不能再修改。", "The job is filed and locked; it can no longer change.")
		case (req.Action == ActionFile || req.Action == ActionReturn) && st != "submitted":
			return fieldbook.Errorf(fieldbook.ECONFLICT, "只有已提交的工单可以归档或退回（当前状态："+st+"）。",
				"Only a submitted job can be filed or returned (it is "+st+").")
		}
		fields := map[string]any{}
		switch req.Action {
		case ActionFile:
			format, err := tx.ArchiveFormat(ctx)
			if err != nil {
				return err
			}
			if format == "" {
				format = s.ArchiveFormat
			}
			period, err := archive.SequencePeriod(format, now)
			if err != nil {
				return err
			}
			n, err := tx.NextArchiveSeq(ctx, period)
			if err != nil {
				return err
			}
			if resp.ArchiveNo, err = archive.FormatArchiveNo(format, now, n); err != nil {
				return err
			}
			fields = map[string]any{"status": StatusFiled, "archive_no": resp.ArchiveNo, "archive_location": strings.TrimSpace(req.Location),
				"filed_at": now.Format(time.RFC3339), "filed_by": p.User.Name}
		case ActionReturn:
			fields = map[string]any{"status": StatusReturned, "return_reason": strings.TrimSpace(req.Reason)}
		case ActionJDecide:
			fields["j_decision"] = archive.JDecision{Auto: req.JAuto, Confirmed: req.JMark, Reason: strings.TrimSpace(req.Reason), By: p.User.Name, At: now}
		case ActionDocCheck:
			checks := map[string]archive.DocCheck{}
			if raw, ok := job.Fields["doc_checks"]; ok {
				_ = json.Unmarshal(raw, &checks)
			}
			checks[req.DocKey] = *req.DocCheck
			fields["doc_checks"] = checks
		}
		raw := make(map[string]json.RawMessage, len(fields))
		for k, v := range fields {
			if raw[k], err = json.Marshal(v); err != nil {
				return err
			}
		}
		resp.Result, err = s.apply(ctx, tx, p, "clerk:"+uuid.NewString(), Change{Table: "jobs", ID: req.JobID, BaseSeq: job.Seq, Fields: raw}, now)
		if err != nil {
			return err
		}
		if r := resp.Result; r.Status != StatusApplied {
			if r.Reason != nil {
				return fieldbook.Errorf(r.Reason.Code, r.Reason.Message, r.Reason.MessageEN)
			}
			return fieldbook.Errorf(fieldbook.ECONFLICT, "工单刚被修改，请同步后重试。", "The job just changed; sync and try again.")
		}
		return nil
	})
	if err != nil {
		return ClerkResponse{}, err
	}
	s.Log.Info("clerk action", "action", req.Action, "job", req.JobID, "archive_no", resp.ArchiveNo, "clerk", p.User.Name, "device", p.Device.ID)
	return resp, nil
}

// Audit actions: what a job_events row records.
const (
	EventFiled    = "filed"
	EventReturned = "returned"
	EventJMarked  = "j_marked"  // the clerk marked or confirmed J
	EventJCleared = "j_cleared" // the clerk cleared the J mark
	EventJUndone  = "j_undone"  // the clerk withdrew the decision: the automatic mark applies
	EventChecked  = "doc_checked"
	EventEdited   = "edited" // another filing field changed
)

// auditClerkChange appends to the job's audit trail what a clerk's applied
// change did, in the change's transaction. changed are the fields it
// changed; before the job's fields before it.
func auditClerkChange(ctx context.Context, tx WriteTx, p Principal, job *Row, before map[string]json.RawMessage, changed []string, now time.Time) error {
	type event struct {
		action string
		detail map[string]any
	}
	var events []event
	rest := map[string]json.RawMessage{}
	for _, f := range changed {
		switch f {
		case "status":
			switch textField(job.Fields, "status") {
			case StatusFiled:
				events = append(events, event{EventFiled, map[string]any{"archive_no": textField(job.Fields, "archive_no"), "location": textField(job.Fields, "archive_location")}})
			case StatusReturned:
				events = append(events, event{EventReturned, map[string]any{"reason": textField(job.Fields, "return_reason")}})
			}
		case "j_decision":
			var d archive.JDecision
			_ = json.Unmarshal(job.Fields["j_decision"], &d)
			action := EventJUndone
			if d.Confirmed != nil && *d.Confirmed {
				action = EventJMarked
			} else if d.Confirmed != nil {
				action = EventJCleared
			}
			events = append(events, event{action, map[string]any{"reason": d.Reason, "auto": d.Auto}})
		case "doc_checks":
			var old, cur map[string]json.RawMessage
			_ = json.Unmarshal(before["doc_checks"], &old)
			_ = json.Unmarshal(job.Fields["doc_checks"], &cur)
			for _, k := range slices.Sorted(maps.Keys(cur)) {
				if string(old[k]) != string(cur[k]) {
					events = append(events, event{EventChecked, map[string]any{"doc": k, "check": cur[k]}})
				}
			}
		case "archive_no", "archive_location", "return_reason", "filed_at", "filed_by", "j_mark", "j_reason":
			if !slices.Contains(changed, "status") {
				rest[f] = job.Fields[f]
			}
		}
	}
	if len(rest) > 0 {
		events = append(events, event{EventEdited, map[string]any{"fields": rest}})
	}
	for _, e := range events {
		d, err := json.Marshal(e.detail)
		if err != nil {
			return err
		}
		seq := tx.NextSeq()
		at, _ := json.Marshal(now.Format(time.RFC3339))
		f := map[string]json.RawMessage{"detail": d, "at": at, "created_at": at}
		f["job_id"], _ = json.Marshal(job.ID)
		f["action"], _ = json.Marshal(e.action)
		f["actor"], _ = json.Marshal(p.User.Name)
		row := &Row{Centre: p.User.Centre, Table: "job_events", ID: uuid.Must(uuid.NewV7()).String(), Seq: seq, Version: 1,
			Fields: f, FieldSeq: map[string]int64{}, FieldDevice: map[string]string{},
			CreatedBy: p.User.Name, JobID: job.ID, UpdatedAt: now}
		for k := range f {
			row.FieldSeq[k], row.FieldDevice[k] = seq, p.Device.ID
		}
		if err := tx.PutRow(ctx, row); err != nil {
			return err
		}
	}
	return nil
}

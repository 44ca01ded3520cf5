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
	"fieldbook/backend/protocol"
	"fieldbook/backend/schema"
)

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

const maxLocationRunes = 200

func validateClerk(req protocol.ClerkRequest) error {
	var v fieldbook.Validation
	reason := strings.TrimSpace(req.Reason)
	if utf8.RuneCountInString(req.Reason) > archive.MaxReasonRunes {
		v.Add("reason", "原因过长，最多 500 字。", "The reason is too long: at most 500 characters.")
	}
	switch req.Action {
	case protocol.ActionFile:
		if utf8.RuneCountInString(req.Location) > maxLocationRunes {
			v.Add("location", "存放位置过长，最多 200 字。", "The location is too long: at most 200 characters.")
		}
	case protocol.ActionReturn:
		if reason == "" {
			v.Add("reason", "请填写退回原因，技术员会看到它。", "Enter why the job is returned; the technician will see it.")
		}
	case protocol.ActionJDecide:
		if err := (archive.JDecision{Auto: req.JAuto, Confirmed: req.JMark, Reason: req.Reason, By: "-"}).Validate(); err != nil {
			return err
		}
	case protocol.ActionDocCheck:
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

// Clerk applies an archive clerk's action to a job in one transaction. The
// change the hub builds passes the same rules as every pushed change, by
// the clerk-action route, the only one that writes filing fields: filing
// repeats the completeness check, and takes the next archive number of the
// centre's counter for the period, so two clerks filing at the same time —
// through one hub process or two — never get the same number. The audit
// event is appended in the same transaction.
func (s *Service) Clerk(ctx context.Context, p Principal, req protocol.ClerkRequest) (protocol.ClerkResponse, error) {
	var resp protocol.ClerkResponse
	if p.User.Role != RoleClerk {
		return resp, forbidden("只有档案管理员可以归档、退回或标记工单。", "Only an archive clerk may file, return or mark a job.")
	}
	if err := validateClerk(req); err != nil {
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
		fields := map[string]any{}
		switch req.Action {
		case protocol.ActionFile:
			if resp.ArchiveNo, err = s.nextArchiveNo(ctx, tx, now); err != nil {
				return err
			}
			fields = map[string]any{"status": schema.StatusFiled, "archive_no": resp.ArchiveNo, "archive_location": strings.TrimSpace(req.Location),
				"filed_at": now.Format(time.RFC3339), "filed_by": p.User.Name}
		case protocol.ActionReturn:
			fields = map[string]any{"status": schema.StatusReturned, "return_reason": strings.TrimSpace(req.Reason)}
		case protocol.ActionJDecide:
			fields["j_decision"] = archive.JDecision{Auto: req.JAuto, Confirmed: req.JMark, Reason: strings.TrimSpace(req.Reason), By: p.User.Name, At: now}
		case protocol.ActionDocCheck:
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
		ch := protocol.Change{Table: "jobs", ID: req.JobID, BaseSeq: job.Seq, Fields: raw}
		resp.Result, err = s.apply(ctx, tx, p, routeClerk, &batch{id: "clerk:" + uuid.NewString()}, ch, now)
		if err != nil {
			return err
		}
		if r := resp.Result; r.Status != protocol.StatusApplied {
			if r.Reason != nil {
				e := fieldbook.Errorf(r.Reason.Code, r.Reason.Message, r.Reason.MessageEN)
				e.Fields = r.Reason.Fields
				return e
			}
			return fieldbook.Errorf(fieldbook.ECONFLICT, "工单刚被修改，请同步后重试。", "The job just changed; sync and try again.")
		}
		return nil
	})
	if err != nil {
		return protocol.ClerkResponse{}, err
	}
	s.Log.Info("clerk action", "action", req.Action, "job", req.JobID, "archive_no", resp.ArchiveNo, "clerk", p.User.Name, "device", p.Device.ID)
	return resp, nil
}

// nextArchiveNo takes the next number of the centre's archive counter for
// the period, in its format (else the hub's, else YYYY-MM-NNNN).
func (s *Service) nextArchiveNo(ctx context.Context, tx WriteTx, now time.Time) (string, error) {
	format, err := tx.ArchiveFormat(ctx)
	if err != nil {
		return "", err
	}
	if format == "" {
		format = s.ArchiveFormat
	}
	period, err := archive.SequencePeriod(format, now)
	if err != nil {
		return "", err
	}
	n, err := tx.NextArchiveSeq(ctx, period)
	if err != nil {
		return "", err
	}
	return archive.FormatArchiveNo(format, now, n)
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
			case schema.StatusFiled:
				events = append(events, event{EventFiled, map[string]any{"archive_no": textField(job.Fields, "archive_no"), "location": textField(job.Fields, "archive_location")}})
			case schema.StatusReturned:
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
		case "archive_no", "archive_location", "return_reason", "filed_at", "filed_by":
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

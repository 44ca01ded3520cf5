// Package hub is the central sync server of Fieldbook: devices enrol with a
// one-time code, push row changes that the hub merges field by field, pull
// the rows they may read by cursor, and exchange content-addressed blobs.
// Storage is behind Store; the HTTP API is Handler. See docs/sync-protocol.md.
package hub

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"fieldbook/backend/fieldbook"
)

// Service holds the hub's rules on top of a Store. It keeps no state
// between calls.
type Service struct {
	Store Store
	Now   func() time.Time
	Log   *slog.Logger
	// ArchiveFormat is the archive number format of centres without their
	// own (SetArchiveFormat); "" = YYYY-MM-NNNN.
	ArchiveFormat string
}

// NewService returns a Service over store.
func NewService(store Store, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{Store: store, Now: time.Now, Log: log}
}

// HashSecret returns the hex SHA-256 of a token or code, as stored.
func HashSecret(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func randomToken(prefix string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// AddUser creates a user.
func (s *Service) AddUser(ctx context.Context, name, role, centre string) error {
	var v fieldbook.Validation
	if strings.TrimSpace(name) == "" {
		v.Add("name", "请填写用户名。", "Enter a user name.")
	}
	if role != RoleTechnician && role != RoleClerk && role != RoleAdmin {
		v.Add("role", "角色必须是 technician、clerk 或 admin。", "The role must be technician, clerk or admin.")
	}
	if strings.TrimSpace(centre) == "" {
		v.Add("centre", "请填写服务中心。", "Enter a service centre.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.Store.AddUser(ctx, User{Name: name, Role: role, Centre: centre, CreatedAt: s.Now().UTC()})
}

// EnrolCodeTTL is how long an enrolment code stays valid.
const EnrolCodeTTL = 24 * time.Hour

// NewEnrolCode makes a one-time enrolment code for the user.
func (s *Service) NewEnrolCode(ctx context.Context, user string) (code string, expires time.Time, err error) {
	if _, err := s.Store.User(ctx, user); err != nil {
		return "", time.Time{}, err
	}
	// 20 random bytes in base32-like groups are easy to read out and type.
	b := make([]byte, 15)
	_, _ = rand.Read(b)
	raw := strings.ToUpper(strings.TrimRight(base32Enc(b), "="))
	code = raw[0:6] + "-" + raw[6:12] + "-" + raw[12:18] + "-" + raw[18:24]
	now := s.Now().UTC()
	expires = now.Add(EnrolCodeTTL)
	err = s.Store.AddEnrolCode(ctx, EnrolCode{CodeHash: HashSecret(normaliseCode(code)), User: user, ExpiresAt: expires, CreatedAt: now})
	return code, expires, err
}

func normaliseCode(code string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(code), "-", ""))
}

// Enrol consumes a one-time code and registers a device, returning its token.
func (s *Service) Enrol(ctx context.Context, req EnrolRequest) (EnrolResponse, error) {
	if strings.TrimSpace(req.Code) == "" {
		return EnrolResponse{}, fieldbook.Errorf(fieldbook.EINVALID, "请输入登记码。", "Enter the enrolment code.")
	}
	token := randomToken("fbt_", 32)
	d := Device{
		ID:        uuid.Must(uuid.NewV7()).String(),
		Name:      strings.TrimSpace(req.DeviceName),
		TokenHash: HashSecret(token),
		CreatedAt: s.Now().UTC(),
	}
	u, err := s.Store.Enrol(ctx, HashSecret(normaliseCode(req.Code)), d, s.Now().UTC())
	if err != nil {
		return EnrolResponse{}, err
	}
	s.Log.Info("device enrolled", "device", d.ID, "user", u.Name, "centre", u.Centre)
	return EnrolResponse{DeviceID: d.ID, Token: token, User: UserInfo{Name: u.Name, Role: u.Role, Centre: u.Centre}}, nil
}

// ErrUnauthorized is returned for a missing, unknown or revoked token.
var ErrUnauthorized = fieldbook.Errorf(EUNAUTHORIZED,
	"此设备未登记或已被停用，请向管理员索取新的登记码重新登记；本机数据不会丢失。",
	"This device is not enrolled or has been revoked. Ask your administrator for a new enrolment code and enrol again; the data on this computer is kept.")

// Authenticate returns the device holding token.
func (s *Service) Authenticate(ctx context.Context, token string) (Principal, error) {
	if token == "" {
		return Principal{}, ErrUnauthorized
	}
	d, u, err := s.Store.DeviceByToken(ctx, HashSecret(token))
	if fieldbook.ErrorCode(err) == fieldbook.ENOTFOUND {
		return Principal{}, ErrUnauthorized
	}
	if err != nil {
		return Principal{}, fmt.Errorf("authenticate: %w", err)
	}
	if d.RevokedAt != nil {
		return Principal{}, ErrUnauthorized
	}
	return Principal{Device: d, User: u}, nil
}

// MaxPushChanges bounds one push batch.
const MaxPushChanges = 1000

// Push applies a batch of changes for p, exactly once per batch id.
func (s *Service) Push(ctx context.Context, p Principal, req PushRequest) (PushResponse, error) {
	if _, err := uuid.Parse(req.BatchID); err != nil {
		return PushResponse{}, fieldbook.Errorf(fieldbook.EINVALID, "batch_id 必须是 UUID。", "batch_id must be a UUID.")
	}
	if len(req.Changes) > MaxPushChanges {
		return PushResponse{}, fieldbook.Errorf(fieldbook.EINVALID,
			fmt.Sprintf("一批最多 %d 条修改。", MaxPushChanges), fmt.Sprintf("A batch holds at most %d changes.", MaxPushChanges))
	}
	now := s.Now().UTC()
	var resp PushResponse
	replayed := false
	err := s.Store.Write(ctx, p.User.Centre, now, func(tx WriteTx) error {
		last, stored, err := tx.LastBatch(ctx, p.Device.ID)
		if err != nil {
			return err
		}
		if last == req.BatchID {
			replayed = true
			return json.Unmarshal(stored, &resp)
		}
		resp = PushResponse{Results: make([]Result, 0, len(req.Changes))}
		for _, ch := range req.Changes {
			r, err := s.apply(ctx, tx, p, req.BatchID, ch, now)
			if err != nil {
				return fmt.Errorf("apply %s/%s: %w", ch.Table, ch.ID, err)
			}
			resp.Results = append(resp.Results, r)
		}
		resp.CursorHint = tx.LastSeq()
		b, err := json.Marshal(resp)
		if err != nil {
			return err
		}
		return tx.PutBatch(ctx, p.Device.ID, req.BatchID, b)
	})
	if err != nil {
		return PushResponse{}, fmt.Errorf("push: %w", err)
	}
	s.Log.Info("push", "device", p.Device.ID, "user", p.User.Name, "batch", req.BatchID,
		"changes", len(req.Changes), "replayed", replayed, "cursor_hint", resp.CursorHint)
	return resp, nil
}

// apply merges one change. A returned error is a storage failure that
// aborts the batch; refusals are results.
func (s *Service) apply(ctx context.Context, tx WriteTx, p Principal, batchID string, ch Change, now time.Time) (Result, error) {
	res := Result{Table: ch.Table, ID: ch.ID}
	reject := func(ferr *fieldbook.Error, stored *Row) (Result, error) {
		res.Status = StatusRejected
		res.Reason = &Reason{Code: ferr.Code, Message: ferr.ZH, MessageEN: ferr.EN, Fields: ferr.Fields}
		if stored != nil {
			res.Seq, res.Version = stored.Seq, stored.Version
		}
		change, _ := json.Marshal(ch)
		err := tx.AddRejection(ctx, Rejection{
			Centre: p.User.Centre, Device: p.Device.ID, User: p.User.Name, BatchID: batchID,
			Table: ch.Table, RowID: ch.ID, Change: change,
			Code: ferr.Code, Message: ferr.ZH, MessageEN: ferr.EN, CreatedAt: now,
		})
		return res, err
	}

	t := Tables[ch.Table]
	if t == nil {
		return reject(fieldbook.Errorf(fieldbook.EINVALID, "未知的表“"+ch.Table+"”。", "Unknown table "+ch.Table+"."), nil)
	}
	if ch.ID == "" || len(ch.ID) > 64 {
		return reject(fieldbook.Errorf(fieldbook.EINVALID, "记录编号无效。", "Invalid row id."), nil)
	}
	incoming := make(map[string]json.RawMessage, len(ch.Fields))
	var v fieldbook.Validation
	for name, raw := range ch.Fields {
		f, ok := t.Field(name)
		if !ok {
			v.Add(name, "未知字段。", "Unknown field.")
			continue
		}
		c, err := canonical(f, raw)
		if err != nil {
			v.Add(name, "值无效："+err.Error(), "Invalid value: "+err.Error())
			continue
		}
		incoming[name] = c
	}
	if err := v.Err(); err != nil {
		var fe *fieldbook.Error
		errors.As(err, &fe)
		return reject(fe, nil)
	}
	if ch.Deleted != nil {
		incoming["deleted"] = boolJSON(*ch.Deleted)
	}

	stored, err := tx.Row(ctx, ch.Table, ch.ID)
	if err != nil {
		return res, err
	}
	if stored == nil {
		// A new row comes whole (the device's insert sends every column);
		// a part of one is an edit of a row the hub refused earlier.
		if missing := t.missingForNew(incoming); len(missing) > 0 {
			return reject(fieldbook.Errorf(fieldbook.ENOTFOUND,
				"这条记录不在同步服务器上（此前未被接收），本次修改未上传："+strings.Join(missing, ", "),
				"This record is not on the hub (it was refused before); this change was not uploaded: "+strings.Join(missing, ", ")), nil)
		}
	}

	// Per-field merge against the hub's row.
	merged := map[string]json.RawMessage{}
	deleted := false
	if stored != nil {
		maps.Copy(merged, stored.Fields)
		deleted = stored.Deleted
	}
	current := func(f string) (json.RawMessage, bool) {
		if stored == nil {
			return nil, false
		}
		if f == "deleted" {
			return boolJSON(stored.Deleted), true
		}
		raw, ok := stored.Fields[f]
		return raw, ok
	}
	var changed, touched []string
	for _, name := range slices.Sorted(maps.Keys(incoming)) {
		val := incoming[name]
		cur, ok := current(name)
		if ok && string(cur) == string(val) {
			continue
		}
		touched = append(touched, name)
		def, _ := t.Field(name)
		if stored != nil && ok && !def.Audit &&
			stored.FieldSeq[name] > ch.BaseSeq && stored.FieldDevice[name] != p.Device.ID {
			res.Conflicts = append(res.Conflicts, FieldConflict{Field: name, Yours: val, Theirs: cur})
			continue
		}
		changed = append(changed, name)
		if name == "deleted" {
			deleted = string(val) == "true"
		} else {
			merged[name] = val
		}
	}

	jobID, ferr, err := authoriseWrite(ctx, tx, p, t, stored, incoming, merged, touched)
	if err != nil {
		return res, err
	}
	if ferr != nil {
		return reject(ferr, stored)
	}
	if t.Name == "jobs" && stored == nil {
		other, err := tx.RowWithField(ctx, "jobs", "number", textField(merged, "number"))
		if err != nil {
			return res, err
		}
		if other != "" && other != ch.ID {
			return reject(fieldbook.Errorf(EDUPLICATE,
				"工单号 "+textField(merged, "number")+" 已被另一台设备使用，本工单未上传；请联系管理员。",
				"Job number "+textField(merged, "number")+" is already used by another device; this job was not uploaded. Contact your administrator."), nil)
		}
	}
	if sup := textField(merged, "supersedes"); t.Name == "visits" && stored == nil && sup != "" {
		other, err := tx.RowWithField(ctx, "visits", "supersedes", sup)
		if err != nil {
			return res, err
		}
		if other != "" && other != ch.ID {
			return reject(fieldbook.Errorf(EDUPLICATE,
				"这份服务单已在另一台电脑上修订过，本次修订未上传；请在同步后的最新版本上修改。",
				"This service record was already amended on another computer; this amendment was not uploaded. Work on the latest revision after syncing."), nil)
		}
	}
	if ferr, err := checkLinks(ctx, tx, t, ch.ID, stored, merged, jobID); err != nil || ferr != nil {
		if err != nil {
			return res, err
		}
		return reject(ferr, stored)
	}
	if t.Name == "signatures" && stored == nil {
		if ferr, err := checkNewSignature(ctx, tx, ch.ID, merged, jobID); err != nil || ferr != nil {
			if err != nil {
				return res, err
			}
			return reject(ferr, nil)
		}
	}

	res.Status = StatusApplied
	if len(res.Conflicts) > 0 {
		res.Status = StatusConflict
		for _, c := range res.Conflicts {
			if err := tx.AddConflict(ctx, Conflict{
				Centre: p.User.Centre, Table: ch.Table, RowID: ch.ID, Field: c.Field,
				HubValue: c.Theirs, DeviceVal: c.Yours, Device: p.Device.ID, User: p.User.Name, CreatedAt: now,
			}); err != nil {
				return res, err
			}
		}
	}
	if stored != nil && len(changed) == 0 {
		res.Seq, res.Version = stored.Seq, stored.Version
		return res, nil
	}

	var before map[string]json.RawMessage
	row := stored
	if row != nil {
		before = row.Fields
	}
	if row == nil {
		row = &Row{Centre: p.User.Centre, Table: ch.Table, ID: ch.ID, CreatedBy: p.User.Name,
			FieldSeq: map[string]int64{}, FieldDevice: map[string]string{}}
	}
	seq := tx.NextSeq()
	oldAssignee := textField(row.Fields, "assigned_to")
	row.Fields = merged
	row.Deleted = deleted
	row.Seq = seq
	row.Version++
	row.UpdatedAt = now
	for _, name := range changed {
		row.FieldSeq[name] = seq
		row.FieldDevice[name] = p.Device.ID
	}
	if t.Name == "jobs" {
		jobID = row.ID
	}
	row.JobID = jobID
	if t.BlobField != "" {
		row.BlobSHA = strings.ToLower(textField(merged, t.BlobField))
	}
	if err := tx.PutRow(ctx, row); err != nil {
		return res, err
	}
	if t.Name == "jobs" && stored != nil && p.User.Role == RoleClerk {
		if err := auditClerkChange(ctx, tx, p, row, before, changed, now); err != nil {
			return res, err
		}
	}
	// A job given to someone else: its rows move up the sequence so that
	// the new assignee's next pull brings them, whatever their cursor.
	if t.Name == "jobs" && stored != nil && textField(merged, "assigned_to") != oldAssignee {
		children, err := tx.JobRows(ctx, row.ID)
		if err != nil {
			return res, err
		}
		for _, c := range children {
			c.Seq = tx.NextSeq()
			if err := tx.PutRow(ctx, c); err != nil {
				return res, err
			}
		}
	}
	res.Seq, res.Version = row.Seq, row.Version
	return res, nil
}

func boolJSON(b bool) json.RawMessage {
	if b {
		return json.RawMessage("true")
	}
	return json.RawMessage("false")
}

func clamp(v, def, hi int) int {
	if v <= 0 {
		return def
	}
	return min(v, hi)
}

// Conflicts lists the conflicts of p's centre.
func (s *Service) Conflicts(ctx context.Context, centre string) ([]Conflict, error) {
	return s.Store.Conflicts(ctx, centre)
}

func base32Enc(b []byte) string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" // no I, O, 0, 1
	var sb strings.Builder
	var acc uint
	bits := 0
	for _, c := range b {
		acc = acc<<8 | uint(c)
		bits += 8
		for bits >= 5 {
			sb.WriteByte(alphabet[(acc>>(bits-5))&31])
			bits -= 5
		}
	}
	return sb.String()
}

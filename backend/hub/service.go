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
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/protocol"
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

	uploads uploadLocks
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
	return s.AddPerson(ctx, User{Name: name, Role: role, Centre: centre})
}

// AddPerson creates a user with a display name and employee number.
func (s *Service) AddPerson(ctx context.Context, u User) error {
	name, role, centre := u.Name, u.Role, u.Centre
	var v fieldbook.Validation
	u.DisplayName, u.EmployeeNo = strings.TrimSpace(u.DisplayName), strings.TrimSpace(u.EmployeeNo)
	checkProfile(&v, u.DisplayName, u.EmployeeNo)
	if strings.TrimSpace(name) == "" {
		v.Add("name", "请填写用户名。", "Enter a user name.")
	}
	if role != RoleTechnician && role != RoleDesk && role != RoleClerk && role != RoleAdmin {
		v.Add("role", "角色必须是 technician（技术员）、desk（客服）、clerk（档案管理员）或 admin（管理员）。",
			"The role must be technician, desk (service desk), clerk or admin.")
	}
	if strings.TrimSpace(centre) == "" {
		v.Add("centre", "请填写服务中心。", "Enter a service centre.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	u.CreatedAt = s.Now().UTC()
	return s.Store.AddUser(ctx, u)
}

// SetUserProfile sets a user's display name and employee number; devices
// enrolled later receive them.
func (s *Service) SetUserProfile(ctx context.Context, name, displayName, employeeNo string) error {
	var v fieldbook.Validation
	displayName, employeeNo = strings.TrimSpace(displayName), strings.TrimSpace(employeeNo)
	checkProfile(&v, displayName, employeeNo)
	if err := v.Err(); err != nil {
		return err
	}
	return s.Store.SetUserProfile(ctx, name, displayName, employeeNo)
}

// checkProfile holds a display name and an employee number to the limits
// the app holds a technician's profile to.
func checkProfile(v *fieldbook.Validation, displayName, employeeNo string) {
	if utf8.RuneCountInString(displayName) > 50 {
		v.Add("display_name", "姓名过长，最多50个字。", "The display name is too long: at most 50 characters.")
	}
	if utf8.RuneCountInString(employeeNo) > 30 {
		v.Add("employee_no", "工号过长，最多30个字。", "The employee number is too long: at most 30 characters.")
	}
}

// Info is what a device learns about the user: the display name is the
// user name when the hub has none.
func (u User) Info() protocol.UserInfo {
	display := u.DisplayName
	if display == "" {
		display = u.Name
	}
	return protocol.UserInfo{Name: u.Name, Role: u.Role, Centre: u.Centre, DisplayName: display, EmployeeNo: u.EmployeeNo}
}

// HubInfo is the hub's identity and epoch for the principal's centre; known
// is the epoch the device last saw ("" for none).
func (s *Service) HubInfo(ctx context.Context, p Principal, known string) (protocol.HubInfo, error) {
	if len(known) > 64 {
		return protocol.HubInfo{}, fieldbook.Errorf(fieldbook.EINVALID, "epoch 参数过长。", "The epoch parameter is too long.")
	}
	e, err := s.Store.Epoch(ctx, p.User.Centre, known)
	if err != nil {
		return protocol.HubInfo{}, err
	}
	return protocol.HubInfo{HubID: e.HubID, Epoch: e.Epoch, Seq: e.Seq, Floor: e.Floor}, nil
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

// normaliseCode drops what a person may add when typing a code (spaces,
// dashes) and its case.
func normaliseCode(code string) string {
	return strings.ToUpper(strings.Map(func(r rune) rune {
		if r == '-' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, code))
}

// Enrol consumes a one-time code and registers a device, returning its token.
func (s *Service) Enrol(ctx context.Context, req protocol.EnrolRequest) (protocol.EnrolResponse, error) {
	if strings.TrimSpace(req.Code) == "" {
		return protocol.EnrolResponse{}, fieldbook.Errorf(fieldbook.EINVALID, "请输入登记码。", "Enter the enrolment code.")
	}
	token := randomToken("fbt_", 32)
	name := strings.TrimSpace(req.DeviceName)
	if utf8.RuneCountInString(name) > protocol.MaxDeviceName || !utf8.ValidString(name) {
		return protocol.EnrolResponse{}, fieldbook.Errorf(fieldbook.EINVALID,
			fmt.Sprintf("设备名称最多 %d 个字。", protocol.MaxDeviceName), fmt.Sprintf("A device name has at most %d characters.", protocol.MaxDeviceName))
	}
	d := Device{
		ID:        uuid.Must(uuid.NewV7()).String(),
		Name:      name,
		TokenHash: HashSecret(token),
		CreatedAt: s.Now().UTC(),
	}
	u, err := s.Store.Enrol(ctx, HashSecret(normaliseCode(req.Code)), d, s.Now().UTC())
	if err != nil {
		return protocol.EnrolResponse{}, err
	}
	s.Log.Info("device enrolled", "device", d.ID, "user", u.Name, "centre", u.Centre)
	return protocol.EnrolResponse{DeviceID: d.ID, Token: token, User: u.Info()}, nil
}

// ErrUnauthorized is returned for a missing, unknown or revoked token.
var ErrUnauthorized = fieldbook.Errorf(protocol.EUNAUTHORIZED,
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

// Push applies a batch of changes for p, exactly once per batch id: either
// of the last two batches again answers as it did (protocol.AnswersKept),
// an older one is refused.
func (s *Service) Push(ctx context.Context, p Principal, req protocol.PushRequest) (protocol.PushResponse, error) {
	if _, err := uuid.Parse(req.BatchID); err != nil {
		return protocol.PushResponse{}, fieldbook.Errorf(fieldbook.EINVALID, "batch_id 必须是 UUID。", "batch_id must be a UUID.")
	}
	if len(req.Changes) > protocol.MaxPushChanges {
		return protocol.PushResponse{}, fieldbook.Errorf(fieldbook.EINVALID,
			fmt.Sprintf("一批最多 %d 条修改。", protocol.MaxPushChanges), fmt.Sprintf("A batch holds at most %d changes.", protocol.MaxPushChanges))
	}
	now := s.Now().UTC()
	var resp protocol.PushResponse
	replayed := false
	err := s.Store.Write(ctx, p.User.Centre, now, func(tx WriteTx) error {
		stored, ok, err := tx.KeptAnswer(ctx, p.Device.ID, req.BatchID)
		if err != nil {
			return err
		}
		if ok {
			replayed = true
			return json.Unmarshal(stored, &resp)
		}
		if done, err := tx.BatchApplied(ctx, p.Device.ID, req.BatchID); err != nil || done {
			if done {
				err = fieldbook.Errorf(fieldbook.ECONFLICT, "这一批修改已经上传过，不会再次应用。", "This batch was applied before; it is not applied again.")
			}
			return err
		}
		resp = protocol.PushResponse{Results: make([]protocol.Result, 0, len(req.Changes))}
		b := &batch{id: req.BatchID}
		rc := newRowCache(tx)
		if err := rc.prefetch(ctx, p.User.Name, req.Changes); err != nil {
			return err
		}
		for _, ch := range req.Changes {
			r, err := s.apply(ctx, rc, p, routePush, b, ch, now)
			if err != nil {
				return fmt.Errorf("apply %s/%s: %w", ch.Table, ch.ID, err)
			}
			resp.Results = append(resp.Results, r)
		}
		if err := rc.flush(ctx); err != nil {
			return err
		}
		resp.CursorHint = tx.LastSeq()
		raw, err := json.Marshal(resp)
		if err != nil {
			return err
		}
		return tx.PutBatch(ctx, p.Device.ID, req.BatchID, raw)
	})
	if err != nil {
		if fieldbook.ErrorCode(err) != fieldbook.EINTERNAL {
			return protocol.PushResponse{}, err
		}
		return protocol.PushResponse{}, fmt.Errorf("push: %w", err)
	}
	s.Log.Info("push", "device", p.Device.ID, "user", p.User.Name, "batch", req.BatchID,
		"changes", len(req.Changes), "replayed", replayed, "cursor_hint", resp.CursorHint)
	return resp, nil
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

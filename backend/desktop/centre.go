package desktop

import (
	"context"
	"encoding/base64"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/protocol"
	"fieldbook/backend/schema"
	"fieldbook/backend/sqlite"
	"fieldbook/backend/syncer"
)

// CentreSettingsView is the centre's settings for the 设置 page, and
// whether this device may change them: a laptop working alone keeps its
// own, an enrolled one only when its user is the centre's admin.
type CentreSettingsView struct {
	sqlite.CentreSettingsView
	Editable bool `json:"editable"`
}

// Centre returns the centre's settings as this device holds them (the last
// pulled copy when offline).
func (s *Settings) Centre() (CentreSettingsView, error) {
	db, err := s.store()
	if err != nil {
		return CentreSettingsView{}, err
	}
	ctx := context.Background()
	v, err := db.CentreSettings(ctx)
	if err != nil {
		return CentreSettingsView{}, err
	}
	editable, err := s.mayEditCentre(ctx, db)
	return CentreSettingsView{CentreSettingsView: v, Editable: editable}, err
}

// SaveCentre stores an edit of the centre's settings (the fields form
// changed since base): valid values at once — to the hub with the next
// sync — and refused ones kept as typed, each named with its message.
func (s *Settings) SaveCentre(form, base fieldbook.CentreSettings) (sqlite.CentreSettingsSaved, error) {
	db, err := s.store()
	if err != nil {
		return sqlite.CentreSettingsSaved{}, err
	}
	ctx := context.Background()
	if ok, err := s.mayEditCentre(ctx, db); err != nil || !ok {
		if err == nil {
			err = fieldbook.Errorf(protocol.EFORBIDDEN, "服务中心设置由服务中心管理员修改，本机只读。",
				"The centre's settings are changed by the centre's administrator; they are read-only here.")
		}
		return sqlite.CentreSettingsSaved{}, err
	}
	return db.SaveCentreSettings(ctx, form, base)
}

// UploadLogo stores a PNG or JPEG (a data: URL) for the centre's logo and
// returns its SHA-256, for the logo_sha256 field.
func (s *Settings) UploadLogo(dataURL string) (string, error) {
	db, err := s.store()
	if err != nil {
		return "", err
	}
	ctx := context.Background()
	if ok, err := s.mayEditCentre(ctx, db); err != nil || !ok {
		if err == nil {
			err = fieldbook.Errorf(protocol.EFORBIDDEN, "服务中心设置由服务中心管理员修改，本机只读。",
				"The centre's settings are changed by the centre's administrator; they are read-only here.")
		}
		return "", err
	}
	return db.PutLogo(ctx, dataURL)
}

// Logo returns the centre's logo as a data: URL ("" for none).
func (s *Settings) Logo() (string, error) {
	db, err := s.store()
	if err != nil {
		return "", err
	}
	ctx := context.Background()
	v, err := db.CentreSettings(ctx)
	if err != nil || v.Record.LogoSHA256 == "" {
		return "", err
	}
	data, mime, err := db.Blob(ctx, v.Record.LogoSHA256)
	if err != nil {
		return "", nil // not downloaded yet: the next sync brings it
	}
	return "data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(data), nil
}

// mayEditCentre reports whether this device may change what the centre's
// admin holds (its settings, its catalogue): a laptop working alone its
// own, an enrolled one only when its user is the centre's admin.
func (b *base) mayEditCentre(ctx context.Context, db *sqlite.DB) (bool, error) {
	a, ok, err := syncer.New(db, nil).Account(ctx)
	if err != nil {
		return false, err
	}
	return !ok || a.User.Role == schema.RoleAdmin, nil
}

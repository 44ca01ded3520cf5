package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"crypto/rand"

	"fieldbook/backend/fieldbook"
)

// Settings returns the stored settings, with defaults for what was never saved.
func (d *DB) Settings(ctx context.Context) (fieldbook.Settings, error) {
	s := fieldbook.DefaultSettings()
	rows, err := d.rdb.QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return s, fmt.Errorf("read settings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var value []byte
		if err := rows.Scan(&key, &value); err != nil {
			return s, fmt.Errorf("read settings: %w", err)
		}
		if dst := settingsField(&s, key); dst != nil {
			if err := json.Unmarshal(value, dst); err != nil {
				return s, fmt.Errorf("read setting %s: %w", key, err)
			}
		}
	}
	return s, rows.Err()
}

// SaveSettings validates s and stores it in one transaction. It returns the
// settings as stored, or a fieldbook.EINVALID error naming each bad field.
func (d *DB) SaveSettings(ctx context.Context, s fieldbook.Settings) (fieldbook.Settings, error) {
	s.Normalize()
	if err := s.Validate(); err != nil {
		return s, err
	}
	now := d.Now().UTC().Format(time.RFC3339Nano)
	var refused error
	err := d.tx(ctx, func(tx *sql.Tx) error {
		// The first run's 单机使用 ends the setup only with a name and a company.
		var was string
		if err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT value ->> '$' FROM settings WHERE key = 'setup'), '')`).Scan(&was); err != nil {
			return err
		}
		if s.Setup == fieldbook.SetupAlone && was == "" {
			if refused = s.ValidateSetUpAlone(); refused != nil {
				return refused
			}
		}
		for _, key := range settingsKeys {
			value, err := json.Marshal(settingsField(&s, key))
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
				key, string(value), now); err != nil {
				return err
			}
		}
		return nil
	})
	if refused != nil {
		return s, refused
	}
	if err != nil {
		return s, fmt.Errorf("save settings: %w", err)
	}
	return s, nil
}

var settingsKeys = []string{"language", "technician", "company", "time_zone", "setup"}

// settingsField maps a settings key to the part of s it stores.
func settingsField(s *fieldbook.Settings, key string) any {
	switch key {
	case "language":
		return &s.Language
	case "technician":
		return &s.Technician
	case "company":
		return &s.Company
	case "time_zone":
		return &s.TimeZone
	case "setup":
		return &s.Setup
	}
	return nil // a key written by a newer version: keep it, ignore it
}

// Zone is the service centre's time zone (the time_zone setting): the days
// of job numbers, warranties and date filters are its days.
func (d *DB) Zone(ctx context.Context) *time.Location {
	return zoneOf(ctx, d.rdb)
}

// zoneOf is the centre's zone when the device holds the centre's settings
// and they name one, else the laptop's time_zone setting.
func zoneOf(ctx context.Context, q querier) *time.Location {
	var name string
	if err := q.QueryRowContext(ctx, `SELECT coalesce(
			(SELECT nullif(time_zone, '') FROM centre_settings WHERE id = 'centre' AND deleted = 0),
			(SELECT value ->> '$' FROM settings WHERE key = 'time_zone'), '')`).Scan(&name); err != nil {
		return fieldbook.Zone("")
	}
	return fieldbook.Zone(name)
}

// DeviceID is this installation's identity, made on first start.
func (d *DB) DeviceID() string { return d.deviceID }

// DeviceCode is the short code that starts this device's job numbers.
func (d *DB) DeviceCode() string { return d.deviceCode }

func (d *DB) device(ctx context.Context) (id, code string, err error) {
	err = d.db.QueryRowContext(ctx, `SELECT id, code FROM device`).Scan(&id, &code)
	return id, code, err
}

// ensureDevice makes the device row on first start: a UUIDv7 and a random
// four-character code from an alphabet without look-alikes (0/O, 1/I/L).
func (d *DB) ensureDevice(ctx context.Context) error {
	return d.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM device WHERE code != ''`).Scan(&n); err != nil || n == 1 {
			return err
		}
		const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
		buf := make([]byte, 4)
		if _, err := rand.Read(buf); err != nil {
			return err
		}
		for i, b := range buf {
			buf[i] = alphabet[int(b)%len(alphabet)]
		}
		now := ts(d.Now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO device (id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING`, newID(), now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE device SET code = ?`, string(buf))
		return err
	})
}

// SettingsSaved is the result of an edit of the settings form: the form's
// record as stored now (the refused values kept as typed), the settings
// in force, and the fields refused, each with its message.
type SettingsSaved struct {
	Record  fieldbook.Settings     `json:"record"`
	Stored  fieldbook.Settings     `json:"stored"`
	Refused []fieldbook.FieldError `json:"refused"`
}

// settingsPaths are the fields of the settings form, as Validate names them.
var settingsPaths = map[string]func(*fieldbook.Settings) *string{
	"language":               func(s *fieldbook.Settings) *string { return &s.Language },
	"time_zone":              func(s *fieldbook.Settings) *string { return &s.TimeZone },
	"technician.name":        func(s *fieldbook.Settings) *string { return &s.Technician.Name },
	"technician.phone":       func(s *fieldbook.Settings) *string { return &s.Technician.Phone },
	"technician.employee_no": func(s *fieldbook.Settings) *string { return &s.Technician.EmployeeNo },
	"company.name":           func(s *fieldbook.Settings) *string { return &s.Company.Name },
	"company.address":        func(s *fieldbook.Settings) *string { return &s.Company.Address },
	"company.phone":          func(s *fieldbook.Settings) *string { return &s.Company.Phone },
}

// EditSettings stores an edit of the settings form: the fields form
// changed since base. A valid value is stored at once; a refused one is
// kept as typed in the draft (settings_draft) and named in Refused, and
// never holds back the others.
func (d *DB) EditSettings(ctx context.Context, form, base fieldbook.Settings) (SettingsSaved, error) {
	form.Normalize()
	base.Normalize()
	refusals, refused, err := refusedFields(form.Validate())
	if err != nil {
		return SettingsSaved{}, err
	}
	cur, err := d.Settings(ctx)
	if err != nil {
		return SettingsSaved{}, err
	}
	draft, err := d.settingsDraft(ctx)
	if err != nil {
		return SettingsSaved{}, err
	}
	for path, at := range settingsPaths {
		typed, edited := *at(&form), *at(&form) != *at(&base)
		_, drafted := draft[path]
		switch _, bad := refused[path]; {
		case bad && (edited || drafted):
			draft[path] = typed
		case bad:
		case edited:
			*at(&cur) = typed
			delete(draft, path)
		default:
			delete(draft, path)
		}
	}
	stored, err := d.SaveSettings(ctx, cur)
	if err != nil {
		return SettingsSaved{}, err
	}
	raw, err := json.Marshal(draft)
	if err != nil {
		return SettingsSaved{}, err
	}
	if _, err := d.db.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ('settings_draft', ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, string(raw), ts(d.Now())); err != nil {
		return SettingsSaved{}, fmt.Errorf("save settings draft: %w", err)
	}
	out := SettingsSaved{Record: withDraft(stored, draft), Stored: stored}
	for _, f := range refusals {
		if _, kept := draft[f.Field]; kept {
			out.Refused = append(out.Refused, f)
		}
	}
	return out, nil
}

// refusedFields splits a validation's refusal into its fields, in order and
// by name; an error that is not a validation's is returned as it is.
func refusedFields(err error) ([]fieldbook.FieldError, map[string]fieldbook.FieldError, error) {
	byName := map[string]fieldbook.FieldError{}
	var fe *fieldbook.Error
	if !errors.As(err, &fe) {
		return nil, byName, err
	}
	for _, f := range fe.Fields {
		byName[f.Field] = f
	}
	return fe.Fields, byName, nil
}

// EditedSettings are the settings as the form shows them: the stored ones
// with the values still refused laid over them.
func (d *DB) EditedSettings(ctx context.Context) (fieldbook.Settings, error) {
	s, err := d.Settings(ctx)
	if err != nil {
		return s, err
	}
	draft, err := d.settingsDraft(ctx)
	return withDraft(s, draft), err
}

func (d *DB) settingsDraft(ctx context.Context) (map[string]string, error) {
	draft := map[string]string{}
	var raw string
	err := d.rdb.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'settings_draft'`).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return draft, nil
	}
	if err != nil {
		return nil, fmt.Errorf("settings draft: %w", err)
	}
	if json.Unmarshal([]byte(raw), &draft) != nil {
		return map[string]string{}, nil // a damaged draft: the settings stand
	}
	return draft, nil
}

func withDraft(s fieldbook.Settings, draft map[string]string) fieldbook.Settings {
	for path, v := range draft {
		if at, ok := settingsPaths[path]; ok {
			*at(&s) = v
		}
	}
	return s
}

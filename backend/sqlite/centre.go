package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"fieldbook/backend/fieldbook"
)

// The service centre's settings are one synced row of centre_settings (id
// fieldbook.CentreRowID): pulled from the hub like every reference row, and
// written here only by the centre's admin (the desktop layer checks the
// role), whose changes go to the hub through the outbox. A value the
// settings refuse is not written to the row: it is kept in the local
// setting centre_draft, so that nothing typed is lost, until it is fixed.

// CentreSettingsView is the centre's settings as the 设置 page edits them:
// the record (the synced row with the values still refused laid over it),
// and whether the device holds the centre's row at all.
type CentreSettingsView struct {
	Record fieldbook.CentreSettings `json:"record"`
	Held   bool                     `json:"held"` // the row is here (pulled or written)
}

// CentreSettingsSaved is the result of an edit: the record as stored now and
// the fields refused (kept as typed in the draft, not in the synced row).
type CentreSettingsSaved struct {
	Record    fieldbook.CentreSettings `json:"record"`
	Refused   []fieldbook.FieldError   `json:"refused"`
	Conflicts []string                 `json:"conflicts"`
}

const centreCols = `company_name, company_address, company_phone, coalesce(logo_sha256, ''), registration_format, terms, labour_rate_fen, time_zone, appointments_per_day`

// centreRow reads the synced row; ok is false when the device has none.
func centreRow(ctx context.Context, q querier) (c fieldbook.CentreSettings, ok bool, err error) {
	err = q.QueryRowContext(ctx, `SELECT `+centreCols+` FROM centre_settings WHERE id = ? AND deleted = 0`, fieldbook.CentreRowID).
		Scan(&c.CompanyName, &c.CompanyAddress, &c.CompanyPhone, &c.LogoSHA256, &c.RegistrationFormat, &c.Terms, &c.LabourRateFen, &c.TimeZone, &c.AppointmentsPerDay)
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	return c, err == nil, err
}

// CentreSettings returns the centre's settings as the device holds them.
func (d *DB) CentreSettings(ctx context.Context) (CentreSettingsView, error) {
	c, ok, err := centreRow(ctx, d.rdb)
	if err != nil {
		return CentreSettingsView{}, fmt.Errorf("centre settings: %w", err)
	}
	draft, err := centreDraft(ctx, d.rdb)
	if err != nil {
		return CentreSettingsView{}, err
	}
	rec, err := overlay(c, draft)
	return CentreSettingsView{Record: rec, Held: ok}, err
}

// Letterhead is the company that heads this device's customer copies: the
// centre's, once the device has its settings, else the laptop's own
// (work alone), with the centre's logo and 客户须知 terms.
func (d *DB) Letterhead(ctx context.Context) (fieldbook.Company, fieldbook.CentreSettings, error) {
	s, err := d.Settings(ctx)
	if err != nil {
		return fieldbook.Company{}, fieldbook.CentreSettings{}, err
	}
	c, ok, err := centreRow(ctx, d.rdb)
	if err != nil {
		return fieldbook.Company{}, fieldbook.CentreSettings{}, err
	}
	if ok && c.CompanyName != "" {
		return c.Letterhead(), c, nil
	}
	return s.Company, c, nil
}

// SaveCentreSettings stores an edit of the centre's settings: the fields
// the form changed since base. A valid value goes to the synced row (and
// so to the hub); a refused one stays in the draft, named in Refused; a
// field changed here and in the row since base keeps the row's value and
// is named in Conflicts.
func (d *DB) SaveCentreSettings(ctx context.Context, form, base fieldbook.CentreSettings) (CentreSettingsSaved, error) {
	form.Normalize()
	base.Normalize()
	_, refused, err := refusedFields(form.Validate())
	if err != nil {
		return CentreSettingsSaved{}, err
	}
	var out CentreSettingsSaved
	err = d.tx(ctx, func(tx *sql.Tx) error {
		cur, ok, err := centreRow(ctx, tx)
		if err != nil {
			return err
		}
		draft, err := centreDraft(ctx, tx)
		if err != nil {
			return err
		}
		curF, formF, baseF := fieldsOf(cur), fieldsOf(form), fieldsOf(base)
		next := fieldsOf(cur)
		for name, typed := range formF {
			edited := !reflect.DeepEqual(typed, baseF[name])
			switch _, bad := refused[name]; {
			case bad && (edited || draft[name] != nil):
				draft[name] = typed
			case bad:
			case !edited:
				delete(draft, name)
			case draft[name] == nil && !reflect.DeepEqual(curF[name], baseF[name]) && !reflect.DeepEqual(curF[name], typed):
				// (a drafted field's base was the draft, never the row's)
				out.Conflicts = append(out.Conflicts, name)
			default:
				next[name] = typed
				delete(draft, name)
			}
		}
		for name := range draft {
			if _, bad := refused[name]; !bad {
				delete(draft, name)
			}
		}
		var row fieldbook.CentreSettings
		if err := remap(next, &row); err != nil {
			return err
		}
		if !ok || row != cur {
			if err := d.writeCentreRow(ctx, tx, row, ok); err != nil {
				return err
			}
		}
		raw, err := json.Marshal(draft)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ('centre_draft', ?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, string(raw), ts(d.Now())); err != nil {
			return err
		}
		out.Record, err = overlay(row, draft)
		return err
	})
	if err != nil {
		return CentreSettingsSaved{}, fmt.Errorf("save centre settings: %w", err)
	}
	for _, f := range fieldsOrder {
		if r, bad := refused[f]; bad {
			out.Refused = append(out.Refused, r)
		}
	}
	return out, nil
}

func (d *DB) writeCentreRow(ctx context.Context, tx *sql.Tx, c fieldbook.CentreSettings, exists bool) error {
	now := ts(d.Now())
	var logo any
	if c.LogoSHA256 != "" {
		logo = c.LogoSHA256
	}
	if !exists {
		_, err := tx.ExecContext(ctx, `INSERT INTO centre_settings (id, company_name, company_address, company_phone, logo_sha256,
			registration_format, terms, labour_rate_fen, time_zone, appointments_per_day, created_at, updated_at, updated_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET company_name = excluded.company_name, company_address = excluded.company_address,
				company_phone = excluded.company_phone, logo_sha256 = excluded.logo_sha256, registration_format = excluded.registration_format,
				terms = excluded.terms, labour_rate_fen = excluded.labour_rate_fen, time_zone = excluded.time_zone,
				appointments_per_day = excluded.appointments_per_day, deleted = 0,
				updated_at = excluded.updated_at, updated_by = excluded.updated_by, version = version + 1`,
			fieldbook.CentreRowID, c.CompanyName, c.CompanyAddress, c.CompanyPhone, logo, c.RegistrationFormat, c.Terms, c.LabourRateFen, c.TimeZone,
			c.AppointmentsPerDay, now, now, d.deviceID)
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE centre_settings SET company_name = ?, company_address = ?, company_phone = ?, logo_sha256 = ?,
		registration_format = ?, terms = ?, labour_rate_fen = ?, time_zone = ?, appointments_per_day = ?, updated_at = ?, updated_by = ?, version = version + 1
		WHERE id = ?`,
		c.CompanyName, c.CompanyAddress, c.CompanyPhone, logo, c.RegistrationFormat, c.Terms, c.LabourRateFen, c.TimeZone, c.AppointmentsPerDay, now, d.deviceID, fieldbook.CentreRowID)
	return err
}

// PutLogo stores an image (a data: URL of a PNG or JPEG) as a blob and
// returns its SHA-256, for the centre's logo.
func (d *DB) PutLogo(ctx context.Context, dataURL string) (string, error) {
	data, mime, err := decodeImage(dataURL)
	if err != nil {
		return "", err
	}
	var sha string
	err = d.tx(ctx, func(tx *sql.Tx) error {
		sha, err = d.putBlob(ctx, tx, mime, data, d.Now())
		return err
	})
	return sha, err
}

// ForgetCentreSettings drops this laptop's own copy of the centre settings
// and whatever of it waits to be pushed (connecting to a hub: the centre's
// come with the first pull), without queueing the deletion.
func (d *DB) ForgetCentreSettings(ctx context.Context) error {
	return d.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE tbl = 'centre_settings'`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM settings WHERE key = 'centre_draft'`); err != nil {
			return err
		}
		return d.applying(ctx, tx, func() error {
			_, err := tx.ExecContext(ctx, `DELETE FROM centre_settings`)
			return err
		})
	})
}

// fieldsOrder is the order refusals are reported in: the form's.
var fieldsOrder = []string{"company_name", "company_address", "company_phone", "logo_sha256", "registration_format", "terms", "labour_rate_fen", "time_zone", "appointments_per_day"}

func centreDraft(ctx context.Context, q querier) (map[string]any, error) {
	var raw string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'centre_draft'`).Scan(&raw)
	draft := map[string]any{}
	if errors.Is(err, sql.ErrNoRows) {
		return draft, nil
	}
	if err != nil {
		return nil, fmt.Errorf("centre settings draft: %w", err)
	}
	if err := json.Unmarshal([]byte(raw), &draft); err != nil {
		return map[string]any{}, nil // a damaged draft: the row stands
	}
	return draft, nil
}

// fieldsOf is c by its JSON field names (numbers as float64, as JSON decodes them).
func fieldsOf(c fieldbook.CentreSettings) map[string]any {
	m := map[string]any{}
	_ = remap(c, &m)
	return m
}

func overlay(c fieldbook.CentreSettings, draft map[string]any) (fieldbook.CentreSettings, error) {
	m := fieldsOf(c)
	for k, v := range draft {
		if _, known := m[k]; known {
			m[k] = v
		}
	}
	var out fieldbook.CentreSettings
	if err := remap(m, &out); err != nil {
		// A draft value of the wrong type (a number as text): the row stands.
		return c, nil
	}
	return out, nil
}

func remap(from, to any) error {
	raw, err := json.Marshal(from)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, to)
}

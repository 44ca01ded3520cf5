package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

// seedBuiltins stores the built-in job types and template versions: a
// built-in job type is refreshed from this version of the app unless an
// admin imported their own; a template version is stored once and never
// changes. It parses and writes only when the built-in files differ from
// those stored last (a digest kept in settings), not at every start.
func (d *DB) seedBuiltins(ctx context.Context) error {
	files := jobtype.BuiltinFiles()
	names := slices.Sorted(maps.Keys(files))
	retired := jobtype.RetiredTemplates()
	h := sha256.New()
	h.Write([]byte(mustJSON(retired)))
	for _, n := range names {
		h.Write([]byte(n))
		h.Write(files[n])
	}
	digest := mustJSON(hex.EncodeToString(h.Sum(nil)))
	var stored string
	err := d.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'builtin_job_types'`).Scan(&stored)
	if err == nil && stored == digest {
		return nil
	}
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	b := jobtype.Builtin()
	b.Templates = append(b.Templates, retired...)
	return d.tx(ctx, func(tx *sql.Tx) error {
		if err := storeBundle(ctx, tx, b, "builtin", d.Now()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ('builtin_job_types', ?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, digest, ts(d.Now()))
		return err
	})
}

func storeBundle(ctx context.Context, tx *sql.Tx, b jobtype.Bundle, source string, now time.Time) error {
	for _, t := range b.Templates {
		if _, err := tx.ExecContext(ctx, `INSERT INTO checklist_templates (key, version, definition, source, stored_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (key, version) DO NOTHING`, t.Key, t.Version, mustJSON(t), source, ts(now)); err != nil {
			return fmt.Errorf("store template %s v%d: %w", t.Key, t.Version, err)
		}
	}
	for _, jt := range b.JobTypes {
		q := `INSERT INTO job_types (key, definition, source, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET definition = excluded.definition, source = excluded.source, updated_at = excluded.updated_at`
		if source == "builtin" {
			q += ` WHERE job_types.source = 'builtin' AND job_types.definition != excluded.definition`
		}
		if _, err := tx.ExecContext(ctx, q, jt.Key, mustJSON(jt), source, ts(now)); err != nil {
			return fmt.Errorf("store job type %s: %w", jt.Key, err)
		}
	}
	return nil
}

// JobTypes lists the job types in key order.
func (d *DB) JobTypes(ctx context.Context) ([]jobtype.JobType, error) {
	rows, err := d.rdb.QueryContext(ctx, `SELECT definition FROM job_types ORDER BY key`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []jobtype.JobType
	for rows.Next() {
		var def string
		if err := rows.Scan(&def); err != nil {
			return nil, err
		}
		var jt jobtype.JobType
		if err := json.Unmarshal([]byte(def), &jt); err != nil {
			return nil, err
		}
		out = append(out, jt)
	}
	return out, rows.Err()
}

// jobType returns the job type with key; a key no longer configured reads
// as a job type with no requirements, so old jobs stay readable.
func jobType(ctx context.Context, q querier, key string) (jobtype.JobType, error) {
	var def string
	err := q.QueryRowContext(ctx, `SELECT definition FROM job_types WHERE key = ?`, key).Scan(&def)
	if err == sql.ErrNoRows {
		return jobtype.JobType{Key: key, Name: jobtype.Text{ZH: key, EN: key}}, nil
	}
	if err != nil {
		return jobtype.JobType{}, err
	}
	var jt jobtype.JobType
	return jt, json.Unmarshal([]byte(def), &jt)
}

// serviceRules are the rules the service record follows for a job type.
func serviceRules(ctx context.Context, q querier, key string) (fieldbook.JobType, error) {
	jt, err := jobType(ctx, q, key)
	return jt.Legacy(), err
}

// Template returns a stored template version.
func (d *DB) Template(ctx context.Context, key string, version int) (jobtype.Template, error) {
	return template(ctx, d.rdb, key, version)
}

func template(ctx context.Context, q querier, key string, version int) (jobtype.Template, error) {
	var def string
	err := q.QueryRowContext(ctx, `SELECT definition FROM checklist_templates WHERE key = ? AND version = ?`, key, version).Scan(&def)
	if err != nil {
		return jobtype.Template{}, noRows(err, "检查单模板", "checklist template", fmt.Sprintf("%s v%d", key, version))
	}
	var t jobtype.Template
	return t, json.Unmarshal([]byte(def), &t)
}

func latestTemplate(ctx context.Context, q querier, key string) (jobtype.Template, error) {
	var version int
	if err := q.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM checklist_templates WHERE key = ?`, key).Scan(&version); err != nil {
		return jobtype.Template{}, err
	}
	return template(ctx, q, key, version)
}

// storedTemplates are every stored template version.
func storedTemplates(ctx context.Context, q querier) ([]jobtype.Template, error) {
	rows, err := q.QueryContext(ctx, `SELECT definition FROM checklist_templates ORDER BY key, version`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []jobtype.Template
	for rows.Next() {
		var def string
		if err := rows.Scan(&def); err != nil {
			return nil, err
		}
		var t jobtype.Template
		if err := json.Unmarshal([]byte(def), &t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// ImportResult says what an import stored.
type ImportResult struct {
	JobTypes  int `json:"job_types"`
	Templates int `json:"templates"`
}

// ImportBundle checks a JSON file of job types and templates against what
// is stored and stores all of it, or nothing: the error lists every problem
// with its line.
func (d *DB) ImportBundle(ctx context.Context, data []byte) (ImportResult, error) {
	var res ImportResult
	err := d.tx(ctx, func(tx *sql.Tx) error {
		stored, err := storedTemplates(ctx, tx)
		if err != nil {
			return err
		}
		known := make([]string, 0, len(stored))
		for _, t := range stored {
			known = append(known, t.Key)
		}
		b, err := jobtype.ParseWith(data, jobtype.Options{KnownTemplates: known, Stored: stored})
		if err != nil {
			return err
		}
		res = ImportResult{JobTypes: len(b.JobTypes), Templates: len(b.Templates)}
		return storeBundle(ctx, tx, b, "import", d.Now())
	})
	return res, err
}

// ExportBundle writes every job type and the latest version of every
// template as one file an admin can edit and import again.
func (d *DB) ExportBundle(ctx context.Context) ([]byte, error) {
	var b jobtype.Bundle
	err := d.read(ctx, func(tx *sql.Tx) error {
		var err error
		if b.JobTypes, err = d.JobTypes(ctx); err != nil {
			return err
		}
		stored, err := storedTemplates(ctx, tx)
		if err != nil {
			return err
		}
		for i, t := range stored {
			if i+1 == len(stored) || stored[i+1].Key != t.Key {
				b.Templates = append(b.Templates, t)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return jobtype.Export(b)
}

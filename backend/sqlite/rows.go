package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"fieldbook/backend/canonjson"
	"fieldbook/backend/fieldbook"
)

// Times are stored as RFC 3339 text in UTC with nanoseconds, which sorts.
func ts(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func parseTS(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func tsPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return ts(*t)
}

func parseTSPtr(s sql.NullString) *time.Time {
	if !s.Valid || s.String == "" {
		return nil
	}
	t := parseTS(s.String)
	return &t
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// newMeta fills the sync columns of a row created now on this device.
func (d *DB) newMeta(now time.Time) fieldbook.Meta {
	return fieldbook.Meta{ID: newID(), CreatedAt: now, UpdatedAt: now, UpdatedBy: d.deviceID, Version: 1}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // plain data types only
	}
	return string(b)
}

// canonicalJSON is mustJSON in canonical form (keys sorted: canonjson),
// as the hub keeps JSON values — and then takes them as they come.
func canonicalJSON(v any) string {
	out, _ := canonjson.Canonical([]byte(mustJSON(v)))
	return string(out)
}

// noRows maps sql.ErrNoRows to a not-found domain error.
func noRows(err error, zh, en, id string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fieldbook.Errorf(fieldbook.ENOTFOUND, "找不到该"+zh+"。", "The "+en+" was not found: "+id+".")
	}
	return err
}

// read runs fn in a read-only transaction, so that what it reads is one snapshot.
func (d *DB) read(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := d.rdb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	return fn(tx)
}

// querier is a transaction or a pool.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// timeScanner scans stored RFC 3339 text into a time.Time.
type timeScanner struct{ t *time.Time }

func (s timeScanner) Scan(v any) error {
	switch x := v.(type) {
	case string:
		*s.t = parseTS(x)
	case []byte:
		*s.t = parseTS(string(x))
	case nil:
		*s.t = time.Time{}
	default:
		return fmt.Errorf("scan time: unexpected %T", v)
	}
	return nil
}

func scanTime(t *time.Time) timeScanner { return timeScanner{t} }

// orEmpty returns s, or an empty slice for nil, so JSON says [] and not null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// byIDs calls fn with a WHERE clause on id and its arguments for ids, 500
// at a time (a pulled page brings thousands; SQLite bounds a statement's
// parameters).
func byIDs(ids []string, fn func(where string, args []any) error) error {
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		if err := fn(`id IN (`+strings.TrimSuffix(strings.Repeat("?,", n), ",")+`)`, args); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

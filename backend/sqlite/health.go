package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// Health is what support needs to know about the store and none of what it
// holds: sizes, counts, the sync position and open issues by kind and code.
// It reads no column a user or a customer wrote.
type Health struct {
	SQLiteVersion string           `json:"sqlite_version"`
	SchemaVersion int64            `json:"schema_version"`
	DeviceID      string           `json:"device_id"`
	FileBytes     int64            `json:"file_bytes"`
	WALBytes      int64            `json:"wal_bytes"`
	PageSize      int64            `json:"page_size"`
	Pages         int64            `json:"pages"`
	FreePages     int64            `json:"free_pages"`
	Rows          map[string]int64 `json:"rows"`           // rows per table
	PendingRows   int              `json:"pending_rows"`   // rows waiting to be pushed
	OutboxEntries int64            `json:"outbox_entries"` // changes recorded for them
	ParkedRows    int64            `json:"parked_rows"`    // pulled rows waiting for their parents
	OpenIssues    map[string]int64 `json:"open_issues"`    // "conflict"/"rejected:CODE" → count
	Cursor        int64            `json:"cursor"`
	LastSyncedAt  *time.Time       `json:"last_synced_at"`
}

// healthTables are the tables counted in Health.Rows.
var healthTables = []string{
	"customers", "assets", "jobs", "visits", "signatures", "attachments", "blobs",
	"checklists", "documents", "job_events", "job_types", "checklist_templates",
}

// Health reads the store's health facts.
func (d *DB) Health(ctx context.Context) (Health, error) {
	h := Health{SQLiteVersion: sqlite3Version(), DeviceID: d.deviceID, Rows: map[string]int64{}, OpenIssues: map[string]int64{}}
	var err error
	if h.SchemaVersion, err = d.SchemaVersion(ctx); err != nil {
		return h, err
	}
	h.FileBytes = fileSize(d.path)
	h.WALBytes = fileSize(d.path + "-wal")
	for pragma, dst := range map[string]*int64{"page_size": &h.PageSize, "page_count": &h.Pages, "freelist_count": &h.FreePages} {
		if err := d.rdb.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(dst); err != nil {
			return h, fmt.Errorf("health: %s: %w", pragma, err)
		}
	}
	for _, t := range healthTables {
		var n int64
		if err := d.rdb.QueryRowContext(ctx, "SELECT count(*) FROM "+t).Scan(&n); err != nil {
			return h, fmt.Errorf("health: count %s: %w", t, err)
		}
		h.Rows[t] = n
	}
	if h.PendingRows, err = d.PendingCount(ctx); err != nil {
		return h, err
	}
	for q, dst := range map[string]*int64{
		`SELECT count(*) FROM outbox`:      &h.OutboxEntries,
		`SELECT count(*) FROM sync_parked`: &h.ParkedRows,
	} {
		if err := d.rdb.QueryRowContext(ctx, q).Scan(dst); err != nil {
			return h, fmt.Errorf("health: %w", err)
		}
	}
	rows, err := d.rdb.QueryContext(ctx, `SELECT kind, code, count(*) FROM sync_issues WHERE resolved_at IS NULL GROUP BY kind, code`)
	if err != nil {
		return h, fmt.Errorf("health: issues: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, code string
		var n int64
		if err := rows.Scan(&kind, &code, &n); err != nil {
			return h, err
		}
		if code != "" {
			kind += ":" + code
		}
		h.OpenIssues[kind] += n
	}
	if err := rows.Err(); err != nil {
		return h, err
	}
	if _, err := d.SyncState(ctx, "cursor", &h.Cursor); err != nil {
		return h, err
	}
	var last time.Time
	if ok, err := d.SyncState(ctx, "last_synced_at", &last); err != nil {
		return h, err
	} else if ok {
		h.LastSyncedAt = &last
	}
	return h, nil
}

func fileSize(path string) int64 {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) || err != nil {
		return 0
	}
	return st.Size()
}

func sqlite3Version() string {
	v, _, _ := sqlite3.Version()
	return v
}

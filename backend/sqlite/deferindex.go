package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
)

// A first sync into an empty store inserts the centre's rows page after
// page; keeping the lists' indexes (a job has eight) up to date row by row
// was half the cost of inserting a job. So the snapshot's pull drops the
// indexes that only make reads fast — not the unique ones, which a row is
// checked against — and builds them again in bulk after it: at once after
// a small pull, in the background (before the search index, StartIndexing)
// after a large one, or at the next start when the app was closed first.
// Meanwhile a list reads its table whole: slower, never wrong.

// deferredIndexesKey is the sync state holding the CREATE statements of
// the dropped indexes, until they are built again.
const deferredIndexesKey = "deferred_indexes"

// deferredIndexTables are the tables a snapshot fills.
var deferredIndexTables = []string{"customers", "assets", "jobs", "visits", "checklists", "signatures", "documents", "attachments"}

// deferIndexes drops the read indexes of the tables a snapshot fills, in
// tx, when the store holds no job (a new laptop's first sync), keeping
// their statements to build them again.
func deferIndexes(ctx context.Context, tx *sql.Tx) error {
	var hasJobs, pending bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM jobs), EXISTS (SELECT 1 FROM sync_state WHERE key = ?)`,
		deferredIndexesKey).Scan(&hasJobs, &pending); err != nil {
		return err
	}
	if hasJobs || pending {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master
		WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %'
		AND tbl_name IN (SELECT value FROM json_each(?)) ORDER BY name`, mustJSON(deferredIndexTables))
	if err != nil {
		return err
	}
	var names, stmts []string
	for rows.Next() {
		var name, stmt string
		if err := rows.Scan(&name, &stmt); err != nil {
			rows.Close()
			return err
		}
		names, stmts = append(names, name), append(stmts, stmt)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(stmts) == 0 {
		return err
	}
	if err := setState(ctx, tx, deferredIndexesKey, stmts); err != nil {
		return err
	}
	for _, name := range names {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+strings.ReplaceAll(name, `"`, `""`)+`"`); err != nil {
			return fmt.Errorf("defer index %s: %w", name, err)
		}
	}
	return nil
}

// BuildDeferredIndexes builds the indexes a snapshot's pull dropped, one a
// transaction, each struck from the list in the transaction that builds
// it: a user's save waits for one index, not for all, and a build cut
// short goes on where it stopped. With none waiting it only reads.
func (d *DB) BuildDeferredIndexes(ctx context.Context) error {
	var raw string
	err := d.db.QueryRowContext(ctx, `SELECT value FROM sync_state WHERE key = ?`, deferredIndexesKey).Scan(&raw)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return err
	}
	for done := false; !done; {
		err := d.tx(ctx, func(tx *sql.Tx) error {
			var stmts []string
			if err := tx.QueryRowContext(ctx, `SELECT value FROM sync_state WHERE key = ?`, deferredIndexesKey).Scan(&raw); err != nil {
				done = true
				return noRowsOK(err)
			}
			if err := json.Unmarshal([]byte(raw), &stmts); err != nil {
				return err
			}
			if len(stmts) > 0 {
				if _, err := tx.ExecContext(ctx, stmts[0]); err != nil {
					return fmt.Errorf("build deferred index: %w", err)
				}
			}
			if len(stmts) > 1 {
				return setState(ctx, tx, deferredIndexesKey, stmts[1:])
			}
			done = true
			_, err := tx.ExecContext(ctx, `DELETE FROM sync_state WHERE key = ?`, deferredIndexesKey)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// quietTriggers drops, in tx, the outbox's insert triggers of the tables a
// snapshot fills while a snapshot's pull is underway (its indexes are
// deferred): a pulled page is applied with applying = 1, so they record
// nothing, yet each still ran for every row inserted. restore creates them
// again, in the same transaction: no commit ever leaves them dropped.
func quietTriggers(ctx context.Context, tx *sql.Tx) (restore func() error, err error) {
	restore = func() error { return nil }
	var snapshot bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sync_state WHERE key = ?)`, deferredIndexesKey).Scan(&snapshot); err != nil || !snapshot {
		return restore, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master
		WHERE type = 'trigger' AND name GLOB '*_outbox_insert' AND tbl_name IN (SELECT value FROM json_each(?)) ORDER BY name`,
		mustJSON(deferredIndexTables))
	if err != nil {
		return restore, err
	}
	var names, stmts []string
	for rows.Next() {
		var name, stmt string
		if err := rows.Scan(&name, &stmt); err != nil {
			rows.Close()
			return restore, err
		}
		names, stmts = append(names, name), append(stmts, stmt)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return restore, err
	}
	for _, name := range names {
		if _, err := tx.ExecContext(ctx, `DROP TRIGGER "`+strings.ReplaceAll(name, `"`, `""`)+`"`); err != nil {
			return restore, err
		}
	}
	return func() error {
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return fmt.Errorf("restore trigger: %w", err)
			}
		}
		return nil
	}, nil
}

package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// ErrPostgresBackup is returned by Backup on PostgreSQL: its backups are
// pg_dump's (docs/hub-operations.md).
var ErrPostgresBackup = errors.New("a PostgreSQL hub is backed up with pg_dump, not by the hub")

// BackupInfo describes a finished backup.
type BackupInfo struct {
	Path     string
	Bytes    int64
	Pages    int
	Duration time.Duration
}

// Backup writes a consistent copy of the SQLite hub to path while the hub
// keeps serving: SQLite's online backup API copies one snapshot of the
// database from a read transaction, and in WAL mode writers go on
// meanwhile. The copy is written beside path, synced, checked
// (quick_check) and renamed into place, so path is never half-written.
func (d *DB) Backup(ctx context.Context, path string) (BackupInfo, error) {
	if d.postgres {
		return BackupInfo{}, ErrPostgresBackup
	}
	start := time.Now()
	tmp := path + ".partial"
	_ = os.Remove(tmp)
	info, err := d.backupTo(ctx, tmp)
	if err == nil {
		// The copy begins an epoch of its own once restored (epoch.go).
		err = markCopy(ctx, tmp)
	}
	if err == nil {
		err = checkCopy(ctx, tmp)
	}
	if err == nil {
		err = syncFile(tmp)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return BackupInfo{}, fmt.Errorf("backup to %s: %w", path, err)
	}
	if dir, err := os.Open(filepath.Dir(path)); err == nil {
		_ = dir.Sync()
		dir.Close()
	}
	st, err := os.Stat(path)
	if err != nil {
		return BackupInfo{}, err
	}
	info.Path, info.Bytes, info.Duration = path, st.Size(), time.Since(start)
	return info, nil
}

func (d *DB) backupTo(ctx context.Context, tmp string) (BackupInfo, error) {
	var info BackupInfo
	conn, err := d.r.Conn(ctx)
	if err != nil {
		return info, err
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		src, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("backup: unexpected driver connection %T", dc)
		}
		dst, err := (&sqlite3.SQLiteDriver{}).Open(tmp)
		if err != nil {
			return err
		}
		defer dst.Close()
		b, err := dst.(*sqlite3.SQLiteConn).Backup("main", src, "main")
		if err != nil {
			return err
		}
		// One step of every page: one read transaction, one snapshot.
		done, err := b.Step(-1)
		info.Pages = b.PageCount()
		if ferr := b.Finish(); err == nil {
			err = ferr
		}
		if err == nil && !done {
			err = errors.New("backup: the copy did not complete")
		}
		return err
	})
	return info, err
}

func checkCopy(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&res); err != nil {
		return err
	}
	if res != "ok" {
		return fmt.Errorf("the copy fails quick_check: %s", res)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// CheckReport is what Check found.
type CheckReport struct {
	Store         string         // sqlite | postgres
	SchemaVersion int64          // applied
	SchemaTarget  int64          // the newest this hub knows
	Integrity     []string       // SQLite integrity_check and foreign_key_check findings; none when sound
	Rows          map[string]int // rows per synced table (tombstones included)
	Devices       int
}

// OK reports whether the database is sound and its schema current.
func (r CheckReport) OK() bool {
	return len(r.Integrity) == 0 && r.SchemaVersion == r.SchemaTarget
}

// Check examines the hub database without changing it: on SQLite its
// integrity and foreign keys, on both its schema version and what it holds.
func (d *DB) Check(ctx context.Context) (CheckReport, error) {
	rep := CheckReport{Store: "sqlite", Rows: map[string]int{}}
	if d.postgres {
		rep.Store = "postgres"
	} else {
		for _, q := range []string{`PRAGMA integrity_check`, `PRAGMA foreign_key_check`} {
			rows, err := d.r.QueryContext(ctx, q)
			if err != nil {
				return rep, fmt.Errorf("check: %w", err)
			}
			cols, _ := rows.Columns()
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					rows.Close()
					return rep, err
				}
				if line := fmt.Sprint(vals...); !(len(vals) == 1 && line == "ok") {
					rep.Integrity = append(rep.Integrity, q+": "+line)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return rep, err
			}
		}
	}
	p, err := d.provider()
	if err != nil {
		return rep, err
	}
	if rep.SchemaVersion, rep.SchemaTarget, err = p.GetVersions(ctx); err != nil {
		return rep, fmt.Errorf("check: schema version: %w", err)
	}
	rows, err := d.r.QueryContext(ctx, `SELECT tbl, count(*) FROM hub_rows GROUP BY tbl ORDER BY tbl`)
	if err != nil {
		return rep, fmt.Errorf("check: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		var n int
		if err := rows.Scan(&t, &n); err != nil {
			return rep, err
		}
		rep.Rows[t] = n
	}
	if err := rows.Err(); err != nil {
		return rep, err
	}
	if err := d.r.QueryRowContext(ctx, `SELECT count(*) FROM hub_devices`).Scan(&rep.Devices); err != nil {
		return rep, fmt.Errorf("check: %w", err)
	}
	return rep, nil
}

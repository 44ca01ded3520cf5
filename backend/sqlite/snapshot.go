package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"fieldbook/backend/fieldbook"
)

// Snapshots are whole, consistent copies of the local database in the data
// directory's snapshots folder, taken with SQLite's online backup API while
// the app works: daily, before every migration, before a restore, and when
// the user asks. The newest KeepSnapshots are kept.
const SnapshotDir = "snapshots"

// KeepSnapshots is how many snapshots are kept.
const KeepSnapshots = 10

// Snapshot reasons.
const (
	SnapshotDaily     = "daily"
	SnapshotMigration = "migration"
	SnapshotRestore   = "restore" // taken before a restore, so it can be undone
	SnapshotManual    = "manual"
)

// Snapshot is one snapshot file.
type Snapshot struct {
	Name   string    `json:"name"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
	Bytes  int64     `json:"bytes"`
}

const snapshotTime = "20060102-150405.000"

// Snapshots lists the snapshots in the data directory dir, newest first.
// It needs no open store: the way out of a damaged database uses it.
func Snapshots(dir string) ([]Snapshot, error) {
	entries, err := os.ReadDir(filepath.Join(dir, SnapshotDir))
	if errors.Is(err, os.ErrNotExist) {
		return []Snapshot{}, nil
	}
	if err != nil {
		return nil, err
	}
	out := []Snapshot{}
	for _, e := range entries {
		s, ok := parseSnapshotName(e.Name())
		if !ok || e.IsDir() {
			continue
		}
		if info, err := e.Info(); err == nil {
			s.Bytes = info.Size()
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out, nil
}

// parseSnapshotName reads fieldbook-<UTC time>-<reason>.db.
func parseSnapshotName(name string) (Snapshot, bool) {
	rest, ok := strings.CutPrefix(name, "fieldbook-")
	if !ok || !strings.HasSuffix(rest, ".db") || len(rest) < len(snapshotTime)+5 {
		return Snapshot{}, false
	}
	at, err := time.Parse(snapshotTime, rest[:len(snapshotTime)])
	if err != nil || rest[len(snapshotTime)] != '-' {
		return Snapshot{}, false
	}
	return Snapshot{Name: name, Reason: strings.TrimSuffix(rest[len(snapshotTime)+1:], ".db"), At: at}, true
}

// TakeSnapshot copies the database into the snapshots folder while it stays
// in use, and drops the oldest snapshots beyond KeepSnapshots.
func (d *DB) TakeSnapshot(ctx context.Context, reason string) (Snapshot, error) {
	src := d.rdb
	if src == nil { // still opening: before a migration
		src = d.db
	}
	s, err := snapshotFrom(ctx, src, filepath.Dir(d.path), reason, d.Now())
	if err != nil {
		return s, fieldbook.Wrap(err, fieldbook.EIO, "无法保存数据库快照，请检查磁盘空间。", "Cannot save a snapshot of the database. Check the free disk space.")
	}
	return s, nil
}

// SnapshotIfDue takes a daily snapshot when the newest snapshot is older
// than every (or there is none).
func (d *DB) SnapshotIfDue(ctx context.Context, every time.Duration) (Snapshot, bool, error) {
	list, err := Snapshots(filepath.Dir(d.path))
	if err != nil {
		return Snapshot{}, false, err
	}
	if len(list) > 0 && d.Now().Sub(list[0].At) < every {
		return list[0], false, nil
	}
	s, err := d.TakeSnapshot(ctx, SnapshotDaily)
	return s, err == nil, err
}

func snapshotFrom(ctx context.Context, db *sql.DB, dataDir, reason string, now time.Time) (Snapshot, error) {
	dir := filepath.Join(dataDir, SnapshotDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Snapshot{}, err
	}
	s := Snapshot{Name: "fieldbook-" + now.UTC().Format(snapshotTime) + "-" + reason + ".db", Reason: reason, At: now.UTC().Truncate(time.Millisecond)}
	path := filepath.Join(dir, s.Name)
	tmp := path + ".partial"
	_ = os.Remove(tmp)
	err := copyDatabase(ctx, db, tmp, false)
	if err == nil {
		err = syncPath(tmp)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return s, fmt.Errorf("snapshot: %w", err)
	}
	if st, err := os.Stat(path); err == nil {
		s.Bytes = st.Size()
	}
	return s, pruneSnapshots(dataDir)
}

func pruneSnapshots(dataDir string) error {
	list, err := Snapshots(dataDir)
	if err != nil {
		return err
	}
	for _, s := range list[min(len(list), KeepSnapshots):] {
		if err := os.Remove(filepath.Join(dataDir, SnapshotDir, s.Name)); err != nil {
			return err
		}
	}
	return nil
}

// copyDatabase copies between the database behind db and the file path
// with SQLite's online backup API, in one step (one read snapshot of the
// source). into false: db → path; into true: path → db (a restore).
func copyDatabase(ctx context.Context, db *sql.DB, path string, into bool) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		live, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("snapshot: unexpected driver connection %T", dc)
		}
		fc, err := (&sqlite3.SQLiteDriver{}).Open(path)
		if err != nil {
			return err
		}
		defer fc.Close()
		file := fc.(*sqlite3.SQLiteConn)
		src, dst := live, file
		if into {
			src, dst = file, live
		}
		b, err := dst.Backup("main", src, "main")
		if err != nil {
			return err
		}
		done, err := b.Step(-1)
		if ferr := b.Finish(); err == nil {
			err = ferr
		}
		if err == nil && !done {
			err = errors.New("the copy did not complete")
		}
		return err
	})
}

func syncPath(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	return errors.Join(err, f.Close())
}

// checkFile runs PRAGMA quick_check on the database file at path.
func checkFile(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite3", fileURI(path)+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	return quickCheck(ctx, db)
}

// quickCheck runs PRAGMA quick_check: an error when it finds damage.
func quickCheck(ctx context.Context, db querier) error {
	problems, err := quickCheckReport(ctx, db)
	if err == nil && len(problems) > 0 {
		err = errDamaged(problems)
	}
	return err
}

// RestoreSnapshot replaces the database's content with the snapshot name,
// in place and while open: first a snapshot of the current state (reason
// restore, so the restore can be undone), then the copy, then the
// migrations a snapshot from an older release needs. Work synced to the hub
// after the snapshot comes back with the next sync; local work that was
// not is in the restore snapshot.
func (d *DB) RestoreSnapshot(ctx context.Context, name string) (Snapshot, error) {
	path, err := snapshotPath(filepath.Dir(d.path), name)
	if err != nil {
		return Snapshot{}, err
	}
	if err := checkFile(ctx, path); err != nil {
		return Snapshot{}, fieldbook.Wrap(err, fieldbook.ECORRUPT, "快照 "+name+" 已损坏，无法恢复。请选择另一个快照。",
			"The snapshot "+name+" is damaged and cannot be restored. Choose another one.")
	}
	undo, err := d.TakeSnapshot(ctx, SnapshotRestore)
	if err != nil {
		return Snapshot{}, err
	}
	if err := copyDatabase(ctx, d.db, path, true); err != nil {
		return undo, fieldbook.Wrap(err, fieldbook.EIO, "恢复快照失败，数据库未改变。", "Restoring the snapshot failed; the database is unchanged.")
	}
	if err := d.migrate(ctx); err != nil {
		return undo, err
	}
	return undo, nil
}

func snapshotPath(dataDir, name string) (string, error) {
	if _, ok := parseSnapshotName(name); !ok || filepath.Base(name) != name {
		return "", fieldbook.Errorf(fieldbook.ENOTFOUND, "没有这个快照："+name, "No such snapshot: "+name)
	}
	path := filepath.Join(dataDir, SnapshotDir, name)
	if _, err := os.Stat(path); err != nil {
		return "", fieldbook.Errorf(fieldbook.ENOTFOUND, "没有这个快照："+name, "No such snapshot: "+name)
	}
	return path, nil
}

// RestoreDamaged is the way out when the database fails its check at
// start: the damaged file is kept beside it (renamed, with its WAL) and the
// snapshot name is copied into its place. Run it with the store closed.
func RestoreDamaged(ctx context.Context, dataDir, name string) (kept string, err error) {
	src, err := snapshotPath(dataDir, name)
	if err != nil {
		return "", err
	}
	if err := checkFile(ctx, src); err != nil {
		return "", fieldbook.Wrap(err, fieldbook.ECORRUPT, "快照 "+name+" 也已损坏。", "The snapshot "+name+" is damaged too.")
	}
	db := filepath.Join(dataDir, DBFile)
	kept = db + ".damaged-" + time.Now().UTC().Format("20060102-150405")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Rename(db+suffix, kept+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return kept, err
	}
	if err := os.WriteFile(db+".partial", data, 0o600); err != nil {
		return kept, err
	}
	if err := syncPath(db + ".partial"); err != nil {
		return kept, err
	}
	return kept, os.Rename(db+".partial", db)
}

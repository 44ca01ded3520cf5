// Package sqlite is the desktop's local store: one SQLite database in the data
// directory, opened in WAL mode with foreign keys and a busy timeout, its
// schema brought up to date by embedded migrations at every start.
package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/gofrs/flock"
	sqlite3 "github.com/mattn/go-sqlite3"
	"github.com/pressly/goose/v3"

	"fieldbook/backend/fieldbook"
)

// File names inside the data directory.
const (
	DBFile   = "fieldbook.db"
	LockFile = "fieldbook.lock"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the open local store. One process holds it at a time.
type DB struct {
	db         *sql.DB // writes: one connection, transactions begin IMMEDIATE
	rdb        *sql.DB // reads: a pool of query-only connections, never blocked by the writer (WAL)
	lock       *flock.Flock
	path       string
	deviceID   string
	deviceCode string // short code in job numbers
	check      checkState
	search     indexer      // the background build of deferred search indexes
	checkpoint checkpointer // the log of a pulled page, copied in the background

	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// Open opens (creating if needed) the store in dir and migrates it. It never
// deletes, truncates or rewrites an existing file it cannot use: it returns a
// *fieldbook.Error whose code says why (ELOCKED, ECORRUPT, EIO, ECONFLICT).
func Open(ctx context.Context, dir string) (*DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fieldbook.Wrap(err, fieldbook.EIO,
			"无法创建数据目录 "+dir+"，请检查磁盘空间和权限。",
			"Cannot create the data directory "+dir+". Check disk space and permissions.")
	}
	lock := flock.New(filepath.Join(dir, LockFile))
	ok, err := lock.TryLock()
	if err != nil {
		return nil, fieldbook.Wrap(err, fieldbook.EIO,
			"无法在数据目录 "+dir+" 中创建锁文件，请检查磁盘空间和权限。",
			"Cannot create the lock file in the data directory "+dir+". Check disk space and permissions.")
	}
	if !ok {
		return nil, fieldbook.Errorf(fieldbook.ELOCKED,
			"现场服务记录已在运行，并且正在使用数据目录 "+dir+"。请切换到已打开的窗口，或先关闭它。",
			"Fieldbook is already running and using the data directory "+dir+". Switch to the open window, or close it first.")
	}
	d, err := open(ctx, filepath.Join(dir, DBFile))
	if err != nil {
		_ = lock.Unlock()
		return nil, err
	}
	d.lock = lock
	return d, nil
}

// driverName is mattn/go-sqlite3 with the settings the DSN cannot carry:
// statement journals (every insert that fires a trigger writes one) are
// kept in memory, not in a temporary file.
var driverName = "sqlite3_fieldbook" // a variable: the query-plan test records every statement through its own

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: connectHook})
}

// connectHook sets up each connection: statement journals in memory, and
// the functions the migrations call to pack and unpack signature strokes.
func connectHook(c *sqlite3.SQLiteConn) error {
	if _, err := c.Exec("PRAGMA temp_store = MEMORY", nil); err != nil {
		return err
	}
	if err := c.RegisterFunc("fieldbook_pack_strokes", func(text string) []byte { return packStrokes(text) }, true); err != nil {
		return err
	}
	return c.RegisterFunc("fieldbook_unpack_strokes", func(stored []byte) string { return unpackStrokes(stored) }, true)
}

func open(ctx context.Context, path string) (*DB, error) {
	// synchronous=FULL: a commit is on disk before it is acknowledged, so
	// an autosave the user saw survives a power cut, not just a crash.
	// The writer keeps a 64 MiB page cache (a first sync writes through
	// it); each reader 16 MiB, and a reader idle for 30 s is closed with its
	// cache (the background integrity check reads every page of the store
	// through one: at 100k jobs its cache alone was 64 MiB for good).
	const pragmas = "_journal_mode=WAL&_busy_timeout=5000&_foreign_keys=on&_synchronous=FULL&_stmt_cache_size=128&_mutex=no"
	db, err := sql.Open(driverName, fileURI(path)+"?"+pragmas+"&_cache_size=-65536&_txlock=immediate")
	if err != nil {
		return nil, classify(err, path)
	}
	db.SetMaxOpenConns(1)
	d := &DB{db: db, path: path, Now: time.Now}
	d.search.ctx, d.search.stop = context.WithCancel(context.Background())
	if err := d.migrate(ctx); err != nil {
		_ = db.Close()
		return nil, classify(err, path)
	}
	if d.rdb, err = sql.Open(driverName, fileURI(path)+"?"+pragmas+"&_cache_size="+readerCache+"&_query_only=1"); err != nil {
		_ = db.Close()
		return nil, classify(err, path)
	}
	d.rdb.SetConnMaxIdleTime(30 * time.Second)
	// A search index build cut short (the app closed during it) goes on.
	if indexing, _, _, err := d.SearchIndexing(ctx); err == nil && indexing {
		d.StartIndexing()
	}
	return d, nil
}

// migrate refuses a database written by a newer Fieldbook, then applies
// every pending migration, each in its own transaction.
func (d *DB) migrate(ctx context.Context) error {
	if err := d.db.PingContext(ctx); err != nil {
		return err
	}
	p, err := d.provider()
	if err != nil {
		return err
	}
	current, target, err := p.GetVersions(ctx)
	if err != nil {
		return err
	}
	if current > target {
		return fieldbook.Errorf(fieldbook.ECONFLICT,
			fmt.Sprintf("数据库 %s 由更新版本的现场服务记录创建（结构版本 %d，本程序支持到 %d）。请安装最新版本。", d.path, current, target),
			fmt.Sprintf("The database %s was written by a newer Fieldbook (schema %d; this one knows up to %d). Install the latest version.", d.path, current, target))
	}
	if current > 0 && current < target {
		// A migration rewrites tables: only on a sound file, and only
		// after a snapshot. The check reads every page (seconds to tens of
		// seconds at full size), once per upgrade; at every other start it
		// runs in the background (CheckIntegrity).
		if err := quickCheck(ctx, d.db); err != nil {
			return damaged(d.path, err)
		}
		if _, err := snapshotFrom(ctx, d.db, filepath.Dir(d.path), SnapshotMigration, d.Now()); err != nil {
			return fmt.Errorf("snapshot before migrating: %w", err)
		}
	}
	// Indexes a first sync cut short left to build: the migrations expect them.
	if ok, err := hasTable(ctx, d.db, "sync_state"); err != nil {
		return err
	} else if ok {
		if err := d.BuildDeferredIndexes(ctx); err != nil {
			return err
		}
	}
	if _, err = p.Up(ctx); err != nil {
		return err
	}
	if err := d.ensureOutboxTriggers(ctx); err != nil {
		return err
	}
	if err := d.rebuildSearch(ctx); err != nil {
		return err
	}
	if err := d.ensureDevice(ctx); err != nil {
		return err
	}
	if err := d.seedBuiltins(ctx); err != nil {
		return err
	}
	d.deviceID, d.deviceCode, err = d.device(ctx)
	return err
}

func (d *DB) provider() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(goose.DialectSQLite3, d.db, sub)
}

// SchemaVersion is the version of the last migration applied.
func (d *DB) SchemaVersion(ctx context.Context) (int64, error) {
	p, err := d.provider()
	if err != nil {
		return 0, err
	}
	return p.GetDBVersion(ctx)
}

// Path is the database file.
func (d *DB) Path() string { return d.path }

// Close closes the database and releases the data directory.
func (d *DB) Close() error {
	d.stopSearchIndex()
	d.checkpoint.wg.Wait()
	err := errors.Join(d.rdb.Close(), d.db.Close())
	if d.lock != nil {
		if uerr := d.lock.Unlock(); err == nil {
			err = uerr
		}
	}
	return err
}

// damaged is the error of a database that fails its check at start, with
// the way out: the newest snapshot and how to restore it.
func damaged(path string, cause error) error {
	zh := "数据库 " + path + " 已损坏或不是本程序的数据库。程序没有修改它。"
	en := "The database " + path + " is damaged or is not a Fieldbook database. It was left untouched. "
	if list, err := Snapshots(filepath.Dir(path)); err == nil && len(list) > 0 {
		s := list[0]
		at := s.At.Local().Format("2006-01-02 15:04")
		zh += "最新的快照是 " + s.Name + "（" + at + "）：可在下方选择快照恢复（或运行 fieldbook --restore-snapshot " + s.Name +
			"）；损坏的文件会被保留。快照之后尚未同步到服务器的工作会丢失。"
		en += "The newest snapshot is " + s.Name + " (" + at + "): restore a snapshot below (or run fieldbook --restore-snapshot " + s.Name +
			"); the damaged file is kept. Work after the snapshot that was not synced to the hub is lost."
	} else {
		zh += "没有可用的快照：请联系管理员，从服务器重新同步。"
		en += "There is no snapshot: ask your administrator, and sync again from the hub."
	}
	return fieldbook.Wrap(cause, fieldbook.ECORRUPT, zh, en)
}

// classify turns an error from opening or migrating the database into a
// domain error the user can act on.
func classify(err error, path string) error {
	var fe *fieldbook.Error
	if errors.As(err, &fe) {
		return err
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrNotADB, sqlite3.ErrCorrupt:
			return damaged(path, err)
		case sqlite3.ErrFull:
			return fieldbook.Wrap(err, fieldbook.EIO,
				"磁盘已满，无法打开数据库 "+path+"。请释放磁盘空间后重试。",
				"The disk is full; cannot open the database "+path+". Free some space and try again.")
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return fieldbook.Wrap(err, fieldbook.ELOCKED,
				"数据库 "+path+" 正被其他程序使用，请关闭后重试。",
				"The database "+path+" is in use by another program. Close it and try again.")
		case sqlite3.ErrCantOpen, sqlite3.ErrPerm, sqlite3.ErrReadonly, sqlite3.ErrIoErr, sqlite3.ErrAuth:
			return fieldbook.Wrap(err, fieldbook.EIO,
				"无法读写数据库 "+path+"，请检查文件权限和磁盘。",
				"Cannot read or write the database "+path+". Check the file's permissions and the disk.")
		}
	}
	return fieldbook.Wrap(err, fieldbook.EINTERNAL,
		"无法打开数据库 "+path+"。",
		"Cannot open the database "+path+".")
}

// refetchableTx runs fn like tx, for writes that can be made again (a
// pulled page with its cursor, which the hub still holds; a batch of demo
// data): its commit does not wait for the disk (synchronous=NORMAL). A power
// cut can undo such a commit whole, never a part of it, and the next pull
// fetches the page again; the next commit of the user's own writes (FULL)
// makes it durable too.
func (d *DB) refetchableTx(ctx context.Context, fn func(*sql.Tx) error) (err error) {
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0`); err != nil {
		return err
	}
	defer func() {
		if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 1000`); rerr != nil {
			// Never hand the connection back with lighter commits.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
			err = errors.Join(err, rerr)
		}
	}()
	if err := inTx(ctx, conn, fn); err != nil {
		return err
	}
	d.checkpoint.soon(d.rdb)
	return nil
}

// checkpointer copies the log of refetchable writes into the database in
// the background, on a reader connection, while the next page is written.
// The writer's own checkpoint, after every 4 MB of log (a first sync
// writes 350 MB), would copy and wait for the disk twice in the middle of
// the pull; it is off during such writes. A checkpoint that cannot finish
// (a reader on an older snapshot) is left to the writer's next one.
type checkpointer struct {
	mu      sync.Mutex
	running bool
	again   bool // asked again while running
	wg      sync.WaitGroup
}

// soon starts a passive checkpoint of db's log, or another once the
// running one ends.
func (c *checkpointer) soon(db *sql.DB) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running {
		c.again = true
		return
	}
	c.running = true
	c.wg.Go(func() {
		for {
			_, _ = db.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
			c.mu.Lock()
			if !c.again {
				c.running = false
				c.mu.Unlock()
				return
			}
			c.again = false
			c.mu.Unlock()
		}
	})
}

// tx runs fn in a write transaction and commits it when fn returns nil.
func (d *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	return inTx(ctx, d.db, fn)
}

// inTx runs fn in a transaction begun on db (the pool or one connection)
// and commits it when fn returns nil.
func inTx(ctx context.Context, db interface {
	BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
}, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

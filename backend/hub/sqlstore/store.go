// Package sqlstore holds the hub's storage, hub.Store, on SQLite (the
// default, one file) and on PostgreSQL (for several hub processes). Both
// run the same SQL, written with $n placeholders; each has its own embedded
// migrations.
package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	sqlite3 "github.com/mattn/go-sqlite3"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/hub"
)

//go:embed migrations
var migrations embed.FS

// DB is a hub.Store on SQLite or PostgreSQL.
type DB struct {
	w        *sql.DB // writes (SQLite: one connection, BEGIN IMMEDIATE)
	r        *sql.DB // reads (SQLite: a pool of query-only connections)
	postgres bool
}

var _ hub.Store = (*DB)(nil)

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens a PostgreSQL URL or, for anything else, a SQLite file path. It
// does not migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if IsPostgres(dsn) {
		return OpenPostgres(ctx, dsn)
	}
	return OpenSQLite(ctx, dsn)
}

// OpenSQLite opens (creating) the SQLite database file at path.
func OpenSQLite(ctx context.Context, path string) (*DB, error) {
	const pragmas = "_journal_mode=WAL&_busy_timeout=10000&_foreign_keys=on&_synchronous=FULL&_stmt_cache_size=128&_mutex=no"
	w, err := sql.Open("sqlite3", "file:"+path+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	if err := w.PingContext(ctx); err != nil {
		_ = w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	r, err := sql.Open("sqlite3", "file:"+path+"?"+pragmas+"&_query_only=1")
	if err != nil {
		_ = w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	return &DB{w: w, r: r}, nil
}

// OpenPostgres opens the PostgreSQL database at url (pgx).
func OpenPostgres(ctx context.Context, url string) (*DB, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(8)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	return &DB{w: db, r: db, postgres: true}, nil
}

// Close closes the database.
func (d *DB) Close() error {
	if d.postgres {
		return d.w.Close()
	}
	return errors.Join(d.r.Close(), d.w.Close())
}

func (d *DB) provider() (*goose.Provider, error) {
	dir, dialect := "migrations/sqlite", goose.DialectSQLite3
	var opts []goose.ProviderOption
	if d.postgres {
		dir, dialect = "migrations/postgres", goose.DialectPostgres
		// Hub processes starting together take turns.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(dialect, d.w, sub, opts...)
}

// Migrate applies pending migrations, each in its own transaction, and
// refuses a database written by a newer hub.
func (d *DB) Migrate(ctx context.Context) error {
	p, err := d.provider()
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	current, target, err := p.GetVersions(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if current > target {
		return fieldbook.Errorf(fieldbook.ECONFLICT,
			fmt.Sprintf("数据库由更新版本的同步服务器创建（结构版本 %d，本程序支持到 %d）。", current, target),
			fmt.Sprintf("The database was written by a newer hub (schema %d; this one knows up to %d).", current, target))
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return d.startEpoch(ctx)
}

var placeholder = regexp.MustCompile(`\$(\d+)`)

// sqliteQueries caches q's rewrites: the hub asks the same few hundred
// queries (multi-row ones by row count) again and again.
var sqliteQueries sync.Map

// q adapts a query written with $n placeholders to the database.
func (d *DB) q(query string) string {
	if d.postgres {
		return query
	}
	if q, ok := sqliteQueries.Load(query); ok {
		return q.(string)
	}
	q := placeholder.ReplaceAllString(query, "?$1")
	sqliteQueries.Store(query, q)
	return q
}

const timeFormat = "2006-01-02T15:04:05.000000000Z"

func fmtTime(t time.Time) string { return t.UTC().Format(timeFormat) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeFormat, s)
	return t
}

func parseNullTime(s sql.NullString) *time.Time {
	if !s.Valid {
		return nil
	}
	t := parseTime(s.String)
	return &t
}

func isUniqueViolation(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// tx runs fn in a transaction on the write pool.
func (d *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := d.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// AddUser creates a user.
func (d *DB) AddUser(ctx context.Context, u hub.User) error {
	_, err := d.w.ExecContext(ctx, d.q(`INSERT INTO hub_users (name, role, centre, created_at, display_name, employee_no) VALUES ($1, $2, $3, $4, $5, $6)`),
		u.Name, u.Role, u.Centre, fmtTime(u.CreatedAt), u.DisplayName, u.EmployeeNo)
	if isUniqueViolation(err) {
		return fieldbook.Errorf(fieldbook.ECONFLICT, "用户“"+u.Name+"”已存在。", "The user "+u.Name+" already exists.")
	}
	if err != nil {
		return fmt.Errorf("add user: %w", err)
	}
	return nil
}

// User returns the user called name.
func (d *DB) User(ctx context.Context, name string) (hub.User, error) {
	var u hub.User
	var created string
	err := d.r.QueryRowContext(ctx, d.q(`SELECT name, role, centre, created_at, display_name, employee_no FROM hub_users WHERE name = $1`), name).
		Scan(&u.Name, &u.Role, &u.Centre, &created, &u.DisplayName, &u.EmployeeNo)
	if errors.Is(err, sql.ErrNoRows) {
		return hub.User{}, fieldbook.Errorf(fieldbook.ENOTFOUND, "没有用户“"+name+"”。", "There is no user "+name+".")
	}
	if err != nil {
		return hub.User{}, fmt.Errorf("get user: %w", err)
	}
	u.CreatedAt = parseTime(created)
	return u, nil
}

// SetUserProfile sets the user's display name and employee number.
func (d *DB) SetUserProfile(ctx context.Context, name, displayName, employeeNo string) error {
	res, err := d.w.ExecContext(ctx, d.q(`UPDATE hub_users SET display_name = $2, employee_no = $3 WHERE name = $1`), name, displayName, employeeNo)
	if err != nil {
		return fmt.Errorf("set user profile: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fieldbook.Errorf(fieldbook.ENOTFOUND, "没有用户“"+name+"”。", "There is no user "+name+".")
	}
	return nil
}

// AddEnrolCode stores a one-time enrolment code (hashed).
func (d *DB) AddEnrolCode(ctx context.Context, c hub.EnrolCode) error {
	_, err := d.w.ExecContext(ctx, d.q(`INSERT INTO hub_enrol_codes (code_hash, user_name, expires_at, created_at) VALUES ($1, $2, $3, $4)`),
		c.CodeHash, c.User, fmtTime(c.ExpiresAt), fmtTime(c.CreatedAt))
	if err != nil {
		return fmt.Errorf("add enrol code: %w", err)
	}
	return nil
}

// Enrol consumes the code and creates the device in one transaction.
func (d *DB) Enrol(ctx context.Context, codeHash string, dev hub.Device, now time.Time) (hub.User, error) {
	var u hub.User
	err := d.tx(ctx, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, d.q(`UPDATE hub_enrol_codes SET used_at = $2, device_id = $3
			WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_name`),
			codeHash, fmtTime(now), dev.ID).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return fieldbook.Errorf(fieldbook.ENOTFOUND,
				"登记码无效、已使用或已过期，请向管理员索取新的登记码。",
				"The enrolment code is wrong, already used or expired. Ask your administrator for a new one.")
		}
		if err != nil {
			return err
		}
		var created string
		if err := tx.QueryRowContext(ctx, d.q(`SELECT name, role, centre, created_at, display_name, employee_no FROM hub_users WHERE name = $1`), name).
			Scan(&u.Name, &u.Role, &u.Centre, &created, &u.DisplayName, &u.EmployeeNo); err != nil {
			return err
		}
		u.CreatedAt = parseTime(created)
		_, err = tx.ExecContext(ctx, d.q(`INSERT INTO hub_devices (id, user_name, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)`),
			dev.ID, name, dev.Name, dev.TokenHash, fmtTime(dev.CreatedAt))
		return err
	})
	if err != nil {
		if fieldbook.ErrorCode(err) != fieldbook.EINTERNAL {
			return hub.User{}, err
		}
		return hub.User{}, fmt.Errorf("enrol: %w", err)
	}
	return u, nil
}

const deviceCols = `d.id, d.user_name, d.name, d.token_hash, d.created_at, d.revoked_at`

func scanDevice(sc interface{ Scan(...any) error }, extra ...any) (hub.Device, error) {
	var dev hub.Device
	var created string
	var revoked sql.NullString
	err := sc.Scan(append([]any{&dev.ID, &dev.User, &dev.Name, &dev.TokenHash, &created, &revoked}, extra...)...)
	dev.CreatedAt = parseTime(created)
	dev.RevokedAt = parseNullTime(revoked)
	return dev, err
}

// DeviceByToken returns the device whose token hashes to tokenHash, and its user.
func (d *DB) DeviceByToken(ctx context.Context, tokenHash string) (hub.Device, hub.User, error) {
	var u hub.User
	var created string
	dev, err := scanDevice(d.r.QueryRowContext(ctx, d.q(`SELECT `+deviceCols+`, u.name, u.role, u.centre, u.created_at, u.display_name, u.employee_no
		FROM hub_devices d JOIN hub_users u ON u.name = d.user_name WHERE d.token_hash = $1`), tokenHash),
		&u.Name, &u.Role, &u.Centre, &created, &u.DisplayName, &u.EmployeeNo)
	if errors.Is(err, sql.ErrNoRows) {
		return hub.Device{}, hub.User{}, fieldbook.Errorf(fieldbook.ENOTFOUND, "设备未登记。", "The device is not enrolled.")
	}
	if err != nil {
		return hub.Device{}, hub.User{}, fmt.Errorf("device by token: %w", err)
	}
	u.CreatedAt = parseTime(created)
	return dev, u, nil
}

// RevokeDevice revokes the device; its token stops working at once.
func (d *DB) RevokeDevice(ctx context.Context, id string, now time.Time) error {
	res, err := d.w.ExecContext(ctx, d.q(`UPDATE hub_devices SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`), id, fmtTime(now))
	if err != nil {
		return fmt.Errorf("revoke device: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fieldbook.Errorf(fieldbook.ENOTFOUND, "没有设备 "+id+"，或它已被停用。", "There is no device "+id+", or it is already revoked.")
	}
	return nil
}

// SetArchiveFormat sets the centre's archive number format.
func (d *DB) SetArchiveFormat(ctx context.Context, centre, format string) error {
	_, err := d.w.ExecContext(ctx, d.q(`INSERT INTO hub_centres (centre, archive_format) VALUES ($1, $2)
		ON CONFLICT (centre) DO UPDATE SET archive_format = excluded.archive_format`), centre, format)
	if err != nil {
		return fmt.Errorf("set archive format: %w", err)
	}
	return nil
}

// Devices lists every device.
func (d *DB) Devices(ctx context.Context) ([]hub.Device, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT `+deviceCols+` FROM hub_devices d ORDER BY d.created_at, d.id`)
	if err != nil {
		return nil, fmt.Errorf("list devices: %w", err)
	}
	defer rows.Close()
	var out []hub.Device
	for rows.Next() {
		dev, err := scanDevice(rows)
		if err != nil {
			return nil, fmt.Errorf("list devices: %w", err)
		}
		out = append(out, dev)
	}
	return out, rows.Err()
}

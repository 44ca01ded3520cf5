// Package pgtest starts a throwaway PostgreSQL cluster for tests: initdb and
// pg_ctl in a temporary directory, listening on a free loopback port, about
// a second to start. With FIELDBOOK_TEST_POSTGRES set (a URL of a server
// where the user may create databases) it uses that server instead.
package pgtest

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // "pgx" driver
)

// BinDir holds the PostgreSQL server binaries.
var BinDir = "/usr/lib/postgresql/15/bin"

// Cluster is a running PostgreSQL server.
type Cluster struct {
	URL   string // admin URL without a database name
	dir   string // temporary cluster directory, "" for an external server
	admin *sql.DB
	n     atomic.Int64
}

// Start starts a cluster, or connects to FIELDBOOK_TEST_POSTGRES.
func Start() (*Cluster, error) {
	if url := os.Getenv("FIELDBOOK_TEST_POSTGRES"); url != "" {
		return connect(&Cluster{URL: url}, url)
	}
	dir, err := os.MkdirTemp("", "fieldbook-pg-")
	if err != nil {
		return nil, fmt.Errorf("start postgres: %w", err)
	}
	c := &Cluster{dir: dir}
	if err := c.start(); err != nil {
		_ = c.Stop()
		return nil, fmt.Errorf("start postgres: %w", err)
	}
	return connect(c, c.URL+"/postgres?sslmode=disable")
}

func connect(c *Cluster, url string) (*Cluster, error) {
	db, err := sql.Open("pgx", url)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err = db.PingContext(ctx)
	}
	if err != nil {
		_ = c.Stop()
		return nil, fmt.Errorf("connect postgres: %w", err)
	}
	c.admin = db
	return c, nil
}

// command runs a PostgreSQL binary, as the postgres system user when this
// process is root (initdb refuses to run as root).
func (c *Cluster) command(name string, args ...string) *exec.Cmd {
	bin := filepath.Join(BinDir, name)
	if os.Geteuid() == 0 {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", bin}, args...)...)
	}
	return exec.Command(bin, args...)
}

func (c *Cluster) start() error {
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return fmt.Errorf("running as root needs the postgres system user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(c.dir, uid, gid); err != nil {
			return err
		}
	}
	data := filepath.Join(c.dir, "data")
	if out, err := c.command("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions").CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %w: %s", err, out)
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -c unix_socket_directories=%s -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", port, c.dir)
	if out, err := c.command("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(c.dir, "log"), "-w", "-t", "30", "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "log"))
		return fmt.Errorf("pg_ctl start: %w: %s\n%s", err, out, log)
	}
	c.URL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d", port)
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Stop stops a cluster this package started and removes its directory.
func (c *Cluster) Stop() error {
	if c.admin != nil {
		_ = c.admin.Close()
	}
	if c.dir == "" {
		return nil
	}
	var err error
	if _, serr := os.Stat(filepath.Join(c.dir, "data", "postmaster.pid")); serr == nil {
		if out, e := c.command("pg_ctl", "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "-w", "stop").CombinedOutput(); e != nil {
			err = fmt.Errorf("pg_ctl stop: %w: %s", e, out)
		}
	}
	if rerr := os.RemoveAll(c.dir); err == nil {
		err = rerr
	}
	return err
}

// NewDatabase creates an empty database for one test, dropped when the test
// ends, and returns its URL.
func (c *Cluster) NewDatabase(tb testing.TB) string {
	tb.Helper()
	name := fmt.Sprintf("fieldbook_test_%d_%d", os.Getpid(), c.n.Add(1))
	ctx := context.Background()
	if _, err := c.admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("create database %s: %v", name, err)
	}
	tb.Cleanup(func() {
		if _, err := c.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			tb.Errorf("drop database %s: %v", name, err)
		}
	})
	return withDatabase(c.URL, name)
}

// CopyDatabase creates a copy of the database at dsn (CREATE DATABASE …
// TEMPLATE: nobody may be connected to it), dropped when the test ends,
// and returns its URL: a database restored from another's backup.
func (c *Cluster) CopyDatabase(tb testing.TB, dsn string) string {
	tb.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatal(err)
	}
	from := u.Path[1:]
	name := fmt.Sprintf("fieldbook_test_%d_%d", os.Getpid(), c.n.Add(1))
	ctx := context.Background()
	if _, err := c.admin.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE "+from); err != nil {
		tb.Fatalf("copy database %s: %v", from, err)
	}
	tb.Cleanup(func() {
		if _, err := c.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			tb.Errorf("drop database %s: %v", name, err)
		}
	})
	return withDatabase(c.URL, name)
}

// withDatabase puts the database name into a postgres URL.
func withDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + name
	q := u.Query()
	if q.Get("sslmode") == "" {
		q.Set("sslmode", "disable")
	}
	u.RawQuery = q.Encode()
	return u.String()
}

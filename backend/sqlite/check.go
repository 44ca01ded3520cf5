package sqlite

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// Check is the result of an integrity check (PRAGMA quick_check) of the
// open store. On a full-size store it reads every page, tens of seconds on
// a slow laptop: the app runs it in the background after the window opens,
// never in the way of the user, and shows what it found.
type Check struct {
	At       time.Time `json:"at"`
	Millis   int64     `json:"millis"`
	OK       bool      `json:"ok"`
	Problems []string  `json:"problems"` // what SQLite reported (pages and indexes, never row content)
	Err      string    `json:"error"`    // the check could not run to its end
}

// maxProblems bounds what a check keeps of SQLite's report.
const maxProblems = 20

// checkState is the last check of the open store.
type checkState struct {
	mu   sync.Mutex
	last *Check
}

// CheckIntegrity runs PRAGMA quick_check on a read connection: the writer
// and other readers go on meanwhile (WAL). ctx stops it early; the result
// is then not OK and says so in Err.
func (d *DB) CheckIntegrity(ctx context.Context) Check {
	start := time.Now()
	c := Check{At: d.Now().UTC()}
	problems, err := d.quickCheckSmallCache(ctx)
	c.Millis = time.Since(start).Milliseconds()
	var se sqlite3.Error
	switch {
	case errors.As(err, &se) && (se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB):
		c.Problems = []string{err.Error()} // the check stopped at the damage
	case err != nil:
		c.Err = err.Error()
	default:
		c.OK, c.Problems = len(problems) == 0, problems
	}
	d.check.mu.Lock()
	d.check.last = &c
	d.check.mu.Unlock()
	return c
}

// LastCheck is the newest integrity check of the open store, nil before
// the first has finished.
func (d *DB) LastCheck() *Check {
	d.check.mu.Lock()
	defer d.check.mu.Unlock()
	if d.check.last == nil {
		return nil
	}
	c := *d.check.last
	return &c
}

// readerCache is the page cache of a read connection (see open).
const readerCache = "-16384"

// quickCheckSmallCache runs quick_check on a read connection whose page
// cache is cut to 1 MiB meanwhile: the check reads every page of the store
// once, and through the reader's own 16 MiB it filled that cache at every
// start for nothing (14 MB of the app's memory at 100k jobs).
func (d *DB) quickCheckSmallCache(ctx context.Context) ([]string, error) {
	conn, err := d.rdb.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = -1024`); err != nil {
		return nil, err
	}
	problems, err := quickCheckReport(ctx, conn)
	if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA cache_size = `+readerCache); rerr != nil {
		// Never hand the connection back with the small cache.
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	return problems, err
}

// quickCheckReport returns what PRAGMA quick_check found ("ok" is none).
func quickCheckReport(ctx context.Context, db querier) ([]string, error) {
	rows, err := db.QueryContext(ctx, fmt.Sprintf(`PRAGMA quick_check(%d)`, maxProblems))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		if s != "ok" {
			found = append(found, s)
		}
	}
	return found, rows.Err()
}

// errDamaged reports what a check found.
func errDamaged(problems []string) error {
	return errors.New("quick_check: " + strings.Join(problems, "; "))
}

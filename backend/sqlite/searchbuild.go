package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// A first sync brings a centre's rows in pages; building the search
// documents of every page's jobs and customers as they come was a third of
// applying them. So a snapshot pull defers the search indexes
// (DeferSearchIndex: search_rebuild names them), its pages leave them
// alone, and they are built after it in the background, a chunk of jobs a
// transaction (the user's saves go between chunks and index their own
// rows as always). While that runs, SearchIndexing says how far it is, so
// a search can say that its results are not complete yet.

// searchChunk is how many jobs one transaction of the build indexes.
const searchChunk = 2000

// indexer is the state of the background build of the search indexes.
type indexer struct {
	mu          sync.Mutex
	running     bool
	wg          sync.WaitGroup
	ctx         context.Context
	stop        context.CancelFunc
	done, total atomic.Int64
	err         atomic.Value // error of the last build, if any
}

// DeferSearchIndex makes the next pulled pages leave the search indexes
// alone until BuildSearchIndex or StartIndexing has built them — on a
// store without jobs (a new laptop's first sync) only: one that has them
// keeps its index whole.
// The lists' indexes are left to after the pull as well (deferIndexes).
func (d *DB) DeferSearchIndex(ctx context.Context) error {
	return d.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, deferSearch); err != nil {
			return err
		}
		return deferIndexes(ctx, tx)
	})
}

const deferSearch = `INSERT INTO search_rebuild (name) SELECT value FROM json_each('["jobs","customers"]')
	WHERE NOT EXISTS (SELECT 1 FROM jobs) ON CONFLICT DO NOTHING`

// searchDeferred reports whether the job search index waits for a build.
func searchDeferred(ctx context.Context, tx querier) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM search_rebuild WHERE name = 'jobs'`).Scan(&n)
	return n > 0, err
}

// SearchIndexing reports whether the search indexes are still being built
// (or wait to be), and how many jobs of how many are indexed.
func (d *DB) SearchIndexing(ctx context.Context) (indexing bool, done, total int64, err error) {
	var deferred bool
	if err := d.rdb.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM search_rebuild)`).Scan(&deferred); err != nil {
		return false, 0, 0, err
	}
	return deferred, d.search.done.Load(), d.search.total.Load(), nil
}

// StartIndexing builds, in the background (once at a time), the lists'
// indexes a snapshot deferred and then its search indexes; Close stops it.
// A build cut short resumes at the next start.
func (d *DB) StartIndexing() {
	s := &d.search
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running || s.ctx == nil || s.ctx.Err() != nil {
		return
	}
	s.running = true
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		start := time.Now()
		err := d.BuildDeferredIndexes(s.ctx)
		if err == nil {
			err = d.BuildSearchIndex(s.ctx)
		}
		if err != nil && !errors.Is(err, context.Canceled) {
			s.err.Store(err)
			slog.Error("index build failed", "err", err)
		} else if err == nil {
			slog.Info("indexes built", "jobs", s.total.Load(), "ms", time.Since(start).Milliseconds())
		}
		s.mu.Lock()
		s.running = false
		s.mu.Unlock()
	}()
}

// stopSearchIndex stops a background build and waits for it.
func (d *DB) stopSearchIndex() {
	if d.search.stop != nil {
		d.search.stop()
	}
	d.search.wg.Wait()
}

// BuildSearchIndex builds the deferred search indexes now: the jobs' a
// chunk a transaction, then the customers'.
func (d *DB) BuildSearchIndex(ctx context.Context) error {
	var total int64
	if err := d.rdb.QueryRowContext(ctx, `SELECT count(*) FROM jobs`).Scan(&total); err != nil {
		return err
	}
	d.search.total.Store(total)
	d.search.done.Store(0)
	last := int64(-1 << 62)
	for {
		finished := false
		err := d.tx(ctx, func(tx *sql.Tx) error {
			deferred, err := searchDeferred(ctx, tx)
			if err != nil || !deferred {
				finished = true
				return err
			}
			docs, err := searchDocs(ctx, tx, nil, `seq > ? ORDER BY j.seq LIMIT ?`, last, searchChunk)
			if err != nil {
				return err
			}
			// Each document replaces any there is (a job the user saved
			// meanwhile indexed itself).
			if err := writeSearchDocs(ctx, tx, docs); err != nil {
				return err
			}
			for _, dc := range docs {
				last = max(last, dc.seq)
			}
			d.search.done.Add(int64(len(docs)))
			if len(docs) < searchChunk {
				finished = true
				_, err = tx.ExecContext(ctx, `DELETE FROM search_rebuild WHERE name = 'jobs'`)
			}
			return err
		})
		if err != nil {
			return err
		}
		if finished {
			break
		}
	}
	return d.rebuildSearch(ctx)
}

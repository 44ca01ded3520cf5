package sqlstore

import (
	"context"
	"strings"

	"fieldbook/backend/hub"
)

// Exec runs a statement on the store's database, for tests that shape it.
func (d *DB) Exec(ctx context.Context, query string, args ...any) error {
	_, err := d.w.ExecContext(ctx, d.q(query), args...)
	return err
}

// ExplainJobsQuery is the plan of the statement that reads the jobs of
// rows (BlobRows): EXPLAIN (ANALYZE, FORMAT JSON) on PostgreSQL, the
// details of EXPLAIN QUERY PLAN, a line each, on SQLite.
func (d *DB) ExplainJobsQuery(ctx context.Context, centre string, rows []hub.ScannedRow) (string, error) {
	query, args := d.jobsQuery(centre, rows)
	if d.postgres {
		var plan string
		err := d.r.QueryRowContext(ctx, `EXPLAIN (ANALYZE, FORMAT JSON) `+query, args...).Scan(&plan)
		return plan, err
	}
	res, err := d.r.QueryContext(ctx, `EXPLAIN QUERY PLAN `+query, args...)
	if err != nil {
		return "", err
	}
	defer res.Close()
	var lines []string
	for res.Next() {
		var id, parent, notused int
		var detail string
		if err := res.Scan(&id, &parent, &notused, &detail); err != nil {
			return "", err
		}
		lines = append(lines, detail)
	}
	return strings.Join(lines, "\n"), res.Err()
}

// ExplainPullQuery is the plan of a pull page's statement (PullScan,
// PullRows) on PostgreSQL: EXPLAIN (ANALYZE, FORMAT JSON).
func (d *DB) ExplainPullQuery(ctx context.Context, centre string, q hub.PullQuery) (string, error) {
	query, args := d.pullQuery(centre, q, true)
	var plan string
	err := d.r.QueryRowContext(ctx, `EXPLAIN (ANALYZE, FORMAT JSON) `+query, args...).Scan(&plan)
	return plan, err
}

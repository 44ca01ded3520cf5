package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"fieldbook/backend/archive"
	"fieldbook/backend/fieldbook"
)

// statsMonths bounds the months fillMonths numbers at once (two centuries
// of creation dates; the report's axis shows ten years at most). A wider
// range is counted from JobFacts.
const statsMonths = 2400

// Stats returns the archive statistics of the jobs the filter selects,
// created in the filter's range: the report archive.Stats makes of
// JobFacts, added up by SQLite over the figures job_checks keeps of each
// job (a year of 100k jobs is one range of an index, read in the order of
// its groups). Where the figures cannot say (a creation time it could not
// read, a zone whose months are not intervals of time, sums past int64),
// it counts JobFacts.
func (d *DB) Stats(ctx context.Context, f InboxFilter) (archive.Report, error) {
	rep, _, err := d.stats(ctx, f)
	return rep, err
}

// stats is Stats; grouped says whether SQLite added the figures up.
func (d *DB) stats(ctx context.Context, f InboxFilter) (rep archive.Report, grouped bool, err error) {
	zone := d.Zone(ctx)
	from, to := f.Range(zone)
	where, args, err := f.whereOn(zone, "k")
	if err != nil {
		return rep, false, err
	}
	if _, err := d.RefreshChecks(ctx); err != nil {
		return rep, false, err
	}
	if err := d.fillMonths(ctx, zone); err != nil {
		return rep, false, err
	}
	var groups []archive.Group
	err = d.read(ctx, func(tx *sql.Tx) error {
		groups, grouped, err = statGroups(ctx, tx, f, where, args, from, to, zone)
		return err
	})
	if err != nil && strings.Contains(err.Error(), "integer overflow") {
		err = nil // a sum past int64 (times on site of centuries): Go's Duration wraps
	}
	if err != nil {
		return rep, false, err
	}
	if grouped {
		return archive.Summarize(groups, from, to, zone), true, nil
	}
	facts, err := d.JobFacts(ctx, f)
	if err != nil {
		return rep, false, err
	}
	return archive.Stats(facts, from, to, zone), false, nil
}

// monthNumber numbers the month of t (in t's location) as job_checks.month
// does: year*12 + month-1.
func monthNumber(t time.Time) int64 { return int64(t.Year())*12 + int64(t.Month()) - 1 }

// fillMonths sets job_checks.month of the checks that lack it, in zone —
// all of them when the months are of another zone. Months it cannot fill
// (archive.MonthBounds says no) stay NULL, and Stats counts JobFacts.
func (d *DB) fillMonths(ctx context.Context, zone *time.Location) error {
	pending := func(q querier) (stored string, first, last sql.NullInt64, err error) {
		var z sql.NullString
		err = q.QueryRowContext(ctx, `SELECT (SELECT zone FROM job_checks_zone),
			(SELECT min(created_ns) FROM job_checks WHERE month IS NULL), (SELECT max(created_ns) FROM job_checks WHERE month IS NULL)`).Scan(&z, &first, &last)
		return z.String, first, last, err
	}
	stored, first, last, err := pending(d.rdb)
	if err != nil || stored == zone.String() && !first.Valid {
		return err
	}
	if stored == zone.String() {
		if _, ok := archive.MonthBounds(time.Unix(0, first.Int64), time.Unix(0, last.Int64), zone, statsMonths); !ok {
			return nil
		}
	}
	return d.tx(ctx, func(tx *sql.Tx) error {
		stored, _, _, err := pending(tx)
		if err != nil {
			return err
		}
		if stored != zone.String() {
			for _, q := range []string{`UPDATE job_checks SET month = NULL WHERE month IS NOT NULL`, `DELETE FROM job_checks_zone`} {
				if _, err := tx.ExecContext(ctx, q); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO job_checks_zone (zone) VALUES (?)`, zone.String()); err != nil {
				return err
			}
		}
		_, first, last, err := pending(tx)
		if err != nil || !first.Valid {
			return err
		}
		bounds, ok := archive.MonthBounds(time.Unix(0, first.Int64), time.Unix(0, last.Int64), zone, statsMonths)
		if !ok {
			return nil
		}
		ns := make([]int64, len(bounds))
		for i, b := range bounds {
			if ns[i], ok = unixNano(b); !ok {
				return nil
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE job_checks SET month = ? + (`+monthCase("created_ns", ns)+`)
			WHERE month IS NULL AND created_ns >= ? AND created_ns < ?`, monthNumber(bounds[0]), ns[0], ns[len(ns)-1])
		return err
	})
}

// statGroups adds up the figures of the jobs where selects in job_checks
// k, created in [from, to), by month of zone, technician and job type; ok
// is false when they cannot be added up that way.
func statGroups(ctx context.Context, tx *sql.Tx, f InboxFilter, where string, args []any, from, to time.Time,
	zone *time.Location) (groups []archive.Group, ok bool, err error) {
	var stored sql.NullString
	var unfilled bool
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT zone FROM job_checks_zone),
		EXISTS (SELECT 1 FROM job_checks WHERE month IS NULL AND created_ns IS NOT NULL)`).Scan(&stored, &unfilled); err != nil {
		return nil, false, err
	}
	if stored.String != zone.String() || unfilled {
		return nil, false, nil
	}
	tables := ` FROM job_checks k`
	if strings.TrimSpace(f.Customer) != "" || strings.TrimSpace(f.Query) != "" {
		tables += ` JOIN jobs j ON j.id = k.job_id JOIN customers c ON c.id = j.customer_id`
	}
	// The created range: exactly, in the figures' nanoseconds, and as a
	// range of months of the index.
	open := from.IsZero() || to.IsZero()
	if open {
		// A job the figures have no creation time of is in an open range
		// (month NULL once the months are filled): JobFacts counts it.
		var unknown bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1`+tables+` WHERE k.month IS NULL AND `+where+`)`, args...).Scan(&unknown); err != nil || unknown {
			return nil, false, err
		}
		where += " AND k.month IS NOT NULL"
	}
	if !from.IsZero() {
		ns, ok := unixNano(from)
		if !ok {
			return nil, false, nil
		}
		where += " AND k.month >= ? AND +k.created_ns >= ?"
		args = append(args, monthNumber(archive.MonthStart(from, zone)), ns)
	}
	if !to.IsZero() {
		ns, ok := unixNano(to)
		if !ok {
			return nil, false, nil
		}
		where += " AND k.month <= ? AND +k.created_ns < ?"
		args = append(args, monthNumber(archive.MonthStart(to.Add(-time.Nanosecond), zone)), ns)
	}
	firstLast := ""
	if open {
		firstLast = ", min(k.created_ns), max(k.created_ns)"
	}
	rows, err := tx.QueryContext(ctx, `SELECT k.month, k.assigned_to, k.job_type, count(*), sum(k.handed), sum(k.handed AND NOT k.complete),
		sum(k.j_marked), count(k.follow_up), sum(k.follow_up), count(k.on_site_ns), sum(k.on_site_ns),
		sum(k.handed AND k.returns > 0), sum(k.handed * k.returns)`+firstLast+
		tables+` WHERE `+where+` GROUP BY k.month, k.assigned_to, k.job_type`, args...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	names := map[string]fieldbook.Message{}
	for rows.Next() {
		var g archive.Group
		var month int64
		var tech, jobType sql.NullString
		var submitted, incomplete, j, inTime, onSite, returned, returns, first, last sql.NullInt64
		dest := []any{&month, &tech, &jobType, &g.Jobs, &submitted, &incomplete, &j, &g.Reported, &inTime, &g.OnSiteJobs, &onSite, &returned, &returns}
		if open {
			dest = append(dest, &first, &last)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, false, err
		}
		g.Month = time.Date(int(month/12), time.Month(month%12+1), 1, 0, 0, 0, 0, zone)
		g.Technician, g.JobType = tech.String, jobType.String
		g.Submitted, g.Incomplete, g.J, g.InTime = int(submitted.Int64), int(incomplete.Int64), int(j.Int64), int(inTime.Int64)
		g.Returned, g.Returns = int(returned.Int64), int(returns.Int64)
		g.OnSite = time.Duration(onSite.Int64)
		// Summarize reads the first and last creation of an open range only.
		g.First, g.Last = from, from
		if open {
			g.First, g.Last = time.Unix(0, first.Int64), time.Unix(0, last.Int64)
		}
		if _, seen := names[g.JobType]; !seen {
			names[g.JobType] = jobTypeName(ctx, tx, g.JobType)
		}
		g.JobTypeName = names[g.JobType]
		groups = append(groups, g)
	}
	return groups, true, rows.Err()
}

// monthCase is an SQL expression of col (Unix nanoseconds): the i with
// bounds[i] <= col < bounds[i+1], found by halves; -1 outside the bounds,
// NULL for NULL.
func monthCase(col string, bounds []int64) string {
	if len(bounds) < 2 {
		return "CASE WHEN " + col + " IS NULL THEN NULL ELSE -1 END"
	}
	var b strings.Builder
	var half func(i, j int) // months i to j-1
	half = func(i, j int) {
		if j-i == 1 {
			b.WriteString(strconv.Itoa(i))
			return
		}
		m := (i + j) / 2
		fmt.Fprintf(&b, "CASE WHEN %s < %d THEN ", col, bounds[m])
		half(i, m)
		b.WriteString(" ELSE ")
		half(m, j)
		b.WriteString(" END")
	}
	fmt.Fprintf(&b, "CASE WHEN %s IS NULL THEN NULL WHEN %s < %d OR %s >= %d THEN -1 ELSE ", col, col, bounds[0], col, bounds[len(bounds)-1])
	half(0, len(bounds)-1)
	b.WriteString(" END")
	return b.String()
}

var (
	minUnixNano = time.Unix(0, math.MinInt64)
	maxUnixNano = time.Unix(0, math.MaxInt64)
)

// unixNano is t in Unix nanoseconds; ok is false outside int64's range
// (years 1678 to 2262).
func unixNano(t time.Time) (int64, bool) {
	if t.Before(minUnixNano) || t.After(maxUnixNano) {
		return 0, false
	}
	return t.UnixNano(), true
}

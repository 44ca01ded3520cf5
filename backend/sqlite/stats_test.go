package sqlite

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"fieldbook/backend/archive"
	"fieldbook/backend/demo"
	"fieldbook/backend/fieldbook"
)

// TestStatsAsJobFacts: the statistics SQLite adds up are exactly the
// report archive.Stats makes of JobFacts — on 2,000 generated jobs handed
// in, returned, filed or not, with clerk's J decisions, odd technician
// names, creation times on the zone's month bounds, under every filter, in
// China time and in New York's (whose months move with daylight saving).
func TestStatsAsJobFacts(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	sets := demo.New(7).SetsOver(2000, time.Date(2025, 9, 1, 0, 0, 0, 0, fieldbook.Zone("")), 540)
	if err := d.LoadDemo(ctx, sets, 500); err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := d.db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// Most jobs handed in (a seventh not), some returned or filed; the
	// clerk confirmed or cleared the J mark of some.
	exec(`UPDATE jobs SET status = CASE seq % 5 WHEN 0 THEN 'filed' WHEN 1 THEN 'returned' ELSE 'submitted' END,
		submitted_at = strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+' || (seq % 50) || ' hours'),
		filed_at = CASE seq % 5 WHEN 0 THEN strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+3 days') END
		WHERE seq % 7 <> 0`)
	exec(`UPDATE jobs SET j_decision = json('{"auto":true,"confirmed":false,"reason":"客户补签了纸质单","by":"李娜"}') WHERE seq % 11 = 0`)
	exec(`UPDATE jobs SET j_decision = json('{"auto":false,"confirmed":true,"reason":"代签","by":"李娜"}') WHERE seq % 13 = 0`)
	// The archive returned the returned ones once, and some of them and of
	// the filed ones once more (their audit trail, as pulled from the hub).
	exec(`INSERT INTO job_events (id, job_id, action, actor, at, created_at, updated_at, updated_by)
		SELECT id || '-r' || n, id, 'returned', '李娜', created_at, created_at, created_at, '李娜'
		FROM jobs, (SELECT 1 AS n UNION ALL SELECT 2)
		WHERE seq % 7 <> 0 AND (n = 1 AND seq % 5 = 1 OR n = 2 AND seq % 5 IN (0, 1) AND seq % 3 = 0)`)
	exec(`UPDATE jobs SET assigned_to = ' ' || assigned_to WHERE seq % 17 = 0`)
	exec(`UPDATE jobs SET assigned_to = '' WHERE seq % 19 = 0`)

	var tech, customer string
	if err := d.rdb.QueryRowContext(ctx, `SELECT assigned_to FROM jobs WHERE assigned_to <> '' LIMIT 1`).Scan(&tech); err != nil {
		t.Fatal(err)
	}
	if err := d.rdb.QueryRowContext(ctx, `SELECT substr(name, 1, 1) FROM customers LIMIT 1`).Scan(&customer); err != nil {
		t.Fatal(err)
	}
	filters := map[string]InboxFilter{
		"all":                  {},
		"a year":               {From: "2026-01-01", To: "2026-12-31"},
		"from a day":           {From: "2025-12-01"},
		"to a day":             {To: "2026-03-31"},
		"a technician":         {Technician: tech},
		"a job type":           {JobType: demo.JobTypes[0]},
		"filed":                {Status: fieldbook.JobFiled},
		"J":                    {J: "yes"},
		"incomplete":           {Complete: "no"},
		"a customer":           {Customer: customer},
		"a search":             {Query: "138"},
		"a quarter, J, ranged": {From: "2026-01-01", To: "2026-03-31", J: "no", Status: fieldbook.JobSubmitted},
		"nothing":              {From: "2030-01-01", To: "2030-12-31"},
	}
	compare := func(zoneName string, wantGrouped bool) archive.Report {
		t.Helper()
		zone := d.Zone(ctx)
		var all archive.Report
		for name, f := range filters {
			got, grouped, err := d.stats(ctx, f)
			if err != nil {
				t.Fatalf("%s %s: %v", zoneName, name, err)
			}
			// Without the creation time, jobs of an open range are
			// counted from JobFacts (the job is in "all").
			if grouped != wantGrouped && (wantGrouped || name == "all") {
				t.Errorf("%s %s: added up by SQLite = %v, want %v", zoneName, name, grouped, wantGrouped)
			}
			facts, err := d.JobFacts(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			from, to := f.Range(zone)
			if want := archive.Stats(facts, from, to, zone); !reflect.DeepEqual(got, want) {
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(want)
				t.Errorf("%s %s: statistics differ from JobFacts'\n got %s\nwant %s", zoneName, name, g, w)
			}
			if name == "all" {
				all = got
			}
		}
		return all
	}

	for _, zoneName := range []string{"Asia/Shanghai", "America/New_York"} {
		s, err := d.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		s.TimeZone = zoneName
		if _, err := d.SaveSettings(ctx, s); err != nil {
			t.Fatal(err)
		}
		zone := d.Zone(ctx)
		if zone.String() != zoneName && zoneName != "Asia/Shanghai" {
			t.Fatalf("zone %s, want %s", zone, zoneName)
		}
		// Jobs created on the zone's month bounds: the first instant of a
		// month, the last nanosecond before it, a fraction of a second in.
		m := time.Date(2026, 3, 1, 0, 0, 0, 0, zone)
		for i, at := range []time.Time{m, m.Add(-time.Nanosecond), m.Add(500 * time.Millisecond), m.AddDate(0, 8, 0), m.AddDate(0, 8, 0).Add(-time.Millisecond)} {
			exec(`UPDATE jobs SET created_at = ? WHERE seq = ?`, ts(at), 3+7*i)
		}
		all := compare(zoneName, true)
		// The data set is not trivial: every figure is there.
		tot := all.Total
		if tot.Jobs < 1500 || tot.Incomplete.Count == 0 || tot.Incomplete.Count == tot.Incomplete.Total || tot.J.Count == 0 ||
			tot.FollowUp.Count == 0 || tot.FollowUp.Count == tot.FollowUp.Total || tot.OnSiteJobs == 0 ||
			tot.Returned.Count == 0 || tot.Returns <= tot.Returned.Count ||
			len(all.ByMonth) < 17 || len(all.ByTechnician) < 3 || len(all.ByType) < 2 {
			t.Errorf("%s: a thin data set: %+v, %d months, %d technicians, %d types", zoneName, tot, len(all.ByMonth), len(all.ByTechnician), len(all.ByType))
		}
	}

	// A creation time the figures cannot hold: the report still matches,
	// counted from JobFacts where the range is open.
	exec(`UPDATE jobs SET created_at = 'not a time' WHERE seq = 10`)
	compare("unreadable creation", false)
}

// TestStatsCountReturns: on a fixed set of four jobs handed in, one
// returned twice and one once (the second return pulled after the job's
// own row), the statistics count two returned jobs of four and three
// returns, in the total, the month, the technician and the job type.
func TestStatsCountReturns(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	created := time.Date(2026, 5, 6, 9, 0, 0, 0, fieldbook.Zone(""))
	if err := d.LoadDemo(ctx, demo.New(3).SetsOver(4, created, 1), 10); err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := d.db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`UPDATE jobs SET status = 'submitted', submitted_at = ?, created_at = ?, assigned_to = '张伟', job_type = 'it_onsite'`, ts(created.Add(time.Hour)), ts(created))
	var ids []string
	rows, err := d.rdb.QueryContext(ctx, `SELECT id FROM jobs ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		_ = rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) != 4 {
		t.Fatalf("%d jobs, want 4", len(ids))
	}
	event := func(id, job string) {
		exec(`INSERT INTO job_events (id, job_id, action, actor, at, created_at, updated_at, updated_by) VALUES (?, ?, 'returned', '李娜', ?, ?, ?, '李娜')`,
			id, job, ts(created), ts(created), ts(created))
	}
	event("e1", ids[0])
	event("e2", ids[1])
	if _, err := d.Stats(ctx, InboxFilter{}); err != nil { // checks every job: none stale after
		t.Fatal(err)
	}
	event("e3", ids[0]) // pulled later: the job's check counts it again
	exec(`INSERT INTO job_events (id, job_id, action, actor, at, created_at, updated_at, updated_by) VALUES ('e4', ?, 'filed', '李娜', ?, ?, ?, '李娜')`,
		ids[2], ts(created), ts(created), ts(created))
	rep, err := d.Stats(ctx, InboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := archive.Ratio{Count: 2, Total: 4, Rate: 0.5}
	for name, b := range map[string][]archive.Bucket{"total": {rep.Total}, "month": rep.ByMonth, "technician": rep.ByTechnician, "type": rep.ByType} {
		if len(b) != 1 || b[0].Returned != want || b[0].Returns != 3 {
			t.Errorf("%s: %+v, want returned %+v and 3 returns", name, b, want)
		}
	}
	facts, err := d.JobFacts(ctx, InboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	returns := map[string]int{}
	for _, f := range facts {
		returns[f.JobID] = f.Returns
	}
	if returns[ids[0]] != 2 || returns[ids[1]] != 1 || returns[ids[2]] != 0 || returns[ids[3]] != 0 {
		t.Errorf("JobFacts returns = %v, want 2, 1, 0, 0 for the four jobs", returns)
	}
}

// TestMonthCase: the SQL month expression finds each instant's month.
func TestMonthCase(t *testing.T) {
	d := openTest(t)
	bounds := []int64{10, 20, 30, 40, 50, 60}
	expr := monthCase("x", bounds)
	for x, want := range map[int64]int64{9: -1, 10: 0, 19: 0, 20: 1, 35: 2, 40: 3, 49: 3, 50: 4, 59: 4, 60: -1} {
		var got int64
		if err := d.rdb.QueryRow(`SELECT `+expr+` FROM (SELECT ? AS x)`, x).Scan(&got); err != nil || got != want {
			t.Errorf("month of %d = %d, want %d (%v)", x, got, want, err)
		}
	}
	var null *int64
	if err := d.rdb.QueryRow(`SELECT ` + expr + ` FROM (SELECT NULL AS x)`).Scan(&null); err != nil || null != nil {
		t.Errorf("month of NULL = %v, %v", null, err)
	}
}

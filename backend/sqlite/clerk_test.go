package sqlite

import (
	"context"
	"slices"
	"testing"
	"time"

	"fieldbook/backend/demo"
	"fieldbook/backend/fieldbook"
)

// TestInboxFollowsChanges: the stored checks behind the inbox follow every
// change the check reads — a clerk's decision arriving by sync, a job
// handed in, a job type changed — without a full recount.
func TestInboxFollowsChanges(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	ids := func(f InboxFilter) []string {
		t.Helper()
		page, err := d.Inbox(ctx, f, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range page.Rows {
			out = append(out, r.ID)
		}
		return out
	}
	good := signedJob(t, d, fieldbook.SignReal)
	proxy := signedJob(t, d, fieldbook.SignProxy)
	if got := ids(InboxFilter{}); len(got) != 0 {
		t.Errorf("inbox before handing in = %v", got)
	}
	for _, j := range []fieldbook.Job{good, proxy} {
		if _, err := d.SubmitJob(ctx, j.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	if got := ids(InboxFilter{J: "yes"}); !slices.Equal(got, []string{proxy.ID}) {
		t.Errorf("J-marked = %v, want the proxy-signed job", got)
	}
	if got := ids(InboxFilter{Complete: "yes"}); !slices.Equal(got, []string{good.ID}) {
		t.Errorf("complete = %v, want the signed job", got)
	}
	// The clerk's decision to clear the mark arrives as a pulled change.
	if _, err := d.db.ExecContext(ctx, `UPDATE jobs SET j_decision = json('{"auto":true,"confirmed":false,"reason":"客户补签了纸质单","by":"李娜"}') WHERE id = ?`, proxy.ID); err != nil {
		t.Fatal(err)
	}
	if got := ids(InboxFilter{J: "yes"}); len(got) != 0 {
		t.Errorf("J-marked after the clerk cleared it = %v", got)
	}
	if st, err := d.Archive(ctx, proxy.ID); err != nil || st.J.Marked || st.J.Source != "clerk" || !st.Check.J {
		t.Errorf("archive state after clearing: %+v, %v", st.J, err)
	}
	// Nothing stale: a refresh checks nothing.
	if n, err := d.RefreshChecks(ctx); err != nil || n != 0 {
		t.Errorf("RefreshChecks with nothing changed = %d, %v", n, err)
	}
	// A job type changing marks its jobs stale.
	if _, err := d.db.ExecContext(ctx, `UPDATE job_types SET updated_at = 'x' WHERE key = (SELECT job_type FROM jobs WHERE id = ?)`, good.ID); err != nil {
		t.Fatal(err)
	}
	if n, err := d.RefreshChecks(ctx); err != nil || n != 2 {
		t.Errorf("RefreshChecks after a job type change = %d, %v; want 2", n, err)
	}
}

func TestInboxCountIsBounded(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	if err := d.LoadDemo(ctx, demo.New(4).Sets(40, time.Date(2025, 6, 1, 0, 0, 0, 0, fieldbook.Zone(""))), 40); err != nil {
		t.Fatal(err)
	}
	if _, err := d.db.ExecContext(ctx, `UPDATE jobs SET status = 'submitted', submitted_at = created_at`); err != nil {
		t.Fatal(err)
	}
	defer func(n int) { CountLimit = n }(CountLimit)
	for _, c := range []struct {
		limit, total int
		more         bool
	}{{100, 40, false}, {40, 40, false}, {25, 25, true}} {
		CountLimit = c.limit
		p, err := d.Inbox(ctx, InboxFilter{}, 0, 10)
		if err != nil || p.Total != c.total || p.More != c.more || len(p.Rows) != 10 {
			t.Errorf("limit %d: total %d, more %v, %d rows, %v; want %d, %v", c.limit, p.Total, p.More, len(p.Rows), err, c.total, c.more)
		}
	}
}

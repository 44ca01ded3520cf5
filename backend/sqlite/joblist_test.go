package sqlite

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"fieldbook/backend/demo"
	"fieldbook/backend/fieldbook"
)

func TestJobListFilters(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	sets := demo.New(5).Sets(600, time.Date(2025, 1, 1, 0, 0, 0, 0, fieldbook.Zone("")))
	if err := d.LoadDemo(ctx, sets, 600); err != nil {
		t.Fatal(err)
	}
	all := func(f fieldbook.JobFilter) []fieldbook.JobRow {
		t.Helper()
		var rows []fieldbook.JobRow
		total := -1
		for off := 0; ; off += 200 {
			p, err := d.Jobs(ctx, f, off, 200)
			if err != nil {
				t.Fatalf("%+v: %v", f, err)
			}
			if off == 0 {
				total = p.Total
			}
			rows = append(rows, p.Rows...)
			if len(p.Rows) < 200 {
				break
			}
		}
		if total != len(rows) {
			t.Errorf("%+v: total %d, %d rows", f, total, len(rows))
		}
		return rows
	}
	everything := all(fieldbook.JobFilter{})
	if len(everything) != len(sets) {
		t.Fatalf("%d jobs listed, %d loaded", len(everything), len(sets))
	}
	count := func(keep func(fieldbook.JobRow) bool) int {
		n := 0
		for _, r := range everything {
			if keep(r) {
				n++
			}
		}
		return n
	}
	tech := everything[0].AssignedTo
	jt := everything[0].JobType
	cust := everything[0].CustomerID
	for _, c := range []struct {
		f    fieldbook.JobFilter
		keep func(fieldbook.JobRow) bool
	}{
		{fieldbook.JobFilter{Status: fieldbook.JobInProgress}, func(r fieldbook.JobRow) bool { return r.Status == fieldbook.JobInProgress }},
		{fieldbook.JobFilter{JobType: jt}, func(r fieldbook.JobRow) bool { return r.JobType == jt }},
		{fieldbook.JobFilter{Technician: tech}, func(r fieldbook.JobRow) bool { return r.AssignedTo == tech }},
		{fieldbook.JobFilter{CustomerID: cust}, func(r fieldbook.JobRow) bool { return r.CustomerID == cust }},
		{fieldbook.JobFilter{Status: fieldbook.JobFiled, JobType: jt, Technician: tech}, func(r fieldbook.JobRow) bool {
			return r.Status == fieldbook.JobFiled && r.JobType == jt && r.AssignedTo == tech
		}},
	} {
		got := all(c.f)
		if want := count(c.keep); len(got) != want || want == 0 {
			t.Errorf("%+v: %d jobs, want %d (of %d)", c.f, len(got), want, len(everything))
		}
		for _, r := range got {
			if !c.keep(r) {
				t.Errorf("%+v: job %s does not match", c.f, r.Number)
			}
		}
	}
	// A date range is the centre's days, both ends included.
	ranged := all(fieldbook.JobFilter{From: "2025-03-01", To: "2025-03-31"})
	if len(ranged) == 0 || len(ranged) == len(everything) {
		t.Fatalf("March 2025: %d of %d jobs", len(ranged), len(everything))
	}
	// Orders: oldest first is newest first reversed; by appointment, jobs
	// without one come last.
	oldest := all(fieldbook.JobFilter{Sort: fieldbook.JobsOldest})
	slices.Reverse(oldest)
	for i := range oldest {
		if oldest[i].ID != everything[i].ID {
			t.Fatalf("oldest first is not newest first reversed at %d", i)
		}
	}
	byAppt := all(fieldbook.JobFilter{Sort: fieldbook.JobsByAppointment})
	seenNone := false
	for i, r := range byAppt {
		if r.Appointment == nil {
			seenNone = true
		} else if seenNone {
			t.Fatalf("a job with an appointment after one without (row %d)", i)
		} else if i > 0 && byAppt[i-1].Appointment != nil && r.Appointment.Before(*byAppt[i-1].Appointment) {
			t.Fatalf("appointments out of order at row %d", i)
		}
	}
	// Bad filters are refused field by field.
	for _, c := range []struct {
		f     fieldbook.JobFilter
		field string
	}{
		{fieldbook.JobFilter{Status: "lost"}, "status"},
		{fieldbook.JobFilter{From: "2025-13-01"}, "from"},
		{fieldbook.JobFilter{From: "2025-03-02", To: "2025-03-01"}, "to"},
		{fieldbook.JobFilter{Sort: "random"}, "sort"},
	} {
		_, err := d.Jobs(ctx, c.f, 0, 50)
		var fe *fieldbook.Error
		if !errors.As(err, &fe) || len(fe.Fields) != 1 || fe.Fields[0].Field != c.field || fe.Fields[0].ZH == "" || fe.Fields[0].EN == "" {
			t.Errorf("%+v: %v, want a refusal of %s in Chinese and English", c.f, err, c.field)
		}
	}
}

package sqlite

import (
	"context"
	"slices"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
)

// Dispatch changes who a job is for and when, and nothing else: the push
// carries the two fields, so a technician's edits of the job merge with it;
// a handed-in job is not dispatched again.
func TestDispatch(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	_, _, j := newJob(t, d, "赵女士", "13900000000")
	if _, err := d.db.ExecContext(ctx, `DELETE FROM outbox`); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 8, 2, 0, 0, 0, time.UTC)
	got, err := d.Dispatch(ctx, j.ID, " 王芳 ", &at)
	if err != nil || got.AssignedTo != "王芳" || got.Appointment == nil || !got.Appointment.Equal(at) || got.Summary != j.Summary {
		t.Fatalf("Dispatch = %+v, %v", got, err)
	}
	changes, err := d.PendingChanges(ctx, 10)
	if err != nil || len(changes) != 1 {
		t.Fatalf("pending after Dispatch = %+v, %v", changes, err)
	}
	var fields []string
	for f := range changes[0].Fields {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	if !slices.Equal(fields, []string{"appointment", "assigned_to"}) {
		t.Errorf("Dispatch pushes %v, want assigned_to and appointment only", fields)
	}
	// Handed back: nobody, no appointment.
	if got, err := d.Dispatch(ctx, j.ID, "", nil); err != nil || got.AssignedTo != "" || got.Appointment != nil {
		t.Errorf("hand back = %+v, %v", got, err)
	}
	if _, err := d.Dispatch(ctx, "no-such-job", "王芳", nil); fieldbook.ErrorCode(err) != fieldbook.ENOTFOUND {
		t.Errorf("Dispatch of an unknown job = %v", err)
	}
	if _, err := d.Dispatch(ctx, j.ID, string(make([]rune, 101)), nil); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("Dispatch to a 101-character name = %v, want invalid", err)
	}
	if _, err := d.db.ExecContext(ctx, `UPDATE jobs SET status = 'submitted' WHERE id = ?`, j.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Dispatch(ctx, j.ID, "王芳", nil); fieldbook.ErrorCode(err) != fieldbook.ECONFLICT {
		t.Errorf("Dispatch of a handed-in job = %v, want a conflict", err)
	}
}

package synctest

import (
	"context"
	"strings"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/unsynced"
)

// TestUnsyncedWorkMovesToAnotherLaptop: laptop A1 works offline (a
// customer, an asset, a job, a visit filled and signed by the customer and
// the technician, with their signature images), exports its unsynced work
// to one file; laptop A2 of the same technician imports it and syncs. The
// hub then holds A1's work, its signatures accepted by the hub's check of
// the content hash, and the clerk's replica verifies every signed visit.
// Importing the file again changes nothing; a file of another centre is
// refused with a bilingual message.
func TestUnsyncedWorkMovesToAnotherLaptop(t *testing.T) {
	w := newWorld(t, backends[0], 1, options{})
	ctx := context.Background()
	a1, a2, clerkDev := w.devs[0], w.devs[1], w.devs[3]
	mustSync(t, a1)
	mustSync(t, a2)

	job, visitID := jobWithVisit(t, a1)
	completeAndSign(t, w, a1, visitID, "更换搓纸轮")
	if _, err := a1.db.Sign(ctx, fieldbook.SignatureInput{VisitID: visitID, Role: fieldbook.RoleTechnician, Kind: fieldbook.SignReal, SignerName: "张伟",
		ImageDataURL: w.pngDataURL(), Strokes: []fieldbook.Stroke{{Points: []fieldbook.Point{{X: 3, Y: 4}}}}}); err != nil {
		t.Fatal(err)
	}
	origin := func(d *device) unsynced.Origin {
		a, _, err := d.eng.Account(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return unsynced.Origin{HubURL: a.HubURL, Centre: a.User.Centre, User: a.User.Name, DeviceID: a.DeviceID}
	}
	file, m, err := unsynced.Export(ctx, a1.db, origin(a1), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if m.Rows < 5 || len(m.Blobs) < 2 {
		t.Fatalf("the file holds %d rows and %d blobs; want the customer, asset, job, visit and two signatures with their images", m.Rows, len(m.Blobs))
	}

	// Another centre's laptop refuses it.
	other := origin(a2)
	other.Centre = "华南服务中心"
	_, err = unsynced.Import(ctx, a2.db, file, other)
	if fieldbook.ErrorCode(err) != fieldbook.EINVALID || !strings.Contains(err.Error(), "another hub or service centre") {
		t.Fatalf("import into another centre: %v", err)
	}
	if p, _ := a2.db.PendingChanges(ctx, 10); len(p) != 0 {
		t.Fatalf("a refused import left %d pending changes", len(p))
	}

	rep, err := unsynced.Import(ctx, a2.db, file, origin(a2))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != m.Rows || len(rep.Skipped) > 0 {
		t.Fatalf("import: %+v, want %d rows", rep, m.Rows)
	}
	again, err := unsynced.Import(ctx, a2.db, file, origin(a2))
	if err != nil || again.Rows != 0 || again.Same != m.Rows {
		t.Fatalf("importing the file again: %+v %v; want nothing changed", again, err)
	}
	if v, err := a2.db.VerifyVisit(ctx, visitID); err != nil || !v.OK {
		t.Fatalf("the imported visit does not verify on A2: %+v %v", v, err)
	}
	r := mustSync(t, a2)
	if r.Rejected > 0 || r.Conflicts > 0 {
		is, _ := a2.db.SyncIssues(ctx)
		t.Fatalf("A2's sync of the imported work: %+v, issues %+v", r, is)
	}

	onHub := map[string]bool{}
	for _, hr := range w.hubRows() {
		onHub[hr.Table+"/"+hr.ID] = true
	}
	var sigs int
	for _, row := range mustRows(t, a1) {
		if !onHub[row.Table+"/"+row.ID] {
			t.Errorf("the hub lacks A1's %s %s", row.Table, row.ID)
		}
		if row.Table == "signatures" {
			sigs++
		}
	}
	if sigs < 2 {
		t.Fatalf("A1 had %d signatures unsynced, want 2", sigs)
	}
	if !onHub["jobs/"+job.ID] || !onHub["visits/"+visitID] {
		t.Fatal("the hub lacks the job or the visit")
	}
	mustSync(t, clerkDev)
	if v, err := clerkDev.db.VerifyVisit(ctx, visitID); err != nil || !v.OK {
		t.Fatalf("the visit A1 signed does not verify on the clerk's replica: %+v %v", v, err)
	}
	// A1, back online, pushes the same work: nothing conflicts.
	if r := mustSync(t, a1); r.Rejected > 0 || r.Conflicts > 0 {
		is, _ := a1.db.SyncIssues(ctx)
		t.Fatalf("A1's own sync afterwards: %+v, issues %+v", r, is)
	}
}

func mustRows(t *testing.T, d *device) []struct{ Table, ID string } {
	t.Helper()
	rows, err := d.db.UnsyncedRows(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := make([]struct{ Table, ID string }, len(rows))
	for i, r := range rows {
		out[i].Table, out[i].ID = r.Table, r.ID
	}
	return out
}

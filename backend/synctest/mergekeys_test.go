package synctest

import (
	"context"
	"testing"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/sqlite"
)

// editVisit saves one field of the visit on the device, as the form does.
func editVisit(t *testing.T, d *device, visitID string, set func(*fieldbook.Visit)) {
	t.Helper()
	ctx := context.Background()
	view, err := d.db.Visit(ctx, visitID)
	if err != nil {
		t.Fatal(err)
	}
	v := view.Visit
	set(&v)
	if _, err := d.db.SaveVisitDraft(ctx, v); err != nil {
		t.Fatalf("%s: save draft: %v", d.name, err)
	}
}

func visitOn(t *testing.T, d *device, visitID string) fieldbook.Visit {
	t.Helper()
	view, err := d.db.Visit(context.Background(), visitID)
	if err != nil {
		t.Fatal(err)
	}
	return view.Visit
}

func openIssues(t *testing.T, d *device) []sqlite.SyncIssue {
	t.Helper()
	is, err := d.db.SyncIssues(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return is
}

// TestVisitFieldsMergeAcrossDevices: two laptops edit one visit; edits of
// different fields are both kept, on the hub and on both laptops, with no
// conflict; an edit of the same field is a conflict of that field alone,
// the first to reach the hub wins, and the other laptop keeps its value in
// the conflict for a person to choose.
func TestVisitFieldsMergeAcrossDevices(t *testing.T) {
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			w := newWorld(t, be, 2, options{})
			a1, a2 := w.devs[0], w.devs[1]
			_, visitID := jobWithVisit(t, a1)
			mustSync(t, a1)
			mustSync(t, a2)

			editVisit(t, a1, visitID, func(v *fieldbook.Visit) { v.Diagnosis = "搓纸轮磨损" })
			editVisit(t, a2, visitID, func(v *fieldbook.Visit) { v.Result = "已恢复正常打印" })
			mustSync(t, a1)
			if rep := mustSync(t, a2); rep.Conflicts != 0 {
				t.Errorf("edits of different fields: %d conflicts, want none", rep.Conflicts)
			}
			mustSync(t, a1)
			for _, d := range []*device{a1, a2} {
				if v := visitOn(t, d, visitID); v.Diagnosis != "搓纸轮磨损" || v.Result != "已恢复正常打印" {
					t.Errorf("%s: diagnosis %q, result %q; want both edits", d.name, v.Diagnosis, v.Result)
				}
				if is := openIssues(t, d); len(is) != 0 {
					t.Errorf("%s: sync issues %+v, want none", d.name, is)
				}
			}

			// The same field on both: one conflict, of that field.
			editVisit(t, a1, visitID, func(v *fieldbook.Visit) { v.WorkPerformed = "更换搓纸轮" })
			editVisit(t, a2, visitID, func(v *fieldbook.Visit) { v.WorkPerformed = "清洁搓纸轮"; v.CustomerRequirement = "尽快修好" })
			mustSync(t, a1)
			mustSync(t, a2)
			mustSync(t, a1)
			is := openIssues(t, a2)
			if len(is) != 1 || is[0].Field != "content.work_performed" || string(is[0].Yours) != `"清洁搓纸轮"` || string(is[0].Theirs) != `"更换搓纸轮"` {
				t.Fatalf("a2's issues = %+v, want one conflict of content.work_performed", is)
			}
			for _, d := range []*device{a1, a2} {
				v := visitOn(t, d, visitID)
				if v.WorkPerformed != "更换搓纸轮" || v.CustomerRequirement != "尽快修好" || v.Diagnosis != "搓纸轮磨损" {
					t.Errorf("%s: work %q, requirement %q, diagnosis %q; want the first work, the second's requirement, the diagnosis kept",
						d.name, v.WorkPerformed, v.CustomerRequirement, v.Diagnosis)
				}
			}
			// The person chooses their own value: it goes to the hub and to a1.
			if err := a2.db.ResolveSyncIssue(context.Background(), is[0].ID, "mine"); err != nil {
				t.Fatal(err)
			}
			mustSync(t, a2)
			mustSync(t, a1)
			for _, d := range []*device{a1, a2} {
				if v := visitOn(t, d, visitID); v.WorkPerformed != "清洁搓纸轮" || v.Result != "已恢复正常打印" {
					t.Errorf("%s after choosing mine: work %q, result %q", d.name, v.WorkPerformed, v.Result)
				}
			}
			if is := openIssues(t, a1); len(is) != 0 {
				t.Errorf("a1: issues %+v, want none", is)
			}
		})
	}
}

// A form holds "no parts" as an empty list where the store and the hub hold
// null: that is no edit. A laptop saving its form with another field edited
// pushes that field alone, and a part another laptop added meanwhile is
// neither a conflict nor lost. (The empty list went to the hub as an edit of
// content.parts, in conflict with the other laptop's part line.)
func TestNothingIsNotAnEdit(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, backends[0], 4, options{})
	a1, a2 := w.devs[0], w.devs[1]
	_, visitID := jobWithVisit(t, a1)
	mustSync(t, a1)
	mustSync(t, a2)
	if v := visitOn(t, a2, visitID); v.Parts != nil {
		t.Fatalf("a new visit's parts = %#v, want null", v.Parts)
	}
	// a2's form: no parts (an empty list), a diagnosis typed; saved whole.
	v := visitOn(t, a2, visitID)
	v.Parts, v.Labour, v.Diagnosis = []fieldbook.PartLine{}, []fieldbook.LabourLine{}, "搓纸轮磨损"
	if _, err := a2.db.SaveVisitDraft(ctx, v); err != nil {
		t.Fatal(err)
	}
	editVisit(t, a1, visitID, func(v *fieldbook.Visit) {
		v.Parts = []fieldbook.PartLine{{Name: "搓纸轮", Qty: 1, UnitPriceFen: 4500}}
	})
	mustSync(t, a1)
	if rep := mustSync(t, a2); rep.Conflicts != 0 {
		t.Errorf("a2's sync: %d conflicts, want none: %+v", rep.Conflicts, openIssues(t, a2))
	}
	mustSync(t, a1)
	for _, d := range []*device{a1, a2} {
		got := visitOn(t, d, visitID)
		if got.Diagnosis != "搓纸轮磨损" || len(got.Parts) != 1 || got.Parts[0].Name != "搓纸轮" {
			t.Errorf("%s: diagnosis %q, parts %+v; want a2's diagnosis and a1's part", d.name, got.Diagnosis, got.Parts)
		}
		if is := openIssues(t, d); len(is) != 0 {
			t.Errorf("%s: issues %+v, want none", d.name, is)
		}
	}
}

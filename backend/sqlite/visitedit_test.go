package sqlite

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fieldbook/backend/fieldbook"
)

// A value over a draft's limits is refused on its field; the fields typed
// with it and after it are stored, and the refusal never blocks a later save.
func TestSaveVisitEditRefusesPerField(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	_, _, j := newJob(t, d, "王芳", "13812345678")
	view, err := d.StartVisit(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	base := view.Visit
	v := base
	v.Diagnosis = strings.Repeat("诊", 4200)
	v.Result = "已修复"
	res, err := d.SaveVisitEdit(ctx, fieldbook.VisitEdit{Visit: v, Base: &base})
	if err != nil {
		t.Fatalf("save with an over-long field: %v", err)
	}
	if len(res.Refused) != 1 || res.Refused[0].Field != "diagnosis" || !strings.Contains(res.Refused[0].ZH, "4200") || !strings.Contains(res.Refused[0].EN, "4000") {
		t.Fatalf("Refused = %+v, want diagnosis with its length and the limit", res.Refused)
	}
	if res.Visit == nil || res.Visit.Result != "已修复" || res.Visit.Diagnosis != "" {
		t.Fatalf("stored = %+v, want result stored and diagnosis as before", res.Visit)
	}
	// A later edit of another field, the refused value still in the form.
	base2 := *res.Visit
	v.WorkPerformed = "更换搓纸轮"
	res, err = d.SaveVisitEdit(ctx, fieldbook.VisitEdit{Visit: v, Base: &base2})
	if err != nil || len(res.Refused) != 1 {
		t.Fatalf("second save = %+v, %v", res.Refused, err)
	}
	got, err := d.Visit(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Visit.Result != "已修复" || got.Visit.WorkPerformed != "更换搓纸轮" || got.Visit.Diagnosis != "" {
		t.Errorf("stored visit = result %q, work %q, diagnosis %d runes", got.Visit.Result, got.Visit.WorkPerformed, len([]rune(got.Visit.Diagnosis)))
	}
	// Within the limit it is stored.
	base3 := *res.Visit
	v.Diagnosis = strings.Repeat("诊", fieldbook.MaxTextRunes)
	if res, err = d.SaveVisitEdit(ctx, fieldbook.VisitEdit{Visit: v, Base: &base3}); err != nil || len(res.Refused) != 0 || res.Visit.Diagnosis != v.Diagnosis {
		t.Errorf("save at the limit = %+v, %v", res.Refused, err)
	}
	// The whole-form save refuses the same way.
	v.Result = strings.Repeat("果", fieldbook.MaxTextRunes+1)
	v.FollowUp = "下周回访"
	if res, err = d.SaveVisitDraft(ctx, v); err != nil || len(res.Refused) != 1 || res.Refused[0].Field != "result" || res.Visit.FollowUp != "下周回访" {
		t.Errorf("SaveVisitDraft over the limit = %+v, %v", res.Refused, err)
	}
	// Too many part lines: the lines are refused, the rest is stored.
	v.Result = "已修复"
	v.Parts = make([]fieldbook.PartLine, fieldbook.MaxLines+1)
	for i := range v.Parts {
		v.Parts[i] = fieldbook.PartLine{Name: "螺丝", Qty: 1}
	}
	if res, err = d.SaveVisitDraft(ctx, v); err != nil || len(res.Refused) != 1 || res.Refused[0].Field != "parts" || res.Visit.Result != "已修复" || len(res.Visit.Parts) != 0 {
		t.Errorf("too many parts = %+v, %v", res.Refused, err)
	}
}

// A form made on an older version (a sync changed the record while it was
// open) writes only the fields it edited; a field changed on both sides keeps
// the stored value and comes back as a conflict.
func TestSaveVisitEditOnAStaleBase(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	_, _, j := newJob(t, d, "王芳", "13812345678")
	view, err := d.StartVisit(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	base := view.Visit
	// Another device's edit arrives (here: a save with the whole form).
	other := base
	other.Diagnosis = "另一台电脑：定影组件脏污"
	other.WorkPerformed = "另一台电脑：清洁定影组件"
	if _, err := d.SaveVisitDraft(ctx, other); err != nil {
		t.Fatal(err)
	}
	// The open form, still on base, edits 处理结果 and 处理过程.
	form := base
	form.Result = "已修复"
	form.WorkPerformed = "本机：更换搓纸轮"
	res, err := d.SaveVisitEdit(ctx, fieldbook.VisitEdit{Visit: form, Base: &base})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Conflicts, []string{"work_performed"}) {
		t.Errorf("Conflicts = %v, want [work_performed]", res.Conflicts)
	}
	got := res.Visit
	if got.Diagnosis != other.Diagnosis || got.Result != "已修复" || got.WorkPerformed != other.WorkPerformed {
		t.Errorf("stored = diagnosis %q, result %q, work %q; want the other device's diagnosis and work, this form's result",
			got.Diagnosis, got.Result, got.WorkPerformed)
	}
	// Both sides typing the same text is no conflict.
	b2 := *res.Visit
	form2 := b2
	form2.FollowUp = "下周回访"
	other2 := b2
	other2.FollowUp = "下周回访"
	if _, err := d.SaveVisitDraft(ctx, other2); err != nil {
		t.Fatal(err)
	}
	if res, err = d.SaveVisitEdit(ctx, fieldbook.VisitEdit{Visit: form2, Base: &b2}); err != nil || len(res.Conflicts) != 0 {
		t.Errorf("same value on both sides = %v, %v", res.Conflicts, err)
	}
	// Nothing edited: the version stays.
	b3 := *res.Visit
	if res2, err := d.SaveVisitEdit(ctx, fieldbook.VisitEdit{Visit: b3, Base: &b3}); err != nil || res2.Version != b3.Version {
		t.Errorf("save without edits = version %d, %v; want %d", res2.Version, err, b3.Version)
	}
}

// A form sends [] for no parts where the store holds null: the same nothing,
// not an edit and not a conflict.
func TestSaveVisitEditEmptyListsAreNothing(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	_, _, j := newJob(t, d, "王芳", "13812345678")
	view, err := d.StartVisit(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	stored := view.Visit
	base := stored
	base.Parts, base.Labour = []fieldbook.PartLine{}, []fieldbook.LabourLine{}
	form := base
	form.Parts = []fieldbook.PartLine{{Name: "搓纸轮", Qty: 2, UnitPriceFen: 2800}}
	res, err := d.SaveVisitEdit(ctx, fieldbook.VisitEdit{Visit: form, Base: &base})
	if err != nil || len(res.Conflicts) != 0 || len(res.Visit.Parts) != 1 {
		t.Fatalf("parts added on an empty base = %v, %v, %+v", res.Conflicts, err, res.Visit)
	}
	again := *res.Visit
	again.Labour = nil
	b2 := *res.Visit
	b2.Labour = []fieldbook.LabourLine{}
	if res2, err := d.SaveVisitEdit(ctx, fieldbook.VisitEdit{Visit: again, Base: &b2}); err != nil || res2.Version != res.Version {
		t.Errorf("null for [] is no edit: version %d → %d, %v", res.Version, res2.Version, err)
	}
}

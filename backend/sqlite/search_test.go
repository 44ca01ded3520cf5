package sqlite

import (
	"context"
	"testing"

	"fieldbook/backend/fieldbook"
)

func TestMatchQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{"张伟", `"张伟"`},
		{"欧阳娜娜", `"欧阳 阳娜 娜娜"`},
		{"138-1234", `"13 38 81 12 23 34"`},
		{"ＡＢ", `"ab"`}, // full-width folds to ASCII
		{"张 M404", `"张"* AND "m4 40 04"`},
		{"  ", ""},
		{`"*()`, ""},
	}
	for _, tt := range tests {
		if got := matchQuery(tt.in); got != tt.want {
			t.Errorf("matchQuery(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSearchJobs(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	_, _, wang := newJob(t, d, "王芳", "138-1234-5678")
	_, _, ouyang := newJob(t, d, "欧阳娜娜", "021-58881234")
	c, err := d.SaveCustomer(ctx, fieldbook.Customer{Name: "陈建国", Phones: []string{"13900001111"}, Addresses: []string{"广东省深圳市南山区科技园南路18号"}})
	if err != nil {
		t.Fatal(err)
	}
	car, err := d.SaveAsset(ctx, fieldbook.Asset{CustomerID: c.ID, Kind: fieldbook.AssetVehicle, Model: "大众 朗逸 1.5L", Serial: "LSVAU2180N2183456", Plate: "粤B·6K8Q2"})
	if err != nil {
		t.Fatal(err)
	}
	chen, err := d.CreateJob(ctx, fieldbook.NewJob{JobType: "vehicle_service", CustomerID: c.ID, AssetID: car.ID, Summary: "保养"})
	if err != nil {
		t.Fatal(err)
	}
	v, err := d.StartVisit(ctx, chen.ID)
	if err != nil {
		t.Fatal(err)
	}
	v.Visit.FaultSymptoms = "发动机异响，怠速抖动"
	if _, err := d.SaveVisitDraft(ctx, v.Visit); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		q    string
		want []string // job ids, newest first
	}{
		{"娜娜", []string{ouyang.ID}},        // two Chinese characters
		{"王芳", []string{wang.ID}},          // a whole two-character name
		{"13812345678", []string{wang.ID}}, // phone typed without the dashes it was saved with
		{"5888", []string{ouyang.ID}},      // part of a landline
		{"张江路", []string{ouyang.ID, wang.ID}},
		{"6k8q", []string{chen.ID}}, // plate, any case
		{"粤B", []string{chen.ID}},   // mixed Chinese and Latin
		{"m404", []string{ouyang.ID, wang.ID}},
		{"异响", []string{chen.ID}},        // fault text from the visit
		{"朗逸 异响", []string{chen.ID}},     // all terms must match
		{chen.Number, []string{chen.ID}}, // job number
		{"芳娜", nil},                      // not a substring of any field
		{"", []string{chen.ID, ouyang.ID, wang.ID}},
	}
	for _, tt := range tests {
		page, err := d.SearchJobs(ctx, tt.q, 0, 50)
		if err != nil {
			t.Fatalf("SearchJobs(%q): %v", tt.q, err)
		}
		var got []string
		for _, r := range page.Rows {
			got = append(got, r.ID)
		}
		if !equal(got, tt.want) || page.Total != len(tt.want) {
			t.Errorf("SearchJobs(%q) = %v (total %d), want %v", tt.q, got, page.Total, tt.want)
		}
	}

	// Renaming the customer reindexes their jobs.
	cw, _ := d.Customer(ctx, c.ID)
	cw.Customer.Name = "陈国强"
	if _, err := d.SaveCustomer(ctx, cw.Customer); err != nil {
		t.Fatal(err)
	}
	if p, _ := d.SearchJobs(ctx, "国强", 0, 10); p.Total != 1 {
		t.Errorf("after rename, SearchJobs(国强) total = %d, want 1", p.Total)
	}
	if p, _ := d.SearchJobs(ctx, "建国", 0, 10); p.Total != 0 {
		t.Errorf("after rename, SearchJobs(建国) total = %d, want 0", p.Total)
	}
}

func TestSearchPaging(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	for i := 0; i < 7; i++ {
		newJob(t, d, "刘洋", "13700000000")
	}
	seen := map[string]bool{}
	for off := 0; off < 7; off += 3 {
		p, err := d.SearchJobs(ctx, "刘洋", off, 3)
		want := 7 // counted for the first page only
		if off > 0 {
			want = -1
		}
		if err != nil || p.Total != want {
			t.Fatalf("page at %d: total %d, %v; want %d", off, p.Total, err, want)
		}
		for _, r := range p.Rows {
			if seen[r.ID] {
				t.Errorf("job %s on two pages", r.ID)
			}
			seen[r.ID] = true
		}
	}
	if len(seen) != 7 {
		t.Errorf("paged through %d jobs, want 7", len(seen))
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

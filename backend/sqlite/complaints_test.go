package sqlite

import (
	"context"
	"slices"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
)

func complaintRefusals(err error) []string {
	var out []string
	for _, f := range fieldbook.ToPayload(err).Fields {
		out = append(out, f.Field)
	}
	slices.Sort(out)
	return out
}

// TestComplaintLifecycle: the desk registers a complaint about a job (its
// customer the job's, taken by the desk's user, now), moves it through
// 分析 and 处理中 to 已结案 with each step's fields, refused field by field
// when one is missing; the state never goes back, a closed complaint no
// longer changes; each save is one synced change; the list filters by
// state and kind, newest first; the form is kept as a draft.
func TestComplaintLifecycle(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	clock := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	d.Now = func() time.Time { return clock }
	c, _, j := newJob(t, d, "周先生", "13700000000")

	if _, err := d.SaveComplaint(ctx, fieldbook.Complaint{JobID: j.ID, Content: " "}, "孙悦"); !slices.Equal(complaintRefusals(err), []string{"channel", "content"}) {
		t.Fatalf("an empty complaint = %v, want the channel and content refused", err)
	}
	if _, err := d.SaveComplaint(ctx, fieldbook.Complaint{JobID: "nope", Channel: "phone", Content: "卡纸"}, "孙悦"); !slices.Equal(complaintRefusals(err), []string{"job_id"}) {
		t.Fatalf("a complaint about no job = %v", err)
	}
	k, err := d.SaveComplaint(ctx, fieldbook.Complaint{JobID: j.ID, CustomerID: "forged", Channel: "phone", Content: "修好两天又卡纸"}, "孙悦")
	if err != nil {
		t.Fatal(err)
	}
	if k.CustomerID != c.ID || k.ReceivedBy != "孙悦" || k.State != fieldbook.ComplaintRegistered || k.ReceivedAt != ts(clock) || k.JobNumber != j.Number || k.CustomerName != "周先生" {
		t.Fatalf("registered = %+v", k)
	}
	k.State = fieldbook.ComplaintHandling
	if _, err := d.SaveComplaint(ctx, k, "孙悦"); !slices.Equal(complaintRefusals(err), []string{"analysis", "compensation", "kind", "responsibility"}) {
		t.Fatalf("straight to handling = %v", err)
	}
	k.State, k.Kind = fieldbook.ComplaintAnalysing, "quality"
	if k, err = d.SaveComplaint(ctx, k, "孙悦"); err != nil {
		t.Fatal(err)
	}
	k.State, k.Analysis, k.Responsibility, k.Compensation, k.CompensationFen = fieldbook.ComplaintHandling, "硒鼓批次缺陷", "ours", "money", -1
	if _, err := d.SaveComplaint(ctx, k, "孙悦"); !slices.Equal(complaintRefusals(err), []string{"compensation_fen"}) {
		t.Fatalf("a negative compensation = %v", err)
	}
	k.CompensationFen = 20000
	if k, err = d.SaveComplaint(ctx, k, "孙悦"); err != nil {
		t.Fatal(err)
	}
	back := k
	back.State = fieldbook.ComplaintRegistered
	if _, err := d.SaveComplaint(ctx, back, "孙悦"); !slices.Equal(complaintRefusals(err), []string{"state"}) {
		t.Fatalf("going back = %v", err)
	}
	clock = clock.Add(24 * time.Hour)
	k.State, k.Resolution = fieldbook.ComplaintClosed, "退款 200 元"
	if k, err = d.SaveComplaint(ctx, k, "王经理"); err != nil {
		t.Fatal(err)
	}
	if k.ClosedBy != "王经理" || k.ClosedAt != ts(clock) || k.ReceivedBy != "孙悦" {
		t.Fatalf("closed = %+v", k)
	}
	k.Resolution = "改口"
	if _, err := d.SaveComplaint(ctx, k, "孙悦"); fieldbook.ErrorCode(err) != fieldbook.ECONFLICT {
		t.Fatalf("changing a closed complaint = %v, want a conflict", err)
	}
	var pending int
	if err := d.rdb.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE tbl = 'complaints'`).Scan(&pending); err != nil || pending == 0 {
		t.Fatalf("outbox holds %d complaint changes (%v), want them to sync", pending, err)
	}

	clock = clock.Add(time.Hour)
	newer, err := d.SaveComplaint(ctx, fieldbook.Complaint{JobID: j.ID, Channel: "letter", Content: "上门迟到", Kind: "service"}, "孙悦")
	if err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(time.Hour)
	unclassified, err := d.SaveComplaint(ctx, fieldbook.Complaint{JobID: j.ID, Channel: "phone", Content: "回访电话无人接"}, "孙悦")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		f    ComplaintFilter
		want []string
	}{
		{ComplaintFilter{}, []string{unclassified.ID, newer.ID, k.ID}},
		{ComplaintFilter{Kind: ComplaintUnclassified}, []string{unclassified.ID}},
		{ComplaintFilter{State: fieldbook.ComplaintRegistered, Kind: ComplaintUnclassified}, []string{unclassified.ID}},
		{ComplaintFilter{State: fieldbook.ComplaintClosed, Kind: ComplaintUnclassified}, nil},
		{ComplaintFilter{State: fieldbook.ComplaintClosed}, []string{k.ID}},
		{ComplaintFilter{Kind: "service"}, []string{newer.ID}},
		{ComplaintFilter{State: fieldbook.ComplaintRegistered, Kind: "quality"}, nil},
	} {
		page, err := d.Complaints(ctx, tc.f, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range page.Rows {
			got = append(got, r.ID)
		}
		if !slices.Equal(got, tc.want) || page.Total != len(tc.want) {
			t.Errorf("complaints %+v = %v (total %d), want %v", tc.f, got, page.Total, tc.want)
		}
	}

	if err := d.KeepComplaintDraft(ctx, "", map[string]any{"content": "客户来电"}); err != nil {
		t.Fatal(err)
	}
	if form, err := d.ComplaintDraft(ctx, ""); err != nil || form["content"] != "客户来电" {
		t.Fatalf("draft = %v, %v", form, err)
	}
	if err := d.DiscardComplaintDraft(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if form, err := d.ComplaintDraft(ctx, ""); err != nil || form != nil {
		t.Fatalf("discarded draft = %v, %v", form, err)
	}
}

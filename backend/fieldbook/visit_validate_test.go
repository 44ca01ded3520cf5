package fieldbook

import (
	"strings"
	"testing"
	"time"
)

// issueOn returns the message of the first issue on field, "" when none.
func issueOn(issues []FieldError, field string) string {
	for _, i := range issues {
		if i.Field == field {
			return i.ZH
		}
	}
	return ""
}

func TestVisitIssuesOnTheirFields(t *testing.T) {
	arrived := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	early := arrived.Add(-time.Hour)
	tests := []struct {
		name  string
		edit  func(*Visit)
		field string
		want  string // a part of the Chinese message
	}{
		{"negative quantity", func(v *Visit) { v.Parts[0].Qty = -3 }, "parts.0.qty", "数量必须大于 0"},
		{"zero quantity", func(v *Visit) { v.Parts[0].Qty = 0 }, "parts.0.qty", "数量必须大于 0"},
		{"negative price", func(v *Visit) { v.Parts[0].UnitPriceFen = -26000 }, "parts.0.unit_price_fen", "单价不能为负数"},
		{"negative rate", func(v *Visit) { v.Labour[0].RateFen = -100 }, "labour.0.rate_fen", "费率不能为负数"},
		{"departure before arrival", func(v *Visit) { v.ArrivedAt, v.DepartedAt = &arrived, &early }, "departed_at", "离开时间不能早于到达时间"},
		{"landline in two groups", func(v *Visit) { v.Customer.Phone = "0371-6555 12" }, "customer.phone", "请输入正确的电话"},
		{"too long", func(v *Visit) { v.Diagnosis = strings.Repeat("诊", MaxTextRunes+1) }, "diagnosis", "内容过长，最多 4000 字"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Visit{Parts: []PartLine{{Name: "定影组件", Qty: 1, UnitPriceFen: 8550}},
				Labour: []LabourLine{{Description: "拆机更换", Minutes: 60, RateFen: 12000}}}
			if got := v.Issues(JobType{}); len(got) != 0 {
				t.Fatalf("Issues(valid) = %v", got)
			}
			tt.edit(&v)
			if got := issueOn(v.Issues(JobType{}), tt.field); !strings.Contains(got, tt.want) {
				t.Errorf("issue on %s = %q, want one containing %q", tt.field, got, tt.want)
			}
		})
	}
	v := Visit{Customer: CustomerSnapshot{Phone: "0371-6555 1234"}}
	if got := issueOn(v.Issues(JobType{}), "customer.phone"); got != "" {
		t.Errorf("issue on the landline 0371-6555 1234 = %q, want none", got)
	}
}

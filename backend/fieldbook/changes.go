package fieldbook

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// FieldChange is one field an amendment changed, from the revision it
// replaces: its path in the form ("customer.phone", "parts"), its label and
// both values as text (lists one entry a line, times in the centre's zone).
type FieldChange struct {
	Field string  `json:"field"`
	Label Message `json:"label"`
	Old   string  `json:"old"`
	New   string  `json:"new"`
}

// changeFields are the content fields an amendment may change, in the
// form's order, with their labels and their values as text.
var changeFields = []struct {
	field string
	label Message
	text  func(v Visit, zone *time.Location) string
}{
	{"customer.name", Message{"客户姓名", "Customer name"}, func(v Visit, _ *time.Location) string { return v.Customer.Name }},
	{"customer.company", Message{"单位", "Company"}, func(v Visit, _ *time.Location) string { return v.Customer.Company }},
	{"customer.phone", Message{"联系电话", "Phone"}, func(v Visit, _ *time.Location) string { return v.Customer.Phone }},
	{"customer.address", Message{"地址", "Address"}, func(v Visit, _ *time.Location) string { return v.Customer.Address }},
	{"asset.model", Message{"产品型号", "Model"}, func(v Visit, _ *time.Location) string { return v.Asset.Model }},
	{"asset.serial", Message{"序列号/VIN", "Serial no. / VIN"}, func(v Visit, _ *time.Location) string { return v.Asset.Serial }},
	{"asset.plate", Message{"车牌号", "Plate"}, func(v Visit, _ *time.Location) string { return v.Asset.Plate }},
	{"asset.purchase_date", Message{"购买日期", "Purchase date"}, func(v Visit, _ *time.Location) string { return v.Asset.PurchaseDate }},
	{"fault_symptoms", Message{"故障现象", "Fault symptoms"}, func(v Visit, _ *time.Location) string { return v.FaultSymptoms }},
	{"customer_requirement", Message{"用户要求", "Customer requirement"}, func(v Visit, _ *time.Location) string { return v.CustomerRequirement }},
	{"repair_history", Message{"维修历史", "Repair history"}, func(v Visit, _ *time.Location) string { return v.RepairHistory }},
	{"diagnosis", Message{"故障诊断", "Diagnosis"}, func(v Visit, _ *time.Location) string { return v.Diagnosis }},
	{"work_performed", Message{"处理过程", "Work performed"}, func(v Visit, _ *time.Location) string { return v.WorkPerformed }},
	{"result", Message{"处理结果", "Result"}, func(v Visit, _ *time.Location) string { return v.Result }},
	{"parts", Message{"备品/配件", "Parts"}, func(v Visit, _ *time.Location) string { return partsText(v.Parts) }},
	{"labour", Message{"工时", "Labour"}, func(v Visit, _ *time.Location) string { return labourText(v.Labour) }},
	{"payment_method", Message{"付费方式", "Payment method"}, func(v Visit, _ *time.Location) string { return v.PaymentMethod }},
	{"old_parts", Message{"旧件处理方式", "Old parts"}, func(v Visit, _ *time.Location) string { return v.OldParts }},
	{"appointment_at", Message{"预约时间", "Appointment"}, func(v Visit, z *time.Location) string { return timeText(v.AppointmentAt, z) }},
	{"arrived_at", Message{"到达时间", "Arrival"}, func(v Visit, z *time.Location) string { return timeText(v.ArrivedAt, z) }},
	{"departed_at", Message{"离开时间", "Departure"}, func(v Visit, z *time.Location) string { return timeText(v.DepartedAt, z) }},
	{"follow_up", Message{"回访", "Follow-up"}, func(v Visit, _ *time.Location) string { return v.FollowUp }},
	{"follow_up_at", Message{"回访时间", "Follow-up time"}, func(v Visit, z *time.Location) string { return timeText(v.FollowUpAt, z) }},
	{"satisfaction", Message{"满意度", "Satisfaction"}, func(v Visit, _ *time.Location) string {
		if v.Satisfaction == 0 {
			return ""
		}
		return strconv.Itoa(v.Satisfaction)
	}},
	{"customer_comments", Message{"客户意见", "Customer comments"}, func(v Visit, _ *time.Location) string { return v.CustomerComments }},
}

// Changes lists, field by field in the form's order, what next changes of
// old (the revision it amends); times are written in zone (nil: UTC).
func Changes(old, next Visit, zone *time.Location) []FieldChange {
	if zone == nil {
		zone = time.UTC
	}
	out := []FieldChange{}
	for _, f := range changeFields {
		if a, b := f.text(old, zone), f.text(next, zone); a != b {
			out = append(out, FieldChange{Field: f.field, Label: f.label, Old: a, New: b})
		}
	}
	return out
}

func timeText(t *time.Time, zone *time.Location) string {
	if t == nil {
		return ""
	}
	return t.In(zone).Format("2006-01-02 15:04")
}

// yuan writes fen as yuan with two decimals: 8500 → 85.00.
func yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}

// partsText is one part a line: 搓纸轮 (RM1-8808) × 1 @ ¥85.00.
func partsText(parts []PartLine) string {
	lines := make([]string, 0, len(parts))
	for _, p := range parts {
		name := p.Name
		if p.CatalogueNo != "" {
			name += " (" + p.CatalogueNo + ")"
		}
		lines = append(lines, fmt.Sprintf("%s × %d @ ¥%s", name, p.Qty, yuan(p.UnitPriceFen)))
	}
	return strings.Join(lines, "\n")
}

// labourText is one labour line a line: 上门维修 90 分钟 @ ¥120.00/小时.
func labourText(labour []LabourLine) string {
	lines := make([]string, 0, len(labour))
	for _, l := range labour {
		lines = append(lines, fmt.Sprintf("%s %d 分钟 @ ¥%s/小时", l.Description, l.Minutes, yuan(l.RateFen)))
	}
	return strings.Join(lines, "\n")
}

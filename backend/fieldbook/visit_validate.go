package fieldbook

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on visit content, also for drafts.
const (
	MaxTextRunes = 4000 // one free-text field
	MaxLines     = 200  // parts or labour lines
)

// VisitFieldLabels are the visit fields a job type may require, with their
// Chinese and English names for messages.
var VisitFieldLabels = map[string]Message{
	"customer.name":        {"客户姓名", "customer name"},
	"customer.phone":       {"联系电话", "phone"},
	"customer.address":     {"地址", "address"},
	"asset.model":          {"产品型号", "model"},
	"asset.serial":         {"序列号/VIN", "serial number / VIN"},
	"asset.plate":          {"车牌号", "plate number"},
	"asset.purchase_date":  {"购买日期", "purchase date"},
	"fault_symptoms":       {"故障现象", "fault symptoms"},
	"customer_requirement": {"用户要求", "customer requirement"},
	"diagnosis":            {"故障诊断", "diagnosis"},
	"work_performed":       {"处理过程", "work performed"},
	"result":               {"处理结果", "result"},
	"arrived_at":           {"到达时间", "arrival time"},
	"departed_at":          {"离开时间", "departure time"},
}

// value returns the text of a required field, or "set"/"" for times.
func (v Visit) value(field string) string {
	switch field {
	case "customer.name":
		return v.Customer.Name
	case "customer.phone":
		return v.Customer.Phone
	case "customer.address":
		return v.Customer.Address
	case "asset.model":
		return v.Asset.Model
	case "asset.serial":
		return v.Asset.Serial
	case "asset.plate":
		return v.Asset.Plate
	case "asset.purchase_date":
		return v.Asset.PurchaseDate
	case "fault_symptoms":
		return v.FaultSymptoms
	case "customer_requirement":
		return v.CustomerRequirement
	case "diagnosis":
		return v.Diagnosis
	case "work_performed":
		return v.WorkPerformed
	case "result":
		return v.Result
	case "arrived_at":
		return setIf(v.ArrivedAt != nil)
	case "departed_at":
		return setIf(v.DepartedAt != nil)
	}
	return "set" // unknown fields never block
}

func setIf(b bool) string {
	if b {
		return "set"
	}
	return ""
}

// CheckDraft reports what no draft may hold: over-long text, too many lines.
// A draft may be incomplete; it may not be absurd.
func (v Visit) CheckDraft() error {
	var val Validation
	v.checkLimits(&val)
	return val.Err()
}

// Issues lists everything that keeps the visit from being signed or finished
// under job type t: missing required fields, bad phone format, times out of
// order, non-positive quantities, negative prices.
func (v Visit) Issues(t JobType) []FieldError {
	var val Validation
	v.checkLimits(&val)
	for _, f := range t.RequiredFields {
		if strings.TrimSpace(v.value(f)) == "" {
			l := VisitFieldLabels[f]
			val.Add(f, "请填写"+l.ZH+"。", "Enter the "+l.EN+".")
		}
	}
	if p := v.Customer.Phone; p != "" && !IsPhone(p) {
		val.Add("customer.phone", "请输入正确的电话：11位手机号，或带区号的座机号（如 021-58881234）。",
			"Enter a valid phone: an 11-digit mobile, or a landline with area code (e.g. 021-58881234).")
	}
	if d := v.Asset.PurchaseDate; d != "" {
		bought, err := time.Parse(time.DateOnly, d)
		switch {
		case err != nil:
			val.Add("asset.purchase_date", "购买日期格式应为 年-月-日，如 2024-03-15。", "Purchase date must be YYYY-MM-DD, e.g. 2024-03-15.")
		case v.ArrivedAt != nil && bought.After(*v.ArrivedAt):
			val.Add("asset.purchase_date", "购买日期不能晚于服务日期。", "The purchase date cannot be after the service date.")
		}
	}
	if v.ArrivedAt != nil && v.DepartedAt != nil && v.DepartedAt.Before(*v.ArrivedAt) {
		val.Add("departed_at", "离开时间不能早于到达时间。", "Departure cannot be before arrival.")
	}
	if v.FollowUpAt != nil && v.ArrivedAt != nil && v.FollowUpAt.Before(*v.ArrivedAt) {
		val.Add("follow_up_at", "回访时间不能早于到达时间。", "The follow-up cannot be before the arrival.")
	}
	for i, p := range v.Parts {
		at := fmt.Sprintf("parts.%d.", i)
		if strings.TrimSpace(p.Name) == "" {
			val.Add(at+"name", "请填写配件名称。", "Enter the part's name.")
		}
		if p.Qty <= 0 {
			val.Add(at+"qty", "数量必须大于 0。", "Quantity must be greater than 0.")
		}
		if p.UnitPriceFen < 0 {
			val.Add(at+"unit_price_fen", "单价不能为负数。", "The unit price cannot be negative.")
		}
	}
	for i, l := range v.Labour {
		at := fmt.Sprintf("labour.%d.", i)
		if strings.TrimSpace(l.Description) == "" {
			val.Add(at+"description", "请填写工作内容。", "Describe the work.")
		}
		if l.Minutes <= 0 {
			val.Add(at+"minutes", "工时必须大于 0。", "Hours must be greater than 0.")
		}
		if l.RateFen < 0 {
			val.Add(at+"rate_fen", "费率不能为负数。", "The rate cannot be negative.")
		}
	}
	if v.PaymentMethod != "" && !slices.Contains(PaymentMethods, v.PaymentMethod) {
		val.Add("payment_method", "请选择付费方式。", "Choose a payment method.")
	}
	if v.OldParts != "" && !slices.Contains(OldPartsDispositions, v.OldParts) {
		val.Add("old_parts", "请选择旧件处理方式。", "Choose what happens to the old parts.")
	}
	if v.Satisfaction < 0 || v.Satisfaction > 5 {
		val.Add("satisfaction", "满意度为 1 到 5。", "Satisfaction is 1 to 5.")
	}
	return val.fields
}

// limitedTexts are the visit's free-text fields by path, each under MaxTextRunes.
func (v *Visit) limitedTexts() map[string]*string {
	return map[string]*string{
		"customer.name": &v.Customer.Name, "customer.company": &v.Customer.Company, "customer.address": &v.Customer.Address,
		"customer.phone": &v.Customer.Phone, "asset.model": &v.Asset.Model, "asset.serial": &v.Asset.Serial, "asset.plate": &v.Asset.Plate,
		"fault_symptoms": &v.FaultSymptoms, "customer_requirement": &v.CustomerRequirement, "repair_history": &v.RepairHistory,
		"diagnosis": &v.Diagnosis, "work_performed": &v.WorkPerformed, "result": &v.Result,
		"follow_up": &v.FollowUp, "customer_comments": &v.CustomerComments, "amend_reason": &v.AmendReason,
	}
}

// TooLongMessage is the refusal of a text over MaxTextRunes, with its length.
func TooLongMessage(n int) Message {
	return Message{ZH: fmt.Sprintf("内容过长（%d 字），最多 %d 字：此字段未保存，请删减。", n, MaxTextRunes),
		EN: fmt.Sprintf("Too long (%d characters), at most %d: this field is not saved; shorten it.", n, MaxTextRunes)}
}

// CheckAmendReason checks the reason given for an amendment: there is one,
// within MaxTextRunes.
func CheckAmendReason(reason string) error {
	var val Validation
	switch n := utf8.RuneCountInString(reason); {
	case strings.TrimSpace(reason) == "":
		val.Add("amend_reason", amendReasonMessage.ZH, amendReasonMessage.EN)
	case n > MaxTextRunes:
		m := TooLongMessage(n)
		val.Add("amend_reason", m.ZH, m.EN)
	}
	return val.Err()
}

// amendReasonMessage asks an amendment for its reason.
var amendReasonMessage = Message{ZH: "请写明修订原因：改了什么、为什么改。", EN: "Give the reason for the amendment: what changes and why."}

func (v Visit) checkLimits(val *Validation) {
	if v.Supersedes != "" && strings.TrimSpace(v.AmendReason) == "" {
		val.Add("amend_reason", amendReasonMessage.ZH, amendReasonMessage.EN)
	}
	texts := v.limitedTexts()
	keys := make([]string, 0, len(texts))
	for k := range texts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if utf8.RuneCountInString(*texts[k]) > MaxTextRunes {
			val.Add(k, fmt.Sprintf("内容过长，最多 %d 字。", MaxTextRunes), fmt.Sprintf("Too long: at most %d characters.", MaxTextRunes))
		}
	}
	if len(v.Parts) > MaxLines {
		val.Add("parts", fmt.Sprintf("配件最多 %d 行。", MaxLines), fmt.Sprintf("At most %d part lines.", MaxLines))
	}
	if len(v.Labour) > MaxLines {
		val.Add("labour", fmt.Sprintf("工时最多 %d 行。", MaxLines), fmt.Sprintf("At most %d labour lines.", MaxLines))
	}
}

// KeepWithinLimits replaces every value of v over a draft limit with keep's
// value of that field and returns what it refused, one message per field:
// a value a draft may not hold never keeps the other fields from being stored.
func (v *Visit) KeepWithinLimits(keep Visit) []FieldError {
	var val Validation
	if keep.Supersedes != "" && strings.TrimSpace(v.AmendReason) == "" {
		val.Add("amend_reason", amendReasonMessage.ZH, amendReasonMessage.EN)
		v.AmendReason = keep.AmendReason
	}
	texts, kept := v.limitedTexts(), keep.limitedTexts()
	keys := make([]string, 0, len(texts))
	for k := range texts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if n := utf8.RuneCountInString(*texts[k]); n > MaxTextRunes {
			m := TooLongMessage(n)
			val.Add(k, m.ZH, m.EN)
			*texts[k] = *kept[k]
		}
	}
	if n := len(v.Parts); n > MaxLines {
		val.Add("parts", fmt.Sprintf("配件 %d 行，最多 %d 行；这些行未保存。", n, MaxLines), fmt.Sprintf("%d part lines, at most %d; these lines were not saved.", n, MaxLines))
		v.Parts = keep.Parts
	}
	if n := len(v.Labour); n > MaxLines {
		val.Add("labour", fmt.Sprintf("工时 %d 行，最多 %d 行；这些行未保存。", n, MaxLines), fmt.Sprintf("%d labour lines, at most %d; these lines were not saved.", n, MaxLines))
		v.Labour = keep.Labour
	}
	return val.fields
}

// ValidateFinished returns an EINVALID error listing every issue, or nil.
func (v Visit) ValidateFinished(t JobType) error {
	issues := v.Issues(t)
	if len(issues) == 0 {
		return nil
	}
	e := Errorf(EINVALID, "服务单还有未完成或有误的内容，请检查标出的字段。",
		"The service record is incomplete or has errors; check the marked fields.")
	e.Fields = issues
	return e
}

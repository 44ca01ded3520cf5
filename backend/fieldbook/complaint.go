package fieldbook

import (
	"slices"
	"strings"
	"time"

	"fieldbook/backend/schema"
)

// A complaint's states (客户投诉处理单): 登记 → 分析 → 处理中 → 已结案.
const (
	ComplaintRegistered = schema.ComplaintRegistered
	ComplaintAnalysing  = schema.ComplaintAnalysing
	ComplaintHandling   = schema.ComplaintHandling
	ComplaintClosed     = schema.ComplaintClosed
)

// CompensationMoney is the compensation paid as an amount (CompensationFen).
const CompensationMoney = "money"

// Limits of a complaint's texts and compensation.
const (
	MaxComplaintRunes  = 4000
	MaxCompensationFen = 100_000_000 // ¥1,000,000
)

// Complaint is a customer's complaint about a job as the service desk
// records it (客户投诉处理单): how and when it came in and who took it, what
// it says, its classification (Kind), analysis, who is responsible, the
// compensation (赔付) and how it was settled (Resolution). Times are RFC 3339.
type Complaint struct {
	ID              string `json:"id"`
	JobID           string `json:"job_id"`
	CustomerID      string `json:"customer_id"`
	Channel         string `json:"channel"`
	ReceivedAt      string `json:"received_at"`
	ReceivedBy      string `json:"received_by"`
	Content         string `json:"content"`
	Kind            string `json:"kind"`
	Analysis        string `json:"analysis"`
	Responsibility  string `json:"responsibility"`
	Compensation    string `json:"compensation"`
	CompensationFen int64  `json:"compensation_fen"`
	Resolution      string `json:"resolution"`
	State           string `json:"state"`
	ClosedAt        string `json:"closed_at"`
	ClosedBy        string `json:"closed_by"`
	// Read with the complaint, never written through it.
	JobNumber    string `json:"job_number"`
	CustomerName string `json:"customer_name"`
	UpdatedAt    string `json:"updated_at"`
}

// ComplaintNo is the number a complaint is known by on screen, on its form
// and on the phone: the last twelve hex digits of its id, in three groups
// (3F2A-91C0-7B1E). Complaint ids are UUIDv7: their first digits are the
// time they were made, shared by every complaint of the same minute, while
// these 48 bits are random, so every desk, offline or not, gives a complaint
// the same number; the odds that any two of 100,000 complaints share one are
// under 1 in 50,000 (a job number's per-device counter would need a synced
// column the hub checks). An id too short has its own digits.
func ComplaintNo(id string) string {
	tail := strings.ToUpper(strings.ReplaceAll(id, "-", ""))
	tail = tail[max(0, len(tail)-12):]
	var b strings.Builder
	for i, r := range tail {
		if i > 0 && (len(tail)-i)%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ComplaintStep is the rank of a state in 登记 → 分析 → 处理中 → 已结案; -1
// for no state.
func ComplaintStep(state string) int { return slices.Index(schema.ComplaintStates, state) }

// Validate checks a complaint as it would be stored, field by field: the
// fields every complaint has, and those its state needs — a kind to be
// analysed, the analysis, responsibility and compensation to be handled,
// the result, time and person to be closed.
func (c Complaint) Validate() error {
	var v Validation
	enum := func(field, value string, values []string, zh, en string) {
		if value != "" && !slices.Contains(values, value) {
			v.Add(field, "不是可选的值。", "Not one of the choices.")
		} else if value == "" && zh != "" {
			v.Add(field, zh, en)
		}
	}
	text := func(field, value, zh, en string) {
		switch n := len([]rune(strings.TrimSpace(value))); {
		case n == 0 && zh != "":
			v.Add(field, zh, en)
		case n > MaxComplaintRunes:
			v.Add(field, "内容过长，最多 4000 字。", "Too long: at most 4000 characters.")
		}
	}
	step := ComplaintStep(c.State)
	if step < 0 {
		v.Add("state", "状态无效。", "Invalid state.")
	}
	if c.JobID == "" {
		v.Add("job_id", "请选择投诉所涉及的工单。", "Choose the job the complaint is about.")
	}
	if c.CustomerID == "" {
		v.Add("customer_id", "缺少投诉客户。", "The complaining customer is missing.")
	}
	enum("channel", c.Channel, schema.ComplaintChannels, "请选择投诉方式（电话、传真、信函或面谈）。", "Choose how it came in (phone, fax, letter or in person).")
	if t, err := time.Parse(time.RFC3339Nano, c.ReceivedAt); err != nil {
		v.Add("received_at", "请填写有效的受理时间。", "Enter a valid time received.")
	} else if c.ClosedAt != "" {
		if closed, err := time.Parse(time.RFC3339Nano, c.ClosedAt); err == nil && closed.Before(t) {
			v.Add("closed_at", "结案时间不能早于受理时间。", "Closed before it was received.")
		}
	}
	if strings.TrimSpace(c.ReceivedBy) == "" {
		v.Add("received_by", "缺少受理人。", "Who took the complaint is missing.")
	}
	text("content", c.Content, "请填写投诉内容。", "Enter what the customer complains about.")
	kindNeeded, handleNeeded, closeNeeded := step >= 1, step >= 2, step >= 3
	pick := func(need bool, zh, en string) (string, string) {
		if need {
			return zh, en
		}
		return "", ""
	}
	zh, en := pick(kindNeeded, "分析前请选择投诉类别。", "Choose the kind of complaint before analysing it.")
	enum("kind", c.Kind, schema.ComplaintKinds, zh, en)
	zh, en = pick(handleNeeded, "处理前请填写原因分析。", "Enter the analysis before handling it.")
	text("analysis", c.Analysis, zh, en)
	zh, en = pick(handleNeeded, "处理前请判定责任归属。", "Decide who is responsible before handling it.")
	enum("responsibility", c.Responsibility, schema.ComplaintResponsibility, zh, en)
	zh, en = pick(handleNeeded, "处理前请选择赔付方式（不赔付也要选择）。", "Choose the compensation before handling it (none is a choice too).")
	enum("compensation", c.Compensation, schema.ComplaintCompensations, zh, en)
	switch {
	case c.CompensationFen < 0:
		v.Add("compensation_fen", "赔付金额不能为负数。", "The compensation cannot be negative.")
	case c.CompensationFen > MaxCompensationFen:
		v.Add("compensation_fen", "赔付金额最多 1,000,000 元。", "The compensation is at most ¥1,000,000.")
	case c.Compensation == CompensationMoney && c.CompensationFen == 0:
		v.Add("compensation_fen", "请填写赔付金额。", "Enter the amount paid.")
	case c.Compensation != CompensationMoney && c.CompensationFen != 0:
		v.Add("compensation_fen", "只有现金赔付才有金额。", "Only a payment has an amount.")
	}
	zh, en = pick(closeNeeded, "结案前请填写处理结果。", "Enter how it was settled before closing it.")
	text("resolution", c.Resolution, zh, en)
	if closeNeeded {
		if _, err := time.Parse(time.RFC3339Nano, c.ClosedAt); err != nil {
			v.Add("closed_at", "缺少有效的结案时间。", "A valid time closed is missing.")
		}
		if strings.TrimSpace(c.ClosedBy) == "" {
			v.Add("closed_by", "缺少结案人。", "Who closed it is missing.")
		}
	} else if c.ClosedAt != "" || c.ClosedBy != "" {
		v.Add("closed_at", "只有已结案的投诉有结案时间和结案人。", "Only a closed complaint has a time and person closed.")
	}
	return v.Err()
}

// ComplaintChange checks a complaint's move from before (nil: a new one,
// which may come at any state its fields allow: a desk offline records
// several steps before a sync) to after: a state never goes back, a closed
// complaint no longer changes, and the job and the person who took it stay
// those of its registration.
func ComplaintChange(before *Complaint, after Complaint) error {
	if before == nil {
		return nil
	}
	var v Validation
	if before.State == ComplaintClosed && after != *before {
		return Errorf(ECONFLICT, "投诉已结案，不能再修改。", "The complaint is closed; it can no longer change.")
	}
	if ComplaintStep(after.State) < ComplaintStep(before.State) {
		v.Add("state", "投诉的状态只能向前推进（登记 → 分析 → 处理中 → 已结案）。",
			"A complaint's state only moves forward (registered → analysing → handling → closed).")
	}
	if after.ReceivedBy != before.ReceivedBy {
		v.Add("received_by", "受理人不能更改。", "Who took the complaint does not change.")
	}
	if after.JobID != before.JobID {
		v.Add("job_id", "投诉所涉及的工单不能更改。", "The job a complaint is about does not change.")
	}
	return v.Err()
}

// ComplaintPage is a page of the complaints list, newest first; Total is
// bounded like the other lists' counts (More when there are more).
type ComplaintPage struct {
	Rows  []Complaint `json:"rows"`
	Total int         `json:"total"`
	More  bool        `json:"more"`
}

// ComplaintLabels name the values of a complaint's channel, kind,
// responsibility, compensation and state, as the complaint form (PDF) and
// the statistics workbook print them.
var ComplaintLabels = map[string]Message{
	"phone": {"电话", "Phone"}, "fax": {"传真", "Fax"}, "letter": {"信函", "Letter"}, "in_person": {"面谈", "In person"},
	"quality": {"质量", "Quality"}, "quantity": {"数量", "Quantity"}, "delivery": {"交期", "Delivery"},
	"transport": {"运输损坏", "Transport damage"}, "service": {"服务", "Service"}, "other": {"其他", "Other"},
	"ours": {"本公司", "Ours"}, "customer": {"客户", "Customer"}, "third_party": {"第三方", "Third party"},
	"none": {"不赔付", "None"}, "money": {"现金赔付", "Payment"}, "replacement": {"换货", "Replacement"}, "repair": {"免费维修", "Free repair"},
	ComplaintRegistered: {"登记", "Registered"}, ComplaintAnalysing: {"分析", "Analysing"},
	ComplaintHandling: {"处理中", "Handling"}, ComplaintClosed: {"已结案", "Closed"},
}

// ComplaintLabel is the Chinese name of a complaint's value, "" for none.
func ComplaintLabel(v string) string {
	if m, ok := ComplaintLabels[v]; ok {
		return m.ZH
	}
	return v
}

package archive

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

// Sources of a registered document.
const (
	SourceElectronic = "electronic" // made in Fieldbook (service record, checklist)
	SourceScan       = "scan"       // a scan or photo of the paper original
)

var (
	roleLabels = map[string]jobtype.Text{
		fieldbook.RoleCustomer:       {ZH: "客户", EN: "customer"},
		fieldbook.RoleTechnician:     {ZH: "技术员", EN: "technician"},
		fieldbook.RoleServiceAdvisor: {ZH: "服务顾问", EN: "service advisor"},
		fieldbook.RoleLeadTechnician: {ZH: "主修技师", EN: "lead technician"},
		fieldbook.RoleInspector:      {ZH: "检验员", EN: "inspector"},
		fieldbook.RoleTestDriver:     {ZH: "试车员", EN: "test driver"},
		fieldbook.RolePartyA:         {ZH: "甲方代表", EN: "client's representative (party A)"},
		fieldbook.RolePartyB:         {ZH: "乙方代表", EN: "contractor's representative (party B)"},
	}
	stampLabels = map[string]jobtype.Text{
		jobtype.StampBusiness:    {ZH: "业务专用章", EN: "business stamp"},
		jobtype.StampFinancePaid: {ZH: "财务结清章", EN: "finance “paid” stamp"},
	}
	flagLabels = map[string]jobtype.Text{
		jobtype.FlagHadMaintenance:      {ZH: "有保养项目", EN: "had maintenance"},
		jobtype.FlagWasBooked:           {ZH: "预约", EN: "was booked"},
		jobtype.FlagHasSuggestedRepairs: {ZH: "有建议维修项目", EN: "has suggested repairs"},
		jobtype.FlagWarrantyClaim:       {ZH: "涉及索赔", EN: "warranty claim"},
	}
	sourceLabels = map[string]jobtype.Text{
		SourceElectronic: {ZH: "电子", EN: "electronic"},
		SourceScan:       {ZH: "纸质扫描", EN: "paper, scanned"},
	}
)

func labelOf(m map[string]jobtype.Text, key string) jobtype.Text {
	if l, ok := m[key]; ok {
		return l
	}
	return jobtype.Text{ZH: key, EN: key}
}

// RoleLabel is the name of a signature role, e.g. 客户 / customer (English
// in lower case, for use inside a sentence).
func RoleLabel(role string) jobtype.Text { return labelOf(roleLabels, role) }

// StampLabel is the name of a stamp, e.g. 财务结清章 / finance “paid” stamp.
func StampLabel(stamp string) jobtype.Text { return labelOf(stampLabels, stamp) }

// FlagLabel is the name of a condition flag, e.g. 有保养项目 / had maintenance.
func FlagLabel(flag string) jobtype.Text { return labelOf(flagLabels, flag) }

// SourceLabel is the name of a document source: 电子 or 纸质扫描.
func SourceLabel(source string) jobtype.Text { return labelOf(sourceLabels, source) }

// PresenceLabel describes whether a document is needed: 必需, 条件（有保养项目）
// or 可选.
func PresenceLabel(presence, when string) jobtype.Text {
	switch presence {
	case jobtype.PresenceRequired:
		return jobtype.Text{ZH: "必需", EN: "required"}
	case jobtype.PresenceConditional:
		f := FlagLabel(when)
		return jobtype.Text{ZH: "条件（" + f.ZH + "）", EN: "if " + f.EN}
	case jobtype.PresenceOptional:
		return jobtype.Text{ZH: "可选", EN: "optional"}
	}
	return jobtype.Text{ZH: presence, EN: presence}
}

// SignatureStatusLabel describes how a role signed: ✔ 本人签字, 盖章, 代签,
// 拒签, ✘ 缺.
func SignatureStatusLabel(kind string) jobtype.Text {
	switch kind {
	case fieldbook.SignReal:
		return jobtype.Text{ZH: "✔ 本人签字", EN: "signed"}
	case fieldbook.SignStamp:
		return jobtype.Text{ZH: "✔ 盖章", EN: "stamped"}
	case fieldbook.SignProxy:
		return jobtype.Text{ZH: "代签", EN: "on behalf"}
	case fieldbook.SignRefused:
		return jobtype.Text{ZH: "拒签", EN: "refused"}
	case "":
		return jobtype.Text{ZH: "✘ 缺", EN: "missing"}
	}
	return jobtype.Text{ZH: "？" + kind, EN: "? " + kind}
}

// docName is the document's name in Chinese and, for use inside an English
// sentence, in lower case unless it starts with an acronym ("IT …").
func docName(d jobtype.DocumentType) jobtype.Text {
	t := d.Name
	if t.ZH == "" {
		t.ZH = d.Key
	}
	if t.EN == "" {
		t.EN = t.ZH
	}
	t.EN = lowerFirst(t.EN)
	return t
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsUpper(r) {
		return s
	}
	if r2, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(r2) {
		return s // an acronym
	}
	return string(unicode.ToLower(r)) + s[n:]
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// msg builds a message; en is a sentence whose first letter is raised.
func msg(zh, en string) fieldbook.Message {
	return fieldbook.Message{ZH: zh, EN: upperFirst(strings.TrimSpace(en))}
}

package jobtype

import (
	"fmt"
	"slices"
	"unicode/utf8"

	"fieldbook/backend/fieldbook"
)

// Format names the file format of a bundle. A file states it in its "format"
// field; a later, incompatible format gets a new name.
const Format = "fieldbook.jobtypes.v1"

// Text is a label in both of the product's languages. ZH is required where a
// text is required; the UI falls back to ZH when EN is empty.
type Text struct {
	ZH string `json:"zh"`
	EN string `json:"en,omitempty"`
}

// Message returns t as a fieldbook.Message, EN falling back to ZH.
func (t Text) Message() fieldbook.Message {
	en := t.EN
	if en == "" {
		en = t.ZH
	}
	return fieldbook.Message{ZH: t.ZH, EN: en}
}

// Bundle is what an admin exports, edits and imports: job types and the
// checklist templates their documents use. Parse reads one, Export writes one.
type Bundle struct {
	Format    string     `json:"format"`
	JobTypes  []JobType  `json:"job_types,omitempty"`
	Templates []Template `json:"checklist_templates,omitempty"`
}

// JobType is one kind of job a service centre does: which documents its
// archive set holds, in binding order, who signs and stamps each, and which
// fields the service record needs.
type JobType struct {
	Key  string `json:"key"`
	Name Text   `json:"name"`
	// Fields are extra values recorded on the job, e.g. the maintenance
	// type and level of an equipment repair.
	Fields []Field `json:"fields,omitempty"`
	// RequiredFields are JSON paths in a visit the service record needs
	// before it can be signed, e.g. "customer.phone"; see VisitFields.
	RequiredFields []string `json:"required_fields,omitempty"`
	// Documents are the job's document set in binding order (装订顺序).
	Documents []DocumentType `json:"documents"`
}

// Field kinds of a job type's extra fields.
const (
	FieldChoice = "choice" // one of Options
	FieldText   = "text"   // free text
)

// FieldKinds are every kind of job field.
var FieldKinds = []string{FieldChoice, FieldText}

// Field is an extra value recorded on a job of the type.
type Field struct {
	Key      string   `json:"key"`
	Name     Text     `json:"name"`
	Kind     string   `json:"kind"`
	Required bool     `json:"required,omitempty"`
	Options  []Option `json:"options,omitempty"` // for kind choice
}

// Option is one choice of a choice field.
type Option struct {
	Value string `json:"value"`
	Label Text   `json:"label"`
}

// Document forms: how a document of the type is made.
const (
	FormServiceRecord = "service_record" // the visit's service record (服务单)
	FormChecklist     = "checklist"      // a checklist filled from Template
	FormScan          = "scan"           // a scan or photo of a paper document
)

// Forms are every document form.
var Forms = []string{FormServiceRecord, FormChecklist, FormScan}

// Presence of a document in a job's set.
const (
	PresenceRequired    = "required"    // always part of the set
	PresenceOptional    = "optional"    // may be added; never missing
	PresenceConditional = "conditional" // required when the job's flag When is set
)

// Presences are every presence.
var Presences = []string{PresenceRequired, PresenceOptional, PresenceConditional}

// Condition flags: named facts about a job that make documents required.
const (
	FlagHadMaintenance      = "had_maintenance"       // 有保养项目
	FlagWasBooked           = "was_booked"            // 预约车辆/预约上门
	FlagHasSuggestedRepairs = "has_suggested_repairs" // 有建议维修项目
	FlagWarrantyClaim       = "warranty_claim"        // 涉及索赔
)

// Conditions are every condition flag.
var Conditions = []string{FlagHadMaintenance, FlagWasBooked, FlagHasSuggestedRepairs, FlagWarrantyClaim}

// Stamps a document may need.
const (
	StampBusiness    = "business"     // 业务专用章
	StampFinancePaid = "finance_paid" // 财务结清章
)

// Stamps are every stamp.
var Stamps = []string{StampBusiness, StampFinancePaid}

// Roles are every signature role (fieldbook.Roles, in display order).
var Roles = fieldbook.Roles

// DocumentType is one document of a job's set.
type DocumentType struct {
	Key      string `json:"key"`
	Name     Text   `json:"name"`
	Form     string `json:"form"`
	Template string `json:"template,omitempty"` // checklist template key, for form checklist
	Presence string `json:"presence"`
	When     string `json:"when,omitempty"` // condition flag, for presence conditional
	// Signatures are the roles that must sign the document, e.g. customer.
	Signatures []string `json:"signatures,omitempty"`
	// Stamps are the stamps the document must carry, e.g. finance_paid.
	Stamps []string `json:"stamps,omitempty"`
}

// RequiredFor reports whether the document belongs to the set of a job
// whose condition flags are flags.
func (d DocumentType) RequiredFor(flags map[string]bool) bool {
	switch d.Presence {
	case PresenceRequired:
		return true
	case PresenceConditional:
		return flags[d.When]
	}
	return false
}

// DocumentsFor returns the documents a job with condition flags needs, in
// binding order: the required ones and the conditional ones whose flag is
// set. Optional documents are never in it.
func (t JobType) DocumentsFor(flags map[string]bool) []DocumentType {
	var out []DocumentType
	for _, d := range t.Documents {
		if d.RequiredFor(flags) {
			out = append(out, d)
		}
	}
	return out
}

// Document returns the document type with key.
func (t JobType) Document(key string) (DocumentType, bool) {
	i := slices.IndexFunc(t.Documents, func(d DocumentType) bool { return d.Key == key })
	if i < 0 {
		return DocumentType{}, false
	}
	return t.Documents[i], true
}

// Legacy returns t as the fieldbook.JobType the service-record code uses
// today: the signature roles are those of the first service_record document.
func (t JobType) Legacy() fieldbook.JobType {
	lt := fieldbook.JobType{Key: t.Key, Name: t.Name.Message(),
		RequiredFields: slices.Clone(t.RequiredFields), SignatureRoles: []string{}}
	for _, d := range t.Documents {
		if d.Form == FormServiceRecord {
			lt.SignatureRoles = slices.Clone(d.Signatures)
			break
		}
	}
	if lt.RequiredFields == nil {
		lt.RequiredFields = []string{}
	}
	return lt
}

// Item kinds of a checklist.
const (
	KindPassFail = "pass_fail" // 合格 / 不合格 / 不适用
	KindNumber   = "number"    // a measured value with a unit and limits
	KindText     = "text"      // free text
	KindPhoto    = "photo"     // one or more photos
	KindDate     = "date"      // a date, 2026-12-07, in the answer's text
	// KindList is a free-text list, one entry a line of the answer's text:
	// the 存在问题 of an acceptance form that belong to no item. It is never
	// required (no problems is an answer), and its lines are problems.
	KindList = "list"
)

// Kinds are every item kind.
var Kinds = []string{KindPassFail, KindNumber, KindText, KindPhoto, KindDate, KindList}

// TextKinds are the kinds whose answer is its text.
var TextKinds = []string{KindText, KindDate, KindList}

// Template is a checklist template. A filled checklist keeps the key and
// version it was filled with, so a version, once in use, never changes:
// a changed template gets a higher version (see CheckUpgrade).
type Template struct {
	Key     string  `json:"key"`
	Version int     `json:"version"`
	Name    Text    `json:"name"`
	Groups  []Group `json:"groups"`
}

// Group is a titled group of items, e.g. 瓷砖 tiles.
type Group struct {
	Name Text `json:"name"`
	// Header makes the group the form's heading (工程名称, 承包工程项目,
	// 甲方, 乙方, 日期 …): text and date items, printed above the tables
	// as labels and values.
	Header bool   `json:"header,omitempty"`
	Items  []Item `json:"items"`
}

// Item is one line of a checklist.
type Item struct {
	Key   string `json:"key"` // unique within the template
	Label Text   `json:"label"`
	Kind  string `json:"kind"`
	// Unit, Min and Max are for number items: the value fails when it is
	// below Min or above Max (both inclusive limits), e.g. 空鼓率 % max 3.
	Unit string   `json:"unit,omitempty"`
	Min  *float64 `json:"min,omitempty"`
	Max  *float64 `json:"max,omitempty"`
	// PhotoOnFail: a failed item needs a photo as well as a note.
	PhotoOnFail bool `json:"photo_on_fail,omitempty"`
	// Hint says how to check, e.g. 用小锤轻敲四角与中间.
	Hint Text `json:"hint,omitzero"`
}

// Len is the number of items of t.
func (t Template) Len() int {
	n := 0
	for _, g := range t.Groups {
		n += len(g.Items)
	}
	return n
}

// Item returns the item with key and its group.
func (t Template) Item(key string) (Item, Group, bool) {
	for _, g := range t.Groups {
		for _, it := range g.Items {
			if it.Key == key {
				return it, g, true
			}
		}
	}
	return Item{}, Group{}, false
}

// JobType returns the job type with key.
func (b Bundle) JobType(key string) (JobType, bool) {
	i := slices.IndexFunc(b.JobTypes, func(t JobType) bool { return t.Key == key })
	if i < 0 {
		return JobType{}, false
	}
	return b.JobTypes[i], true
}

// Template returns the checklist template with key.
func (b Bundle) Template(key string) (Template, bool) {
	i := slices.IndexFunc(b.Templates, func(t Template) bool { return t.Key == key })
	if i < 0 {
		return Template{}, false
	}
	return b.Templates[i], true
}

// VisitFields are the visit fields a job type may require, with their labels.
var VisitFields = fieldbook.VisitFieldLabels

// CheckFields checks the values of a job's extra fields (key → value):
// required fields are set, choices are among the options, no unknown keys.
// Fields are "fields.<key>".
func (t JobType) CheckFields(values map[string]string) []fieldbook.FieldError {
	var errs []fieldbook.FieldError
	add := func(key, zh, en string) {
		errs = append(errs, fieldbook.FieldError{Field: "fields." + key, Message: fieldbook.Message{ZH: zh, EN: en}})
	}
	for _, f := range t.Fields {
		v, name := values[f.Key], f.Name.Message()
		switch {
		case v == "" && f.Required:
			add(f.Key, "请填写"+name.ZH+"。", "Enter the "+name.EN+".")
		case v != "" && f.Kind == FieldChoice && !slices.ContainsFunc(f.Options, func(o Option) bool { return o.Value == v }):
			add(f.Key, "请选择"+name.ZH+"。", "Choose the "+name.EN+".")
		case utf8.RuneCountInString(v) > fieldbook.MaxTextRunes:
			add(f.Key, name.ZH+"过长。", "The "+name.EN+" is too long.")
		}
	}
	var unknown []string
	for k := range values {
		if !slices.ContainsFunc(t.Fields, func(f Field) bool { return f.Key == k }) {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		add(k, fmt.Sprintf("作业类型 %q 没有字段 %q。", t.Key, k), fmt.Sprintf("job type %q has no field %q.", t.Key, k))
	}
	return errs
}

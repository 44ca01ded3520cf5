// Package schema declares, once, the schema that syncs between a device and
// the hub: every table, its fields, the roles that may write each field, and
// the limits on their values. The hub's rules (package hub), the device's
// outbox triggers and pulled-row handling (package sqlite) and the sync
// client (package syncer) are derived from it; a test compares it with the
// real tables of the local store so that they cannot drift.
package schema

import "slices"

// Version is the version of the synced tables and fields, sent by every
// client in the Fieldbook-Schema header. Bump it when a table is added (its
// Since) or a field changes meaning. A new field of an existing table needs
// no bump: a device applies only the columns it knows and never sends the
// others, and the hub accepts only the current and the previous version, so
// a bump locks out the release before the previous one.
const Version = 8

// AmendReasonSince is the first version whose clients give an amendment
// its reason (visits.content amend_reason). A client of an earlier one
// never asks for it: the hub takes its unsigned amendments without one
// rather than refuse the technician's draft for what their release could
// not write (it is signed without one, as scheme v1). Version 0 is a
// caller that did not say (the hub's own tests): held to the rule.
const AmendReasonSince = 7

// Roles of hub users.
const (
	RoleTechnician = "technician"
	RoleDesk       = "desk" // the service desk (客服): takes calls, records jobs, dispatches them
	RoleClerk      = "clerk"
	RoleAdmin      = "admin"
)

// A customer complaint's states (客户投诉处理单): registered (登记), being
// analysed (分析), being handled (处理中), closed (已结案). A complaint only
// moves forward; a closed one no longer changes.
const (
	ComplaintRegistered = "registered"
	ComplaintAnalysing  = "analysing"
	ComplaintHandling   = "handling"
	ComplaintClosed     = "closed"
)

// ComplaintStates are a complaint's states in their order.
var ComplaintStates = []string{ComplaintRegistered, ComplaintAnalysing, ComplaintHandling, ComplaintClosed}

// How a complaint came in, what it is about, who is responsible and how the
// customer is compensated (赔付).
var (
	ComplaintChannels       = []string{"phone", "fax", "letter", "in_person"}
	ComplaintKinds          = []string{"quality", "quantity", "delivery", "transport", "service", "other"}
	ComplaintResponsibility = []string{"ours", "customer", "third_party"}
	ComplaintCompensations  = []string{"none", "money", "replacement", "repair"}
)

// Kind is the JSON type a field takes on the wire.
type Kind int

const (
	Text Kind = iota // a JSON string; a TEXT column
	Int              // a JSON integer; an INTEGER column
	Flag             // 0 or 1; an INTEGER column
	JSON             // a JSON object or array (not a string); a TEXT column holding JSON
)

// Limits on values, whatever the field.
const (
	MaxIDBytes   = 64       // a row id
	MaxDepth     = 32       // nesting of arrays and objects in a JSON field
	MaxTextBytes = 16 << 10 // a text field unless the field says less or more
	MaxJSONBytes = 1 << 20  // a JSON field unless the field says more
)

// Field is one synced column.
type Field struct {
	Name     string
	Kind     Kind
	Nullable bool     // null is accepted (a nullable column)
	Required bool     // every new row carries it (a NOT NULL column without default)
	Enum     []string // for text fields: the accepted values, if limited
	// Audit fields are device clocks, display only: the last write wins and
	// they never raise a conflict.
	Audit bool
	// Writers are the roles that may push the field. Fields no role pushes
	// are written by the hub itself: Filing fields by its clerk actions,
	// the others (the audit trail) by the hub alone.
	Writers []string
	// Filing fields belong to the archive clerk and change only through the
	// hub's clerk actions (POST /v1/clerk), never by a push.
	Filing bool
	// MaxBytes bounds the value's JSON encoding; 0 means MaxTextBytes for
	// text and MaxJSONBytes for JSON.
	MaxBytes int
	// MergeKeys: the field is a JSON object whose top-level keys merge one
	// by one (a visit's content: two people editing different fields of
	// one record both keep their edits). A change lists the keys it set.
	MergeKeys bool
	// Marks names the field this one marks as done (a reminder's time marks
	// the appointment in reminded_for): another device marking the same
	// value again is the same mark, not a conflict — the first stays.
	// Taking the mark back (null) merges like any field.
	Marks string
}

// Limit is the largest JSON encoding the field accepts.
func (f Field) Limit() int {
	switch {
	case f.MaxBytes > 0:
		return f.MaxBytes
	case f.Kind == JSON:
		return MaxJSONBytes
	case f.Kind == Text:
		return MaxTextBytes
	}
	return 32 // an integer
}

// WrittenBy reports whether role may push the field.
func (f Field) WrittenBy(role string) bool {
	for _, w := range f.Writers {
		if w == role {
			return true
		}
	}
	return false
}

// Table is one synced table. Beside its fields, every row has an id, a
// version and a deleted flag, which travel beside the fields.
type Table struct {
	Name   string
	Fields []Field
	// JobField names the field holding the job the row belongs to; for
	// jobs it is "id". Signatures belong to a job through the visit
	// (VisitField) or checklist (ChecklistField) they sign.
	JobField       string
	VisitField     string
	ChecklistField string
	// SignedImmutable fields never change once the record is signed: its
	// "signed" flag is 1, or a signature of it is on the hub.
	SignedImmutable []string
	// BlobField names the field holding the SHA-256 of a blob the row
	// references; a blob is read through it.
	BlobField string
	// InsertOnly tables refuse every change to an existing row.
	InsertOnly bool
	// Reference tables are shared by the service centre: everyone of the
	// centre reads them.
	Reference bool
	// Config tables (job types, templates) are the admin's; a device keeps
	// them in its configuration, not as synced rows, and never pushes them.
	Config bool
	// Since is the schema version that added the table: clients of an
	// older schema are not sent its rows.
	Since int
}

// Field returns the field named name.
func (t *Table) Field(name string) (Field, bool) {
	for _, f := range t.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// WrittenBy reports whether role may push any field of the table (and so
// create and delete its rows).
func (t *Table) WrittenBy(role string) bool {
	for _, f := range t.Fields {
		if !f.Audit && f.WrittenBy(role) {
			return true
		}
	}
	return false
}

// Columns lists the table's synced columns as a device stores them: every
// field, then "deleted".
func (t *Table) Columns() []string {
	out := make([]string, 0, len(t.Fields)+1)
	for _, f := range t.Fields {
		out = append(out, f.Name)
	}
	return append(out, "deleted")
}

// Pushed lists the fields a device pushes, in declaration order: those
// some role writes by push, and the audit fields of such a table. (A
// device records every local change; the hub decides, by its user's role,
// which it takes.)
func (t *Table) Pushed() []string {
	if !slices.ContainsFunc(t.Fields, func(f Field) bool { return len(f.Writers) > 0 }) {
		return nil // the hub writes the table
	}
	var out []string
	for _, f := range t.Fields {
		if len(f.Writers) > 0 || f.Audit {
			out = append(out, f.Name)
		}
	}
	return out
}

// Job statuses. Filed and returned are set by the archive clerk's actions only.
const (
	StatusDraft      = "draft"
	StatusInProgress = "in_progress"
	StatusCompleted  = "completed"
	StatusSubmitted  = "submitted"
	StatusFiled      = "filed"
	StatusReturned   = "returned"
)

// How a phone guidance ended (jobs.guidance_outcome): solved by phone (a
// follow-up is due within two hours), or a technician is needed.
const (
	GuidanceSolved   = "solved"
	GuidanceDispatch = "dispatch"
)

// A technician's answers to a dispatched job (appointment_events.kind): the
// appointment confirmed with the customer, moved to a new time with their
// consent (改约), nobody home (a 留言条 left, the attempt counted), or the job
// handed back to the service desk to dispatch again (退回客服，重新派遣).
const (
	AnswerConfirmed   = "confirmed"
	AnswerRescheduled = "rescheduled"
	AnswerNobodyHome  = "nobody_home"
	AnswerHandedBack  = "handed_back"
)

// JobStatuses are every status of a job.
var JobStatuses = []string{StatusDraft, StatusInProgress, StatusCompleted, StatusSubmitted, StatusFiled, StatusReturned}

var (
	tech  = []string{RoleTechnician}
	admin = []string{RoleAdmin}
	// techDesk: what a technician records on site and the service desk
	// records when a customer calls.
	techDesk = []string{RoleTechnician, RoleDesk}
)

// text, integer, flag and doc declare fields written by technicians.
func text(name string) Field    { return Field{Name: name, Writers: tech} }
func integer(name string) Field { return Field{Name: name, Kind: Int, Writers: tech} }
func flag(name string) Field    { return Field{Name: name, Kind: Flag, Writers: tech} }
func doc(name string) Field     { return Field{Name: name, Kind: JSON, Writers: tech} }

func required(f Field) Field           { f.Required = true; return f }
func nullable(f Field) Field           { f.Nullable = true; return f }
func limit(f Field, n int) Field       { f.MaxBytes = n; return f }
func oneOf(f Field, v ...string) Field { f.Enum = v; return f }
func byKey(f Field) Field              { f.MergeKeys = true; return f }
func marks(f Field, of string) Field   { f.Marks = of; return f }
func intake(f Field) Field             { f.Writers = techDesk; return f }
func deskOnly(f Field) Field           { f.Writers = []string{RoleDesk}; return f }
func deskAdmin(f Field) Field          { f.Writers = []string{RoleDesk, RoleAdmin}; return f }

// filing declares a field the hub's clerk actions write.
func filing(f Field) Field { f.Writers = nil; f.Filing = true; return f }

// created is the device's creation time of the row, display only.
var created = Field{Name: "created_at", Audit: true, MaxBytes: 64}

// Tables are the synced tables, parents before children: a device pushes
// and applies them in this order.
var Tables = []*Table{
	{
		Name:      "customers",
		Reference: true,
		Fields: []Field{
			intake(limit(text("name"), 1024)), intake(limit(text("company"), 1024)),
			intake(limit(doc("phones"), 16<<10)), intake(limit(doc("addresses"), 64<<10)),
			intake(text("note")), created,
		},
	},
	{
		Name:      "assets",
		Reference: true,
		Fields: []Field{
			intake(required(limit(text("customer_id"), MaxIDBytes+2))),
			intake(required(oneOf(text("kind"), "product", "equipment", "vehicle"))),
			intake(limit(text("model"), 1024)), intake(limit(text("serial"), 1024)), intake(limit(text("plate"), 256)),
			intake(limit(text("purchase_date"), 64)), intake(integer("warranty_months")), intake(limit(text("equipment_class"), 256)),
			created,
		},
	},
	{
		Name:     "jobs",
		JobField: "id",
		Fields: []Field{
			intake(required(limit(text("number"), 256))),
			intake(required(limit(text("job_type"), 256))),
			intake(required(limit(text("customer_id"), MaxIDBytes+2))),
			intake(nullable(limit(text("asset_id"), MaxIDBytes+2))),
			intake(limit(text("assigned_to"), 1024)),
			intake(nullable(limit(text("appointment"), 64))),
			intake(required(oneOf(text("status"), JobStatuses...))), // the desk: a new job's draft only (hub rule)
			intake(limit(text("summary"), 4096)),
			// The service desk's phone guidance (电话指导) and, when it solved
			// the problem, the follow-up within two hours (2小时内跟踪回访).
			deskOnly(limit(text("guidance"), 16<<10)),
			deskOnly(oneOf(text("guidance_outcome"), "", GuidanceSolved, GuidanceDispatch)),
			deskOnly(nullable(limit(text("guided_at"), 64))),
			deskOnly(limit(text("followup_result"), 16<<10)),
			deskOnly(nullable(limit(text("followup_at"), 64))),
			// The desk's reminder of the appointment: when, and of which
			// appointment (提前提醒客户).
			deskOnly(marks(nullable(limit(text("reminded_at"), 64)), "reminded_for")),
			deskOnly(nullable(limit(text("reminded_for"), 64))),
			limit(doc("flags"), 16<<10),
			nullable(limit(text("submitted_at"), 64)),
			filing(limit(text("archive_no"), 256)),
			filing(limit(text("archive_location"), 1024)),
			filing(limit(text("return_reason"), 4096)),
			filing(nullable(limit(doc("j_decision"), 16<<10))),
			filing(limit(doc("doc_checks"), 256<<10)),
			filing(nullable(limit(text("filed_at"), 64))),
			filing(limit(text("filed_by"), 1024)),
			created,
		},
	},
	{
		// The audit trail of what clerks did to a job, written by the hub
		// in the transaction of the change; no device pushes it.
		Name:       "job_events",
		JobField:   "job_id",
		InsertOnly: true,
		Since:      5,
		Fields: []Field{
			{Name: "job_id", Required: true}, {Name: "action", Required: true}, {Name: "detail", Kind: JSON},
			{Name: "actor", Required: true}, {Name: "at", Required: true}, {Name: "created_at", Audit: true},
		},
	},
	{
		// A technician's answers to a dispatched job, one row per answer,
		// never changed: the desk sees the latest, the statistics count
		// them. Only the job's technician writes them (hub rule answer).
		Name:       "appointment_events",
		JobField:   "job_id",
		InsertOnly: true,
		Since:      8,
		Fields: []Field{
			required(limit(text("job_id"), MaxIDBytes+2)),
			required(oneOf(text("kind"), AnswerConfirmed, AnswerRescheduled, AnswerNobodyHome, AnswerHandedBack)),
			required(limit(text("technician"), 1024)),
			required(limit(text("at"), 64)),          // when the technician answered (RFC 3339)
			nullable(limit(text("appointment"), 64)), // a reschedule's new time
			limit(text("reason"), 4096),
			flag("consent"), // the customer agreed to the new time
			created,
		},
	},
	{
		Name:     "visits",
		JobField: "job_id",
		Fields: []Field{
			required(limit(text("job_id"), MaxIDBytes+2)),
			required(integer("revision")),
			nullable(limit(text("supersedes"), MaxIDBytes+2)),
			required(oneOf(text("status"), "draft", "finished")),
			required(byKey(limit(doc("content"), 2<<20))),
			flag("signed"),
			created,
		},
		SignedImmutable: []string{"content", "job_id", "revision", "supersedes"},
	},
	{
		Name:     "checklists",
		JobField: "job_id",
		Fields: []Field{
			required(limit(text("job_id"), MaxIDBytes+2)),
			required(limit(text("document_key"), 256)),
			required(limit(text("template_key"), 256)),
			required(integer("template_version")),
			limit(doc("answers"), 4<<20),
			oneOf(text("status"), "draft", "finished"),
			flag("signed"),
			created,
		},
		SignedImmutable: []string{"answers", "job_id", "document_key", "template_key", "template_version"},
	},
	{
		Name:           "signatures",
		VisitField:     "visit_id",
		ChecklistField: "checklist_id",
		BlobField:      "image_sha256",
		InsertOnly:     true,
		Fields: []Field{
			nullable(limit(text("visit_id"), MaxIDBytes+2)),
			nullable(limit(text("checklist_id"), MaxIDBytes+2)),
			required(limit(text("role"), 64)),
			required(oneOf(text("kind"), "real", "proxy", "stamp", "refused")),
			limit(text("signer_name"), 1024), limit(text("reason"), 4096),
			limit(doc("strokes"), 2<<20),
			nullable(limit(text("image_sha256"), 66)),
			required(limit(text("content_hash"), 256)),
			required(limit(text("signed_at"), 64)),
			created,
		},
	},
	{
		Name:      "documents",
		JobField:  "job_id",
		BlobField: "sha256",
		Fields: []Field{
			required(limit(text("job_id"), MaxIDBytes+2)),
			nullable(limit(text("visit_id"), MaxIDBytes+2)),
			required(limit(text("kind"), 64)),
			required(limit(text("sha256"), 66)),
			required(integer("size")),
			created,
		},
	},
	{
		Name:      "attachments",
		JobField:  "job_id",
		BlobField: "sha256",
		Fields: []Field{
			required(limit(text("job_id"), MaxIDBytes+2)),
			nullable(limit(text("checklist_id"), MaxIDBytes+2)),
			limit(text("item_key"), 256), limit(text("name"), 1024),
			required(limit(text("mime"), 128)),
			required(integer("size")),
			required(limit(text("sha256"), 66)),
			created,
		},
	},
	{
		// A customer's complaint (客户投诉处理单) about a job: how it came in,
		// what it says, its classification, analysis, who is responsible,
		// the compensation (赔付) and its state. Written by the service desk
		// (and the admin); the clerk reads every complaint of the centre, a
		// technician those of their own jobs. The hub checks the form again
		// and its states only move forward (rule content).
		Name:     "complaints",
		JobField: "job_id",
		Since:    8,
		Fields: []Field{
			deskAdmin(required(limit(text("job_id"), MaxIDBytes+2))),
			deskAdmin(required(limit(text("customer_id"), MaxIDBytes+2))),
			deskAdmin(required(oneOf(text("channel"), ComplaintChannels...))),
			deskAdmin(required(limit(text("received_at"), 64))),
			deskAdmin(required(limit(text("received_by"), 1024))),
			deskAdmin(required(limit(text("content"), 16<<10))),
			deskAdmin(oneOf(text("kind"), append([]string{""}, ComplaintKinds...)...)),
			deskAdmin(limit(text("analysis"), 16<<10)),
			deskAdmin(oneOf(text("responsibility"), append([]string{""}, ComplaintResponsibility...)...)),
			deskAdmin(oneOf(text("compensation"), append([]string{""}, ComplaintCompensations...)...)),
			deskAdmin(integer("compensation_fen")),
			deskAdmin(limit(text("resolution"), 16<<10)),
			deskAdmin(required(oneOf(text("state"), ComplaintStates...))),
			deskAdmin(nullable(limit(text("closed_at"), 64))),
			deskAdmin(limit(text("closed_by"), 1024)),
			created,
		},
	},
	{
		// A service centre's settings, one row (id "centre"): its
		// letterhead, the format of its service registration numbers, the
		// terms printed on the customer copy, its labour rate and time
		// zone. Only its admin writes them; every device of the centre
		// reads them.
		Name:      "centre_settings",
		Reference: true,
		BlobField: "logo_sha256",
		Since:     6,
		Fields: []Field{
			{Name: "company_name", Writers: admin, MaxBytes: 1024},
			{Name: "company_address", Writers: admin, MaxBytes: 1024},
			{Name: "company_phone", Writers: admin, MaxBytes: 128},
			{Name: "logo_sha256", Nullable: true, Writers: admin, MaxBytes: 66},
			{Name: "registration_format", Writers: admin, MaxBytes: 256},
			{Name: "terms", Writers: admin, MaxBytes: 16 << 10},
			{Name: "labour_rate_fen", Kind: Int, Writers: admin},
			{Name: "time_zone", Writers: admin, MaxBytes: 128},
			{Name: "appointments_per_day", Kind: Int, Writers: admin},
			created,
		},
	},
	{
		// A centre's catalogue: its parts price list and its labour items,
		// one row per item, id "<kind>:<code>". Only its admin writes them;
		// every device of the centre reads them.
		Name:      "catalogue_items",
		Reference: true,
		Since:     7,
		Fields: []Field{
			{Name: "kind", Required: true, Enum: []string{"part", "labour"}, Writers: admin},
			{Name: "code", Required: true, Writers: admin, MaxBytes: 128},
			{Name: "name", Required: true, Writers: admin, MaxBytes: 1024},
			{Name: "unit", Writers: admin, MaxBytes: 128},
			{Name: "price_fen", Kind: Int, Writers: admin},
			{Name: "pinyin", Writers: admin, MaxBytes: 1024},
			{Name: "active", Kind: Flag, Writers: admin},
			created,
		},
	},
	{
		Name:      "job_types",
		Reference: true,
		Config:    true,
		Fields:    []Field{{Name: "definition", Kind: JSON, Writers: admin, MaxBytes: 2 << 20}},
	},
	{
		// A template version never changes; a change is a new version.
		Name:       "checklist_templates",
		Reference:  true,
		Config:     true,
		InsertOnly: true,
		Fields: []Field{
			{Name: "key", Writers: admin, MaxBytes: 256},
			{Name: "version", Kind: Int, Writers: admin},
			{Name: "definition", Kind: JSON, Writers: admin, MaxBytes: 4 << 20},
		},
	},
}

var byName = func() map[string]*Table {
	m := map[string]*Table{}
	for _, t := range Tables {
		m[t.Name] = t
	}
	return m
}()

// Lookup returns the table named name, nil when it does not sync.
func Lookup(name string) *Table { return byName[name] }

// KnownTo reports whether a client of the schema version has the table;
// schema 0 means the current one.
func KnownTo(schema int, table string) bool {
	t := byName[table]
	return schema == 0 || t == nil || t.Since <= schema
}

// IsJSON reports whether table.field holds a JSON document.
func IsJSON(table, field string) bool {
	if t := byName[table]; t != nil {
		f, ok := t.Field(field)
		return ok && f.Kind == JSON
	}
	return false
}

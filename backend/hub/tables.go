package hub

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
)

// Kind is the JSON type a field accepts.
type Kind int

const (
	KindText Kind = iota // a JSON string
	KindInt              // a JSON integer
	KindFlag             // 0 or 1
	KindJSON             // any JSON object or array, sent as JSON, not as a string
)

// Field describes one synced column of a table.
type Field struct {
	Name     string
	Kind     Kind
	Nullable bool     // null is accepted
	Enum     []string // for text fields: the accepted values, if limited
	// Audit fields (device timestamps, updated_by) are display only: the
	// last write wins and they never raise a conflict.
	Audit bool
	// Filing fields belong to the archive clerk; technicians may not write them.
	Filing bool
	// Required fields come with every new row (a device's column without a
	// default): a new row without one is a part of a row the hub refused.
	Required bool
}

// Table describes one synced table: its fields, excluding id, version and
// deleted (sent beside the fields) and local-only columns such as jobs.seq.
type Table struct {
	Name   string
	Fields []Field
	// JobField is the field naming the job the row belongs to ("" for none);
	// for signatures the job is found through the visit (VisitField) or the
	// checklist (ChecklistField) they sign.
	JobField       string
	VisitField     string
	ChecklistField string
	// SignedImmutable are the fields that never change once the row's
	// "signed" flag is 1 (nor can it go back to 0, nor the row be deleted).
	SignedImmutable []string
	// BlobField names the field holding the SHA-256 of a blob the row references.
	BlobField string
	// InsertOnly tables refuse every change to an existing row.
	InsertOnly bool
	// Reference tables (customers, assets) are shared by the service centre.
	Reference bool
	// AdminOnly tables (job types, templates) are written by an admin only
	// and read by everyone of the centre.
	AdminOnly bool
	// HubOnly tables (the audit trail) are written by the hub itself; no
	// device may push to them.
	HubOnly bool
	// Since is the schema version that added the table: clients of an
	// older schema do not pull its rows (they have nowhere to keep them).
	Since int
}

// missingForNew lists the required fields a new row lacks.
func (t *Table) missingForNew(incoming map[string]json.RawMessage) []string {
	var missing []string
	for _, f := range t.Fields {
		if _, ok := incoming[f.Name]; !ok && f.Required {
			missing = append(missing, f.Name)
		}
	}
	return missing
}

// knownTo reports whether a client of the schema version has the table.
func knownTo(schema int, table string) bool {
	t := Tables[table]
	return schema == 0 || t == nil || t.Since <= schema
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

func audit() []Field {
	return []Field{
		{Name: "created_at", Audit: true},
		{Name: "updated_at", Audit: true},
		{Name: "updated_by", Audit: true},
	}
}

// Job statuses. Filed and returned are set by the archive clerk only.
const (
	StatusFiled    = "filed"
	StatusReturned = "returned"
)

var jobStatuses = []string{"draft", "in_progress", "completed", "submitted", StatusFiled, StatusReturned}

// Tables is the hub's schema: every table and field a device may push. It is
// a superset of the fields of every client schema version the hub accepts.
var Tables = map[string]*Table{
	"customers": {
		Name:      "customers",
		Reference: true,
		Fields: append([]Field{
			{Name: "name"}, {Name: "company"},
			{Name: "phones", Kind: KindJSON}, {Name: "addresses", Kind: KindJSON},
			{Name: "note"},
		}, audit()...),
	},
	"assets": {
		Name:      "assets",
		Reference: true,
		Fields: append([]Field{
			{Name: "customer_id", Required: true},
			{Name: "kind", Required: true, Enum: []string{"product", "equipment", "vehicle"}},
			{Name: "model"}, {Name: "serial"}, {Name: "plate"}, {Name: "purchase_date"},
			{Name: "warranty_months", Kind: KindInt}, {Name: "equipment_class"},
		}, audit()...),
	},
	"jobs": {
		Name:     "jobs",
		JobField: "id",
		Fields: append([]Field{
			{Name: "number", Required: true}, {Name: "job_type", Required: true}, {Name: "customer_id", Required: true},
			{Name: "asset_id", Nullable: true}, {Name: "assigned_to"},
			{Name: "appointment", Nullable: true},
			{Name: "status", Required: true, Enum: jobStatuses},
			{Name: "summary"},
			{Name: "flags", Kind: KindJSON},
			{Name: "submitted_at", Nullable: true},
			{Name: "archive_no", Filing: true},
			{Name: "archive_location", Filing: true},
			{Name: "return_reason", Filing: true},
			{Name: "j_decision", Kind: KindJSON, Nullable: true, Filing: true}, // archive.JDecision
			{Name: "doc_checks", Kind: KindJSON, Filing: true},                 // archive.DocCheck by document key
			{Name: "filed_at", Nullable: true, Filing: true},
			{Name: "filed_by", Filing: true},
			// Schema 4's J fields, still accepted from its clients; schema 5
			// keeps the clerk's decision in j_decision.
			{Name: "j_mark", Kind: KindFlag, Filing: true},
			{Name: "j_reason", Filing: true},
		}, audit()...),
	},
	// job_events is the append-only audit trail of what clerks did to a
	// job (filed, returned, marked or cleared J, checked a scan), written
	// by the hub in the transaction of the change.
	"job_events": {
		Name:       "job_events",
		JobField:   "job_id",
		InsertOnly: true,
		HubOnly:    true,
		Since:      5,
		Fields: []Field{
			{Name: "job_id"}, {Name: "action"}, {Name: "detail", Kind: KindJSON},
			{Name: "actor"}, {Name: "at"}, {Name: "created_at", Audit: true},
		},
	},
	"visits": {
		Name:     "visits",
		JobField: "job_id",
		Fields: append([]Field{
			{Name: "job_id", Required: true}, {Name: "revision", Required: true, Kind: KindInt},
			{Name: "supersedes", Nullable: true},
			{Name: "status", Required: true, Enum: []string{"draft", "finished"}},
			{Name: "content", Required: true, Kind: KindJSON},
			{Name: "signed", Kind: KindFlag},
		}, audit()...),
		SignedImmutable: []string{"content", "job_id", "revision", "supersedes"},
	},
	"checklists": {
		Name:     "checklists",
		JobField: "job_id",
		Fields: append([]Field{
			{Name: "job_id", Required: true}, {Name: "document_key", Required: true}, {Name: "template_key", Required: true},
			{Name: "template_version", Required: true, Kind: KindInt},
			{Name: "answers", Kind: KindJSON},
			{Name: "status", Enum: []string{"draft", "finished"}},
			{Name: "signed", Kind: KindFlag},
		}, audit()...),
		SignedImmutable: []string{"answers", "job_id", "document_key", "template_key", "template_version"},
	},
	"job_types": {
		Name:      "job_types",
		Reference: true,
		AdminOnly: true,
		Fields:    append([]Field{{Name: "definition", Kind: KindJSON}}, audit()...),
	},
	"checklist_templates": {
		Name:       "checklist_templates",
		Reference:  true,
		AdminOnly:  true,
		InsertOnly: true, // a template version never changes; a change is a new version
		Fields: append([]Field{
			{Name: "key"}, {Name: "version", Kind: KindInt}, {Name: "definition", Kind: KindJSON},
		}, audit()...),
	},
	"attachments": {
		Name:      "attachments",
		JobField:  "job_id",
		BlobField: "sha256",
		Fields: append([]Field{
			{Name: "job_id", Required: true}, {Name: "checklist_id", Nullable: true}, {Name: "item_key"},
			{Name: "name"}, {Name: "mime", Required: true}, {Name: "size", Required: true, Kind: KindInt},
			{Name: "sha256", Required: true}, {Name: "thumb_sha256", Nullable: true},
		}, audit()...),
	},
	"signatures": {
		Name:           "signatures",
		VisitField:     "visit_id",
		ChecklistField: "checklist_id",
		BlobField:      "image_sha256",
		InsertOnly:     true,
		Fields: append([]Field{
			{Name: "visit_id", Nullable: true}, {Name: "checklist_id", Nullable: true}, {Name: "role", Required: true},
			{Name: "kind", Required: true, Enum: []string{"real", "proxy", "stamp", "refused"}},
			{Name: "signer_name"}, {Name: "reason"},
			{Name: "strokes", Kind: KindJSON},
			{Name: "image_sha256", Nullable: true},
			{Name: "content_hash", Required: true}, {Name: "signed_at", Required: true},
		}, audit()...),
	},
	"documents": {
		Name:      "documents",
		JobField:  "job_id",
		BlobField: "sha256",
		Fields: append([]Field{
			{Name: "job_id", Required: true}, {Name: "visit_id", Nullable: true},
			{Name: "kind", Required: true}, {Name: "sha256", Required: true},
			{Name: "size", Required: true, Kind: KindInt}, {Name: "path"},
		}, audit()...),
	},
}

// canonical checks that raw is a valid value for f and returns its canonical
// encoding (compact, object keys sorted, numbers as written) so that equal
// values compare equal as bytes.
func canonical(f Field, raw json.RawMessage) (json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("not JSON")
	}
	if dec.More() {
		return nil, fmt.Errorf("trailing data")
	}
	if v == nil {
		if f.Nullable {
			return json.RawMessage("null"), nil
		}
		return nil, fmt.Errorf("may not be null")
	}
	switch f.Kind {
	case KindText:
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("must be a string")
		}
		if len(f.Enum) > 0 && !slices.Contains(f.Enum, s) {
			return nil, fmt.Errorf("must be one of %v", f.Enum)
		}
	case KindInt, KindFlag:
		n, ok := v.(json.Number)
		if !ok {
			return nil, fmt.Errorf("must be an integer")
		}
		i, err := n.Int64()
		if err != nil {
			return nil, fmt.Errorf("must be an integer")
		}
		if f.Kind == KindFlag && i != 0 && i != 1 {
			return nil, fmt.Errorf("must be 0 or 1")
		}
		v = json.Number(fmt.Sprint(i))
	case KindJSON:
		switch v.(type) {
		case map[string]any, []any:
		default:
			return nil, fmt.Errorf("must be a JSON object or array")
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return b, nil
}

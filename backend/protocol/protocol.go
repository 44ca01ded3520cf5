// Package protocol holds the wire types of the sync protocol between a
// device and the hub (docs/sync-protocol.md): request and answer bodies,
// headers, versions, error codes and limits. Both ends import it; the
// tables and fields that travel are declared in package schema.
package protocol

import (
	"encoding/json"

	"fieldbook/backend/archive"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/schema"
)

// Versions the hub speaks. A client may send the current or the previous
// version of each.
const (
	Version       = 1
	SchemaVersion = schema.Version
)

// Header names.
const (
	HeaderProtocol     = "Fieldbook-Protocol"
	HeaderSchema       = "Fieldbook-Schema"
	HeaderUploadOffset = "Upload-Offset"
	HeaderUploadLength = "Upload-Length"
	// HeaderAnswersKept, on a push's answer, is how many of a device's
	// last batches the hub answers again when sent again (AnswersKept). A
	// hub without it keeps one: a device sends its next batch only once it
	// has recorded the answer to the one before.
	HeaderAnswersKept = "Fieldbook-Answers-Kept"
)

// AnswersKept is how many of a device's last batches this hub answers
// again: a device may send its next batch as soon as it has the answer to
// the one before, and record that answer meanwhile.
const AnswersKept = 2

// Error codes the hub adds to those of package fieldbook (invalid,
// not_found, conflict, internal).
const (
	EUNAUTHORIZED = "unauthorized"         // no, unknown or revoked device token
	EFORBIDDEN    = "forbidden"            // the user may not do this
	EUPGRADE      = "upgrade_required"     // the client speaks a version the hub no longer accepts
	ETOOLARGE     = "too_large"            // a body or blob over its limit
	EDUPLICATE    = "duplicate_number"     // a new job's number, or an amendment's revision, is another row's
	EBUSY         = "busy"                 // the hub or this device has too many requests in flight; retry after Retry-After
	ETOOMANY      = "too_many_attempts"    // too many enrolment attempts; retry after Retry-After
	EENCODING     = "unsupported_encoding" // a request body in a Content-Encoding the hub does not read
)

// Limits.
const (
	MaxBlobSize    = 25 << 20 // a blob
	MaxPushChanges = 1000     // changes in one push batch
	MaxPushBytes   = 16 << 20 // a push body
	MaxEnrolBytes  = 4 << 10  // an enrolment body
	MaxClerkBytes  = 64 << 10 // a clerk action body
	MaxDeviceName  = 100      // characters of a device name

	DefaultPullRows  = 500
	MaxPullRows      = 5000
	DefaultPullBytes = 1 << 20
	MaxPullBytes     = 16 << 20
)

// EnrolRequest is the body of POST /v1/enrol.
type EnrolRequest struct {
	Code       string `json:"code"`
	DeviceName string `json:"device_name"`
}

// UserInfo is what a device learns about its user.
type UserInfo struct {
	Name   string `json:"name"`
	Role   string `json:"role"`
	Centre string `json:"centre"`
	// DisplayName is the person's name as printed on records (the user
	// name when the hub has none); EmployeeNo their employee number.
	DisplayName string `json:"display_name,omitempty"`
	EmployeeNo  string `json:"employee_no,omitempty"`
}

// EnrolResponse answers POST /v1/enrol.
type EnrolResponse struct {
	DeviceID string   `json:"device_id"`
	Token    string   `json:"token"`
	User     UserInfo `json:"user"`
}

// Change is one pushed row change: only the changed fields.
type Change struct {
	Table   string                     `json:"table"`
	ID      string                     `json:"id"`
	BaseSeq int64                      `json:"base_seq"`
	Fields  map[string]json.RawMessage `json:"fields,omitempty"`
	Deleted *bool                      `json:"deleted,omitempty"`
	// Keys lists, for a field merged by key (a visit's content), the
	// top-level keys this change set; the field's other keys are the
	// device's copy of the hub's and are not written. Without it the
	// field is written whole.
	Keys map[string][]string `json:"keys,omitempty"`
	// Replay lists, for fields a device sends again to a hub restored
	// from a backup (docs/sync-protocol.md, "A restored hub"), the hub's
	// sequence each field's push got in the history the hub lost. Two
	// devices' fields sent again meet in that order, not as a conflict.
	Replay map[string]int64 `json:"replay,omitempty"`
}

// PushRequest is the body of POST /v1/push.
type PushRequest struct {
	BatchID string   `json:"batch_id"`
	Changes []Change `json:"changes"`
}

// Result statuses.
const (
	StatusApplied  = "applied"
	StatusConflict = "conflict"
	StatusRejected = "rejected"
)

// FieldConflict is a field whose pushed value lost to the hub's value.
type FieldConflict struct {
	Field  string          `json:"field"`
	Yours  json.RawMessage `json:"yours"`
	Theirs json.RawMessage `json:"theirs"`
}

// Reason is why a change was rejected: the rule that refused it and its
// message.
type Reason struct {
	Code      string                 `json:"code"`
	Rule      string                 `json:"rule,omitempty"`
	Message   string                 `json:"message"`
	MessageEN string                 `json:"message_en"`
	Fields    []fieldbook.FieldError `json:"fields,omitempty"`
}

// Result is the outcome of one change.
type Result struct {
	Table     string          `json:"table"`
	ID        string          `json:"id"`
	Status    string          `json:"status"`
	Seq       int64           `json:"seq"`
	Version   int64           `json:"version"`
	Conflicts []FieldConflict `json:"conflicts,omitempty"`
	Reason    *Reason         `json:"reason,omitempty"`
	// Current says the hub's row at Seq is the device's copy as it was at
	// the change's base_seq with the change applied: no field of it
	// changed on the hub after base_seq but by this change. The device
	// takes Seq as its row's base and need not apply the row when a pull
	// brings it back.
	Current bool `json:"current,omitempty"`
}

// PushResponse answers POST /v1/push.
type PushResponse struct {
	Results    []Result `json:"results"`
	CursorHint int64    `json:"cursor_hint"`
}

// PulledRow is one row of a pull page: the whole current row.
type PulledRow struct {
	Table   string                     `json:"table"`
	ID      string                     `json:"id"`
	Seq     int64                      `json:"seq"`
	Version int64                      `json:"version"`
	Deleted bool                       `json:"deleted"`
	Fields  map[string]json.RawMessage `json:"fields"`
}

// PullResponse answers GET /v1/pull.
type PullResponse struct {
	Rows   []PulledRow `json:"rows"`
	Cursor int64       `json:"cursor"`
	More   bool        `json:"more"`
	// Remaining is the seqs of the centre after Cursor: at most this many
	// rows are still to come (fewer for a reader who may not read them all).
	Remaining int64 `json:"remaining"`
}

// HubInfo answers GET /v1/hub: which hub this is and which of its epochs
// (docs/sync-protocol.md, "A restored hub"). A device asks at the start of
// every sync, naming the epoch it last saw (?epoch=).
type HubInfo struct {
	HubID string `json:"hub_id"` // never changes
	Epoch string `json:"epoch"`  // replaced whenever the hub's database is restored from a backup
	// Seq is the device's centre's sequence now: a cursor above it was
	// handed out by a history the hub no longer has.
	Seq int64 `json:"seq"`
	// Floor, when the named epoch is not the hub's, is the centre's
	// sequence up to which that epoch's history and the hub's are the
	// same (0 when the hub does not know the named epoch): what the device
	// learnt or pushed above it may be missing on the hub.
	Floor int64 `json:"floor"`
}

// BlobStatus is the body of a PUT /v1/blobs/{sha} answer.
type BlobStatus struct {
	Offset   int64 `json:"offset"`
	Length   int64 `json:"length"`
	Complete bool  `json:"complete"`
}

// Clerk actions of POST /v1/clerk.
const (
	ActionFile     = "file"      // file a submitted job under the next archive number
	ActionReturn   = "return"    // send it back to its technician with a reason
	ActionJDecide  = "j_decide"  // confirm or clear the J mark, with a reason
	ActionDocCheck = "doc_check" // record what the paper original of a document carries
)

// ClerkRequest is the body of POST /v1/clerk: an archive clerk acts on a
// job a technician submitted.
type ClerkRequest struct {
	JobID  string `json:"job_id"`
	Action string `json:"action"`
	// Reason: why the job is returned (required), or why the J mark is
	// cleared or set against the automatic mark (required then).
	Reason string `json:"reason,omitempty"`
	// Location (file): where the paper originals are kept (box, shelf).
	Location string `json:"location,omitempty"`
	// JMark (j_decide): true marks the job J, false clears the mark, null
	// withdraws the decision; JAuto is the automatic mark the clerk saw.
	JMark *bool `json:"j_mark,omitempty"`
	JAuto bool  `json:"j_auto,omitempty"`
	// DocKey and DocCheck (doc_check): the document and the clerk's finding.
	DocKey   string            `json:"doc_key,omitempty"`
	DocCheck *archive.DocCheck `json:"doc_check,omitempty"`
}

// ClerkResponse answers POST /v1/clerk.
type ClerkResponse struct {
	ArchiveNo string `json:"archive_no,omitempty"` // file: the job's archive number
	Result    Result `json:"result"`
}

package hub

import (
	"encoding/json"

	"fieldbook/backend/fieldbook"
)

// Versions the hub speaks. A client may send the current or the previous
// version of each; see docs/sync-protocol.md.
const (
	ProtocolVersion = 1
	SchemaVersion   = 5 // version of the synced tables and fields (tables.go); bump when they change
)

// Header names.
const (
	HeaderProtocol     = "Fieldbook-Protocol"
	HeaderSchema       = "Fieldbook-Schema"
	HeaderUploadOffset = "Upload-Offset"
	HeaderUploadLength = "Upload-Length"
)

// Error codes the hub adds to those of package fieldbook.
const (
	EUNAUTHORIZED = "unauthorized"     // no, unknown or revoked device token
	EFORBIDDEN    = "forbidden"        // the user may not do this
	EUPGRADE      = "upgrade_required" // the client speaks a version the hub no longer accepts
	ETOOLARGE     = "too_large"        // a blob over the size limit
	// EDUPLICATE: a new job's number is another job's on the hub.
	EDUPLICATE = "duplicate_number"
)

// MaxBlobSize is the largest blob the hub accepts.
const MaxBlobSize = 25 << 20

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

// Reason is why a change was rejected.
type Reason struct {
	Code      string                 `json:"code"`
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
}

// Pull page limits.
const (
	DefaultPullRows  = 500
	MaxPullRows      = 5000
	DefaultPullBytes = 1 << 20
	MaxPullBytes     = 16 << 20
)

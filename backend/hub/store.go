package hub

import (
	"context"
	"encoding/json"
	"time"

	"fieldbook/backend/schema"
)

// Roles of hub users.
const (
	RoleTechnician = schema.RoleTechnician
	RoleDesk       = schema.RoleDesk
	RoleClerk      = schema.RoleClerk
	RoleAdmin      = schema.RoleAdmin
)

// User is a person who signs in on enrolled devices. Names are unique on the hub.
type User struct {
	Name string
	// DisplayName is the person's name as printed on records ("": Name);
	// EmployeeNo their employee number. Both reach a device at enrolment.
	DisplayName string
	EmployeeNo  string
	Role        string
	Centre      string // service centre; nobody reads or writes across centres
	CreatedAt   time.Time
}

// Device is an enrolled installation of the desktop app.
type Device struct {
	ID        string
	User      string
	Name      string
	TokenHash string // hex SHA-256 of the bearer token; the token itself is never stored
	CreatedAt time.Time
	RevokedAt *time.Time
}

// EnrolCode is a one-time code an admin hands to a user to enrol a device.
type EnrolCode struct {
	CodeHash  string // hex SHA-256 of the code
	User      string
	ExpiresAt time.Time
	CreatedAt time.Time
}

// Row is the hub's copy of one row of a synced table.
type Row struct {
	Centre  string
	Table   string
	ID      string
	Seq     int64 // commit-ordered sequence at which the row last changed
	Version int64 // +1 per applied change
	Deleted bool
	Fields  map[string]json.RawMessage
	// FieldSeq and FieldDevice record, per field (and "deleted"), the seq
	// and the device of its last change.
	FieldSeq    map[string]int64
	FieldDevice map[string]string
	// FieldReplay is, per field written by a change sent again after a
	// restore, the sequence its write first got (protocol.Change.Replay).
	FieldReplay map[string]int64
	CreatedBy   string // user who first pushed the row
	JobID       string // job the row belongs to, for authorisation ("" for reference rows)
	BlobSHA     string // blob the row references, "" for none
	// LookupKey is what the hub finds the row by ("" for none): a job's
	// number, the revision a visit amends, the record a signature signs,
	// a checklist's job and document (see lookupKey).
	LookupKey string
	// Assignee is, for a job, the user it is assigned to: pulls decide
	// readability in the query by it and CreatedBy.
	Assignee string
	// FormerAssignee is, for a job taken from a technician (reassigned or
	// handed back), who had it: their pulls still bring the job's own row.
	FormerAssignee string
	UpdatedAt      time.Time
}

// ScannedRow is a row with the job it belongs to (nil when it belongs to
// none or the job is not on the hub), for authorisation.
type ScannedRow struct {
	Row
	Job *Row
}

// PullQuery selects the rows of one pull page.
type PullQuery struct {
	After  int64 // rows with seq > After …
	Before int64 // … and seq <= Before: a pull examines a bounded window
	Limit  int   // at most this many rows
	// Reader, when set, keeps only rows the technician of that name may
	// read: rows of ReferenceTables, rows of jobs created by or
	// assigned to them, and the rows of jobs taken from them. "" reads every row of the centre.
	Reader          string
	ReferenceTables []string
	// SkipTables are tables the client does not know (a newer schema's).
	SkipTables []string
	// SkipDeleted leaves out tombstones (a first sync's snapshot).
	SkipDeleted bool
}

// RowMeta is a row of a pull page without its fields.
type RowMeta struct {
	Table   string
	ID      string
	Seq     int64
	Version int64
	Deleted bool
	Size    int // bytes of the fields as stored
}

// Conflict is a losing value of a field, kept for a person to resolve.
type Conflict struct {
	ID         int64           `json:"id"`
	Centre     string          `json:"centre"`
	Table      string          `json:"table"`
	RowID      string          `json:"row_id"`
	Field      string          `json:"field"`
	HubValue   json.RawMessage `json:"hub_value"`
	DeviceVal  json.RawMessage `json:"device_value"`
	Device     string          `json:"device"`
	User       string          `json:"user"`
	CreatedAt  time.Time       `json:"created_at"`
	ResolvedAt *time.Time      `json:"resolved_at,omitempty"`
}

// Rejection is a pushed change the hub refused for good, kept with its data.
type Rejection struct {
	ID        int64           `json:"id"`
	Centre    string          `json:"centre"`
	Device    string          `json:"device"`
	User      string          `json:"user"`
	BatchID   string          `json:"batch_id"`
	Table     string          `json:"table"`
	RowID     string          `json:"row_id"`
	Change    json.RawMessage `json:"change"`
	Code      string          `json:"code"`
	Rule      string          `json:"rule"`
	Message   string          `json:"message"`
	MessageEN string          `json:"message_en"`
	CreatedAt time.Time       `json:"created_at"`
}

// UploadState is how much of a blob the hub holds.
type UploadState struct {
	Length int64 // declared size; 0 when no upload is known
	Offset int64 // bytes received
}

// Blob is a verified, content-addressed file.
type Blob struct {
	SHA256    string
	Mime      string
	Size      int64
	Data      []byte
	CreatedAt time.Time
}

// Epoch is the hub's identity and epoch as one centre sees it.
type Epoch struct {
	HubID, Epoch string
	Seq          int64 // the centre's sequence now
	// Floor is, for an earlier epoch named by a device, the centre's
	// sequence up to which its history is the current one's (the lowest
	// floor of the epochs begun since); 0 when the named epoch is unknown.
	Floor int64
}

// Store is the hub's storage. Implementations: SQLite (default) and
// PostgreSQL, in package sqlstore; both pass the suite in package storetest.
// Store methods hold no state between calls, so several hub processes can
// share one PostgreSQL database.
type Store interface {
	// Migrate brings the schema up to date.
	Migrate(ctx context.Context) error
	Close() error

	// Write runs fn in one transaction that holds the centre's sequence
	// counter locked until commit, so seq order is commit order.
	Write(ctx context.Context, centre string, now time.Time, fn func(WriteTx) error) error
	// PullScan returns, in seq order, the rows of centre that q selects,
	// without their fields, and the centre's sequence read before the rows:
	// every row with seq <= counter was committed before they were read.
	PullScan(ctx context.Context, centre string, q PullQuery) (rows []RowMeta, counter int64, err error)
	// PullFields calls fn, in seq order, with the fields as stored (a JSON
	// object, valid only during the call) of the rows of centre at seqs. A
	// row changed since (it has another seq now) is left out.
	PullFields(ctx context.Context, centre string, seqs []int64, fn func(seq int64, fields []byte) error) error
	// PullRows reads the rows PullScan returns, with the same counter,
	// calling fn with each and its fields as stored (valid only during the
	// call), one row at a time, until fn returns false.
	PullRows(ctx context.Context, centre string, q PullQuery, fn func(m RowMeta, fields []byte) (bool, error)) (counter int64, err error)
	// BlobRows returns the rows of centre that reference the blob sha.
	BlobRows(ctx context.Context, centre, sha string) ([]ScannedRow, error)
	Conflicts(ctx context.Context, centre string) ([]Conflict, error)
	// Epoch returns the hub's identity, its epoch and the centre's
	// sequence, with the floor of the epoch known (see Epoch.Floor).
	Epoch(ctx context.Context, centre, known string) (Epoch, error)
	Rejections(ctx context.Context, centre string) ([]Rejection, error)

	AddUser(ctx context.Context, u User) error
	// SetUserProfile sets the user's display name and employee number.
	SetUserProfile(ctx context.Context, name, displayName, employeeNo string) error
	User(ctx context.Context, name string) (User, error)
	AddEnrolCode(ctx context.Context, c EnrolCode) error
	// Enrol consumes the unexpired, unused code and creates the device, in
	// one transaction; a used, expired or unknown code is ENOTFOUND.
	Enrol(ctx context.Context, codeHash string, d Device, now time.Time) (User, error)
	// DeviceByToken returns the device with the token hash and its user.
	DeviceByToken(ctx context.Context, tokenHash string) (Device, User, error)
	RevokeDevice(ctx context.Context, id string, now time.Time) error
	// SetArchiveFormat sets the centre's archive number format.
	SetArchiveFormat(ctx context.Context, centre, format string) error
	Devices(ctx context.Context) ([]Device, error)

	// UploadState is how much of sha the device has uploaded so far: an
	// upload in progress belongs to its device.
	UploadState(ctx context.Context, sha, device string) (UploadState, error)
	// AppendUpload adds data at offset to the device's upload of sha,
	// declared to be length bytes; ECONFLICT when offset is not the
	// current size.
	AppendUpload(ctx context.Context, sha, device string, length, offset int64, data []byte, now time.Time) (int64, error)
	UploadData(ctx context.Context, sha, device string) ([]byte, error)
	// CommitBlob stores a verified blob (once, whoever uploaded it), makes
	// the user of centre its owner and forgets the device's upload.
	CommitBlob(ctx context.Context, b Blob, centre, user, device string) error
	DiscardUpload(ctx context.Context, sha, device string) error
	// BlobOwned reports whether the user of centre uploaded the blob.
	BlobOwned(ctx context.Context, centre, user, sha string) (bool, error)
	// BlobSize is the size of a stored blob; false when there is none.
	BlobSize(ctx context.Context, sha string) (int64, bool, error)
	Blob(ctx context.Context, sha string) (Blob, error)
}

// WriteTx is a write transaction of one service centre.
type WriteTx interface {
	// NextSeq allocates the next seq of the centre.
	NextSeq() int64
	// LastSeq is the last seq allocated or committed.
	LastSeq() int64
	// NextArchiveSeq advances and returns the centre's archive counter for
	// period (1 for the first number of the period).
	NextArchiveSeq(ctx context.Context, period string) (int, error)
	// ArchiveFormat is the centre's archive number format, "" when unset.
	ArchiveFormat(ctx context.Context) (string, error)
	// Row returns the row, or nil when the hub has none. The row is read,
	// not changed: a writer changes a copy (Row.clone) and puts that.
	Row(ctx context.Context, table, id string) (*Row, error)
	PutRow(ctx context.Context, r *Row) error
	// JobRows returns the rows, other than the job itself, belonging to job.
	JobRows(ctx context.Context, jobID string) ([]*Row, error)
	// LookupRows returns the rows of the centre's table, not deleted, with
	// the lookup key.
	LookupRows(ctx context.Context, table, key string) ([]*Row, error)
	// BlobOwned reports whether the user of the centre uploaded the blob.
	BlobOwned(ctx context.Context, user, sha string) (bool, error)
	// KeptAnswer is the response to the device's batch when it is one of
	// the device's last two applied batches (PutBatch keeps their answers).
	KeptAnswer(ctx context.Context, deviceID, batchID string) (response []byte, ok bool, err error)
	// BatchApplied reports whether the device's batch was applied before
	// (any batch, not only the last).
	BatchApplied(ctx context.Context, deviceID, batchID string) (bool, error)
	// PutBatch records the device's batch as applied and keeps its
	// response, with the one of the batch before it.
	PutBatch(ctx context.Context, deviceID, batchID string, response []byte) error
	AddConflict(ctx context.Context, c Conflict) error
	AddRejection(ctx context.Context, r Rejection) error
}

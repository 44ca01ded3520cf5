package fieldbook

import "time"

// JobRow is one line of a job list or search result.
type JobRow struct {
	ID              string     `json:"id"`
	Number          string     `json:"number"`
	JobType         string     `json:"job_type"`
	Status          string     `json:"status"`
	CustomerID      string     `json:"customer_id"`
	CustomerName    string     `json:"customer_name"`
	CustomerCompany string     `json:"customer_company"`
	Phone           string     `json:"phone"`
	Address         string     `json:"address"`
	AssetModel      string     `json:"asset_model"`
	AssetPlate      string     `json:"asset_plate"`
	AssetSerial     string     `json:"asset_serial"`
	Summary         string     `json:"summary"`
	AssignedTo      string     `json:"assigned_to"`
	Appointment     *time.Time `json:"appointment"`
	UpdatedAt       time.Time  `json:"updated_at"`
	// Answer is the latest answer of the job's technician to its dispatch
	// (while nobody has the job, the hand-back); NobodyHome counts the
	// visits that found nobody home.
	Answer     *Answer `json:"answer"`
	NobodyHome int     `json:"nobody_home"`
}

// JobFilter selects the jobs of the 工单 list; empty fields do not filter.
type JobFilter struct {
	Query      string `json:"query"`       // words of the job search: number, name, phone, plate, model, fault…
	Status     string `json:"status"`      // one of the job statuses
	JobType    string `json:"job_type"`    // a job type's key
	CustomerID string `json:"customer_id"` //
	Technician string `json:"technician"`  // the job's assigned technician
	From       string `json:"from"`        // YYYY-MM-DD: created on or after this day (the centre's days)
	To         string `json:"to"`          // YYYY-MM-DD: created on or before this day
	Sort       string `json:"sort"`        // JobsNewest (default), JobsOldest, JobsByAppointment or JobsByUpdate
}

// Orders of the job list.
const (
	JobsNewest        = "newest"      // newest job first
	JobsOldest        = "oldest"      // oldest job first
	JobsByAppointment = "appointment" // earliest appointment first, jobs without one last
	JobsByUpdate      = "updated"     // most recently changed first
)

// JobPage is one page of jobs: Rows start at Offset of Total matches.
type JobPage struct {
	// Total is how many rows match, counted for the first page (offset 0)
	// only and up to a limit (More: more rows match); later pages say -1
	// (a list keeps the first page's total).
	Total  int      `json:"total"`
	More   bool     `json:"more"`
	Offset int      `json:"offset"`
	Rows   []JobRow `json:"rows"`
	// Indexing is set on a search while the search index is still being
	// built after a first sync: its results may be incomplete.
	Indexing *SearchProgress `json:"indexing,omitempty"`
}

// SearchProgress is how far the build of the search index is: Done of
// Total jobs indexed.
type SearchProgress struct {
	Done  int64 `json:"done"`
	Total int64 `json:"total"`
}

// NewJob is what a technician fills in to open a job.
type NewJob struct {
	JobType     string     `json:"job_type"`
	CustomerID  string     `json:"customer_id"`
	AssetID     string     `json:"asset_id"`
	AssignedTo  string     `json:"assigned_to"`
	Appointment *time.Time `json:"appointment"`
	Summary     string     `json:"summary"`
}

// Intake is the 新建工单 form as a whole: the customer and the asset it
// creates (nil when it picked ones already there) and the job.
type Intake struct {
	Customer *Customer `json:"customer"`
	Asset    *Asset    `json:"asset"`
	Job      NewJob    `json:"job"`
}

// HistoryItem is one earlier job on the same asset (维修历史).
type HistoryItem struct {
	JobID         string    `json:"job_id"`
	JobNumber     string    `json:"job_number"`
	Date          time.Time `json:"date"`
	Status        string    `json:"status"`
	FaultSymptoms string    `json:"fault_symptoms"`
	Result        string    `json:"result"`
}

// VisitSummary describes one visit revision of a job.
type VisitSummary struct {
	ID         string    `json:"id"`
	Revision   int       `json:"revision"`
	Supersedes string    `json:"supersedes"`
	Status     string    `json:"status"`
	Signed     bool      `json:"signed"`
	TotalFen   int64     `json:"total_fen"`
	UpdatedAt  time.Time `json:"updated_at"`
	// AmendReason and Changes: why this revision amends the one it
	// supersedes and what it changed, field by field (empty for an original).
	AmendReason string        `json:"amend_reason"`
	Changes     []FieldChange `json:"changes"`
}

// JobView is a job with everything its page shows.
type JobView struct {
	Job         Job            `json:"job"`
	Customer    Customer       `json:"customer"`
	Asset       *Asset         `json:"asset"`
	Warranty    string         `json:"warranty"` // on today's date
	Visits      []VisitSummary `json:"visits"`
	History     []HistoryItem  `json:"history"` // other jobs on the same asset, newest first
	Documents   []Document     `json:"documents"`
	JobTypeName Message        `json:"job_type_name"`
	DocumentSet []DocumentSlot `json:"document_set"` // the job type's documents in binding order
}

// DocumentSlot is one document of a job's document set and how far it is.
type DocumentSlot struct {
	Key         string   `json:"key"`
	Name        Message  `json:"name"`
	Form        string   `json:"form"`     // service_record | checklist | scan
	Presence    string   `json:"presence"` // required | optional | conditional
	When        string   `json:"when"`
	Signatures  []string `json:"signatures"`
	Stamps      []string `json:"stamps"`
	ChecklistID string   `json:"checklist_id"` // for a checklist that was started
	Status      string   `json:"status"`       // draft | finished, "" when not started
	Signed      bool     `json:"signed"`
	Done        int      `json:"done"`
	Total       int      `json:"total"`
}

// SignatureView is a stored signature as the window shows it.
type SignatureView struct {
	Signature
	ImageDataURL string `json:"image_data_url"` // data:image/png;base64,…
}

// VisitView is a visit revision with what its form needs.
type VisitView struct {
	Visit       Visit           `json:"visit"`
	Job         Job             `json:"job"`
	Totals      Totals          `json:"totals"`
	Signatures  []SignatureView `json:"signatures"`
	Locked      bool            `json:"locked"`          // signed: content is read-only
	Latest      bool            `json:"latest"`          // no later revision amends it
	ContentHash string          `json:"content_hash"`    // of the content as it is now
	Issues      []FieldError    `json:"issues"`          // what must be fixed before signing / finishing
	Roles       []string        `json:"signature_roles"` // who signs this service record, from its job type
	Revisions   []VisitSummary  `json:"revisions"`
	History     []HistoryItem   `json:"history"`
	Warranty    string          `json:"warranty"` // on the visit date
}

// SaveResult is what an autosave returns.
type SaveResult struct {
	Version   int64        `json:"version"`
	UpdatedAt time.Time    `json:"updated_at"`
	Totals    Totals       `json:"totals"`
	Issues    []FieldError `json:"issues"`
	// Refused are the values the store did not take (over a draft's
	// limits), one message per field; every other field was stored.
	Refused []FieldError `json:"refused"`
	// Conflicts are the content keys ("diagnosis", "customer") this edit
	// changed that had also changed in the store since the edit's base
	// (a sync): the store kept its value; the form shows both.
	Conflicts []string `json:"conflicts"`
	// Visit is the visit as stored after the save (the form's next base).
	Visit *Visit `json:"visit,omitempty"`
}

// VisitEdit is one autosave of the visit form: the visit as the form holds
// it and Base, the visit as the form last had it from the store. Only the
// content keys where Visit differs from Base are the form's edits; every
// other key keeps what the store holds now. Without a Base the whole
// content is the edit.
type VisitEdit struct {
	Visit Visit  `json:"visit"`
	Base  *Visit `json:"base"`
}

// CustomerEdit is an autosave of the customer form: the fields where
// Customer differs from Base (the customer as the form last had it from the
// store) are the edits. Without a Base every field is.
type CustomerEdit struct {
	Customer Customer  `json:"customer"`
	Base     *Customer `json:"base"`
}

// CustomerSave is what a customer edit left in the store.
type CustomerSave struct {
	// Customer is the customer as stored (the form's next base).
	Customer Customer `json:"customer"`
	// Refused are the values the store did not take, with why, by field
	// path ("phones.1"); every other field was stored.
	Refused []FieldError `json:"refused"`
	// Conflicts are the fields this edit changed that had also changed in
	// the store since its base: the store kept its value.
	Conflicts []string `json:"conflicts"`
}

// CustomerDraft is a customer form kept on this laptop and not (all)
// stored: the new customer being typed (Customer.ID ""), or the values of an
// existing customer that the store refused, kept as typed until corrected.
type CustomerDraft struct {
	// Customer is the form as typed: for an existing customer, the stored
	// customer with the fields of Fields laid over it.
	Customer Customer `json:"customer"`
	// Fields are the fields kept as typed (an existing customer's refused
	// ones; every field of a new customer's form).
	Fields []string `json:"fields"`
}

// SignatureInput is a signature captured in the window.
type SignatureInput struct {
	VisitID      string   `json:"visit_id"`     // the visit revision signed, or
	ChecklistID  string   `json:"checklist_id"` // the checklist signed
	Role         string   `json:"role"`
	Kind         string   `json:"kind"`
	SignerName   string   `json:"signer_name"`
	Reason       string   `json:"reason"`
	Strokes      []Stroke `json:"strokes"`
	ImageDataURL string   `json:"image_data_url"` // PNG of the pad, or a stamp photo (PNG/JPEG)
}

// SignatureCheck is the verification of one signature.
type SignatureCheck struct {
	SignatureID string `json:"signature_id"`
	Role        string `json:"role"`
	Kind        string `json:"kind"`
	Stored      string `json:"stored"`   // hash stored with the signature
	Computed    string `json:"computed"` // hash of the content as it is now
	OK          bool   `json:"ok"`
}

// Verification reports whether a visit's content still matches its signatures.
type Verification struct {
	VisitID    string           `json:"visit_id"`
	OK         bool             `json:"ok"`
	Computed   string           `json:"computed"`
	Signatures []SignatureCheck `json:"signatures"`
}

// Document is a file kept with a job: a customer copy PDF, later scans.
type Document struct {
	ID        string    `json:"id"`
	JobID     string    `json:"job_id"`
	VisitID   string    `json:"visit_id"`
	Kind      string    `json:"kind"` // customer_copy
	SHA256    string    `json:"sha256"`
	Size      int64     `json:"size"`
	Path      string    `json:"path"` // the file on this device
	CreatedAt time.Time `json:"created_at"`
}

// CustomerRow is one line of the customer list.
type CustomerRow struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Company   string    `json:"company"`
	Phone     string    `json:"phone"`
	Address   string    `json:"address"`
	JobCount  int       `json:"job_count"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Why a customer being created may be one already there.
const (
	SimilarPhone       = "phone"        // the same mobile number
	SimilarNameAddress = "name_address" // the same name at the same address
)

// SimilarCustomer is a customer a new one may duplicate, and why.
type SimilarCustomer struct {
	CustomerRow
	Why string `json:"why"` // SimilarPhone or SimilarNameAddress
}

// CustomerPage is one page of customers.
type CustomerPage struct {
	// Total is how many rows match, counted for the first page (offset 0)
	// only and up to a limit (More: more rows match); later pages say -1
	// (a list keeps the first page's total).
	Total  int           `json:"total"`
	More   bool          `json:"more"`
	Offset int           `json:"offset"`
	Rows   []CustomerRow `json:"rows"`
	// Indexing is set on a search while the search index is still being
	// built (after a first sync or a demo load): its results may be incomplete.
	Indexing *SearchProgress `json:"indexing,omitempty"`
}

// AssetView is an asset with its warranty status today.
type AssetView struct {
	Asset
	Warranty string `json:"warranty"`
}

// CustomerView is a customer with their assets and jobs.
type CustomerView struct {
	Customer Customer    `json:"customer"`
	Assets   []AssetView `json:"assets"`
	Jobs     []JobRow    `json:"jobs"`
}

// Attachment is a photo or scan kept with a job (and a checklist item): the
// original bytes untouched in the blob store, with a thumbnail.
type Attachment struct {
	ID           string    `json:"id"`
	JobID        string    `json:"job_id"`
	ChecklistID  string    `json:"checklist_id"`
	ItemKey      string    `json:"item_key"`
	Name         string    `json:"name"`
	MIME         string    `json:"mime"`
	Size         int64     `json:"size"`
	SHA256       string    `json:"sha256"`
	ThumbDataURL string    `json:"thumb_data_url"` // JPEG, "" for a PDF scan
	CreatedAt    time.Time `json:"created_at"`
}

// AttachmentInput is a file picked or dropped in the window.
type AttachmentInput struct {
	JobID       string `json:"job_id"`
	ChecklistID string `json:"checklist_id"`
	ItemKey     string `json:"item_key"`
	Name        string `json:"name"`
	DataURL     string `json:"data_url"`
}

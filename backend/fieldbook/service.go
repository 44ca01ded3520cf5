package fieldbook

import "time"

// Meta is carried by every row that syncs: a client-made UUIDv7, timestamps
// (device clock, for display only), the device that last changed it, a
// version bumped on every change, and a tombstone instead of deletion.
type Meta struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"` // device id
	Version   int64     `json:"version"`
	Deleted   bool      `json:"deleted"`
}

// Customer is a person or company served (客户).
type Customer struct {
	Meta
	Name      string   `json:"name"`    // 客户姓名 / contact person
	Company   string   `json:"company"` // 单位名称
	Phones    []string `json:"phones"`  // 联系电话: mobiles or landlines
	Addresses []string `json:"addresses"`
	Note      string   `json:"note"`
}

// Asset kinds.
const (
	AssetProduct   = "product"
	AssetEquipment = "equipment"
	AssetVehicle   = "vehicle"
)

// Asset is what is serviced: a product, a piece of equipment or a vehicle.
type Asset struct {
	Meta
	CustomerID     string `json:"customer_id"`
	Kind           string `json:"kind"`            // product | equipment | vehicle
	Model          string `json:"model"`           // 产品型号 / 车型
	Serial         string `json:"serial"`          // 序列号 or VIN
	Plate          string `json:"plate"`           // 车牌 (vehicles)
	PurchaseDate   string `json:"purchase_date"`   // 购买日期 YYYY-MM-DD, "" if unknown
	WarrantyMonths int    `json:"warranty_months"` // 质保期 in months from the purchase date
	EquipmentClass string `json:"equipment_class"` // A / B / C (equipment)
}

// Warranty statuses of an asset on a day.
const (
	WarrantyIn      = "in"      // 在质保期内
	WarrantyOut     = "out"     // 已过质保期
	WarrantyUnknown = "unknown" // 购买日期或质保期未知
)

// WarrantyOn returns the warranty status on day (YYYY-MM-DD): in warranty
// up to and including the day before purchase date + WarrantyMonths.
func (a Asset) WarrantyOn(day string) string {
	bought, err1 := time.Parse(time.DateOnly, a.PurchaseDate)
	on, err2 := time.Parse(time.DateOnly, day)
	if err1 != nil || err2 != nil || a.WarrantyMonths <= 0 {
		return WarrantyUnknown
	}
	if on.Before(bought.AddDate(0, a.WarrantyMonths, 0)) && !on.Before(bought) {
		return WarrantyIn
	}
	return WarrantyOut
}

// Job statuses, in the order a job moves through them.
const (
	JobDraft      = "draft"       // 草稿
	JobInProgress = "in_progress" // 进行中
	JobCompleted  = "completed"   // 已完成 (at the site)
	JobSubmitted  = "submitted"   // 已提交 (to the archive)
	JobFiled      = "filed"       // 已归档
	JobReturned   = "returned"    // 已退回 (to the technician, with a reason)
)

// Job is the unit the archive files (工单): one customer, usually one asset,
// one or more visits and documents.
type Job struct {
	Meta
	Number      string     `json:"number"`   // e.g. K7QX-20261127-003, unique across devices
	JobType     string     `json:"job_type"` // key of a job type, e.g. it_onsite
	CustomerID  string     `json:"customer_id"`
	AssetID     string     `json:"asset_id"`    // "" when no asset
	AssignedTo  string     `json:"assigned_to"` // technician's name
	Appointment *time.Time `json:"appointment"` // 预约时间
	Status      string     `json:"status"`
	Summary     string     `json:"summary"` // one line shown in lists
}

// PartLine is one line of parts used (备品/配件).
type PartLine struct {
	CatalogueNo  string `json:"catalogue_no"` // "" for a free-text part
	Name         string `json:"name"`
	Qty          int64  `json:"qty"`
	UnitPriceFen int64  `json:"unit_price_fen"` // money is integer fen
}

// AmountFen is Qty × UnitPriceFen.
func (p PartLine) AmountFen() int64 { return p.Qty * p.UnitPriceFen }

// LabourLine is one line of labour (工时): time worked × hourly rate.
type LabourLine struct {
	Description string `json:"description"`
	Minutes     int64  `json:"minutes"`
	RateFen     int64  `json:"rate_fen"` // per hour
}

// AmountFen is the labour fee, Minutes × RateFen / 60 rounded half up to a fen.
func (l LabourLine) AmountFen() int64 { return (l.Minutes*l.RateFen + 30) / 60 }

// Totals are the money figures of a visit, all in fen.
type Totals struct {
	PartsFen  int64 `json:"parts_fen"`  // 备品费
	LabourFen int64 `json:"labour_fen"` // 工时费
	TotalFen  int64 `json:"total_fen"`  // 合计
}

// CustomerSnapshot is the customer as printed on a visit's form: frozen with
// the signature, whatever later happens to the customer row.
type CustomerSnapshot struct {
	Name    string `json:"name"`
	Company string `json:"company"`
	Phone   string `json:"phone"`
	Address string `json:"address"`
}

// AssetSnapshot is the asset as printed on a visit's form.
type AssetSnapshot struct {
	Kind           string `json:"kind"`
	Model          string `json:"model"`
	Serial         string `json:"serial"`
	Plate          string `json:"plate"`
	PurchaseDate   string `json:"purchase_date"`
	Warranty       string `json:"warranty"` // WarrantyIn / Out / Unknown on the visit date
	EquipmentClass string `json:"equipment_class"`
}

// Visit statuses.
const (
	VisitDraft    = "draft"    // being written; may be invalid
	VisitFinished = "finished" // valid; signatures may be collected
)

// Payment methods (付费方式).
var PaymentMethods = []string{"cash", "wechat", "alipay", "bank_transfer", "card", "monthly", "warranty_free", "contract"}

// Old-parts dispositions (旧件处理方式).
var OldPartsDispositions = []string{"returned_to_customer", "taken_by_technician", "recycled", "scrapped", "none"}

// Visit is one on-site service visit: the 客户服务记录单 / 服务确认单.
// A signed visit is never changed; a correction is a new revision
// (amendment) that points at the one it supersedes and is signed again.
type Visit struct {
	Meta
	JobID      string `json:"job_id"`
	Revision   int    `json:"revision"`   // 1 for the original, then 2, 3, … per amendment
	Supersedes string `json:"supersedes"` // id of the revision this one amends
	Status     string `json:"status"`     // draft | finished

	// Content: everything below is what a signature covers.
	RegistrationNo      string           `json:"registration_no"` // 服务登记编号
	Customer            CustomerSnapshot `json:"customer"`
	Asset               AssetSnapshot    `json:"asset"`
	FaultSymptoms       string           `json:"fault_symptoms"`       // 故障现象
	CustomerRequirement string           `json:"customer_requirement"` // 用户要求
	RepairHistory       string           `json:"repair_history"`       // 维修历史
	Diagnosis           string           `json:"diagnosis"`            // 故障诊断
	WorkPerformed       string           `json:"work_performed"`       // 处理过程
	Result              string           `json:"result"`               // 处理结果
	Parts               []PartLine       `json:"parts"`
	Labour              []LabourLine     `json:"labour"`
	PaymentMethod       string           `json:"payment_method"`
	OldParts            string           `json:"old_parts"` // disposition
	AppointmentAt       *time.Time       `json:"appointment_at"`
	ArrivedAt           *time.Time       `json:"arrived_at"`
	DepartedAt          *time.Time       `json:"departed_at"`
	FollowUp            string           `json:"follow_up"` // 回访 / next steps
	FollowUpAt          *time.Time       `json:"follow_up_at"`
	Satisfaction        int              `json:"satisfaction"` // 1–5, 0 unset
	CustomerComments    string           `json:"customer_comments"`
	// AmendReason is why this revision amends the one it supersedes (修订原因):
	// required of an amendment, signed with it (scheme v2).
	AmendReason string `json:"amend_reason,omitempty"`
}

// Totals adds up the parts and labour lines.
func (v Visit) Totals() Totals {
	var t Totals
	for _, p := range v.Parts {
		t.PartsFen += p.AmountFen()
	}
	for _, l := range v.Labour {
		t.LabourFen += l.AmountFen()
	}
	t.TotalFen = t.PartsFen + t.LabourFen
	return t
}

// Signature roles: who signs. Job types name the roles each document needs.
const (
	RoleCustomer       = "customer"        // 客户
	RoleTechnician     = "technician"      // 技术员 / 服务工程师
	RoleServiceAdvisor = "service_advisor" // 服务顾问
	RoleLeadTechnician = "lead_technician" // 主修技师
	RoleInspector      = "inspector"       // 质检员
	RoleTestDriver     = "test_driver"     // 试车员
	RolePartyA         = "party_a"         // 甲方代表
	RolePartyB         = "party_b"         // 乙方代表
)

// Signature kinds: how the role signed.
const (
	SignReal    = "real"    // 本人签字
	SignProxy   = "proxy"   // 代签: SignerName signed on the role's behalf
	SignStamp   = "stamp"   // 盖章: a photo of the company stamp
	SignRefused = "refused" // 拒签: with Reason
)

// Stroke is one pen stroke from signature_pad: points with time offsets.
type Stroke struct {
	Points []Point `json:"points"`
}

// Point is one sample of a stroke, in CSS pixels of the pad, t in ms.
type Point struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
	T int64   `json:"t"`
}

// Signature binds a person's mark to the exact content of a visit revision:
// ContentHash is the SHA-256 of the visit's canonical signed content.
type Signature struct {
	Meta
	VisitID     string    `json:"visit_id"`
	Role        string    `json:"role"`
	Kind        string    `json:"kind"`
	SignerName  string    `json:"signer_name"` // who signed (for proxy: the proxy)
	Reason      string    `json:"reason"`      // why refused
	Strokes     []Stroke  `json:"strokes"`
	ImageSHA256 string    `json:"image_sha256"` // PNG (signature or stamp photo) in the blob store
	ContentHash string    `json:"content_hash"` // hex SHA-256 of the signed content
	SignedAt    time.Time `json:"signed_at"`
}

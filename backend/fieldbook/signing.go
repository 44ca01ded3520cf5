package fieldbook

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// ContentFormat names the canonical serialisation of a visit's signed
// content. A new format gets a new name; old signatures keep theirs.
const ContentFormat = "fieldbook.visit-content.v1"

// signedContent is exactly what a signature covers: the identity of the
// revision and every content field. Field order is fixed by this struct;
// times are UTC to the second; nil slices are written as [].
type signedContent struct {
	Format              string           `json:"format"`
	VisitID             string           `json:"visit_id"`
	JobID               string           `json:"job_id"`
	Revision            int              `json:"revision"`
	Supersedes          string           `json:"supersedes"`
	RegistrationNo      string           `json:"registration_no"`
	Customer            CustomerSnapshot `json:"customer"`
	Asset               AssetSnapshot    `json:"asset"`
	FaultSymptoms       string           `json:"fault_symptoms"`
	CustomerRequirement string           `json:"customer_requirement"`
	RepairHistory       string           `json:"repair_history"`
	Diagnosis           string           `json:"diagnosis"`
	WorkPerformed       string           `json:"work_performed"`
	Result              string           `json:"result"`
	Parts               []PartLine       `json:"parts"`
	Labour              []LabourLine     `json:"labour"`
	Totals              Totals           `json:"totals"`
	PaymentMethod       string           `json:"payment_method"`
	OldParts            string           `json:"old_parts"`
	AppointmentAt       string           `json:"appointment_at"`
	ArrivedAt           string           `json:"arrived_at"`
	DepartedAt          string           `json:"departed_at"`
	FollowUp            string           `json:"follow_up"`
	FollowUpAt          string           `json:"follow_up_at"`
	Satisfaction        int              `json:"satisfaction"`
	CustomerComments    string           `json:"customer_comments"`
}

func canonicalTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}

// SignedContent is the canonical serialisation of what a signature of v covers.
func (v Visit) SignedContent() []byte {
	c := signedContent{
		Format: ContentFormat, VisitID: v.ID, JobID: v.JobID, Revision: v.Revision, Supersedes: v.Supersedes,
		RegistrationNo: v.RegistrationNo, Customer: v.Customer, Asset: v.Asset,
		FaultSymptoms: v.FaultSymptoms, CustomerRequirement: v.CustomerRequirement, RepairHistory: v.RepairHistory,
		Diagnosis: v.Diagnosis, WorkPerformed: v.WorkPerformed, Result: v.Result,
		Parts: v.Parts, Labour: v.Labour, Totals: v.Totals(),
		PaymentMethod: v.PaymentMethod, OldParts: v.OldParts,
		AppointmentAt: canonicalTime(v.AppointmentAt), ArrivedAt: canonicalTime(v.ArrivedAt),
		DepartedAt: canonicalTime(v.DepartedAt), FollowUp: v.FollowUp, FollowUpAt: canonicalTime(v.FollowUpAt),
		Satisfaction: v.Satisfaction, CustomerComments: v.CustomerComments,
	}
	if c.Parts == nil {
		c.Parts = []PartLine{}
	}
	if c.Labour == nil {
		c.Labour = []LabourLine{}
	}
	b, err := json.Marshal(c)
	if err != nil {
		panic(err) // only strings, numbers and slices of them: cannot fail
	}
	return b
}

// ContentHash is the hex SHA-256 of the visit's signed content.
func (v Visit) ContentHash() string {
	sum := sha256.Sum256(v.SignedContent())
	return hex.EncodeToString(sum[:])
}

// Normalize trims text, drops empty lines and brings times to UTC seconds,
// so that what is stored is exactly what is hashed.
func (v *Visit) Normalize() {
	for _, p := range []*string{&v.Customer.Name, &v.Customer.Company, &v.Customer.Phone, &v.Customer.Address,
		&v.Asset.Model, &v.Asset.Serial, &v.Asset.Plate, &v.Asset.PurchaseDate,
		&v.FaultSymptoms, &v.CustomerRequirement, &v.RepairHistory, &v.Diagnosis, &v.WorkPerformed, &v.Result,
		&v.FollowUp, &v.CustomerComments} {
		*p = strings.TrimSpace(*p)
	}
	v.Parts = slices.DeleteFunc(v.Parts, func(p PartLine) bool {
		return strings.TrimSpace(p.Name) == "" && p.CatalogueNo == "" && p.Qty == 0 && p.UnitPriceFen == 0
	})
	v.Labour = slices.DeleteFunc(v.Labour, func(l LabourLine) bool {
		return strings.TrimSpace(l.Description) == "" && l.Minutes == 0 && l.RateFen == 0
	})
	for _, t := range []**time.Time{&v.AppointmentAt, &v.ArrivedAt, &v.DepartedAt, &v.FollowUpAt} {
		if *t != nil {
			u := (*t).UTC().Truncate(time.Second)
			*t = &u
		}
	}
}

// Validate checks a signature input before it is stored.
func (s SignatureInput) Validate() error {
	var val Validation
	if !slices.Contains(Roles, s.Role) {
		val.Add("role", "请选择签字角色。", "Choose who signs.")
	}
	switch s.Kind {
	case SignReal:
		if len(s.Strokes) == 0 || s.ImageDataURL == "" {
			val.Add("image", "请在签字板上签字。", "Sign on the pad.")
		}
	case SignProxy:
		if strings.TrimSpace(s.SignerName) == "" {
			val.Add("signer_name", "代签时请填写代签人姓名。", "Enter the name of the person signing on behalf.")
		}
		if len(s.Strokes) == 0 || s.ImageDataURL == "" {
			val.Add("image", "请代签人在签字板上签字。", "The proxy signs on the pad.")
		}
	case SignStamp:
		if s.ImageDataURL == "" {
			val.Add("image", "请上传盖章照片。", "Add a photo of the company stamp.")
		}
	case SignRefused:
		if strings.TrimSpace(s.Reason) == "" {
			val.Add("reason", "客户拒签时请填写原因。", "Enter why the customer refused to sign.")
		}
	default:
		val.Add("kind", "请选择签字方式。", "Choose how the signature is given.")
	}
	if utf8Len(s.SignerName) > 50 {
		val.Add("signer_name", "姓名过长。", "The name is too long.")
	}
	if utf8Len(s.Reason) > 500 {
		val.Add("reason", "原因过长，最多 500 字。", "The reason is too long: at most 500 characters.")
	}
	return val.Err()
}

func utf8Len(s string) int { return len([]rune(s)) }

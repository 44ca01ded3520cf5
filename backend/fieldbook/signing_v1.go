package fieldbook

import (
	"encoding/json"
	"time"
)

// The visit's signed content, scheme fieldbook.visit-content.v1. Frozen:
// it has its own copies of the nested types and of the money rules, so a
// change to the domain types cannot change what old signatures cover.

type visitV1 struct {
	Format              string     `json:"format"`
	VisitID             string     `json:"visit_id"`
	JobID               string     `json:"job_id"`
	Revision            int        `json:"revision"`
	Supersedes          string     `json:"supersedes"`
	RegistrationNo      string     `json:"registration_no"`
	Customer            customerV1 `json:"customer"`
	Asset               assetV1    `json:"asset"`
	FaultSymptoms       string     `json:"fault_symptoms"`
	CustomerRequirement string     `json:"customer_requirement"`
	RepairHistory       string     `json:"repair_history"`
	Diagnosis           string     `json:"diagnosis"`
	WorkPerformed       string     `json:"work_performed"`
	Result              string     `json:"result"`
	Parts               []partV1   `json:"parts"`
	Labour              []labourV1 `json:"labour"`
	Totals              totalsV1   `json:"totals"`
	PaymentMethod       string     `json:"payment_method"`
	OldParts            string     `json:"old_parts"`
	AppointmentAt       string     `json:"appointment_at"`
	ArrivedAt           string     `json:"arrived_at"`
	DepartedAt          string     `json:"departed_at"`
	FollowUp            string     `json:"follow_up"`
	FollowUpAt          string     `json:"follow_up_at"`
	Satisfaction        int        `json:"satisfaction"`
	CustomerComments    string     `json:"customer_comments"`
}

type customerV1 struct {
	Name    string `json:"name"`
	Company string `json:"company"`
	Phone   string `json:"phone"`
	Address string `json:"address"`
}

type assetV1 struct {
	Kind           string `json:"kind"`
	Model          string `json:"model"`
	Serial         string `json:"serial"`
	Plate          string `json:"plate"`
	PurchaseDate   string `json:"purchase_date"`
	Warranty       string `json:"warranty"`
	EquipmentClass string `json:"equipment_class"`
}

type partV1 struct {
	CatalogueNo  string `json:"catalogue_no"`
	Name         string `json:"name"`
	Qty          int64  `json:"qty"`
	UnitPriceFen int64  `json:"unit_price_fen"`
}

type labourV1 struct {
	Description string `json:"description"`
	Minutes     int64  `json:"minutes"`
	RateFen     int64  `json:"rate_fen"`
}

type totalsV1 struct {
	PartsFen  int64 `json:"parts_fen"`
	LabourFen int64 `json:"labour_fen"`
	TotalFen  int64 `json:"total_fen"`
}

// visitContentV1: field order fixed by visitV1; times UTC to the second
// (RFC 3339), "" when unset; no lines written as []; totals from the lines
// (parts: qty × unit price; labour: minutes × hourly rate / 60, rounded
// half up to a fen, per line); encoding/json's escaping (<, >, & as \u003c…).
func visitContentV1(v Visit) []byte {
	c := visitV1{
		Format: "fieldbook.visit-content.v1", VisitID: v.ID, JobID: v.JobID, Revision: v.Revision, Supersedes: v.Supersedes,
		RegistrationNo: v.RegistrationNo,
		Customer:       customerV1{v.Customer.Name, v.Customer.Company, v.Customer.Phone, v.Customer.Address},
		Asset: assetV1{v.Asset.Kind, v.Asset.Model, v.Asset.Serial, v.Asset.Plate, v.Asset.PurchaseDate,
			v.Asset.Warranty, v.Asset.EquipmentClass},
		FaultSymptoms: v.FaultSymptoms, CustomerRequirement: v.CustomerRequirement, RepairHistory: v.RepairHistory,
		Diagnosis: v.Diagnosis, WorkPerformed: v.WorkPerformed, Result: v.Result,
		Parts: []partV1{}, Labour: []labourV1{},
		PaymentMethod: v.PaymentMethod, OldParts: v.OldParts,
		AppointmentAt: timeV1(v.AppointmentAt), ArrivedAt: timeV1(v.ArrivedAt),
		DepartedAt: timeV1(v.DepartedAt), FollowUp: v.FollowUp, FollowUpAt: timeV1(v.FollowUpAt),
		Satisfaction: v.Satisfaction, CustomerComments: v.CustomerComments,
	}
	for _, p := range v.Parts {
		//lint:ignore S1016 a frozen copy: a field added to PartLine must not reach v1
		c.Parts = append(c.Parts, partV1{p.CatalogueNo, p.Name, p.Qty, p.UnitPriceFen})
		c.Totals.PartsFen += p.Qty * p.UnitPriceFen
	}
	for _, l := range v.Labour {
		//lint:ignore S1016 a frozen copy: a field added to LabourLine must not reach v1
		c.Labour = append(c.Labour, labourV1{l.Description, l.Minutes, l.RateFen})
		c.Totals.LabourFen += (l.Minutes*l.RateFen + 30) / 60
	}
	c.Totals.TotalFen = c.Totals.PartsFen + c.Totals.LabourFen
	b, err := json.Marshal(c)
	if err != nil {
		panic(err) // only strings, numbers and slices of them: cannot fail
	}
	return b
}

func timeV1(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}

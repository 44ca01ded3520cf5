package jobtype

import (
	"encoding/json"

	"fieldbook/backend/fieldbook"
)

// ChecklistContent is what a signature of a filled checklist covers.
type ChecklistContent struct {
	ID              string            `json:"id"`
	JobID           string            `json:"job_id"`
	DocumentKey     string            `json:"document_key"`
	TemplateKey     string            `json:"template_key"`
	TemplateVersion int               `json:"template_version"`
	Answers         map[string]Answer `json:"answers"`
}

// ChecklistSchemes are the schemes of a filled checklist's signed content
// (see fieldbook.Schemes: a new canonical form is a new scheme).
var ChecklistSchemes = fieldbook.Schemes[ChecklistContent]{
	{Format: "fieldbook.checklist-content.v1", Canonical: checklistContentV1},
}

// Hash is the hex SHA-256 of the checklist's signed content.
func (c ChecklistContent) Hash() string { return ChecklistSchemes.Hash(c) }

// SignedWith reports whether a signature carrying hash covers c as it is,
// under any scheme.
func (c ChecklistContent) SignedWith(hash string) bool {
	_, ok := ChecklistSchemes.Verify(c, hash)
	return ok
}

// checklistContentV1 is scheme fieldbook.checklist-content.v1, frozen with
// its own copy of an answer: a fixed field order, answers sorted by item
// key (encoding/json sorts map keys), empty answers left out.
func checklistContentV1(c ChecklistContent) []byte {
	type answerV1 struct {
		Result      string   `json:"result,omitempty"`
		Number      *float64 `json:"number,omitempty"`
		Text        string   `json:"text,omitempty"`
		Note        string   `json:"note,omitempty"`
		PhotoSHA256 []string `json:"photo_sha256,omitempty"`
	}
	answers := make(map[string]answerV1, len(c.Answers))
	for k, a := range c.Answers {
		if a.Result != "" || a.Number != nil || a.Text != "" || a.Note != "" || len(a.PhotoSHA256) > 0 {
			//lint:ignore S1016 a frozen copy: a field added to Answer must not reach v1
			answers[k] = answerV1{a.Result, a.Number, a.Text, a.Note, a.PhotoSHA256}
		}
	}
	b, err := json.Marshal(struct {
		Format          string              `json:"format"`
		ID              string              `json:"id"`
		JobID           string              `json:"job_id"`
		DocumentKey     string              `json:"document_key"`
		TemplateKey     string              `json:"template_key"`
		TemplateVersion int                 `json:"template_version"`
		Answers         map[string]answerV1 `json:"answers"`
	}{"fieldbook.checklist-content.v1", c.ID, c.JobID, c.DocumentKey, c.TemplateKey, c.TemplateVersion, answers})
	if err != nil {
		panic(err) // plain data: cannot fail
	}
	return b
}

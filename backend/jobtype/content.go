package jobtype

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// ChecklistContentFormat names the canonical serialisation of a filled
// checklist's signed content.
const ChecklistContentFormat = "fieldbook.checklist-content.v1"

// ChecklistContent is what a signature of a filled checklist covers.
type ChecklistContent struct {
	ID              string            `json:"id"`
	JobID           string            `json:"job_id"`
	DocumentKey     string            `json:"document_key"`
	TemplateKey     string            `json:"template_key"`
	TemplateVersion int               `json:"template_version"`
	Answers         map[string]Answer `json:"answers"`
}

// Hash is the hex SHA-256 of the canonical serialisation: a fixed field
// order, answers sorted by item key (encoding/json sorts map keys), empty
// answers left out.
func (c ChecklistContent) Hash() string {
	answers := make(map[string]Answer, len(c.Answers))
	for k, a := range c.Answers {
		if a.Result != "" || a.Number != nil || a.Text != "" || a.Note != "" || len(a.PhotoSHA256) > 0 {
			answers[k] = a
		}
	}
	b, err := json.Marshal(struct {
		Format string `json:"format"`
		ChecklistContent
	}{ChecklistContentFormat, ChecklistContent{c.ID, c.JobID, c.DocumentKey, c.TemplateKey, c.TemplateVersion, answers}})
	if err != nil {
		panic(err) // plain data: cannot fail
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

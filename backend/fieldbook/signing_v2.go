package fieldbook

import "encoding/json"

// The visit's signed content, scheme fieldbook.visit-content.v2: v1 and the
// reason of an amendment (修订原因) at the end. Frozen like v1: it builds on
// v1's own copies of the nested types, never on the domain types.

type visitV2 struct {
	visitV1
	AmendReason string `json:"amend_reason"`
}

// visitContentV2: v1's fields in v1's order and rules, then amend_reason
// ("" for an original revision).
func visitContentV2(v Visit) []byte {
	var c visitV2
	if err := json.Unmarshal(visitContentV1(v), &c.visitV1); err != nil {
		panic(err) // v1's own output: cannot fail
	}
	c.Format, c.AmendReason = "fieldbook.visit-content.v2", v.AmendReason
	b, err := json.Marshal(c)
	if err != nil {
		panic(err) // only strings, numbers and slices of them: cannot fail
	}
	return b
}

package archive

import (
	"slices"
	"strconv"
	"strings"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

// DocCheck is what the archive clerk found on the paper original of one
// document (its scan or photo): who signed and how, which stamps it
// carries and where it lies in the bundle. Electronic documents carry
// their signatures themselves; a scan has only what the clerk records.
type DocCheck struct {
	Order      int      `json:"order,omitempty"` // position in the bundle, 1-based; 0 unknown
	Signatures []Sig    `json:"signatures"`
	Stamps     []string `json:"stamps"`
}

var signKinds = []string{fieldbook.SignReal, fieldbook.SignProxy, fieldbook.SignStamp, fieldbook.SignRefused}

// Validate checks a clerk's finding before it is stored.
func (c DocCheck) Validate() error {
	var v fieldbook.Validation
	if c.Order < 0 || c.Order > 99 {
		v.Add("order", "装订位置应在 1 到 99 之间。", "The position in the bundle must be between 1 and 99.")
	}
	seen := map[string]bool{}
	for i, s := range c.Signatures {
		field := "signatures." + strconv.Itoa(i)
		switch {
		case strings.TrimSpace(s.Role) == "":
			v.Add(field+".role", "请选择签字角色。", "Choose the signing role.")
		case seen[s.Role]:
			v.Add(field+".role", "同一角色只能登记一次。", "A role can be recorded only once.")
		}
		seen[s.Role] = true
		if !slices.Contains(signKinds, s.Kind) {
			v.Add(field+".kind", "签字方式无效。", "Invalid kind of signature.")
		}
	}
	for i, st := range c.Stamps {
		if st != jobtype.StampBusiness && st != jobtype.StampFinancePaid {
			v.Add("stamps."+strconv.Itoa(i), "未知的印章。", "Unknown stamp.")
		}
	}
	return v.Err()
}

// WithChecks applies the clerk's findings to the scanned documents of
// docs: a scan shows the signatures, stamps and position the clerk
// recorded for its document key. Electronic documents are left alone.
func WithChecks(docs []Doc, checks map[string]DocCheck) []Doc {
	for i, d := range docs {
		c, ok := checks[d.Key]
		if !ok || d.Source != SourceScan {
			continue
		}
		docs[i].Signatures = slices.Clone(c.Signatures)
		docs[i].Stamps = slices.Clone(c.Stamps)
		docs[i].Order = c.Order
	}
	return docs
}

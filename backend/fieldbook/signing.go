package fieldbook

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"
)

// Signed content is hashed under a scheme: one canonical serialisation,
// which names itself in its first field. A scheme that has signed anything
// never changes. A change to the canonical form is a new scheme, appended
// to the list of its kind of record; a signature made under an older scheme
// still verifies under that one. testdata/signed-content/<format>.json pins
// every scheme with fixed records and their hashes.

// Scheme is one canonical serialisation of the signed content of a T.
type Scheme[T any] struct {
	Format    string
	Canonical func(T) []byte
}

// Schemes are every scheme a kind of record has been signed under, oldest
// first; the last one signs.
type Schemes[T any] []Scheme[T]

// Current is the scheme new signatures use.
func (s Schemes[T]) Current() Scheme[T] { return s[len(s)-1] }

// Hash is the hex SHA-256 of r's canonical content under the current scheme.
func (s Schemes[T]) Hash(r T) string { return sha256Hex(s.Current().Canonical(r)) }

// Verify reports whether hash is the content hash of r under one of the
// schemes, and under which (the newest that matches).
func (s Schemes[T]) Verify(r T, hash string) (format string, ok bool) {
	for i := len(s) - 1; i >= 0; i-- {
		if sha256Hex(s[i].Canonical(r)) == hash {
			return s[i].Format, true
		}
	}
	return "", false
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// VisitSchemes are the schemes of a visit's signed content.
var VisitSchemes = Schemes[Visit]{
	{Format: "fieldbook.visit-content.v1", Canonical: visitContentV1},
	{Format: "fieldbook.visit-content.v2", Canonical: visitContentV2},
}

// SignedContent is the canonical serialisation of what a new signature of v covers.
func (v Visit) SignedContent() []byte { return VisitSchemes.Current().Canonical(v) }

// ContentHash is the hex SHA-256 of the visit's signed content.
func (v Visit) ContentHash() string { return VisitSchemes.Hash(v) }

// SignedWith reports whether a signature carrying hash covers v as it is,
// under any scheme.
func (v Visit) SignedWith(hash string) bool {
	_, ok := VisitSchemes.Verify(v, hash)
	return ok
}

// Normalize trims text, drops empty lines and brings times to UTC seconds,
// so that what is stored is exactly what is hashed.
func (v *Visit) Normalize() {
	for _, p := range []*string{&v.Customer.Name, &v.Customer.Company, &v.Customer.Phone, &v.Customer.Address,
		&v.Asset.Model, &v.Asset.Serial, &v.Asset.Plate, &v.Asset.PurchaseDate,
		&v.FaultSymptoms, &v.CustomerRequirement, &v.RepairHistory, &v.Diagnosis, &v.WorkPerformed, &v.Result,
		&v.FollowUp, &v.CustomerComments, &v.AmendReason} {
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

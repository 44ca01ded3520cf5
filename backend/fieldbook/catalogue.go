package fieldbook

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
)

// Catalogue kinds: a centre's parts price list (配件价格表) and its labour
// items (工时项目).
const (
	KindPart   = "part"
	KindLabour = "labour"
)

// CatalogueKinds are both kinds, in the order the screens show them.
var CatalogueKinds = []string{KindPart, KindLabour}

// CatalogueItem is one line of a centre's catalogue, held on the hub and
// synced to every device of the centre; only the centre's admin changes
// it. Its row id is its kind and code (CatalogueID), so a code is unique
// within its kind and an import of the same code updates the item. The
// pinyin initials are derived from the name (never typed): the hub checks
// them. The JSON names are the synced fields'.
type CatalogueItem struct {
	Kind     string `json:"kind"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	Unit     string `json:"unit"`
	PriceFen int64  `json:"price_fen"` // a part's unit price; a labour item's rate per unit
	Pinyin   string `json:"pinyin"`    // initials of the name: 内存条 → nct
	Active   bool   `json:"active"`
}

// Limits of a catalogue item.
const (
	MaxCatalogueCodeChars = 40
	MaxCatalogueNameChars = 100
	MaxCatalogueUnitChars = 10
	MaxCataloguePriceFen  = 100_000_000 // ¥1,000,000
)

var catalogueCode = regexp.MustCompile(`^[A-Z0-9][A-Z0-9._-]*$`)

// CatalogueID is the row id of the item of kind with code.
func CatalogueID(kind, code string) string { return kind + ":" + code }

// Normalize trims the text fields, upper-cases the code and derives the
// pinyin initials from the name.
func (c *CatalogueItem) Normalize() {
	c.Code = strings.ToUpper(strings.TrimSpace(c.Code))
	c.Name = strings.TrimSpace(c.Name)
	c.Unit = strings.TrimSpace(c.Unit)
	c.Pinyin = PinyinInitials(c.Name)
}

// Validate reports every invalid field of c, by its JSON name; the device
// and the hub check the same.
func (c CatalogueItem) Validate() error {
	var v Validation
	if c.Kind != KindPart && c.Kind != KindLabour {
		v.Add("kind", "类别须为配件或工时。", "The kind must be part or labour.")
	}
	switch {
	case c.Code == "":
		v.Add("code", "请填写编码。", "Enter the code.")
	case utf8.RuneCountInString(c.Code) > MaxCatalogueCodeChars || !catalogueCode.MatchString(c.Code):
		v.Add("code", "编码只能由字母、数字和 . _ - 组成，最多40个字符，例如 NC-DDR4-8G。",
			"A code holds letters, digits and . _ - only, at most 40 characters, e.g. NC-DDR4-8G.")
	}
	if c.Name == "" {
		v.Add("name", "请填写名称。", "Enter the name.")
	}
	v.maxLen("name", c.Name, MaxCatalogueNameChars)
	if c.Unit == "" {
		v.Add("unit", "请填写单位，例如 个、条、小时。", "Enter the unit, e.g. 个, 条, 小时.")
	}
	v.maxLen("unit", c.Unit, MaxCatalogueUnitChars)
	if c.PriceFen < 0 || c.PriceFen > MaxCataloguePriceFen {
		v.Add("price_fen", "单价须在 0 到 1,000,000 元之间。", "The price must be between 0 and 1,000,000 yuan.")
	}
	if c.Pinyin != PinyinInitials(c.Name) {
		v.Add("pinyin", "拼音首字母由名称生成，不能另行填写。", "The pinyin initials are derived from the name and cannot be set.")
	}
	return v.Err()
}

var pinyinArgs = func() pinyin.Args {
	a := pinyin.NewArgs()
	a.Style = pinyin.FirstLetter
	return a
}()

// PinyinInitials are the initials of the name's Chinese characters in their
// common reading, with its Latin letters and digits kept, lower case:
// 内存条 DDR4 → nctddr4. Anything else is left out.
func PinyinInitials(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.Is(unicode.Han, r):
			if p := pinyin.SinglePinyin(r, pinyinArgs); len(p) > 0 {
				b.WriteString(p[0])
			}
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

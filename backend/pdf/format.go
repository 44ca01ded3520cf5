package pdf

import (
	"strconv"
	"strings"
	"time"

	"fieldbook/backend/fieldbook"
)

// formatTime prints t as 2006-01-02 15:04 in zone (the service centre's,
// fieldbook.Zone); "" for nil or the zero time.
func formatTime(t *time.Time, zone *time.Location) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.In(zone).Format("2006-01-02 15:04")
}

// FormatFen formats an amount of money in fen (1/100 yuan) as yuan with a
// thousands separator and two decimals, e.g. 123450 → "¥1,234.50" and
// -5 → "-¥0.05". It uses integer arithmetic only.
func FormatFen(fen int64) string {
	neg := fen < 0
	u := uint64(fen)
	if neg {
		u = -u // two's complement: exact even for math.MinInt64
	}
	yuan, cents := u/100, u%100
	digits := strconv.FormatUint(yuan, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteString("¥")
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	b.WriteByte('.')
	b.WriteByte(byte('0' + cents/10))
	b.WriteByte(byte('0' + cents%10))
	return b.String()
}

// FormatFenUpper writes an amount in fen the way Chinese receipts and
// cheques do (人民币大写), e.g. 123450 → "壹仟贰佰叁拾肆元伍角整",
// 100005 → "壹仟元零伍分", 0 → "零元整".
func FormatFenUpper(fen int64) string {
	neg := fen < 0
	u := uint64(fen)
	if neg {
		u = -u
	}
	yuan, jiao, fenDigit := u/100, u/10%10, u%10
	var b strings.Builder
	if neg {
		b.WriteString("负")
	}
	switch {
	case yuan == 0 && jiao == 0 && fenDigit == 0:
		b.WriteString("零元整")
		return b.String()
	case yuan > 0:
		b.WriteString(upperInt(yuan))
		b.WriteString("元")
	}
	switch {
	case jiao == 0 && fenDigit == 0:
		b.WriteString("整")
	case jiao == 0:
		if yuan > 0 {
			b.WriteString("零")
		}
		b.WriteString(upperDigits[fenDigit] + "分")
	case fenDigit == 0:
		b.WriteString(upperDigits[jiao] + "角整")
	default:
		b.WriteString(upperDigits[jiao] + "角" + upperDigits[fenDigit] + "分")
	}
	return b.String()
}

var (
	upperDigits     = [10]string{"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"}
	upperPlaces     = [4]string{"", "拾", "佰", "仟"}
	upperGroupUnits = [5]string{"", "万", "亿", "万亿", "亿亿"}
)

// upperInt writes n > 0 in financial Chinese numerals: digits in groups of
// four (个, 万, 亿, …), one 零 for each run of zeros between non-zero digits.
func upperInt(n uint64) string {
	var groups []uint64
	for ; n > 0; n /= 10000 {
		groups = append(groups, n%10000)
	}
	var b strings.Builder
	started, zero := false, false
	for gi := len(groups) - 1; gi >= 0; gi-- {
		g := groups[gi]
		if g == 0 {
			zero = zero || started
			continue
		}
		div := uint64(1000)
		for place := 3; place >= 0; place-- {
			d := g / div % 10
			div /= 10
			if d == 0 {
				zero = zero || started
				continue
			}
			if zero {
				b.WriteString("零")
				zero = false
			}
			b.WriteString(upperDigits[d])
			b.WriteString(upperPlaces[place])
			started = true
		}
		b.WriteString(upperGroupUnits[gi])
	}
	return b.String()
}

// formatHours prints minutes as hours with two decimals, rounded half up:
// 90 → "1.50", 20 → "0.33".
func formatHours(minutes int64) string {
	neg := minutes < 0
	if neg {
		minutes = -minutes
	}
	h100 := (minutes*100 + 30) / 60
	s := strconv.FormatInt(h100/100, 10) + "." + strconv.FormatInt(h100%100/10, 10) + strconv.FormatInt(h100%10, 10)
	if neg {
		s = "-" + s
	}
	return s
}

// shortHash is the first 16 hex digits of a content hash in groups of
// four, e.g. "3f2a 9c1b 44de 0a71"; "" when hash is empty.
func shortHash(hash string) string {
	h := strings.ToLower(strings.TrimSpace(hash))
	if len(h) > 16 {
		h = h[:16]
	}
	var b strings.Builder
	for i := 0; i < len(h); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(h[i:min(i+4, len(h))])
	}
	return b.String()
}

// Labels of the keys stored in the domain, Chinese first.
var (
	paymentLabels = map[string]string{
		"cash":          "现金",
		"wechat":        "微信支付",
		"alipay":        "支付宝",
		"bank_transfer": "银行转账",
		"card":          "刷卡",
		"monthly":       "月结",
		"warranty_free": "保内免费",
		"contract":      "合同约定",
	}
	oldPartsLabels = map[string]string{
		"returned_to_customer": "交还客户",
		"taken_by_technician":  "技术员带回",
		"recycled":             "回收",
		"scrapped":             "报废",
		"none":                 "无旧件",
	}
	roleLabels = map[string][2]string{
		fieldbook.RoleCustomer:       {"客户", "Customer"},
		fieldbook.RoleTechnician:     {"技术员", "Technician"},
		fieldbook.RoleServiceAdvisor: {"服务顾问", "Service advisor"},
		fieldbook.RoleLeadTechnician: {"主修技师", "Lead technician"},
		fieldbook.RoleInspector:      {"质检员", "Inspector"},
		fieldbook.RoleTestDriver:     {"试车员", "Test driver"},
		fieldbook.RolePartyA:         {"甲方代表", "Party A"},
		fieldbook.RolePartyB:         {"乙方代表", "Party B"},
	}
	warrantyLabels = map[string]string{
		fieldbook.WarrantyIn:      "是 / 在保",
		fieldbook.WarrantyOut:     "否 / 已过保",
		fieldbook.WarrantyUnknown: "未知",
	}
	satisfactionLabels = [6]string{"未评价", "非常不满意", "不满意", "一般", "满意", "非常满意"}
)

// label returns m[key], the key itself when it has no label (a newer
// client's value), and "" for "".
func label(m map[string]string, key string) string {
	if l, ok := m[key]; ok {
		return l
	}
	return key
}

func roleLabel(role string) (zh, en string) {
	if l, ok := roleLabels[role]; ok {
		return l[0], l[1]
	}
	return role, ""
}

// kindLabel describes how a signature was given.
func kindLabel(s fieldbook.Signature) string {
	switch s.Kind {
	case fieldbook.SignReal:
		return "本人签字"
	case fieldbook.SignProxy:
		return "代签（签字人：" + s.SignerName + "）"
	case fieldbook.SignStamp:
		return "盖章"
	case fieldbook.SignRefused:
		if strings.TrimSpace(s.Reason) == "" {
			return "拒签"
		}
		return "拒签（原因：" + s.Reason + "）"
	}
	return s.Kind
}

func satisfactionLabel(n int) string {
	if n < 0 || n >= len(satisfactionLabels) {
		return strconv.Itoa(n)
	}
	return satisfactionLabels[n]
}

// paymentOrOldParts is the label map of a changed field whose value is a
// code (付费方式, 旧件处理方式); nil for the others.
func paymentOrOldParts(field string) map[string]string {
	switch field {
	case "payment_method":
		return paymentLabels
	case "old_parts":
		return oldPartsLabels
	}
	return nil
}

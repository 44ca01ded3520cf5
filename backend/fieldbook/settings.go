package fieldbook

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Languages the product speaks; the first is the default.
const (
	LangZH = "zh-CN"
	LangEN = "en"
)

// Settings are the device-local preferences: the interface language, the
// technician who uses this laptop, the company header printed on PDFs and
// the service centre's time zone (see Zone). Setup says how the first run
// ended: "" while it has not (the app opens its setup), SetupAlone for a
// laptop working alone, SetupHub for one enrolled with a hub (whose centre
// settings then take the place of Company and TimeZone).
type Settings struct {
	Language   string     `json:"language"`
	Technician Technician `json:"technician"`
	Company    Company    `json:"company"`
	TimeZone   string     `json:"time_zone"` // IANA name, e.g. Asia/Shanghai
	Setup      string     `json:"setup"`
}

// How a first run ended (Settings.Setup).
const (
	SetupAlone = "alone"
	SetupHub   = "hub"
)

// Technician is the profile of the person using this device.
type Technician struct {
	Name       string `json:"name"`
	Phone      string `json:"phone"`
	EmployeeNo string `json:"employee_no"`
}

// Signer is the technician as their own signature names them: the name,
// and the employee number when there is one ("张伟（工号 FW-0107）");
// "" without a name.
func (t Technician) Signer() string {
	name := strings.TrimSpace(t.Name)
	if name == "" || strings.TrimSpace(t.EmployeeNo) == "" {
		return name
	}
	return name + "（工号 " + strings.TrimSpace(t.EmployeeNo) + "）"
}

// Company is the service company printed at the top of customer copies.
type Company struct {
	Name    string `json:"name"`
	Address string `json:"address"`
	Phone   string `json:"phone"`
}

// DefaultSettings are the settings of a new installation.
func DefaultSettings() Settings {
	return Settings{Language: LangZH, TimeZone: DefaultTimeZone}
}

// Normalize trims surrounding white space from every text field.
func (s *Settings) Normalize() {
	for _, p := range []*string{
		&s.Language, &s.Technician.Name, &s.Technician.Phone, &s.Technician.EmployeeNo,
		&s.Company.Name, &s.Company.Address, &s.Company.Phone, &s.TimeZone, &s.Setup,
	} {
		*p = strings.TrimSpace(*p)
	}
	if s.TimeZone == "" {
		s.TimeZone = DefaultTimeZone
	}
}

// Validate reports every invalid field of s.
func (s Settings) Validate() error {
	var v Validation
	if s.Language != LangZH && s.Language != LangEN {
		v.Add("language", "请选择界面语言：中文或English。", "Choose the interface language: 中文 or English.")
	}
	switch s.Setup {
	case "", SetupHub, SetupAlone:
	default:
		v.Add("setup", "首次设置的方式无效。", "The way of the first setup is not valid.")
	}
	v.maxLen("technician.name", s.Technician.Name, 50)
	v.maxLen("technician.employee_no", s.Technician.EmployeeNo, 30)
	if s.Technician.Phone != "" && !IsMobile(s.Technician.Phone) {
		v.Add("technician.phone", "请输入正确的手机号码（11位，以1开头）。",
			"Enter a valid mainland mobile number (11 digits starting with 1).")
	}
	v.maxLen("company.name", s.Company.Name, 100)
	v.maxLen("company.address", s.Company.Address, 200)
	if s.Company.Phone != "" && !IsPhone(s.Company.Phone) {
		v.Add("company.phone", "请输入正确的电话号码：手机号或带区号的座机号（如 010-12345678）。",
			"Enter a valid phone number: a mobile or a landline with area code (e.g. 010-12345678).")
	}
	if _, err := time.LoadLocation(s.TimeZone); err != nil || s.TimeZone == "Local" {
		v.Add("time_zone", "请选择服务中心所在的时区，例如 Asia/Shanghai。", "Choose the service centre's time zone, e.g. Asia/Shanghai.")
	}
	return v.Err()
}

// ValidateSetUpAlone reports what the first run's 单机使用 needs besides
// valid settings: working alone, the laptop's own details are the
// letterhead and the technician's signature, so neither may be empty.
func (s Settings) ValidateSetUpAlone() error {
	var v Validation
	if s.Technician.Name == "" {
		v.Add("technician.name", "请填写您的姓名，它会随您的签名印在服务记录上。", "Enter your name: it is printed with your signature on the service records.")
	}
	if s.Company.Name == "" {
		v.Add("company.name", "请填写公司名称，它会印在客户联的抬头。", "Enter the company name: it heads the customer copy.")
	}
	if err := s.Validate(); err != nil {
		var fe *Error
		if errors.As(err, &fe) {
			v.fields = append(v.fields, fe.Fields...)
		}
	}
	return v.Err()
}

func (v *Validation) maxLen(field, value string, max int) {
	if utf8.RuneCountInString(value) > max {
		v.Add(field, "内容过长，最多"+strconv.Itoa(max)+"个字。", "Too long: at most "+strconv.Itoa(max)+" characters.")
	}
}

var (
	mobileRE = regexp.MustCompile(`^(?:\+?86)?1[3-9]\d{9}$`)
	// An area code (0 and two or three digits, bracketed or not), the
	// local number of seven or eight digits, written whole or in two groups
	// (6555 1234, 655-1234), and an optional extension (-8001, 转8001, ext 8001).
	landlineRE = regexp.MustCompile(`^(?:0\d{2,3}|\(0\d{2,3}\))[- ]?\d{3,4}[- ]?\d{4}(?:(?: ?(?:转|分机|#|(?i:ext\.?|x)) ?|[- ])\d{1,6})?$`)
)

// IsMobile reports whether s is a mainland China mobile number, optionally
// with the +86 country code and grouped with spaces or dashes (138-1234-5678).
func IsMobile(s string) bool {
	return mobileRE.MatchString(strings.NewReplacer(" ", "", "-", "").Replace(s))
}

// IsLandline reports whether s is a mainland landline with area code and an
// optional extension, e.g. 010-12345678, 0371-6555 1234 or 0755 1234567-8001.
func IsLandline(s string) bool { return landlineRE.MatchString(strings.TrimSpace(s)) }

// IsPhone reports whether s is a mobile or a landline number.
func IsPhone(s string) bool { return IsMobile(s) || IsLandline(s) }

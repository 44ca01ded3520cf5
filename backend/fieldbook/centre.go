package fieldbook

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// CentreRowID is the id of a centre's one row of centre settings.
const CentreRowID = "centre"

// CentreSettings are a service centre's settings, held on the hub and
// synced to every device of the centre: the letterhead of its customer
// copies (name, address, phone, logo), the format of its service
// registration numbers, the 客户须知 terms printed on the customer copy,
// the default labour rate and the centre's time zone. Only the centre's
// admin changes them. The JSON names are the synced fields'.
type CentreSettings struct {
	CompanyName        string `json:"company_name"`
	CompanyAddress     string `json:"company_address"`
	CompanyPhone       string `json:"company_phone"`
	LogoSHA256         string `json:"logo_sha256"` // a PNG or JPEG blob; "" for none
	RegistrationFormat string `json:"registration_format"`
	Terms              string `json:"terms"`
	LabourRateFen      int64  `json:"labour_rate_fen"` // per hour, in fen
	TimeZone           string `json:"time_zone"`       // IANA name; "" for DefaultTimeZone
	// AppointmentsPerDay is how many visits a technician takes a day
	// (每位技术员每日可预约数); 0 for DefaultAppointmentsPerDay.
	AppointmentsPerDay int64 `json:"appointments_per_day"`
}

// Limits of the centre settings, in characters (the rate in fen).
const (
	MaxTermsChars     = 2000
	MaxLabourRateFen  = 100_000_000 // ¥1,000,000 an hour
	DefaultRegFormat  = "{JOB}-{N}"
	maxRegFormatChars = 40
	// DefaultAppointmentsPerDay is a technician's daily capacity when the
	// centre sets none; MaxAppointmentsPerDay bounds what it may set.
	DefaultAppointmentsPerDay = 6
	MaxAppointmentsPerDay     = 50
)

// Normalize trims surrounding white space from the text fields (the terms
// keep their inner line breaks).
func (c *CentreSettings) Normalize() {
	for _, p := range []*string{&c.CompanyName, &c.CompanyAddress, &c.CompanyPhone, &c.LogoSHA256, &c.RegistrationFormat, &c.Terms, &c.TimeZone} {
		*p = strings.TrimSpace(*p)
	}
}

var blobName = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Validate reports every invalid field of c, by its JSON name; the device
// and the hub check the same.
func (c CentreSettings) Validate() error {
	var v Validation
	v.maxLen("company_name", c.CompanyName, 100)
	v.maxLen("company_address", c.CompanyAddress, 200)
	if c.CompanyPhone != "" && !IsPhone(c.CompanyPhone) {
		v.Add("company_phone", "请输入正确的电话号码：手机号或带区号的座机号（如 010-12345678）。",
			"Enter a valid phone number: a mobile or a landline with area code (e.g. 010-12345678).")
	}
	if c.LogoSHA256 != "" && !blobName.MatchString(c.LogoSHA256) {
		v.Add("logo_sha256", "标志图片的标识无效。", "The logo is not a valid image reference.")
	}
	if c.RegistrationFormat != "" {
		if err := checkRegFormat(c.RegistrationFormat); err != nil {
			v.Add("registration_format", err.ZH, err.EN)
		}
	}
	v.maxLen("terms", c.Terms, MaxTermsChars)
	if c.LabourRateFen < 0 || c.LabourRateFen > MaxLabourRateFen {
		v.Add("labour_rate_fen", "工时单价须在 0 到 1,000,000 元之间。", "The labour rate must be between 0 and 1,000,000 yuan.")
	}
	if c.AppointmentsPerDay < 0 || c.AppointmentsPerDay > MaxAppointmentsPerDay {
		v.Add("appointments_per_day", "每位技术员每日可预约数须在 1 到 50 之间（0 为默认 6）。",
			"A technician's appointments a day must be between 1 and 50 (0 for the default, 6).")
	}
	if c.TimeZone != "" {
		if _, err := time.LoadLocation(c.TimeZone); err != nil || c.TimeZone == "Local" {
			v.Add("time_zone", "请选择服务中心所在的时区，例如 Asia/Shanghai。", "Choose the service centre's time zone, e.g. Asia/Shanghai.")
		}
	}
	return v.Err()
}

// checkRegFormat: a registration number format holds the job number {JOB}
// and the visit's sequence {N} (so numbers stay unique), at most 40
// characters, printable.
func checkRegFormat(f string) *Error {
	if utf8.RuneCountInString(f) > maxRegFormatChars || !strings.Contains(f, "{JOB}") || !strings.Contains(f, "{N}") ||
		strings.ContainsFunc(f, func(r rune) bool { return r < ' ' }) {
		return Errorf(EINVALID, "登记编号格式须包含工单号 {JOB} 和序号 {N}，最多40个字，例如 {JOB}-{N} 或 FW{JOB}/{N}。",
			"The registration number format must hold the job number {JOB} and the sequence {N}, at most 40 characters, e.g. {JOB}-{N} or FW{JOB}/{N}.")
	}
	return nil
}

// RegistrationNo is the service registration number of a job's nth visit
// (服务登记编号) in the centre's format (DefaultRegFormat when empty or
// invalid).
func RegistrationNo(format, jobNumber string, n int) string {
	if format == "" || checkRegFormat(format) != nil {
		format = DefaultRegFormat
	}
	return strings.NewReplacer("{JOB}", jobNumber, "{N}", strconv.Itoa(n)).Replace(format)
}

// Capacity is how many appointments a technician takes a day.
func (c CentreSettings) Capacity() int {
	if c.AppointmentsPerDay <= 0 {
		return DefaultAppointmentsPerDay
	}
	return int(c.AppointmentsPerDay)
}

// Letterhead is what heads a customer copy: the centre's settings when
// the device has them, else the laptop's own company details.
func (c CentreSettings) Letterhead() Company {
	return Company{Name: c.CompanyName, Address: c.CompanyAddress, Phone: c.CompanyPhone}
}

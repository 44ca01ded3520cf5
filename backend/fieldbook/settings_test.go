package fieldbook

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestPhoneFormats(t *testing.T) {
	tests := []struct {
		in               string
		mobile, landline bool
	}{
		{"13812345678", true, false},
		{"+86 13812345678", true, false},
		{"8613812345678", true, false},
		{"19912345678", true, false},
		{"138-1234-5678", true, false},
		{"138 1234 5678", true, false},
		{"12345678901", false, false}, // second digit must be 3-9
		{"1381234567", false, false},  // 10 digits
		{"138123456789", false, false},
		{"010-12345678", false, true},
		{"0755 1234567", false, true},
		{"02158881234", false, true},
		{"021-58881234-8001", false, true},
		{"0371-6555 1234", false, true}, // the local number in two groups
		{"0371 6555-1234", false, true},
		{"(0371)65551234", false, true},
		{"021-5888-1234", false, true},
		{"021-58881234 转 8001", false, true},
		{"021-58881234转8001", false, true},
		{"021-58881234 ext 8001", false, true},
		{"0371-655 1234", false, true}, // seven digits
		{"0371-65 1234", false, false}, // six digits
		{"0371-6555 12345", false, false},
		{"371-6555 1234", false, false}, // no leading 0
		{"12345", false, false},
		{"", false, false},
		{"abc", false, false},
	}
	for _, tt := range tests {
		if got := IsMobile(tt.in); got != tt.mobile {
			t.Errorf("IsMobile(%q) = %v, want %v", tt.in, got, tt.mobile)
		}
		if got := IsLandline(tt.in); got != tt.landline {
			t.Errorf("IsLandline(%q) = %v, want %v", tt.in, got, tt.landline)
		}
	}
}

func TestSettingsValidate(t *testing.T) {
	ok := Settings{Language: LangZH, Technician: Technician{Name: "张伟", Phone: "13812345678"},
		Company: Company{Name: "华东服务中心", Phone: "021-58881234"}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("Validate(valid) = %v", err)
	}
	tests := []struct {
		name  string
		edit  func(*Settings)
		field string
	}{
		{"language", func(s *Settings) { s.Language = "de" }, "language"},
		{"technician phone", func(s *Settings) { s.Technician.Phone = "021-58881234" }, "technician.phone"},
		{"company phone", func(s *Settings) { s.Company.Phone = "12345" }, "company.phone"},
		{"long name", func(s *Settings) { s.Technician.Name = strings.Repeat("张", 51) }, "technician.name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ok
			tt.edit(&s)
			p := ToPayload(s.Validate())
			if p.Code != EINVALID || len(p.Fields) != 1 || p.Fields[0].Field != tt.field {
				t.Fatalf("Validate = %+v, want one error on %s", p, tt.field)
			}
			if p.Fields[0].ZH == "" || p.Fields[0].EN == "" {
				t.Errorf("field message not bilingual: %+v", p.Fields[0])
			}
		})
	}
}

func TestToPayload(t *testing.T) {
	wrapped := fmt.Errorf("save: %w", Errorf(ECONFLICT, "冲突", "conflict"))
	if p := ToPayload(wrapped); p.Code != ECONFLICT || p.Message != "冲突" || p.MessageEN != "conflict" {
		t.Errorf("ToPayload(wrapped) = %+v", p)
	}
	p := ToPayload(errors.New("disk I/O error at /secret/path"))
	if p.Code != EINTERNAL || strings.Contains(p.Message+p.MessageEN, "/secret/path") {
		t.Errorf("ToPayload(plain) = %+v, want a generic internal error", p)
	}
	if ErrorCode(nil) != "" {
		t.Error("ErrorCode(nil) != \"\"")
	}
}

func TestZone(t *testing.T) {
	at := time.Date(2026, 11, 27, 1, 30, 0, 0, time.UTC)
	for _, tt := range []struct {
		name, want, label string
	}{
		{"", "2026-11-27 09:30", "北京时间"},
		{"Asia/Shanghai", "2026-11-27 09:30", "北京时间"},
		{"Not/AZone", "2026-11-27 09:30", "北京时间"},
		{"Local", "2026-11-27 09:30", "北京时间"}, // never the laptop's own zone
		{"America/New_York", "2026-11-26 20:30", "America/New_York UTC-5"},
		{"Asia/Kolkata", "2026-11-27 07:00", "Asia/Kolkata UTC+5:30"},
	} {
		loc := Zone(tt.name)
		if got := at.In(loc).Format("2006-01-02 15:04"); got != tt.want {
			t.Errorf("time in Zone(%q) = %s, want %s", tt.name, got, tt.want)
		}
		if got := ZoneLabel(loc, at).ZH; got != tt.label {
			t.Errorf("ZoneLabel(Zone(%q)) = %q, want %q", tt.name, got, tt.label)
		}
	}
}

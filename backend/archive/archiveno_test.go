package archive

import (
	"strings"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
)

func TestFormatArchiveNo(t *testing.T) {
	nov27 := time.Date(2026, 11, 27, 10, 0, 0, 0, chinaTime)
	tests := []struct {
		format string
		t      time.Time
		seq    int
		want   string
		period string
	}{
		{"", nov27, 42, "2026-11-0042", "2026-11"},
		{"YYYY-MM-NNNN", nov27, 42, "2026-11-0042", "2026-11"},
		{"SH-YYYYMM-NNNNN", nov27, 42, "SH-202611-00042", "2026-11"},
		{"YYMMDD-NNN", nov27, 7, "261127-007", "2026-11-27"},
		{"[NJ]YYYY-NNNNNN", nov27, 123456, "NJ2026-123456", "2026"},
		{"档案-YYYY-NNNN", nov27, 1, "档案-2026-0001", "2026"},
		{"ARC-N", nov27, 9, "ARC-9", ""},
		{"YYYY-MM-NNNN", nov27, 9999, "2026-11-9999", "2026-11"},
		// 2026-11-30 17:00 UTC is 1 December in China.
		{"YYYY-MM-NNNN", time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC), 1, "2026-12-0001", "2026-12"},
	}
	for _, tc := range tests {
		got, err := FormatArchiveNo(tc.format, tc.t, tc.seq)
		if err != nil || got != tc.want {
			t.Errorf("FormatArchiveNo(%q, %d) = %q, %v; want %q", tc.format, tc.seq, got, err, tc.want)
			continue
		}
		p, err := SequencePeriod(tc.format, tc.t)
		if err != nil || p != tc.period {
			t.Errorf("SequencePeriod(%q) = %q, %v; want %q", tc.format, p, err, tc.period)
		}
		a, err := ParseArchiveNo(tc.format, got)
		if err != nil || a.Seq != tc.seq {
			t.Errorf("ParseArchiveNo(%q, %q) = %+v, %v", tc.format, got, a, err)
		}
		if strings.Contains(tc.format, "MM") || tc.format == "" {
			if want := int(tc.t.In(chinaTime).Month()); a.Month != want || a.Year != tc.t.In(chinaTime).Year() {
				t.Errorf("ParseArchiveNo(%q, %q) = %+v", tc.format, got, a)
			}
		}
	}
}

func TestFormatArchiveNoErrors(t *testing.T) {
	nov := time.Date(2026, 11, 27, 10, 0, 0, 0, chinaTime)
	invalid := map[string]string{
		"":                            "格式为空",
		"   ":                         "格式为空",
		"YYYY-MM":                     "缺少序号",
		"YYYY-MM-NNNN-NN":             "重复出现",
		"YYYY-YY-NNNN":                "重复出现",
		"YYY-NNNN":                    "“YYY”不是可用的占位符",
		"YYYY-M-NNNN":                 "“M”不是可用的占位符",
		"YYYY-MM-D-NNNN":              "“D”不是可用的占位符",
		"NJ-YYYY-NNNN":                "重复出现", // N then NNNN: two sequences; literal letters need [ ]
		"YYYY-MM-NNNNNNNNNN":          "序号最多 9 位",
		"YYYY/MM/NNNN":                "不能包含字符“/”",
		"YYYY MM NNNN":                "不能包含字符“ ”",
		"[SH-YYYY-NNNN":               "没有对应的“]”",
		"SH]-NNNN":                    "没有对应的“[”",
		"[]NNNN":                      "没有文字",
		"YYYY-DD-NNNN":                "有日（DD）就必须有月（MM）",
		"MM-NNNN":                     "有月（MM）就必须有年",
		strings.Repeat("x", 41) + "N": "最多 40 个字符",
	}
	for format, want := range invalid {
		err := ValidateArchiveFormat(format)
		e, ok := err.(*fieldbook.Error)
		if !ok || e.Code != fieldbook.EINVALID || !strings.Contains(e.ZH, want) || e.EN == "" || len(e.Fields) != 1 || e.Fields[0].Field != "archive_format" {
			t.Errorf("ValidateArchiveFormat(%q) = %v; want a bilingual EINVALID containing %q", format, err, want)
		}
		if format == "" {
			continue // FormatArchiveNo uses the default
		}
		if _, err := FormatArchiveNo(format, nov, 1); err == nil {
			t.Errorf("FormatArchiveNo(%q) passed", format)
		}
	}
	for _, seq := range []int{0, -1, 10000} {
		_, err := FormatArchiveNo("YYYY-MM-NNNN", nov, seq)
		if e, ok := err.(*fieldbook.Error); !ok || !strings.Contains(e.ZH, "1–9999") {
			t.Errorf("seq %d: %v", seq, err)
		}
	}
}

func TestParseArchiveNoErrors(t *testing.T) {
	for _, s := range []string{"", "2026-11-042", "2026-13-0042", "2026-11-0000", "2026-11-0042x", "2026-1a-0042", "SH-2026-11-0042"} {
		if a, err := ParseArchiveNo("YYYY-MM-NNNN", s); err == nil {
			t.Errorf("ParseArchiveNo(%q) = %+v", s, a)
		}
	}
	if _, err := ParseArchiveNo("YYYYMMDD-NN", "20260230-01"); err == nil {
		t.Error("30 February parsed")
	}
	a, err := ParseArchiveNo("[NJ]YYMMDD-NN", "NJ261127-05")
	if err != nil || a != (ArchiveNo{Year: 2026, Month: 11, Day: 27, Seq: 5}) {
		t.Errorf("got %+v, %v", a, err)
	}
}

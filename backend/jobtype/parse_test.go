package jobtype

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"fieldbook/backend/fieldbook"
)

// base is a small valid bundle; the line numbers of the bad cases refer to it.
const base = `{
  "format": "fieldbook.jobtypes.v1",
  "job_types": [
    {
      "key": "site",
      "name": {"zh": "工程验收", "en": "Site acceptance"},
      "documents": [
        {"key": "acceptance", "name": {"zh": "验收单"}, "form": "checklist", "template": "acceptance", "presence": "required", "signatures": ["party_a", "party_b"]}
      ]
    }
  ],
  "checklist_templates": [
    {
      "key": "acceptance",
      "version": 1,
      "name": {"zh": "验收单"},
      "groups": [
        {"name": {"zh": "验收项"}, "items": [
          {"key": "walls", "label": {"zh": "墙壁"}, "kind": "pass_fail"},
          {"key": "tiles", "label": {"zh": "地砖"}, "kind": "pass_fail"},
          {"key": "hollow", "label": {"zh": "空鼓率"}, "kind": "number", "unit": "%", "max": 3}
        ]}
      ]
    }
  ]
}
`

// edit replaces old, which must occur exactly once in base.
func edit(t testing.TB, pairs ...string) string {
	s := base
	for i := 0; i < len(pairs); i += 2 {
		if n := strings.Count(s, pairs[i]); n != 1 {
			t.Fatalf("%q occurs %d times", pairs[i], n)
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

type wantField struct {
	field string
	line  int
	text  string // in the Chinese or English message
}

// checkError asserts err is an EINVALID *fieldbook.Error with messages in
// both languages that begin with the line.
func checkError(t testing.TB, err error) *fieldbook.Error {
	t.Helper()
	var e *fieldbook.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *fieldbook.Error", err, err)
	}
	if e.Code != fieldbook.EINVALID || e.ZH == "" || e.EN == "" || len(e.Fields) == 0 {
		t.Fatalf("bad error %#v", e)
	}
	for _, f := range e.Fields {
		if f.ZH == "" || f.EN == "" {
			t.Fatalf("field %q lacks a message: %#v", f.Field, f)
		}
	}
	return e
}

var badCases = []struct {
	name string
	data string
	want []wantField
}{
	{"unknown kind", edit(nil, `"key": "tiles", "label": {"zh": "地砖"}, "kind": "pass_fail"`, `"key": "tiles", "label": {"zh": "地砖"}, "kind": "passfail"`),
		[]wantField{{"checklist_templates[0].groups[0].items[1].kind", 20, `未知的检查项类型 "passfail"（可选：pass_fail, number, text, photo, date, list）`}}},
	{"unknown field with suggestion", edit(nil, `"label": {"zh": "墙壁"}`, `"lable": {"zh": "墙壁"}`),
		[]wantField{{"checklist_templates[0].groups[0].items[0].label", 19, `missing required field "label"`},
			{"checklist_templates[0].groups[0].items[0].lable", 19, `unknown field "lable" (did you mean "label"?)`}}},
	{"trailing comma", edit(nil, `"kind": "number", "unit": "%", "max": 3}`, `"kind": "number", "unit": "%", "max": 3},`),
		[]wantField{{"", 22, "第 9 列：JSON 格式错误"}}},
	{"missing comma", edit(nil, `"version": 1,`, `"version": 1`),
		[]wantField{{"", 16, "column 7: invalid JSON: a comma is missing"}}},
	{"truncated", base[:200], []wantField{{"", 8, "unexpected end of file"}}},
	{"string for number", edit(nil, `"version": 1,`, `"version": "1",`),
		[]wantField{{"checklist_templates[0].version", 15, "应为数字，实际是文本"}}},
	{"fractional version", edit(nil, `"version": 1,`, `"version": 1.5,`),
		[]wantField{{"checklist_templates[0].version", 15, "must be a whole number, not 1.5"}}},
	{"version zero", edit(nil, `"version": 1,`, `"version": 0,`),
		[]wantField{{"checklist_templates[0].version", 15, "version 应为 1 到 1000000 的整数"}}},
	{"missing version", edit(nil, `"version": 1,`, ``),
		[]wantField{{"checklist_templates[0].version", 13, "version must be a whole number from 1"}}},
	{"missing job type key", edit(nil, `"key": "site",`, ``),
		[]wantField{{"job_types[0].key", 4, `缺少必填项 "key"`}}},
	{"invalid key", edit(nil, `"key": "site",`, `"key": "Site Acceptance",`),
		[]wantField{{"job_types[0].key", 5, `invalid key "Site Acceptance"`}}},
	{"duplicate item key", edit(nil, `{"key": "tiles"`, `{"key": "walls"`),
		[]wantField{{"checklist_templates[0].groups[0].items[1].key", 20, `duplicate key "walls": already used at line 19, checklist_templates[0].groups[0].items[0].key`}}},
	{"unknown role", edit(nil, `["party_a", "party_b"]`, `["party_a", "driver"]`),
		[]wantField{{"job_types[0].documents[0].signatures[1]", 8, `未知的签字角色 "driver"（可选：customer, technician, service_advisor, lead_technician, inspector, test_driver, party_a, party_b）`}}},
	{"duplicate role", edit(nil, `["party_a", "party_b"]`, `["party_a", "party_a"]`),
		[]wantField{{"job_types[0].documents[0].signatures[1]", 8, `"party_a" is listed twice`}}},
	{"unknown stamp", edit(nil, `"signatures": ["party_a", "party_b"]}`, `"signatures": ["party_a", "party_b"], "stamps": ["paid"]}`),
		[]wantField{{"job_types[0].documents[0].stamps[0]", 8, `unknown stamp "paid" (one of: business, finance_paid)`}}},
	{"unknown form", edit(nil, `"form": "checklist", "template": "acceptance"`, `"form": "paper"`),
		[]wantField{{"job_types[0].documents[0].form", 8, `未知的表单类型 "paper"`}}},
	{"conditional without when", edit(nil, `"presence": "required"`, `"presence": "conditional"`),
		[]wantField{{"job_types[0].documents[0].when", 8, `missing required field "when"`}}},
	{"unknown condition", edit(nil, `"presence": "required"`, `"presence": "conditional", "when": "booked"`),
		[]wantField{{"job_types[0].documents[0].when", 8, `unknown condition "booked" (one of: had_maintenance, was_booked, has_suggested_repairs, warranty_claim)`}}},
	{"when without condition presence", edit(nil, `"presence": "required"`, `"presence": "required", "when": "was_booked"`),
		[]wantField{{"job_types[0].documents[0].when", 8, "only documents with presence conditional have when"}}},
	{"missing template", edit(nil, `"template": "acceptance"`, `"template": "acceptance_v2"`),
		[]wantField{{"job_types[0].documents[0].template", 8, `检查单模板 "acceptance_v2" 不存在`}}},
	{"template on a scan", edit(nil, `"form": "checklist"`, `"form": "scan"`),
		[]wantField{{"job_types[0].documents[0].template", 8, "only checklist forms have a template"}}},
	{"number without unit and limit", edit(nil, `"kind": "number", "unit": "%", "max": 3}`, `"kind": "number"}`),
		[]wantField{{"checklist_templates[0].groups[0].items[2].unit", 21, "数值检查项需要单位 unit"},
			{"checklist_templates[0].groups[0].items[2]", 21, "at least one limit"}}},
	{"min above max", edit(nil, `"max": 3}`, `"max": 3, "min": 5}`),
		[]wantField{{"checklist_templates[0].groups[0].items[2].min", 21, "min cannot be greater than max"}}},
	{"limit on pass_fail", edit(nil, `{"zh": "墙壁"}, "kind": "pass_fail"}`, `{"zh": "墙壁"}, "kind": "pass_fail", "max": 3}`),
		[]wantField{{"checklist_templates[0].groups[0].items[0].max", 19, "only number items have max"}}},
	{"photo_on_fail on text", edit(nil, `{"zh": "墙壁"}, "kind": "pass_fail"}`, `{"zh": "墙壁"}, "kind": "text", "photo_on_fail": true}`),
		[]wantField{{"checklist_templates[0].groups[0].items[0].photo_on_fail", 19, "photo_on_fail 只用于"}}},
	{"huge limit", edit(nil, `"max": 3}`, `"max": 1e999}`),
		[]wantField{{"checklist_templates[0].groups[0].items[2].max", 21, "the number 1e999 is out of range"}}},
	{"unknown required field", edit(nil, `"documents": [`, `"required_fields": ["customer.email"], "documents": [`),
		[]wantField{{"job_types[0].required_fields[0]", 7, `未知的服务单字段 "customer.email"`}}},
	{"duplicate job type", edit(nil, "\n  ],\n  \"checklist_templates\"", `,
    {"key": "site", "name": {"zh": "重复"}, "documents": [{"key": "a", "name": {"zh": "单"}, "form": "scan", "presence": "optional"}]}
  ],
  "checklist_templates"`),
		[]wantField{{"job_types[1].key", 11, `键 "site" 重复：第 5 行的 job_types[0].key 已使用`}}},
	{"duplicate JSON field", edit(nil, `"version": 1,`, `"version": 1, "version": 2,`),
		[]wantField{{"checklist_templates[0].version", 15, `field "version" appears twice (also at line 15)`}}},
	{"no documents", edit(nil, `"documents": [
        {"key": "acceptance", "name": {"zh": "验收单"}, "form": "checklist", "template": "acceptance", "presence": "required", "signatures": ["party_a", "party_b"]}
      ]`, `"documents": []`),
		[]wantField{{"job_types[0].documents", 7, "at least one document is needed"}}},
	{"wrong format", edit(nil, `"format": "fieldbook.jobtypes.v1"`, `"format": "fieldbook.jobtypes.v2"`),
		[]wantField{{"format", 2, `不支持的文件格式 "fieldbook.jobtypes.v2"`}}},
	{"name with a tab", edit(nil, `{"zh": "验收项"}`, `{"zh": "验收\t项"}`),
		[]wantField{{"checklist_templates[0].groups[0].name.zh", 18, "control characters"}}},
	{"list instead of object", `[` + base + `]`, []wantField{{"", 1, "must be an object {…}, not a list […]"}}},
	{"empty object", `{}`, []wantField{{"format", 1, `missing required field "format"`}, {"", 1, "no job types"}}},
	{"empty file", " \n", []wantField{{"", 1, "文件是空的"}}},
	{"GBK file", "{\n  \"format\": \"\xb9\xa4\xb3\xcc\"\n}", []wantField{{"", 2, "第 14 列：文件不是 UTF-8 编码"}}},
	{"three errors", edit(nil,
		`"presence": "required"`, `"presence": "always"`,
		`"version": 1,`, `"version": -1,`,
		`"key": "tiles", "label": {"zh": "地砖"}, "kind": "pass_fail"`, `"key": "tiles", "label": {"zh": "地砖"}, "kind": "passfail"`),
		[]wantField{{"job_types[0].documents[0].presence", 8, `unknown presence "always"`},
			{"checklist_templates[0].version", 15, "version"},
			{"checklist_templates[0].groups[0].items[1].kind", 20, `"passfail"`}}},
}

func TestParseBad(t *testing.T) {
	for _, c := range badCases {
		t.Run(c.name, func(t *testing.T) {
			b, err := Parse([]byte(c.data))
			if err == nil {
				t.Fatalf("accepted: %+v", b)
			}
			e := checkError(t, err)
			if len(e.Fields) != len(c.want) {
				t.Fatalf("%d errors, want %d: %v", len(e.Fields), len(c.want), e)
			}
			for i, w := range c.want {
				f := e.Fields[i]
				zh, en := fmt.Sprintf("第 %d 行：", w.line), fmt.Sprintf("line %d: ", w.line)
				if f.Field != w.field || !strings.HasPrefix(f.ZH, zh) || !strings.HasPrefix(f.EN, en) ||
					!(strings.Contains(f.ZH, w.text) || strings.Contains(f.EN, w.text)) {
					t.Errorf("error %d = %q %q / %q\nwant      %q %q… containing %q", i, f.Field, f.ZH, f.EN, w.field, zh, w.text)
				}
			}
		})
	}
}

func TestParseGood(t *testing.T) {
	b, err := Parse([]byte(base))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.JobTypes) != 1 || len(b.Templates) != 1 || b.Templates[0].Len() != 3 || *b.Templates[0].Groups[0].Items[2].Max != 3 {
		t.Fatalf("%+v", b)
	}
	// A byte order mark (Notepad) and CRLF line ends are fine.
	if _, err := Parse([]byte("\xef\xbb\xbf" + strings.ReplaceAll(base, "\n", "\r\n"))); err != nil {
		t.Fatal(err)
	}
	// A document may refer to a template already stored.
	only := edit(t, `"key": "acceptance",
      "version": 1,`, `"key": "other",
      "version": 1,`)
	if _, err := Parse([]byte(only)); err == nil {
		t.Fatal("a missing template was accepted")
	}
	if _, err := ParseWith([]byte(only), Options{KnownTemplates: []string{"acceptance"}}); err != nil {
		t.Fatal(err)
	}
}

func TestParseWithStored(t *testing.T) {
	b, err := Parse([]byte(base))
	if err != nil {
		t.Fatal(err)
	}
	stored := b.Templates[0]
	// The same version unchanged: fine (re-importing an export).
	if _, err := ParseWith([]byte(base), Options{Stored: []Template{stored}}); err != nil {
		t.Fatal(err)
	}
	changed := edit(t, `"max": 3}`, `"max": 5}`)
	_, err = ParseWith([]byte(changed), Options{Stored: []Template{stored}})
	e := checkError(t, err)
	if len(e.Fields) != 1 || e.Fields[0].Field != "checklist_templates[0].version" || !strings.HasPrefix(e.Fields[0].ZH, "第 15 行：模板 \"acceptance\" 第 1 版已有且内容不同") {
		t.Fatalf("%v", e)
	}
	if _, err := ParseWith([]byte(edit(t, `"max": 3}`, `"max": 5}`, `"version": 1,`, `"version": 2,`)), Options{Stored: []Template{stored}}); err != nil {
		t.Fatal(err)
	}
	newer := stored
	newer.Version = 3
	_, err = ParseWith([]byte(edit(t, `"version": 1,`, `"version": 2,`)), Options{Stored: []Template{stored, newer}})
	e = checkError(t, err)
	if len(e.Fields) != 1 || !strings.Contains(e.Fields[0].EN, "older than the stored version 3") {
		t.Fatalf("%v", e)
	}
}

func TestCheckUpgrade(t *testing.T) {
	b, _ := Parse([]byte(base))
	old := b.Templates[0]
	if err := CheckUpgrade(old, old); err != nil {
		t.Fatal(err)
	}
	same, _ := Parse([]byte(base)) // equal content, separate memory
	if err := CheckUpgrade(old, same.Templates[0]); err != nil {
		t.Fatal(err)
	}
	changed, _ := Parse([]byte(edit(t, `{"zh": "墙壁"}`, `{"zh": "墙面"}`)))
	err := CheckUpgrade(old, changed.Templates[0])
	var e *fieldbook.Error
	if !errors.As(err, &e) || e.Code != fieldbook.ECONFLICT || len(e.Fields) != 1 || e.Fields[0].Field != "version" || e.Fields[0].EN == "" {
		t.Fatalf("changed template, same version: %v", err)
	}
	next := changed.Templates[0]
	next.Version = 2
	if err := CheckUpgrade(old, next); err != nil {
		t.Fatal(err)
	}
	if err := CheckUpgrade(next, old); fieldbook.ErrorCode(err) != fieldbook.ECONFLICT {
		t.Fatalf("downgrade: %v", err)
	}
	other := old
	other.Key = "other"
	if err := CheckUpgrade(old, other); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Fatalf("other key: %v", err)
	}
}

func TestParseLimits(t *testing.T) {
	// 1001 items in one template.
	var items []string
	for i := range 1001 {
		items = append(items, fmt.Sprintf(`{"key": "i%d", "label": {"zh": "项"}, "kind": "pass_fail"}`, i))
	}
	data := edit(t, `{"key": "walls", "label": {"zh": "墙壁"}, "kind": "pass_fail"},
          {"key": "tiles", "label": {"zh": "地砖"}, "kind": "pass_fail"},
          {"key": "hollow", "label": {"zh": "空鼓率"}, "kind": "number", "unit": "%", "max": 3}`, strings.Join(items, ",\n"))
	_, err := Parse([]byte(data))
	e := checkError(t, err)
	if len(e.Fields) != 1 || e.Fields[0].Field != "checklist_templates[0].groups" || !strings.Contains(e.Fields[0].EN, "too many items (1001); at most 1000") {
		t.Fatalf("%v", e)
	}
	// A very long label.
	_, err = Parse([]byte(edit(t, `{"zh": "墙壁"}`, `{"zh": "`+strings.Repeat("墙", 201)+`"}`)))
	if e := checkError(t, err); e.Fields[0].Field != "checklist_templates[0].groups[0].items[0].label.zh" {
		t.Fatalf("%v", e)
	}
	// Many errors are capped, with a summary line.
	for i := range items {
		items[i] = fmt.Sprintf(`{"key": "i%d", "label": {"zh": "项"}, "kind": "bad"}`, i)
	}
	data = edit(t, `{"key": "walls", "label": {"zh": "墙壁"}, "kind": "pass_fail"},`, strings.Join(items[:300], ",\n")+",")
	_, err = Parse([]byte(data))
	e = checkError(t, err)
	if len(e.Fields) != maxReportedErrors+1 || !strings.Contains(e.Fields[maxReportedErrors].EN, "200 more errors") || !strings.Contains(e.ZH, "300 处错误") {
		t.Fatalf("%d fields, last %v; %s", len(e.Fields), e.Fields[len(e.Fields)-1], e.ZH)
	}
}

// TestExport: stable output; Export refuses what Parse refuses.
func TestExport(t *testing.T) {
	b, err := Parse([]byte(base))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Export(b)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Parse(out)
	out2, _ := Export(again)
	if string(out) != string(out2) || !strings.HasSuffix(string(out), "}\n") || !strings.Contains(string(out), "\n  \"job_types\": [\n") {
		t.Fatalf("unstable export:\n%s", out)
	}
	b.Templates[0].Groups[0].Items[0].Kind = "passfail"
	if _, err := Export(b); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Fatalf("exported an invalid bundle: %v", err)
	}
}

func TestParseTooManyValues(t *testing.T) {
	data := `{"format": "fieldbook.jobtypes.v1", "job_types": [` + strings.Repeat("0,", MaxValues) + `0]}`
	_, err := Parse([]byte(data))
	e := checkError(t, err)
	if len(e.Fields) != 1 || !strings.Contains(e.Fields[0].EN, "too much") {
		t.Fatalf("%v", e)
	}
}

// TestDocExample: the example in the package documentation parses.
func TestDocExample(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	in := false
	for _, l := range strings.Split(string(src), "\n") {
		switch {
		case l == "//\t{":
			in = true
		case in && l == "//":
			in = false
		}
		if in {
			lines = append(lines, strings.TrimPrefix(l, "//\t"))
		}
	}
	if _, err := Parse([]byte(strings.Join(lines, "\n"))); err != nil || len(lines) < 10 {
		t.Fatalf("%d lines: %v", len(lines), err)
	}
}

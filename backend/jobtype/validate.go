package jobtype

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"fieldbook/backend/fieldbook"
)

// reporter records problems by JSON path and knows the line of a path.
type reporter interface {
	add(path, zh, en string)
	line(path string) int
}

// validKey reports whether key is a letter a–z followed by a–z, 0–9 and _.
func validKey(key string) bool {
	for i, c := range []byte(key) {
		if !('a' <= c && c <= 'z' || i > 0 && ('0' <= c && c <= '9' || c == '_')) {
			return false
		}
	}
	return key != ""
}

type validator struct {
	r reporter
}

func (v validator) missing(path string) {
	name := path[strings.LastIndexAny(path, ".[")+1:]
	v.r.add(path, fmt.Sprintf("缺少必填项 %q。", name), fmt.Sprintf("missing required field %q.", name))
}

// key checks a required key and that it is not in seen (key → path).
func (v validator) key(path, key string, seen map[string]string) {
	switch {
	case key == "":
		v.missing(path)
		return
	case len(key) > MaxKeyLen || !validKey(key):
		v.r.add(path, fmt.Sprintf("键 %q 无效：只能用小写英文字母、数字和下划线，以字母开头，最多 %d 个字符。", key, MaxKeyLen),
			fmt.Sprintf("invalid key %q: use lower-case letters, digits and underscores, starting with a letter, at most %d characters.", key, MaxKeyLen))
		return
	}
	if seen == nil {
		return
	}
	if prev, dup := seen[key]; dup {
		v.r.add(path, fmt.Sprintf("键 %q 重复：第 %d 行的 %s 已使用。", key, v.r.line(prev), prev),
			fmt.Sprintf("duplicate key %q: already used at line %d, %s.", key, v.r.line(prev), prev))
		return
	}
	seen[key] = path
}

// text checks a label: ZH required when required, lengths, no control characters
// (newlines allowed when multiline).
func (v validator) text(path string, t Text, required bool, maxRunes int, multiline bool) {
	switch {
	case required && t == Text{}:
		v.missing(path)
	case required && strings.TrimSpace(t.ZH) == "":
		v.missing(path + ".zh")
	}
	if !required && t.ZH == "" && t.EN != "" {
		v.missing(path + ".zh")
	}
	v.str(path+".zh", t.ZH, maxRunes, multiline)
	v.str(path+".en", t.EN, maxRunes, multiline)
}

func (v validator) str(path, s string, maxRunes int, multiline bool) {
	if n := utf8.RuneCountInString(s); n > maxRunes {
		v.r.add(path, fmt.Sprintf("内容过长（%d 字），最多 %d 字。", n, maxRunes),
			fmt.Sprintf("too long (%d characters); at most %d.", n, maxRunes))
		return
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && !(multiline && r == '\n') }); i >= 0 {
		v.r.add(path, "不能包含换行、制表符等控制字符。", "must not contain control characters such as newlines or tabs.")
	}
}

// oneOf checks a required value is one of choices.
func (v validator) oneOf(path, value string, choices []string, zhWhat, enWhat string) bool {
	if value == "" {
		v.missing(path)
		return false
	}
	if slices.Contains(choices, value) {
		return true
	}
	list := strings.Join(choices, ", ")
	v.r.add(path, fmt.Sprintf("未知的%s %q（可选：%s）", zhWhat, value, list),
		fmt.Sprintf("unknown %s %q (one of: %s)", enWhat, value, list))
	return false
}

func (v validator) count(path string, n, most int, zhWhat, enWhat string) {
	if n > most {
		v.r.add(path, fmt.Sprintf("%s过多（%d 个），最多 %d 个。", zhWhat, n, most),
			fmt.Sprintf("too many %s (%d); at most %d.", enWhat, n, most))
	}
}

func (v validator) notEmpty(path string, n int, zhWhat, enWhat string) {
	if n == 0 {
		v.r.add(path, fmt.Sprintf("至少需要一个%s。", zhWhat), fmt.Sprintf("at least one %s is needed.", enWhat))
	}
}

// set checks a list of distinct values out of choices.
func (v validator) set(path string, values, choices []string, zhWhat, enWhat string) {
	seen := make(map[string]bool, len(values))
	for i, s := range values {
		at := fmt.Sprintf("%s[%d]", path, i)
		if v.oneOf(at, s, choices, zhWhat, enWhat) && seen[s] {
			v.r.add(at, fmt.Sprintf("%q 重复出现。", s), fmt.Sprintf("%q is listed twice.", s))
		}
		seen[s] = true
	}
}

func validate(b *Bundle, opts Options, r reporter) {
	v := validator{r}
	switch {
	case b.Format == "":
		r.add("format", fmt.Sprintf("缺少必填项 \"format\"，应为 %q。", Format), fmt.Sprintf("missing required field \"format\"; it must be %q.", Format))
	case b.Format != Format:
		r.add("format", fmt.Sprintf("不支持的文件格式 %q，应为 %q。", b.Format, Format), fmt.Sprintf("unsupported format %q; it must be %q.", b.Format, Format))
	}
	if len(b.JobTypes)+len(b.Templates) == 0 {
		r.add("", "文件中没有作业类型（job_types）也没有检查单模板（checklist_templates）。",
			"the file holds no job types (job_types) and no checklist templates (checklist_templates).")
	}
	v.count("job_types", len(b.JobTypes), MaxJobTypes, "作业类型", "job types")
	v.count("checklist_templates", len(b.Templates), MaxTemplates, "检查单模板", "checklist templates")

	known := map[string]bool{}
	for _, k := range opts.KnownTemplates {
		known[k] = true
	}
	for _, t := range opts.Stored {
		known[t.Key] = true
	}
	for _, t := range b.Templates {
		if t.Key != "" {
			known[t.Key] = true
		}
	}

	seenTypes := map[string]string{}
	for i, t := range b.JobTypes {
		v.jobType(fmt.Sprintf("job_types[%d]", i), t, seenTypes, known)
	}
	seenTemplates := map[string]string{}
	for i, t := range b.Templates {
		at := fmt.Sprintf("checklist_templates[%d]", i)
		v.template(at, t, seenTemplates)
		v.upgrade(at, t, opts.Stored)
	}
}

func (v validator) jobType(at string, t JobType, seen map[string]string, known map[string]bool) {
	v.key(at+".key", t.Key, seen)
	v.text(at+".name", t.Name, true, MaxNameRunes, false)

	v.count(at+".fields", len(t.Fields), MaxFields, "字段", "fields")
	seenFields := map[string]string{}
	for i, f := range t.Fields {
		fa := fmt.Sprintf("%s.fields[%d]", at, i)
		v.key(fa+".key", f.Key, seenFields)
		v.text(fa+".name", f.Name, true, MaxNameRunes, false)
		if !v.oneOf(fa+".kind", f.Kind, FieldKinds, "字段类型", "field kind") {
			continue
		}
		if f.Kind != FieldChoice {
			if len(f.Options) > 0 {
				v.r.add(fa+".options", "只有 choice 字段可以有 options。", "only choice fields have options.")
			}
			continue
		}
		v.notEmpty(fa+".options", len(f.Options), "选项", "option")
		v.count(fa+".options", len(f.Options), MaxOptions, "选项", "options")
		seenValues := map[string]bool{}
		for j, o := range f.Options {
			oa := fmt.Sprintf("%s.options[%d]", fa, j)
			switch {
			case strings.TrimSpace(o.Value) == "":
				v.missing(oa + ".value")
			case seenValues[o.Value]:
				v.r.add(oa+".value", fmt.Sprintf("选项值 %q 重复。", o.Value), fmt.Sprintf("option value %q appears twice.", o.Value))
			default:
				v.str(oa+".value", o.Value, MaxKeyLen, false)
			}
			seenValues[o.Value] = true
			v.text(oa+".label", o.Label, true, MaxNameRunes, false)
		}
	}

	v.set(at+".required_fields", t.RequiredFields, visitFieldNames, "服务单字段", "service-record field")

	v.notEmpty(at+".documents", len(t.Documents), "单据", "document")
	v.count(at+".documents", len(t.Documents), MaxDocuments, "单据", "documents")
	seenDocs := map[string]string{}
	for i, d := range t.Documents {
		da := fmt.Sprintf("%s.documents[%d]", at, i)
		v.key(da+".key", d.Key, seenDocs)
		v.text(da+".name", d.Name, true, MaxNameRunes, false)
		if v.oneOf(da+".form", d.Form, Forms, "表单类型", "form") {
			switch {
			case d.Form == FormChecklist && d.Template == "":
				v.r.add(da+".template", "checklist 表单需要指定检查单模板 template。", "a checklist form needs a template.")
			case d.Form == FormChecklist && !known[d.Template]:
				v.r.add(da+".template", fmt.Sprintf("检查单模板 %q 不存在：文件中和已有模板中都没有。", d.Template),
					fmt.Sprintf("checklist template %q does not exist, neither in the file nor among the stored templates.", d.Template))
			case d.Form != FormChecklist && d.Template != "":
				v.r.add(da+".template", "只有 checklist 表单可以指定 template。", "only checklist forms have a template.")
			}
		}
		if v.oneOf(da+".presence", d.Presence, Presences, "出现方式", "presence") {
			switch {
			case d.Presence == PresenceConditional:
				v.oneOf(da+".when", d.When, Conditions, "条件", "condition")
			case d.When != "":
				v.r.add(da+".when", "只有 presence 为 conditional 的单据可以有 when。", "only documents with presence conditional have when.")
			}
		}
		v.set(da+".signatures", d.Signatures, Roles, "签字角色", "signature role")
		v.set(da+".stamps", d.Stamps, Stamps, "印章", "stamp")
	}
}

// visitFieldNames are the keys of VisitFields, sorted.
var visitFieldNames = func() []string {
	names := make([]string, 0, len(VisitFields))
	for k := range VisitFields {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}()

func (v validator) template(at string, t Template, seen map[string]string) {
	v.key(at+".key", t.Key, seen)
	if t.Version < 1 || t.Version > MaxVersion {
		v.r.add(at+".version", fmt.Sprintf("版本号 version 应为 1 到 %d 的整数。", MaxVersion),
			fmt.Sprintf("version must be a whole number from 1 to %d.", MaxVersion))
	}
	v.text(at+".name", t.Name, true, MaxNameRunes, false)
	v.notEmpty(at+".groups", len(t.Groups), "分组", "group")
	v.count(at+".groups", len(t.Groups), MaxGroups, "分组", "groups")
	v.count(at+".groups", t.Len(), MaxItems, "检查项", "items")
	seenItems := map[string]string{}
	for i, g := range t.Groups {
		ga := fmt.Sprintf("%s.groups[%d]", at, i)
		v.text(ga+".name", g.Name, true, MaxNameRunes, false)
		v.notEmpty(ga+".items", len(g.Items), "检查项", "item")
		for j, it := range g.Items {
			v.item(fmt.Sprintf("%s.items[%d]", ga, j), it, seenItems)
			if g.Header && it.Kind != KindText && it.Kind != KindDate {
				v.r.add(fmt.Sprintf("%s.items[%d].kind", ga, j), "表头分组（header）只能有 text 和 date 检查项。",
					"a header group holds only text and date items.")
			}
		}
	}
}

func (v validator) item(at string, it Item, seen map[string]string) {
	v.key(at+".key", it.Key, seen)
	v.text(at+".label", it.Label, true, MaxNameRunes, false)
	v.text(at+".hint", it.Hint, false, MaxHintRunes, true)
	if !v.oneOf(at+".kind", it.Kind, Kinds, "检查项类型", "item kind") {
		return
	}
	if it.Kind == KindNumber {
		if strings.TrimSpace(it.Unit) == "" {
			v.r.add(at+".unit", "数值检查项需要单位 unit（如 \"%\"、\"mm\"）。", "a number item needs a unit (e.g. \"%\", \"mm\").")
		} else {
			v.str(at+".unit", it.Unit, MaxUnitRunes, false)
		}
		for _, l := range []struct {
			name string
			val  *float64
		}{{"min", it.Min}, {"max", it.Max}} {
			if l.val != nil && (math.IsNaN(*l.val) || math.IsInf(*l.val, 0)) {
				v.r.add(at+"."+l.name, "限值必须是有限的数。", "the limit must be a finite number.")
			}
		}
		switch {
		case it.Min == nil && it.Max == nil:
			v.r.add(at, "数值检查项需要至少一个限值：min 或 max（如空鼓率 \"max\": 3）。",
				"a number item needs at least one limit: min or max (e.g. hollow-tile rate \"max\": 3).")
		case it.Min != nil && it.Max != nil && *it.Min > *it.Max:
			v.r.add(at+".min", "下限 min 不能大于上限 max。", "min cannot be greater than max.")
		}
	} else {
		for _, f := range []struct {
			name string
			set  bool
		}{{"unit", it.Unit != ""}, {"min", it.Min != nil}, {"max", it.Max != nil}} {
			if name := f.name; f.set {
				v.r.add(at+"."+name, fmt.Sprintf("只有 number 检查项可以有 %s。", name), fmt.Sprintf("only number items have %s.", name))
			}
		}
	}
	if it.PhotoOnFail && it.Kind != KindPassFail && it.Kind != KindNumber {
		v.r.add(at+".photo_on_fail", "photo_on_fail 只用于 pass_fail 和 number 检查项（其他类型不会不合格）。",
			"photo_on_fail is only for pass_fail and number items (other kinds cannot fail).")
	}
}

// upgrade checks a template against the stored versions of its key.
func (v validator) upgrade(at string, t Template, stored []Template) {
	newest := 0
	for _, s := range stored {
		if s.Key != t.Key {
			continue
		}
		if s.Version == t.Version {
			if !sameTemplate(s, t) {
				zh, en := changedMessage(t)
				v.r.add(at+".version", zh, en)
			}
			return
		}
		newest = max(newest, s.Version)
	}
	if newest > 0 && t.Version < newest {
		zh, en := olderMessage(t, newest)
		v.r.add(at+".version", zh, en)
	}
}

func changedMessage(t Template) (zh, en string) {
	return fmt.Sprintf("模板 %q 第 %d 版已有且内容不同。已填写的单据引用该版本，不能修改；请把 version 改为新的版本号。", t.Key, t.Version),
		fmt.Sprintf("template %q version %d already exists with different content. Filled documents refer to that version, so it cannot change: give the template a new version number.", t.Key, t.Version)
}

func olderMessage(t Template, newest int) (zh, en string) {
	return fmt.Sprintf("模板 %q 的版本 %d 低于已有的第 %d 版；新版本号必须大于 %d。", t.Key, t.Version, newest, newest),
		fmt.Sprintf("template %q version %d is older than the stored version %d; a new version must be greater than %d.", t.Key, t.Version, newest, newest)
}

// sameTemplate reports whether a and b have the same content.
func sameTemplate(a, b Template) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

// CheckUpgrade reports whether next may replace old, a stored version of the
// same template: a higher version may change anything, the same version may
// not change at all, a lower version is refused. Errors are ECONFLICT (or
// EINVALID for templates with different keys) with the field "version".
func CheckUpgrade(old, next Template) error {
	var e *fieldbook.Error
	switch {
	case old.Key != next.Key:
		e = fieldbook.Errorf(fieldbook.EINVALID, "不是同一个检查单模板。", "These are not the same checklist template.")
		e.Fields = []fieldbook.FieldError{{Field: "key", Message: fieldbook.Message{
			ZH: fmt.Sprintf("模板键 %q 与 %q 不同。", next.Key, old.Key), EN: fmt.Sprintf("template key %q differs from %q.", next.Key, old.Key)}}}
	case next.Version < old.Version:
		zh, en := olderMessage(next, old.Version)
		e = fieldbook.Errorf(fieldbook.ECONFLICT, "检查单模板的版本号过低。", "The checklist template's version is too low.")
		e.Fields = []fieldbook.FieldError{{Field: "version", Message: fieldbook.Message{ZH: zh, EN: en}}}
	case next.Version == old.Version && !sameTemplate(old, next):
		zh, en := changedMessage(next)
		e = fieldbook.Errorf(fieldbook.ECONFLICT, "检查单模板已修改但版本号没变。", "The checklist template changed but its version did not.")
		e.Fields = []fieldbook.FieldError{{Field: "version", Message: fieldbook.Message{ZH: zh, EN: en}}}
	default:
		return nil
	}
	return e
}

package jobtype

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"fieldbook/backend/fieldbook"
)

// Results of a checklist item.
const (
	ResultPass = "pass" // 合格
	ResultFail = "fail" // 不合格
	ResultNA   = "na"   // 不适用
	// ResultDone is the outcome of an answered text or photo item; it is
	// never given in an Answer.
	ResultDone = "done"
)

// Limits on answers.
const (
	MaxAnswerRunes = 4000 // text and note of one answer
	MaxPhotos      = 20   // photos of one answer
)

// Answer is what was recorded for one checklist item, keyed by item key.
type Answer struct {
	// Result is "pass", "fail", "na" or "" (not yet judged). For number
	// items a value outside the limits fails whatever Result says.
	Result string   `json:"result,omitempty"`
	Number *float64 `json:"number,omitempty"` // measured value, number items
	Text   string   `json:"text,omitempty"`   // text items
	Note   string   `json:"note,omitempty"`   // why it failed, what was seen
	// PhotoSHA256 are the hex SHA-256 of the attached photos.
	PhotoSHA256 []string `json:"photo_sha256,omitempty"`
}

// OutOfLimits reports whether x is below it.Min or above it.Max.
func (it Item) OutOfLimits(x float64) bool {
	return math.IsNaN(x) || (it.Min != nil && x < *it.Min) || (it.Max != nil && x > *it.Max)
}

// Outcome is the result of item it answered with a: "" while unanswered,
// else pass, fail or na for pass_fail and number items and done or na for
// text and photo items. A number outside the limits is a fail.
func Outcome(it Item, a Answer) string {
	switch it.Kind {
	case KindPassFail:
		switch a.Result {
		case ResultPass, ResultFail, ResultNA:
			return a.Result
		}
	case KindNumber:
		switch {
		case a.Number != nil && it.OutOfLimits(*a.Number):
			return ResultFail
		case a.Result == ResultFail:
			return ResultFail
		case a.Number != nil:
			return ResultPass
		case a.Result == ResultNA:
			return ResultNA
		}
	case KindText:
		if a.Result == ResultNA {
			return ResultNA
		}
		if strings.TrimSpace(a.Text) != "" {
			return ResultDone
		}
	case KindDate:
		if a.Result == ResultNA {
			return ResultNA
		}
		if validDate(a.Text) {
			return ResultDone
		}
	case KindList:
		if a.Result == ResultNA {
			return ResultNA
		}
		if len(ListLines(a.Text)) > 0 {
			return ResultDone
		}
	case KindPhoto:
		if a.Result == ResultNA {
			return ResultNA
		}
		if len(a.PhotoSHA256) > 0 {
			return ResultDone
		}
	}
	return ""
}

// ListLines are the entries of a list item's text: its lines, trimmed,
// blank ones left out.
func ListLines(text string) []string {
	var out []string
	for l := range strings.SplitSeq(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// validDate reports whether s is a date written 2026-12-07.
func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil && len(s) == len(time.DateOnly)
}

// Progress counts the items of t that have an outcome: the checklist is
// complete when done == total. List items are not counted: an empty list
// (no problems found) is an answer.
func Progress(t Template, answers map[string]Answer) (done, total int) {
	for _, g := range t.Groups {
		for _, it := range g.Items {
			if it.Kind == KindList {
				continue
			}
			total++
			if a, ok := answers[it.Key]; ok && Outcome(it, a) != "" {
				done++
			}
		}
	}
	return done, total
}

// ValidateAnswers checks the answers given for t; unanswered items are no
// error (see Progress). A failed item needs a note, and a photo when the
// item says photo_on_fail; a number outside the limits is failed. Fields
// are "answers.<item key>.<result|number|text|note|photo_sha256>", or
// "answers.<key>" for an answer to no item of t.
func ValidateAnswers(t Template, answers map[string]Answer) []fieldbook.FieldError {
	return checkAnswers(t, answers, true)
}

// CheckAnswers is what every stored answer must be, finished or not: an
// answer to an item of t, of its kind (a date written 2026-12-07, at most
// MaxListLines lines in a list), within the limits of text, notes and
// photos. A draft may still lack a failed item's note or photo; the hub
// refuses what CheckAnswers finds.
func CheckAnswers(t Template, answers map[string]Answer) []fieldbook.FieldError {
	return checkAnswers(t, answers, false)
}

// MaxListLines is the number of entries a list item holds.
const MaxListLines = 100

func checkAnswers(t Template, answers map[string]Answer, finished bool) []fieldbook.FieldError {
	var errs []fieldbook.FieldError
	add := func(field, zh, en string) {
		errs = append(errs, fieldbook.FieldError{Field: field, Message: fieldbook.Message{ZH: zh, EN: en}})
	}
	seen := 0
	for _, g := range t.Groups {
		for _, it := range g.Items {
			a, ok := answers[it.Key]
			if !ok {
				continue
			}
			seen++
			at := "answers." + it.Key + "."
			label := it.Label.Message()
			switch a.Result {
			case "", ResultPass, ResultFail, ResultNA:
			default:
				add(at+"result", fmt.Sprintf("%s：结果应为合格、不合格或不适用。", label.ZH),
					fmt.Sprintf("%s: the result must be pass, fail or n/a.", label.EN))
			}
			switch {
			case a.Number != nil && it.Kind != KindNumber:
				add(at+"number", fmt.Sprintf("%s：此项不填数值。", label.ZH), fmt.Sprintf("%s: this item takes no number.", label.EN))
			case a.Number != nil && (math.IsNaN(*a.Number) || math.IsInf(*a.Number, 0)):
				add(at+"number", fmt.Sprintf("%s：数值无效。", label.ZH), fmt.Sprintf("%s: invalid number.", label.EN))
			case finished && a.Number == nil && it.Kind == KindNumber && a.Result == ResultPass:
				add(at+"number", fmt.Sprintf("%s：请填写测量值（%s）。", label.ZH, it.Unit),
					fmt.Sprintf("%s: enter the measured value (%s).", label.EN, it.Unit))
			}
			if a.Text != "" && !slices.Contains(TextKinds, it.Kind) {
				add(at+"text", fmt.Sprintf("%s：此项不填文本，请写在备注中。", label.ZH), fmt.Sprintf("%s: this item takes no text; use the note.", label.EN))
			}
			if it.Kind == KindDate && a.Text != "" && !validDate(a.Text) {
				add(at+"text", fmt.Sprintf("%s：日期应写作 年-月-日，如 2026-12-07。", label.ZH),
					fmt.Sprintf("%s: write the date as year-month-day, e.g. 2026-12-07.", label.EN))
			}
			if it.Kind == KindList && len(ListLines(a.Text)) > MaxListLines {
				add(at+"text", fmt.Sprintf("%s：最多 %d 条。", label.ZH, MaxListLines), fmt.Sprintf("%s: at most %d entries.", label.EN, MaxListLines))
			}
			if utf8.RuneCountInString(a.Text) > MaxAnswerRunes {
				add(at+"text", fmt.Sprintf("%s：内容过长，最多 %d 字。", label.ZH, MaxAnswerRunes), fmt.Sprintf("%s: too long, at most %d characters.", label.EN, MaxAnswerRunes))
			}
			if utf8.RuneCountInString(a.Note) > MaxAnswerRunes {
				add(at+"note", fmt.Sprintf("%s：备注过长，最多 %d 字。", label.ZH, MaxAnswerRunes), fmt.Sprintf("%s: the note is too long, at most %d characters.", label.EN, MaxAnswerRunes))
			}
			if len(a.PhotoSHA256) > MaxPhotos {
				add(at+"photo_sha256", fmt.Sprintf("%s：照片最多 %d 张。", label.ZH, MaxPhotos), fmt.Sprintf("%s: at most %d photos.", label.EN, MaxPhotos))
			}
			for _, h := range a.PhotoSHA256 {
				if !isSHA256(h) {
					add(at+"photo_sha256", fmt.Sprintf("%s：照片引用无效。", label.ZH), fmt.Sprintf("%s: invalid photo reference.", label.EN))
					break
				}
			}
			if !finished || Outcome(it, a) != ResultFail {
				continue
			}
			why := fieldbook.Message{ZH: "不合格", EN: "failed"}
			if it.Kind == KindNumber && a.Number != nil && it.OutOfLimits(*a.Number) {
				why = fieldbook.Message{ZH: "测量值 " + formatValue(*a.Number, it.Unit) + " 超出" + limitText(it).ZH,
					EN: "the measured " + formatValue(*a.Number, it.Unit) + " is outside " + limitText(it).EN}
			}
			if strings.TrimSpace(a.Note) == "" {
				add(at+"note", fmt.Sprintf("%s：%s，请在备注中写明问题。", label.ZH, why.ZH),
					fmt.Sprintf("%s: %s; describe the problem in the note.", label.EN, why.EN))
			}
			if it.PhotoOnFail && len(a.PhotoSHA256) == 0 {
				add(at+"photo_sha256", fmt.Sprintf("%s：不合格项需要拍照。", label.ZH),
					fmt.Sprintf("%s: a failed item needs a photo.", label.EN))
			}
		}
	}
	if seen < len(answers) {
		keys := make([]string, 0, len(answers)-seen)
		for k := range answers {
			if _, _, ok := t.Item(k); !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			add("answers."+k, fmt.Sprintf("检查单模板 %q 第 %d 版中没有检查项 %q。", t.Key, t.Version, k),
				fmt.Sprintf("checklist template %q version %d has no item %q.", t.Key, t.Version, k))
		}
	}
	return errs
}

func isSHA256(h string) bool {
	if len(h) != 64 {
		return false
	}
	for _, c := range []byte(h) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// Problem is a failed item, or an entry of a list item, one line of the
// 存在问题 list.
type Problem struct {
	// Free: an entry of a list item (Note holds it), tied to no checked item.
	Free    bool     `json:"free,omitempty"`
	ItemKey string   `json:"item_key"`
	Group   Text     `json:"group"`
	Label   Text     `json:"label"`
	Note    string   `json:"note"`
	Value   *float64 `json:"value,omitempty"` // measured value of a number item
	Unit    string   `json:"unit,omitempty"`
	Photos  []string `json:"photo_sha256,omitempty"`
	// Summary is the line as printed, e.g. "瓷砖 · 客厅地砖空鼓率：3.5%（上限 3%）：东南角空鼓".
	Summary fieldbook.Message `json:"summary"`
}

// Problems lists the failed items of t and the entries of its list items,
// in template order: the 存在问题 of an acceptance or inspection form.
func Problems(t Template, answers map[string]Answer) []Problem {
	var out []Problem
	for _, g := range t.Groups {
		for _, it := range g.Items {
			if it.Kind == KindList {
				if a := answers[it.Key]; a.Result != ResultNA {
					for _, l := range ListLines(a.Text) {
						out = append(out, Problem{Free: true, ItemKey: it.Key, Group: g.Name, Label: it.Label, Note: l,
							Summary: fieldbook.Message{ZH: l, EN: l}})
					}
				}
				continue
			}
			a, ok := answers[it.Key]
			if !ok || Outcome(it, a) != ResultFail {
				continue
			}
			p := Problem{ItemKey: it.Key, Group: g.Name, Label: it.Label, Note: strings.TrimSpace(a.Note), Photos: a.PhotoSHA256}
			gm, lm := g.Name.Message(), it.Label.Message()
			zh, en := gm.ZH+" · "+lm.ZH, gm.EN+" · "+lm.EN
			if it.Kind == KindNumber && a.Number != nil {
				x := *a.Number
				p.Value, p.Unit = &x, it.Unit
				lt := limitText(it)
				zh += "：" + formatValue(x, it.Unit) + "（" + lt.ZH + "）"
				en += ": " + formatValue(x, it.Unit) + " (" + lt.EN + ")"
			}
			if p.Note != "" {
				zh += "：" + p.Note
				en += ": " + p.Note
			}
			p.Summary = fieldbook.Message{ZH: zh, EN: en}
			out = append(out, p)
		}
	}
	return out
}

func formatValue(x float64, unit string) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if unit == "%" || unit == "‰" || unit == "℃" || unit == "°" {
		return s + unit
	}
	return s + " " + unit
}

// limitText describes an item's limits, e.g. 上限 3% / max 3%.
func limitText(it Item) fieldbook.Message {
	switch {
	case it.Min != nil && it.Max != nil:
		r := strconv.FormatFloat(*it.Min, 'f', -1, 64) + "–" + formatValue(*it.Max, it.Unit)
		return fieldbook.Message{ZH: "范围 " + r, EN: "range " + r}
	case it.Max != nil:
		return fieldbook.Message{ZH: "上限 " + formatValue(*it.Max, it.Unit), EN: "max " + formatValue(*it.Max, it.Unit)}
	case it.Min != nil:
		return fieldbook.Message{ZH: "下限 " + formatValue(*it.Min, it.Unit), EN: "min " + formatValue(*it.Min, it.Unit)}
	}
	return fieldbook.Message{}
}

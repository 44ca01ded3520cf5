package jobtype

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
)

const photo = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

func num(x float64) *float64 { return &x }

func houseTemplate(t testing.TB) Template {
	tp, ok := Builtin().Template("house_inspection")
	if !ok {
		t.Fatal("no house_inspection")
	}
	return tp
}

func fieldNames(errs []fieldbook.FieldError) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Field)
		if e.ZH == "" || e.EN == "" {
			panic("message missing")
		}
	}
	return out
}

func TestNumberLimit(t *testing.T) {
	tp := houseTemplate(t)
	it, _, _ := tp.Item("living_floor_tile_hollow_rate")
	for _, c := range []struct {
		a    Answer
		want string
	}{
		{Answer{}, ""},
		{Answer{Number: num(0)}, ResultPass},
		{Answer{Number: num(3)}, ResultPass}, // the limit itself is fine
		{Answer{Number: num(3.5)}, ResultFail},
		{Answer{Number: num(3.5), Result: ResultPass}, ResultFail}, // the value wins
		{Answer{Number: num(1), Result: ResultFail}, ResultFail},   // failed for another reason
		{Answer{Result: ResultNA}, ResultNA},
	} {
		if got := Outcome(it, c.a); got != c.want {
			t.Errorf("Outcome(%+v) = %q, want %q", c.a, got, c.want)
		}
	}
	maint, _ := Builtin().Template("vehicle_maintenance")
	brake, _, _ := maint.Item("brake_pad_front")
	if Outcome(brake, Answer{Number: num(2.5)}) != ResultFail || Outcome(brake, Answer{Number: num(3)}) != ResultPass {
		t.Error("min limit")
	}
}

func TestHollowRateProblem(t *testing.T) {
	tp := houseTemplate(t)
	answers := map[string]Answer{
		"living_floor_tile_hollow_rate": {Number: num(3.5)},
		"kitchen_wall_tile_hollow_rate": {Number: num(2)},
	}
	errs := ValidateAnswers(tp, answers)
	if got := fieldNames(errs); !slices.Equal(got, []string{"answers.living_floor_tile_hollow_rate.note", "answers.living_floor_tile_hollow_rate.photo_sha256"}) {
		t.Fatalf("errors %v", errs)
	}
	if !strings.Contains(errs[0].ZH, "3.5%") || !strings.Contains(errs[0].EN, "max 3%") {
		t.Errorf("message %+v", errs[0])
	}
	answers["living_floor_tile_hollow_rate"] = Answer{Number: num(3.5), Note: "东南角 4 块空鼓", PhotoSHA256: []string{photo}}
	if errs := ValidateAnswers(tp, answers); len(errs) != 0 {
		t.Fatalf("errors %v", errs)
	}
	ps := Problems(tp, answers)
	if len(ps) != 1 {
		t.Fatalf("problems %+v", ps)
	}
	p := ps[0]
	if p.ItemKey != "living_floor_tile_hollow_rate" || p.Group.ZH != "瓷砖" || p.Value == nil || *p.Value != 3.5 || p.Unit != "%" ||
		p.Note != "东南角 4 块空鼓" || !slices.Equal(p.Photos, []string{photo}) {
		t.Fatalf("problem %+v", p)
	}
	if want := "瓷砖 · 客厅：地砖空鼓率：3.5%（上限 3%）：东南角 4 块空鼓"; p.Summary.ZH != want {
		t.Errorf("summary %q, want %q", p.Summary.ZH, want)
	}
	if want := "Tiles · Living room: floor tiles hollow rate: 3.5% (max 3%): 东南角 4 块空鼓"; p.Summary.EN != want {
		t.Errorf("summary %q, want %q", p.Summary.EN, want)
	}
	if done, total := Progress(tp, answers); done != 2 || total != 240 {
		t.Errorf("progress %d/%d", done, total)
	}
}

func TestValidateAnswers(t *testing.T) {
	b := Builtin()
	site, _ := b.Template("site_acceptance")
	battery, _ := b.Template("vehicle_battery_check")
	cases := []struct {
		name string
		t    Template
		a    map[string]Answer
		want []string
	}{
		{"nothing yet", site, nil, nil},
		{"all pass", site, map[string]Answer{"walls": {Result: ResultPass}, "heating": {Result: ResultNA}}, nil},
		{"fail without note or photo", site, map[string]Answer{"plumbing_wiring": {Result: ResultFail}},
			[]string{"answers.plumbing_wiring.note", "answers.plumbing_wiring.photo_sha256"}},
		{"fail with note and photo", site, map[string]Answer{"plumbing_wiring": {Result: ResultFail, Note: "总闸无电盒；水表未接", PhotoSHA256: []string{photo}}}, nil},
		{"blank note", site, map[string]Answer{"walls": {Result: ResultFail, Note: "  ", PhotoSHA256: []string{photo}}}, []string{"answers.walls.note"}},
		{"bad result", site, map[string]Answer{"walls": {Result: "ok"}}, []string{"answers.walls.result"}},
		{"bad photo ref", site, map[string]Answer{"walls": {Result: ResultPass, PhotoSHA256: []string{"x"}}}, []string{"answers.walls.photo_sha256"}},
		{"unknown item", site, map[string]Answer{"roof": {Result: ResultPass}, "attic": {}}, []string{"answers.attic", "answers.roof"}},
		{"number on pass_fail", site, map[string]Answer{"walls": {Result: ResultPass, Number: num(1)}}, []string{"answers.walls.number"}},
		{"text on pass_fail", site, map[string]Answer{"walls": {Result: ResultPass, Text: "ok"}}, []string{"answers.walls.text"}},
		{"pass without a value", battery, map[string]Answer{"resting_voltage": {Result: ResultPass}}, []string{"answers.resting_voltage.number"}},
		{"low voltage needs a note, no photo", battery, map[string]Answer{"resting_voltage": {Number: num(11.9)}}, []string{"answers.resting_voltage.note"}},
		{"fail without photo_on_fail", battery, map[string]Answer{"resting_voltage": {Number: num(11.9), Note: "需充电"}}, nil},
		{"text and photo items", battery, map[string]Answer{"test_date": {Text: "2026-11-27"}, "tester_printout": {PhotoSHA256: []string{photo}}}, nil},
		{"long note", site, map[string]Answer{"walls": {Result: ResultPass, Note: strings.Repeat("长", MaxAnswerRunes+1)}}, []string{"answers.walls.note"}},
		{"header text and date", site, map[string]Answer{"project_name": {Text: "幸福里 3 号楼精装修"}, "accepted_on": {Text: "2026-12-07"}}, nil},
		{"date not a date", site, map[string]Answer{"accepted_on": {Text: "2026-13-07"}}, []string{"answers.accepted_on.text"}},
		{"date written otherwise", site, map[string]Answer{"accepted_on": {Text: "2026/12/07"}}, []string{"answers.accepted_on.text"}},
		{"problems as lines", site, map[string]Answer{"problems": {Text: "总闸无电盒。\n楼梯中段第三台阶断裂。\n\n水表未接。"}}, nil},
		{"too many problems", site, map[string]Answer{"problems": {Text: strings.Repeat("裂缝\n", MaxListLines+1)}}, []string{"answers.problems.text"}},
		{"long problems", site, map[string]Answer{"problems": {Text: strings.Repeat("长", MaxAnswerRunes+1)}}, []string{"answers.problems.text"}},
	}
	for _, c := range cases {
		if got := fieldNames(ValidateAnswers(c.t, c.a)); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// TestCheckAnswers: what a stored draft must be (the hub refuses the rest);
// a failed item without its note is only unfinished.
func TestCheckAnswers(t *testing.T) {
	site, _ := Builtin().Template("site_acceptance")
	cases := []struct {
		name string
		a    map[string]Answer
		want []string
	}{
		{"unfinished fail", map[string]Answer{"walls": {Result: ResultFail}}, nil},
		{"header and problems", map[string]Answer{"client": {Text: "李明"}, "accepted_on": {Text: "2026-12-07"}, "problems": {Text: "楼梯中段第三台阶断裂"}}, nil},
		{"bad date", map[string]Answer{"accepted_on": {Text: "明天"}}, []string{"answers.accepted_on.text"}},
		{"text on pass_fail", map[string]Answer{"walls": {Text: "x"}}, []string{"answers.walls.text"}},
		{"long header", map[string]Answer{"project_name": {Text: strings.Repeat("长", MaxAnswerRunes+1)}}, []string{"answers.project_name.text"}},
		{"unknown item", map[string]Answer{"roof": {}}, []string{"answers.roof"}},
	}
	for _, c := range cases {
		if got := fieldNames(CheckAnswers(site, c.a)); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestProgressAndProblems(t *testing.T) {
	b := Builtin()
	site, _ := b.Template("site_acceptance")
	// Five heading fields and seven items; the list of problems is no item to answer.
	if done, total := Progress(site, nil); done != 0 || total != 12 {
		t.Fatalf("%d/%d", done, total)
	}
	answers := map[string]Answer{
		"walls": {Result: ResultPass}, "floor_tiles": {Result: ResultPass},
		"plumbing_wiring": {Result: ResultFail, Note: "总闸无电盒。水表未接。", PhotoSHA256: []string{photo}},
		"wall_tiles":      {Result: ResultPass}, "bathroom": {Result: ResultPass}, "shower": {Result: ResultNA},
		"heating": {},               // not yet judged
		"roof":    {Result: "fail"}, // not an item: ignored
	}
	if done, total := Progress(site, answers); done != 6 || total != 12 {
		t.Fatalf("%d/%d", done, total)
	}
	answers["project_name"] = Answer{Text: "幸福里 3 号楼"}
	answers["accepted_on"] = Answer{Text: "2026-02-30"} // no such day: not done
	answers["problems"] = Answer{Text: " 楼梯中段第三台阶断裂。\n\n"}
	if done, total := Progress(site, answers); done != 7 || total != 12 {
		t.Fatalf("%d/%d", done, total)
	}
	ps := Problems(site, answers)
	if len(ps) != 2 || ps[0].Label.ZH != "水电管道线路" || ps[0].Summary.ZH != "验收合格项 · 水电管道线路：总闸无电盒。水表未接。" || ps[0].Value != nil || ps[0].Free {
		t.Fatalf("%+v", ps)
	}
	if p := ps[1]; !p.Free || p.ItemKey != "problems" || p.Note != "楼梯中段第三台阶断裂。" || p.Summary.ZH != p.Note {
		t.Fatalf("free problem %+v", p)
	}
	answers["problems"] = Answer{Text: "楼梯中段第三台阶断裂。", Result: ResultNA}
	if ps := Problems(site, answers); len(ps) != 1 {
		t.Fatalf("a list marked n/a still lists %+v", ps)
	}
	battery, _ := b.Template("vehicle_battery_check")
	if done, _ := Progress(battery, map[string]Answer{"test_date": {Text: " "}, "tester_printout": {Result: ResultNA}, "terminals": {Note: "x"}}); done != 1 {
		t.Fatalf("done %d", done)
	}
}

var benchOnce sync.Once

// BenchmarkChecklistValidate validates a filled 240-item house inspection:
// ValidateAnswers, Progress and Problems, as the UI does on every change.
func BenchmarkChecklistValidate(b *testing.B) {
	tp := houseTemplate(b)
	answers := make(map[string]Answer, tp.Len())
	i := 0
	for _, g := range tp.Groups {
		for _, it := range g.Items {
			i++
			switch {
			case it.Kind == KindNumber:
				answers[it.Key] = Answer{Number: num(float64(i%5) * 0.9), Note: "测量", PhotoSHA256: []string{photo}}
			case i%10 == 0:
				answers[it.Key] = Answer{Result: ResultFail, Note: fmt.Sprintf("问题 %d", i)}
			default:
				answers[it.Key] = Answer{Result: ResultPass}
			}
		}
	}
	run := func() {
		ValidateAnswers(tp, answers)
		Progress(tp, answers)
		Problems(tp, answers)
	}
	for b.Loop() {
		run()
	}
	b.StopTimer()
	benchOnce.Do(func() {
		const n = 200
		start := time.Now()
		for range n {
			run()
		}
		mean := time.Since(start) / n
		fmt.Printf("bench: checklist_240_items_validate %.1f µs\n", float64(mean.Nanoseconds())/1000)
	})
}

package archive

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

func builtin(tb testing.TB, key string) jobtype.JobType {
	tb.Helper()
	jt, ok := jobtype.Builtin().JobType(key)
	if !ok {
		tb.Fatalf("no built-in job type %q", key)
	}
	return jt
}

var allFlags = map[string]bool{
	jobtype.FlagHadMaintenance: true, jobtype.FlagHasSuggestedRepairs: true, jobtype.FlagWasBooked: true,
}

// goodDocs is a complete, correctly ordered set for jt's documents with flags:
// every role signed for real, every stamp and rule field present.
func goodDocs(jt jobtype.JobType, flags map[string]bool) []Doc {
	var docs []Doc
	for i, dt := range jt.DocumentsFor(flags) {
		d := Doc{Key: dt.Key, Source: SourceScan, Order: i + 1, Stamps: slices.Clone(dt.Stamps), Fields: map[string]bool{}}
		if dt.Form != jobtype.FormScan {
			d.Source = SourceElectronic
		}
		for _, r := range dt.Signatures {
			d.Signatures = append(d.Signatures, Sig{Role: r, Kind: fieldbook.SignReal, SignerName: "签字人"})
		}
		for _, fr := range DefaultRules.DocFields[dt.Key] {
			if !fr.IfSet {
				d.Fields[fr.Key] = true
			}
		}
		docs = append(docs, d)
	}
	return docs
}

func find(docs []Doc, key string) *Doc {
	for i := range docs {
		if docs[i].Key == key {
			return &docs[i]
		}
	}
	return nil
}

func without(docs []Doc, key string) []Doc {
	var out []Doc
	for _, d := range docs {
		if d.Key != key {
			d.Order = len(out) + 1
			out = append(out, d)
		}
	}
	return out
}

func setSig(d *Doc, role, kind, name string) {
	for i := range d.Signatures {
		if d.Signatures[i].Role == role {
			d.Signatures[i].Kind, d.Signatures[i].SignerName = kind, name
			return
		}
	}
	d.Signatures = append(d.Signatures, Sig{Role: role, Kind: kind, SignerName: name})
}

func codes(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Code+":"+p.Doc+":"+p.Role+p.Stamp+p.Field)
	}
	return out
}

func zh(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ZH)
	}
	return out
}

func TestCheckVehicleService(t *testing.T) {
	jt := builtin(t, "vehicle_service")
	if n := len(jt.DocumentsFor(allFlags)); n != 8 {
		t.Fatalf("vehicle set with every flag has %d documents, want 8", n)
	}
	noFlags := map[string]bool{}
	maint := map[string]bool{jobtype.FlagHadMaintenance: true}
	tests := []struct {
		name     string
		flags    map[string]bool
		docs     func() []Doc
		complete bool
		j        bool
		codes    []string // Problems, in order
		zh       []string // their Chinese messages (when given)
		en       []string
		notes    []string
	}{
		{name: "all eight in order", flags: allFlags, docs: func() []Doc { return goodDocs(jt, allFlags) }, complete: true},
		{name: "five required, no flags", flags: noFlags, docs: func() []Doc { return goodDocs(jt, noFlags) }, complete: true},
		{name: "settlement without finance stamp", flags: allFlags, docs: func() []Doc {
			d := goodDocs(jt, allFlags)
			find(d, "settlement").Stamps = nil
			return d
		}, codes: []string{"missing_stamp:settlement:finance_paid"},
			zh: []string{"结算清单缺少财务结清章"}, en: []string{"The settlement lacks the finance “paid” stamp"}},
		{name: "settlement without customer signature", flags: noFlags, docs: func() []Doc {
			d := goodDocs(jt, noFlags)
			find(d, "settlement").Signatures = nil
			return d
		}, j: true, codes: []string{"missing_signature:settlement:customer"},
			zh: []string{"结算清单缺少客户签字"}, en: []string{"The settlement lacks the customer's signature"}},
		{name: "final inspection missing", flags: noFlags, docs: func() []Doc { return without(goodDocs(jt, noFlags), "final_inspection") },
			codes: []string{"missing_document:final_inspection:"},
			zh:    []string{"缺少最终检查单"}, en: []string{"The final inspection is missing"}},
		{name: "maintenance sheet without the flag is accepted, with a note", flags: noFlags, docs: func() []Doc {
			d := goodDocs(jt, maint)
			return d
		}, complete: true, notes: []string{"flag_not_set:maintenance_sheet:"}},
		{name: "maintenance sheet required with had_maintenance", flags: maint, docs: func() []Doc { return goodDocs(jt, noFlags) },
			codes: []string{"missing_document:maintenance_sheet:"}, zh: []string{"缺少保养单"}},
		{name: "maintenance sheet before the final inspection", flags: maint, docs: func() []Doc {
			d := goodDocs(jt, maint)
			find(d, "maintenance_sheet").Order, find(d, "final_inspection").Order = 5, 6
			return d
		}, codes: []string{"out_of_order:maintenance_sheet:"}, zh: []string{"保养单应排在最终检查单之后"},
			en: []string{"The maintenance sheet belongs after the final inspection"}},
		{name: "appointment bound first instead of last", flags: allFlags, docs: func() []Doc {
			d := goodDocs(jt, allFlags)
			for i := range d {
				d[i].Order++
			}
			find(d, "appointment").Order = 1
			return d
		}, codes: []string{"out_of_order:appointment:"}, zh: []string{"预约单应排在建议维修单之后"}},
		{name: "battery check bound last", flags: noFlags, docs: func() []Doc {
			d := goodDocs(jt, noFlags)
			find(d, "battery_check").Order = 99
			return d
		}, codes: []string{"out_of_order:battery_check:"}, zh: []string{"电瓶检查单应排在小修合格证之前"}},
		{name: "unknown order is not checked", flags: noFlags, docs: func() []Doc {
			d := goodDocs(jt, noFlags)
			for i := range d {
				d[i].Order = 0
			}
			return d
		}, complete: true},
		{name: "customer proxy signature on the work order", flags: noFlags, docs: func() []Doc {
			d := goodDocs(jt, noFlags)
			setSig(find(d, "work_order"), fieldbook.RoleCustomer, fieldbook.SignProxy, "")
			return d
		}, j: true, codes: []string{"proxy_signature:work_order:customer"},
			zh: []string{"任务委托书的客户签字为代签，不是客户真实签字"},
			en: []string{"The customer's signature on the work order was made on their behalf, not by the customer"}},
		{name: "customer refused the final inspection, proxy named", flags: noFlags, docs: func() []Doc {
			d := goodDocs(jt, noFlags)
			setSig(find(d, "final_inspection"), fieldbook.RoleCustomer, fieldbook.SignRefused, "")
			setSig(find(d, "battery_check"), fieldbook.RoleCustomer, fieldbook.SignProxy, "李四")
			return d
		}, j: true, codes: []string{"proxy_signature:battery_check:customer", "refused_signature:final_inspection:customer"},
			zh: []string{"电瓶检查单的客户签字为代签（代签人：李四），不是客户真实签字", "最终检查单的客户拒签"}},
		{name: "a proxy then the real signature on a second page counts", flags: noFlags, docs: func() []Doc {
			d := goodDocs(jt, noFlags)
			setSig(find(d, "settlement"), fieldbook.RoleCustomer, fieldbook.SignProxy, "王五")
			page2 := Doc{Key: "settlement", Source: SourceScan, Order: find(d, "settlement").Order,
				Signatures: []Sig{{Role: fieldbook.RoleCustomer, Kind: fieldbook.SignReal}}}
			return append(d, page2)
		}, complete: true},
		{name: "staff proxy is fine, staff missing is not", flags: noFlags, docs: func() []Doc {
			d := goodDocs(jt, noFlags)
			setSig(find(d, "work_order"), fieldbook.RoleServiceAdvisor, fieldbook.SignProxy, "赵六")
			wo := find(d, "work_order")
			wo.Signatures = slices.DeleteFunc(wo.Signatures, func(s Sig) bool { return s.Role == fieldbook.RoleLeadTechnician })
			return d
		}, codes: []string{"missing_signature:work_order:lead_technician"}, zh: []string{"任务委托书缺少主修技师签字"}},
		{name: "repair certificate without business stamp and inspector", flags: noFlags, docs: func() []Doc {
			d := goodDocs(jt, noFlags)
			rc := find(d, "repair_certificate")
			rc.Stamps = nil
			rc.Signatures = rc.Signatures[1:] // inspector first
			return d
		}, codes: []string{"missing_signature:repair_certificate:inspector", "missing_stamp:repair_certificate:business"},
			zh: []string{"小修合格证缺少检验员签字", "小修合格证缺少业务专用章"}},
		{name: "battery check without plate/VIN and date", flags: noFlags, docs: func() []Doc {
			d := goodDocs(jt, noFlags)
			find(d, "battery_check").Fields = nil
			return d
		}, codes: []string{"missing_field:battery_check:plate_or_vin", "missing_field:battery_check:test_date"},
			zh: []string{"电瓶检查单缺少车牌号或车架号", "电瓶检查单缺少检测日期"}},
		{name: "work order: no description, added items unsigned", flags: noFlags, docs: func() []Doc {
			d := goodDocs(jt, noFlags)
			find(d, "work_order").Fields = map[string]bool{"added_items_signed": false}
			return d
		}, codes: []string{"missing_field:work_order:work_description", "missing_field:work_order:added_items_signed"},
			zh: []string{"任务委托书缺少对维修内容及维修结果的详细描述", "任务委托书的加项缺少业务人员和客户的签字确认"}},
		{name: "work order: added items signed", flags: noFlags, docs: func() []Doc {
			d := goodDocs(jt, noFlags)
			find(d, "work_order").Fields["added_items_signed"] = true
			return d
		}, complete: true},
		{name: "customer stamp counts as the customer's mark", flags: noFlags, docs: func() []Doc {
			d := goodDocs(jt, noFlags)
			setSig(find(d, "settlement"), fieldbook.RoleCustomer, fieldbook.SignStamp, "")
			return d
		}, complete: true},
		{name: "unknown document is a note", flags: noFlags, docs: func() []Doc {
			d := goodDocs(jt, noFlags)
			return append(d, Doc{Key: "car_wash", Source: SourceScan, Order: 6})
		}, complete: true, notes: []string{"unknown_document:car_wash:"}},
		{name: "nothing registered", flags: noFlags, docs: func() []Doc { return nil },
			codes: []string{"missing_document:battery_check:", "missing_document:repair_certificate:", "missing_document:work_order:",
				"missing_document:settlement:", "missing_document:final_inspection:"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := Check(jt, tc.flags, tc.docs())
			if res.Complete != tc.complete || res.Complete != (len(res.Problems) == 0) {
				t.Errorf("Complete = %v, want %v; problems %q", res.Complete, tc.complete, zh(res.Problems))
			}
			if got := codes(res.Problems); !slices.Equal(got, tc.codes) {
				t.Errorf("problems\n got %q\nwant %q", got, tc.codes)
			}
			if tc.zh != nil && !slices.Equal(zh(res.Problems), tc.zh) {
				t.Errorf("messages\n got %q\nwant %q", zh(res.Problems), tc.zh)
			}
			for i, en := range tc.en {
				if i < len(res.Problems) && res.Problems[i].EN != en {
					t.Errorf("EN[%d] = %q, want %q", i, res.Problems[i].EN, en)
				}
			}
			if got := codes(res.Notes); !slices.Equal(got, tc.notes) {
				t.Errorf("notes %q, want %q", got, tc.notes)
			}
			if res.J != tc.j {
				t.Errorf("J = %v, want %v (%v)", res.J, tc.j, res.JReasons)
			}
			for _, p := range append(res.Problems, res.Notes...) {
				if p.ZH == "" || p.EN == "" || p.Code == "" {
					t.Errorf("problem without code or message: %+v", p)
				}
			}
			// Documents are in binding order and carry their problems.
			var keys []string
			n := 0
			for _, d := range res.Documents {
				keys = append(keys, d.Key)
				n += len(d.Problems)
				if d.OK != !slices.ContainsFunc(d.Problems, func(p Problem) bool { return !isNote(p.Code) }) {
					t.Errorf("%s: OK = %v with problems %q", d.Key, d.OK, zh(d.Problems))
				}
			}
			if n != len(res.Problems)+len(res.Notes) {
				t.Errorf("documents carry %d problems, result %d", n, len(res.Problems)+len(res.Notes))
			}
			var want []string
			for _, dt := range jt.Documents {
				if slices.Contains(keys, dt.Key) {
					want = append(want, dt.Key)
				}
			}
			if !slices.Equal(keys[:len(want)], want) {
				t.Errorf("documents %q not in binding order %q", keys, want)
			}
		})
	}
}

func TestCheckOutOfOrderPositions(t *testing.T) {
	jt := builtin(t, "vehicle_service")
	d := goodDocs(jt, map[string]bool{})
	find(d, "work_order").Order, find(d, "settlement").Order = 4, 3
	res := Check(jt, nil, d)
	if len(res.Problems) != 1 {
		t.Fatalf("problems %q", zh(res.Problems))
	}
	p := res.Problems[0]
	if p.Doc != "settlement" || p.Position != 3 || p.Want != 4 || p.After != "work_order" || p.ZH != "结算清单应排在任务委托书之后" {
		t.Errorf("got %+v", p)
	}
}

// IT on-site: the service record may carry the customer's company stamp
// instead of a signature (客户须知: "签字或盖章确认"); it counts as the
// customer's mark. A centre requiring handwriting turns StampIsCustomerMark off.
func TestCheckITOnsite(t *testing.T) {
	jt := builtin(t, "it_onsite")
	docs := goodDocs(jt, nil)
	if len(docs) != 1 || docs[0].Key != "service_record" {
		t.Fatalf("IT set %+v", docs)
	}
	setSig(&docs[0], fieldbook.RoleCustomer, fieldbook.SignStamp, "")
	res := Check(jt, nil, docs)
	if !res.Complete || res.J {
		t.Errorf("stamped IT service record: complete %v J %v %q", res.Complete, res.J, zh(res.Problems))
	}
	if s := res.Documents[0].Signatures[0]; s.Role != fieldbook.RoleCustomer || s.Kind != fieldbook.SignStamp || !s.OK {
		t.Errorf("customer status %+v", s)
	}

	strict := DefaultRules
	strict.StampIsCustomerMark = false
	res = strict.Check(jt, nil, docs)
	if res.Complete || !res.J || res.Problems[0].Code != CodeStampSignature || res.Problems[0].ZH != "客户服务记录单的客户签字为盖章，不是客户真实签字" {
		t.Errorf("strict rules: %+v", res)
	}

	// The optional dispatch sheet is never missing, and is accepted when present.
	docs = append(docs, Doc{Key: "dispatch_sheet", Source: SourceScan, Order: 2})
	if res := Check(jt, nil, docs); !res.Complete || len(res.Documents) != 2 || res.Documents[1].Presence != jobtype.PresenceOptional {
		t.Errorf("with dispatch sheet: %+v", res)
	}
	// Technician refused (odd, but possible): incomplete, not J.
	setSig(&docs[0], fieldbook.RoleTechnician, fieldbook.SignRefused, "")
	if res := Check(jt, nil, docs); res.Complete || res.J || res.Problems[0].ZH != "客户服务记录单的技术员拒签" {
		t.Errorf("technician refused: %+v", res.Problems)
	}
}

func TestCheckSiteAcceptancePartyA(t *testing.T) {
	jt := builtin(t, "site_acceptance")
	docs := goodDocs(jt, nil)
	setSig(find(docs, "acceptance"), fieldbook.RolePartyA, fieldbook.SignProxy, "物业")
	marked, reasons := JMark(jt, nil, docs)
	if !marked || len(reasons) != 1 || !strings.Contains(reasons[0].ZH, "甲方代表签字为代签（代签人：物业）") {
		t.Errorf("party A proxy: %v %q", marked, reasons)
	}
}

func TestJMark(t *testing.T) {
	jt := builtin(t, "vehicle_service")
	flags := map[string]bool{jobtype.FlagWasBooked: true}
	tests := []struct {
		name    string
		mutate  func([]Doc) []Doc
		marked  bool
		reasons []string
	}{
		{"all real", func(d []Doc) []Doc { return d }, false, nil},
		{"missing customer signature", func(d []Doc) []Doc {
			find(d, "appointment").Signatures = nil
			return d
		}, true, []string{"预约单缺少客户签字"}},
		{"proxy and refused", func(d []Doc) []Doc {
			setSig(find(d, "work_order"), fieldbook.RoleCustomer, fieldbook.SignProxy, "")
			setSig(find(d, "settlement"), fieldbook.RoleCustomer, fieldbook.SignRefused, "")
			return d
		}, true, []string{"任务委托书的客户签字为代签，不是客户真实签字", "结算清单的客户拒签"}},
		{"missing document is incomplete, not J", func(d []Doc) []Doc { return without(d, "settlement") }, false, nil},
		{"missing staff signature and stamp are not J", func(d []Doc) []Doc {
			find(d, "settlement").Stamps = nil
			setSig(find(d, "final_inspection"), fieldbook.RoleTestDriver, fieldbook.SignRefused, "")
			return d
		}, false, nil},
		{"customer signature missing on an optional, present document", func(d []Doc) []Doc {
			return append(d, Doc{Key: "suggested_repairs", Source: SourceScan, Order: 6})
		}, true, []string{"建议维修单缺少客户签字"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			marked, reasons := JMark(jt, flags, tc.mutate(goodDocs(jt, flags)))
			var got []string
			for _, r := range reasons {
				got = append(got, r.ZH)
				if r.EN == "" {
					t.Errorf("reason without English: %q", r.ZH)
				}
			}
			if marked != tc.marked || !slices.Equal(got, tc.reasons) {
				t.Errorf("JMark = %v %q, want %v %q", marked, got, tc.marked, tc.reasons)
			}
		})
	}
}

func TestEffectiveJ(t *testing.T) {
	yes, no := true, false
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		auto   bool
		d      *JDecision
		marked bool
		source string
		stale  bool
	}{
		{"no decision, auto", true, nil, true, JFromCheck, false},
		{"no decision, not auto", false, nil, false, JFromCheck, false},
		{"confirmed", true, &JDecision{Auto: true, Confirmed: &yes, By: "档案员", At: at}, true, JFromClerk, false},
		{"cleared with reason", true, &JDecision{Auto: true, Confirmed: &no, Reason: "客户补签纸质件", By: "档案员", At: at}, false, JFromClerk, false},
		{"marked by hand", false, &JDecision{Auto: false, Confirmed: &yes, Reason: "签字笔迹存疑", By: "档案员", At: at}, true, JFromClerk, false},
		{"cleared, then the documents changed", false, &JDecision{Auto: true, Confirmed: &no, Reason: "补签", By: "档案员"}, false, JFromCheck, true},
		{"confirmed, then a real signature arrived", false, &JDecision{Auto: true, Confirmed: &yes, By: "档案员"}, false, JFromCheck, true},
		{"undecided record", true, &JDecision{Auto: true, By: "档案员"}, true, JFromCheck, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := EffectiveJ(tc.auto, tc.d)
			if s.Marked != tc.marked || s.Source != tc.source || s.Stale != tc.stale || s.Auto != tc.auto {
				t.Errorf("EffectiveJ = %+v", s)
			}
		})
	}
}

func TestJDecisionValidate(t *testing.T) {
	yes, no := true, false
	ok := []JDecision{
		{Auto: true, Confirmed: &yes, By: "档案员"},
		{Auto: true, Confirmed: &no, Reason: "客户已补签", By: "档案员"},
		{Auto: false, Confirmed: &yes, Reason: "笔迹存疑", By: "档案员"},
	}
	for _, d := range ok {
		if err := d.Validate(); err != nil {
			t.Errorf("%+v: %v", d, err)
		}
	}
	bad := map[string]JDecision{
		"reason": {Auto: true, Confirmed: &no, Reason: "  ", By: "档案员"},
		"by":     {Auto: true, Confirmed: &yes},
	}
	for field, d := range bad {
		err := d.Validate()
		e, isDomain := err.(*fieldbook.Error)
		if !isDomain || e.Code != fieldbook.EINVALID || len(e.Fields) == 0 || e.Fields[0].Field != field || e.Fields[0].ZH == "" {
			t.Errorf("%s: %v", field, err)
		}
	}
	long := JDecision{Auto: true, Confirmed: &no, Reason: strings.Repeat("长", 501), By: "x"}
	if long.Validate() == nil {
		t.Error("a 501-character reason passed")
	}
}

// benchJobs makes n jobs of every built-in job type with random defects.
func benchJobs(n int) (jts []jobtype.JobType, flags []map[string]bool, docs [][]Doc) {
	types := jobtype.Builtin().JobTypes
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range n {
		jt := types[i%len(types)]
		f := map[string]bool{}
		for _, c := range jobtype.Conditions {
			f[c] = rng.IntN(2) == 0
		}
		d := goodDocs(jt, f)
		switch rng.IntN(6) {
		case 0:
			if len(d) > 1 {
				d = without(d, d[rng.IntN(len(d))].Key)
			}
		case 1:
			if len(d) > 1 {
				a, b := rng.IntN(len(d)), rng.IntN(len(d))
				d[a].Order, d[b].Order = d[b].Order, d[a].Order
			}
		case 2:
			x := &d[rng.IntN(len(d))]
			if len(x.Signatures) > 0 {
				x.Signatures[0].Kind = []string{fieldbook.SignProxy, fieldbook.SignRefused, fieldbook.SignStamp}[rng.IntN(3)]
			}
		case 3:
			x := &d[rng.IntN(len(d))]
			x.Stamps, x.Fields = nil, nil
		}
		jts, flags, docs = append(jts, jt), append(flags, f), append(docs, d)
	}
	return
}

func BenchmarkCompletenessCheck(b *testing.B) {
	const n = 10_000
	jts, flags, docs := benchJobs(n)
	run := func() (complete, j int) {
		for i := range n {
			r := Check(jts[i], flags[i], docs[i])
			if r.Complete {
				complete++
			}
			if r.J {
				j++
			}
		}
		return
	}
	for b.Loop() {
		run()
	}
	b.StopTimer()
	start := time.Now()
	complete, j := run()
	d := time.Since(start)
	if complete == 0 || complete == n || j == 0 {
		b.Fatalf("generated jobs: %d complete, %d J of %d", complete, j, n)
	}
	fmt.Printf("bench: completeness_check_10k_jobs %.1f ms\n", float64(d.Microseconds())/1000)
}

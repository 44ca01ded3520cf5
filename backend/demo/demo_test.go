package demo

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
)

var from = time.Date(2025, 3, 1, 0, 0, 0, 0, shanghai)

// sample is shared by the read-only tests below.
var sample = sync.OnceValue(func() []Set { return New(20250301).Sets(4000, from) })

func TestDeterministic(t *testing.T) {
	a := New(42).Sets(500, from)
	b := New(42).Sets(500, from)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different sets")
	}
	c := New(43).Sets(500, from)
	if reflect.DeepEqual(a, c) {
		t.Fatal("different seeds gave the same sets")
	}
	day := time.Date(2026, 5, 20, 9, 0, 0, 0, time.UTC)
	g1, g2 := New(7), New(7)
	for range 50 {
		if x, y := g1.Next(day), g2.Next(day); !reflect.DeepEqual(x, y) {
			t.Fatal("Next is not deterministic")
		}
	}
}

func TestSetsDoNotShareSlices(t *testing.T) {
	sets := New(1).Sets(300, from)
	for i, s := range sets {
		if s.NewCustomer {
			continue
		}
		for j := range i {
			if sets[j].CustomerSeq == s.CustomerSeq && &sets[j].Customer.Phones[0] == &s.Customer.Phones[0] {
				t.Fatalf("sets %d and %d share the Phones slice", j, i)
			}
		}
	}
}

func TestPhones(t *testing.T) {
	areaOf := map[string]string{}
	for _, c := range cities {
		areaOf[c.prefix] = c.areaCode
	}
	landlines := 0
	for i, s := range sample() {
		if len(s.Customer.Phones) == 0 {
			t.Fatalf("set %d: customer without phone", i)
		}
		for _, p := range s.Customer.Phones {
			if !fieldbook.IsPhone(p) {
				t.Fatalf("set %d: invalid phone %q", i, p)
			}
			if fieldbook.IsLandline(p) {
				landlines++
				code, _, _ := strings.Cut(p, "-")
				var want string
				for prefix, ac := range areaOf {
					if strings.HasPrefix(s.Customer.Addresses[0], prefix) {
						want = ac
					}
				}
				if code != want {
					t.Fatalf("set %d: landline %q in %q, want area code %s", i, p, s.Customer.Addresses[0], want)
				}
			} else if !regexp.MustCompile(`^1[3-9]\d{9}$`).MatchString(p) {
				t.Fatalf("set %d: mobile %q", i, p)
			}
		}
		if !slices.Contains(s.Customer.Phones, s.Visit.Customer.Phone) {
			t.Fatalf("set %d: snapshot phone %q not the customer's", i, s.Visit.Customer.Phone)
		}
		if !slices.Contains(s.Customer.Addresses, s.Visit.Customer.Address) {
			t.Fatalf("set %d: snapshot address %q not the customer's", i, s.Visit.Customer.Address)
		}
	}
	if landlines == 0 {
		t.Fatal("no landlines generated")
	}
}

var (
	vinRE   = regexp.MustCompile(`^[0-9A-HJ-NPR-Z]{17}$`)
	plateRE = regexp.MustCompile(`^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z]·(?:[DF][0-9A-HJ-NP-Z]\d{4}|[0-9A-HJ-NP-Z]{5})$`)
)

func TestAssets(t *testing.T) {
	green, plain := 0, 0
	for i, s := range sample() {
		a := s.Asset
		switch s.Job.JobType {
		case VehicleService:
			if a.Kind != fieldbook.AssetVehicle {
				t.Fatalf("set %d: vehicle job with asset kind %q", i, a.Kind)
			}
			if len(a.Serial) != 17 || !vinRE.MatchString(a.Serial) {
				t.Fatalf("set %d: bad VIN %q", i, a.Serial)
			}
			if a.Serial[8] != vinCheckDigit(a.Serial) {
				t.Fatalf("set %d: VIN %q check digit, want %c", i, a.Serial, vinCheckDigit(a.Serial))
			}
			if !plateRE.MatchString(a.Plate) {
				t.Fatalf("set %d: bad plate %q", i, a.Plate)
			}
			if len([]rune(a.Plate)) == 9 {
				green++
			} else {
				plain++
			}
		case EquipmentRepair:
			if a.Kind != fieldbook.AssetEquipment || !slices.Contains([]string{"A", "B", "C"}, a.EquipmentClass) {
				t.Fatalf("set %d: equipment %q class %q", i, a.Kind, a.EquipmentClass)
			}
			if s.Customer.Company == "" {
				t.Fatalf("set %d: equipment of a private person", i)
			}
		case ITOnsite, ApplianceRepair:
			if a.Kind != fieldbook.AssetProduct || a.Plate != "" || a.EquipmentClass != "" {
				t.Fatalf("set %d: product %+v", i, a)
			}
		case SiteAcceptance:
			if a != (fieldbook.Asset{}) || s.AssetSeq != -1 || s.Visit.Asset != (fieldbook.AssetSnapshot{}) {
				t.Fatalf("set %d: site acceptance with asset %+v", i, a)
			}
			if office := strings.HasPrefix(s.Job.Summary, "办公室"); office != (s.Customer.Company != "") && (office || strings.HasPrefix(s.Job.Summary, "交付验房")) {
				t.Fatalf("set %d: %q for company %q", i, s.Job.Summary, s.Customer.Company)
			}
			continue
		default:
			t.Fatalf("set %d: job type %q", i, s.Job.JobType)
		}
		if a.Model == "" || a.Serial == "" {
			t.Fatalf("set %d: asset without model or serial: %+v", i, a)
		}
		if a.PurchaseDate != "" {
			bought, err := time.Parse(time.DateOnly, a.PurchaseDate)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains([]int{12, 24, 36}, a.WarrantyMonths) {
				t.Fatalf("set %d: warranty %d months", i, a.WarrantyMonths)
			}
			day := s.Visit.AppointmentAt.In(shanghai)
			if age := day.Sub(bought); age < 0 || age > (7*365+2)*24*time.Hour { // 6 years at first, the same asset up to a year later
				t.Fatalf("set %d: bought %s, job %s", i, a.PurchaseDate, day)
			}
		}
		want := a.WarrantyOn(s.Visit.AppointmentAt.In(shanghai).Format(time.DateOnly))
		if s.Visit.Asset.Warranty != want || s.Visit.Asset.Serial != a.Serial || s.Visit.Asset.Model != a.Model {
			t.Fatalf("set %d: asset snapshot %+v of %+v", i, s.Visit.Asset, a)
		}
	}
	if green == 0 || plain == 0 {
		t.Fatalf("plates: %d new-energy, %d ordinary", green, plain)
	}
}

func TestMoney(t *testing.T) {
	free, inWarranty := 0, 0
	for i, s := range sample() {
		v := s.Visit
		if len(v.Parts) > 4 || len(v.Labour) > 2 {
			t.Fatalf("set %d: %d part lines, %d labour lines", i, len(v.Parts), len(v.Labour))
		}
		for _, p := range v.Parts {
			if p.Name == "" || p.Qty <= 0 || p.UnitPriceFen <= 0 {
				t.Fatalf("set %d: part %+v", i, p)
			}
		}
		for _, l := range v.Labour {
			if l.Description == "" || l.Minutes < 30 || l.Minutes > 240 || l.Minutes%15 != 0 || l.RateFen < 8000 || l.RateFen > 20000 {
				t.Fatalf("set %d: labour %+v", i, l)
			}
		}
		tot := v.Totals()
		if len(v.Parts)+len(v.Labour) > 0 && (tot.TotalFen <= 0 || tot.TotalFen != tot.PartsFen+tot.LabourFen) {
			t.Fatalf("set %d: totals %+v", i, tot)
		}
		if s.Job.Status != fieldbook.JobDraft && len(v.Labour) == 0 {
			t.Fatalf("set %d: %s job without labour", i, s.Job.Status)
		}
		if !slices.Contains(fieldbook.PaymentMethods, v.PaymentMethod) || !slices.Contains(fieldbook.OldPartsDispositions, v.OldParts) {
			t.Fatalf("set %d: payment %q, old parts %q", i, v.PaymentMethod, v.OldParts)
		}
		if (len(v.Parts) == 0) != (v.OldParts == "none") {
			t.Fatalf("set %d: %d parts, old parts %q", i, len(v.Parts), v.OldParts)
		}
		if v.Asset.Warranty == fieldbook.WarrantyIn {
			inWarranty++
			if v.PaymentMethod == "warranty_free" {
				free++
			}
		} else if v.PaymentMethod == "warranty_free" {
			t.Fatalf("set %d: warranty_free out of warranty", i)
		}
	}
	if inWarranty == 0 || free*2 < inWarranty {
		t.Fatalf("%d of %d in-warranty visits free", free, inWarranty)
	}
}

func TestRepeatCustomers(t *testing.T) {
	sets := sample()
	var customers []fieldbook.Customer
	var assets []fieldbook.Asset
	repeats, sameAsset := 0, 0
	for i, s := range sets {
		if s.NewCustomer {
			if s.CustomerSeq != len(customers) {
				t.Fatalf("set %d: new customer seq %d, want %d", i, s.CustomerSeq, len(customers))
			}
			customers = append(customers, s.Customer)
		} else {
			repeats++
			if s.CustomerSeq >= len(customers) || !reflect.DeepEqual(customers[s.CustomerSeq], s.Customer) {
				t.Fatalf("set %d: repeat customer %d differs", i, s.CustomerSeq)
			}
		}
		switch {
		case s.AssetSeq < 0:
			if s.NewAsset || s.Asset.Kind != "" {
				t.Fatalf("set %d: no asset seq but asset %+v", i, s.Asset)
			}
		case s.NewAsset:
			if s.AssetSeq != len(assets) {
				t.Fatalf("set %d: new asset seq %d, want %d", i, s.AssetSeq, len(assets))
			}
			assets = append(assets, s.Asset)
		default:
			sameAsset++
			if s.NewCustomer || s.AssetSeq >= len(assets) || assets[s.AssetSeq] != s.Asset {
				t.Fatalf("set %d: repeat asset %d differs", i, s.AssetSeq)
			}
			if !strings.Contains(s.Visit.RepairHistory, "已处理") {
				t.Fatalf("set %d: repeat asset without history: %q", i, s.Visit.RepairHistory)
			}
		}
	}
	share := float64(repeats) / float64(len(sets))
	if share < 0.25 || share > 0.35 {
		t.Fatalf("repeat customers: %.1f%%", share*100)
	}
	if sameAsset == 0 || sameAsset == repeats {
		t.Fatalf("%d of %d repeats on the same asset", sameAsset, repeats)
	}
}

func TestTimesAndStatus(t *testing.T) {
	sets := sample()
	statuses := map[string]int{}
	types := map[string]int{}
	last := from
	for i, s := range sets {
		v := s.Visit
		statuses[s.Job.Status]++
		types[s.Job.JobType]++
		if v.AppointmentAt == nil || s.Job.Appointment == nil || !v.AppointmentAt.Equal(*s.Job.Appointment) {
			t.Fatalf("set %d: appointment %v / %v", i, v.AppointmentAt, s.Job.Appointment)
		}
		appt := v.AppointmentAt.In(shanghai)
		day := time.Date(appt.Year(), appt.Month(), appt.Day(), 0, 0, 0, 0, shanghai)
		if day.Before(last) || day.After(from.AddDate(0, 0, 364)) {
			t.Fatalf("set %d: day %s after %s, from %s", i, day, last, from)
		}
		last = day
		within := func(name string, p *time.Time) {
			if p == nil {
				return
			}
			if p.Before(day.Add(7*time.Hour)) || p.After(day.Add(22*time.Hour)) {
				t.Fatalf("set %d: %s %s outside the working day", i, name, p.In(shanghai))
			}
		}
		within("appointment", v.AppointmentAt)
		within("arrival", v.ArrivedAt)
		within("departure", v.DepartedAt)
		if v.ArrivedAt != nil && v.DepartedAt != nil && !v.ArrivedAt.Before(*v.DepartedAt) {
			t.Fatalf("set %d: arrived %s, departed %s", i, v.ArrivedAt, v.DepartedAt)
		}
		if v.FollowUpAt != nil && (v.DepartedAt == nil || !v.FollowUpAt.After(*v.DepartedAt)) {
			t.Fatalf("set %d: follow-up %s before departure", i, v.FollowUpAt)
		}

		finished := slices.Contains([]string{fieldbook.JobCompleted, fieldbook.JobSubmitted, fieldbook.JobFiled}, s.Job.Status)
		switch {
		case finished:
			if v.Status != fieldbook.VisitFinished || v.ArrivedAt == nil || v.DepartedAt == nil ||
				v.Diagnosis == "" || v.WorkPerformed == "" || v.Result == "" || v.Satisfaction < 3 || v.Satisfaction > 5 {
				t.Fatalf("set %d: finished visit incomplete: %+v", i, v)
			}
		case s.Job.Status == fieldbook.JobInProgress:
			if v.Status != fieldbook.VisitDraft || v.ArrivedAt == nil || v.DepartedAt != nil || v.Satisfaction != 0 {
				t.Fatalf("set %d: in-progress visit %+v", i, v)
			}
		case s.Job.Status == fieldbook.JobDraft:
			if v.Status != fieldbook.VisitDraft || v.ArrivedAt != nil || len(v.Labour) != 0 {
				t.Fatalf("set %d: draft visit %+v", i, v)
			}
		default:
			t.Fatalf("set %d: status %q", i, s.Job.Status)
		}
		if v.FaultSymptoms == "" || v.CustomerRequirement == "" || v.Customer.Name == "" {
			t.Fatalf("set %d: visit without intake: %+v", i, v)
		}
		j := s.Job
		if j.ID != "" || j.Number != "" || v.ID != "" || v.RegistrationNo != "" || s.Customer.ID != "" || v.Revision != 1 {
			t.Fatalf("set %d: ids or numbers filled in", i)
		}
		if !strings.Contains(j.Summary, " · ") || !slices.Contains(technicians, j.AssignedTo) {
			t.Fatalf("set %d: job %+v", i, j)
		}
	}
	for _, st := range []string{fieldbook.JobFiled, fieldbook.JobSubmitted, fieldbook.JobCompleted, fieldbook.JobInProgress, fieldbook.JobDraft} {
		if statuses[st] == 0 {
			t.Errorf("no %s jobs: %v", st, statuses)
		}
	}
	if done := statuses[fieldbook.JobFiled] + statuses[fieldbook.JobSubmitted] + statuses[fieldbook.JobCompleted]; done < len(sets)*8/10 {
		t.Errorf("only %d of %d jobs completed or later", done, len(sets))
	}
	for _, k := range JobTypes {
		if types[k] == 0 {
			t.Errorf("no %s jobs: %v", k, types)
		}
	}
}

// TestSearchableStrings: some values mix Chinese, Latin and digits.
func TestSearchableStrings(t *testing.T) {
	found := map[string]bool{}
	for _, s := range sample() {
		for _, w := range []string{"ThinkPad X1 Carbon", "LaserJet", "CN0", "260TURBO", "HP-RM1-8808"} {
			if strings.Contains(s.Asset.Model, w) || strings.HasPrefix(s.Asset.Serial, w) || strings.Contains(s.Job.Summary, w) ||
				slices.ContainsFunc(s.Visit.Parts, func(p fieldbook.PartLine) bool { return p.CatalogueNo == w }) {
				found[w] = true
			}
		}
	}
	if len(found) != 5 {
		t.Fatalf("found only %v", found)
	}
}

var benchOnce sync.Once

// BenchmarkSets100k times the generation of 100 000 sets inside the loop, so
// that `-benchtime 1x` gives a meaningful figure.
func BenchmarkSets100k(b *testing.B) {
	var best time.Duration
	for range b.N {
		g := New(uint64(b.N))
		start := time.Now()
		sets := g.Sets(100_000, from)
		d := time.Since(start)
		if best == 0 || d < best {
			best = d
		}
		if len(sets) != 100_000 {
			b.Fatal(len(sets))
		}
	}
	b.ReportMetric(float64(best.Milliseconds()), "ms/100k")
	benchOnce.Do(func() {
		fmt.Printf("bench: demo_generate_100k_sets %d ms\n", best.Milliseconds())
	})
}

func TestSetsOverTenYears(t *testing.T) {
	start := time.Date(2016, 12, 6, 0, 0, 0, 0, shanghai)
	sets := New(9).SetsOver(20_000, start, 3652)
	day := func(s Set) time.Time {
		if s.Visit.ArrivedAt != nil {
			return s.Visit.ArrivedAt.In(shanghai)
		}
		return s.Job.CreatedAt.In(shanghai)
	}
	first, last := day(sets[0]), day(sets[len(sets)-1])
	if first.Year() != 2016 || last.Year() != 2026 {
		t.Fatalf("ten years from 2016: the sets run from %s to %s", first.Format(time.DateOnly), last.Format(time.DateOnly))
	}
	// Old jobs are mostly filed; the open ones are near the end.
	open := func(ss []Set) int {
		n := 0
		for _, s := range ss {
			if s.Job.Status == fieldbook.JobDraft || s.Job.Status == fieldbook.JobInProgress {
				n++
			}
		}
		return n
	}
	early, late := open(sets[:2000]), open(sets[len(sets)-50:])
	if early*100 > 2000*6 || late*100 < 50*10 {
		t.Errorf("open jobs: %d of the first 2000, %d of the last 50", early, late)
	}
}

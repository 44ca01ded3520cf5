// Package demo generates realistic, deterministic Chinese service data:
// customers, their assets, jobs and the service confirmation (服务确认单) of
// each job. It does no I/O. The same seed always yields the same data; ids
// and sync metadata are left empty for the store to assign.
package demo

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"fieldbook/backend/fieldbook"
)

// shanghai is Asia/Shanghai. China has had no daylight saving time since
// 1991, so a fixed zone is exact and needs no tzdata on the machine.
var shanghai = time.FixedZone("CST", 8*60*60)

// Set is one generated job with everything it refers to.
//
// Records are linked by sequence number instead of id: customers and assets
// are numbered 0, 1, 2 … in the order they first appear in the generator's
// output. A caller keeps the ids it assigned in slices and appends when
// NewCustomer / NewAsset is true.
type Set struct {
	Customer fieldbook.Customer
	Asset    fieldbook.Asset // zero (Kind "") when the job has no asset
	Job      fieldbook.Job
	Visit    fieldbook.Visit
	// NewCustomer is false when Customer repeats an earlier one (about 30% of
	// the sets): the same customer, with the same or a new asset.
	NewCustomer bool
	CustomerSeq int // sequence number of Customer
	NewAsset    bool
	AssetSeq    int // sequence number of Asset, -1 when there is none
}

// Generator makes Sets. It is not safe for concurrent use.
type Generator struct {
	r         *rand.Rand
	customers []custRec
	assets    []assetRec
	buf       []byte
}

type custRec struct {
	c       fieldbook.Customer
	city    int
	company bool
	kind    int   // kind of the customer's first job
	assets  []int // indexes into Generator.assets
	project string
}

type assetRec struct {
	a         fieldbook.Asset
	kind      int
	model     int
	lastDay   string // day of the last job on the asset, for the repair history
	lastShort string
}

// New returns a generator seeded with seed.
func New(seed uint64) *Generator {
	return &Generator{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// Next generates one job on day (its date in Asia/Shanghai); its times lie
// within that working day.
func (g *Generator) Next(day time.Time) Set {
	var s Set
	g.next(&s, day, -1)
	return s
}

// Sets generates n sets spread over the 365 days from from, in date order,
// several per day when n is large. The last 36 days hold most of the
// unfinished jobs, as if "now" were near the end.
func (g *Generator) Sets(n int, from time.Time) []Set {
	return g.SetsOver(n, from, 365)
}

// SetsOver is Sets over days days (ten years of a centre: 3650).
func (g *Generator) SetsOver(n int, from time.Time, days int) []Set {
	d := from.In(shanghai)
	base := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, shanghai)
	days = max(days, 1)
	out := make([]Set, n)
	for i := range out {
		off := int(int64(i) * int64(days) / int64(max(n, 1)))
		g.next(&out[i], base.AddDate(0, 0, off), days-off)
	}
	return out
}

// next fills the zero set s; left is how many days of the generated span
// are left after day, or -1 for a job of its own.
func (g *Generator) next(s *Set, day time.Time, left int) {
	d := day.In(shanghai)
	date := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, shanghai)
	dayStr := date.Format(time.DateOnly)
	r := g.r

	var ci, ai, ki int
	ai = -1
	if len(g.customers) > 0 && r.IntN(100) < 30 {
		// A repeat customer: the same asset again, or a new one of theirs.
		ci = r.IntN(len(g.customers))
		cr := &g.customers[ci]
		ki = cr.kind
		if len(cr.assets) > 0 && r.IntN(100) < 70 {
			ai = cr.assets[r.IntN(len(cr.assets))]
			ki = g.assets[ai].kind
		} else if len(cr.assets) > 0 && r.IntN(100) < 25 {
			ki = g.pickKind(b2i(cr.company))
		}
	} else {
		ki = g.pickKind(-1)
		ci = g.newCustomer(ki)
		s.NewCustomer = true
	}
	k := &kinds[ki]
	cr := &g.customers[ci]
	if k.key == SiteAcceptance && cr.project == "" {
		cr.project = g.project(cr)
	}
	if ai < 0 && k.assetKind != "" {
		ai = g.newAsset(ci, ki, date)
		s.NewAsset = true
	}
	s.CustomerSeq, s.AssetSeq = ci, ai
	s.Customer = cloneCustomer(cr.c)

	// Scenario, coherent with the asset's model category.
	var sc *scenario
	var m *model
	warranty := ""
	if ai >= 0 {
		ar := &g.assets[ai]
		s.Asset = ar.a
		m = &k.models[ar.model]
		cands := k.byCat[m.cat]
		sc = &k.scenarios[cands[r.IntN(len(cands))]]
		warranty = ar.a.WarrantyOn(dayStr)
	} else {
		cands := k.byCat[min(b2i(cr.company), len(k.byCat)-1)]
		sc = &k.scenarios[cands[r.IntN(len(cands))]]
	}

	// Status.
	status := g.status(left)
	finished := status == fieldbook.JobCompleted || status == fieldbook.JobSubmitted || status == fieldbook.JobFiled

	// Money lines, then the times they need.
	var parts []fieldbook.PartLine
	var labour []fieldbook.LabourLine
	if status != fieldbook.JobDraft {
		parts = g.parts(sc, m, k)
		labour = g.labour(sc, k)
	}
	work := int64(0)
	for _, l := range labour {
		work += l.Minutes
	}
	if work == 0 {
		work = 60
	}
	stay := work + int64(15+15*r.IntN(3)) // paperwork, signatures, test run
	// Appointments 08:30–16:30 on the half hour, leaving the stay before 20:30.
	latest := min(16*60+30, 20*60+30-stay-15)
	slots := int((latest-(8*60+30))/30) + 1
	apptMin := 8*60 + 30 + int64(30*r.IntN(max(slots, 1)))
	appt := date.Add(time.Duration(apptMin) * time.Minute)
	arriveOff := int64(-10 + r.IntN(16)) // 5–10 minutes early mostly
	if r.IntN(100) < 8 {
		arriveOff = int64(5 + r.IntN(25)) // late
	}
	arrived := appt.Add(time.Duration(arriveOff) * time.Minute)
	departed := arrived.Add(time.Duration(stay) * time.Minute)

	// Job.
	assetShort := ""
	if m != nil {
		assetShort = m.short
	} else {
		assetShort = cr.project
	}
	s.Job = fieldbook.Job{
		JobType:     k.key,
		AssignedTo:  technicians[k.techs[r.IntN(len(k.techs))]],
		Appointment: ptr(appt),
		Status:      status,
		Summary:     sc.short + " · " + assetShort,
	}

	// Visit.
	v := &s.Visit
	v.Revision = 1
	v.Status = fieldbook.VisitDraft
	if finished {
		v.Status = fieldbook.VisitFinished
	}
	v.Customer = fieldbook.CustomerSnapshot{
		Name:    cr.c.Name,
		Company: cr.c.Company,
		Phone:   cr.c.Phones[0],
		Address: cr.c.Addresses[r.IntN(len(cr.c.Addresses))],
	}
	if ai >= 0 {
		a := &s.Asset
		v.Asset = fieldbook.AssetSnapshot{
			Kind: a.Kind, Model: a.Model, Serial: a.Serial, Plate: a.Plate,
			PurchaseDate: a.PurchaseDate, Warranty: warranty, EquipmentClass: a.EquipmentClass,
		}
	}
	v.FaultSymptoms = g.symptom(sc, k, ai, date)
	v.CustomerRequirement = g.requirement(k, cr, warranty)
	v.RepairHistory = g.history(ai)
	v.AppointmentAt = ptr(appt)
	v.PaymentMethod = g.payment(k, cr.company, warranty)
	v.OldParts = g.oldParts(len(parts) > 0, v.PaymentMethod)
	if status != fieldbook.JobDraft {
		v.ArrivedAt = ptr(arrived)
		v.Diagnosis = sc.diagnosis
		v.WorkPerformed = sc.work
		v.Parts = parts
		v.Labour = labour
	}
	if finished {
		v.DepartedAt = ptr(departed)
		v.Result = sc.result + pick(r, resultTails)
		if k.key == SiteAcceptance {
			v.Result = sc.result
		}
		if r.IntN(100) < 40 {
			f := followUps[r.IntN(len(followUps))]
			if k.key == SiteAcceptance {
				f = followUp{"7日后复验整改项", 7}
			}
			v.FollowUp = f.text
			at := departed.Add(2 * time.Hour)
			if f.days > 0 {
				at = date.AddDate(0, 0, f.days).Add(10 * time.Hour)
			}
			v.FollowUpAt = ptr(at)
		}
		v.Satisfaction, v.CustomerComments = g.satisfaction(k.key == SiteAcceptance)
	}

	if ai >= 0 {
		g.assets[ai].lastDay, g.assets[ai].lastShort = dayStr, sc.short
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func ptr[T any](v T) *T { return &v }

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

func cloneCustomer(c fieldbook.Customer) fieldbook.Customer {
	c.Phones = slices.Clone(c.Phones)
	c.Addresses = slices.Clone(c.Addresses)
	return c
}

// pickKind picks a job kind by weight; company -1 any customer, 0 a person
// (no equipment), 1 a company.
func (g *Generator) pickKind(company int) int {
	for {
		n := g.r.IntN(100)
		for i := range kinds {
			if n < kinds[i].weight {
				if company == 0 && kinds[i].companyPct == 100 {
					break
				}
				return i
			}
			n -= kinds[i].weight
		}
	}
}

// status draws a job status; near the end of the span more jobs are open.
func (g *Generator) status(left int) string {
	n := g.r.IntN(100)
	var w [5]int // filed, submitted, completed, in_progress, draft
	switch {
	case left < 0:
		w = [5]int{55, 15, 15, 8, 7}
	case left > 36:
		w = [5]int{84, 7, 5, 2, 2}
	default:
		w = [5]int{20, 30, 25, 13, 12}
	}
	for i, st := range []string{fieldbook.JobFiled, fieldbook.JobSubmitted, fieldbook.JobCompleted, fieldbook.JobInProgress, fieldbook.JobDraft} {
		if n < w[i] {
			return st
		}
		n -= w[i]
	}
	return fieldbook.JobFiled
}

func (g *Generator) newCustomer(ki int) int {
	r := g.r
	k := &kinds[ki]
	cr := custRec{city: cityWeights[r.IntN(len(cityWeights))], kind: ki}
	ct := &cities[cr.city]
	cr.company = r.IntN(100) < k.companyPct
	c := &cr.c
	c.Name = g.personName()
	if cr.company {
		c.Company = g.companyName(ki, ct)
		c.Phones = []string{g.mobile(), g.landline(ct, true)}
		site := addrOffice
		if k.key == EquipmentRepair && r.IntN(100) < 75 {
			site = addrFactory
		}
		c.Addresses = []string{g.address(ct, site)}
		if r.IntN(100) < 10 {
			c.Addresses = append(c.Addresses, g.address(ct, addrFactory))
		}
		c.Note = "联系人：" + pick(r, companyDepts) + " " + c.Name
	} else {
		c.Phones = []string{g.mobile()}
		switch n := r.IntN(100); {
		case n < 12:
			c.Phones = append(c.Phones, g.mobile())
		case n < 20:
			c.Phones = append(c.Phones, g.landline(ct, false))
		}
		c.Addresses = []string{g.address(ct, addrHome)}
		if r.IntN(100) < 15 {
			c.Note = pick(r, individualNotes)
		}
	}
	if k.key == SiteAcceptance {
		cr.project = g.project(&cr)
	}
	g.customers = append(g.customers, cr)
	return len(g.customers) - 1
}

func (g *Generator) personName() string {
	r := g.r
	return pick(r, surnames) + pick(r, givenNames)
}

func (g *Generator) companyName(ki int, ct *city) string {
	r := g.r
	var trades []string
	switch kinds[ki].key {
	case ITOnsite:
		if r.IntN(100) < 20 {
			return g.institution(ct)
		}
		trades = itTrades
	case EquipmentRepair:
		if r.IntN(100) < 15 {
			trades = propertyTrades // elevators and boilers in buildings
		} else {
			trades = industryTrades
		}
	case SiteAcceptance:
		trades = propertyTrades
	default:
		trades = itTrades
	}
	trade := pick(r, trades)
	if strings.HasSuffix(trade, "事务所") {
		return ct.short + pick(r, tradeNames) + trade // a partnership, no 有限公司
	}
	return ct.short + pick(r, tradeNames) + trade + pick(r, companyForms)
}

func (g *Generator) institution(ct *city) string {
	s := ct.short
	if strings.HasSuffix(ct.prefix, "市") && !strings.Contains(ct.prefix, "省") {
		s = ct.prefix // 上海市第一人民医院
	} else {
		s += "市"
	}
	return s + pick(g.r, institutions)
}

func (g *Generator) mobile() string {
	b := append(g.buf[:0], pick(g.r, mobilePrefixes)...)
	for range 8 {
		b = append(b, byte('0'+g.r.IntN(10)))
	}
	g.buf = b
	return string(b)
}

// landline returns an eight-digit number with the city's area code:
// 021-64881234, some company numbers with an extension.
func (g *Generator) landline(ct *city, company bool) string {
	r := g.r
	b := append(g.buf[:0], ct.areaCode...)
	b = append(b, '-', byte('2'+r.IntN(7)))
	for range 7 {
		b = append(b, byte('0'+r.IntN(10)))
	}
	if company && r.IntN(100) < 20 {
		b = append(b, '-', byte('1'+r.IntN(9)))
		for range 3 {
			b = append(b, byte('0'+r.IntN(10)))
		}
	}
	g.buf = b
	return string(b)
}

// Kinds of address.
const (
	addrHome = iota
	addrOffice
	addrFactory
)

func (g *Generator) address(ct *city, kind int) string {
	r := g.r
	var b strings.Builder
	b.Grow(96)
	b.WriteString(ct.prefix)
	b.WriteString(pick(r, ct.districts))
	b.WriteString(pick(r, ct.roads))
	b.WriteString(strconv.Itoa(1 + r.IntN(1200)))
	switch {
	case kind == addrOffice:
		b.WriteString("号")
		b.WriteString(pick(r, parks))
		b.WriteByte(byte('A' + r.IntN(6)))
		b.WriteString("座")
		b.WriteString(strconv.Itoa(1 + r.IntN(22)))
		b.WriteString("层")
	case kind == addrFactory:
		b.WriteString("号")
		b.WriteString(strconv.Itoa(1 + r.IntN(12)))
		b.WriteString("号厂房")
	case ct.areaCode == "021" && r.IntN(100) < 60:
		b.WriteString("弄")
		b.WriteString(strconv.Itoa(1 + r.IntN(30)))
		b.WriteString("号楼")
		b.WriteString(room(r))
	default:
		b.WriteString("号")
		b.WriteString(pick(r, compounds))
		b.WriteString(strconv.Itoa(1 + r.IntN(28)))
		b.WriteString("栋")
		b.WriteString(strconv.Itoa(1 + r.IntN(4)))
		b.WriteString("单元")
		b.WriteString(room(r))
	}
	return b.String()
}

// room is a flat number: floor and door, 1202室.
func room(r *rand.Rand) string {
	floor := 1 + r.IntN(32)
	door := 1 + r.IntN(4)
	return strconv.Itoa(floor) + "0" + strconv.Itoa(door) + "室"
}

// project names the site of an acceptance job from the customer's address.
func (g *Generator) project(cr *custRec) string {
	if cr.company {
		return shortCompany(cr.c.Company) + " 办公室装修工程"
	}
	addr := cr.c.Addresses[0]
	ct := &cities[cr.city]
	addr = strings.TrimPrefix(addr, ct.prefix)
	for _, d := range ct.districts {
		if strings.HasPrefix(addr, d) {
			addr = addr[len(d):]
			break
		}
	}
	return addr + " 全屋装修工程"
}

// shortCompany drops the legal form from a company name.
func shortCompany(name string) string {
	for _, f := range []string{"股份有限公司", "有限责任公司", "有限公司"} {
		if s, ok := strings.CutSuffix(name, f); ok {
			return s
		}
	}
	return name
}

func (g *Generator) newAsset(ci, ki int, day time.Time) int {
	r := g.r
	k := &kinds[ki]
	cr := &g.customers[ci]
	mi := r.IntN(len(k.models))
	for k.key == ITOnsite && !cr.company && k.models[mi].cat >= 2 {
		mi = r.IntN(len(k.models)) // people have no servers or switches at home
	}
	m := &k.models[mi]
	a := fieldbook.Asset{Kind: k.assetKind, Model: m.name}
	age := 10 + r.IntN(6*365-10)
	bought := day.AddDate(0, 0, -age)
	a.PurchaseDate = bought.Format(time.DateOnly)
	a.WarrantyMonths = pick(r, k.warranty)
	if k.assetKind == fieldbook.AssetProduct && r.IntN(100) < 3 {
		a.PurchaseDate, a.WarrantyMonths = "", 0 // the customer does not know
	}
	switch k.assetKind {
	case fieldbook.AssetVehicle:
		a.Serial = g.vin(m.serial, bought.Year())
		a.Plate = g.plate(&cities[cr.city], m.green)
	case fieldbook.AssetEquipment:
		a.Serial = g.serial(m.serial)
		a.EquipmentClass = m.class
		if r.IntN(100) < 10 { // the customer's own classification differs now and then
			a.EquipmentClass = string(rune('A' + r.IntN(3)))
		}
	default:
		a.Serial = g.serial(m.serial)
	}
	g.assets = append(g.assets, assetRec{a: a, kind: ki, model: mi})
	cr.assets = append(cr.assets, len(g.assets)-1)
	return len(g.assets) - 1
}

const (
	letters = "ABCDEFGHJKLMNPRSTUVWXYZ"           // no I, O, Q (as in VINs)
	alnum   = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ" // the same with digits
)

// serial expands a pattern: '#' digit, '@' letter, '*' either.
func (g *Generator) serial(pat string) string {
	r := g.r
	b := g.buf[:0]
	for i := 0; i < len(pat); i++ {
		switch c := pat[i]; c {
		case '#':
			b = append(b, byte('0'+r.IntN(10)))
		case '@':
			b = append(b, letters[r.IntN(len(letters))])
		case '*':
			b = append(b, alnum[r.IntN(len(alnum))])
		default:
			b = append(b, c)
		}
	}
	g.buf = b
	return string(b)
}

// VIN check digit: transliteration values and position weights (GB 16735 /
// ISO 3779 as in North America).
var (
	vinWeights = [17]int{8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2}
	vinYears   = "ABCDEFGHJKLMNPRSTVWXY123456789" // model years from 2010
)

func vinValue(c byte) int {
	if c >= '0' && c <= '9' {
		return int(c - '0')
	}
	return int(vinLetterValues[c-'A'])
}

// vinLetterValues indexed by letter - 'A'; I, O and Q do not occur.
var vinLetterValues = [26]byte{1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2, 3, 4, 5, 0, 7, 0, 9, 2, 3, 4, 5, 6, 7, 8, 9}

// vin makes a 17-character VIN with a valid check digit: WMI, five
// descriptor characters, check digit, model year, plant, six serial digits.
func (g *Generator) vin(wmi string, year int) string {
	r := g.r
	var v [17]byte
	copy(v[:3], wmi)
	for i := 3; i < 8; i++ {
		v[i] = alnum[r.IntN(len(alnum))]
	}
	v[9] = vinYears[((year-2010)%30+30)%30]
	v[10] = alnum[r.IntN(len(alnum))]
	for i := 11; i < 17; i++ {
		v[i] = byte('0' + r.IntN(10))
	}
	v[8] = '0'
	sum := 0
	for i, c := range v {
		sum += vinValue(c) * vinWeights[i]
	}
	if d := sum % 11; d == 10 {
		v[8] = 'X'
	} else {
		v[8] = byte('0' + d)
	}
	return string(v[:])
}

// vinCheckDigit reports the check digit a VIN should carry at position 9.
func vinCheckDigit(vin string) byte {
	sum := 0
	for i := 0; i < 17 && i < len(vin); i++ {
		if i != 8 {
			sum += vinValue(vin[i]) * vinWeights[i]
		}
	}
	if d := sum % 11; d != 10 {
		return byte('0' + d)
	}
	return 'X'
}

// plate makes a plate of the customer's city: 粤B·6K8Q2, new-energy 沪A·D12345.
func (g *Generator) plate(ct *city, green bool) string {
	r := g.r
	b := append(g.buf[:0], pick(r, ct.plates)...)
	b = append(b, "·"...)
	if green {
		b = append(b, "DF"[r.IntN(2)])
		if r.IntN(100) < 30 {
			b = append(b, letters[r.IntN(len(letters))])
		} else {
			b = append(b, byte('0'+r.IntN(10)))
		}
		for range 4 {
			b = append(b, byte('0'+r.IntN(10)))
		}
	} else {
		nl := 0 // at most two letters, the rest digits
		for range 5 {
			if nl < 2 && r.IntN(100) < 25 {
				b = append(b, letters[r.IntN(len(letters))])
				nl++
			} else {
				b = append(b, byte('0'+r.IntN(10)))
			}
		}
	}
	g.buf = b
	return string(b)
}

func (g *Generator) parts(sc *scenario, m *model, k *kind) []fieldbook.PartLine {
	r := g.r
	n := len(sc.parts)
	if n > 1 && r.IntN(100) < 20 {
		n-- // one of the usual parts was still good
	}
	extra := n < 4 && k.key != SiteAcceptance && r.IntN(100) < 15
	if n == 0 && !extra {
		return nil
	}
	lines := make([]fieldbook.PartLine, 0, n+1)
	for _, p := range sc.parts[:n] {
		no := p.no
		if strings.HasPrefix(no, "-") && m != nil {
			no = m.code + no
		} else if strings.HasPrefix(no, "-") {
			no = "GEN" + no
		}
		qty := p.qty
		if qty > 1 && r.IntN(100) < 30 {
			qty = 1 + int64(r.IntN(int(qty)))
		}
		lines = append(lines, fieldbook.PartLine{CatalogueNo: no, Name: p.name, Qty: qty, UnitPriceFen: p.fen})
	}
	if extra {
		c := consumables[r.IntN(len(consumables))]
		lines = append(lines, fieldbook.PartLine{CatalogueNo: c.no, Name: c.name, Qty: c.qty, UnitPriceFen: c.fen})
	}
	return lines
}

// consumables are small items added to any job now and then; one has no
// catalogue number (free text).
var consumables = []part{
	{"GEN-TAPE-PVC", "电工胶布", 500, 1},
	{"GEN-TIE-200", "尼龙扎带（包）", 800, 1},
	{"GEN-CLEAN-01", "专用清洁剂", 2500, 1},
	{"GEN-SCREW-M4", "M4不锈钢螺丝（包）", 600, 1},
	{"", "密封胶", 1800, 1},
}

func (g *Generator) labour(sc *scenario, k *kind) []fieldbook.LabourLine {
	r := g.r
	rate := pick(r, k.rates)
	lines := []fieldbook.LabourLine{{Description: sc.labour, Minutes: int64(30 + 15*r.IntN(15)), RateFen: rate}}
	if r.IntN(100) < 35 {
		desc := "故障检测"
		if k.key == SiteAcceptance {
			desc = "资料整理与拍照存档"
		} else if k.key == VehicleService {
			desc = "路试检查"
		}
		lines = append(lines, fieldbook.LabourLine{Description: desc, Minutes: int64(30 + 15*r.IntN(5)), RateFen: rate})
	}
	return lines
}

func (g *Generator) symptom(sc *scenario, k *kind, ai int, day time.Time) string {
	r := g.r
	if k.key == SiteAcceptance {
		return sc.symptom
	}
	s := sc.symptom + pick(r, symptomTails)
	if k.key == VehicleService && ai >= 0 {
		bought, _ := time.Parse(time.DateOnly, g.assets[ai].a.PurchaseDate)
		years := day.Sub(bought).Hours() / 24 / 365
		km := int(years*15000) + r.IntN(3000) + 300 // about 15 000 km a year
		s = "行驶里程" + strconv.Itoa(km) + "公里，" + s
	}
	return s
}

func (g *Generator) requirement(k *kind, cr *custRec, warranty string) string {
	r := g.r
	req := pick(r, k.requirements)
	if k.key == SiteAcceptance {
		return "工程名称：" + cr.project + "；" + req
	}
	if warranty == fieldbook.WarrantyIn && r.IntN(100) < 40 {
		req = "在保修期内，要求免费维修；" + req
	}
	return req
}

func (g *Generator) history(ai int) string {
	if ai < 0 {
		return ""
	}
	ar := &g.assets[ai]
	if ar.lastDay == "" {
		return pick(g.r, firstHistories)
	}
	return ar.lastDay + " " + ar.lastShort + "，已处理"
}

func (g *Generator) payment(k *kind, company bool, warranty string) string {
	r := g.r
	if k.key == SiteAcceptance {
		if r.IntN(100) < 85 {
			return "contract"
		}
		return "bank_transfer"
	}
	if warranty == fieldbook.WarrantyIn && r.IntN(100) < 75 {
		return "warranty_free"
	}
	if company {
		return [...]string{"monthly", "monthly", "bank_transfer", "bank_transfer", "contract", "wechat"}[r.IntN(6)]
	}
	return [...]string{"wechat", "wechat", "wechat", "alipay", "alipay", "cash", "card"}[r.IntN(7)]
}

func (g *Generator) oldParts(hasParts bool, payment string) string {
	r := g.r
	if !hasParts {
		return "none"
	}
	if payment == "warranty_free" && r.IntN(100) < 80 {
		return "taken_by_technician" // returned to the manufacturer for the claim
	}
	return [...]string{"returned_to_customer", "returned_to_customer", "taken_by_technician", "recycled", "scrapped"}[r.IntN(5)]
}

func (g *Generator) satisfaction(site bool) (int, string) {
	r := g.r
	n := r.IntN(100)
	var sat int
	var pool []string
	switch {
	case n < 75:
		sat, pool = 5, comments5
		if site {
			pool = siteComments5
		}
	case n < 95:
		sat, pool = 4, comments4
		if site {
			pool = siteComments4
		}
	default:
		sat, pool = 3, comments3
		if site {
			pool = siteComments4
		}
	}
	if r.IntN(100) < 20 {
		return sat, ""
	}
	return sat, pick(r, pool)
}

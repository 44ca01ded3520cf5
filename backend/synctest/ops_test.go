package synctest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
	"fieldbook/backend/schema"
)

var (
	surnames  = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "欧阳", "司马"}
	givens    = []string{"伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "秀英", "建国"}
	streets   = []string{"漕溪北路", "南京西路", "中山北路", "人民路", "解放大道", "科技园南路", "长江路"}
	notes     = []string{"门卫处登记", "请先电话联系", "周末不在家", "停车在地下二层", "设备在机房，需要工牌", "联系人换成行政部"}
	models    = []string{"HP M404dn", "联想 ThinkCentre M720", "格力 KFR-35GW", "海尔 BCD-470", "西门子 S7-1200", "华为 S5735"}
	faults    = []string{"卡纸", "不制冷", "开机无显示", "网络时断时续", "异响", "漏水", "报警 E4"}
	works     = []string{"更换搓纸轮", "补充冷媒并检漏", "更换电源板", "重新配置交换机端口", "清洗滤网", "紧固排水管"}
	results   = []string{"已修复，试机正常", "暂时恢复，需订购配件", "正常", "客户确认可用"}
	parts     = []string{"搓纸轮", "电源板", "温控器", "排水泵", "风扇电机"}
	summaries = []string{"打印机维修", "空调不制冷", "电脑故障", "网络调试", "冰箱漏水", "设备保养"}
)

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 1)) }

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

func (w *world) personName() string { return pick(w.rng, surnames) + pick(w.rng, givens) }

func (w *world) mobile() string {
	return fmt.Sprintf("13%d%08d", w.rng.IntN(10), w.rng.IntN(100000000))
}

// pngDataURL is a small, unique noise PNG (a few kB), so blob uploads can
// be cut in the middle.
func (w *world) pngDataURL() string { return noisePNG(w.rng, 48, 32) }

// noisePNG is a grey image of noise, w×h: a PNG that does not compress.
func noisePNG(rng *rand.Rand, w, h int) string {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(rng.IntN(256))
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err)
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
}

// visitTime is a fixed point in the service day, independent of device clocks.
func (w *world) visitTime() time.Time {
	return time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC).Add(time.Duration(w.rng.IntN(200)) * time.Hour)
}

type localJob struct {
	id, status, jobType, customer, asset, assignedTo string
}

type localVisit struct {
	id, job, status, jobStatus, jobType string
	signed, latest                      bool
	roles                               map[string]bool
}

// listing reads what a device holds, ordered by logical name, so that the
// same seed picks the same things whatever the ids and clocks.
func (w *world) list(d *device, query string) [][]string {
	rows, err := d.ro.QueryContext(w.ctx, query)
	if err != nil {
		w.tb.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]string, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			w.tb.Fatal(err)
		}
		out = append(out, vals)
	}
	sort.Slice(out, func(i, j int) bool { return lessName(w.name(out[i][0]), w.name(out[j][0])) })
	return out
}

// lessName orders "visits#2" before "visits#10".
func lessName(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

func (w *world) jobs(d *device) []localJob {
	var out []localJob
	for _, r := range w.list(d, `SELECT id, status, job_type, customer_id, coalesce(asset_id, ''), assigned_to FROM jobs WHERE deleted = 0`) {
		out = append(out, localJob{r[0], r[1], r[2], r[3], r[4], r[5]})
	}
	return out
}

func (w *world) visits(d *device) []localVisit {
	var out []localVisit
	for _, r := range w.list(d, `SELECT v.id, v.job_id, v.status, j.status, v.signed,
			NOT EXISTS (SELECT 1 FROM visits n WHERE n.supersedes = v.id),
			coalesce((SELECT group_concat(role) FROM signatures s WHERE s.visit_id = v.id), ''), j.job_type
		FROM visits v JOIN jobs j ON j.id = v.job_id WHERE v.deleted = 0`) {
		if w.opts.ownVisits && w.creator[r[0]] != d.name {
			continue
		}
		v := localVisit{id: r[0], job: r[1], status: r[2], jobStatus: r[3], jobType: r[7], signed: r[4] == "1", latest: r[5] == "1", roles: map[string]bool{}}
		for _, role := range strings.Split(r[6], ",") {
			v.roles[role] = true
		}
		out = append(out, v)
	}
	return out
}

// missingRoles are the roles the visit's job type needs that have not signed.
func missingRoles(v localVisit, need []string) []string {
	var out []string
	for _, role := range need {
		if !v.roles[role] {
			out = append(out, role)
		}
	}
	return out
}

func filter[T any](s []T, keep func(T) bool) []T {
	var out []T
	for _, v := range s {
		if keep(v) {
			out = append(out, v)
		}
	}
	return out
}

// techOp does one random thing a technician does on a laptop.
func (w *world) techOp(d *device, editsOnly bool) {
	ctx, r := w.ctx, w.rng
	customers := w.list(d, `SELECT id FROM customers WHERE deleted = 0`)
	weights := []int{2, 3, 2, 3, 3, 6, 4, 2, 1, 2, 4, 2} // new customer, edit customer, new asset, new job, start visit, edit draft, sign, finish, amend, submit, checklist, answer a dispatch
	if editsOnly {
		weights = []int{0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 1, 0}
	}
	total := 0
	for _, x := range weights {
		total += x
	}
	n := r.IntN(total)
	op := 0
	for ; n >= weights[op]; op++ {
		n -= weights[op]
	}
	if len(customers) == 0 {
		op = 0
	}
	open := func(status string) bool { return status != fieldbook.JobFiled && status != fieldbook.JobSubmitted }
	switch op {
	case 0:
		c := fieldbook.Customer{Name: w.personName(), Phones: []string{w.mobile()},
			Addresses: []string{fmt.Sprintf("上海市%s%d号", pick(r, streets), 1+r.IntN(999))}}
		if r.IntN(3) == 0 {
			c.Company = pick(r, []string{"上海华联", "东方电气", "明德中学", "仁济医院"})
		}
		w.do(d, "new customer", func() error { _, err := d.db.SaveCustomer(ctx, c); return err })
	case 1:
		id := pick(r, customers)[0]
		view, err := d.db.Customer(ctx, id)
		if err != nil {
			w.tb.Fatal(err)
		}
		c := view.Customer
		switch r.IntN(3) {
		case 0:
			c.Note = pick(r, notes)
		case 1:
			c.Phones = append(c.Phones, w.mobile())
		default:
			c.Name = w.personName()
		}
		w.do(d, "edit customer "+w.name(id), func() error { _, err := d.db.SaveCustomer(ctx, c); return err })
	case 2:
		id := pick(r, customers)[0]
		a := fieldbook.Asset{CustomerID: id, Kind: fieldbook.AssetProduct, Model: pick(r, models),
			Serial: fmt.Sprintf("SN%08d", r.IntN(100000000)), PurchaseDate: "2024-03-15", WarrantyMonths: 120}
		w.do(d, "new asset", func() error { _, err := d.db.SaveAsset(ctx, a); return err })
	case 3:
		id := pick(r, customers)[0]
		nj := fieldbook.NewJob{JobType: "site_acceptance", CustomerID: id, AssignedTo: d.user.Name, Summary: pick(r, summaries)}
		if assets := w.list(d, `SELECT id FROM assets WHERE deleted = 0 AND customer_id = '`+id+`'`); len(assets) > 0 && r.IntN(3) > 0 {
			nj.AssetID, nj.JobType = pick(r, assets)[0], "it_onsite"
		}
		w.do(d, "new job for "+nj.AssignedTo, func() error { _, err := d.db.CreateJob(ctx, nj); return err })
	case 4:
		jobs := filter(w.jobs(d), func(j localJob) bool { return open(j.status) })
		if len(jobs) == 0 {
			return
		}
		j := pick(r, jobs)
		w.do(d, "start visit on "+w.name(j.id), func() error { _, err := d.db.StartVisit(ctx, j.id); return err })
	case 5:
		vs := filter(w.visits(d), func(v localVisit) bool { return !v.signed && v.latest && open(v.jobStatus) })
		if len(vs) == 0 {
			return
		}
		v := pick(r, vs)
		view, err := d.db.Visit(ctx, v.id)
		if err != nil {
			w.tb.Fatal(err)
		}
		x := view.Visit
		switch r.IntN(4) {
		case 0:
			x.FaultSymptoms = pick(r, faults) + fmt.Sprint(r.IntN(100))
		case 1:
			x.WorkPerformed = pick(r, works)
		case 2:
			x.Parts = append(x.Parts, fieldbook.PartLine{Name: pick(r, parts), Qty: 1 + int64(r.IntN(3)), UnitPriceFen: int64(r.IntN(50000))})
		default:
			x.Labour = append(x.Labour, fieldbook.LabourLine{Description: pick(r, works), Minutes: 30 + int64(r.IntN(120)), RateFen: 12000})
		}
		w.do(d, "edit draft "+w.name(v.id), func() error { _, err := d.db.SaveVisitDraft(ctx, x); return err })
	case 6:
		vs := filter(w.visits(d), func(v localVisit) bool {
			return v.latest && open(v.jobStatus) && v.status == fieldbook.VisitDraft
		})
		if len(vs) == 0 {
			return
		}
		v := pick(r, vs)
		view, err := d.db.Visit(ctx, v.id)
		if err != nil {
			w.tb.Fatal(err)
		}
		missing := missingRoles(v, view.Roles)
		if len(missing) == 0 {
			return
		}
		if !v.signed {
			x := view.Visit
			arrived := w.visitTime()
			departed := arrived.Add(90 * time.Minute)
			x.ArrivedAt, x.DepartedAt = &arrived, &departed
			if x.FaultSymptoms == "" {
				x.FaultSymptoms = pick(r, faults)
			}
			if x.WorkPerformed == "" {
				x.WorkPerformed = pick(r, works)
			}
			x.CustomerRequirement, x.Result, x.Diagnosis = "尽快修复", pick(r, results), "现场检测"
			if !w.do(d, "complete draft "+w.name(v.id), func() error { _, err := d.db.SaveVisitDraft(ctx, x); return err }) {
				return
			}
		}
		role := pick(r, missing)
		in := fieldbook.SignatureInput{VisitID: v.id, Role: role, Kind: fieldbook.SignReal, SignerName: "签字人", ImageDataURL: w.pngDataURL(),
			Strokes: []fieldbook.Stroke{{Points: []fieldbook.Point{{X: 10, Y: 20, T: 0}, {X: 30.5, Y: 41, T: 16}}}}}
		w.do(d, "sign "+role+" "+w.name(v.id), func() error { _, err := d.db.Sign(ctx, in); return err })
	case 7:
		vs := filter(w.visits(d), func(v localVisit) bool { return v.signed && v.latest && v.status == fieldbook.VisitDraft })
		if len(vs) == 0 {
			return
		}
		v := pick(r, vs)
		w.do(d, "finish "+w.name(v.id), func() error { _, err := d.db.FinishVisit(ctx, v.id); return err })
	case 8:
		vs := filter(w.visits(d), func(v localVisit) bool { return v.signed && v.latest && v.jobStatus != fieldbook.JobFiled })
		if len(vs) == 0 {
			return
		}
		v := pick(r, vs)
		reason := pick(r, notes)
		w.do(d, "amend "+w.name(v.id), func() error { _, err := d.db.AmendVisit(ctx, v.id, reason); return err })
	case 9:
		jobs := filter(w.jobs(d), func(j localJob) bool {
			return j.status == fieldbook.JobCompleted || j.status == fieldbook.JobReturned
		})
		if len(jobs) == 0 {
			return
		}
		j := pick(r, jobs)
		w.do(d, "submit "+w.name(j.id), func() error { _, err := d.db.SubmitJob(ctx, j.id, true); return err })
	case 10:
		w.checklistOp(d, editsOnly, open)
	case 11:
		w.answerOp(d, open)
	}
}

// answerOp answers a job dispatched to the technician: confirms it,
// reschedules it with the customer's consent, records nobody home, or hands
// it back to the service desk.
func (w *world) answerOp(d *device, open func(string) bool) {
	ctx, r := w.ctx, w.rng
	jobs := filter(w.jobs(d), func(j localJob) bool { return open(j.status) && j.assignedTo == d.user.Name })
	if len(jobs) == 0 {
		return
	}
	j := pick(r, jobs)
	a := fieldbook.Answer{JobID: j.id}
	switch r.IntN(4) {
	case 0:
		a.Kind = schema.AnswerConfirmed
	case 1:
		at := time.Date(2026, 12, 1+r.IntN(28), 1+r.IntN(9), 30, 0, 0, time.UTC)
		a.Kind, a.Appointment, a.Consent, a.Reason = schema.AnswerRescheduled, &at, true, pick(r, notes)
	case 2:
		a.Kind = schema.AnswerNobodyHome
	default:
		a.Kind, a.Reason = schema.AnswerHandedBack, pick(r, notes)
	}
	if w.do(d, a.Kind+" "+w.name(j.id), func() error { _, err := d.db.Answer(ctx, d.user.Name, a); return err }) {
		w.st.answers++
	}
}

// checklistOp works on a site acceptance's checklist: starts it, answers
// an item (a failure with a note), attaches a photo to an item, or signs.
func (w *world) checklistOp(d *device, editsOnly bool, open func(string) bool) {
	ctx, r := w.ctx, w.rng
	jobs := filter(w.jobs(d), func(j localJob) bool { return open(j.status) && j.jobType == "site_acceptance" })
	if len(jobs) == 0 {
		return
	}
	j := pick(r, jobs)
	rows := w.list(d, `SELECT id FROM checklists WHERE deleted = 0 AND document_key = 'acceptance' AND job_id = '`+j.id+`'`)
	if len(rows) == 0 {
		if !editsOnly {
			w.do(d, "start checklist on "+w.name(j.id), func() error { _, err := d.db.StartChecklist(ctx, j.id, "acceptance"); return err })
		}
		return
	}
	id := rows[0][0]
	if w.opts.ownVisits && w.creator[id] != d.name {
		return
	}
	view, err := d.db.Checklist(ctx, id)
	if err != nil {
		w.tb.Fatal(err)
	}
	if view.Locked {
		return
	}
	var items []string
	kinds := map[string]string{}
	for _, g := range view.Template.Groups {
		for _, it := range g.Items {
			items = append(items, it.Key)
			kinds[it.Key] = it.Kind
		}
	}
	// answered is a full answer to the item of key, as its kind takes one.
	answered := func(key string) jobtype.Answer {
		switch kinds[key] {
		case jobtype.KindDate:
			return jobtype.Answer{Text: "2026-12-07"}
		case jobtype.KindText, jobtype.KindList:
			return jobtype.Answer{Text: pick(r, notes)}
		}
		return jobtype.Answer{Result: "pass"}
	}
	item := pick(r, items)
	switch x := r.IntN(5); {
	case x < 2 || editsOnly:
		a := answered(item)
		if r.IntN(3) == 0 && kinds[item] == jobtype.KindPassFail {
			a = jobtype.Answer{Result: "fail", Note: pick(r, notes)}
		}
		w.do(d, "answer "+item+" on "+w.name(id), func() error {
			_, err := d.db.SetAnswers(ctx, id, map[string]jobtype.Answer{item: a})
			return err
		})
	case x < 3:
		all := map[string]jobtype.Answer{}
		for _, k := range items {
			all[k] = answered(k)
		}
		w.do(d, "answer all on "+w.name(id), func() error { _, err := d.db.SetAnswers(ctx, id, all); return err })
	case x < 4:
		in := fieldbook.AttachmentInput{JobID: j.id, ChecklistID: id, ItemKey: item, Name: item + ".png", DataURL: w.pngDataURL()}
		w.do(d, "photo of "+item+" on "+w.name(id), func() error { _, err := d.db.AddAttachment(ctx, in); return err })
	default:
		role := pick(r, []string{fieldbook.RolePartyA, fieldbook.RolePartyB})
		in := fieldbook.SignatureInput{ChecklistID: id, Role: role, Kind: fieldbook.SignReal, ImageDataURL: w.pngDataURL(),
			Strokes: []fieldbook.Stroke{{Points: []fieldbook.Point{{X: 1, Y: 1}, {X: 5, Y: 3}}}}}
		w.do(d, "sign "+role+" "+w.name(id), func() error { _, err := d.db.SignChecklist(ctx, in); return err })
	}
}

// step does one random thing somewhere in the centre.
func (w *world) step() {
	r := w.rng
	d := w.devs[r.IntN(len(w.devs))]
	if d.user.Role == schema.RoleDesk {
		if r.IntN(2) == 0 {
			w.deskOp(d)
		} else {
			w.sync(d, "sync", w.faultyPlan(w.opts.faultRate))
		}
		return
	}
	if d.user.Role == "clerk" {
		if r.IntN(3) == 0 && !w.opts.noFiling {
			w.filing()
		} else {
			w.sync(d, "sync", w.faultyPlan(w.opts.faultRate))
		}
		return
	}
	switch x := r.IntN(20); {
	case x < 13:
		w.techOp(d, false)
	case x < 16:
		w.sync(d, "faulty sync", w.faultyPlan(w.opts.faultRate))
	case x < 17:
		w.sync(d, "sync", nil)
	case x < 18:
		w.sync(d, "push-only sync", pushOnlyPlan)
	case w.opts.ownVisits:
		w.sync(d, "sync", nil)
	default:
		// The user keeps typing while the sync runs: a local edit lands
		// between the push and the pull.
		d.tr.beforePull = func() { w.techOp(d, true) }
		w.sync(d, "sync with an edit during it", w.faultyPlan(w.opts.faultRate/2))
		d.tr.beforePull = nil
	}
}

// run plays the seed: random steps, then convergence and the checks.
func (w *world) run() {
	for i := 0; i < w.opts.ops; i++ {
		if w.opts.twoHubs {
			h := w.hubs[w.rng.IntN(len(w.hubs))]
			for _, d := range w.devs {
				d.tr.route = func() *hubProc { return h }
			}
		}
		if w.opts.concurrent && i%10 == 9 {
			w.burst()
			continue
		}
		w.step()
	}
	if w.opts.twoHubs {
		for i, d := range w.devs {
			h := w.hubs[i%len(w.hubs)]
			d.tr.route = func() *hubProc { return h }
		}
	}
	if w.converge() {
		w.check()
	}
	for _, d := range w.devs {
		for f, n := range d.tr.faults {
			w.st.faults[f] += n
		}
	}
}

// burst syncs every device at the same time, each through its own hub.
func (w *world) burst() {
	done := make(chan string, len(w.devs))
	for i, d := range w.devs {
		h := w.hubs[i%len(w.hubs)]
		d.tr.route = func() *hubProc { return h }
		go func() {
			_, err := d.eng.Sync(w.ctx, nil)
			if err != nil {
				done <- d.name + ": " + err.Error()
				return
			}
			done <- ""
		}()
	}
	for range w.devs {
		if e := <-done; e != "" {
			w.mu.Lock()
			w.syncErrs = append(w.syncErrs, "burst "+e)
			w.mu.Unlock()
		}
	}
	w.logf("burst: every device synced at once")
}

// deskOp does one random thing the service desk does: a customer's call
// (a new customer), a job for a technician or for the desk's queue, giving a
// queued job to a technician with an appointment, rescheduling a job with
// its technician, or giving it to another technician (their laptop keeps
// what it holds of it, the job's row then showing its new technician); or
// a customer's complaint about a job, registered or moved on a step.
func (w *world) deskOp(d *device) {
	ctx, r := w.ctx, w.rng
	if r.IntN(4) == 0 {
		w.complaintOp(d)
		return
	}
	customers := w.list(d, `SELECT id FROM customers WHERE deleted = 0`)
	open := filter(w.jobs(d), func(j localJob) bool {
		return j.status != fieldbook.JobFiled && j.status != fieldbook.JobSubmitted
	})
	at := time.Date(2026, 12, 1+r.IntN(28), 1+r.IntN(9), 0, 0, 0, time.UTC)
	switch {
	case len(customers) == 0 || r.IntN(3) == 0:
		c := fieldbook.Customer{Name: w.personName(), Phones: []string{w.mobile()},
			Addresses: []string{fmt.Sprintf("上海市%s%d号", pick(r, streets), 1+r.IntN(999))}}
		w.do(d, "desk: new customer", func() error { _, err := d.db.SaveCustomer(ctx, c); return err })
	case len(open) == 0 || r.IntN(2) == 0:
		tech := pick(r, []string{techA, techB, ""})
		nj := fieldbook.NewJob{JobType: "site_acceptance", CustomerID: pick(r, customers)[0], AssignedTo: tech, Summary: pick(r, summaries)}
		w.do(d, "desk: new job for "+tech, func() error { _, err := d.db.CreateJob(ctx, nj); return err })
	default:
		j := pick(r, open)
		tech := j.assignedTo
		if tech == "" || r.IntN(3) == 0 {
			tech = pick(r, []string{techA, techB})
		}
		if w.do(d, "desk: dispatch "+w.name(j.id)+" to "+tech, func() error { _, err := d.db.Dispatch(ctx, j.id, tech, &at); return err }) &&
			j.assignedTo != "" && j.assignedTo != tech {
			w.st.reassigned++
		}
	}
}

// complaintOp registers a complaint about one of the desk's jobs, or moves
// one of its complaints on to its next state with the fields that state
// needs (the job's technician reads it after their next sync).
func (w *world) complaintOp(d *device) {
	ctx, r := w.ctx, w.rng
	open := w.list(d, `SELECT id FROM complaints WHERE deleted = 0 AND state <> 'closed'`)
	jobs := w.jobs(d)
	switch {
	case len(jobs) > 0 && (len(open) == 0 || r.IntN(2) == 0):
		j := pick(r, jobs)
		k := fieldbook.Complaint{JobID: j.id, Channel: pick(r, schema.ComplaintChannels), Content: pick(r, summaries)}
		w.do(d, "desk: complaint about "+w.name(j.id), func() error { _, err := d.db.SaveComplaint(ctx, k, desk); return err })
	case len(open) > 0:
		id := open[r.IntN(len(open))][0]
		w.do(d, "desk: complaint "+w.name(id)+" moves on", func() error {
			k, err := d.db.Complaint(ctx, id)
			if err != nil {
				return err
			}
			k.Kind, k.Analysis, k.Responsibility = pick(r, schema.ComplaintKinds), "同批次问题", "ours"
			k.Compensation, k.CompensationFen, k.Resolution = "money", int64(100*(1+r.IntN(500))), "已赔付"
			switch k.State {
			case fieldbook.ComplaintRegistered:
				k.Analysis, k.Responsibility, k.Compensation, k.CompensationFen, k.Resolution = "", "", "", 0, ""
			case fieldbook.ComplaintAnalysing:
				k.Resolution = ""
			}
			k.State = schema.ComplaintStates[fieldbook.ComplaintStep(k.State)+1]
			_, err = d.db.SaveComplaint(ctx, k, desk)
			return err
		})
	}
}

package archive

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"fieldbook/backend/fieldbook"
)

// FollowUpWindow is the service rule's limit for the first follow-up
// contact with the customer after they report a problem (2小时内跟踪回访).
const FollowUpWindow = 2 * time.Hour

// JobFacts are what the statistics and the export need of one job.
type JobFacts struct {
	JobID       string            `json:"job_id"`
	Number      string            `json:"number"` // 工单号
	Customer    string            `json:"customer"`
	Technician  string            `json:"technician"`
	JobType     string            `json:"job_type"`      // key
	JobTypeName fieldbook.Message `json:"job_type_name"` // label; the key when empty
	Status      string            `json:"status"`        // fieldbook.Job* status
	Complete    bool              `json:"complete"`
	Problems    []string          `json:"problems,omitempty"` // Chinese messages of the check
	JMarked     bool              `json:"j_marked"`
	JReasons    []string          `json:"j_reasons,omitempty"`
	ArchiveNo   string            `json:"archive_no"`
	Location    string            `json:"location"` // 存放位置, e.g. 档案盒 B-12 / 3 号架
	FiledBy     string            `json:"filed_by"`
	Returns     int               `json:"returns"` // times the archive returned the job (退回)

	CreatedAt    time.Time  `json:"created_at"`
	ReportedAt   *time.Time `json:"reported_at"`    // the customer reported the problem (报修)
	CalledBackAt *time.Time `json:"called_back_at"` // first follow-up contact (回访)
	ArrivedAt    *time.Time `json:"arrived_at"`
	DepartedAt   *time.Time `json:"departed_at"`
	SubmittedAt  *time.Time `json:"submitted_at"` // handed to the archive
	FiledAt      *time.Time `json:"filed_at"`
}

// Submitted reports whether the job has reached the archive (submitted or
// filed).
func (j JobFacts) Submitted() bool { return j.SubmittedAt != nil || j.FiledAt != nil }

// FollowedUpInTime reports whether the customer was called back within
// FollowUpWindow of reporting; ok is false when the job has no report time.
// A call-back time before the report (clocks) counts as in time.
func (j JobFacts) FollowedUpInTime() (inTime, ok bool) {
	if j.ReportedAt == nil {
		return false, false
	}
	return j.CalledBackAt != nil && j.CalledBackAt.Sub(*j.ReportedAt) <= FollowUpWindow, true
}

// OnSite is the time between arrival and departure; ok is false when one is
// missing or departure is before arrival.
func (j JobFacts) OnSite() (d time.Duration, ok bool) {
	if j.ArrivedAt == nil || j.DepartedAt == nil || j.DepartedAt.Before(*j.ArrivedAt) {
		return 0, false
	}
	return j.DepartedAt.Sub(*j.ArrivedAt), true
}

// Ratio is a count out of a total, with its rate (0 when Total is 0: show
// "—", not 0 %).
type Ratio struct {
	Count int     `json:"count"`
	Total int     `json:"total"`
	Rate  float64 `json:"rate"` // Count/Total, 0–1
}

func ratio(count, total int) Ratio {
	r := Ratio{Count: count, Total: total}
	if total > 0 {
		r.Rate = float64(count) / float64(total)
	}
	return r
}

// Bucket is one bar of a chart: a key, a bilingual label and figures.
type Bucket struct {
	Key   string            `json:"key"`
	Label fieldbook.Message `json:"label"`
	Jobs  int               `json:"jobs"`
	// Incomplete: submitted jobs that are not complete, out of the
	// submitted ones.
	Incomplete Ratio `json:"incomplete"`
	J          Ratio `json:"j"`         // J-marked jobs out of all jobs
	FollowUp   Ratio `json:"follow_up"` // followed up in time, out of jobs with a report time
	// Returned: submitted jobs the archive returned at least once, out of
	// the submitted ones; Returns: how many times, all of them together.
	Returned Ratio `json:"returned"`
	Returns  int   `json:"returns"`
	// OnSiteAvgMinutes is the mean time on site over OnSiteJobs jobs.
	OnSiteAvgMinutes float64 `json:"on_site_avg_minutes"`
	OnSiteJobs       int     `json:"on_site_jobs"`
}

// Report is the archive statistics of the jobs created in [From, To).
type Report struct {
	From  time.Time `json:"from"` // zero: from the first job
	To    time.Time `json:"to"`   // zero: to the last job
	Total Bucket    `json:"total"`
	// ByMonth has every month of the range (in the centre's zone), empty ones too,
	// oldest first; key 2026-11, label 2026年11月 / Nov 2026.
	ByMonth []Bucket `json:"by_month"`
	// ByTechnician is sorted by jobs, most first, then by name; key and
	// label are the name (未指派 / Unassigned for "").
	ByTechnician []Bucket `json:"by_technician"`
	// ByType is sorted by jobs, most first, then by key.
	ByType []Bucket `json:"by_type"`
	// Labels are the figures' names, for chart legends and table heads.
	Labels map[string]fieldbook.Message `json:"labels"`
}

// StatLabels name the figures of a Bucket.
var StatLabels = map[string]fieldbook.Message{
	"jobs":           {ZH: "工单数", EN: "Jobs"},
	"submitted":      {ZH: "已提交", EN: "Submitted"},
	"incomplete":     {ZH: "不完整", EN: "Incomplete"},
	"incomplete_pct": {ZH: "不完整率", EN: "Incomplete rate"},
	"j":              {ZH: "J 标记", EN: "J marks"},
	"j_pct":          {ZH: "J 标记率", EN: "J rate"},
	"follow_up":      {ZH: "2 小时内回访", EN: "Followed up within 2 h"},
	"follow_up_pct":  {ZH: "2 小时内回访率", EN: "Follow-up within 2 h rate"},
	"reported":       {ZH: "有报修时间", EN: "With report time"},
	"returned":       {ZH: "退回工单", EN: "Returned jobs"},
	"returned_pct":   {ZH: "退回率", EN: "Return rate"},
	"returns":        {ZH: "退回次数", EN: "Returns"},
	"on_site_avg":    {ZH: "平均现场时长（分钟）", EN: "Average time on site (min)"},
	"by_month":       {ZH: "按月工单数", EN: "Jobs per month"},
	"by_technician":  {ZH: "按技术员", EN: "By technician"},
	"by_type":        {ZH: "按作业类型", EN: "By job type"},
	"total":          {ZH: "合计", EN: "Total"},
}

// Figures are the counts the statistics add up over a group of jobs.
type Figures struct {
	Jobs       int
	Submitted  int // handed to the archive (submitted or filed)
	Incomplete int // submitted and not complete
	J          int // J-marked
	Reported   int // with a report time
	InTime     int // followed up within FollowUpWindow of the report
	OnSiteJobs int // with both times on site
	Returned   int // submitted and returned by the archive at least once
	Returns    int // times returned
	// OnSite is the time on site summed over OnSiteJobs.
	OnSite time.Duration
}

// Figures are the job's own figures (Jobs 1).
func (j *JobFacts) Figures() Figures {
	f := Figures{Jobs: 1}
	if j.Submitted() {
		f.Submitted = 1
		if !j.Complete {
			f.Incomplete = 1
		}
		if j.Returns > 0 {
			f.Returned, f.Returns = 1, j.Returns
		}
	}
	if j.JMarked {
		f.J = 1
	}
	if in, ok := j.FollowedUpInTime(); ok {
		f.Reported = 1
		if in {
			f.InTime = 1
		}
	}
	if d, ok := j.OnSite(); ok {
		f.OnSiteJobs, f.OnSite = 1, d
	}
	return f
}

// Add adds o's counts to f's.
func (f *Figures) Add(o Figures) {
	f.Jobs += o.Jobs
	f.Submitted += o.Submitted
	f.Incomplete += o.Incomplete
	f.J += o.J
	f.Reported += o.Reported
	f.InTime += o.InTime
	f.OnSiteJobs += o.OnSiteJobs
	f.Returned += o.Returned
	f.Returns += o.Returns
	f.OnSite += o.OnSite
}

// Group is the figures of the jobs created in one month that share a
// technician and a job type: what a store adds up for Summarize.
type Group struct {
	Month       time.Time // the month's start in the centre's zone (monthStart of the jobs' creation)
	Technician  string    // as assigned (Summarize trims it)
	JobType     string
	JobTypeName fieldbook.Message // label; the key when empty
	First, Last time.Time         // the earliest and the latest creation
	Figures
}

// acc accumulates a bucket.
type acc struct {
	b Bucket
	f Figures
}

func (a *acc) bucket() Bucket {
	b := a.b
	b.Jobs, b.OnSiteJobs = a.f.Jobs, a.f.OnSiteJobs
	b.Incomplete = ratio(a.f.Incomplete, a.f.Submitted)
	b.J = ratio(a.f.J, b.Jobs)
	b.FollowUp = ratio(a.f.InTime, a.f.Reported)
	b.Returned, b.Returns = ratio(a.f.Returned, a.f.Submitted), a.f.Returns
	if b.OnSiteJobs > 0 {
		b.OnSiteAvgMinutes = a.f.OnSite.Minutes() / float64(b.OnSiteJobs)
	}
	return b
}

var monthsEN = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

func monthStart(t time.Time, zone *time.Location) time.Time {
	t = t.In(zone)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, zone)
}

func monthBucket(m time.Time) Bucket {
	return Bucket{Key: m.Format("2006-01"), Label: fieldbook.Message{
		ZH: fmt.Sprintf("%d年%d月", m.Year(), int(m.Month())),
		EN: fmt.Sprintf("%s %d", monthsEN[m.Month()-1], m.Year()),
	}}
}

// maxMonths bounds the month axis (ten years).
const maxMonths = 120

// MonthStart is the start of t's month in zone: the month Stats counts a
// job created at t in.
func MonthStart(t time.Time, zone *time.Location) time.Time { return monthStart(t, zone) }

// MonthBounds returns the starts of the months of zone from lo's to hi's
// and the start of the month after: a job created at t (bounds[0] <= t <
// bounds[n]) is in the month of the i with bounds[i] <= t < bounds[i+1],
// as Stats counts it, so a store can group jobs by month with
// comparisons. ok is false when that is not so — a zone whose clocks go
// back across a month's first midnight, where months are not intervals of
// time — or when the range spans more than limit months.
func MonthBounds(lo, hi time.Time, zone *time.Location, limit int) (bounds []time.Time, ok bool) {
	if hi.Before(lo) {
		return nil, true
	}
	last := monthStart(hi, zone)
	for m := monthStart(lo, zone); ; {
		// The next month's start, as monthStart gives it (not m.AddDate: m
		// may not be at midnight where midnight does not exist).
		next := time.Date(m.Year(), m.Month()+1, 1, 0, 0, 0, 0, zone)
		if len(bounds) == 0 {
			bounds = append(bounds, m)
		}
		bounds = append(bounds, next)
		if len(bounds) > limit+1 {
			return nil, false
		}
		if !next.After(last) {
			m = next
			continue
		}
		break
	}
	// Each start is in its own month, the instant before it in an earlier
	// one…
	for _, b := range bounds {
		if !monthStart(b, zone).Equal(b) || !monthStart(b.Add(-time.Nanosecond), zone).Before(b) {
			return nil, false
		}
	}
	// …and months never go back: within one offset of the zone they
	// follow the clock; check each change of offset.
	end := bounds[len(bounds)-1]
	for t := bounds[0]; ; {
		_, change := t.In(zone).ZoneBounds()
		if change.IsZero() || !change.Before(end) || !change.After(t) {
			break
		}
		if monthStart(change, zone).Before(monthStart(change.Add(-time.Nanosecond), zone)) {
			return nil, false
		}
		t = change
	}
	return bounds, true
}

// Stats computes the archive statistics of the jobs created in [from, to)
// (a zero bound is open). Months are those of zone (the centre's). Incomplete rates count
// submitted jobs only (a job still at the site is not expected to be
// complete); J rates count every job; the follow-up rate counts jobs with
// a report time; the time on site averages jobs with both times.
func Stats(rows []JobFacts, from, to time.Time, zone *time.Location) Report {
	groups := make([]Group, 0, len(rows))
	for i := range rows {
		j := &rows[i]
		if !from.IsZero() && j.CreatedAt.Before(from) || !to.IsZero() && !j.CreatedAt.Before(to) {
			continue
		}
		groups = append(groups, Group{Month: monthStart(j.CreatedAt, zone), Technician: j.Technician,
			JobType: j.JobType, JobTypeName: j.JobTypeName, First: j.CreatedAt, Last: j.CreatedAt, Figures: j.Figures()})
	}
	return Summarize(groups, from, to, zone)
}

// Summarize is Stats of jobs already added up by month, technician and job
// type; the groups hold the jobs created in [from, to) only. Groups of the
// same month, technician or type may come in any number and order: the
// report is the same as Stats of their jobs.
func Summarize(groups []Group, from, to time.Time, zone *time.Location) Report {
	rep := Report{From: from, To: to, Labels: StatLabels,
		ByMonth: []Bucket{}, ByTechnician: []Bucket{}, ByType: []Bucket{}}
	var total acc
	total.b = Bucket{Key: "total", Label: StatLabels["total"]}
	months := map[string]*acc{}
	techs := map[string]*acc{}
	types := map[string]*acc{}
	var first, last time.Time
	for i := range groups {
		g := &groups[i]
		if first.IsZero() || g.First.Before(first) {
			first = g.First
		}
		if last.IsZero() || g.Last.After(last) {
			last = g.Last
		}
		total.f.Add(g.Figures)
		mk := g.Month.Format("2006-01")
		if months[mk] == nil {
			months[mk] = &acc{b: monthBucket(g.Month)}
		}
		months[mk].f.Add(g.Figures)
		tk := strings.TrimSpace(g.Technician)
		if techs[tk] == nil {
			l := fieldbook.Message{ZH: tk, EN: tk}
			if tk == "" {
				l = fieldbook.Message{ZH: "未指派", EN: "Unassigned"}
			}
			techs[tk] = &acc{b: Bucket{Key: tk, Label: l}}
		}
		techs[tk].f.Add(g.Figures)
		if types[g.JobType] == nil {
			l := g.JobTypeName
			if l.ZH == "" {
				l.ZH = g.JobType
			}
			if l.EN == "" {
				l.EN = l.ZH
			}
			types[g.JobType] = &acc{b: Bucket{Key: g.JobType, Label: l}}
		}
		types[g.JobType].f.Add(g.Figures)
	}
	rep.Total = total.bucket()

	// The month axis: the requested range, or the data's where open.
	if !from.IsZero() {
		first = from
	}
	if !to.IsZero() {
		last = to.Add(-time.Nanosecond)
	}
	if !first.IsZero() && !last.Before(first) {
		for m, n := monthStart(first, zone), 0; !m.After(monthStart(last, zone)) && n < maxMonths; m, n = m.AddDate(0, 1, 0), n+1 {
			if a := months[m.Format("2006-01")]; a != nil {
				rep.ByMonth = append(rep.ByMonth, a.bucket())
			} else {
				rep.ByMonth = append(rep.ByMonth, (&acc{b: monthBucket(m)}).bucket())
			}
		}
	}
	byJobs := func(x, y Bucket) int {
		if c := cmp.Compare(y.Jobs, x.Jobs); c != 0 {
			return c
		}
		return strings.Compare(x.Key, y.Key)
	}
	for _, a := range techs {
		rep.ByTechnician = append(rep.ByTechnician, a.bucket())
	}
	slices.SortFunc(rep.ByTechnician, byJobs)
	for _, a := range types {
		rep.ByType = append(rep.ByType, a.bucket())
	}
	slices.SortFunc(rep.ByType, byJobs)
	return rep
}

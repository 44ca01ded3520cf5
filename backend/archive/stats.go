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
	"on_site_avg":    {ZH: "平均现场时长（分钟）", EN: "Average time on site (min)"},
	"by_month":       {ZH: "按月工单数", EN: "Jobs per month"},
	"by_technician":  {ZH: "按技术员", EN: "By technician"},
	"by_type":        {ZH: "按作业类型", EN: "By job type"},
	"total":          {ZH: "合计", EN: "Total"},
}

// acc accumulates a bucket.
type acc struct {
	b          Bucket
	submitted  int
	incomplete int
	j          int
	reported   int
	inTime     int
	onSite     time.Duration
}

func (a *acc) add(j *JobFacts) {
	a.b.Jobs++
	if j.Submitted() {
		a.submitted++
		if !j.Complete {
			a.incomplete++
		}
	}
	if j.JMarked {
		a.j++
	}
	if in, ok := j.FollowedUpInTime(); ok {
		a.reported++
		if in {
			a.inTime++
		}
	}
	if d, ok := j.OnSite(); ok {
		a.b.OnSiteJobs++
		a.onSite += d
	}
}

func (a *acc) bucket() Bucket {
	b := a.b
	b.Incomplete = ratio(a.incomplete, a.submitted)
	b.J = ratio(a.j, b.Jobs)
	b.FollowUp = ratio(a.inTime, a.reported)
	if b.OnSiteJobs > 0 {
		b.OnSiteAvgMinutes = a.onSite.Minutes() / float64(b.OnSiteJobs)
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

// Stats computes the archive statistics of the jobs created in [from, to)
// (a zero bound is open). Months are those of zone (the centre's). Incomplete rates count
// submitted jobs only (a job still at the site is not expected to be
// complete); J rates count every job; the follow-up rate counts jobs with
// a report time; the time on site averages jobs with both times.
func Stats(rows []JobFacts, from, to time.Time, zone *time.Location) Report {
	rep := Report{From: from, To: to, Labels: StatLabels,
		ByMonth: []Bucket{}, ByTechnician: []Bucket{}, ByType: []Bucket{}}
	var total acc
	total.b = Bucket{Key: "total", Label: StatLabels["total"]}
	months := map[string]*acc{}
	techs := map[string]*acc{}
	types := map[string]*acc{}
	var first, last time.Time
	for i := range rows {
		j := &rows[i]
		if !from.IsZero() && j.CreatedAt.Before(from) || !to.IsZero() && !j.CreatedAt.Before(to) {
			continue
		}
		if first.IsZero() || j.CreatedAt.Before(first) {
			first = j.CreatedAt
		}
		if last.IsZero() || j.CreatedAt.After(last) {
			last = j.CreatedAt
		}
		total.add(j)
		m := monthStart(j.CreatedAt, zone)
		mk := m.Format("2006-01")
		if months[mk] == nil {
			months[mk] = &acc{b: monthBucket(m)}
		}
		months[mk].add(j)
		tk := strings.TrimSpace(j.Technician)
		if techs[tk] == nil {
			l := fieldbook.Message{ZH: tk, EN: tk}
			if tk == "" {
				l = fieldbook.Message{ZH: "未指派", EN: "Unassigned"}
			}
			techs[tk] = &acc{b: Bucket{Key: tk, Label: l}}
		}
		techs[tk].add(j)
		if types[j.JobType] == nil {
			l := j.JobTypeName
			if l.ZH == "" {
				l.ZH = j.JobType
			}
			if l.EN == "" {
				l.EN = l.ZH
			}
			types[j.JobType] = &acc{b: Bucket{Key: j.JobType, Label: l}}
		}
		types[j.JobType].add(j)
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

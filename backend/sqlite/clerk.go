package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"fieldbook/backend/archive"
	"fieldbook/backend/fieldbook"
)

// InboxFilter selects the submitted jobs the archive clerk sees. Empty
// fields do not filter.
type InboxFilter struct {
	From       string `json:"from"` // YYYY-MM-DD: submitted on or after this day (China time)
	To         string `json:"to"`   // YYYY-MM-DD: submitted on or before this day
	Technician string `json:"technician"`
	Customer   string `json:"customer"` // part of the customer's name or company
	JobType    string `json:"job_type"`
	Status     string `json:"status"`   // submitted, returned or filed; "" all three
	J          string `json:"j"`        // "yes": J-marked only; "no": not J-marked
	Complete   string `json:"complete"` // "yes" or "no"
	Query      string `json:"query"`    // words of the job search (number, plate, phone…)
}

// InboxRow is one line of the clerk's inbox.
type InboxRow struct {
	ID              string            `json:"id"`
	Number          string            `json:"number"`
	JobType         string            `json:"job_type"`
	JobTypeName     fieldbook.Message `json:"job_type_name"`
	Status          string            `json:"status"`
	Technician      string            `json:"technician"`
	CustomerName    string            `json:"customer_name"`
	CustomerCompany string            `json:"customer_company"`
	SubmittedAt     *time.Time        `json:"submitted_at"`
	ArchiveNo       string            `json:"archive_no"`
	Complete        bool              `json:"complete"`
	JMarked         bool              `json:"j_marked"`
	Problems        int               `json:"problems"`
}

// InboxPage is a page of the inbox and how many jobs match.
type InboxPage struct {
	// Total is how many rows match, counted for the first page (offset 0)
	// only and up to CountLimit; later pages say -1 (a list keeps the
	// first page's total). More: more than Total match.
	Total  int        `json:"total"`
	More   bool       `json:"more"`
	Offset int        `json:"offset"`
	Rows   []InboxRow `json:"rows"`
}

// Range is the filter's date range as times: from the start of From to the
// last second of To, days of zone (the centre's); zero for an open end.
func (f InboxFilter) Range(zone *time.Location) (from, to time.Time) {
	from, _ = time.ParseInLocation("2006-01-02", f.From, zone)
	if t, err := time.ParseInLocation("2006-01-02", f.To, zone); err == nil {
		to = t.AddDate(0, 0, 1).Add(-time.Second)
	}
	return from, to
}

// where turns the filter into SQL conditions on jobs j, customers c and
// job_checks k.
func (f InboxFilter) where(zone *time.Location) (string, []any, error) { return f.whereOn(zone, "j") }

// whereOn is where with the job's submission, status, technician and type
// read from t: "j" (jobs) or "k" (their copies in job_checks, which holds
// the jobs handed in and not deleted; the statistics read it alone).
func (f InboxFilter) whereOn(zone *time.Location, t string) (string, []any, error) {
	// "+j.deleted", "+j.status"…: the newest submissions come from
	// jobs_submitted, not from one of the job list's indexes and a sort of
	// every job they select.
	conds := []string{"+j.deleted = 0", "j.submitted_at IS NOT NULL"}
	if t == "k" {
		conds = []string{"k.submitted_at IS NOT NULL"}
	}
	var args []any
	var v fieldbook.Validation
	day := func(field, s string, add int) string {
		t, err := time.ParseInLocation("2006-01-02", s, zone)
		if err != nil {
			v.Add(field, "日期格式应为 年-月-日。", "Dates are year-month-day.")
			return ""
		}
		return t.AddDate(0, 0, add).UTC().Format(time.RFC3339)
	}
	if f.From != "" {
		conds, args = append(conds, t+".submitted_at >= ?"), append(args, day("from", f.From, 0))
	}
	if f.To != "" {
		conds, args = append(conds, t+".submitted_at < ?"), append(args, day("to", f.To, 1))
	}
	switch f.Status {
	case "":
		conds = append(conds, "+"+t+".status IN ('submitted', 'returned', 'filed')")
	case fieldbook.JobSubmitted, fieldbook.JobReturned, fieldbook.JobFiled:
		conds, args = append(conds, "+"+t+".status = ?"), append(args, f.Status)
	default:
		v.Add("status", "未知的状态。", "Unknown status.")
	}
	if f.Technician != "" {
		conds, args = append(conds, "+"+t+".assigned_to = ?"), append(args, f.Technician)
	}
	if f.JobType != "" {
		conds, args = append(conds, "+"+t+".job_type = ?"), append(args, f.JobType)
	}
	if c := strings.TrimSpace(f.Customer); c != "" {
		conds, args = append(conds, "(instr(c.name, ?) > 0 OR instr(c.company, ?) > 0)"), append(args, c, c)
	}
	yesNo := func(field, val, col string) {
		switch val {
		case "":
		case "yes":
			conds = append(conds, col+" = 1")
		case "no":
			conds = append(conds, col+" = 0")
		default:
			v.Add(field, "应为 yes 或 no。", "Must be yes or no.")
		}
	}
	// "+": a page in order of submission, or the statistics by month, would
	// otherwise read every check of one value and sort them (count reads
	// these indexes on its own).
	yesNo("j", f.J, "+k.j_marked")
	yesNo("complete", f.Complete, "+k.complete")
	if strings.TrimSpace(f.Query) != "" {
		conds, args = append(conds, "j.seq IN (SELECT rowid FROM job_search WHERE job_search MATCH ?)"), append(args, matchQuery(f.Query))
	}
	return strings.Join(conds, " AND "), args, v.Err()
}

const inboxFrom = ` FROM jobs j JOIN customers c ON c.id = j.customer_id LEFT JOIN job_checks k ON k.job_id = j.id WHERE `

// count is the FROM … WHERE of the inbox's count, joining only the tables
// the filter reads: counting 100k jobs through joins it does not need cost
// most of an inbox page. A filter by the J mark or completeness, and no
// customer or words, counts the checks' copies of the jobs' fields alone,
// from their J or completeness index (it looked up every handed-in job's
// check).
func (f InboxFilter) count(zone *time.Location, where string, args []any) (string, []any, error) {
	customer, words := strings.TrimSpace(f.Customer) != "", strings.TrimSpace(f.Query) != ""
	if (f.J != "" || f.Complete != "") && !customer && !words {
		where, args, err := f.whereOn(zone, "k")
		// The mark the index is read by: the J mark when both are asked.
		by := map[string]string{"yes": "k.j_marked = 1 AND ", "no": "k.j_marked = 0 AND "}[f.J]
		if by == "" {
			by = map[string]string{"yes": "k.complete = 1 AND ", "no": "k.complete = 0 AND "}[f.Complete]
		}
		return `FROM job_checks k WHERE ` + by + where, args, err
	}
	from := `FROM jobs j`
	if customer {
		from += ` JOIN customers c ON c.id = j.customer_id`
	}
	if f.J != "" || f.Complete != "" {
		from += ` LEFT JOIN job_checks k ON k.job_id = j.id`
	}
	return from + ` WHERE ` + where, args, nil
}

// Inbox returns a page of the submitted jobs matching the filter, newest
// submission first, with their completeness and J mark.
func (d *DB) Inbox(ctx context.Context, f InboxFilter, offset, limit int) (InboxPage, error) {
	limit, offset = clampLimit(limit), max(offset, 0)
	page := InboxPage{Offset: offset, Rows: []InboxRow{}}
	zone := d.Zone(ctx)
	where, args, err := f.where(zone)
	if err != nil {
		return page, err
	}
	count, countArgs, err := f.count(zone, where, args)
	if err != nil {
		return page, err
	}
	if _, err := d.RefreshChecks(ctx); err != nil {
		return page, err
	}
	err = d.read(ctx, func(tx *sql.Tx) error {
		if err := countFirst(ctx, tx, offset, &page.Total, &page.More, count, countArgs...); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT j.id, j.number, j.job_type, j.status, j.assigned_to, c.name, c.company,
			j.submitted_at, j.archive_no, coalesce(k.complete, 0), coalesce(k.j_marked, 0), coalesce(json_array_length(k.problems), 0)`+
			inboxFrom+where+` ORDER BY j.submitted_at DESC, j.seq DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		names := map[string]fieldbook.Message{}
		for rows.Next() {
			var r InboxRow
			var submitted string
			if err := rows.Scan(&r.ID, &r.Number, &r.JobType, &r.Status, &r.Technician, &r.CustomerName, &r.CustomerCompany,
				&submitted, &r.ArchiveNo, &r.Complete, &r.JMarked, &r.Problems); err != nil {
				return err
			}
			r.SubmittedAt = parseTimePtr(submitted)
			if _, ok := names[r.JobType]; !ok {
				names[r.JobType] = jobTypeName(ctx, tx, r.JobType)
			}
			r.JobTypeName = names[r.JobType]
			page.Rows = append(page.Rows, r)
		}
		return rows.Err()
	})
	return page, err
}

func jobTypeName(ctx context.Context, tx *sql.Tx, key string) fieldbook.Message {
	if jt, err := jobType(ctx, tx, key); err == nil {
		return jt.Name.Message()
	}
	return fieldbook.Message{ZH: key, EN: key}
}

func parseTimePtr(s string) *time.Time {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return &t
	}
	return nil
}

// refreshChunk is how many jobs one write transaction checks.
const refreshChunk = 500

// RefreshChecks runs the completeness check of every job a change marked
// stale (see job_checks in the migrations) and stores the result; it
// returns how many jobs it checked. With nothing stale it is one read.
func (d *DB) RefreshChecks(ctx context.Context) (int, error) {
	// Every inbox page asks: with nothing stale, answer from the reader
	// without taking the writer (an autosave may be waiting for it).
	var stale bool
	if err := d.rdb.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM job_checks_stale)`).Scan(&stale); err != nil || !stale {
		return 0, err
	}
	total := 0
	for {
		n := 0
		err := d.tx(ctx, func(tx *sql.Tx) error {
			rows, err := tx.QueryContext(ctx, `SELECT s.job_id, j.submitted_at IS NOT NULL AND j.deleted = 0, j.j_decision,
				coalesce(j.submitted_at, ''), coalesce(j.status, ''), coalesce(j.assigned_to, ''), coalesce(j.job_type, ''),
				coalesce(j.created_at, ''), coalesce(j.filed_at, ''), `+visitTimes+`
				FROM job_checks_stale s LEFT JOIN jobs j ON j.id = s.job_id`+latestVisit+` LIMIT ?`, refreshChunk)
			if err != nil {
				return err
			}
			var todo []pendingCheck
			for rows.Next() {
				var p pendingCheck
				var created, filed, followUp, arrived, departed string
				if err := rows.Scan(&p.id, &p.submitted, &p.decision, &p.submittedAt, &p.facts.Status, &p.facts.Technician,
					&p.facts.JobType, &created, &filed, &followUp, &arrived, &departed); err != nil {
					rows.Close()
					return err
				}
				setTimes(&p.facts, created, p.submittedAt, filed, followUp, arrived, departed)
				todo = append(todo, p)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			c := newChecker(tx)
			for _, p := range todo {
				if err := refreshCheck(ctx, tx, c, p); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `DELETE FROM job_checks_stale WHERE job_id = ?`, p.id); err != nil {
					return err
				}
			}
			n = len(todo)
			return nil
		})
		total += n
		if err != nil || n < refreshChunk {
			return total, err
		}
	}
}

// pendingCheck is a stale job RefreshChecks checks again.
type pendingCheck struct {
	id          string
	submitted   sql.NullBool // handed in and not deleted
	decision    sql.NullString
	submittedAt string
	facts       archive.JobFacts // technician, type, status and times, as JobFacts reads them
}

// refreshCheck stores the check of one job and its figures for the
// statistics, or forgets them when the job is not (or no longer) handed in.
func refreshCheck(ctx context.Context, tx *sql.Tx, c *checker, p pendingCheck) error {
	if !p.submitted.Bool {
		_, err := tx.ExecContext(ctx, `DELETE FROM job_checks WHERE job_id = ?`, p.id)
		return err
	}
	res, err := c.check(ctx, p.id)
	if err != nil {
		return err
	}
	j := archive.EffectiveJ(res.J, decodeDecision(p.decision))
	problems := make([]string, 0, len(res.Problems))
	for _, pr := range res.Problems {
		problems = append(problems, pr.ZH)
	}
	reasons := []string{}
	if j.Source == archive.JFromClerk && j.Reason != "" {
		reasons = append(reasons, j.Reason)
	} else if j.Marked {
		for _, m := range res.JReasons {
			reasons = append(reasons, m.ZH)
		}
	}
	pj, _ := json.Marshal(problems)
	rj, _ := json.Marshal(reasons)
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM job_events WHERE job_id = ? AND action = 'returned' AND deleted = 0`,
		p.id).Scan(&p.facts.Returns); err != nil {
		return err
	}
	fig := p.facts.Figures()
	var created, followUp, onSite any // NULL: unknown
	if ns, ok := unixNano(p.facts.CreatedAt); ok && !p.facts.CreatedAt.IsZero() {
		created = ns
	}
	if fig.Reported > 0 {
		followUp = fig.InTime
	}
	if fig.OnSiteJobs > 0 {
		onSite = int64(fig.OnSite)
	}
	_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO job_checks (job_id, complete, auto_j, j_marked, problems, j_reasons,
		submitted_at, status, assigned_to, job_type, created_ns, handed, follow_up, on_site_ns, returns)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.id, res.Complete, res.J, j.Marked, string(pj), string(rj),
		p.submittedAt, p.facts.Status, p.facts.Technician, p.facts.JobType, created, fig.Submitted, followUp, onSite, p.facts.Returns)
	return err
}

func decodeDecision(raw sql.NullString) *archive.JDecision {
	if !raw.Valid || raw.String == "" || raw.String == "null" {
		return nil
	}
	var dec archive.JDecision
	if json.Unmarshal([]byte(raw.String), &dec) != nil {
		return nil
	}
	return &dec
}

// JobEvent is one entry of a job's audit trail.
type JobEvent struct {
	ID     string          `json:"id"`
	Action string          `json:"action"` // hub.Event*
	Detail json.RawMessage `json:"detail"`
	Actor  string          `json:"actor"`
	At     time.Time       `json:"at"`
}

// ArchiveState is the archive side of one job: the check, the J mark, the
// clerk's decisions and findings, filing and the audit trail.
type ArchiveState struct {
	Check archive.Result `json:"check"`
	// Blocking are the problems that keep the job from being filed (all but
	// the J problems); Fileable: submitted and none.
	Blocking     []archive.Problem           `json:"blocking"`
	Fileable     bool                        `json:"fileable"`
	J            archive.JState              `json:"j"`
	Decision     *archive.JDecision          `json:"decision"`
	DocChecks    map[string]archive.DocCheck `json:"doc_checks"`
	Status       string                      `json:"status"`
	ArchiveNo    string                      `json:"archive_no"`
	Location     string                      `json:"location"`
	ReturnReason string                      `json:"return_reason"`
	SubmittedAt  *time.Time                  `json:"submitted_at"`
	FiledAt      *time.Time                  `json:"filed_at"`
	FiledBy      string                      `json:"filed_by"`
	Events       []JobEvent                  `json:"events"` // oldest first
}

// Archive returns the archive state of the job.
func (d *DB) Archive(ctx context.Context, jobID string) (ArchiveState, error) {
	var st ArchiveState
	err := d.read(ctx, func(tx *sql.Tx) error {
		var decision sql.NullString
		var checks, submitted, filed string
		err := tx.QueryRowContext(ctx, `SELECT status, archive_no, archive_location, return_reason, coalesce(submitted_at, ''),
			coalesce(filed_at, ''), filed_by, j_decision, doc_checks FROM jobs WHERE id = ? AND deleted = 0`, jobID).Scan(
			&st.Status, &st.ArchiveNo, &st.Location, &st.ReturnReason, &submitted, &filed, &st.FiledBy, &decision, &checks)
		if err == sql.ErrNoRows {
			return fieldbook.Errorf(fieldbook.ENOTFOUND, "找不到该工单。", "The job was not found.")
		}
		if err != nil {
			return err
		}
		st.SubmittedAt, st.FiledAt = parseTimePtr(submitted), parseTimePtr(filed)
		st.Decision = decodeDecision(decision)
		st.DocChecks = map[string]archive.DocCheck{}
		_ = json.Unmarshal([]byte(checks), &st.DocChecks)
		if st.Check, err = newChecker(tx).check(ctx, jobID); err != nil {
			return err
		}
		st.J = archive.EffectiveJ(st.Check.J, st.Decision)
		st.Blocking = st.Check.Blocking()
		st.Fileable = st.Status == fieldbook.JobSubmitted && len(st.Blocking) == 0
		st.Events, err = jobEvents(ctx, tx, jobID)
		return err
	})
	return st, err
}

func jobEvents(ctx context.Context, tx *sql.Tx, jobID string) ([]JobEvent, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, action, detail, actor, at FROM job_events WHERE job_id = ? AND deleted = 0 ORDER BY at, id`, jobID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []JobEvent{}
	for rows.Next() {
		var e JobEvent
		var detail, at string
		if err := rows.Scan(&e.ID, &e.Action, &detail, &e.Actor, &at); err != nil {
			return nil, err
		}
		e.Detail = json.RawMessage(detail)
		if t := parseTimePtr(at); t != nil {
			e.At = *t
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// JobFacts returns what the statistics and the XLSX export need of every
// job the filter selects, newest submission first.
func (d *DB) JobFacts(ctx context.Context, f InboxFilter) ([]archive.JobFacts, error) {
	where, args, err := f.where(d.Zone(ctx))
	if err != nil {
		return nil, err
	}
	if _, err := d.RefreshChecks(ctx); err != nil {
		return nil, err
	}
	var out []archive.JobFacts
	err = d.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT j.id, j.number, CASE WHEN c.company <> '' THEN c.company || ' ' || c.name ELSE c.name END,
			j.assigned_to, j.job_type, j.status, coalesce(k.complete, 0), coalesce(k.problems, '[]'), coalesce(k.j_marked, 0), coalesce(k.j_reasons, '[]'),
			coalesce(k.returns, 0), j.archive_no, j.archive_location, j.filed_by, j.created_at, j.submitted_at, coalesce(j.filed_at, ''),
			`+visitTimes+` FROM jobs j JOIN customers c ON c.id = j.customer_id LEFT JOIN job_checks k ON k.job_id = j.id`+latestVisit+`
			WHERE `+where+` ORDER BY j.submitted_at DESC, j.seq DESC`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		names := map[string]fieldbook.Message{}
		for rows.Next() {
			var r archive.JobFacts
			var problems, reasons, created, submitted, filed, followUp, arrived, departed string
			if err := rows.Scan(&r.JobID, &r.Number, &r.Customer, &r.Technician, &r.JobType, &r.Status, &r.Complete, &problems,
				&r.JMarked, &reasons, &r.Returns, &r.ArchiveNo, &r.Location, &r.FiledBy, &created, &submitted, &filed, &followUp, &arrived, &departed); err != nil {
				return err
			}
			_ = json.Unmarshal([]byte(problems), &r.Problems)
			_ = json.Unmarshal([]byte(reasons), &r.JReasons)
			setTimes(&r, created, submitted, filed, followUp, arrived, departed)
			if _, ok := names[r.JobType]; !ok {
				names[r.JobType] = jobTypeName(ctx, tx, r.JobType)
			}
			r.JobTypeName = names[r.JobType]
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// latestVisit joins v, the latest revision of job j's visits: the one whose
// times the statistics read (visitTimes).
const latestVisit = `
	LEFT JOIN visits v ON v.id = (SELECT id FROM visits WHERE job_id = j.id AND deleted = 0 ORDER BY revision DESC LIMIT 1)`

// visitTimes are the follow-up, arrival and departure of v, empty when none.
const visitTimes = `coalesce(v.content ->> '$.follow_up_at', ''), coalesce(v.content ->> '$.arrived_at', ''), coalesce(v.content ->> '$.departed_at', '')`

// setTimes sets the times of r from the job's columns and its latest
// visit's visitTimes, for JobFacts and for the figures RefreshChecks keeps.
func setTimes(r *archive.JobFacts, created, submitted, filed, followUp, arrived, departed string) {
	if t := parseTimePtr(created); t != nil {
		r.CreatedAt = *t
		// The job is opened when the customer's report is registered
		// (客户信息登记); the follow-up time is the visit's 回访.
		r.ReportedAt = t
	}
	r.CalledBackAt, r.ArrivedAt, r.DepartedAt = parseTimePtr(followUp), parseTimePtr(arrived), parseTimePtr(departed)
	r.SubmittedAt, r.FiledAt = parseTimePtr(submitted), parseTimePtr(filed)
}

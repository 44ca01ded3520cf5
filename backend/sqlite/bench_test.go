package sqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"fieldbook/backend/archive"
	"fieldbook/backend/demo"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

// benchVisits is the size of the generated data set the benchmarks run on.
const benchVisits = 100_000

// BenchmarkServiceRecords measures the technician's everyday operations on
// a store holding 100k generated jobs and visits. Each figure is printed as
// "bench: NAME VALUE UNIT".
func BenchmarkServiceRecords(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	d, err := Open(ctx, dir)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	// Ten years of a centre, to the end of October 2026.
	sets := demo.New(42).SetsOver(benchVisits, time.Date(2016, 11, 1, 0, 0, 0, 0, fieldbook.Zone("")), 3652)
	start := time.Now()
	if err := d.LoadDemo(ctx, sets, 2000); err != nil {
		b.Fatal(err)
	}
	load := time.Since(start)
	fmt.Printf("bench: dataset_visits %d visits\n", benchVisits)
	fmt.Printf("bench: demo_load_100k %.1f s\n", load.Seconds())
	fmt.Printf("bench: demo_jobs_per_s %.0f jobs/s\n", benchVisits/load.Seconds())
	start = time.Now()
	if err := d.BuildSearchIndex(ctx); err != nil {
		b.Fatal(err)
	}
	fmt.Printf("bench: demo_search_index_100k %.1f s (built after the load, in the background in the app)\n", time.Since(start).Seconds())

	rng := rand.New(rand.NewPCG(42, 1))
	for b.Loop() {
		// Autosave of a draft: one edit of the fault text.
		var draftIDs []string
		rows, err := d.rdb.QueryContext(ctx, `SELECT id FROM visits WHERE signed = 0 LIMIT 200`)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
			var id string
			rows.Scan(&id)
			draftIDs = append(draftIDs, id)
		}
		rows.Close()
		if len(draftIDs) == 0 {
			b.Fatal("no draft visits in the data set")
		}
		var saves []time.Duration
		for i := 0; i < 300; i++ {
			v, err := d.Visit(ctx, draftIDs[i%len(draftIDs)])
			if err != nil {
				b.Fatal(err)
			}
			v.Visit.FaultSymptoms += "，补充描述"
			t0 := time.Now()
			if _, err := d.SaveVisitDraft(ctx, v.Visit); err != nil {
				b.Fatal(err)
			}
			saves = append(saves, time.Since(t0))
		}
		report("visit_save_p50", percentile(saves, 50))
		report("visit_save_p99", percentile(saves, 99))

		var firstPage []time.Duration
		for i := 0; i < 50; i++ {
			t0 := time.Now()
			if _, err := d.SearchJobs(ctx, "", 0, 50); err != nil {
				b.Fatal(err)
			}
			firstPage = append(firstPage, time.Since(t0))
		}
		report("list_first_page", percentile(firstPage, 50))

		for _, n := range []int{2, 4} {
			var searches []time.Duration
			for i := 0; i < 200; i++ {
				q := substring(rng, sets[rng.IntN(len(sets))], n)
				t0 := time.Now()
				if _, err := d.SearchJobs(ctx, q, 0, 50); err != nil {
					b.Fatal(err)
				}
				searches = append(searches, time.Since(t0))
			}
			report(fmt.Sprintf("search_%dchar_p95", n), percentile(searches, 95))
		}
		benchCustomers(b, d, rng, sets)
		benchJobFilters(b, d, rng)
		benchFollowUps(b, d, rng)
		benchAppointmentBoard(b, d, rng)
		benchDeskStats(b, d)
	}
	if _, err := d.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, f := range []string{DBFile, DBFile + "-wal"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err == nil {
			size += fi.Size()
		}
	}
	fmt.Printf("bench: db_bytes_per_visit %d B\n", size/benchVisits)

	benchInbox(b, d)
}

// benchCustomers measures the 客户 page and the new-job dialog's customer
// picker over the store's customers (about 70k for 100k jobs): the first
// page, and two-character searches of names, phones and addresses as the
// page (50 rows) and the picker (20) ask them.
func benchCustomers(b *testing.B, d *DB, rng *rand.Rand, sets []demo.Set) {
	ctx := context.Background()
	var customers int
	if err := d.rdb.QueryRowContext(ctx, `SELECT count(*) FROM customers`).Scan(&customers); err != nil {
		b.Fatal(err)
	}
	fmt.Printf("# customers: %d\n", customers)
	var first []time.Duration
	for range 50 {
		t0 := time.Now()
		if page, err := d.Customers(ctx, "", 0, 50); err != nil || len(page.Rows) == 0 {
			b.Fatalf("customers: %d rows, %v", len(page.Rows), err)
		}
		first = append(first, time.Since(t0))
	}
	report("customers_first_page_100k", percentile(first, 50))
	for _, c := range []struct {
		name  string
		limit int
	}{{"customer_search_2char_p95_100k", 50}, {"customer_picker_2char_p95_100k", 20}} {
		var times []time.Duration
		for range 100 {
			s := sets[rng.IntN(len(sets))]
			q := substring(rng, s, 2)
			if name := []rune(s.Customer.Name); len(name) >= 2 && rng.IntN(2) == 0 {
				q = string(name[:2])
			}
			t0 := time.Now()
			if _, err := d.Customers(ctx, q, 0, c.limit); err != nil {
				b.Fatal(err)
			}
			times = append(times, time.Since(t0))
		}
		report(c.name, percentile(times, 95))
	}
}

// benchJobFilters measures the 工单 page's filters over the 100k jobs: a
// status and a quarter of the ten years, each order, the first page (with
// its bounded count) and a later one.
func benchJobFilters(b *testing.B, d *DB, rng *rand.Rand) {
	ctx := context.Background()
	statuses := []string{fieldbook.JobInProgress, fieldbook.JobCompleted, fieldbook.JobSubmitted, fieldbook.JobFiled, fieldbook.JobReturned, fieldbook.JobDraft}
	sorts := []string{fieldbook.JobsNewest, fieldbook.JobsOldest, fieldbook.JobsByAppointment, fieldbook.JobsByUpdate}
	var times []time.Duration
	for i := range 200 {
		from := time.Date(2016+rng.IntN(10), time.Month(1+3*rng.IntN(4)), 1, 0, 0, 0, 0, time.UTC)
		f := fieldbook.JobFilter{
			Status: statuses[rng.IntN(len(statuses))],
			From:   from.Format(time.DateOnly),
			To:     from.AddDate(0, 3, -1).Format(time.DateOnly),
			Sort:   sorts[i%len(sorts)],
		}
		t0 := time.Now()
		if _, err := d.Jobs(ctx, f, 50*rng.IntN(3), 50); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
	}
	report("jobs_filter_status_date_p95_100k", percentile(times, 95))
}

// benchFollowUps measures the service desk's follow-up queue: one job in 20
// of the ten years was solved by phone guidance and followed up within the
// hour, but for the newest 300, still waiting (some overdue).
func benchFollowUps(b *testing.B, d *DB, rng *rand.Rand) {
	ctx := context.Background()
	if _, err := d.db.ExecContext(ctx, `UPDATE jobs SET guidance = '指导客户重启设备', guidance_outcome = 'solved', guided_at = created_at,
		followup_result = '客户确认已恢复', followup_at = strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+1 hour') WHERE seq % 20 = 0`); err != nil {
		b.Fatal(err)
	}
	if _, err := d.db.ExecContext(ctx, `UPDATE jobs SET followup_result = '', followup_at = NULL
		WHERE id IN (SELECT id FROM jobs WHERE guidance_outcome = 'solved' ORDER BY guided_at DESC LIMIT 300)`); err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var times []time.Duration
	for range 200 {
		t0 := time.Now()
		page, err := d.FollowUps(ctx, now, 50*rng.IntN(3), 50)
		if err != nil || page.Total != 300 {
			b.Fatalf("follow-up queue = %d jobs, %v; want the 300 waiting", page.Total, err)
		}
		times = append(times, time.Since(t0))
	}
	report("followup_queue_p95_100k", percentile(times, 95))
}

// benchAppointmentBoard measures the service desk's week board (everyone's
// appointments of a week, by technician and day) over the ten years'
// appointments: a random week's board, as the desk pages through weeks.
func benchAppointmentBoard(b *testing.B, d *DB, rng *rand.Rand) {
	ctx := context.Background()
	first := time.Date(2016, 11, 7, 0, 0, 0, 0, time.UTC) // a Monday
	var times []time.Duration
	cards := 0
	for range 200 {
		from := first.AddDate(0, 0, 7*rng.IntN(520)).Format(time.DateOnly)
		t0 := time.Now()
		board, err := d.AppointmentBoard(ctx, "", from, 7)
		if err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
		for _, l := range board.Lines {
			for _, day := range l.Days {
				cards += day.Booked
			}
		}
	}
	if cards == 0 {
		b.Fatal("the week boards hold no appointments")
	}
	fmt.Printf("# appointments per week board: %d\n", cards/200)
	report("appointment_week_board_p95_100k", percentile(times, 95))
}

// benchDeskStats measures the service desk's statistics of a year (twelve
// months: follow-ups, arrivals against appointments, complaints) over the
// 100k jobs: one job in three has an appointment a day after it was taken,
// one in ten a complaint received that day.
func benchDeskStats(b *testing.B, d *DB) {
	ctx := context.Background()
	if _, err := d.db.ExecContext(ctx, `UPDATE jobs SET appointment = strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+1 day')
		WHERE appointment IS NULL AND seq % 3 = 0`); err != nil {
		b.Fatal(err)
	}
	if _, err := d.db.ExecContext(ctx, `INSERT INTO complaints (id, job_id, customer_id, channel, received_at, received_by, content, kind, state,
		created_at, updated_at, updated_by)
		SELECT 'k-' || id, id, customer_id, 'phone', created_at, '孙悦', '投诉', 'quality', 'registered', created_at, created_at, 'bench'
		FROM jobs WHERE seq % 10 = 0 AND deleted = 0`); err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var times []time.Duration
	for range 20 {
		t0 := time.Now()
		st, err := d.DeskStats(ctx, "2025-11", "2026-10", now)
		if err != nil {
			b.Fatal(err)
		}
		if st.Total.Appointments == 0 || st.Total.Complaints == 0 || st.Total.FollowUp.Solved == 0 {
			b.Fatalf("desk statistics of a year = %+v, want appointments, complaints and follow-ups", st.Total)
		}
		times = append(times, time.Since(t0))
	}
	report("desk_stats_year_p95_100k", percentile(times, 95))
}

// benchInbox measures the archive clerk's inbox over the same 100k jobs,
// all handed in: the first completeness check of every job (once, after
// the clerk's first sync), then the first page unfiltered, filtered by
// the J mark and completeness, and with a search.
func benchInbox(b *testing.B, d *DB) {
	ctx := context.Background()
	if _, err := d.db.ExecContext(ctx, `UPDATE jobs SET status = 'submitted', submitted_at = created_at WHERE deleted = 0`); err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	n, err := d.RefreshChecks(ctx)
	if err != nil {
		b.Fatal(err)
	}
	fmt.Printf("bench: refresh_checks_%dk_jobs %.1f s\n", n/1000, time.Since(t0).Seconds())
	for _, c := range []struct {
		name string
		f    InboxFilter
	}{
		{"inbox_first_page_100k", InboxFilter{}},
		{"inbox_first_page_100k_j_incomplete", InboxFilter{J: "yes", Complete: "no"}},
		{"inbox_first_page_100k_search", InboxFilter{Query: "空调"}},
	} {
		var times []time.Duration
		for range 30 {
			t0 := time.Now()
			page, err := d.Inbox(ctx, c.f, 0, 50)
			if err != nil {
				b.Fatal(err)
			}
			if len(page.Rows) == 0 {
				b.Fatalf("%s: empty page", c.name)
			}
			times = append(times, time.Since(t0))
		}
		report(c.name, percentile(times, 50))
	}
	// A filtered inbox scrolled page by page: one technician's jobs of a
	// quarter, pages at offsets 0, 50, 100….
	var tech string
	if err := d.rdb.QueryRowContext(ctx, `SELECT assigned_to FROM jobs GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`).Scan(&tech); err != nil {
		b.Fatal(err)
	}
	var pages []time.Duration
	for round := range 5 {
		for off := 0; off < 500; off += 50 {
			t0 := time.Now()
			if _, err := d.Inbox(ctx, InboxFilter{Technician: tech, From: "2026-01-01", To: "2026-03-31"}, off, 50); err != nil {
				b.Fatal(err)
			}
			if round > 0 {
				pages = append(pages, time.Since(t0))
			}
		}
	}
	report("inbox_filtered_page_p95_100k", percentile(pages, 95))
	// The statistics of a year, as the 统计 page asks them (Stats), and
	// as the XLSX export counts them (JobFacts, then archive.Stats): the
	// same report.
	zone := d.Zone(ctx)
	f := InboxFilter{From: "2026-01-01", To: "2026-12-31"}
	var years []time.Duration
	var rep archive.Report
	for range 5 {
		t0 := time.Now()
		r, grouped, err := d.stats(ctx, f)
		if err != nil || !grouped {
			b.Fatalf("stats: added up by SQLite %v, %v", grouped, err)
		}
		years = append(years, time.Since(t0))
		rep = r
	}
	if rep.Total.Jobs == 0 {
		b.Fatal("no jobs in the year's statistics")
	}
	// The first also numbers the months of the checks RefreshChecks just wrote.
	report("stats_year_100k_first", years[0])
	report("stats_year_100k", percentile(years, 50))
	t0 = time.Now()
	facts, err := d.JobFacts(ctx, f)
	if err != nil {
		b.Fatal(err)
	}
	from, to := f.Range(zone)
	if want := archive.Stats(facts, from, to, zone); !reflect.DeepEqual(rep, want) {
		b.Fatalf("the year's statistics differ from JobFacts':\n got %+v\nwant %+v", rep.Total, want.Total)
	}
	report("stats_year_100k_from_job_facts", time.Since(t0))
}

// substring picks an n-character piece of what people search for: a
// customer name, a phone, an address, a model or plate, or fault text.
func substring(rng *rand.Rand, s demo.Set, n int) string {
	candidates := []string{s.Customer.Name, s.Customer.Company, s.Asset.Model, s.Asset.Plate, s.Visit.FaultSymptoms}
	candidates = append(candidates, s.Customer.Phones...)
	candidates = append(candidates, s.Customer.Addresses...)
	for range 20 {
		r := fold(candidates[rng.IntN(len(candidates))])
		if len(r) >= n {
			i := rng.IntN(len(r) - n + 1)
			return string(r[i : i+n])
		}
	}
	return string(fold(s.Customer.Phones[0])[:n])
}

func percentile(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}

func report(name string, d time.Duration) {
	fmt.Printf("bench: %s %.2f ms\n", name, float64(d.Microseconds())/1000)
}

// BenchmarkChecklist240Items measures saving a 240-item house inspection:
// each item saved on its own as a technician goes down the list (autosave),
// and the whole list saved at once.
func BenchmarkChecklist240Items(b *testing.B) {
	ctx := context.Background()
	d, err := Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	c, err := d.SaveCustomer(ctx, fieldbook.Customer{Name: "业主", Phones: []string{"13600001111"}})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		j, err := d.CreateJob(ctx, fieldbook.NewJob{JobType: "house_inspection", CustomerID: c.ID})
		if err != nil {
			b.Fatal(err)
		}
		v, err := d.StartChecklist(ctx, j.ID, "inspection")
		if err != nil {
			b.Fatal(err)
		}
		all := fullAnswers(v.Template)
		var each []time.Duration
		for k, a := range all {
			t0 := time.Now()
			if _, err := d.SetAnswers(ctx, v.Checklist.ID, map[string]jobtype.Answer{k: a}); err != nil {
				b.Fatal(err)
			}
			each = append(each, time.Since(t0))
		}
		fmt.Printf("bench: checklist_240_items_item_save_p50 %.2f ms\n", float64(percentile(each, 50).Microseconds())/1000)
		fmt.Printf("bench: checklist_240_items_item_save_p99 %.2f ms\n", float64(percentile(each, 99).Microseconds())/1000)
		t0 := time.Now()
		if _, err := d.SetAnswers(ctx, v.Checklist.ID, all); err != nil {
			b.Fatal(err)
		}
		report("checklist_240_items_save", time.Since(t0))
	}
}

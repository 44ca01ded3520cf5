package archive

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"fieldbook/backend/fieldbook"
)

func cst(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, chinaTime)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr(s string) *time.Time {
	t := cst(s)
	return &t
}

var (
	vehicleName = fieldbook.Message{ZH: "汽车售后", EN: "Vehicle after-sales"}
	itName      = fieldbook.Message{ZH: "IT 上门服务", EN: "IT on-site service"}
)

// statRows are seven jobs whose figures are worked out by hand below.
func statRows() []JobFacts {
	return []JobFacts{
		{JobID: "a", Number: "A", Technician: "张三", JobType: "vehicle_service", JobTypeName: vehicleName,
			CreatedAt: cst("2026-10-05 08:00"), SubmittedAt: ptr("2026-10-05 18:00"), Complete: true,
			ReportedAt: ptr("2026-10-05 09:00"), CalledBackAt: ptr("2026-10-05 10:30"),
			ArrivedAt: ptr("2026-10-05 13:00"), DepartedAt: ptr("2026-10-05 14:30")},
		{JobID: "b", Number: "B", Technician: "张三", JobType: "vehicle_service", JobTypeName: vehicleName,
			CreatedAt: cst("2026-10-20 08:00"), SubmittedAt: ptr("2026-10-21 18:00"), JMarked: true,
			ReportedAt: ptr("2026-10-20 09:00"), CalledBackAt: ptr("2026-10-20 11:30"),
			ArrivedAt: ptr("2026-10-20 10:00"), DepartedAt: ptr("2026-10-20 10:30")},
		{JobID: "c", Number: "C", Technician: "李四", JobType: "it_onsite", JobTypeName: itName,
			CreatedAt: cst("2026-11-02 08:00"), FiledAt: ptr("2026-11-03 18:00"), Complete: true,
			ReportedAt: ptr("2026-11-02 09:00"), CalledBackAt: ptr("2026-11-02 11:00")},
		{JobID: "d", Number: "D", Technician: "李四", JobType: "it_onsite", JobTypeName: itName,
			CreatedAt: cst("2026-11-15 08:00"), JMarked: true,
			ReportedAt: ptr("2026-11-15 09:00"),
			ArrivedAt:  ptr("2026-11-15 09:00"), DepartedAt: ptr("2026-11-15 08:00")},
		{JobID: "e", Number: "E", Technician: "", JobType: "vehicle_service", JobTypeName: vehicleName,
			CreatedAt: cst("2026-12-31 23:30"), SubmittedAt: ptr("2027-01-02 10:00")},
		{JobID: "f", Number: "F", Technician: "王五", JobType: "it_onsite", CreatedAt: cst("2027-01-01 00:00")},
		{JobID: "g", Number: "G", Technician: "王五", JobType: "it_onsite", CreatedAt: cst("2026-09-30 23:59")},
	}
}

type want struct {
	key                string
	jobs               int
	inc, sub, j, jt    int
	inTime, reported   int
	onSiteAvg, onSiteN float64
}

func checkBucket(t *testing.T, b Bucket, w want) {
	t.Helper()
	got := want{b.Key, b.Jobs, b.Incomplete.Count, b.Incomplete.Total, b.J.Count, b.J.Total,
		b.FollowUp.Count, b.FollowUp.Total, b.OnSiteAvgMinutes, float64(b.OnSiteJobs)}
	if got != w {
		t.Errorf("bucket %s\n got %+v\nwant %+v", b.Key, got, w)
	}
	for _, r := range []Ratio{b.Incomplete, b.J, b.FollowUp} {
		if r.Total > 0 && math.Abs(r.Rate-float64(r.Count)/float64(r.Total)) > 1e-12 || r.Total == 0 && r.Rate != 0 {
			t.Errorf("bucket %s: rate %+v", b.Key, r)
		}
	}
	if b.Label.ZH == "" || b.Label.EN == "" {
		t.Errorf("bucket %s without label: %+v", b.Key, b.Label)
	}
}

func TestStats(t *testing.T) {
	rep := Stats(statRows(), cst("2026-10-01 00:00"), cst("2027-01-01 00:00"), chinaTime)
	// Five jobs in range (F is on the end bound, G before the start).
	// Submitted A B C E, incomplete B E; J B D; reported A B C D, in time A
	// (1.5 h) and C (exactly 2 h), not B (2.5 h) nor D (no call); on site
	// A 90 min and B 30 min (D departs before arriving: ignored).
	checkBucket(t, rep.Total, want{"total", 5, 2, 4, 2, 5, 2, 4, 60, 2})
	if rep.Total.Incomplete.Rate != 0.5 || rep.Total.J.Rate != 0.4 || rep.Total.FollowUp.Rate != 0.5 {
		t.Errorf("total rates %+v", rep.Total)
	}
	if len(rep.ByMonth) != 3 {
		t.Fatalf("months %+v", rep.ByMonth)
	}
	checkBucket(t, rep.ByMonth[0], want{"2026-10", 2, 1, 2, 1, 2, 1, 2, 60, 2})
	checkBucket(t, rep.ByMonth[1], want{"2026-11", 2, 0, 1, 1, 2, 1, 2, 0, 0})
	checkBucket(t, rep.ByMonth[2], want{"2026-12", 1, 1, 1, 0, 1, 0, 0, 0, 0})
	if l := rep.ByMonth[1].Label; l.ZH != "2026年11月" || l.EN != "Nov 2026" {
		t.Errorf("month label %+v", l)
	}
	if len(rep.ByTechnician) != 3 {
		t.Fatalf("technicians %+v", rep.ByTechnician)
	}
	checkBucket(t, rep.ByTechnician[0], want{"张三", 2, 1, 2, 1, 2, 1, 2, 60, 2})
	checkBucket(t, rep.ByTechnician[1], want{"李四", 2, 0, 1, 1, 2, 1, 2, 0, 0})
	checkBucket(t, rep.ByTechnician[2], want{"", 1, 1, 1, 0, 1, 0, 0, 0, 0})
	if l := rep.ByTechnician[2].Label; l.ZH != "未指派" {
		t.Errorf("unassigned label %+v", l)
	}
	if len(rep.ByType) != 2 {
		t.Fatalf("types %+v", rep.ByType)
	}
	checkBucket(t, rep.ByType[0], want{"vehicle_service", 3, 2, 3, 1, 3, 1, 2, 60, 2})
	checkBucket(t, rep.ByType[1], want{"it_onsite", 2, 0, 1, 1, 2, 1, 2, 0, 0})
	if rep.ByType[0].Label != vehicleName {
		t.Errorf("type label %+v", rep.ByType[0].Label)
	}

	// Empty months of the range are on the axis; open bounds follow the data.
	rep = Stats(statRows()[:1], cst("2026-09-01 00:00"), cst("2026-12-01 00:00"), chinaTime)
	var keys []string
	for _, m := range rep.ByMonth {
		keys = append(keys, m.Key)
	}
	if !slices.Equal(keys, []string{"2026-09", "2026-10", "2026-11"}) {
		t.Errorf("month axis %q", keys)
	}
	rep = Stats(statRows(), time.Time{}, time.Time{}, chinaTime)
	if rep.Total.Jobs != 7 || len(rep.ByMonth) != 5 || rep.ByMonth[0].Key != "2026-09" || rep.ByMonth[4].Key != "2027-01" {
		t.Errorf("open range: %d jobs, %d months", rep.Total.Jobs, len(rep.ByMonth))
	}
	// A month is the centre's: 2026-11-01 03:00 in Shanghai is still October in New York.
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	early := []JobFacts{{JobType: "it_onsite", CreatedAt: cst("2026-11-01 03:00")}}
	if got := Stats(early, time.Time{}, time.Time{}, chinaTime).ByMonth; len(got) != 1 || got[0].Key != "2026-11" {
		t.Errorf("month in China time = %+v, want 2026-11", got)
	}
	if got := Stats(early, time.Time{}, time.Time{}, ny).ByMonth; len(got) != 1 || got[0].Key != "2026-10" {
		t.Errorf("month in New York time = %+v, want 2026-10", got)
	}
	rep = Stats(nil, time.Time{}, time.Time{}, chinaTime)
	if rep.Total.Jobs != 0 || len(rep.ByMonth) != 0 || rep.ByType == nil {
		t.Errorf("no jobs: %+v", rep)
	}
}

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
	given    = []string{"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛"}
	statuses = []string{fieldbook.JobSubmitted, fieldbook.JobFiled, fieldbook.JobReturned, fieldbook.JobCompleted}
)

// exportRows makes n jobs with Chinese names, problems and J reasons.
func exportRows(n int) []JobFacts {
	rows := make([]JobFacts, n)
	base := cst("2026-01-01 08:00")
	for i := range rows {
		created := base.Add(time.Duration(i) * 47 * time.Minute)
		name := string(surnames[i%len(surnames)]) + given[i%len(given)]
		j := JobFacts{
			JobID: fmt.Sprintf("job-%05d", i), Number: fmt.Sprintf("K7QX-%s-%03d", created.Format("20060102"), i%1000),
			Customer: name + "（杭州市滨江区" + strconv.Itoa(i%97) + "号）", Technician: "技术员" + strconv.Itoa(i%12),
			Status: statuses[i%len(statuses)], Complete: i%5 != 0, JMarked: i%11 == 0,
			CreatedAt: created, ReportedAt: &created, Returns: i % 3,
		}
		if i%2 == 0 {
			j.JobType, j.JobTypeName = "vehicle_service", vehicleName
		} else {
			j.JobType, j.JobTypeName = "it_onsite", itName
		}
		if !j.Complete {
			j.Problems = []string{"结算清单缺少财务结清章", "缺少最终检查单"}
		}
		if j.JMarked {
			j.JReasons = []string{"任务委托书的客户签字为代签，不是客户真实签字"}
		}
		cb, arr, dep, sub := created.Add(time.Duration(i%180)*time.Minute), created.Add(3*time.Hour), created.Add(4*time.Hour+25*time.Minute), created.Add(30*time.Hour)
		j.CalledBackAt, j.ArrivedAt, j.DepartedAt, j.SubmittedAt = &cb, &arr, &dep, &sub
		if j.Status == fieldbook.JobFiled {
			f := created.Add(50 * time.Hour)
			j.FiledAt, j.ArchiveNo, j.Location, j.FiledBy = &f, fmt.Sprintf("%s-%04d", created.Format("2006-01"), i%10000), "档案盒 B-"+strconv.Itoa(i%40)+" / 第 3 架", "档案员周敏"
		}
		rows[i] = j
	}
	return rows
}

func TestWriteJobsXLSX(t *testing.T) {
	const n = 10_000
	rows := exportRows(n)
	var buf bytes.Buffer
	if err := WriteJobsXLSX(&buf, rows, cst("2026-01-01 00:00"), cst("2027-01-01 00:00"), chinaTime); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d jobs: %d bytes", n, buf.Len())
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{SheetJobs, SheetStats}) {
		t.Fatalf("sheets %q", got)
	}
	// Raw values: formatting 200k cells is slow under -race; the formatted
	// dates are checked on a few cells below.
	all, err := f.GetRows(SheetJobs, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != n+1 {
		t.Fatalf("%d rows, want %d", len(all), n+1)
	}
	head := all[0]
	for i, c := range jobColumns {
		if head[i] != c.head {
			t.Errorf("header %d = %q, want %q", i, head[i], c.head)
		}
	}
	col := func(name string) int {
		i := slices.IndexFunc(jobColumns, func(c struct {
			head  string
			width float64
		}) bool {
			return c.head == name
		})
		if i < 0 {
			t.Fatalf("no column %q", name)
		}
		return i
	}
	for _, i := range []int{0, 1, 5, 11, 4321, n - 1} {
		r, j := all[i+1], rows[i]
		if r[col("工单号")] != j.Number || r[col("客户")] != j.Customer {
			t.Errorf("row %d: %q", i, r)
		}
		if r[col("作业类型")] != j.JobTypeName.ZH || r[col("技术员")] != j.Technician {
			t.Errorf("row %d: type/technician %q", i, r)
		}
		if j.JMarked != (r[col("J 标记")] == "J") || j.Complete != (r[col("是否完整")] == "是") {
			t.Errorf("row %d: J/complete %q", i, r)
		}
		if !j.Complete && r[col("缺失或问题")] != "结算清单缺少财务结清章；缺少最终检查单" {
			t.Errorf("row %d: problems %q", i, r[col("缺失或问题")])
		}
		// Dates are Excel serial days of China wall-clock time.
		if got, want := r[col("创建时间")], excelSerial(j.CreatedAt); math.Abs(parseFloat(t, got)-want) > 1e-6 {
			t.Errorf("row %d: created %s, want %v", i, got, want)
		}
		if got := r[col("现场时长（分钟）")]; got != "85" {
			t.Errorf("row %d: on site %q", i, got)
		}
		if got := r[col("退回次数")]; got != strconv.Itoa(j.Returns) {
			t.Errorf("row %d: returns %q, want %d", i, got, j.Returns)
		}
		if j.FiledAt != nil && (r[col("档案号")] != j.ArchiveNo || r[col("存放位置")] != j.Location) {
			t.Errorf("row %d: archive %q", i, r)
		}
	}
	stats, err := f.GetRows(SheetStats)
	if err != nil {
		t.Fatal(err)
	}
	text := fmt.Sprint(stats)
	for _, s := range []string{"工单与档案统计", "合计", "2026年1月", "2026年12月", "技术员0", "汽车售后", "IT 上门服务", "2 小时内回访率"} {
		if !strings.Contains(text, s) {
			t.Errorf("statistics sheet lacks %q", s)
		}
	}
	// The total row: 10000 jobs.
	// The total row: 10000 jobs, all handed in; two in three returned,
	// once or twice.
	returns := 0
	for _, j := range rows {
		returns += j.Returns
	}
	if i := slices.IndexFunc(stats, func(r []string) bool { return len(r) > 1 && r[0] == "合计" && r[1] != "工单数" }); i < 0 || stats[i][1] != "10000" {
		t.Errorf("total row not found or wrong: %v", i)
	} else if r := stats[i]; len(r) < 13 || r[10] != "6666" || r[12] != strconv.Itoa(returns) {
		t.Errorf("total row %q: want 6666 returned jobs and %d returns in columns 11 and 13", r, returns)
	}

	libreOfficeCSV(t, buf.Bytes(), n)
}

// libreOfficeCSV converts the workbook with LibreOffice, when installed, and
// checks the Chinese text and the row count of the jobs sheet. Without
// LibreOffice the excelize read-back above is the check.
func libreOfficeCSV(t *testing.T, xlsx []byte, n int) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("LibreOffice (soffice) is missing: scripts/setup test installs it for CI")
		}
		t.Log("LibreOffice not installed: checked with excelize only")
		return
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "jobs.xlsx")
	if err := os.WriteFile(in, xlsx, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "jobs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != n+1 || recs[0][0] != "工单号" || recs[0][1] != "客户" || !strings.HasPrefix(recs[1][1], "王伟（杭州市") {
		t.Fatalf("LibreOffice read %d rows; header %q; first %q", len(recs), recs[0], recs[1])
	}
	if recs[1][12] != "2026-01-01 08:00" {
		t.Errorf("LibreOffice date %q", recs[1][12])
	}
}

func parseFloat(t *testing.T, s string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return x
}

// excelSerial is t as an Excel 1900-system serial of China wall-clock time.
func excelSerial(t time.Time) float64 {
	w := t.In(chinaTime)
	wall := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, time.UTC)
	return wall.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
}

// TestWriteJobsXLSXFormatting checks the look of a small export: formatted
// dates and numbers, the frozen header, widths and the font. (On the 10k
// export these load the whole sheet, which is slow under -race.)
func TestWriteJobsXLSXFormatting(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJobsXLSX(&buf, exportRows(20), time.Time{}, time.Time{}, chinaTime); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Dates are numbers with a date format, not text.
	// 2026-01-01 08:00 is day 46023 + 1/3, shown as a date.
	if raw, _ := f.GetCellValue(SheetJobs, "M2", excelize.Options{RawCellValue: true}); math.Abs(parseFloat(t, raw)-(46023+8.0/24)) > 1e-6 {
		t.Errorf("M2 raw = %q, want the Excel date 46023.333…", raw)
	}
	for cell, want := range map[string]string{"M2": "2026-01-01 08:00", "M3": "2026-01-01 08:47", "S2": "85.0", "F2": "否", "F3": "是", "H2": "J"} {
		if got, _ := f.GetCellValue(SheetJobs, cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	// In another centre's zone the same job shows that zone's wall clock.
	buf.Reset()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteJobsXLSX(&buf, exportRows(20), time.Time{}, time.Time{}, ny); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if got, _ := g.GetCellValue(SheetJobs, "M2"); got != "2025-12-31 19:00" {
		t.Errorf("M2 in New York time = %q, want 2025-12-31 19:00", got)
	}
	if panes, err := f.GetPanes(SheetJobs); err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v %v", panes, err)
	}
	if w, _ := f.GetColWidth(SheetJobs, "G"); w != 44 {
		t.Errorf("column G width %v", w)
	}
	sid, _ := f.GetCellStyle(SheetJobs, "B2")
	if st, err := f.GetStyle(sid); err != nil || st.Font == nil || st.Font.Family != XLSXFont {
		t.Errorf("B2 font %+v %v", st, err)
	}
	if df, _ := f.GetDefaultFont(); df != XLSXFont {
		t.Errorf("default font %q", df)
	}

}

func BenchmarkXLSXExport(b *testing.B) {
	rows := exportRows(10_000)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WriteJobsXLSX(&buf, rows, time.Time{}, time.Time{}, chinaTime); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	buf.Reset()
	start := time.Now()
	if err := WriteJobsXLSX(&buf, rows, time.Time{}, time.Time{}, chinaTime); err != nil {
		b.Fatal(err)
	}
	d := time.Since(start)
	fmt.Printf("bench: xlsx_export_10k_jobs %.1f ms\n", float64(d.Microseconds())/1000)
	fmt.Printf("bench: xlsx_export_10k_jobs_bytes %d B\n", buf.Len())
}

// TestMonthBounds: where MonthBounds gives the months as intervals, each
// instant's interval is the month Stats puts it in — in zones with and
// without daylight saving, with 45-minute offsets, and with clocks that
// jump at midnight on a month's first day (Asunción, 1 October 2017).
func TestMonthBounds(t *testing.T) {
	lo, hi := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)
	for _, name := range []string{"Asia/Shanghai", "America/New_York", "Asia/Kathmandu", "America/Asuncion", "Australia/Lord_Howe"} {
		zone, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		bounds, ok := MonthBounds(lo, hi, zone, 1000)
		if !ok {
			if name == "America/Asuncion" {
				continue // months not intervals here: Stats counts job by job
			}
			t.Fatalf("%s: no month bounds", name)
		}
		if len(bounds) < 13*12+1 || !bounds[0].Equal(monthStart(lo, zone)) || !bounds[len(bounds)-1].After(hi) || bounds[len(bounds)-2].After(hi) {
			t.Fatalf("%s: %d bounds from %v to %v", name, len(bounds), bounds[0], bounds[len(bounds)-1])
		}
		month := func(x time.Time) time.Time {
			i, _ := slices.BinarySearchFunc(bounds, x, func(b, x time.Time) int { return b.Compare(x) })
			if i == len(bounds) || bounds[i].After(x) {
				i--
			}
			return bounds[i]
		}
		check := func(x time.Time) {
			if got, want := month(x), monthStart(x, zone); !got.Equal(want) {
				t.Fatalf("%s: %v (%v) in the month of %v, Stats says %v", name, x, x.In(zone), got, want)
			}
		}
		for i, b := range bounds[:len(bounds)-1] {
			check(b)
			check(b.Add(time.Nanosecond))
			if i > 0 {
				check(b.Add(-time.Nanosecond))
			}
		}
		for x := bounds[0]; x.Before(bounds[len(bounds)-1]); x = x.Add(97 * time.Minute) {
			check(x)
			if _, end := x.In(zone).ZoneBounds(); !end.IsZero() && end.Before(bounds[len(bounds)-1]) {
				check(end)
				check(end.Add(-time.Nanosecond))
			}
		}
	}
	// Too many months; no months.
	if _, ok := MonthBounds(lo, hi, chinaTime, 100); ok {
		t.Error("156 months within a limit of 100")
	}
	if b, ok := MonthBounds(hi, lo, chinaTime, 100); !ok || len(b) != 0 {
		t.Errorf("an empty range: %v %v", b, ok)
	}
}

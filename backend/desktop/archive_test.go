package desktop

import (
	"bytes"
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"fieldbook/backend/archive"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/hub"
	"fieldbook/backend/sqlite"
)

// connectAs enrols a fresh desktop as user with the hub.
func connectAs(t *testing.T, svc *hub.Service, url, user string) *Services {
	t.Helper()
	s, _ := open(t)
	code, _, err := svc.NewEnrolCode(context.Background(), user)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Sync.Connect(url, code, false); err != nil {
		t.Fatal(err)
	}
	return s
}

// finishedJob makes a job of jobType on the technician's desktop with a
// finished service record signed by staff and by the customer with
// customerKind, and submits it (anyway, when incomplete).
func finishedJob(t *testing.T, s *Services, jobType, staffRole, customer, customerKind string) fieldbook.Job {
	t.Helper()
	c, err := s.Customers.Save(fieldbook.Customer{Name: customer, Phones: []string{"13800138000"}, Addresses: []string{"北京市朝阳区建国路88号"}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.Customers.SaveAsset(fieldbook.Asset{CustomerID: c.ID, Kind: "product", Model: "惠普 LaserJet M404", Serial: "CNB3K12345"})
	if err != nil {
		t.Fatal(err)
	}
	j, err := s.Jobs.Create(fieldbook.NewJob{JobType: jobType, CustomerID: c.ID, AssetID: a.ID, Summary: "打印机卡纸"})
	if err != nil {
		t.Fatal(err)
	}
	view, err := s.Visits.Start(j.ID)
	if err != nil {
		t.Fatal(err)
	}
	v := view.Visit
	arrived, departed := time.Now().Add(-90*time.Minute), time.Now()
	v.FaultSymptoms, v.CustomerRequirement, v.WorkPerformed, v.Result = "卡纸", "当天修好", "清理搓纸轮", "已修复"
	v.ArrivedAt, v.DepartedAt = &arrived, &departed
	if _, err := s.Visits.SaveDraft(v); err != nil {
		t.Fatal(err)
	}
	for _, in := range []fieldbook.SignatureInput{
		{VisitID: v.ID, Role: fieldbook.RoleCustomer, Kind: customerKind, SignerName: "前台小刘"},
		{VisitID: v.ID, Role: staffRole, Kind: fieldbook.SignReal},
	} {
		if in.Kind != fieldbook.SignProxy {
			in.SignerName = ""
		}
		in.Strokes, in.ImageDataURL = []fieldbook.Stroke{{Points: []fieldbook.Point{{X: 1, Y: 1}}}}, pad(t)
		if _, err := s.Visits.Sign(in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Visits.Finish(v.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Jobs.Submit(j.ID, true); err != nil {
		t.Fatal(err)
	}
	return j
}

// TestClerkWorkspaceEndToEnd: a technician submits three jobs through a
// real hub over HTTP; the clerk's desktop sees them in its inbox, files
// the complete one and the proxy-signed one (marked J), cannot file the
// one lacking its checklist and returns it; the technician's desktop
// gets the return with its reason and the audit trail.
func TestClerkWorkspaceEndToEnd(t *testing.T) {
	svc, srv := testHub(t, map[string]string{"张伟": hub.RoleTechnician, "李娜": hub.RoleClerk})

	tech := connectAs(t, svc, srv.URL, "张伟")
	good := finishedJob(t, tech, "it_onsite", fieldbook.RoleTechnician, "黄晓明", fieldbook.SignReal)
	proxy := finishedJob(t, tech, "it_onsite", fieldbook.RoleTechnician, "赵敏", fieldbook.SignProxy)
	// A house inspection without its checklist: a required document is missing.
	empty := finishedJob(t, tech, "house_inspection", "inspector", "钱多多", fieldbook.SignReal)
	if _, err := tech.Sync.Now(); err != nil {
		t.Fatal(err)
	}

	clerk := connectAs(t, svc, srv.URL, "李娜")
	inbox := func(f sqlite.InboxFilter) []string {
		t.Helper()
		page, err := clerk.Archive.Inbox(f, 0, 50)
		if err != nil {
			t.Fatalf("Inbox(%+v): %v", f, err)
		}
		var ids []string
		for _, r := range page.Rows {
			ids = append(ids, r.ID)
		}
		if page.Total != len(ids) {
			t.Errorf("Inbox(%+v): total %d, %d rows", f, page.Total, len(ids))
		}
		return ids
	}
	if got := inbox(sqlite.InboxFilter{}); !slices.Equal(got, []string{empty.ID, proxy.ID, good.ID}) {
		t.Errorf("inbox = %v, want the three jobs newest first", got)
	}
	if got := inbox(sqlite.InboxFilter{J: "yes"}); !slices.Equal(got, []string{proxy.ID}) {
		t.Errorf("J-marked = %v, want the proxy-signed job", got)
	}
	if got := inbox(sqlite.InboxFilter{Complete: "no", Technician: "张伟"}); !slices.Equal(got, []string{empty.ID, proxy.ID}) {
		t.Errorf("incomplete = %v", got)
	}
	if got := inbox(sqlite.InboxFilter{Customer: "赵"}); !slices.Equal(got, []string{proxy.ID}) {
		t.Errorf("customer 赵 = %v", got)
	}
	if got := inbox(sqlite.InboxFilter{Query: good.Number}); !slices.Equal(got, []string{good.ID}) {
		t.Errorf("search %s = %v", good.Number, got)
	}
	today := time.Now().In(time.FixedZone("CST", 8*3600))
	if got := inbox(sqlite.InboxFilter{From: today.AddDate(0, 0, 1).Format("2006-01-02")}); len(got) != 0 {
		t.Errorf("submitted from tomorrow = %v", got)
	}
	if _, err := clerk.Archive.Inbox(sqlite.InboxFilter{From: "昨天"}, 0, 50); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("a bad date = %v, want invalid", err)
	}

	// The job without its service record lists exactly what is missing
	// and cannot be filed; the clerk returns it.
	st, err := clerk.Archive.Get(empty.ID)
	if err != nil || st.Fileable || len(st.Blocking) != 1 || st.Blocking[0].Code != archive.CodeMissingDocument {
		t.Fatalf("empty job: fileable %v, blocking %+v, %v", st.Fileable, st.Blocking, err)
	}
	if _, err := clerk.Archive.File(empty.ID, "B-12"); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("filing an incomplete job = %v, want invalid", err)
	}
	if _, err := clerk.Archive.Return(empty.ID, ""); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("returning without a reason = %v, want invalid", err)
	}
	if st, err = clerk.Archive.Return(empty.ID, "缺少验房检查表，请补做后重新提交"); err != nil || st.Status != fieldbook.JobReturned {
		t.Fatalf("return: %s %v", st.Status, err)
	}

	// The proxy-signed job is J; the clerk confirms and files it.
	st, err = clerk.Archive.Get(proxy.ID)
	if err != nil || !st.J.Marked || !st.Check.J || !st.Fileable {
		t.Fatalf("proxy job: J %+v, fileable %v, blocking %+v, %v", st.J, st.Fileable, st.Blocking, err)
	}
	yes := true
	if st, err = clerk.Archive.DecideJ(proxy.ID, &yes, "客户出差，由前台代签"); err != nil || st.J.Source != archive.JFromClerk {
		t.Fatalf("confirm J: %+v %v", st.J, err)
	}
	st, err = clerk.Archive.File(proxy.ID, "档案盒 B-12 / 3 号架")
	if err != nil || st.Status != fieldbook.JobFiled || st.ArchiveNo == "" || st.Location != "档案盒 B-12 / 3 号架" || st.FiledBy != "李娜" {
		t.Fatalf("file proxy job: %+v %v", st, err)
	}
	var actions []string
	for _, e := range st.Events {
		actions = append(actions, e.Action)
	}
	if !slices.Equal(actions, []string{hub.EventJMarked, hub.EventFiled}) {
		t.Errorf("audit trail = %v", actions)
	}
	goodSt, err := clerk.Archive.File(good.ID, "档案盒 B-12 / 3 号架")
	if err != nil || goodSt.ArchiveNo == "" || goodSt.ArchiveNo == st.ArchiveNo {
		t.Fatalf("file good job: %q (proxy got %q), %v", goodSt.ArchiveNo, st.ArchiveNo, err)
	}
	if _, err := clerk.Archive.Return(good.ID, "再看看"); fieldbook.ErrorCode(err) != fieldbook.ECONFLICT {
		t.Errorf("returning a filed job = %v, want conflict", err)
	}

	// The technician's next sync brings the return, its reason and the trail.
	if _, err := tech.Sync.Now(); err != nil {
		t.Fatal(err)
	}
	jv, err := tech.Jobs.Get(empty.ID)
	if err != nil || jv.Job.Status != fieldbook.JobReturned {
		t.Fatalf("technician sees %s, %v", jv.Job.Status, err)
	}
	tst, err := tech.Archive.Get(empty.ID)
	if err != nil || tst.ReturnReason != "缺少验房检查表，请补做后重新提交" || len(tst.Events) != 1 || tst.Events[0].Actor != "李娜" {
		t.Errorf("technician's archive state: %+v, %v", tst, err)
	}
	if fst, _ := tech.Archive.Get(proxy.ID); fst.Status != fieldbook.JobFiled || fst.ArchiveNo != st.ArchiveNo {
		t.Errorf("technician sees the filed job as %s %s", fst.Status, fst.ArchiveNo)
	}

	// Statistics, the workbook and the cover sheet.
	rep, err := clerk.Archive.Stats(sqlite.InboxFilter{})
	if err != nil || rep.Total.Jobs != 3 || rep.Total.J.Count != 1 || rep.Total.Incomplete.Count != 2 {
		t.Errorf("stats total = %+v, %v", rep.Total, err)
	}
	doc, err := clerk.Archive.ExportXLSX(sqlite.InboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(doc.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(archive.SheetJobs)
	if err != nil || len(rows) != 4 || rows[0][0] != "工单号" || !slices.Contains(rows[1], "钱多多") {
		t.Errorf("workbook rows = %v, %v", rows, err)
	}
	cover, err := clerk.Archive.CoverSheet(proxy.ID)
	if err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(cover.Path); err != nil || !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Errorf("cover sheet %s: %v", cover.Path, err)
	}

	// The clerk opens the signed record's PDF and the checklist's from the
	// job: files of the clerk's laptop, nothing added to the job to push.
	before, err := clerk.Sync.Status()
	if err != nil {
		t.Fatal(err)
	}
	jv, err = clerk.Jobs.Get(proxy.ID)
	if err != nil || len(jv.Visits) == 0 {
		t.Fatalf("the clerk's view of the job: %+v, %v", jv.Visits, err)
	}
	rec, err := clerk.Archive.RecordPDF(jv.Visits[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(rec.Path); err != nil || !bytes.HasPrefix(data, []byte("%PDF")) || rec.JobID != "" {
		t.Errorf("the record's PDF %+v: %v", rec, err)
	}
	if after, err := clerk.Sync.Status(); err != nil || after.Pending != before.Pending {
		t.Errorf("opening the record's PDF left %d changes to push, before %d (%v)", after.Pending, before.Pending, err)
	}
	if _, err := clerk.Archive.RecordPDF("no-such-visit"); fieldbook.ErrorCode(err) != fieldbook.ENOTFOUND {
		t.Errorf("RecordPDF of no visit = %v, want not found", err)
	}
}

package storetest

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fieldbook/backend/archive"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/hub"
	"fieldbook/backend/jobtype"
	"fieldbook/backend/protocol"
)

// submit seeds a job of alice's and submits it.
func (e *Env) submit(jobID string) {
	e.T.Helper()
	e.SeedJob(e.Alice, jobID, "alice")
	e.MustApply(e.Alice, protocol.Change{Table: "jobs", ID: jobID, BaseSeq: e.Row("north", "jobs", jobID).Seq, Fields: F("status", "submitted")})
}

// events returns the audit trail of job as alice pulls it, oldest first.
func (e *Env) events(p hub.Principal, jobID string) []map[string]json.RawMessage {
	rows, _ := e.PullAll(p, 0, 1000, 1<<20)
	var out []map[string]json.RawMessage
	for _, r := range rows {
		if r.Table == "job_events" && Text(&hub.Row{Fields: r.Fields}, "job_id") == jobID {
			out = append(out, r.Fields)
		}
	}
	return out
}

func testClerkActions(t *testing.T, e *Env) {
	ctx := e.Ctx
	e.submit("j1")
	e.submit("j2")

	// J decision and a scan's finding, then filing with a location.
	yes := true
	if _, err := e.Svc.Clerk(ctx, e.Carol, protocol.ClerkRequest{JobID: "j1", Action: protocol.ActionJDecide, JMark: &yes, JAuto: true}); err != nil {
		t.Fatalf("confirm J: %v", err)
	}
	check := archive.DocCheck{Order: 2, Signatures: []archive.Sig{{Role: "customer", Kind: fieldbook.SignReal}}, Stamps: []string{"finance_paid"}}
	if _, err := e.Svc.Clerk(ctx, e.Carol, protocol.ClerkRequest{JobID: "j1", Action: protocol.ActionDocCheck, DocKey: "settlement", DocCheck: &check}); err != nil {
		t.Fatalf("doc check: %v", err)
	}
	resp, err := e.Svc.Clerk(ctx, e.Carol, protocol.ClerkRequest{JobID: "j1", Action: protocol.ActionFile, Location: "档案盒 B-12 / 3 号架"})
	if err != nil || resp.ArchiveNo == "" {
		t.Fatalf("file: %+v %v", resp, err)
	}
	job := e.Row("north", "jobs", "j1")
	if Text(job, "status") != "filed" || Text(job, "archive_no") != resp.ArchiveNo || Text(job, "archive_location") != "档案盒 B-12 / 3 号架" ||
		Text(job, "filed_by") != "carol" || Text(job, "filed_at") == "" {
		t.Errorf("filed job fields: %s", JS(job.Fields))
	}
	var d archive.JDecision
	if err := json.Unmarshal(job.Fields["j_decision"], &d); err != nil || d.Confirmed == nil || !*d.Confirmed || d.By != "carol" {
		t.Errorf("j_decision = %s (%v)", job.Fields["j_decision"], err)
	}
	var checks map[string]archive.DocCheck
	if err := json.Unmarshal(job.Fields["doc_checks"], &checks); err != nil || checks["settlement"].Order != 2 {
		t.Errorf("doc_checks = %s (%v)", job.Fields["doc_checks"], err)
	}

	// Return with a reason: alice's device pulls it.
	aliceBase := e.Row("north", "jobs", "j2").Seq
	if _, err := e.Svc.Clerk(ctx, e.Carol, protocol.ClerkRequest{JobID: "j2", Action: protocol.ActionReturn, Reason: "结算清单缺少客户签字"}); err != nil {
		t.Fatalf("return: %v", err)
	}
	// Meanwhile, offline, alice reopened the job: her status loses to the
	// clerk's as a conflict kept for a person, not as a refusal.
	if r := e.Push(e.Alice, protocol.Change{Table: "jobs", ID: "j2", BaseSeq: aliceBase, Fields: F("status", "in_progress", "summary", "补签")}).Results[0]; r.Status != protocol.StatusConflict ||
		len(r.Conflicts) != 1 || r.Conflicts[0].Field != "status" {
		t.Errorf("technician's stale status after a return = %s, want a conflict on status", JS(r))
	}
	if job := e.Row("north", "jobs", "j2"); Text(job, "status") != "returned" || Text(job, "summary") != "补签" {
		t.Errorf("after the conflict: %s", JS(job.Fields))
	}
	rows, _ := e.PullAll(e.Alice, 0, 1000, 1<<20)
	if r := find(rows, "jobs", "j2"); r == nil || Text(&hub.Row{Fields: r.Fields}, "status") != "returned" ||
		Text(&hub.Row{Fields: r.Fields}, "return_reason") != "结算清单缺少客户签字" {
		t.Errorf("alice pulls the returned job as %+v", r)
	}

	// The audit trail: who did what, in order, readable by the technician
	// whose job it is and by nobody of another centre.
	want := []string{hub.EventJMarked, hub.EventChecked, hub.EventFiled}
	evs := e.events(e.Alice, "j1")
	if len(evs) != len(want) {
		t.Fatalf("audit trail of j1: %d events %s, want %v", len(evs), JS(evs), want)
	}
	for i, ev := range evs {
		r := &hub.Row{Fields: ev}
		if Text(r, "action") != want[i] || Text(r, "actor") != "carol" || Text(r, "at") == "" {
			t.Errorf("event %d = %s, want %s by carol", i, JS(ev), want[i])
		}
	}
	var detail map[string]string
	if err := json.Unmarshal(evs[2]["detail"], &detail); err != nil || detail["archive_no"] != resp.ArchiveNo || detail["location"] != "档案盒 B-12 / 3 号架" {
		t.Errorf("filed event detail %s (%v)", evs[2]["detail"], err)
	}
	if ret := e.events(e.Alice, "j2"); len(ret) != 1 || Text(&hub.Row{Fields: ret[0]}, "action") != hub.EventReturned {
		t.Errorf("audit trail of j2: %s", JS(ret))
	}
	if got := e.events(e.Xena, "j1"); len(got) != 0 {
		t.Errorf("another centre reads the audit trail: %s", JS(got))
	}

	// Append-only: nobody may push to the audit trail.
	evID := ""
	rows, _ = e.PullAll(e.Carol, 0, 1000, 1<<20)
	for _, r := range rows {
		if r.Table == "job_events" {
			evID = r.ID
		}
	}
	for _, p := range []hub.Principal{e.Alice, e.Carol, e.Adam} {
		for _, ch := range []protocol.Change{
			{Table: "job_events", ID: evID, BaseSeq: 1 << 40, Fields: F("action", "edited")},
			{Table: "job_events", ID: "forged", Fields: F("job_id", "j1", "action", "filed", "detail", map[string]any{}, "actor", "carol", "at", "2026-01-01T00:00:00Z")},
		} {
			if r := e.Push(p, ch).Results[0]; r.Status != protocol.StatusRejected {
				t.Errorf("%s pushing to job_events = %s, want rejected", p.User.Name, JS(r))
			}
		}
	}
}

func testClerkActionsRefused(t *testing.T, e *Env) {
	ctx := e.Ctx
	e.SeedJob(e.Alice, "open", "alice")
	e.submit("sub")
	no := false
	for _, c := range []struct {
		name  string
		p     hub.Principal
		req   protocol.ClerkRequest
		code  string
		field string
	}{
		{"technician files", e.Alice, protocol.ClerkRequest{JobID: "sub", Action: protocol.ActionFile}, protocol.EFORBIDDEN, ""},
		{"admin returns", e.Adam, protocol.ClerkRequest{JobID: "sub", Action: protocol.ActionReturn, Reason: "x"}, protocol.EFORBIDDEN, ""},
		{"file an open job", e.Carol, protocol.ClerkRequest{JobID: "open", Action: protocol.ActionFile}, fieldbook.ECONFLICT, ""},
		{"return without a reason", e.Carol, protocol.ClerkRequest{JobID: "sub", Action: protocol.ActionReturn, Reason: "  "}, fieldbook.EINVALID, "reason"},
		{"clear an automatic J without a reason", e.Carol, protocol.ClerkRequest{JobID: "sub", Action: protocol.ActionJDecide, JMark: &no, JAuto: true}, fieldbook.EINVALID, "reason"},
		{"scan check with a bad kind", e.Carol, protocol.ClerkRequest{JobID: "sub", Action: protocol.ActionDocCheck, DocKey: "settlement",
			DocCheck: &archive.DocCheck{Signatures: []archive.Sig{{Role: "customer", Kind: "scribble"}}}}, fieldbook.EINVALID, "signatures.0.kind"},
		{"unknown action", e.Carol, protocol.ClerkRequest{JobID: "sub", Action: "shred"}, fieldbook.EINVALID, "action"},
		{"unknown job", e.Carol, protocol.ClerkRequest{JobID: "nope", Action: protocol.ActionFile}, fieldbook.ENOTFOUND, ""},
		{"another centre's clerk", e.Enrol("xena"), protocol.ClerkRequest{JobID: "sub", Action: protocol.ActionFile}, protocol.EFORBIDDEN, ""},
	} {
		_, err := e.Svc.Clerk(ctx, c.p, c.req)
		if fieldbook.ErrorCode(err) != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
			continue
		}
		if c.field != "" {
			fe, _ := err.(*fieldbook.Error)
			if fe == nil || len(fe.Fields) == 0 || fe.Fields[0].Field != c.field || fe.Fields[0].ZH == "" || fe.Fields[0].EN == "" {
				t.Errorf("%s: %#v, want a bilingual message on %s", c.name, err, c.field)
			}
		}
	}
	if got := Text(e.Row("north", "jobs", "sub"), "status"); got != "submitted" {
		t.Errorf("after refused actions the job is %s", got)
	}
	if evs := e.events(e.Carol, "sub"); len(evs) != 0 {
		t.Errorf("refused actions left audit events: %s", JS(evs))
	}
	// Filed is locked: no further action.
	if _, err := e.Svc.Clerk(ctx, e.Carol, protocol.ClerkRequest{JobID: "sub", Action: protocol.ActionFile}); err != nil {
		t.Fatal(err)
	}
	yes := true
	if _, err := e.Svc.Clerk(ctx, e.Carol, protocol.ClerkRequest{JobID: "sub", Action: protocol.ActionJDecide, JMark: &yes, JAuto: true}); fieldbook.ErrorCode(err) != fieldbook.ECONFLICT {
		t.Errorf("J decision on a filed job: %v, want conflict", err)
	}
}

// testLinks: one checklist per job document — a second one started on
// another laptop is refused — and a photo's checklist and an amendment's
// revision must be on the hub, so no device is sent a row it can never apply.
func testLinks(t *testing.T, e *Env) {
	e.SeedJob(e.Alice, "j1", "alice")
	checklist := func(id string) protocol.Change {
		return protocol.Change{Table: "checklists", ID: id, Fields: F("job_id", "j1", "document_key", "acceptance", "template_key", "site_acceptance",
			"template_version", 1, "answers", map[string]any{}, "status", "draft", "signed", 0)}
	}
	e.MustApply(e.Alice, checklist("cl1"))
	if r := e.Push(e.Alice2, checklist("cl2")).Results[0]; r.Status != protocol.StatusRejected || r.Reason.Code != protocol.EDUPLICATE {
		t.Errorf("a second checklist of the same document = %s, want a duplicate rejection", JS(r))
	}
	sha := e.Upload(e.Alice, append(slices.Clone(PNG), "墙面"...))
	photo := func(id, checklist string) protocol.Change {
		return protocol.Change{Table: "attachments", ID: id, Fields: F("job_id", "j1", "checklist_id", checklist, "item_key", "walls",
			"name", "墙面.png", "mime", "image/png", "size", 10, "sha256", sha)}
	}
	if r := e.Push(e.Alice2, photo("a2", "cl2")).Results[0]; r.Status != protocol.StatusRejected || r.Reason.Code != fieldbook.ENOTFOUND {
		t.Errorf("a photo of a checklist the hub lacks = %s, want rejected", JS(r))
	}
	e.MustApply(e.Alice, photo("a1", "cl1"))
	amendment := protocol.Change{Table: "visits", ID: "v2", Fields: F("job_id", "j1", "revision", 2, "supersedes", "v-refused",
		"status", "draft", "content", map[string]any{}, "signed", 0)}
	if r := e.Push(e.Alice, amendment).Results[0]; r.Status != protocol.StatusRejected || r.Reason.Code != fieldbook.ENOTFOUND {
		t.Errorf("an amendment of a revision the hub lacks = %s, want rejected", JS(r))
	}
}

// testPartialNewRow: an edit of a row the hub refused (so the hub has no
// row) carries only the edited fields; it is refused too, not stored as a
// row no device could hold.
func testPartialNewRow(t *testing.T, e *Env) {
	e.SeedJob(e.Alice, "j1", "alice")
	r := e.Push(e.Alice, protocol.Change{Table: "jobs", ID: "ghost", BaseSeq: 0, Fields: F("summary", "改了摘要")}).Results[0]
	if r.Status != protocol.StatusRejected || r.Reason.Code != fieldbook.ENOTFOUND || !strings.Contains(r.Reason.MessageEN, "number") {
		t.Errorf("a part of a new job = %s, want refused naming the missing fields", JS(r))
	}
	if e.Row("north", "jobs", "ghost") != nil {
		t.Errorf("the hub stored a part of a job")
	}
}

// testCentreArchiveFormat: a centre's own archive number format applies to
// its filings; another centre keeps the hub's default.
func testCentreArchiveFormat(t *testing.T, e *Env) {
	if err := e.Svc.SetArchiveFormat(e.Ctx, "north", "SH-YYYYMM-NNNNN"); err != nil {
		t.Fatal(err)
	}
	if err := e.Svc.SetArchiveFormat(e.Ctx, "north", "YYYY-[MM"); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("an invalid format = %v, want invalid", err)
	}
	e.submit("j1")
	resp, err := e.Svc.Clerk(e.Ctx, e.Carol, protocol.ClerkRequest{JobID: "j1", Action: protocol.ActionFile})
	if err != nil || !regexp.MustCompile(`^SH-\d{6}-00001$`).MatchString(resp.ArchiveNo) {
		t.Errorf("north files as %q (%v), want SH-YYYYMM-00001", resp.ArchiveNo, err)
	}
	if err := e.Svc.AddUser(e.Ctx, "sam", hub.RoleClerk, "south"); err != nil {
		t.Fatal(err)
	}
	sam := e.Enrol("sam")
	e.SeedJob(e.Xena, "s1", "xena")
	e.MustApply(e.Xena, protocol.Change{Table: "jobs", ID: "s1", BaseSeq: e.Row("south", "jobs", "s1").Seq, Fields: F("status", "submitted")})
	resp, err = e.Svc.Clerk(e.Ctx, sam, protocol.ClerkRequest{JobID: "s1", Action: protocol.ActionFile})
	if err != nil || !regexp.MustCompile(`^\d{4}-\d{2}-0001$`).MatchString(resp.ArchiveNo) {
		t.Errorf("south files as %q (%v), want the default YYYY-MM-0001", resp.ArchiveNo, err)
	}
}

// testChecklistAnswers: the hub holds a checklist's answers to what the app
// stores — the acceptance form's heading and its free 存在问题 are taken, a
// date that is none, an over-long heading, a list of too many lines and an
// answer to no item of the template are refused on their field; an
// unfinished fail (no note yet) is a draft, taken.
func testChecklistAnswers(t *testing.T, e *Env) {
	e.SeedJob(e.Alice, "j1", "alice")
	good := map[string]any{
		"project_name": map[string]any{"text": "幸福里 3 号楼精装修"}, "contracted_items": map[string]any{"text": "室内装修"},
		"contractor": map[string]any{"text": "安居装饰工程有限公司"}, "client": map[string]any{"text": "李明"},
		"accepted_on": map[string]any{"text": "2026-12-07"}, "walls": map[string]any{"result": "fail"},
		"problems": map[string]any{"text": "总闸无电盒。\n楼梯中段第三台阶断裂。\n水表未接。"},
	}
	e.MustApply(e.Alice, protocol.Change{Table: "checklists", ID: "cl1", Fields: F("job_id", "j1", "document_key", "acceptance",
		"template_key", "site_acceptance", "template_version", 2, "answers", good, "status", "draft", "signed", 0)})
	for _, tt := range []struct {
		name   string
		answer map[string]any
		field  string
	}{
		{"date", map[string]any{"accepted_on": map[string]any{"text": "2026-12-32"}}, "answers.accepted_on.text"},
		{"long heading", map[string]any{"client": map[string]any{"text": strings.Repeat("李", jobtype.MaxAnswerRunes+1)}}, "answers.client.text"},
		{"list lines", map[string]any{"problems": map[string]any{"text": strings.Repeat("裂\n", jobtype.MaxListLines+1)}}, "answers.problems.text"},
		{"no such item", map[string]any{"roof": map[string]any{"result": "pass"}}, "answers.roof"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			answers := maps.Clone(good)
			maps.Copy(answers, tt.answer)
			r := e.Push(e.Alice, protocol.Change{Table: "checklists", ID: "cl1", BaseSeq: e.Row("north", "checklists", "cl1").Seq,
				Fields: F("answers", answers)}).Results[0]
			if r.Status != protocol.StatusRejected || r.Reason == nil || r.Reason.Rule != hub.RuleContent ||
				!slices.ContainsFunc(r.Reason.Fields, func(f fieldbook.FieldError) bool { return f.Field == tt.field }) {
				t.Errorf("push %s = %s, want refused on %s", tt.name, JS(r), tt.field)
			}
		})
	}
	var stored map[string]jobtype.Answer
	if err := json.Unmarshal(e.Row("north", "checklists", "cl1").Fields["answers"], &stored); err != nil {
		t.Fatal(err)
	}
	if stored["accepted_on"].Text != "2026-12-07" || len(jobtype.ListLines(stored["problems"].Text)) != 3 {
		t.Errorf("stored answers %+v", stored)
	}
}

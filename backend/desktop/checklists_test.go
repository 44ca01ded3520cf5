package desktop

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

// TestChecklistPDFEndToEnd: a site acceptance filled through the bound
// structs — two failures with notes and photos, both parties sign — gives a
// PDF kept with the job; an import with errors changes nothing.
func TestChecklistPDFEndToEnd(t *testing.T) {
	s, _ := open(t)
	c, err := s.Customers.Save(fieldbook.Customer{Name: "周建华", Phones: []string{"13905718888"}, Addresses: []string{"杭州市西湖区云栖小镇12号"}})
	if err != nil {
		t.Fatal(err)
	}
	j, err := s.Jobs.Create(fieldbook.NewJob{JobType: "site_acceptance", CustomerID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	jv, err := s.Jobs.Get(j.ID)
	if err != nil || len(jv.DocumentSet) != 2 || jv.DocumentSet[0].Key != "acceptance" || jv.DocumentSet[0].Form != "checklist" {
		t.Fatalf("document set = %+v, %v", jv.DocumentSet, err)
	}
	v, err := s.Checklists.Start(j.ID, "acceptance")
	if err != nil {
		t.Fatal(err)
	}
	answers := map[string]jobtype.Answer{}
	for _, g := range v.Template.Groups {
		for _, it := range g.Items {
			switch it.Kind {
			case jobtype.KindPassFail:
				answers[it.Key] = jobtype.Answer{Result: "pass"}
			case jobtype.KindDate:
				answers[it.Key] = jobtype.Answer{Text: "2026-12-07"}
			case jobtype.KindText:
				answers[it.Key] = jobtype.Answer{Text: it.Label.ZH + "（示例）"}
			}
		}
	}
	answers["floor_tiles"] = jobtype.Answer{Result: "fail", Note: "客厅东南角两块地砖空鼓"}
	answers["shower"] = jobtype.Answer{Result: "fail", Note: "淋浴间挡水条处渗水"}
	if _, err := s.Checklists.SetAnswers(v.Checklist.ID, answers); err != nil {
		t.Fatal(err)
	}
	for _, item := range []string{"floor_tiles", "shower"} {
		if _, err := s.Checklists.Attach(fieldbook.AttachmentInput{JobID: j.ID, ChecklistID: v.Checklist.ID, ItemKey: item, Name: item + ".png", DataURL: pad(t)}); err != nil {
			t.Fatal(err)
		}
	}
	for _, role := range []string{fieldbook.RolePartyA, fieldbook.RolePartyB} {
		if _, err := s.Checklists.Sign(fieldbook.SignatureInput{ChecklistID: v.Checklist.ID, Role: role, Kind: "real",
			Strokes: []fieldbook.Stroke{{Points: []fieldbook.Point{{X: 1, Y: 1}}}}, ImageDataURL: pad(t)}); err != nil {
			t.Fatal(err)
		}
	}
	if v, err = s.Checklists.Finish(v.Checklist.ID); err != nil || len(v.Problems) != 2 {
		t.Fatalf("finish: %v, problems %d", err, len(v.Problems))
	}
	doc, err := s.Checklists.PDF(v.Checklist.ID)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(doc.Path)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF")) || !strings.Contains(doc.Path, "工程施工现场验收单") {
		t.Fatalf("checklist PDF %s: %d bytes, %v", doc.Path, len(data), err)
	}

	// A template import with errors stores nothing and says where.
	before, err := s.Templates.Export()
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(before, `"kind": "pass_fail"`, `"kind": "passfail"`, 1)
	_, err = s.Templates.Import(bad)
	p := fieldbook.ToPayload(err)
	if p.Code != fieldbook.EINVALID || len(p.Fields) == 0 || !strings.Contains(p.Fields[0].ZH, "行") {
		t.Fatalf("import with an error = %+v", p)
	}
	if after, _ := s.Templates.Export(); after != before {
		t.Error("a refused import changed the stored job types or templates")
	}
	if res, err := s.Templates.Import(before); err != nil || res.JobTypes == 0 {
		t.Errorf("re-importing the export = %+v, %v", res, err)
	}
}

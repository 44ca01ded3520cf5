package sqlite

import (
	"bytes"
	"context"
	"encoding/base64"
	"image"
	"image/color"
	"image/jpeg"
	"strings"
	"testing"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

// photo makes a JPEG data URL of w×h pixels.
func photo(tb testing.TB, w, h int) string {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		for y := 0; y < h; y++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		tb.Fatal(err)
	}
	return "data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(b.Bytes())
}

func acceptanceJob(tb testing.TB, d *DB) fieldbook.Job {
	tb.Helper()
	ctx := context.Background()
	c, err := d.SaveCustomer(ctx, fieldbook.Customer{Name: "刘德明", Phones: []string{"13500001234"}, Addresses: []string{"杭州市西湖区文三路478号"}})
	if err != nil {
		tb.Fatal(err)
	}
	j, err := d.CreateJob(ctx, fieldbook.NewJob{JobType: "site_acceptance", CustomerID: c.ID, Summary: "新房装修验收"})
	if err != nil {
		tb.Fatal(err)
	}
	return j
}

func TestAcceptanceChecklist(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	j := acceptanceJob(t, d)
	if _, err := d.StartChecklist(ctx, j.ID, "confirmation"); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("StartChecklist on a service-record document = %v, want invalid", err)
	}
	v, err := d.StartChecklist(ctx, j.ID, "acceptance")
	if err != nil {
		t.Fatal(err)
	}
	if v.Total != 12 || v.Done != 0 || v.Template.Version != 2 || v.Document.Name.ZH == "" {
		t.Fatalf("new checklist = %d/%d, template v%d, doc %+v", v.Done, v.Total, v.Template.Version, v.Document)
	}
	again, _ := d.StartChecklist(ctx, j.ID, "acceptance")
	if again.Checklist.ID != v.Checklist.ID {
		t.Error("StartChecklist made a second checklist for the same document")
	}
	id := v.Checklist.ID
	// The form's heading and a problem that belongs to no item.
	answers := map[string]jobtype.Answer{
		"project_name": {Text: "幸福里 3 号楼 1202 室精装修"}, "contracted_items": {Text: "室内精装修"},
		"contractor": {Text: "安居装饰"}, "client": {Text: "王丽"}, "accepted_on": {Text: "2026-12-07"},
		"problems": {Text: "楼梯中段第三台阶断裂。"},
	}
	for _, g := range v.Template.Groups {
		for _, it := range g.Items {
			if it.Kind == jobtype.KindPassFail {
				answers[it.Key] = jobtype.Answer{Result: jobtype.ResultPass}
			}
		}
	}
	answers["floor_tiles"] = jobtype.Answer{Result: jobtype.ResultFail} // no note yet
	answers["shower"] = jobtype.Answer{Result: jobtype.ResultFail, Note: "淋浴房玻璃门关不严"}
	res, err := d.SetAnswers(ctx, id, answers)
	if err != nil {
		t.Fatal(err)
	}
	if res.Done != 12 || len(res.Problems) != 3 || !res.Problems[2].Free || !hasField(res.Issues, "answers.floor_tiles.note") {
		t.Fatalf("after answering: %d/%d, problems %d, issues %+v", res.Done, res.Total, len(res.Problems), res.Issues)
	}
	if _, err := d.SetAnswers(ctx, id, map[string]jobtype.Answer{"nope": {Result: "pass"}}); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("an answer to no item = %v, want invalid", err)
	}
	// A date that is none is refused on its field (the hub would refuse it
	// too); the stored date stays and the other answer is stored.
	res, err = d.SetAnswers(ctx, id, map[string]jobtype.Answer{"accepted_on": {Text: "2026-12-32"}, "client": {Text: "王丽、张强"}})
	if err != nil || !hasField(res.Refused, "answers.accepted_on.text") || len(res.Refused) != 1 {
		t.Fatalf("a bad date: refused %+v, %v", res.Refused, err)
	}
	if v, _ := d.Checklist(ctx, id); v.Checklist.Answers["accepted_on"].Text != "2026-12-07" || v.Checklist.Answers["client"].Text != "王丽、张强" {
		t.Fatalf("after a refused date: %+v", v.Checklist.Answers)
	}
	sign := func(role string) error {
		_, err := d.SignChecklist(ctx, fieldbook.SignatureInput{ChecklistID: id, Role: role, Kind: fieldbook.SignReal, Strokes: strokes, ImageDataURL: signaturePNG(t)})
		return err
	}
	if err := sign(fieldbook.RolePartyA); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Fatalf("signing with a fail lacking its note = %v, want invalid", err)
	}
	// The note and a photo of the floor tiles: they appear in 存在问题.
	if _, err := d.SetAnswers(ctx, id, map[string]jobtype.Answer{"floor_tiles": {Result: jobtype.ResultFail, Note: "客厅地砖两处空鼓"}}); err != nil {
		t.Fatal(err)
	}
	att, err := d.AddAttachment(ctx, fieldbook.AttachmentInput{JobID: j.ID, ChecklistID: id, ItemKey: "floor_tiles", Name: "空鼓.jpg", DataURL: photo(t, 800, 600)})
	if err != nil {
		t.Fatal(err)
	}
	if att.MIME != "image/jpeg" || !strings.HasPrefix(att.ThumbDataURL, "data:image/jpeg;base64,") || len(att.SHA256) != 64 {
		t.Errorf("attachment = %+v", att)
	}
	orig, _, _ := d.Blob(ctx, att.SHA256)
	if want, _ := base64.StdEncoding.DecodeString(strings.SplitN(photo(t, 800, 600), ",", 2)[1]); !bytes.Equal(orig, want) {
		t.Error("the original photo was not kept byte for byte")
	}
	v, _ = d.Checklist(ctx, id)
	if len(v.Problems) != 3 || v.Problems[0].ItemKey != "floor_tiles" || len(v.Problems[0].Photos) != 1 || len(v.Attachments) != 1 {
		t.Fatalf("problems = %+v, attachments %d", v.Problems, len(v.Attachments))
	}
	if !strings.Contains(v.Problems[0].Summary.ZH, "客厅地砖两处空鼓") {
		t.Errorf("problem summary = %q", v.Problems[0].Summary.ZH)
	}
	if err := sign(fieldbook.RoleCustomer); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("signing as a role the document does not need = %v", err)
	}
	if _, err := d.FinishChecklist(ctx, id); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("finishing unsigned = %v", err)
	}
	if err := sign(fieldbook.RolePartyA); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("signing while the shower's failure has no photo = %v, want invalid", err)
	}
	if _, err := d.AddAttachment(ctx, fieldbook.AttachmentInput{JobID: j.ID, ChecklistID: id, ItemKey: "shower", Name: "淋浴房.jpg", DataURL: photo(t, 300, 400)}); err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{fieldbook.RolePartyA, fieldbook.RolePartyB} {
		if err := sign(role); err != nil {
			t.Fatalf("sign %s: %v", role, err)
		}
	}
	v, err = d.FinishChecklist(ctx, id)
	if err != nil || v.Checklist.Status != "finished" || !v.Locked || len(v.Signatures) != 2 {
		t.Fatalf("finish = %+v, %v", v.Checklist, err)
	}
	// Signed: the store and the database refuse changes; verification holds
	// until someone tampers with the answers behind the app's back.
	if _, err := d.SetAnswers(ctx, id, map[string]jobtype.Answer{"walls": {Result: "fail", Note: "x"}}); fieldbook.ErrorCode(err) != fieldbook.ECONFLICT {
		t.Errorf("SetAnswers on a signed checklist = %v, want conflict", err)
	}
	if _, err := d.db.ExecContext(ctx, `UPDATE checklists SET answers = '{}' WHERE id = ?`, id); err == nil {
		t.Error("a direct UPDATE of signed answers succeeded")
	}
	if ver, err := d.VerifyChecklist(ctx, id); err != nil || !ver.OK {
		t.Errorf("Verify = %+v, %v", ver, err)
	}
	for _, q := range []string{`DROP TRIGGER checklists_signed_immutable`,
		`UPDATE checklists SET answers = json_set(answers, '$.shower.result', 'pass') WHERE id = '` + id + `'`} {
		if _, err := d.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if ver, _ := d.VerifyChecklist(ctx, id); ver.OK {
		t.Error("tampered answers verify as OK")
	}
}

func TestAttachmentErrors(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	j := acceptanceJob(t, d)
	gif := "data:image/gif;base64," + base64.StdEncoding.EncodeToString([]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"))
	big := "data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(append([]byte{0xff, 0xd8, 0xff}, make([]byte, MaxAttachmentBytes+10)...))
	broken := "data:image/jpeg;base64," + base64.StdEncoding.EncodeToString([]byte{0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0})
	for name, url := range map[string]string{"unsupported type": gif, "too large": big, "damaged": broken, "not a data URL": "hello"} {
		_, err := d.AddAttachment(ctx, fieldbook.AttachmentInput{JobID: j.ID, Name: "x", DataURL: url})
		p := fieldbook.ToPayload(err)
		if p.Code != fieldbook.EINVALID || len(p.Fields) != 1 || p.Fields[0].ZH == "" || p.Fields[0].EN == "" {
			t.Errorf("%s: %+v", name, p)
		}
	}
	pdf := "data:application/pdf;base64," + base64.StdEncoding.EncodeToString([]byte("%PDF-1.4\n% scan\n"))
	a, err := d.AddAttachment(ctx, fieldbook.AttachmentInput{JobID: j.ID, Name: "结算清单.pdf", DataURL: pdf})
	if err != nil || a.MIME != "application/pdf" || a.ThumbDataURL != "" {
		t.Errorf("PDF scan = %+v, %v", a, err)
	}
	if list, _ := d.Attachments(ctx, j.ID); len(list) != 1 {
		t.Errorf("attachments = %d, want 1", len(list))
	}
}

func TestHouseInspection240Items(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	c, _ := d.SaveCustomer(ctx, fieldbook.Customer{Name: "业主", Phones: []string{"13600001111"}})
	j, err := d.CreateJob(ctx, fieldbook.NewJob{JobType: "house_inspection", CustomerID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	v, err := d.StartChecklist(ctx, j.ID, "inspection")
	if err != nil {
		t.Fatal(err)
	}
	if v.Total != 240 {
		t.Fatalf("house inspection has %d items, want 240", v.Total)
	}
	answers := fullAnswers(v.Template)
	res, err := d.SetAnswers(ctx, v.Checklist.ID, answers)
	if err != nil || res.Done != 240 {
		t.Fatalf("after answering every item: %d/%d, %v, issues %v", res.Done, res.Total, err, res.Issues)
	}
}

// fullAnswers answers every item of t acceptably: pass, a number within the
// limits, a text.
func fullAnswers(t jobtype.Template) map[string]jobtype.Answer {
	answers := map[string]jobtype.Answer{}
	for _, g := range t.Groups {
		for _, it := range g.Items {
			switch it.Kind {
			case jobtype.KindNumber:
				x := 0.0
				if it.Min != nil {
					x = *it.Min
				}
				answers[it.Key] = jobtype.Answer{Result: jobtype.ResultPass, Number: &x}
			case jobtype.KindText:
				answers[it.Key] = jobtype.Answer{Text: "正常"}
			case jobtype.KindPhoto:
				answers[it.Key] = jobtype.Answer{Result: jobtype.ResultNA}
			default:
				answers[it.Key] = jobtype.Answer{Result: jobtype.ResultPass}
			}
		}
	}
	return answers
}

// An answer over a free text's limit is refused on its field in Chinese and
// English; the item keeps what was stored and the other items are stored.
func TestChecklistAnswerOverALimit(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	v, err := d.StartChecklist(ctx, acceptanceJob(t, d).ID, "acceptance")
	if err != nil {
		t.Fatal(err)
	}
	id := v.Checklist.ID
	if _, err := d.SetAnswers(ctx, id, map[string]jobtype.Answer{"shower": {Result: jobtype.ResultFail, Note: "玻璃门关不严"}}); err != nil {
		t.Fatal(err)
	}
	res, err := d.SetAnswers(ctx, id, map[string]jobtype.Answer{
		"shower":      {Result: jobtype.ResultFail, Note: strings.Repeat("门", fieldbook.MaxTextRunes+1)},
		"floor_tiles": {Result: jobtype.ResultPass},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Refused) != 1 || res.Refused[0].Field != "answers.shower.note" || !strings.Contains(res.Refused[0].ZH, "4000") || !strings.Contains(res.Refused[0].EN, "4000") {
		t.Fatalf("refused %+v, want the shower's note, in Chinese and English", res.Refused)
	}
	got, err := d.Checklist(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if a := got.Checklist.Answers["shower"]; a.Note != "玻璃门关不严" {
		t.Errorf("the refused item holds %q, want its stored note", a.Note)
	}
	if a := got.Checklist.Answers["floor_tiles"]; a.Result != jobtype.ResultPass {
		t.Errorf("the other item = %+v, want stored", a)
	}
	at := strings.Repeat("门", fieldbook.MaxTextRunes)
	if res, err := d.SetAnswers(ctx, id, map[string]jobtype.Answer{"shower": {Result: jobtype.ResultFail, Note: at}}); err != nil || len(res.Refused) != 0 {
		t.Errorf("a note at the limit: refused %+v, %v", res.Refused, err)
	}
}

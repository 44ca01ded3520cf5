package sqlite

import (
	"bytes"
	"context"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
)

// signaturePNG draws a small scribble and returns it as a data URL.
func signaturePNG(tb testing.TB) string {
	tb.Helper()
	img := image.NewGray(image.Rect(0, 0, 120, 40))
	for x := 0; x < 120; x++ {
		img.SetGray(x, 20+int(10*float64(x%20)/20), color.Gray{Y: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		tb.Fatal(err)
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Bytes())
}

var strokes = []fieldbook.Stroke{{Points: []fieldbook.Point{{X: 1, Y: 2, T: 0}, {X: 30, Y: 12, T: 40}}}}

// newJob makes a customer with a printer and a job on it.
func newJob(tb testing.TB, d *DB, name, phone string) (fieldbook.Customer, fieldbook.Asset, fieldbook.Job) {
	tb.Helper()
	ctx := context.Background()
	c, err := d.SaveCustomer(ctx, fieldbook.Customer{Name: name, Company: "上海华东精密机械有限公司",
		Phones: []string{phone}, Addresses: []string{"上海市浦东新区张江路88弄3号楼1202室"}})
	if err != nil {
		tb.Fatal(err)
	}
	a, err := d.SaveAsset(ctx, fieldbook.Asset{CustomerID: c.ID, Kind: fieldbook.AssetProduct, Model: "HP LaserJet M404dn",
		Serial: "cnb1x2y3z", PurchaseDate: "2025-06-01", WarrantyMonths: 24})
	if err != nil {
		tb.Fatal(err)
	}
	j, err := d.CreateJob(ctx, fieldbook.NewJob{JobType: "it_onsite", CustomerID: c.ID, AssetID: a.ID, AssignedTo: "张伟", Summary: "打印机卡纸"})
	if err != nil {
		tb.Fatal(err)
	}
	return c, a, j
}

// fill completes every required field of a draft.
func fill(v fieldbook.Visit, now time.Time) fieldbook.Visit {
	arrived, departed := now.Add(-2*time.Hour), now.Add(-30*time.Minute)
	v.FaultSymptoms = "打印机卡纸，打印有横纹"
	v.CustomerRequirement = "尽快修复，今天要打印合同"
	v.Diagnosis = "搓纸轮磨损，定影组件脏污"
	v.WorkPerformed = "更换搓纸轮，清洁定影组件，测试打印 20 页"
	v.Result = "已修复，打印正常"
	v.ArrivedAt, v.DepartedAt = &arrived, &departed
	v.Parts = []fieldbook.PartLine{{CatalogueNo: "RM1-8808", Name: "搓纸轮", Qty: 1, UnitPriceFen: 8500}}
	v.Labour = []fieldbook.LabourLine{{Description: "上门维修", Minutes: 90, RateFen: 12000}}
	v.PaymentMethod, v.OldParts, v.Satisfaction = "wechat", "returned_to_customer", 5
	return v
}

// filledVisit starts job's visit and saves it filled in (fill).
func filledVisit(tb testing.TB, d *DB, jobID string) fieldbook.VisitView {
	tb.Helper()
	ctx := context.Background()
	view, err := d.StartVisit(ctx, jobID)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := d.SaveVisitDraft(ctx, fill(view.Visit, d.Now())); err != nil {
		tb.Fatal(err)
	}
	return view
}

func TestVisitLifecycle(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	_, _, j := newJob(t, d, "王芳", "13812345678")
	if !strings.HasPrefix(j.Number, d.DeviceCode()+"-") || j.Status != fieldbook.JobDraft {
		t.Fatalf("job = %+v, want number starting with the device code, status draft", j)
	}
	view, err := d.StartVisit(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	v := view.Visit
	if v.Customer.Name != "王芳" || v.Customer.Phone != "13812345678" || v.Asset.Serial != "CNB1X2Y3Z" || v.Asset.Warranty != fieldbook.WarrantyIn {
		t.Errorf("new visit snapshot = %+v / %+v", v.Customer, v.Asset)
	}
	if v.RegistrationNo != j.Number+"-1" {
		t.Errorf("RegistrationNo = %q, want %q", v.RegistrationNo, j.Number+"-1")
	}
	if v.FaultSymptoms != j.Summary || j.Summary == "" {
		t.Errorf("the first visit's 故障现象 = %q, want the job's summary %q", v.FaultSymptoms, j.Summary)
	}
	if len(view.Issues) == 0 {
		t.Error("an empty draft has no issues")
	}
	again, err := d.StartVisit(ctx, j.ID)
	if err != nil || again.Visit.ID != v.ID {
		t.Errorf("StartVisit again = %s, %v, want the same draft %s", again.Visit.ID, err, v.ID)
	}

	// A draft may be incomplete; signing it is refused with field messages.
	v.FaultSymptoms = "打印机卡纸"
	if _, err := d.SaveVisitDraft(ctx, v); err != nil {
		t.Fatalf("save incomplete draft: %v", err)
	}
	_, err = d.Sign(ctx, fieldbook.SignatureInput{VisitID: v.ID, Role: fieldbook.RoleCustomer, Kind: fieldbook.SignReal, Strokes: strokes, ImageDataURL: signaturePNG(t)})
	if p := fieldbook.ToPayload(err); p.Code != fieldbook.EINVALID || !hasField(p.Fields, "work_performed") {
		t.Fatalf("Sign(incomplete) = %+v, want invalid with work_performed", p)
	}

	v = fill(v, d.Now())
	res, err := d.SaveVisitDraft(ctx, v)
	if err != nil || len(res.Issues) != 0 {
		t.Fatalf("save complete draft = %+v, %v", res, err)
	}
	if want := int64(8500 + 18000); res.Totals.TotalFen != want {
		t.Errorf("total = %d fen, want %d", res.Totals.TotalFen, want)
	}
	// Finishing before the signatures are there names the missing ones.
	_, err = d.FinishVisit(ctx, v.ID)
	if p := fieldbook.ToPayload(err); !hasField(p.Fields, "signatures.customer") || !hasField(p.Fields, "signatures.technician") {
		t.Errorf("Finish unsigned = %+v, want both signatures missing", p)
	}
	// The technician's own signature is never nameless: without a profile
	// and a name it is refused; with one it carries the profile's name and
	// employee number, whatever was typed.
	_, err = d.Sign(ctx, fieldbook.SignatureInput{VisitID: v.ID, Role: fieldbook.RoleTechnician, Kind: fieldbook.SignReal, Strokes: strokes, ImageDataURL: signaturePNG(t)})
	if p := fieldbook.ToPayload(err); !hasField(p.Fields, "signer_name") {
		t.Errorf("a nameless technician signature = %+v, want signer_name refused", p)
	}
	st, _ := d.Settings(ctx)
	st.Technician = fieldbook.Technician{Name: "张伟", EmployeeNo: "FW-0107"}
	if _, err := d.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{fieldbook.RoleCustomer, fieldbook.RoleTechnician} {
		if _, err := d.Sign(ctx, fieldbook.SignatureInput{VisitID: v.ID, Role: role, Kind: fieldbook.SignReal, SignerName: "别人", Strokes: strokes, ImageDataURL: signaturePNG(t)}); err != nil {
			t.Fatalf("Sign(%s): %v", role, err)
		}
	}
	view, err = d.FinishVisit(ctx, v.ID)
	if err != nil || !view.Locked || view.Visit.Status != fieldbook.VisitFinished || view.Job.Status != fieldbook.JobCompleted {
		t.Fatalf("Finish = locked %v status %s job %s, %v", view.Locked, view.Visit.Status, view.Job.Status, err)
	}
	if len(view.Signatures) != 2 || !strings.HasPrefix(view.Signatures[0].ImageDataURL, "data:image/png;base64,") {
		t.Errorf("signatures = %d, first image %.30q", len(view.Signatures), view.Signatures[0].ImageDataURL)
	}
	for _, s := range view.Signatures {
		want := map[string]string{fieldbook.RoleCustomer: "别人", fieldbook.RoleTechnician: "张伟（工号 FW-0107）"}[s.Role]
		if s.SignerName != want {
			t.Errorf("%s signed as %q, want %q", s.Role, s.SignerName, want)
		}
	}

	// Signed content is refused by the store, and by the database itself.
	v.Result = "改过的结果"
	if _, err := d.SaveVisitDraft(ctx, v); fieldbook.ErrorCode(err) != fieldbook.ECONFLICT {
		t.Errorf("SaveVisitDraft(signed) = %v, want conflict", err)
	}
	if _, err := d.db.ExecContext(ctx, `UPDATE visits SET content = json_set(content, '$.result', 'x') WHERE id = ?`, v.ID); err == nil {
		t.Error("a direct UPDATE of signed content succeeded")
	}
	if _, err := d.db.ExecContext(ctx, `UPDATE signatures SET content_hash = 'x'`); err == nil {
		t.Error("a direct UPDATE of a signature succeeded")
	}

	// An amendment needs its reason, in Chinese and English on its field.
	for _, reason := range []string{"", "   ", strings.Repeat("改", fieldbook.MaxTextRunes+1)} {
		_, err := d.AmendVisit(ctx, v.ID, reason)
		p := fieldbook.ToPayload(err)
		if p.Code != fieldbook.EINVALID || len(p.Fields) != 1 || p.Fields[0].Field != "amend_reason" || p.Fields[0].ZH == "" || p.Fields[0].EN == "" {
			t.Fatalf("AmendVisit(reason %d characters) = %+v", len(reason), p)
		}
	}
	// An amendment is a new revision; the signed one is kept unchanged.
	am, err := d.AmendVisit(ctx, v.ID, " 客户补充：硒鼓也已更换 ")
	if err != nil {
		t.Fatal(err)
	}
	if am.Visit.AmendReason != "客户补充：硒鼓也已更换" {
		t.Errorf("the amendment's reason = %q", am.Visit.AmendReason)
	}
	// A form that clears the reason keeps the stored one, and says so on its field.
	cleared := am.Visit
	cleared.AmendReason = ""
	if res, err := d.SaveVisitDraft(ctx, cleared); err != nil || len(res.Refused) != 1 || res.Refused[0].Field != "amend_reason" || res.Visit.AmendReason != "客户补充：硒鼓也已更换" {
		t.Errorf("clearing the reason: refused %+v, %v", res.Refused, err)
	}
	if am.Visit.Revision != 2 || am.Visit.Supersedes != v.ID || am.Locked || len(am.Signatures) != 0 || len(am.Revisions) != 2 {
		t.Fatalf("amendment = rev %d supersedes %s locked %v sigs %d revisions %d", am.Visit.Revision, am.Visit.Supersedes, am.Locked, len(am.Signatures), len(am.Revisions))
	}
	am.Visit.Result = "已修复，打印正常；补充：更换硒鼓"
	if _, err := d.SaveVisitDraft(ctx, am.Visit); err != nil {
		t.Fatalf("edit amendment: %v", err)
	}
	// The job lists the revisions with the amendment's reason and what it changed.
	jv, err := d.Job(ctx, am.Visit.JobID)
	if err != nil || len(jv.Visits) != 2 {
		t.Fatalf("job revisions = %+v, %v", jv.Visits, err)
	}
	if r2 := jv.Visits[1]; r2.AmendReason != "客户补充：硒鼓也已更换" || len(r2.Changes) != 1 || r2.Changes[0].Field != "result" ||
		r2.Changes[0].Old != "已修复，打印正常" || r2.Changes[0].New != "已修复，打印正常；补充：更换硒鼓" || len(jv.Visits[0].Changes) != 0 {
		t.Errorf("revision 2 = reason %q, changes %+v; revision 1 changes %+v", r2.AmendReason, r2.Changes, jv.Visits[0].Changes)
	}
	old, err := d.Visit(ctx, v.ID)
	if err != nil || old.Visit.Result != "已修复，打印正常" || old.Latest || !old.Locked {
		t.Errorf("original after amendment = %q latest %v locked %v, %v", old.Visit.Result, old.Latest, old.Locked, err)
	}
	if _, err := d.Sign(ctx, fieldbook.SignatureInput{VisitID: v.ID, Role: fieldbook.RoleInspector, Kind: fieldbook.SignReal, Strokes: strokes, ImageDataURL: signaturePNG(t)}); fieldbook.ErrorCode(err) != fieldbook.ECONFLICT {
		t.Errorf("signing a superseded revision = %v, want conflict", err)
	}
	if ver, err := d.VerifyVisit(ctx, v.ID); err != nil || !ver.OK || len(ver.Signatures) != 2 {
		t.Errorf("Verify(original) = %+v, %v", ver, err)
	}
}

func TestTamperedSignedContentIsDetected(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	_, _, j := newJob(t, d, "李娜", "021-58881234")
	view, err := d.StartVisit(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	v := fill(view.Visit, d.Now())
	if _, err := d.SaveVisitDraft(ctx, v); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Sign(ctx, fieldbook.SignatureInput{VisitID: v.ID, Role: fieldbook.RoleCustomer, Kind: fieldbook.SignRefused, Reason: "对收费有异议"}); err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]string{
		"text":  `json_set(content, '$.result', '未修复')`,
		"money": `json_set(content, '$.parts[0].unit_price_fen', 1)`,
		"time":  `json_set(content, '$.arrived_at', '2020-01-01T00:00:00Z')`,
	} {
		t.Run(name, func(t *testing.T) {
			// Bypass the app: drop the guard, edit the row, put the guard back.
			var trigger string
			if err := d.db.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE name = 'visits_signed_content_immutable'`).Scan(&trigger); err != nil {
				t.Fatal(err)
			}
			var before string
			if err := d.db.QueryRowContext(ctx, `SELECT content FROM visits WHERE id = ?`, v.ID).Scan(&before); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{`DROP TRIGGER visits_signed_content_immutable`,
				`UPDATE visits SET content = ` + edit + ` WHERE id = '` + v.ID + `'`, trigger} {
				if _, err := d.db.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			ver, err := d.VerifyVisit(ctx, v.ID)
			if err != nil || ver.OK || ver.Signatures[0].OK || ver.Signatures[0].Stored == ver.Computed {
				t.Errorf("Verify after tampering %s = %+v, %v: want a mismatch", name, ver, err)
			}
			// Restore the content: verification passes again.
			for _, q := range []string{`DROP TRIGGER visits_signed_content_immutable`, trigger} {
				if q == trigger {
					if _, err := d.db.ExecContext(ctx, `UPDATE visits SET content = ? WHERE id = ?`, before, v.ID); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := d.db.ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			if ver, _ := d.VerifyVisit(ctx, v.ID); !ver.OK {
				t.Errorf("Verify after restoring = %+v", ver)
			}
		})
	}
}

func TestSignatureInputErrors(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	_, _, j := newJob(t, d, "赵强", "13912345678")
	view, _ := d.StartVisit(ctx, j.ID)
	v := fill(view.Visit, d.Now())
	if _, err := d.SaveVisitDraft(ctx, v); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		in    fieldbook.SignatureInput
		field string
	}{
		{"proxy without name", fieldbook.SignatureInput{Role: "customer", Kind: "proxy", Strokes: strokes, ImageDataURL: signaturePNG(t)}, "signer_name"},
		{"refused without reason", fieldbook.SignatureInput{Role: "customer", Kind: "refused"}, "reason"},
		{"real without strokes", fieldbook.SignatureInput{Role: "customer", Kind: "real"}, "image"},
		{"unknown role", fieldbook.SignatureInput{Role: "boss", Kind: "refused", Reason: "x"}, "role"},
		{"not an image", fieldbook.SignatureInput{Role: "customer", Kind: "stamp", ImageDataURL: "data:image/png;base64," + base64.StdEncoding.EncodeToString([]byte("GIF89a nope"))}, "image"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.VisitID = v.ID
			_, err := d.Sign(ctx, tt.in)
			if p := fieldbook.ToPayload(err); p.Code != fieldbook.EINVALID || !hasField(p.Fields, tt.field) {
				t.Errorf("Sign = %+v, want invalid %s", p, tt.field)
			}
		})
	}
	if got, _ := d.Visit(ctx, v.ID); got.Locked {
		t.Error("a refused signature input locked the visit")
	}
}

func hasField(fields []fieldbook.FieldError, name string) bool {
	for _, f := range fields {
		if f.Field == name {
			return true
		}
	}
	return false
}

// TestVisitFormFlowsToTheAsset: the job's summary is the first visit's
// 故障现象; a model and serial typed on the form of a job without an asset
// give the job one (its page, its history and a search by serial find the
// job); a serial corrected later corrects the asset; a second job whose form
// names the same serial joins that asset, whose history then lists the
// first job; a VIN that is none waits on the form.
func TestVisitFormFlowsToTheAsset(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	c, err := d.SaveCustomer(ctx, fieldbook.Customer{Name: "周丽", Phones: []string{"13611112222"}, Addresses: []string{"上海市徐汇区漕溪北路 88 号"}})
	if err != nil {
		t.Fatal(err)
	}
	j, err := d.CreateJob(ctx, fieldbook.NewJob{JobType: "it_onsite", CustomerID: c.ID, Summary: "笔记本开机黑屏"})
	if err != nil {
		t.Fatal(err)
	}
	v, err := d.StartVisit(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.Visit.FaultSymptoms != "笔记本开机黑屏" {
		t.Fatalf("故障现象 = %q, want the job's summary", v.Visit.FaultSymptoms)
	}
	edit := func(visit fieldbook.Visit, model, serial string) fieldbook.Visit {
		t.Helper()
		base := visit
		visit.Asset.Model, visit.Asset.Serial = model, serial
		res, err := d.SaveVisitEdit(ctx, fieldbook.VisitEdit{Visit: visit, Base: &base})
		if err != nil {
			t.Fatal(err)
		}
		return *res.Visit
	}
	form := edit(v.Visit, "ThinkPad X1 Carbon", "pf3abc12")
	jv, err := d.Job(ctx, j.ID)
	if err != nil || jv.Asset == nil || jv.Asset.Model != "ThinkPad X1 Carbon" || jv.Asset.Serial != "PF3ABC12" || jv.Asset.CustomerID != c.ID {
		t.Fatalf("the job's asset after typing = %+v, %v", jv.Asset, err)
	}
	found := func(q string) bool {
		t.Helper()
		page, err := d.SearchJobs(ctx, q, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Rows {
			if r.ID == j.ID {
				return true
			}
		}
		return false
	}
	if !found("PF3ABC12") {
		t.Error("a search by the serial typed on the form does not find the job")
	}
	form = edit(form, "ThinkPad X1 Carbon", "PF3ABC99")
	if jv, _ = d.Job(ctx, j.ID); jv.Asset.Serial != "PF3ABC99" || !found("PF3ABC99") || found("PF3ABC12") {
		t.Errorf("after correcting the serial: asset %+v", jv.Asset)
	}
	assetID := jv.Asset.ID
	// A blank model on the form leaves the asset's.
	edit(form, "", "PF3ABC99")
	if jv, _ = d.Job(ctx, j.ID); jv.Asset.Model != "ThinkPad X1 Carbon" {
		t.Errorf("a blank model cleared the asset's: %+v", jv.Asset)
	}

	// The next job of the customer, typed with the same serial, joins that asset.
	j2, err := d.CreateJob(ctx, fieldbook.NewJob{JobType: "it_onsite", CustomerID: c.ID, Summary: "键盘失灵"})
	if err != nil {
		t.Fatal(err)
	}
	v2, err := d.StartVisit(ctx, j2.ID)
	if err != nil {
		t.Fatal(err)
	}
	edit(v2.Visit, "", "pf3abc99")
	jv2, err := d.Job(ctx, j2.ID)
	if err != nil || jv2.Asset == nil || jv2.Asset.ID != assetID {
		t.Fatalf("the second job's asset = %+v, want %s", jv2.Asset, assetID)
	}
	if len(jv2.History) != 1 || jv2.History[0].JobID != j.ID {
		t.Errorf("the asset's history on the second job = %+v, want the first job", jv2.History)
	}

	// A vehicle job: a VIN of 5 characters waits on the form, the asset keeps its own.
	veh, err := d.SaveAsset(ctx, fieldbook.Asset{CustomerID: c.ID, Kind: fieldbook.AssetVehicle, Model: "奥迪 A6L", Serial: "LFV3A28K8E3012345", Plate: "沪A12345"})
	if err != nil {
		t.Fatal(err)
	}
	j3, err := d.CreateJob(ctx, fieldbook.NewJob{JobType: "vehicle_service", CustomerID: c.ID, AssetID: veh.ID, Summary: "保养"})
	if err != nil {
		t.Fatal(err)
	}
	v3, err := d.StartVisit(ctx, j3.ID)
	if err != nil {
		t.Fatal(err)
	}
	edit(v3.Visit, "奥迪 A6L 45 TFSI", "LFV3A")
	if a, _ := d.Job(ctx, j3.ID); a.Asset.Serial != "LFV3A28K8E3012345" || a.Asset.Model != "奥迪 A6L" {
		t.Errorf("an invalid VIN reached the asset: %+v", a.Asset)
	}
}

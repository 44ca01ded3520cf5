package desktop

import (
	"bytes"
	"context"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"os"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/sqlite"
)

func open(t *testing.T) (*Services, *[]string) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var opened []string
	s := New(db, nil, SystemInfo{Version: "test"}, time.Now(), func(p string) error {
		opened = append(opened, p)
		return nil
	})
	return s, &opened
}

func pad(t *testing.T) string {
	img := image.NewGray(image.Rect(0, 0, 200, 60))
	for x := 10; x < 190; x++ {
		img.SetGray(x, 30+x%17, color.Gray{Y: 10})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Bytes())
}

// TestCustomerCopyEndToEnd goes through the bound structs as the window
// does: customer, asset, job, visit, two signatures, finish, PDF, open.
func TestCustomerCopyEndToEnd(t *testing.T) {
	s, opened := open(t)
	c, err := s.Customers.Save(fieldbook.Customer{Name: "黄晓明", Phones: []string{"13800138000"}, Addresses: []string{"北京市朝阳区建国路88号"}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.Customers.SaveAsset(fieldbook.Asset{CustomerID: c.ID, Kind: "product", Model: "联想 ThinkPad T14", Serial: "PF3K8QZ2", PurchaseDate: "2025-03-18", WarrantyMonths: 36})
	if err != nil {
		t.Fatal(err)
	}
	j, err := s.Jobs.Create(fieldbook.NewJob{JobType: "it_onsite", CustomerID: c.ID, AssetID: a.ID, Summary: "笔记本无法开机"})
	if err != nil {
		t.Fatal(err)
	}
	view, err := s.Visits.Start(j.ID)
	if err != nil {
		t.Fatal(err)
	}
	v := view.Visit
	arrived, departed := time.Now().Add(-time.Hour), time.Now()
	v.FaultSymptoms, v.CustomerRequirement = "按电源键无反应", "今天修好"
	v.WorkPerformed, v.Result = "更换主板电源管理芯片", "已修复"
	v.ArrivedAt, v.DepartedAt = &arrived, &departed
	v.Parts = []fieldbook.PartLine{{Name: "电源管理芯片", Qty: 1, UnitPriceFen: 12000}}
	if _, err := s.Visits.SaveDraft(v); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Visits.CustomerCopy(v.ID); fieldbook.ErrorCode(err) != fieldbook.ECONFLICT {
		t.Errorf("CustomerCopy before signing = %v, want conflict", err)
	}
	for _, role := range []string{fieldbook.RoleCustomer, fieldbook.RoleTechnician} {
		if _, err := s.Visits.Sign(fieldbook.SignatureInput{VisitID: v.ID, Role: role, Kind: fieldbook.SignReal, SignerName: "张伟",
			Strokes: []fieldbook.Stroke{{Points: []fieldbook.Point{{X: 1, Y: 1}}}}, ImageDataURL: pad(t)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Visits.Finish(v.ID); err != nil {
		t.Fatal(err)
	}
	doc, err := s.Visits.CustomerCopy(v.ID)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(doc.Path)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF")) || int64(len(data)) != doc.Size {
		t.Fatalf("document %s: %d bytes, %v", doc.Path, len(data), err)
	}
	jv, err := s.Jobs.Get(j.ID)
	if err != nil || len(jv.Documents) != 1 || jv.Documents[0].SHA256 != doc.SHA256 || jv.Job.Status != fieldbook.JobCompleted {
		t.Errorf("job after PDF = %+v, %v", jv, err)
	}
	// Made on request, the copy opens in the system's viewer (to hand over
	// or print), and can be opened again from the job.
	if len(*opened) != 1 || (*opened)[0] != doc.Path {
		t.Errorf("the customer copy was not shown: opened %v", *opened)
	}
	if err := s.Visits.OpenDocument(doc.Path); err != nil || len(*opened) != 2 {
		t.Errorf("OpenDocument = %v, opened %v", err, *opened)
	}
}

// TestStartupErrorMode: with no store, every call fails with the reason
// and System.Info reports it for the error screen.
func TestStartupErrorMode(t *testing.T) {
	openErr := fieldbook.Errorf(fieldbook.ELOCKED, "已在运行", "already running")
	s := New(nil, openErr, SystemInfo{Version: "test"}, time.Now(), nil)
	info, err := s.System.Info()
	if err != nil || info.StartupError == nil || info.StartupError.Code != fieldbook.ELOCKED {
		t.Fatalf("Info = %+v, %v", info, err)
	}
	if _, err := s.Settings.Get(); err != openErr {
		t.Errorf("Settings.Get = %v, want the open error", err)
	}
	if _, err := s.Jobs.Search("", 0, 10); err != openErr {
		t.Errorf("Jobs.Search = %v, want the open error", err)
	}
}

// Closing the window waits for the page while something typed is not stored,
// once: a second close within the grace goes through, unless the person
// answered the page's question by staying.
func TestHoldClose(t *testing.T) {
	s := &System{}
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	if HoldClose(s, now) {
		t.Fatal("nothing unsaved: the window closes")
	}
	s.SetUnsaved(2)
	if !HoldClose(s, now) {
		t.Fatal("unsaved fields: the close waits for the page")
	}
	if HoldClose(s, now.Add(3*time.Second)) {
		t.Error("a second close within the grace goes through")
	}
	if !HoldClose(s, now.Add(closeGrace+time.Second)) {
		t.Error("after the grace the page is asked again")
	}
	// the person stayed: the next close asks again, within the grace too
	s.StayOpen()
	if !HoldClose(s, now.Add(closeGrace+2*time.Second)) {
		t.Error("a close after the person chose to stay goes through without asking")
	}
	s.SetUnsaved(0)
	if HoldClose(s, now.Add(time.Hour)) {
		t.Error("all stored: the window closes")
	}
}

package pdf

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fieldbook/backend/archive"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

// coverDocs registers the built-in vehicle set for flags: every document
// present in binding order, every role signed for real, every stamp.
func coverDocs(jt jobtype.JobType, flags map[string]bool) []archive.Doc {
	var docs []archive.Doc
	for i, dt := range jt.DocumentsFor(flags) {
		d := archive.Doc{Key: dt.Key, Source: archive.SourceScan, Order: i + 1, Stamps: dt.Stamps,
			Fields: map[string]bool{"plate_or_vin": true, "test_date": true, "work_description": true}}
		if dt.Form != jobtype.FormScan {
			d.Source = archive.SourceElectronic
		}
		for _, role := range dt.Signatures {
			d.Signatures = append(d.Signatures, archive.Sig{Role: role, Kind: fieldbook.SignReal})
		}
		docs = append(docs, d)
	}
	return docs
}

// jCoverSheet is a vehicle job with every flag: the work order signed by a
// proxy, the settlement without its finance stamp, the maintenance sheet
// bound before the final inspection and the appointment sheet missing.
func jCoverSheet(tb testing.TB) CoverSheet {
	tb.Helper()
	jt, ok := jobtype.Builtin().JobType("vehicle_service")
	if !ok {
		tb.Fatal("no vehicle_service")
	}
	flags := map[string]bool{jobtype.FlagHadMaintenance: true, jobtype.FlagHasSuggestedRepairs: true, jobtype.FlagWasBooked: true}
	docs := coverDocs(jt, flags)
	docs = docs[:len(docs)-1] // no appointment sheet
	for i := range docs {
		switch docs[i].Key {
		case "work_order":
			docs[i].Signatures[0] = archive.Sig{Role: fieldbook.RoleCustomer, Kind: fieldbook.SignProxy, SignerName: "李明（客户司机）"}
		case "settlement":
			docs[i].Stamps = nil
		case "maintenance_sheet":
			docs[i].Order = 5
		case "final_inspection":
			docs[i].Order = 6
		}
	}
	res := archive.Check(jt, flags, docs)
	return CoverSheet{
		Company:     fieldbook.Company{Name: "杭州宝泰汽车销售服务有限公司", Address: "浙江省杭州市西湖区古墩路 1088 号", Phone: "0571-88886666"},
		ArchiveNo:   "2026-11-0042",
		Location:    "档案盒 B-12 · 第 3 架第 2 层",
		Job:         fieldbook.Job{Meta: fieldbook.Meta{ID: "0193a1f2-job"}, Number: "K7QX-20261127-003", JobType: jt.Key, AssignedTo: "王建国", Status: fieldbook.JobSubmitted},
		JobTypeName: jt.Name.ZH,
		Customer:    fieldbook.CustomerSnapshot{Name: "陈晓燕", Company: "杭州西溪贸易有限公司", Phone: "138 0571 2233", Address: "杭州市西湖区文三路 90 号"},
		Asset:       &fieldbook.AssetSnapshot{Kind: fieldbook.AssetVehicle, Model: "保时捷 Macan 2.0T", Serial: "WP1AA2A58MLB12345", Plate: "浙A·8K2Q7", PurchaseDate: "2023-05-18"},
		SubmittedAt: at("2026-11-27 17:40"),
		FiledBy:     "周敏",
		Check:       res,
		J:           archive.EffectiveJ(res.J, nil),
		GeneratedAt: *at("2026-11-28 09:15"),
	}
}

func TestCoverSheetPDF(t *testing.T) {
	c := jCoverSheet(t)
	if c.Check.Complete || !c.J.Marked {
		t.Fatalf("test job should be incomplete and J: %+v", c.Check.Problems)
	}
	var b bytes.Buffer
	if err := CoverSheetPDF(&b, c); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "cover.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if n := pdfPages(t, path); n != 1 {
		t.Errorf("%d pages, want 1", n)
	}
	text := squash(pdfText(t, path))
	for _, s := range []string{
		"售后服务档案封面", "Archivecoversheet", "2026-11-0042", "档案盒B-12", "K7QX-20261127-003", "陈晓燕", "浙A·8K2Q7",
		"WP1AA2A58MLB12345", "王建国", "周敏", "J", "缺少客户真实签字",
		"任务委托书的客户签字为代签（代签人：李明（客户司机）），不是客户真实签字",
		"电瓶检查单", "小修合格证", "结算清单", "最终检查单", "保养单", "建议维修单", "预约单",
		"✘缺财务结清章", "保养单应排在最终检查单之后", "缺少此文件", "纸质扫描", "电子", "条件（有保养项目）",
		"客户：✔本人签字", "客户：代签（李明（客户司机））", "✔业务专用章", "不完整", "第1页/共1页",
		"内容校验码", shortHash(CoverSheetHash(c))[:4],
	} {
		if !strings.Contains(text, squash(s)) {
			t.Errorf("cover sheet lacks %q", s)
		}
	}
	// Binding order on the sheet: each name after the one before.
	table := text[strings.Index(text, "文件清单"):]
	for _, s := range []string{"电瓶检查单", "小修合格证", "任务委托书", "结算清单", "最终检查单", "保养单", "建议维修单", "预约单"} {
		i := strings.Index(table, s)
		if i < 0 {
			t.Errorf("%q is out of binding order on the sheet", s)
			continue
		}
		table = table[i+len(s):]
	}
	out := savePage(t, path, 1, "pdf-cover-sheet.png")
	t.Logf("cover sheet: %s", out)

	// A complete job without J: no circle, "完整".
	jt, _ := jobtype.Builtin().JobType("vehicle_service")
	res := archive.Check(jt, nil, coverDocs(jt, nil))
	c2 := c
	c2.Check, c2.J, c2.ArchiveNo, c2.Location = res, archive.EffectiveJ(res.J, nil), "", ""
	b.Reset()
	if err := CoverSheetPDF(&b, c2); err != nil {
		t.Fatal(err)
	}
	path2 := filepath.Join(t.TempDir(), "cover2.pdf")
	if err := os.WriteFile(path2, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	text2 := squash(pdfText(t, path2))
	for _, s := range []string{"完整✔Complete", "未归档", "已核对，文件齐全，按顺序装订。"} {
		if !strings.Contains(text2, squash(s)) {
			t.Errorf("complete cover sheet lacks %q", s)
		}
	}
	if strings.Contains(text2, "J标记原因") || strings.Contains(text2, "缺少此文件") {
		t.Error("complete cover sheet shows a J mark or a missing document")
	}
	savePage(t, path2, 1, "pdf-cover-sheet-complete.png")

	// A filed job's sheet says it is filed, never "to be filed", also when
	// it went in with problems (its J mark).
	c3 := c
	c3.Job.Status = fieldbook.JobFiled
	b.Reset()
	if err := CoverSheetPDF(&b, c3); err != nil {
		t.Fatal(err)
	}
	path3 := filepath.Join(t.TempDir(), "cover3.pdf")
	if err := os.WriteFile(path3, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	text3 := squash(pdfText(t, path3))
	if !strings.Contains(text3, squash("已归档；归档时文件不完整")) || strings.Contains(text3, "待补齐后归档") {
		t.Errorf("a filed cover sheet contradicts itself: %s", text3[strings.Index(text3, "核对结论"):])
	}
	savePage(t, path3, 1, "pdf-cover-sheet-filed.png")
}

func TestCoverSheetHash(t *testing.T) {
	c := jCoverSheet(t)
	h := CoverSheetHash(c)
	if len(h) != 64 || h != CoverSheetHash(c) {
		t.Fatalf("hash %q not stable", h)
	}
	c.Location = "档案盒 B-13"
	if CoverSheetHash(c) == h {
		t.Error("the hash ignores the location")
	}
}

package pdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

// sitePhoto draws a small photo-like picture (a wall with a crack) and
// encodes it as JPEG, or PNG when asPNG.
func sitePhoto(tb testing.TB, w, h int, seed float64, asPNG bool) ([]byte, string) {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			fx, fy := float64(x)/float64(w), float64(y)/float64(h)
			g := 150 + 60*fy + 12*math.Sin(fx*40+seed)*math.Cos(fy*30)
			img.Set(x, y, color.RGBA{uint8(g), uint8(g * 0.95), uint8(g * 0.86), 255})
		}
	}
	// Tile joints.
	for y := range h {
		for x := range w {
			if x%(w/4) < 2 || y%(h/3) < 2 {
				img.Set(x, y, color.RGBA{110, 105, 98, 255})
			}
		}
	}
	// A crack.
	for t := 0.0; t < 1; t += 0.0015 {
		x := float64(w)*(0.15+0.7*t) + 6*math.Sin(t*25+seed)
		y := float64(h)*(0.2+0.6*t) + 8*math.Sin(t*17+seed*2)
		for dx := -1; dx <= 1; dx++ {
			img.Set(int(x)+dx, int(y), color.RGBA{40, 35, 30, 255})
		}
	}
	var b bytes.Buffer
	var err error
	if asPNG {
		err = png.Encode(&b, img)
	} else {
		err = jpeg.Encode(&b, img, &jpeg.Options{Quality: 80})
	}
	if err != nil {
		tb.Fatal(err)
	}
	sum := sha256.Sum256(b.Bytes())
	return b.Bytes(), hex.EncodeToString(sum[:])
}

func builtinParts(tb testing.TB, jobType, template string) (jobtype.JobType, jobtype.DocumentType, jobtype.Template) {
	tb.Helper()
	b := jobtype.Builtin()
	jt, ok := b.JobType(jobType)
	if !ok {
		tb.Fatalf("no built-in job type %q", jobType)
	}
	tpl, ok := b.Template(template)
	if !ok {
		tb.Fatalf("no built-in template %q", template)
	}
	for _, d := range jt.Documents {
		if d.Form == jobtype.FormChecklist && d.Template == template {
			return jt, d, tpl
		}
	}
	tb.Fatalf("job type %q has no checklist document for %q", jobType, template)
	return jt, jobtype.DocumentType{}, tpl
}

func contentHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func company() fieldbook.Company {
	return fieldbook.Company{
		Name:    "杭州安居装饰工程有限公司",
		Address: "浙江省杭州市滨江区江南大道 3688 号 5 楼",
		Phone:   "0571-86612345",
	}
}

func sig(tb testing.TB, role, name, when string, seed float64, hash string) SignatureImage {
	return SignatureImage{
		Signature: fieldbook.Signature{Role: role, Kind: fieldbook.SignReal, SignerName: name,
			SignedAt: *at(when), ContentHash: hash},
		PNG: scribble(tb, 500, 180, seed, color.NRGBA{20, 30, 90, 255}),
	}
}

// acceptanceChecklist is the built-in 工程施工现场验收单 with two failed items.
func acceptanceChecklist(tb testing.TB) Checklist {
	tb.Helper()
	jt, doc, tpl := builtinParts(tb, "site_acceptance", "site_acceptance")
	answers := map[string]jobtype.Answer{
		"project_name":     {Text: "云栖小镇 12 号楼 3 层办公区装修工程"},
		"contracted_items": {Text: "水电改造、墙地砖铺贴、卫生间及淋浴间"},
		"contractor":       {Text: "杭州安居装饰工程有限公司"},
		"client":           {Text: "杭州云栖科技有限公司"},
		"accepted_on":      {Text: "2026-11-27"},
		"problems":         {Text: "总闸无电盒。\n楼梯中段第三台阶断裂。\n水表未接。"},
	}
	for _, g := range tpl.Groups {
		for _, it := range g.Items {
			if it.Kind == jobtype.KindPassFail {
				answers[it.Key] = jobtype.Answer{Result: jobtype.ResultPass}
			}
		}
	}
	p1, h1 := sitePhoto(tb, 320, 240, 0.4, false)
	p2, h2 := sitePhoto(tb, 240, 320, 1.7, true)
	answers["floor_tiles"] = jobtype.Answer{Result: jobtype.ResultFail,
		Note: "客厅东南角两块地砖空鼓，敲击有空响，需返工重铺。", PhotoSHA256: []string{h1}}
	answers["shower"] = jobtype.Answer{Result: jobtype.ResultFail,
		Note: "淋浴间挡水条处渗水，闭水试验 24 小时后楼下顶棚有水渍。", PhotoSHA256: []string{h2}}
	answers["heating"] = jobtype.Answer{Result: jobtype.ResultNA, Note: "本工程不含暖气安装。"}
	hash := contentHash("acceptance K7QX-20261127-011")
	return Checklist{
		Company: company(),
		Job: fieldbook.Job{Number: "K7QX-20261127-011", JobType: jt.Key, Status: fieldbook.JobCompleted,
			AssignedTo: "陈志强", Appointment: at("2026-11-27 09:00")},
		JobTypeName: jt.Name.ZH,
		Customer: fieldbook.CustomerSnapshot{Name: "周建华", Company: "杭州云栖科技有限公司",
			Phone: "13905718888", Address: "杭州市西湖区云栖小镇 12 号楼 3 层办公区"},
		Document: doc,
		Template: tpl,
		Answers:  answers,
		Photos: []ChecklistPhoto{
			{ItemKey: "floor_tiles", SHA256: h1, Image: p1},
			{ItemKey: "shower", SHA256: h2, Image: p2},
		},
		Signatures: []SignatureImage{
			sig(tb, fieldbook.RolePartyA, "周建华", "2026-11-27 16:20", 0.3, hash),
			sig(tb, fieldbook.RolePartyB, "陈志强", "2026-11-27 16:22", 2.2, hash),
		},
		ContentHash: hash,
		GeneratedAt: *at("2026-11-27 16:30"),
	}
}

// houseChecklist is the built-in 240-item 验房检查表, every item answered:
// a few fails (one a 空鼓率 of 3.5 % over the 3 % limit), a few n/a.
func houseChecklist(tb testing.TB) Checklist {
	tb.Helper()
	jt, doc, tpl := builtinParts(tb, "house_inspection", "house_inspection")
	answers := map[string]jobtype.Answer{}
	var photos []ChecklistPhoto
	n := 0
	hollowDone := false
	for _, g := range tpl.Groups {
		for _, it := range g.Items {
			n++
			var a jobtype.Answer
			switch it.Kind {
			case jobtype.KindNumber:
				x := 1.0
				if it.Max != nil {
					x = math.Round(*it.Max*0.5*10) / 10
				} else if it.Min != nil {
					x = *it.Min + 1
				}
				a.Number = &x
				if !hollowDone && strings.Contains(it.Label.ZH, "空鼓率") {
					hollowDone = true
					y := 3.5
					a.Number = &y
					a.Note = "东墙中部 4 块墙砖空鼓，约占 3.5%，需铲除重贴。"
				}
			case jobtype.KindPassFail:
				a.Result = jobtype.ResultPass
				switch {
				case n%37 == 0:
					a.Result = jobtype.ResultFail
					a.Note = fmt.Sprintf("第 %d 项不合格：现场发现问题，已告知开发商限期整改。", n)
				case n%53 == 0:
					a.Result = jobtype.ResultNA
				}
			case jobtype.KindText:
				a.Text = "已记录"
			case jobtype.KindPhoto:
				a.PhotoSHA256 = []string{contentHash(it.Key)}
			}
			if jobtype.Outcome(it, a) == jobtype.ResultFail && it.PhotoOnFail {
				img, h := sitePhoto(tb, 200, 150, float64(n), n%2 == 0)
				a.PhotoSHA256 = []string{h}
				photos = append(photos, ChecklistPhoto{ItemKey: it.Key, SHA256: h, Image: img})
			}
			answers[it.Key] = a
		}
	}
	if !hollowDone {
		tb.Fatal("house inspection template has no 空鼓率 item")
	}
	hash := contentHash("house K7QX-20261128-002")
	return Checklist{
		Company: company(),
		Job: fieldbook.Job{Number: "K7QX-20261128-002", JobType: jt.Key, Status: fieldbook.JobCompleted,
			AssignedTo: "刘德明"},
		JobTypeName: jt.Name.ZH,
		Customer: fieldbook.CustomerSnapshot{Name: "孙丽娟", Phone: "13588776655",
			Address: "杭州市余杭区良渚文化村玉鸟路 8 幢 2 单元 1602 室"},
		Asset: &fieldbook.AssetSnapshot{Kind: fieldbook.AssetProduct, Model: "三室两厅 128㎡ 精装修",
			Serial: "LZ-8-2-1602", PurchaseDate: "2026-10-08"},
		Document: doc,
		Template: tpl,
		Answers:  answers,
		Photos:   photos,
		Signatures: []SignatureImage{
			sig(tb, fieldbook.RoleInspector, "刘德明", "2026-11-28 17:05", 1.1, hash),
			sig(tb, fieldbook.RoleCustomer, "孙丽娟", "2026-11-28 17:08", 2.9, hash),
		},
		ContentHash: hash,
		GeneratedAt: *at("2026-11-28 17:10"),
	}
}

func renderChecklist(tb testing.TB, c Checklist) (path string, data []byte) {
	tb.Helper()
	var b bytes.Buffer
	if err := ChecklistPDF(&b, c); err != nil {
		tb.Fatalf("ChecklistPDF: %v", err)
	}
	path = filepath.Join(tb.TempDir(), "checklist.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path, b.Bytes()
}

// pageText is the squashed text of page p.
func pageText(tb testing.TB, path string, p int) string {
	tb.Helper()
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", "-f", fmt.Sprint(p), "-l", fmt.Sprint(p), path, "-").Output()
	if err != nil {
		tb.Fatalf("pdftotext page %d: %v", p, err)
	}
	return squash(string(out))
}

// savePage writes page p of the PDF as a PNG at 70 dpi to
// build/test-artifacts/name in the repository.
func savePage(tb testing.TB, path string, p int, name string) string {
	tb.Helper()
	out := filepath.Join(repoRoot(tb), "build", "test-artifacts", name)
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		tb.Fatal(err)
	}
	prefix := filepath.Join(tb.TempDir(), "page")
	ps := fmt.Sprint(p)
	if b, err := exec.Command("pdftoppm", "-png", "-r", "70", "-f", ps, "-l", ps, "-singlefile", path, prefix).CombinedOutput(); err != nil {
		tb.Fatalf("pdftoppm: %v\n%s", err, b)
	}
	img, err := os.ReadFile(prefix + ".png")
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(out, img, 0o644); err != nil {
		tb.Fatal(err)
	}
	return out
}

// problemsPage is the first page with the 存在问题 table.
func problemsPage(tb testing.TB, path string, pages int) int {
	tb.Helper()
	for p := 1; p <= pages; p++ {
		if strings.Contains(pageText(tb, path, p), "Problemsfound") {
			return p
		}
	}
	tb.Fatal("no page has the 存在问题 table")
	return 0
}

func checkText(t *testing.T, text string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(text, squash(want)) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

func TestChecklistPDFSiteAcceptance(t *testing.T) {
	c := acceptanceChecklist(t)
	path, data := renderChecklist(t, c)
	if !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Fatal("not a PDF")
	}
	n := pdfPages(t, path)
	if n < 1 || n > 2 {
		t.Errorf("pages = %d, want 1 or 2 for a 7-item acceptance", n)
	}
	text := squash(pdfText(t, path))
	checkText(t, text,
		"工程施工现场验收单", "Site acceptance form", "杭州安居装饰工程有限公司",
		"K7QX-20261127-011", "模板 site_acceptance v2", "周建华", "杭州云栖科技有限公司",
		"工程名称", "云栖小镇 12 号楼 3 层办公区装修工程", "承包工程项目", "水电改造、墙地砖铺贴、卫生间及淋浴间",
		"项目承包方（乙方）", "项目发包方（甲方）", "验收日期", "2026 年 11 月 27 日",
		"进度 12/12", "合格 4", "不合格 2", "不适用 1", "已记录 5",
		"共 5 项", "楼梯中段第三台阶断裂。", "总闸无电盒。", "水表未接。",
		"墙壁", "Walls", "合格 ✔", "不合格 ✘",
		"客厅东南角两块地砖空鼓，敲击有空响，需返工重铺。",
		"存在问题", "见存在问题第 1 条", "见存在问题第 2 条",
		"验收合格项 · 淋浴间", "说明：淋浴间挡水条处渗水",
		"甲方代表签字", "Party A", "乙方代表签字", "Party B", "本人签字", "陈志强", "2026-11-27 16:22",
		squash(shortHash(c.ContentHash)), c.ContentHash,
		fmt.Sprintf("第 %d 页 / 共 %d 页", n, n),
	)
	if strings.Contains(text, "未签字") {
		t.Error("both roles signed, yet a box says 未签字")
	}
	if strings.Contains(text, "□") {
		t.Error("PDF text has □, a character the font lacks")
	}
	shot := savePage(t, path, 1, "pdf-checklist-acceptance.png")
	t.Logf("%d pages, %d bytes; page image %s", n, len(data), shot)
}

func TestChecklistPDFHouseInspection(t *testing.T) {
	c := houseChecklist(t)
	if c.Template.Len() != 240 {
		t.Fatalf("house inspection template has %d items, want 240", c.Template.Len())
	}
	problems := jobtype.Problems(c.Template, c.Answers)
	if len(problems) < 5 {
		t.Fatalf("%d problems, want several", len(problems))
	}
	path, data := renderChecklist(t, c)
	if len(data) >= 2<<20 {
		t.Errorf("PDF is %d bytes, want < 2 MB", len(data))
	}
	n := pdfPages(t, path)
	if n < 6 || n > 16 {
		t.Errorf("pages = %d, want 6–16 for 240 items", n)
	}
	text := squash(pdfText(t, path))
	last := problems[len(problems)-1]
	checkText(t, text,
		"验房检查表", "House inspection checklist", "模板 house_inspection v1",
		"进度 240/240", fmt.Sprintf("不合格 %d", len(problems)),
		"存在问题", "Problems found", fmt.Sprintf("共 %d 项", len(problems)),
		"3.5 %（≤3）", "测量值 3.5 %（上限 3 %）",
		"东墙中部 4 块墙砖空鼓，约占 3.5%，需铲除重贴。",
		last.Note,
		"质检员签字", "客户签字", "孙丽娟",
		"续页", fmt.Sprintf("第 %d 页 / 共 %d 页", n, n),
	)
	// Every item is printed, once, with its number.
	no := 0
	for _, g := range c.Template.Groups {
		for _, it := range g.Items {
			no++
			if !strings.Contains(text, squash(it.Label.ZH)) {
				t.Errorf("item %d %q missing", no, it.Label.ZH)
			}
		}
	}
	// Table headers repeat on every page of items.
	for p := 2; p < n; p++ {
		if pt := pageText(t, path, p); !strings.Contains(pt, "序号") ||
			!strings.Contains(pt, "检查项") && !strings.Contains(pt, "问题描述") {
			t.Errorf("page %d has no table header", p)
		}
	}
	pp := problemsPage(t, path, n)
	p1 := savePage(t, path, 1, "pdf-checklist-house-p1.png")
	pr := savePage(t, path, pp, "pdf-checklist-house-problems.png")
	t.Logf("%d pages (存在问题 on page %d), %d bytes; %d problems; page images %s %s", n, pp, len(data), len(problems), p1, pr)
}

func TestChecklistPDFIncompleteAndUnsigned(t *testing.T) {
	c := houseChecklist(t)
	// Leave 53 items unanswered, and the customer has not signed.
	i := 0
	for _, g := range c.Template.Groups {
		for _, it := range g.Items {
			i++
			if i > 187 {
				delete(c.Answers, it.Key)
			}
		}
	}
	c.Signatures = c.Signatures[:1]
	c.Asset = nil
	c.ContentHash = ""
	path, _ := renderChecklist(t, c)
	text := squash(pdfText(t, path))
	checkText(t, text, "进度 187/240", "未检查 53", "未检查", "客户签字", "未签字", "未签署")
	if strings.Contains(text, "设备信息") {
		t.Error("设备信息 printed for a job without an asset")
	}
}

func TestChecklistPDFLongNoteFlows(t *testing.T) {
	c := acceptanceChecklist(t)
	var note strings.Builder
	for i := 1; i <= 60; i++ {
		// A marker no line breaks inside, wherever the pages end.
		fmt.Fprintf(&note, "N%02d：卫生间墙面砖缝不直、局部有裂纹，需要铲除重贴并重新闭水试验。", i)
	}
	a := c.Answers["walls"]
	a.Result, a.Note = jobtype.ResultFail, note.String()
	c.Answers["walls"] = a
	path, _ := renderChecklist(t, c)
	if n := pdfPages(t, path); n < 2 {
		t.Errorf("pages = %d, want the long note to flow onto 2 or more", n)
	}
	text := squash(pdfText(t, path))
	for i := 1; i <= 60; i++ {
		s := fmt.Sprintf("N%02d：", i)
		// Once in the item table, once in 存在问题.
		if got := strings.Count(text, s); got != 2 {
			t.Errorf("%q appears %d times, want 2", s, got)
		}
	}
}

func TestChecklistPDFEmpty(t *testing.T) {
	path, data := renderChecklist(t, Checklist{GeneratedAt: *at("2026-11-27 12:20")})
	if !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Fatal("not a PDF")
	}
	checkText(t, squash(pdfText(t, path)), "检查单", "进度 0/0", "未发现问题", "本单无需签字", "第 1 页 / 共 1 页")
}

func TestChecklistPDFBadPhoto(t *testing.T) {
	c := acceptanceChecklist(t)
	c.Photos[0].Image = []byte("not an image")
	if err := ChecklistPDF(&bytes.Buffer{}, c); err == nil {
		t.Error("ChecklistPDF with a corrupt photo: nil error, want one")
	}
}

func TestChecklistPDFConcurrent(t *testing.T) {
	c := acceptanceChecklist(t)
	var wg sync.WaitGroup
	outs := make([][]byte, 4)
	errs := make([]error, 4)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var b bytes.Buffer
			errs[i] = ChecklistPDF(&b, c)
			outs[i] = b.Bytes()
		}()
	}
	wg.Wait()
	for i := range outs {
		if errs[i] != nil {
			t.Fatalf("render %d: %v", i, errs[i])
		}
		if !bytes.Equal(outs[i], outs[0]) {
			t.Errorf("render %d differs from render 0", i)
		}
	}
}

func BenchmarkChecklistPDF(b *testing.B) {
	c := houseChecklist(b)
	var buf bytes.Buffer
	if err := ChecklistPDF(&buf, c); err != nil { // parse the font outside the timing
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		buf.Reset()
		if err := ChecklistPDF(&buf, c); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	// With -benchtime 1x the loop runs once: time a fixed number of renders
	// so the printed mean means something.
	const n = 10
	start := time.Now()
	for range n {
		buf.Reset()
		if err := ChecklistPDF(&buf, c); err != nil {
			b.Fatal(err)
		}
	}
	mean := time.Since(start) / n
	b.ReportMetric(float64(buf.Len()), "bytes/pdf")
	fmt.Println("bench: checklist_pdf_items 240 items")
	fmt.Printf("bench: checklist_pdf_render %.1f ms\n", float64(mean.Microseconds())/1000)
	fmt.Printf("bench: checklist_pdf_bytes %d B\n", buf.Len())
}

package pdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
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
)

var cst = time.FixedZone("CST", 8*3600)

func at(s string) *time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, cst)
	if err != nil {
		panic(err)
	}
	return &t
}

// scribble draws a signature-like curve on a transparent background, the
// way signature_pad exports it.
func scribble(tb testing.TB, w, h int, seed float64, ink color.NRGBA) []byte {
	tb.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	dot := func(cx, cy, r float64) {
		for y := int(cy - r - 1); y <= int(cy+r+1); y++ {
			for x := int(cx - r - 1); x <= int(cx+r+1); x++ {
				if d := math.Hypot(float64(x)-cx, float64(y)-cy); d <= r && image.Pt(x, y).In(img.Bounds()) {
					img.SetNRGBA(x, y, ink)
				}
			}
		}
	}
	fw, fh := float64(w), float64(h)
	for t := 0.0; t < 1; t += 0.0008 {
		x := fw*0.08 + fw*0.84*t + fw*0.05*math.Sin(t*37+seed)
		y := fh*0.5 + fh*0.28*math.Sin(t*23+seed)*math.Cos(t*5) + fh*0.08*math.Sin(t*71)
		dot(x, y, 2.6+1.2*math.Sin(t*13))
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func realisticCopy(tb testing.TB) CustomerCopy {
	tb.Helper()
	hash := sha256.Sum256([]byte("visit 0192f3c4 revision 1 canonical content"))
	h := hex.EncodeToString(hash[:])
	ink := color.NRGBA{20, 30, 90, 255}
	return CustomerCopy{
		Company: fieldbook.Company{
			Name:    "杭州启明信息技术服务有限公司",
			Address: "浙江省杭州市西湖区文三路 478 号华星时代广场 B 座 1203 室",
			Phone:   "0571-88776655",
		},
		Job: fieldbook.Job{
			Number:  "K7QX-20261127-003",
			JobType: "it_onsite",
			Status:  fieldbook.JobCompleted,
		},
		JobTypeName: "IT 上门服务",
		Visit: fieldbook.Visit{
			Revision:       1,
			Status:         fieldbook.VisitFinished,
			RegistrationNo: "FW-2026-112703",
			Customer: fieldbook.CustomerSnapshot{
				Name:    "李秀英",
				Company: "杭州绿野建筑设计事务所",
				Phone:   "13857112345",
				Address: "杭州市拱墅区莫干山路 1418 号 6 幢 3 楼设计部",
			},
			Asset: fieldbook.AssetSnapshot{
				Kind:           fieldbook.AssetProduct,
				Model:          "联想 ThinkPad T14 Gen 3",
				Serial:         "PF3K8QZ2",
				PurchaseDate:   "2025-03-18",
				Warranty:       fieldbook.WarrantyIn,
				EquipmentClass: "B",
			},
			FaultSymptoms:       "开机后约十分钟自动关机，风扇噪音明显增大；运行 CAD 软件时系统卡顿并多次蓝屏。",
			CustomerRequirement: "尽快恢复正常使用，保留全部设计图纸和邮件数据，下周一前必须可用。",
			RepairHistory:       "2025 年 9 月更换过键盘（保内）；今年 6 月清理过一次风扇灰尘。",
			Diagnosis:           "散热模组积灰严重、导热硅脂老化，导致 CPU 过热保护关机；内存 8GB 不足，硬盘出现坏道（SMART 预警）。",
			WorkPerformed:       "拆机清理散热模组并更换导热硅脂；加装 16GB 内存两条；更换 512GB 固态硬盘并迁移系统与全部数据；运行压力测试 30 分钟，温度稳定在 78℃ 以下。",
			Result:              "故障排除，设备运行正常，数据完整无丢失。",
			Parts: []fieldbook.PartLine{
				{CatalogueNo: "MEM-D4-16G", Name: "内存条 DDR4 3200 16GB", Qty: 2, UnitPriceFen: 32900},
				{CatalogueNo: "SSD-NV-512", Name: "固态硬盘 NVMe 512GB", Qty: 1, UnitPriceFen: 39900},
				{CatalogueNo: "", Name: "导热硅脂（信越 7921）", Qty: 1, UnitPriceFen: 1750},
			},
			Labour: []fieldbook.LabourLine{
				{Description: "上门检测及散热系统清理", Minutes: 60, RateFen: 8000},
				{Description: "系统迁移与数据恢复", Minutes: 60, RateFen: 8000},
			},
			PaymentMethod:    "wechat",
			OldParts:         "returned_to_customer",
			AppointmentAt:    at("2026-11-27 09:30"),
			ArrivedAt:        at("2026-11-27 09:42"),
			DepartedAt:       at("2026-11-27 12:15"),
			FollowUp:         "三天后电话回访，确认温度与稳定性。",
			FollowUpAt:       at("2026-11-30 10:00"),
			Satisfaction:     4,
			CustomerComments: "工程师讲解清楚，处理及时，满意。",
		},
		Signatures: []SignatureImage{
			{
				Signature: fieldbook.Signature{Role: fieldbook.RoleCustomer, Kind: fieldbook.SignReal,
					SignerName: "李秀英", SignedAt: *at("2026-11-27 12:08"), ContentHash: h},
				PNG: scribble(tb, 600, 200, 0.3, ink),
			},
			{
				Signature: fieldbook.Signature{Role: fieldbook.RoleTechnician, Kind: fieldbook.SignReal,
					SignerName: "王建国", SignedAt: *at("2026-11-27 12:10"), ContentHash: h},
				PNG: scribble(tb, 500, 180, 2.1, color.NRGBA{0, 0, 0, 255}),
			},
			{
				Signature: fieldbook.Signature{Role: fieldbook.RolePartyA, Kind: fieldbook.SignRefused,
					SignerName: "赵经理", Reason: "需公司法务审核后再签", SignedAt: *at("2026-11-27 12:11"), ContentHash: h},
			},
		},
		ContentHash: h,
		GeneratedAt: *at("2026-11-27 12:20"),
	}
}

// repoRoot walks up from the package to the directory holding go.mod.
func repoRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("go.mod not found above the package")
		}
		dir = parent
	}
}

func render(tb testing.TB, c CustomerCopy) (path string, data []byte) {
	tb.Helper()
	var b bytes.Buffer
	if err := CustomerCopyPDF(&b, c); err != nil {
		tb.Fatalf("CustomerCopyPDF: %v", err)
	}
	path = filepath.Join(tb.TempDir(), "copy.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path, b.Bytes()
}

// pdfText extracts the text of a PDF with poppler's pdftotext, which CI has.
func pdfText(tb testing.TB, path string) string {
	tb.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		tb.Fatal("pdftotext not found: install poppler-utils (scripts/setup test does)")
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		tb.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func pdfPages(tb testing.TB, path string) int {
	tb.Helper()
	out, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		tb.Fatalf("pdfinfo: %v", err)
	}
	var n int
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "Pages:") {
			fmt.Sscan(strings.TrimPrefix(l, "Pages:"), &n)
		}
	}
	return n
}

// squash drops white space so that checks do not depend on how pdftotext
// spaces out table cells or wraps lines.
func squash(s string) string {
	return strings.Join(strings.Fields(s), "")
}

func TestCustomerCopyPDF(t *testing.T) {
	c := realisticCopy(t)
	path, data := render(t, c)
	if !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Fatalf("output starts with %q, want %%PDF", data[:min(8, len(data))])
	}
	if len(data) >= 300*1024 {
		t.Errorf("PDF is %d bytes, want < 300 KB", len(data))
	}
	if n := pdfPages(t, path); n != 1 {
		t.Errorf("pages = %d, want 1 for a normal visit", n)
	}
	text := squash(pdfText(t, path))
	for _, want := range []string{
		"客户服务记录单（客户联）",
		"ServiceRecord—CustomerCopy",
		"杭州启明信息技术服务有限公司",
		"FW-2026-112703",
		"K7QX-20261127-003",
		"李秀英",
		"开机后约十分钟自动关机，风扇噪音明显增大；运行CAD软件时系统卡顿并多次蓝屏。",
		"运行压力测试30分钟，温度稳定在78°C以下。",
		"是/在保",
		"2026-11-2709:42",
		"¥1,074.50", "¥160.00", "¥1,234.50",
		"壹仟贰佰叁拾肆元伍角整",
		"微信支付", "交还客户",
		"满意（4/5）",
		"本人签字", "王建国",
		"拒签（原因：需公司法务审核后再签）",
		"内容校验码", "Contenthash",
		squash(shortHash(c.ContentHash)),
		c.ContentHash,
		"第1页/共1页",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}

	// A picture of the page for people to look at.
	out := filepath.Join(repoRoot(t), "build", "test-artifacts", "pdf-customer-copy.png")
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		t.Fatal(err)
	}
	prefix := filepath.Join(t.TempDir(), "page")
	if b, err := exec.Command("pdftoppm", "-png", "-r", "80", "-singlefile", path, prefix).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, b)
	}
	img, err := os.ReadFile(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, img, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d bytes; page image %s", len(data), out)
}

func TestCustomerCopyPDFLongTextFlows(t *testing.T) {
	c := realisticCopy(t)
	var work strings.Builder
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&work, "第 %d 步：检查主板供电、风扇转速与散热模组，记录温度曲线并与出厂基准对比，确认无异常后进入下一步。", i)
		if i%8 == 0 {
			work.WriteString("\n")
		}
	}
	const last = "最后一句：全部步骤完成，客户已确认设备恢复正常。"
	work.WriteString(last)
	c.Visit.WorkPerformed = work.String()
	c.Visit.Diagnosis = strings.Repeat("硬盘 SMART 报告 Reallocated_Sector_Ct 持续增长；", 12)
	for i := range 12 {
		c.Visit.Parts = append(c.Visit.Parts, fieldbook.PartLine{
			CatalogueNo: fmt.Sprintf("SCR-M2-%02d", i), Name: "M2 螺丝（黑色）", Qty: 4, UnitPriceFen: 50,
		})
	}
	path, data := render(t, c)
	if len(data) >= 300*1024 {
		t.Errorf("PDF is %d bytes, want < 300 KB", len(data))
	}
	n := pdfPages(t, path)
	if n < 2 {
		t.Errorf("pages = %d, want the long visit to flow onto 2 or more", n)
	}
	text := squash(pdfText(t, path))
	for _, want := range []string{
		squash(last),
		"第1步：检查主板供电",
		"第40步：检查主板供电",
		"SCR-M2-11",
		fmt.Sprintf("第%d页/共%d页", n, n),
		"续页",
		"王建国",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	// Every step is there, once.
	for i := 1; i <= 40; i++ {
		s := fmt.Sprintf("第%d步：", i)
		if got := strings.Count(text, s); got != 1 {
			t.Errorf("%q appears %d times, want 1", s, got)
		}
	}
}

func TestCustomerCopyPDFSparse(t *testing.T) {
	// A draft-like visit with nothing filled in still renders.
	path, data := render(t, CustomerCopy{GeneratedAt: *at("2026-11-27 12:20")})
	if !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Fatal("not a PDF")
	}
	text := squash(pdfText(t, path))
	for _, want := range []string{"（无）", "（无签字）", "未评价", "未签署", "¥0.00", "零元整"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

func TestCustomerCopyPDFBadImage(t *testing.T) {
	c := realisticCopy(t)
	c.Signatures[0].PNG = []byte("not a png")
	if err := CustomerCopyPDF(&bytes.Buffer{}, c); err == nil {
		t.Error("CustomerCopyPDF with a corrupt signature image: nil error, want one")
	}
}

func TestCustomerCopyPDFConcurrent(t *testing.T) {
	c := realisticCopy(t)
	var wg sync.WaitGroup
	outs := make([][]byte, 4)
	errs := make([]error, 4)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var b bytes.Buffer
			errs[i] = CustomerCopyPDF(&b, c)
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

func BenchmarkCustomerCopyPDF(b *testing.B) {
	c := realisticCopy(b)
	c.Signatures = c.Signatures[:2]
	var buf bytes.Buffer
	if err := CustomerCopyPDF(&buf, c); err != nil { // parse the font outside the timing
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		buf.Reset()
		if err := CustomerCopyPDF(&buf, c); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	// With -benchtime 1x the loop runs once: time a fixed number of renders
	// so the printed mean means something.
	const n = 20
	start := time.Now()
	for range n {
		buf.Reset()
		if err := CustomerCopyPDF(&buf, c); err != nil {
			b.Fatal(err)
		}
	}
	mean := time.Since(start) / n
	b.ReportMetric(float64(buf.Len()), "bytes/pdf")
	fmt.Println("bench: pdf_signatures 2 signatures")
	fmt.Printf("bench: pdf_render %.1f ms\n", float64(mean.Microseconds())/1000)
	fmt.Printf("bench: pdf_bytes %d B\n", buf.Len())
}

// TestCustomerCopyLetterhead: the centre's letterhead (its logo beside the
// name, address and phone), its 客户须知 terms and the technician who did
// the work (as their signature names them) are printed.
func TestCustomerCopyLetterhead(t *testing.T) {
	c := realisticCopy(t)
	c.Logo = scribble(t, 240, 90, 3, color.NRGBA{200, 40, 40, 255})
	c.Terms = "1. 更换的配件保修三个月，人为损坏除外。\n2. 旧件如不带走，由本中心代为环保处理。"
	for i := range c.Signatures {
		if c.Signatures[i].Role == fieldbook.RoleTechnician {
			c.Signatures[i].SignerName = "王建国（工号 FW-0107）"
		}
	}
	path, _ := render(t, c)
	text := squash(pdfText(t, path))
	for _, want := range []string{"杭州启明信息技术服务有限公司", "0571-88776655", "客户须知", "更换的配件保修三个月，人为损坏除外。",
		"旧件如不带走，由本中心代为环保处理。", "服务技术员", "王建国（工号FW-0107）"} {
		if !strings.Contains(text, squash(want)) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	savePage(t, path, 1, "pdf-customer-copy-letterhead.png")
	// A logo that is no image leaves the letterhead without it.
	c.Logo = []byte("not an image")
	if err := CustomerCopyPDF(&bytes.Buffer{}, c); err != nil {
		t.Errorf("a broken logo: %v, want the copy without it", err)
	}
}

// TestCustomerCopyAmendment: an amendment's customer copy says which
// revision it amends, why, and what it changed, before and after (a
// payment method by its name).
func TestCustomerCopyAmendment(t *testing.T) {
	c := realisticCopy(t)
	c.Visit.Revision, c.Visit.Supersedes = 2, "0190a1b2-0000-7000-8000-000000000001"
	c.Visit.AmendReason = "客户指出搓纸轮单价录入有误"
	c.Changes = []fieldbook.FieldChange{
		{Field: "parts", Label: fieldbook.Message{ZH: "备品/配件", EN: "Parts"}, Old: "搓纸轮 (RM1-8808) × 1 @ ¥85.00", New: "搓纸轮 (RM1-8808) × 1 @ ¥58.00"},
		{Field: "payment_method", Label: fieldbook.Message{ZH: "付费方式", EN: "Payment method"}, Old: "cash", New: "wechat"},
	}
	path, _ := render(t, c)
	text := squash(pdfText(t, path))
	savePage(t, path, 1, "pdf-customer-copy-amendment.png")
	for _, want := range []string{"修订原因", "本单为第2版，修订第1版：客户指出搓纸轮单价录入有误", "原内容", "修订后",
		"搓纸轮(RM1-8808)×1@¥85.00", "搓纸轮(RM1-8808)×1@¥58.00", "现金", "微信支付"} {
		if !strings.Contains(text, want) {
			t.Errorf("the amendment's copy lacks %q", want)
		}
	}
	c.Visit.Supersedes, c.Changes = "", nil
	path, _ = render(t, c)
	if strings.Contains(squash(pdfText(t, path)), "修订原因") {
		t.Error("an original revision's copy has 修订说明")
	}
}

package pdf

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
)

// The complaint form names the complaint, how and when it came in and who
// took it, the customer, the job, the content, kind, analysis,
// responsibility, the compensation in figures and in capitals, the result
// and who closed it, under the centre's letterhead, in Chinese.
func TestComplaintPDF(t *testing.T) {
	cn := fieldbook.Zone("")
	f := ComplaintForm{
		Company: fieldbook.Company{Name: "上海浦江家电售后服务中心", Address: "上海市徐汇区漕溪北路 88 号", Phone: "021-64001234"},
		Complaint: fieldbook.Complaint{ID: "0193a7b2-1111-7abc-9d4e-5f60718293a4", Channel: "phone", ReceivedAt: "2026-12-07T01:30:00Z",
			ReceivedBy: "孙悦", Content: "洗衣机修好两天后又剧烈抖动，技术员上门迟到一小时", Kind: "quality",
			Analysis: "减震器批次缺陷，同批次库存已封存检测", Responsibility: "ours", Compensation: "money", CompensationFen: 20000,
			Resolution: "更换减震器，赔付 200 元，客户满意", State: fieldbook.ComplaintClosed,
			ClosedAt: "2026-12-08T06:00:00Z", ClosedBy: "孙悦"},
		Job:         fieldbook.Job{Number: "WX-20261207-001", AssignedTo: "王芳", Summary: "洗衣机脱水时剧烈抖动"},
		JobTypeName: "上门维修",
		Customer:    fieldbook.CustomerSnapshot{Name: "赵秀英", Phone: "13900001111", Address: "上海市闵行区莘庄镇莘松路 380 弄 12 号 501 室"},
		GeneratedAt: time.Date(2026, 12, 8, 15, 0, 0, 0, cn),
		Zone:        cn,
	}
	var b bytes.Buffer
	if err := ComplaintPDF(&b, f); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "complaint.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if n := pdfPages(t, path); n != 1 {
		t.Errorf("%d pages, want 1", n)
	}
	text := squash(pdfText(t, path))
	for _, want := range []string{
		"上海浦江家电售后服务中心", "客户投诉处理单", "WX-20261207-001", "5F60-7182-93A4", "已结案", "电话", "2026-12-0709:30", "孙悦",
		"质量", "赵秀英", "13900001111", "技术员上门迟到一小时", "减震器批次缺陷", "本公司", "现金赔付", "¥200.00（", "贰佰元整",
		"更换减震器", "2026-12-0814:00", "主管审核",
	} {
		if !strings.Contains(text, squash(want)) {
			t.Errorf("complaint form lacks %q:\n%s", want, text)
		}
	}
	// The id's first digits are its minute, not its number.
	if strings.Contains(text, "0193A7B2") {
		t.Errorf("complaint form numbers the complaint by its time digits 0193A7B2:\n%s", text)
	}
	t.Logf("complaint form: %s", savePage(t, path, 1, "pdf-complaint.png"))
}

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

// The dispatch slip names the job, the customer, where and how to reach
// them, the product, the fault, the appointment, when to leave and the
// technician, under the centre's letterhead, in Chinese.
func TestDispatchSlipPDF(t *testing.T) {
	cn := fieldbook.Zone("")
	at := time.Date(2026, 12, 8, 9, 30, 0, 0, cn)
	s := DispatchSlip{
		Company: fieldbook.Company{Name: "上海浦江家电售后服务中心", Address: "上海市徐汇区漕溪北路 88 号", Phone: "021-64001234"},
		Job: fieldbook.Job{Number: "WX-20261207-001", AssignedTo: "王芳", Appointment: &at,
			Summary: "洗衣机脱水时剧烈抖动，有异响；客户要求上午上门"},
		JobTypeName: "上门维修",
		Customer:    fieldbook.CustomerSnapshot{Name: "赵秀英", Phone: "13900001111", Address: "上海市闵行区莘庄镇莘松路 380 弄 12 号 501 室"},
		Asset: &fieldbook.AssetSnapshot{Kind: fieldbook.AssetProduct, Model: "海尔 EG100MATE5", Serial: "HR2025A0098",
			PurchaseDate: "2025-03-15", Warranty: fieldbook.WarrantyIn},
		GeneratedAt: time.Date(2026, 12, 7, 15, 0, 0, 0, cn),
		Zone:        cn,
	}
	var b bytes.Buffer
	if err := DispatchSlipPDF(&b, s); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "slip.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if n := pdfPages(t, path); n != 1 {
		t.Errorf("%d pages, want 1", n)
	}
	text := squash(pdfText(t, path))
	for _, want := range []string{
		"上海浦江家电售后服务中心", "售后派遣单", "WX-20261207-001", "上门维修", "王芳", "2026-12-0809:30",
		"2026-12-0808:50", "赵秀英", "13900001111", "莘松路380弄12号501室", "海尔EG100MATE5", "HR2025A0098",
		"2025-03-15", "在保", "洗衣机脱水时剧烈抖动", "客户签字",
	} {
		if !strings.Contains(text, squash(want)) {
			t.Errorf("dispatch slip lacks %q:\n%s", want, text)
		}
	}
	t.Logf("dispatch slip: %s", savePage(t, path, 1, "pdf-dispatch-slip.png"))
}

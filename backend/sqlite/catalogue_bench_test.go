package sqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
)

// BenchmarkCataloguePicker measures the visit form's picker on a price list
// of 20k parts: what a technician types (pinyin initials of one to four
// letters, part of a code, two or three characters of a name), each the
// whole Pick call; and the import of the list in one transaction.
func BenchmarkCataloguePicker(b *testing.B) {
	ctx := context.Background()
	d, err := Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	names := []string{"内存条", "固态硬盘", "机械硬盘", "主板", "电源适配器", "散热风扇", "键盘", "液晶屏", "硒鼓", "定影组件",
		"搓纸轮", "网卡", "显卡", "电池", "充电器", "触控板", "摄像头", "喇叭", "排线", "转轴"}
	brands := []string{"联想", "惠普", "戴尔", "华硕", "宏碁", "华为", "小米", "三星", "金士顿", "西部数据"}
	r := rand.New(rand.NewPCG(7, 7))
	const n = 20_000
	items := make([]fieldbook.CatalogueItem, n)
	for i := range items {
		items[i] = fieldbook.CatalogueItem{Kind: fieldbook.KindPart, Code: fmt.Sprintf("P%05d-%02d", i, r.IntN(100)),
			Name: fmt.Sprintf("%s%s %d型", brands[r.IntN(len(brands))], names[r.IntN(len(names))], r.IntN(900)+100),
			Unit: "个", PriceFen: int64(r.IntN(500_000)), Active: r.IntN(20) > 0}
	}
	start := time.Now()
	if err := d.ImportCatalogue(ctx, items); err != nil {
		b.Fatal(err)
	}
	fmt.Printf("bench: catalogue_import_20k %.2f s\n", time.Since(start).Seconds())

	typed := []string{"n", "nc", "nct", "lxnct", "g", "gtyp", "hpgd", "dy", "jp", "P0", "P123", "P19999", "内存", "固态硬", "联想", "惠普硒鼓", "500型", ""}
	var took []time.Duration
	for range 10 {
		for _, q := range typed {
			t0 := time.Now()
			if _, err := d.PickCatalogue(ctx, fieldbook.KindPart, q, 20); err != nil {
				b.Fatal(err)
			}
			took = append(took, time.Since(t0))
		}
	}
	slices.Sort(took)
	fmt.Printf("bench: catalogue_picker_p95_20k %.2f ms\n", float64(took[len(took)*95/100].Microseconds())/1000)
}

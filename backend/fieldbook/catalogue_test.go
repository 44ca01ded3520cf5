package fieldbook

import "testing"

func TestPinyinInitials(t *testing.T) {
	for name, want := range map[string]string{
		"内存条":         "nct",
		"内存条 DDR4 8G": "nctddr48g",
		"固态硬盘（1T）":    "gtyp1t",
		"上门检测":        "smjc",
		"HP 墨盒 #803":  "hpmh803",
		"":            "",
	} {
		if got := PinyinInitials(name); got != want {
			t.Errorf("PinyinInitials(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestCatalogueItemValidate(t *testing.T) {
	ok := CatalogueItem{Kind: KindPart, Code: " nc-8g ", Name: "内存条", Unit: "条", PriceFen: 19900, Active: true}
	ok.Normalize()
	if ok.Code != "NC-8G" || ok.Pinyin != "nct" {
		t.Fatalf("normalized %+v", ok)
	}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	forged := ok
	forged.Pinyin = "abc"
	bad := CatalogueItem{Kind: "tool", Code: "有空格 X", Unit: "", PriceFen: -1}
	for _, tc := range []struct {
		it   CatalogueItem
		want []string
	}{
		{forged, []string{"pinyin"}},
		{bad, []string{"kind", "code", "name", "unit", "price_fen"}},
		{CatalogueItem{Kind: KindLabour, Code: "X", Name: "检测", Pinyin: "jc", Unit: "小时", PriceFen: MaxCataloguePriceFen + 1}, []string{"price_fen"}},
	} {
		e, _ := tc.it.Validate().(*Error)
		var got []string
		if e != nil {
			for _, f := range e.Fields {
				got = append(got, f.Field)
			}
		}
		if len(got) != len(tc.want) {
			t.Errorf("%+v: refused %v, want %v", tc.it, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%+v: refused %v, want %v", tc.it, got, tc.want)
			}
		}
	}
}

package sqlite

import (
	"context"
	"testing"

	"fieldbook/backend/fieldbook"
)

func TestCustomerSearch(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	save := func(c fieldbook.Customer) fieldbook.Customer {
		t.Helper()
		c, err := d.SaveCustomer(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	wang := save(fieldbook.Customer{Name: "王建国", Phones: []string{"138-1234-5678"}, Addresses: []string{"郑州市金水路 88 号"}})
	save(fieldbook.Customer{Name: "王芳", Company: "建业物业", Phones: []string{"0371-6555 1234"}})
	save(fieldbook.Customer{Name: "Li Lei", Company: "ACME Ltd"})
	find := func(q string) []string {
		t.Helper()
		p, err := d.Customers(ctx, q, 0, 50)
		if err != nil {
			t.Fatalf("Customers(%q): %v", q, err)
		}
		var names []string
		for _, r := range p.Rows {
			names = append(names, r.Name)
		}
		if p.Total != len(names) {
			t.Errorf("Customers(%q): total %d, %d rows", q, p.Total, len(names))
		}
		return names
	}
	for q, want := range map[string][]string{
		"王建":        {"王建国"},
		"王":         {"王芳", "王建国"}, // newest first
		"建":         {"王芳", "王建国"}, // the company 建业物业, the name 王建国
		"12345678":  {"王建国"},       // the phone, written with dashes
		"6555 1234": {"王芳"},        // two words, both in the landline
		"金水路":       {"王建国"},
		"acme":      {"Li Lei"},
		"王 金水":      {"王建国"},
		"张":         nil,
		"--":        nil,
	} {
		got := find(q)
		if len(got) != len(want) {
			t.Errorf("Customers(%q) = %v, want %v", q, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("Customers(%q) = %v, want %v", q, got, want)
				break
			}
		}
	}
	// A renamed customer is found by the new name only.
	wang.Name = "李建军"
	save(wang)
	if got := find("王建"); len(got) != 0 {
		t.Errorf("the old name still matches: %v", got)
	}
	if got := find("建军"); len(got) != 1 {
		t.Errorf("the new name: %v", got)
	}
}

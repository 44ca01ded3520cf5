package sqlite

import (
	"context"
	"strings"
	"testing"

	"fieldbook/backend/fieldbook"
)

func TestSimilarCustomers(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	sun, err := d.SaveCustomer(ctx, fieldbook.Customer{Name: "孙丽", Phones: []string{"13912345678"}, Addresses: []string{"上海市静安区南京西路1266号"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.SaveCustomer(ctx, fieldbook.Customer{Name: "孙力", Phones: []string{"13812345678"}, Addresses: []string{"上海市静安区南京西路1266号"}}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		in   fieldbook.Customer
		want string // the id's why, "" for none
	}{
		{"same mobile typed with spaces", fieldbook.Customer{Name: "孙女士", Phones: []string{"139 1234 5678"}}, fieldbook.SimilarPhone},
		{"same name and address, another phone", fieldbook.Customer{Name: "孙丽", Phones: []string{"13700000000"}, Addresses: []string{"上海市静安区 南京西路 1266号"}}, fieldbook.SimilarNameAddress},
		{"same name elsewhere", fieldbook.Customer{Name: "孙丽", Addresses: []string{"北京市朝阳区建国路1号"}}, ""},
		{"another mobile", fieldbook.Customer{Name: "王强", Phones: []string{"13600000000"}}, ""},
		{"a part of the mobile", fieldbook.Customer{Name: "王强", Phones: []string{"1391234567"}}, ""},
		{"the customer itself", fieldbook.Customer{Meta: fieldbook.Meta{ID: sun.ID}, Name: "孙丽", Phones: []string{"13912345678"}}, ""},
	}
	for _, c := range cases {
		got, err := d.SimilarCustomers(ctx, c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if c.want == "" {
			if len(got) != 0 {
				t.Errorf("%s: got %+v, want none", c.name, got)
			}
			continue
		}
		if len(got) != 1 || got[0].ID != sun.ID || got[0].Why != c.want || got[0].Phone != "13912345678" {
			t.Errorf("%s: got %+v, want 孙丽 (%s)", c.name, got, c.want)
		}
	}
	// the candidates come from the search index, not a scan of customers
	rows, err := d.rdb.QueryContext(ctx, `EXPLAIN QUERY PLAN `+similarQuery, matchQuery("13912345678"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if p := strings.Join(plan, "; "); !strings.Contains(p, "SCAN s VIRTUAL TABLE") || !strings.Contains(p, "SEARCH c USING INTEGER PRIMARY KEY") {
		t.Errorf("plan scans customers: %s", p)
	}
}

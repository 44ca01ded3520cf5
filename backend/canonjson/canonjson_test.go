package canonjson

import (
	"bytes"
	"encoding/json"
	"testing"
)

// A document's canonical form is what decoding it and encoding it again
// gives, and is taken as it is; others are not. (The hub's tests compare
// the two on random documents.)
func TestCanonical(t *testing.T) {
	type item struct {
		Zeta  string  `json:"zeta"`
		Alpha []int   `json:"alpha"`
		Mid   float64 `json:"mid"`
	}
	doc, _ := json.Marshal(struct {
		Name  string `json:"name"`
		Items []item `json:"items"`
		Note  string `json:"note"`
	}{"换<主板>", []item{{"a&b", []int{3, 1}, 0.5}, {"", nil, 1e21}}, "第一行\n第\u2028行\t\"引\"\\"})
	var v any
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(v)
	got, ok := Canonical(doc)
	if !ok || !bytes.Equal(got, want) {
		t.Fatalf("Canonical(%s) = %s, %v; want %s", doc, got, ok, want)
	}
	if Is(doc) || !Is(want) {
		t.Errorf("Is(%s) = %v, Is(%s) = %v", doc, Is(doc), want, Is(want))
	}
	for raw, canon := range map[string]string{
		`{"b":1,"a":2,"b":3}`:   `{"a":2,"b":3}`,
		` [ {"a" : 1} , "x" ] `: `[{"a":1},"x"]`,
		`{"\u0061":"<"}`:        `{"a":"\u003c"}`,
		`{}`:                    `{}`,
		`["a\u000ab"]`:          `["a\nb"]`,
		`["\u003C\/"]`:          `["\u003c/"]`,
		`["a\nb\u0001\u2028"]`:  `["a\nb\u0001\u2028"]`,
	} {
		if got, ok := Canonical([]byte(raw)); !ok || string(got) != canon {
			t.Errorf("Canonical(%s) = %s, %v; want %s", raw, got, ok, canon)
		}
		if Is([]byte(raw)) != (raw == canon) {
			t.Errorf("Is(%s) = %v", raw, Is([]byte(raw)))
		}
	}
	for _, bad := range []string{`{"a":1`, `[1,]`, `{"a" 1}`, ``} {
		if _, ok := Canonical([]byte(bad)); ok {
			t.Errorf("Canonical(%s) took invalid JSON", bad)
		}
	}
}

package canonjson

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
	"unicode/utf8"
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

// AppendString and AppendScalar write what encoding/json writes, byte for
// byte: hashes of values written either way are compared.
func TestAppendWritesAsEncodingJSON(t *testing.T) {
	strs := []string{"", "plain", "客户签字 张三", "tab\there", `quote"back\slash`, "<b>&amp;</b>",
		"line\u2028sep\u2029", "bad \xff utf8", "\xe2\x80", "emoji 😀", "\x00\x1f", "末尾\u00e9"}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune{'a', '"', '\\', '<', '&', '\n', 0x1f, '张', 0x2028, 0x2029, 0x7f, 0x10FFFF, 0xFFFD}
	for range 2000 {
		var b []byte
		for range r.IntN(12) {
			if r.IntN(10) == 0 {
				b = append(b, byte(0x80+r.IntN(0x80))) // a stray continuation or lead byte
				continue
			}
			b = utf8.AppendRune(b, alphabet[r.IntN(len(alphabet))])
		}
		strs = append(strs, string(b))
	}
	vals := []any{nil, true, false, int64(-42), int64(9007199254740993), 7, 1.5, []string{"a"}, map[string]int{"b": 1}}
	for _, s := range strs {
		vals = append(vals, s)
	}
	for _, v := range vals {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := AppendScalar([]byte("x"), v)
		if err != nil || string(got) != "x"+string(want) {
			t.Errorf("AppendScalar(%#v) = %q, %v; want x%q", v, got, err, want)
		}
		if s, ok := v.(string); ok {
			if got := AppendString(nil, s); string(got) != string(want) {
				t.Errorf("AppendString(%q) = %q; want %q", s, got, want)
			}
		}
	}
}

package hub

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"testing"

	"fieldbook/backend/canonjson"
	"fieldbook/backend/schema"
)

// scalarSamples are JSON strings and integers of every shape a pushed
// field may have: escapes, characters encoding/json escapes, numbers out of
// range or written otherwise than Go writes them.
func scalarSamples() [][]byte {
	rng := rand.New(rand.NewPCG(17, 1))
	pieces := []string{"a", "Z", "9", " ", "中", "文", "<", ">", "&", "\"", "\\", "/", "\u2028", "\u2029", "\u00e9", "😀", "\x01", "\t", "\n",
		`\n`, `\u4e2d`, `\u003c`, `\"`, `\\`, `\/`, `\ud83d\ude00`}
	var raws [][]byte
	for range 5000 {
		var b bytes.Buffer
		b.WriteByte('"')
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		b.WriteByte('"')
		raws = append(raws, b.Bytes())
	}
	for _, s := range []string{"0", "-0", "1", "-1", "01", "-01", "10", "1.0", "1e3", "9223372036854775807", "-9223372036854775808",
		"9223372036854775808", "123456789012345678", "-123456789012345678", "1234567890123456789", "2", "+1", "", "-", "null", "true", `"1"`} {
		raws = append(raws, []byte(s))
	}
	for range 2000 {
		raws = append(raws, []byte(strconv.FormatInt(rng.Int64()>>rng.IntN(63), 10)))
	}
	return raws
}

// The rules' readers of a row's string and integer fields read what
// encoding/json reads, invalid UTF-8 included.
func TestFieldReadersAsDecoded(t *testing.T) {
	raws := append(scalarSamples(), []byte("\"a\xffb\""), []byte("\"\xe4\xb8\""), []byte(`{"a":1}`), []byte(`[1]`))
	for _, raw := range raws {
		fields := map[string]json.RawMessage{"f": raw}
		var s string
		_ = json.Unmarshal(raw, &s)
		if got := textField(fields, "f"); got != s {
			t.Errorf("textField(%s) = %q; encoding/json reads %q", raw, got, s)
		}
		var n int64
		_ = json.Unmarshal(raw, &n)
		if got := intField(fields, "f"); got != n {
			t.Errorf("intField(%s) = %d; encoding/json reads %d", raw, got, n)
		}
	}
	if textField(nil, "f") != "" || intField(nil, "f") != 0 {
		t.Error("an absent field is not empty")
	}
}

// The scalar fast path gives what decoding and encoding again gives, value
// for value, for strings and integers of every shape it may meet.
func TestCanonicalScalarAsDecoded(t *testing.T) {
	raws := scalarSamples()
	fields := []schema.Field{{Kind: schema.Text}, {Kind: schema.Text, Enum: []string{"a", "中文"}}, {Kind: schema.Int}, {Kind: schema.Flag}, {Kind: schema.Text, Nullable: true}}
	fast := 0
	for _, f := range fields {
		for _, raw := range raws {
			if checkEncoding(raw, schema.MaxDepth) != nil {
				continue
			}
			got, ok, err := canonicalScalar(f, raw)
			if !ok {
				continue
			}
			fast++
			want, werr := decodedCanonical(f, raw)
			if (err == nil) != (werr == nil) || !bytes.Equal(got, want) {
				t.Errorf("kind %v enum %v %s: fast path %s, %v; decoded %s, %v", f.Kind, f.Enum, raw, got, err, want, werr)
			}
		}
	}
	if fast < 5000 {
		t.Fatalf("the fast path took only %d values", fast)
	}
	// Values it leaves to the general path still come out canonical.
	for _, c := range []struct {
		kind      schema.Kind
		raw, want string
	}{
		{schema.Text, `"a\u0062"`, `"ab"`}, {schema.Text, `"<b>"`, `"\u003cb\u003e"`}, {schema.Int, "-0", "0"}, {schema.Int, "01", ""},
	} {
		got, err := canonical(schema.Field{Kind: c.kind}, json.RawMessage(c.raw))
		if string(got) != c.want || (err != nil) != (c.want == "") {
			t.Errorf("%s: %s, %v; want %q", c.raw, got, err, c.want)
		}
	}
}

// randomJSON writes a JSON value of every shape a pushed field may have:
// nested objects with repeated and escaped keys, strings with escapes and
// characters encoding/json escapes, numbers written in several ways, and
// whitespace between tokens.
func randomJSON(rng *rand.Rand, b *bytes.Buffer, depth int) {
	ws := func() {
		if rng.IntN(4) == 0 {
			b.WriteString([]string{" ", "\n", "\t ", "\r\n  "}[rng.IntN(4)])
		}
	}
	str := func() {
		pieces := []string{"a", "b", "内容", "<", "&", "\u2028", `\u003c`, `\n`, `\"`, `\\`, `\/`, `\u00e9`, `\ud83d\ude00`, "é", "😀", `\t`, `\b`, `\f`, `\u0001`, "z"}
		b.WriteByte('"')
		for range rng.IntN(4) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		b.WriteByte('"')
	}
	kind := rng.IntN(7)
	if depth > 3 {
		kind = 2 + rng.IntN(5)
	}
	switch kind {
	case 0:
		b.WriteByte('{')
		for k := range rng.IntN(6) {
			if k > 0 {
				b.WriteByte(',')
			}
			ws()
			str()
			ws()
			b.WriteByte(':')
			ws()
			randomJSON(rng, b, depth+1)
			ws()
		}
		b.WriteByte('}')
	case 1:
		b.WriteByte('[')
		for k := range rng.IntN(5) {
			if k > 0 {
				b.WriteByte(',')
			}
			ws()
			randomJSON(rng, b, depth+1)
			ws()
		}
		b.WriteByte(']')
	case 2, 3:
		str()
	case 4:
		b.WriteString([]string{"0", "-0", "12", "-3", "1.50", "1e3", "2E+2", "-4.0e-1", "123456789012345678901234567890"}[rng.IntN(9)])
	default:
		b.WriteString([]string{"true", "false", "null"}[rng.IntN(3)])
	}
}

// A JSON field's canonical form without decoding it into maps is the one
// decoding and encoding again gives.
func TestCanonicalJSONAsDecoded(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 2))
	f := schema.Field{Kind: schema.JSON}
	taken, asIs := 0, 0
	for n := 0; n < 30000; n++ {
		var b bytes.Buffer
		if rng.IntN(2) == 0 {
			b.WriteString(" ")
		}
		randomJSON(rng, &b, 0)
		raw := b.Bytes()
		if checkEncoding(raw, schema.MaxDepth) != nil {
			continue
		}
		want, werr := decodedCanonical(f, raw)
		got, ok, err := canonicalScalar(f, raw)
		if !ok {
			continue
		}
		taken++
		if (err == nil) != (werr == nil) || !bytes.Equal(got, want) {
			t.Fatalf("%s:\n fast    %s, %v\n decoded %s, %v", raw, got, err, want, werr)
		}
		// A document is taken as it is only when it is canonical already.
		if canonjson.Is(raw) && !bytes.Equal(raw, want) {
			t.Fatalf("%s: taken as it is, canonical %s", raw, want)
		}
		if again, ok, err := canonicalScalar(f, want); !ok || err != nil || !bytes.Equal(again, want) {
			t.Fatalf("%s: its canonical form %s gives %s, %v", raw, want, again, err)
		}
		if canonjson.Is(want) {
			asIs++
		}
	}
	if asIs < 1000 {
		t.Fatalf("only %d canonical documents were taken as they are", asIs)
	}
	if taken < 5000 {
		t.Fatalf("the fast path took only %d documents", taken)
	}
	for _, bad := range []string{`{"a":1`, `{"a":1} {}`, `[1,]`, `{"a" 1}`, `"text"`, `12`} {
		if _, ok, _ := canonicalScalar(f, json.RawMessage(bad)); ok {
			t.Errorf("%s: taken by the fast path", bad)
		}
		if _, err := canonical(f, json.RawMessage(bad)); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
}

package jobtype

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"fieldbook/backend/fieldbook"
)

// FuzzParse: Parse never panics; it either accepts a bundle that exports and
// parses back to itself, or rejects with an EINVALID *fieldbook.Error whose
// every field message is in both languages and starts with its line.
func FuzzParse(f *testing.F) {
	// The seeds are the built-ins and the bad cases. The built-ins go in
	// compacted, and the 94 KB house inspection cut to a few items per
	// group: the fuzzer minimises every new input it finds for up to 60 s,
	// which on inputs derived from large seeds stalls the run.
	// TestBuiltinFiles covers the whole files.
	for name, data := range BuiltinFiles() {
		if name == "house_inspection.json" {
			h := houseInspectionBundle()
			for i, g := range h.Templates[0].Groups {
				h.Templates[0].Groups[i].Items = g.Items[:min(3, len(g.Items))]
			}
			var err error
			if data, err = Export(h); err != nil {
				f.Fatal(err)
			}
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, data); err != nil {
			f.Fatal(err)
		}
		f.Add(compact.Bytes())
	}
	f.Add([]byte(base))
	for _, c := range badCases {
		f.Add([]byte(c.data))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse(data)
		if err != nil {
			var e *fieldbook.Error
			if !errors.As(err, &e) || e.Code != fieldbook.EINVALID || e.ZH == "" || e.EN == "" || len(e.Fields) == 0 {
				t.Fatalf("rejection is not a proper EINVALID error: %#v", err)
			}
			for i, fe := range e.Fields {
				if fe.ZH == "" || fe.EN == "" {
					t.Fatalf("field %d %q lacks a message: %#v", i, fe.Field, fe)
				}
				summary := i == maxReportedErrors
				if !summary && (!strings.HasPrefix(fe.ZH, "第 ") || !strings.HasPrefix(fe.EN, "line ")) {
					t.Fatalf("field %d %q has no line: %#v", i, fe.Field, fe)
				}
			}
			return
		}
		out, err := Export(b)
		if err != nil {
			t.Fatalf("an accepted bundle does not export: %v", err)
		}
		again, err := Parse(out)
		if err != nil {
			t.Fatalf("an exported bundle does not parse: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(b, again) {
			t.Fatalf("Parse(Export(b)) != b\n%s", out)
		}
	})
}

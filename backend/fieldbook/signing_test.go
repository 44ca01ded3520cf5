package fieldbook_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

// vector is a fixed record, its canonical signed content and the hash of
// that content, written once when its scheme was current.
type vector struct {
	Name      string          `json:"name"`
	Record    json.RawMessage `json:"record"`
	Canonical string          `json:"canonical"`
	Hash      string          `json:"hash"`
}

const vectorDir = "testdata/signed-content"

// loadVectors reads testdata/signed-content/<format>.json.
func loadVectors(t *testing.T, format string) []vector {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(vectorDir, format+".json"))
	if err != nil {
		t.Fatalf("every scheme has golden vectors: %v", err)
	}
	var vs []vector
	if err := json.Unmarshal(b, &vs); err != nil {
		t.Fatal(err)
	}
	if len(vs) == 0 {
		t.Fatalf("%s has no vectors", format)
	}
	for _, v := range vs {
		if sum := sha256.Sum256([]byte(v.Canonical)); hex.EncodeToString(sum[:]) != v.Hash {
			t.Fatalf("vector %q: its hash is not the SHA-256 of its canonical content", v.Name)
		}
		if !strings.HasPrefix(v.Canonical, `{"format":"`+format+`"`) {
			t.Fatalf("vector %q: its canonical content does not begin with its format %s", v.Name, format)
		}
	}
	return vs
}

// testSchemes checks every scheme of a kind of record against its vectors:
// the canonical bytes are exactly the recorded ones, the recorded hash
// still verifies (under that scheme), and the current scheme hashes new
// signatures. It returns the formats it checked.
func testSchemes[T any](t *testing.T, schemes fieldbook.Schemes[T]) []string {
	var formats []string
	for i, s := range schemes {
		formats = append(formats, s.Format)
		t.Run(s.Format, func(t *testing.T) {
			for _, v := range loadVectors(t, s.Format) {
				var rec T
				if err := json.Unmarshal(v.Record, &rec); err != nil {
					t.Fatal(err)
				}
				if got := string(s.Canonical(rec)); got != v.Canonical {
					t.Errorf("%s: a change to the canonical form of %s; make it a new scheme\n got  %s\n want %s", v.Name, s.Format, got, v.Canonical)
				}
				if format, ok := schemes.Verify(rec, v.Hash); !ok || format != s.Format {
					t.Errorf("%s: Verify(recorded hash) = %q, %v; want %s", v.Name, format, ok, s.Format)
				}
				if i == len(schemes)-1 && schemes.Hash(rec) != v.Hash {
					t.Errorf("%s: Hash() = %s, want %s", v.Name, schemes.Hash(rec), v.Hash)
				}
			}
		})
	}
	return formats
}

func TestSignedContentSchemes(t *testing.T) {
	formats := append(testSchemes(t, fieldbook.VisitSchemes), testSchemes(t, jobtype.ChecklistSchemes)...)
	// Every scheme that has vectors still verifies: none was removed.
	files, err := filepath.Glob(filepath.Join(vectorDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("vector files: %v, %v", files, err)
	}
	for _, f := range files {
		format := strings.TrimSuffix(filepath.Base(f), ".json")
		found := false
		for _, g := range formats {
			found = found || g == format
		}
		if !found {
			t.Errorf("%s has signed records (its vectors are in %s) but is no longer a scheme: its signatures would stop verifying", format, f)
		}
	}
}

// TestOldSchemeStillVerifies adds a newer scheme to the visit's: new
// hashes come from it, and a signature made under v1 still verifies as
// long as the content is unchanged.
func TestOldSchemeStillVerifies(t *testing.T) {
	v1 := loadVectors(t, fieldbook.VisitSchemes[0].Format)[1]
	var rec fieldbook.Visit
	if err := json.Unmarshal(v1.Record, &rec); err != nil {
		t.Fatal(err)
	}
	schemes := append(fieldbook.VisitSchemes[:1:1], fieldbook.Scheme[fieldbook.Visit]{Format: "test.visit-content.v2",
		Canonical: func(v fieldbook.Visit) []byte {
			return []byte(`{"format":"test.visit-content.v2","id":"` + v.ID + `"}`)
		}})
	if schemes.Hash(rec) == v1.Hash {
		t.Fatal("the newer scheme gave the v1 hash")
	}
	if format, ok := schemes.Verify(rec, v1.Hash); !ok || format != fieldbook.VisitSchemes[0].Format {
		t.Errorf("Verify(v1 hash) = %q, %v; want it verified under v1", format, ok)
	}
	if format, ok := schemes.Verify(rec, schemes.Hash(rec)); !ok || format != "test.visit-content.v2" {
		t.Errorf("Verify(v2 hash) = %q, %v", format, ok)
	}
	if !rec.SignedWith(v1.Hash) {
		t.Error("Visit.SignedWith(its v1 hash) = false")
	}
	rec.WorkPerformed += "（改）"
	if _, ok := schemes.Verify(rec, v1.Hash); ok || rec.SignedWith(v1.Hash) {
		t.Error("changed content still verifies against the old signature")
	}
}

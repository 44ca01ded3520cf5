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
)

// vector is a fixed record, its canonical signed content and the hash of
// that content, written once when its scheme was current.
type vector struct {
	Name      string          `json:"name"`
	Record    json.RawMessage `json:"record"`
	Canonical string          `json:"canonical"`
	Hash      string          `json:"hash"`
}

// loadVectors reads testdata/signed-content/<format>.json.
func loadVectors(t *testing.T, format string) []vector {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "signed-content", format+".json"))
	if err != nil {
		t.Fatalf("golden vectors of %s: %v", format, err)
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

func TestVisitContentVectors(t *testing.T) {
	for _, v := range loadVectors(t, fieldbook.ContentFormat) {
		var rec fieldbook.Visit
		if err := json.Unmarshal(v.Record, &rec); err != nil {
			t.Fatal(err)
		}
		if got := string(rec.SignedContent()); got != v.Canonical {
			t.Errorf("%s:\n SignedContent() = %s\n want            %s", v.Name, got, v.Canonical)
		}
		if got := rec.ContentHash(); got != v.Hash {
			t.Errorf("%s: ContentHash() = %s, want %s", v.Name, got, v.Hash)
		}
	}
}

package jobtype

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestChecklistContentVectors pins the checklist's signed-content hash:
// fixed checklists and the hashes their scheme gave them when it was current.
func TestChecklistContentVectors(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "signed-content", ChecklistContentFormat+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var vs []struct {
		Name      string           `json:"name"`
		Record    ChecklistContent `json:"record"`
		Canonical string           `json:"canonical"`
		Hash      string           `json:"hash"`
	}
	if err := json.Unmarshal(b, &vs); err != nil || len(vs) == 0 {
		t.Fatalf("vectors: %d, %v", len(vs), err)
	}
	for _, v := range vs {
		if sum := sha256.Sum256([]byte(v.Canonical)); hex.EncodeToString(sum[:]) != v.Hash {
			t.Fatalf("vector %q: its hash is not the SHA-256 of its canonical content", v.Name)
		}
		if got := v.Record.Hash(); got != v.Hash {
			t.Errorf("%s: Hash() = %s, want %s", v.Name, got, v.Hash)
		}
	}
}

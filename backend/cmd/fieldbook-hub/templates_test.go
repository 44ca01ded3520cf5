package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

// TestTemplatesImport publishes the built-in set, publishes it again (a
// no-op), and refuses a changed template that keeps its version number and
// a file that does not parse.
func TestTemplatesImport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "hub.db")
	data, err := jobtype.Export(jobtype.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "bundle.json")
	write := func(b []byte) {
		if err := os.WriteFile(file, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	imp := func() (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), []string{"templates", "import", "--db", db, "--centre", "上海中心", "--file", file}, &out, log)
		return out.String(), err
	}
	write(data)
	for i := 0; i < 2; i++ {
		out, err := imp()
		if err != nil || !strings.Contains(out, "published") {
			t.Fatalf("import %d = %q, %v", i+1, out, err)
		}
	}
	write(bytes.Replace(data, []byte(`"zh": "墙壁"`), []byte(`"zh": "墙面"`), 1))
	if _, err := imp(); fieldbook.ErrorCode(err) != fieldbook.ECONFLICT {
		t.Errorf("a changed template with the same version = %v, want conflict", err)
	}
	write([]byte(`{"format": "fieldbook.jobtypes.v1", "job_types": [`))
	if _, err := imp(); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("a broken file = %v, want invalid", err)
	}
}

package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestOpenOddPath opens a store in a folder whose name has Chinese, spaces
// and the characters an SQLite URI treats specially: the database is made
// exactly there, and opens again.
func TestOpenOddPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "张伟 的数据 #2 100%")
	ctx := context.Background()
	for range 2 {
		d, err := Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		if d.Path() != filepath.Join(dir, DBFile) {
			t.Errorf("Path() = %q", d.Path())
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, DBFile)); err != nil {
		t.Errorf("the database is not in %s: %v", dir, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("the parent holds %d entries, want only the data directory (no stray file from a cut URI)", len(entries))
	}
}

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
)

// TestBackupAndCheck: the operator backs a hub up, checks the copy and the
// original, and a check of a damaged copy or a missing file fails.
func TestBackupAndCheck(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, backup := filepath.Join(dir, "hub.db"), filepath.Join(dir, "备份", "hub-2026-12-06.db")
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	cmd := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, args, &out, quiet)
		return out.String(), err
	}
	for _, args := range [][]string{{"migrate", "--db", db}, {"user", "add", "--db", db, "--name", "张伟", "--role", "technician", "--centre", "上海中心"}} {
		if _, err := cmd(args...); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(backup), 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := cmd("backup", "--db", db, "--to", backup); err != nil || !strings.Contains(out, "quick_check ok") {
		t.Fatalf("backup = %q, %v", out, err)
	}
	for _, f := range []string{db, backup} {
		if out, err := cmd("check", "--db", f); err != nil || !strings.HasSuffix(out, "ok\n") {
			t.Errorf("check %s = %q, %v", f, out, err)
		}
	}
	if _, err := cmd("check", "--db", filepath.Join(dir, "nope.db")); err == nil {
		t.Error("check of a missing file succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "nope.db")); err == nil {
		t.Error("check made the missing database")
	}
	if _, err := cmd("backup", "--db", db); err == nil {
		t.Error("backup without --to succeeded")
	}
	if out, err := cmd("--version"); err != nil || out != "fieldbook-hub "+version+"\n" {
		t.Errorf("--version = %q, %v", out, err)
	}
	// The operator says a database was restored: a new epoch, named.
	out, err := cmd("restored", "--db", db)
	if err != nil || !strings.HasPrefix(out, "new epoch ") {
		t.Errorf("restored = %q, %v", out, err)
	}
	if _, err := cmd("restored", "--db", filepath.Join(dir, "typo.db")); err == nil {
		t.Error("restored of a missing file succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "typo.db")); err == nil {
		t.Error("restored made the missing database")
	}
	again, err := cmd("restored", "--db", db)
	if err != nil || again == out {
		t.Errorf("restored twice = %q then %q, %v; want two epochs", out, again, err)
	}
}

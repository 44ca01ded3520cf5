//go:build !windows && !darwin

package launch

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestFileRunsXdgOpen puts a stand-in xdg-open first on PATH that writes
// down its argument: a path with Chinese and spaces arrives as one argument.
func TestFileRunsXdgOpen(t *testing.T) {
	bin, dir := t.TempDir(), filepath.Join(t.TempDir(), "张伟 的文件")
	record := filepath.Join(bin, "opened")
	script := "#!/bin/sh\nprintf '%s' \"$1\" > " + record + ".tmp && mv " + record + ".tmp " + record + "\n"
	if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, "客户联 ZW01-0007.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := File(pdf); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		got, err := os.ReadFile(record)
		if err == nil {
			if string(got) != pdf {
				t.Errorf("xdg-open got %q, want %q", got, pdf)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("xdg-open was not run")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestFileMissing(t *testing.T) {
	if err := File(filepath.Join(t.TempDir(), "没有.pdf")); err == nil {
		t.Error("File(missing) = nil, want an error")
	}
}

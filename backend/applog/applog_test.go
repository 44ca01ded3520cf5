package applog

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLogWritesJSONLinesToTheDataDirectoryAndEcho(t *testing.T) {
	dir := t.TempDir()
	var echo bytes.Buffer
	l := Open(dir, &echo)
	l.Info("store open", "open_ms", 12)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, Dir, File))
	if err != nil {
		t.Fatal(err)
	}
	var rec map[string]any
	if err := json.Unmarshal(data, &rec); err != nil {
		t.Fatalf("log line %q is not JSON: %v", data, err)
	}
	if rec["msg"] != "store open" || rec["open_ms"] != float64(12) {
		t.Errorf("log record = %v, want msg and open_ms", rec)
	}
	if echo.String() != string(data) {
		t.Errorf("echo = %q, want the same line as the file %q", echo.String(), data)
	}
}

func TestLogRotatesBySizeAndFilesListsOldestFirst(t *testing.T) {
	dir := t.TempDir()
	l := Open(dir, nil)
	// Three megabytes past the limit: at least one rotation.
	pad := strings.Repeat("x", 1000)
	n := (MaxMegabytes + 3) * 1024
	for i := range n {
		l.Info("line", "i", i, "pad", pad)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	files, err := Files(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 2 {
		t.Fatalf("Files = %v, want a rotated file and the current one", files)
	}
	if filepath.Base(files[len(files)-1]) != File {
		t.Errorf("last file = %s, want the current %s", files[len(files)-1], File)
	}
	// Oldest first: the first line of each file follows the last of the one before.
	last := -1
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if st.Size() > MaxMegabytes<<20 {
			t.Errorf("%s is %d bytes, over the %d MB limit", f, st.Size(), MaxMegabytes)
		}
		first := firstIndex(t, f)
		if first <= last {
			t.Errorf("%s starts at line %d, not after %d: not oldest first", f, first, last)
		}
		last = first
	}
}

func firstIndex(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 64<<10)
	if !sc.Scan() {
		t.Fatalf("%s is empty", path)
	}
	var rec struct{ I int }
	if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
		t.Fatal(err)
	}
	return rec.I
}

func TestFilesOfAnEmptyDataDirectory(t *testing.T) {
	files, err := Files(t.TempDir())
	if err != nil || len(files) != 0 {
		t.Errorf("Files = %v, %v; want none", files, err)
	}
}

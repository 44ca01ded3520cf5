package launch

import (
	"path/filepath"
	"testing"
)

// TestFileMissing: ShellExecute is asked with the path in UTF-16 and
// reports that a file under a Chinese folder name does not exist (no
// viewer opens on the test machine).
func TestFileMissing(t *testing.T) {
	if err := File(filepath.Join(t.TempDir(), "张伟 的文件", "没有.pdf")); err == nil {
		t.Error("File(missing) = nil, want an error")
	}
}

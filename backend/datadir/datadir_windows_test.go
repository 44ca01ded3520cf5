package datadir

import (
	"path/filepath"
	"testing"

	"golang.org/x/sys/windows"
)

// TestResolveWindows: with no flag and no FIELDBOOK_DATA_DIR the data
// directory is Fieldbook in the Local AppData known folder, as Windows
// reports it (not as an environment variable says).
func TestResolveWindows(t *testing.T) {
	t.Setenv(EnvVar, "")
	t.Setenv("LOCALAPPDATA", `C:\nowhere`)
	local, err := windows.KnownFolderPath(windows.FOLDERID_LocalAppData, 0)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Resolve("")
	if want := filepath.Join(local, "Fieldbook"); err != nil || got != want {
		t.Errorf("Resolve(\"\") = %q, %v, want %q", got, err, want)
	}
	if got, _ := Resolve(`D:\数据\张伟`); got != `D:\数据\张伟` {
		t.Errorf("Resolve(D:\\数据\\张伟) = %q", got)
	}
}

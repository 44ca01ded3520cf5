package sqlite

import "testing"

func TestFileURIWindows(t *testing.T) {
	for in, want := range map[string]string{
		`C:\Users\张伟\AppData\Local\Fieldbook\fieldbook.db`: "file:/C:/Users/张伟/AppData/Local/Fieldbook/fieldbook.db",
		`D:\资料#2\100%\fieldbook.db`:                        "file:/D:/资料%232/100%25/fieldbook.db",
		`\\server\share\Fieldbook\fieldbook.db`:            "file:////server/share/Fieldbook/fieldbook.db",
	} {
		if got := fileURI(in); got != want {
			t.Errorf("fileURI(%q) = %q, want %q", in, got, want)
		}
	}
}

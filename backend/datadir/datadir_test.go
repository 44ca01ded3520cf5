package datadir

import (
	"path/filepath"
	"testing"
)

// TestDefault is the rule for each platform, whatever this one is; user
// names in Chinese are ordinary path elements.
func TestDefault(t *testing.T) {
	tests := []struct {
		goos string
		home string
		env  map[string]string
		want string
	}{
		{"linux", "/home/li", nil, filepath.Join("/home/li", ".local", "share", "fieldbook")},
		{"linux", "/home/li", map[string]string{"XDG_DATA_HOME": "/data"}, filepath.Join("/data", "fieldbook")},
		{"linux", "/home/li", map[string]string{"XDG_DATA_HOME": "relative"}, filepath.Join("/home/li", ".local", "share", "fieldbook")},
		{"linux", "/home/张伟", nil, filepath.Join("/home/张伟", ".local", "share", "fieldbook")},
		{"freebsd", "/home/li", nil, filepath.Join("/home/li", ".local", "share", "fieldbook")},
		{"darwin", "/Users/li", nil, filepath.Join("/Users/li", "Library", "Application Support", "Fieldbook")},
		{"windows", "", map[string]string{"LOCALAPPDATA": `C:\Users\li\AppData\Local`}, filepath.Join(`C:\Users\li\AppData\Local`, "Fieldbook")},
		{"windows", "", map[string]string{"LOCALAPPDATA": `C:\Users\张伟\AppData\Local`}, filepath.Join(`C:\Users\张伟\AppData\Local`, "Fieldbook")},
		{"windows", "", map[string]string{"APPDATA": `C:\Users\张伟\AppData\Roaming`}, filepath.Join(`C:\Users\张伟\AppData\Roaming`, "Fieldbook")},
	}
	for _, tt := range tests {
		t.Run(tt.goos+tt.want, func(t *testing.T) {
			home := func() (string, error) { return tt.home, nil }
			got, err := Default(tt.goos, func(k string) string { return tt.env[k] }, home)
			if err != nil || got != tt.want {
				t.Errorf("Default(%q) = %q, %v, want %q", tt.goos, got, err, tt.want)
			}
		})
	}
	if _, err := Default("windows", func(string) string { return "" }, nil); err == nil {
		t.Error("Default(windows) with no LOCALAPPDATA/APPDATA: want an error")
	}
}

// TestResolveFlagAndEnv: the flag wins, then the environment; both made absolute.
func TestResolveFlagAndEnv(t *testing.T) {
	flagDir, envDir := filepath.Join(t.TempDir(), "张伟 的数据"), filepath.Join(t.TempDir(), "环境")
	t.Setenv(EnvVar, envDir)
	if got, err := Resolve(flagDir); err != nil || got != flagDir {
		t.Errorf("Resolve(flag) = %q, %v, want %q", got, err, flagDir)
	}
	if got, err := Resolve(""); err != nil || got != envDir {
		t.Errorf("Resolve(\"\") with %s set = %q, %v, want %q", EnvVar, got, err, envDir)
	}
}

package datadir

import (
	"path/filepath"
	"testing"
)

func TestDefault(t *testing.T) {
	home := func() (string, error) { return "/home/li", nil }
	tests := []struct {
		goos string
		env  map[string]string
		want string
	}{
		{"linux", nil, "/home/li/.local/share/fieldbook"},
		{"linux", map[string]string{"XDG_DATA_HOME": "/data"}, "/data/fieldbook"},
		{"linux", map[string]string{"XDG_DATA_HOME": "relative"}, "/home/li/.local/share/fieldbook"},
		{"freebsd", nil, "/home/li/.local/share/fieldbook"},
		{"darwin", nil, "/home/li/Library/Application Support/Fieldbook"},
		{"windows", map[string]string{"LOCALAPPDATA": `C:\Users\li\AppData\Local`}, filepath.Join(`C:\Users\li\AppData\Local`, "Fieldbook")},
	}
	for _, tt := range tests {
		t.Run(tt.goos+tt.want, func(t *testing.T) {
			got, err := Default(tt.goos, func(k string) string { return tt.env[k] }, home)
			if err != nil || got != tt.want {
				t.Errorf("Default(%q) = %q, %v, want %q", tt.goos, got, err, tt.want)
			}
		})
	}
	if _, err := Default("windows", func(string) string { return "" }, home); err == nil {
		t.Error("Default(windows) with no LOCALAPPDATA/APPDATA: want an error")
	}
}

func TestResolvePrecedence(t *testing.T) {
	t.Setenv(EnvVar, "/from/env")
	if got, _ := Resolve("/from/flag"); got != "/from/flag" {
		t.Errorf("Resolve(flag) = %q, want /from/flag", got)
	}
	if got, _ := Resolve(""); got != "/from/env" {
		t.Errorf("Resolve(\"\") with %s set = %q, want /from/env", EnvVar, got)
	}
	t.Setenv(EnvVar, "")
	t.Setenv("XDG_DATA_HOME", "/xdg")
	if got, _ := Resolve(""); got != "/xdg/fieldbook" {
		t.Errorf("Resolve(\"\") = %q, want /xdg/fieldbook", got)
	}
}

//go:build !windows && !darwin

package datadir

import "testing"

func TestResolveXDG(t *testing.T) {
	t.Setenv(EnvVar, "")
	t.Setenv("XDG_DATA_HOME", "/xdg")
	if got, _ := Resolve(""); got != "/xdg/fieldbook" {
		t.Errorf("Resolve(\"\") = %q, want /xdg/fieldbook", got)
	}
}

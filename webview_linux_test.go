//go:build !e2e

package main

import (
	"os"
	"slices"
	"testing"
)

// The web view's variables are set before WebKit starts, a value the user
// set is kept, and only what the app set is taken out again once the
// window runs, so that programs it opens later do not inherit them.
func TestWebViewEnv(t *testing.T) {
	// The user's own value for the first variable; none for the others.
	t.Setenv(webViewEnv[0][0], "user value")
	for _, kv := range webViewEnv[1:] {
		t.Setenv(kv[0], "")
		os.Unsetenv(kv[0])
	}

	set := setWebViewEnv()
	want := []string{}
	for _, kv := range webViewEnv[1:] {
		want = append(want, kv[0])
		if got := os.Getenv(kv[0]); got != kv[1] {
			t.Errorf("%s = %q before WebKit starts, want %q", kv[0], got, kv[1])
		}
	}
	if !slices.Equal(set, want) {
		t.Errorf("set %v, want %v", set, want)
	}
	if got := os.Getenv(webViewEnv[0][0]); got != "user value" {
		t.Errorf("%s = %q, want the user's value kept", webViewEnv[0][0], got)
	}

	clearWebViewEnv(set)
	for _, kv := range webViewEnv[1:] {
		if v, ok := os.LookupEnv(kv[0]); ok {
			t.Errorf("%s = %q still set once the window runs", kv[0], v)
		}
	}
	if got := os.Getenv(webViewEnv[0][0]); got != "user value" {
		t.Errorf("%s = %q after the window started, want the user's value kept", webViewEnv[0][0], got)
	}
}

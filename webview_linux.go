//go:build !e2e

package main

import "os"

// webViewEnv is the environment WebKitGTK is started with on Linux: it is
// read by the web process WebKit starts for the page, and is set here
// because nothing else can reach it before it starts. A variable the user
// set keeps the user's value.
//
//   - JavaScriptCore without its JITs: the pages' code runs in its
//     interpreter. The UI's scripts are short handlers and renders of a
//     page of rows, which spend their time in layout and in Go, not in
//     JavaScript: the web process used no more CPU time over the bench's
//     start and five pages (2.0-2.4 s against 2.2-2.6 s with the JITs)
//     nor on 统计 with its charts, and took 25-35 MB less without the
//     compilers, their profiles and their code.
//   - JavaScriptCore's small-heap mode (implied by the first; explicit so
//     that a user who turns the JIT back on keeps it): the collector runs
//     when the heap has grown by about a quarter instead of doubling (a
//     collection of this app's 20 MB heap takes a few milliseconds).
//
// The web process takes 160 MB instead of 200 (PSS at 100k jobs after
// every page of the menu, scripts/window-bench).
var webViewEnv = [][2]string{
	{"JSC_useJIT", "false"},
	{"JSC_forceMiniVMMode", "true"},
}

// setWebViewEnv sets webViewEnv where the user has not, before WebKit
// starts; it returns what it set, for clearWebViewEnv.
func setWebViewEnv() []string {
	var set []string
	for _, kv := range webViewEnv {
		if _, ok := os.LookupEnv(kv[0]); ok {
			continue
		}
		if os.Setenv(kv[0], kv[1]) == nil {
			set = append(set, kv[0])
		}
	}
	return set
}

// clearWebViewEnv takes the variables back out once the window and its
// web process run, so that a program the app opens (xdg-open and the
// viewer it starts) does not inherit them.
func clearWebViewEnv(set []string) {
	for _, k := range set {
		_ = os.Unsetenv(k)
	}
}

//go:build !e2e

package main

import (
	"os"
	"runtime"
)

// webViewEnv is the environment WebKitGTK is started with on Linux: it is
// read by GTK when the window opens and by the web process WebKit starts
// for the page, and is set here because nothing else can reach them
// before they start. A variable the user set keeps the user's value.
//
//   - JavaScriptCore without its optimising JITs (DFG, and FTL above it):
//     the pages' code runs in the interpreter and the baseline JIT, which
//     is what short UI handlers reach anyway; the optimising tiers'
//     compilers, profiles and code took 16 MB of the web process.
//   - JavaScriptCore's small-heap mode: the garbage collector runs when
//     the heap has grown by about a quarter instead of doubling (a
//     collection of this app's 20 MB heap takes a few milliseconds): 14 MB.
//
// Together the web process takes 170 MB instead of 200 (PSS at 100k jobs
// after every page of the menu, scripts/window-bench).
var webViewEnv = [][2]string{
	{"JSC_useDFGJIT", "false"},
	{"JSC_forceMiniVMMode", "true"},
}

// setWebViewEnv sets webViewEnv where the user has not, before WebKit
// starts; it returns what it set, for clearWebViewEnv.
func setWebViewEnv() []string {
	if runtime.GOOS != "linux" {
		return nil
	}
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

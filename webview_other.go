//go:build !e2e && !linux

package main

// setWebViewEnv sets nothing where the web view is not WebKitGTK
// (webview_linux.go).
func setWebViewEnv() []string { return nil }

func clearWebViewEnv([]string) {}

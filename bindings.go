//go:build bindings

package main

// generatingBindings is true in the binary that `wails generate module`
// builds and runs to write frontend/wailsjs: it must not touch a database.
const generatingBindings = true

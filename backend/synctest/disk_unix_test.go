//go:build !windows

package synctest

import "syscall"

// syncDisks writes every dirty page to disk (sync(2)).
func syncDisks() { syscall.Sync() }

//go:build !windows

package datadir

import (
	"os"
	"runtime"
)

func platformDefault() (string, error) {
	return Default(runtime.GOOS, os.Getenv, os.UserHomeDir)
}

//go:build !windows

package synctest

import "syscall"

// syncDisks writes every dirty page to disk (sync(2)).
func syncDisks() { syscall.Sync() }

// processCPU is the CPU time (user and system) this process has used: the
// hub and the laptop of a benchmark run in it, so a figure's CPU is both.
func processCPU() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

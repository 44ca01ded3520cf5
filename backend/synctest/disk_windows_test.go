package synctest

// syncDisks has no system-wide equivalent on Windows: the benchmarks that
// settle a loaded hub before timing it run on Linux.
func syncDisks() {}

// processCPU is not measured on Windows (the benchmarks run on Linux).
func processCPU() float64 { return 0 }

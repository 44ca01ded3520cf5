package synctest

// syncDisks has no system-wide equivalent on Windows: the benchmarks that
// settle a loaded hub before timing it run on Linux.
func syncDisks() {}

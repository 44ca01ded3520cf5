package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fieldbook/backend/demo"
	"fieldbook/backend/fieldbook"
)

// BenchmarkSnapshot prints the time of a snapshot (online backup) of a
// store holding 100k generated jobs with their visits and signatures.
func BenchmarkSnapshot(b *testing.B) {
	ctx := context.Background()
	d, err := Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	if err := d.LoadDemo(ctx, demo.New(42).Sets(benchVisits, time.Date(2025, 11, 1, 0, 0, 0, 0, fieldbook.Zone(""))), 2000); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		start := time.Now()
		s, err := d.TakeSnapshot(ctx, SnapshotManual)
		if err != nil {
			b.Fatal(err)
		}
		fmt.Printf("bench: laptop_snapshot_100k_s %.2f s (%d jobs, %.0f MB)\n", time.Since(start).Seconds(), benchVisits, float64(s.Bytes)/(1<<20))
		start = time.Now()
		if err := quickCheck(ctx, d.rdb); err != nil {
			b.Fatal(err)
		}
		fmt.Printf("bench: laptop_quick_check_100k_s %.2f s (run at every start)\n", time.Since(start).Seconds())
	}
}

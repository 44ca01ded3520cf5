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
		// A technician keeps typing meanwhile: a customer saved every
		// 20 ms; the longest save is the stall the snapshot causes.
		stop := make(chan struct{})
		typing := saveWhile(ctx, b, d, stop)
		start := time.Now()
		s, err := d.TakeSnapshot(ctx, SnapshotManual)
		if err != nil {
			b.Fatal(err)
		}
		elapsed := time.Since(start)
		close(stop)
		stall := <-typing
		fmt.Printf("bench: laptop_snapshot_100k_s %.2f s (%d jobs, %.0f MB)\n", elapsed.Seconds(), benchVisits, float64(s.Bytes)/(1<<20))
		fmt.Printf("bench: laptop_snapshot_write_stall_max_ms %.0f ms (the longest customer save during the snapshot)\n", float64(stall.Microseconds())/1000)
		stop = make(chan struct{})
		typing = saveWhile(ctx, b, d, stop)
		start = time.Now()
		if err := quickCheck(ctx, d.rdb); err != nil {
			b.Fatal(err)
		}
		elapsed = time.Since(start)
		close(stop)
		stall = <-typing
		fmt.Printf("bench: laptop_quick_check_100k_s %.2f s (run at every start, in the background)\n", elapsed.Seconds())
		fmt.Printf("bench: laptop_quick_check_write_stall_max_ms %.0f ms (the longest customer save during the check)\n", float64(stall.Microseconds())/1000)
	}
}

// saveWhile saves a customer every 20 ms until stop is closed, then sends
// the longest save.
func saveWhile(ctx context.Context, b *testing.B, d *DB, stop <-chan struct{}) <-chan time.Duration {
	out := make(chan time.Duration, 1)
	go func() {
		var longest time.Duration
		for i := 0; ; i++ {
			select {
			case <-stop:
				out <- longest
				return
			case <-time.After(20 * time.Millisecond):
			}
			start := time.Now()
			if _, err := d.SaveCustomer(ctx, fieldbook.Customer{Name: fmt.Sprintf("快照期间的客户 %d", i), Phones: []string{"13800000000"}}); err != nil {
				b.Error(err)
			}
			longest = max(longest, time.Since(start))
		}
	}()
	return out
}

package adversarial

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// loadBigRows has 李强 push about mib MiB of visits on his own job, in
// batches within the push limit: rows 张伟 may not read.
func loadBigRows(t testing.TB, e *hubEnv, mib int) {
	t.Helper()
	e.tech2.mustApply(customer("cb", "大客户"), job("jb", "NB-001", "it_onsite", "cb", "李强", "in_progress"))
	text := strings.Repeat("长", 1300) // 3.9 KB, within a text field's limit
	content := map[string]string{}
	for i := range 450 { // about 1.75 MiB of content
		content[fmt.Sprintf("note_%03d", i)] = text
	}
	const perBatch = 8
	n := mib * 1024 / 1750
	for i := 0; i < n; i += perBatch {
		var batch []change
		for j := i; j < min(i+perBatch, n); j++ {
			batch = append(batch, visit(fmt.Sprintf("big-%04d", j), "jb", content))
		}
		e.tech2.mustApply(batch...)
	}
}

// TestPullMemoryBounded: 8 pulls at once, past 180 MiB of rows the puller
// may not read, raise the hub's memory by less than 64 MiB: which rows a
// pull may send is decided in the store's query and no field of a row not
// sent is read.
func TestPullMemoryBounded(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newHub(t, store)
			loadBigRows(t, e, 180)
			e.restart() // a fresh process: what the pulls take is what it holds
			var devices []*device
			for range 8 {
				devices = append(devices, e.enrol("张伟"))
			}
			peak, base := pullPeak(t, e, devices)
			t.Logf("%s: hub RSS %.0f MiB before the pulls, peak %.0f MiB during 8 concurrent pulls past 180 MiB of unreadable rows",
				store, float64(base)/(1<<20), float64(peak)/(1<<20))
			if rise := peak - base; rise >= 64<<20 {
				t.Errorf("8 concurrent pulls raised the hub's memory by %.0f MiB, want under 64", float64(rise)/(1<<20))
			}
		})
	}
}

// pullPeak runs a full pull of each device at once and returns the hub's
// peak resident memory during them and before them.
func pullPeak(t testing.TB, e *hubEnv, devices []*device) (peak, base int64) {
	t.Helper()
	base, err := e.hub.RSS()
	if err != nil {
		t.Fatal(err)
	}
	peak = base
	done := make(chan struct{})
	var mu sync.Mutex
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
			if rss, err := e.hub.RSS(); err == nil {
				mu.Lock()
				peak = max(peak, rss)
				mu.Unlock()
			}
		}
	}()
	var wg sync.WaitGroup
	for _, d := range devices {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, r := range d.pullAll() {
				if strings.HasPrefix(r.ID, "big-") {
					t.Errorf("%s pulled %s, which it may not read", d.name, r.ID)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(done)
	mu.Lock()
	defer mu.Unlock()
	return peak, base
}

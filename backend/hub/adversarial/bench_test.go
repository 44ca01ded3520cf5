package adversarial

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// BenchmarkFiftyDevices: 50 devices of 25 technicians push and pull
// against a real hub for 60 s, each its own jobs and visits; then every
// change the hub acknowledged is on it. It prints the push latency's p99
// and the hub's memory after.
func BenchmarkFiftyDevices(b *testing.B) {
	for _, store := range stores {
		// 50 enrolments from one address in a few seconds: above the
		// default throttle, which is tested on its own.
		e := newHub(b, store, "--enrol-per-minute", "6000")
		var devices []*device
		for i := range 25 {
			name := fmt.Sprintf("技术员%02d", i)
			e.run("user", "add", "--db", e.db, "--name", name, "--role", "technician", "--centre", "北区")
			devices = append(devices, e.enrol(name), e.enrol(name))
		}
		type acked struct{ id, summary string }
		var mu sync.Mutex
		var latencies []time.Duration
		var acks []acked
		errs := 0
		deadline := time.Now().Add(60 * time.Second)
		var wg sync.WaitGroup
		for di, d := range devices {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cursor := int64(0)
				for n := 0; time.Now().Before(deadline); n++ {
					id := fmt.Sprintf("d%02d-%05d", di, n)
					summary := fmt.Sprintf("第%d次", n)
					body := js(map[string]any{"batch_id": newUUID(), "changes": []change{
						customer("c-"+id, "客户"+id),
						job("j-"+id, "N-"+id, "plain", "c-"+id, d.name, "in_progress"),
						visit("v-"+id, "j-"+id, map[string]string{"diagnosis": summary}),
					}})
					t0 := time.Now()
					status, a, _ := d.pushRaw(body)
					took := time.Since(t0)
					ok := status == 200 && len(a.Results) == 3 && a.Results[1].Status == "applied"
					pulled, _, _ := d.do("GET", "/v1/pull?cursor="+strconv.FormatInt(cursor, 10), nil, nil)
					mu.Lock()
					latencies = append(latencies, took)
					if ok && pulled == 200 {
						acks = append(acks, acked{"j-" + id, summary})
					} else {
						errs++
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		// Nothing acknowledged is missing.
		onHub := map[string]bool{}
		for _, r := range e.clerk.pullAll() {
			if r.Table == "jobs" {
				onHub[r.ID] = true
			}
		}
		lost := 0
		for _, a := range acks {
			if !onHub[a.id] {
				lost++
			}
		}
		if errs > 0 || lost > 0 {
			b.Errorf("%s: %d errors, %d acknowledged jobs missing", store, errs, lost)
		}
		slices.Sort(latencies)
		rss, _ := e.hub.RSS()
		suffix := ""
		if store != "sqlite" {
			suffix = "_" + store
		}
		fmt.Printf("# %s hub: 50 devices for 60 s, %d pushes of 3 rows, %d errors, %d lost\n", store, len(latencies), errs, lost)
		fmt.Printf("bench: hub_50_devices_push_p99_ms%s %.1f ms\n", suffix, float64(latencies[len(latencies)*99/100].Microseconds())/1000)
		fmt.Printf("bench: hub_rss_mb_after_50_devices%s %.0f MB\n", suffix, float64(rss)/(1<<20))
		e.hub.Stop()
	}
}

// BenchmarkPullPastBigRows: the hub's peak memory while 8 devices pull at
// once past 180 MiB of rows they may not read.
func BenchmarkPullPastBigRows(b *testing.B) {
	for _, store := range stores {
		e := newHub(b, store)
		loadBigRows(b, e, 180)
		e.restart()
		var devices []*device
		for range 8 {
			devices = append(devices, e.enrol("张伟"))
		}
		peak, base := pullPeak(b, e, devices)
		suffix := ""
		if store != "sqlite" {
			suffix = "_" + store
		}
		fmt.Printf("# %s hub: resident memory %.0f MiB before 8 concurrent pulls past 180 MiB of unreadable rows\n", store, float64(base)/(1<<20))
		fmt.Printf("bench: pull_past_big_rows_peak_mb%s %.0f MB\n", suffix, float64(peak)/(1<<20))
		e.hub.Stop()
	}
}

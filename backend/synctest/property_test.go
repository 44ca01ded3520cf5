package synctest

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

var (
	soak     = flag.Int("soak", 0, "seeds per hub backend for TestSyncProperty (also FIELDBOOK_SOAK_SEEDS); 0: the quick default")
	seedFlag = flag.Uint64("seed", 0, "run TestSyncProperty on this one seed only")
	avoid    = flag.Bool("avoid-known-bugs", false, "keep each visit on the device that started it (steers clear of the two-signers bug)")
)

// quickSeeds is how many seeds each backend runs in a plain go test.
const quickSeeds = 50

func seeds() []uint64 {
	if *seedFlag != 0 {
		return []uint64{*seedFlag}
	}
	n := quickSeeds
	if *soak > 0 {
		n = *soak
	} else if s, err := strconv.Atoi(os.Getenv("FIELDBOOK_SOAK_SEEDS")); err == nil && s > 0 {
		n = s
	}
	out := make([]uint64, n)
	for i := range out {
		out[i] = uint64(i + 1)
	}
	return out
}

var defaultOptions = options{ops: 150, faultRate: 0.25}

// TestSyncProperty is the proof that nothing is lost: four desktops (two
// technicians, one with two laptops, and a clerk) and a hub, random work
// with partial syncs and injected faults (lost requests and answers,
// duplicates, the hub killed between commit and reply, cut uploads), then a
// final sync of everyone; every replica must equal the hub for what its
// user may read, nothing twice, every acknowledged change on the hub or in
// the device's sync issues, and every signed visit must verify everywhere.
// Seeds 1…50 run on each hub store (100 in all); -soak N or
// FIELDBOOK_SOAK_SEEDS=N runs N per store, -seed S one.
func TestSyncProperty(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel() // two cores: both stores at once
			var total stats
			start := time.Now()
			for _, seed := range seeds() {
				opts := defaultOptions
				opts.ownVisits = *avoid
				// A subtest per seed, so its hub and stores close when
				// it ends (a soak of thousands would run out of
				// PostgreSQL connections otherwise).
				var w *world
				t.Run(fmt.Sprintf("seed-%d", seed), func(t *testing.T) {
					w = newWorld(t, b, seed, opts)
					w.run()
					w.report(t, b.name)
				})
				total.add(w.st)
				if t.Failed() && *soak == 0 {
					// The first failing seed says enough; the others
					// usually fail the same way.
					t.Logf("stopping at the first failing seed; rerun with -seed %d", seed)
					break
				}
			}
			t.Logf("%s: %d seeds in %s: %s", b.name, len(seeds()), time.Since(start).Round(time.Millisecond), total)
			// The seeds cover the desk's side: answers, reassignments and
			// two people dispatching or rescheduling one job.
			if *seedFlag == 0 && !t.Failed() && (total.answers == 0 || total.reassigned == 0 || total.dispatchConflicts == 0) {
				t.Errorf("the seeds never exercised the dispatch: %d answers, %d reassignments, %d dispatch conflicts",
					total.answers, total.reassigned, total.dispatchConflicts)
			}
		})
	}
}

// TestSyncPropertyTwoHubs runs the property with two hub processes on one
// PostgreSQL database: devices alternate between them, and every tenth step
// all of them sync at the same time, each through its own hub.
func TestSyncPropertyTwoHubs(t *testing.T) {
	pg := backends[1]
	var total stats
	for seed := uint64(1); seed <= 8; seed++ {
		w := newWorld(t, pg, 1000+seed, options{ops: 100, faultRate: 0.2, twoHubs: true, concurrent: true, ownVisits: *avoid})
		w.run()
		w.report(t, "two hubs")
		total.add(w.st)
		if t.Failed() {
			break
		}
	}
	t.Logf("two hubs on PostgreSQL: %s", total)
}

// TestDeviceClockChangesNothing runs one seed twice, the second time with
// device clocks off by ±30 days, and compares the hub's outcome ignoring
// timestamps: the same rows (by order of creation), seqs, versions,
// values, conflicts and rejections. The devices send and fetch one blob at
// a time (serialBlobs): the faults of both runs fall on the same requests.
func TestDeviceClockChangesNothing(t *testing.T) {
	const seed = 7
	sqliteHub := backends[0]
	opts := defaultOptions
	opts.ops, opts.ownVisits, opts.serialBlobs = 250, *avoid, true
	plain := newWorld(t, sqliteHub, seed, opts)
	plain.run()
	plain.report(t, "clock: true clocks")
	opts.shift = map[string]time.Duration{"A1": 30 * 24 * time.Hour, "A2": -30 * 24 * time.Hour, "B": 30 * 24 * time.Hour, "C": -30 * 24 * time.Hour}
	shifted := newWorld(t, sqliteHub, seed, opts)
	shifted.run()
	shifted.report(t, "clock: shifted clocks")
	a, b := plain.outcome(), shifted.outcome()
	if len(a) < 20 {
		t.Fatalf("the seed produced only %d outcome lines; pick a busier one", len(a))
	}
	diffs := 0
	for i := 0; i < max(len(a), len(b)); i++ {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			if diffs < 10 {
				t.Errorf("outcome differs with shifted clocks:\n  true:    %s\n  shifted: %s", x, y)
			}
			diffs++
		}
	}
	t.Logf("compared %d outcome lines; %d differ", len(a), diffs)
	if diffs > 0 {
		// Where the two runs parted: the first step of the traces that differs.
		pa, pb := plain.namedTrace(), shifted.namedTrace()
		for i := 0; i < max(len(pa), len(pb)); i++ {
			if i >= len(pa) || i >= len(pb) || pa[i] != pb[i] {
				t.Logf("the runs part at step %d:\n  true:    %s\n  shifted: %s", i, at(pa, i), at(pb, i))
				for j := max(0, i-15); j < i; j++ {
					t.Logf("before: %s", pa[j])
				}
				break
			}
		}
	}
}

// namedTrace is the world's trace with ids replaced by logical names and
// the hub's address (a port of its own in each run) by "hub".
func (w *world) namedTrace() []string {
	out := slices.Clone(w.trace)
	for i := range out {
		for id, n := range w.names {
			out[i] = strings.ReplaceAll(out[i], id, n)
		}
		out[i] = hubAddr.ReplaceAllString(out[i], "hub")
	}
	return out
}

var hubAddr = regexp.MustCompile(`127\.0\.0\.1:\d+`)

func at(l []string, i int) string {
	if i < len(l) {
		return l[i]
	}
	return "(end)"
}

// outcome is the hub's state as lines, with ids replaced by logical names
// and every device-clock-derived value left out: timestamps (a complaint's
// among them), job numbers
// (device code and day), the hub's time and ids of audit events, and in visit content the registration number and
// repair history built from them; content hashes are checked by
// VerifyVisit instead.
func (w *world) outcome() []string {
	devName := map[string]string{w.filer.Device.ID: "filer"}
	for _, d := range w.devs {
		devName[d.id] = d.name
	}
	var out []string
	for _, r := range w.hubRows() {
		var fields []string
		for _, c := range syncCols(r.Table) {
			raw, ok := r.Fields[c]
			if !ok {
				continue
			}
			switch c {
			case "created_at", "signed_at", "submitted_at", "number", "content_hash",
				"received_at", "closed_at", // a complaint's, the desk's clock when it was taken and closed
				"at", "filed_at": // the hub's clock, in the audit trail and on filing
				continue
			case "content":
				var m map[string]any
				_ = json.Unmarshal(raw, &m)
				delete(m, "registration_no")
				delete(m, "repair_history")
				raw, _ = json.Marshal(m)
			}
			v := canon(raw)
			var s string
			if json.Unmarshal(raw, &s) == nil && w.names[s] != "" {
				v = w.names[s]
			}
			fields = append(fields, c+"="+v)
		}
		name := w.name(r.ID)
		if r.Table == "job_events" {
			name = "audit event" // the hub names it; its fields say what it is
		}
		out = append(out, fmt.Sprintf("%s seq=%d version=%d deleted=%v created_by=%s %s", name, r.Seq, r.Version, r.Deleted, r.CreatedBy, strings.Join(fields, " ")))
	}
	conflicts, _ := w.hubs[0].store.Conflicts(w.ctx, centre)
	for _, c := range conflicts {
		out = append(out, fmt.Sprintf("conflict %s.%s by %s", w.name(c.RowID), c.Field, devName[c.Device]))
	}
	rejections, _ := w.hubs[0].store.Rejections(w.ctx, centre)
	for _, r := range rejections {
		out = append(out, fmt.Sprintf("rejection %s by %s: %s", w.name(r.RowID), devName[r.Device], r.Code))
	}
	for _, d := range w.devs {
		issues, _ := d.db.SyncIssues(w.ctx)
		var lines []string
		for _, is := range issues {
			lines = append(lines, fmt.Sprintf("issue on %s: %s %s.%s %s", d.name, is.Kind, w.name(is.RowID), is.Field, is.Code))
		}
		sort.Strings(lines)
		out = append(out, lines...)
	}
	return out
}

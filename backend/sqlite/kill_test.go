package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The child side of TestAutosaveSurvivesSIGKILL: autosave edit after edit,
// printing "ack N" only once SaveVisitDraft has returned for edit N.
func autosaveChild(dir, visitID string) {
	ctx := context.Background()
	d, err := Open(ctx, dir)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(3)
	}
	v, err := d.Visit(ctx, visitID)
	if err != nil {
		fmt.Println("visit:", err)
		os.Exit(3)
	}
	start, _ := strconv.Atoi(strings.TrimPrefix(v.Visit.WorkPerformed, "编辑 "))
	for n := start + 1; ; n++ {
		v.Visit.WorkPerformed = fmt.Sprintf("编辑 %d", n)
		v.Visit.CustomerComments = strings.Repeat("很满意，", n%50)
		if _, err := d.SaveVisitDraft(ctx, v.Visit); err != nil {
			fmt.Println("save:", err)
			os.Exit(3)
		}
		fmt.Printf("ack %d\n", n)
	}
}

func TestMain(m *testing.M) {
	if dir := os.Getenv("FIELDBOOK_AUTOSAVE_CHILD_DIR"); dir != "" {
		autosaveChild(dir, os.Getenv("FIELDBOOK_AUTOSAVE_CHILD_VISIT"))
		return
	}
	os.Exit(m.Run())
}

// TestAutosaveSurvivesSIGKILL kills a process that is autosaving, many times
// at random moments, and checks that every edit it acknowledged is on disk
// and that the database passes integrity_check.
func TestAutosaveSurvivesSIGKILL(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	_, _, j := newJob(t, d, "孙丽", "13655556666")
	view, err := d.StartVisit(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()

	rng := rand.New(rand.NewPCG(1, 2))
	const rounds = 25
	lastAck := 0
	for round := 0; round < rounds; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "FIELDBOOK_AUTOSAVE_CHILD_DIR="+dir, "FIELDBOOK_AUTOSAVE_CHILD_VISIT="+view.Visit.ID)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Let it save between 1 and 60 edits, then kill it mid-stream.
		killAfter := 1 + rng.IntN(60)
		lines := bufio.NewScanner(out)
		acks := 0
		for lines.Scan() {
			line := lines.Text()
			n, ok := strings.CutPrefix(line, "ack ")
			if !ok {
				t.Fatalf("round %d: child said %q", round, line)
			}
			lastAck, _ = strconv.Atoi(n)
			if acks++; acks == killAfter {
				time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond)
				if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
				break
			}
		}
		// Acks already printed but not yet read are acknowledged too.
		for lines.Scan() {
			if n, ok := strings.CutPrefix(lines.Text(), "ack "); ok {
				lastAck, _ = strconv.Atoi(n)
			}
		}
		_ = cmd.Wait()

		d, err := Open(ctx, dir)
		if err != nil {
			t.Fatalf("round %d: reopen after SIGKILL: %v", round, err)
		}
		var check string
		if err := d.db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
			t.Fatalf("round %d: integrity_check = %q, %v", round, check, err)
		}
		got, err := d.Visit(ctx, view.Visit.ID)
		if err != nil {
			t.Fatal(err)
		}
		saved, _ := strconv.Atoi(strings.TrimPrefix(got.Visit.WorkPerformed, "编辑 "))
		// The store may hold one edit more than acknowledged (committed, then
		// killed before the ack was printed), never one less.
		if saved < lastAck || saved > lastAck+1 {
			t.Fatalf("round %d: stored edit %d, last acknowledged %d", round, saved, lastAck)
		}
		lastAck = saved
		d.Close()
	}
	t.Logf("%d kills, %d edits acknowledged and found", rounds, lastAck)
}

package synctest

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"fieldbook/backend/hub/pgtest"
	"fieldbook/backend/protocol"
	"fieldbook/backend/syncer"
)

// TestRestoreDrill is the operator's restore drill on both hub stores: the
// hub is backed up while the four devices sync at once (SQLite:
// "fieldbook-hub backup", the online backup API; PostgreSQL: pg_dump),
// work and syncs go on — the desk dispatching, reassigning and
// rescheduling, technicians answering and handing jobs back — the hub is
// stopped, the backup restored (SQLite: the file put in place; PostgreSQL:
// pg_restore into a new database) and started, and work and syncs go on
// again. Every device must notice the restored hub at its next sync, and
// after the final sync the property test's checks must hold: every
// replica equals the hub for what its user may read, every change a
// device was told was saved is on the hub (sent again by its device if
// the restore lost it), in its sync issues, or waiting in its outbox for
// what it needs to come back, and every signed visit verifies everywhere.
// Faults (lost requests and answers, a hub killed between commit and
// reply, cut uploads) go on throughout. Each visit is drafted and signed
// on the device that started it (options.ownVisits): two laptops signing
// one visit is a known bug of its own (TestTwoDevicesSignOneVisit), which
// a restore makes likelier to surface.
func TestRestoreDrill(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			for seed := uint64(1); seed <= 6; seed++ {
				t.Run(fmt.Sprintf("seed-%d", seed), func(t *testing.T) {
					w := newWorld(t, b, 5000+seed, options{faultRate: 0.2, ownVisits: true})
					w.restoreDrill(t, b)
					w.report(t, "restore drill "+b.name)
				})
				if t.Failed() {
					break
				}
			}
		})
	}
}

func (w *world) restoreDrill(t *testing.T, b backend) {
	const steps = 70
	for range steps {
		w.step()
	}
	h := w.hubs[0]
	before, err := h.store.Epoch(w.ctx, centre, "")
	if err != nil {
		t.Fatal(err)
	}

	// Back up while every device syncs.
	done := make(chan struct{})
	go func() { w.burst(); close(done) }()
	backup := backUp(t, b, h)
	<-done
	w.logf("hub backed up")

	// Work goes on; the clerk files nothing until the restore (a clerk
	// action the restore loses has no device to send it again).
	w.opts.noFiling = true
	for range steps {
		w.step()
	}

	w.restore(t, b, backup)
	after, err := h.store.Epoch(w.ctx, centre, before.Epoch)
	if err != nil {
		t.Fatal(err)
	}
	if after.HubID != before.HubID || after.Epoch == before.Epoch {
		t.Fatalf("the restored hub: id %s → %s, epoch %s → %s; want the same id and a new epoch", before.HubID, after.HubID, before.Epoch, after.Epoch)
	}
	if after.Floor < before.Seq {
		t.Fatalf("the restored hub's floor for the old epoch is %d (sequence before the backup %d)", after.Floor, before.Seq)
	}
	w.logf("hub restored: epoch %s, floor %d (the sequence was %d when the drill's backup began)", after.Epoch, after.Floor, before.Seq)
	// What the hub acknowledged above the floor is gone with the restore.
	// For the checks, such a change counts as accepted at the floor: its
	// value must be on the hub now, sent again by its device, or replaced
	// by a change the restored hub accepted (conflicts and rejections stay
	// what they were: the devices keep them as sync issues).
	w.mu.Lock()
	for _, p := range w.pushes {
		for j := range p.resp.Results {
			if r := &p.resp.Results[j]; r.Status != protocol.StatusRejected && r.Seq > after.Floor {
				r.Seq = after.Floor
			}
		}
	}
	w.mu.Unlock()

	// Every device notices at its next sync.
	requeued := 0
	for _, d := range w.devs {
		rep, err := w.sync(d, "first sync after the restore", nil)
		if err != nil {
			t.Fatalf("%s: first sync after the restore: %v", d.name, err)
		}
		if !rep.HubRestored {
			w.failf("%s did not notice the restored hub: %+v", d.name, rep)
		}
		requeued += rep.Requeued
		var st syncer.HubState
		if ok, err := d.db.SyncState(w.ctx, "hub", &st); err != nil || !ok || st.Epoch != after.Epoch {
			w.failf("%s keeps hub state %+v (%v), want epoch %s", d.name, st, err, after.Epoch)
		}
	}
	if requeued == 0 {
		w.failf("no device had anything to send again: the drill lost nothing, so it proved nothing (pick another seed)")
	}
	t.Logf("restore drill on %s: floor %d, %d rows sent again", b.name, after.Floor, requeued)

	w.opts.noFiling = false
	for range steps {
		w.step()
	}
	if w.converge() {
		w.check()
	}
	for _, d := range w.devs {
		rep, err := w.sync(d, "sync after convergence", nil)
		if err == nil && rep.HubRestored {
			w.failf("%s saw the hub restored again without a restore", d.name)
		}
	}
}

// backUp backs the hub up as its operator would (SQLite: the online
// backup API of "fieldbook-hub backup"; PostgreSQL: pg_dump) and returns
// the backup's path.
func backUp(t *testing.T, b backend, h *hubProc) string {
	t.Helper()
	backup := filepath.Join(t.TempDir(), "hub-backup")
	if b.name == "sqlite" {
		if _, err := h.store.Backup(context.Background(), backup); err != nil {
			t.Fatal(err)
		}
	} else {
		pgTool(t, "pg_dump", "--format=custom", "--file="+backup, h.dsn)
	}
	return backup
}

// restore stops the hub, restores the backup (SQLite: the file put in
// place; PostgreSQL: pg_restore into a new database) and starts it again.
func (w *world) restore(t *testing.T, b backend, backup string) {
	t.Helper()
	h := w.hubs[0]
	h.stop()
	if b.name == "sqlite" {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(h.dsn + suffix); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
		}
		copyFile(t, backup, h.dsn)
	} else {
		h.dsn = cluster.NewDatabase(t)
		pgTool(t, "pg_restore", "--no-owner", "--dbname="+h.dsn, backup)
	}
	if err := h.start(); err != nil {
		t.Fatal(err)
	}
	for _, d := range w.devs {
		d.tr.base.CloseIdleConnections()
	}
	w.logf("hub restored")
}

// pgTool runs a PostgreSQL client program of the test cluster's version.
func pgTool(t *testing.T, name string, args ...string) {
	t.Helper()
	out, err := exec.Command(filepath.Join(pgtest.BinDir, name), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

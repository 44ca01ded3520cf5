package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"
	"testing"
	"time"

	"fieldbook/backend/hub"
	"fieldbook/backend/protocol"
)

// SHA returns the hex SHA-256 of data.
func SHA(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// testAuthorisation checks each role against each operation on rows of its
// own, of another technician and of another centre. An operation is
// allowed when it takes effect on the target row (or returns it).
func testAuthorisation(t *testing.T, e *Env) {
	// Fixtures: a job (with customer, visit and document) per owner.
	type target struct {
		centre, job, customer, sha string
		owner                      hub.Principal
	}
	targets := map[string]target{}
	for _, o := range []struct {
		key   string
		owner hub.Principal
	}{{"alice", e.Alice}, {"bob", e.Bob}, {"xena", e.Xena}} {
		job := "job-" + o.key
		e.SeedJob(o.owner, job, o.owner.User.Name)
		data := append([]byte{}, PNG...)
		data = append(data, o.key...)
		sha := SHA(data)
		if _, _, err := e.Svc.AppendBlob(e.Ctx, o.owner, sha, int64(len(data)), 0, data); err != nil {
			t.Fatal(err)
		}
		e.MustApply(o.owner, protocol.Change{Table: "documents", ID: "doc-" + o.key, Fields: F("job_id", job, "kind", "photo", "sha256", sha, "size", len(data))})
		targets[o.key] = target{centre: o.owner.User.Centre, job: job, customer: "cust-" + job, sha: sha, owner: o.owner}
	}

	n := 0
	unique := func() string { n++; return fmt.Sprint("v", n) }
	readRow := func(p hub.Principal, tg target, table, id string) bool {
		rows, _ := e.PullAll(p, 0, 0, 0)
		return find(rows, table, id) != nil && p.User.Centre == tg.centre
	}
	write := func(p hub.Principal, tg target, table, id, field string) bool {
		val := unique()
		base := int64(0)
		if r := e.Row(tg.centre, table, id); r != nil {
			base = r.Seq
		}
		e.Push(p, protocol.Change{Table: table, ID: id, BaseSeq: base, Fields: F(field, val)})
		return Text(e.Row(tg.centre, table, id), field) == val
	}
	ops := []struct {
		name string
		do   func(p hub.Principal, tg target) bool
	}{
		{"read job", func(p hub.Principal, tg target) bool { return readRow(p, tg, "jobs", tg.job) }},
		{"write job content", func(p hub.Principal, tg target) bool { return write(p, tg, "jobs", tg.job, "summary") }},
		{"write filing fields", func(p hub.Principal, tg target) bool { return write(p, tg, "jobs", tg.job, "archive_no") }},
		{"read customer", func(p hub.Principal, tg target) bool { return readRow(p, tg, "customers", tg.customer) }},
		{"write customer", func(p hub.Principal, tg target) bool { return write(p, tg, "customers", tg.customer, "note") }},
		{"push visit", func(p hub.Principal, tg target) bool {
			id := unique()
			e.Push(p, protocol.Change{Table: "visits", ID: id, Fields: F("job_id", tg.job, "revision", 1, "status", "draft", "content", map[string]any{}, "signed", 0)})
			return e.Row(tg.centre, "visits", id) != nil
		}},
		{"download blob", func(p hub.Principal, tg target) bool {
			b, err := e.Svc.ReadBlob(e.Ctx, p, tg.sha)
			return err == nil && len(b.Data) > 0
		}},
	}
	// want[role][scope] lists the operations allowed, in the order of ops:
	// read job, write content, write filing, read customer, write customer, push visit, download blob.
	const Y, N = true, false
	actors := []struct {
		role  string
		p     hub.Principal
		scope map[string]target // own / other technician's / other centre
		want  map[string][]bool
	}{
		{hub.RoleTechnician, e.Alice, map[string]target{"own": targets["alice"], "other technician's": targets["bob"], "other centre": targets["xena"]},
			map[string][]bool{
				"own":                {Y, Y, N, Y, Y, Y, Y},
				"other technician's": {N, N, N, Y, Y, N, N},
				"other centre":       {N, N, N, N, N, N, N},
			}},
		{hub.RoleClerk, e.Carol, map[string]target{"own": targets["alice"], "other technician's": targets["bob"], "other centre": targets["xena"]},
			// A clerk's filing goes through clerk actions only, never a push.
			map[string][]bool{
				"own":                {Y, N, N, Y, N, N, Y},
				"other technician's": {Y, N, N, Y, N, N, Y},
				"other centre":       {N, N, N, N, N, N, N},
			}},
		{hub.RoleAdmin, e.Adam, map[string]target{"own": targets["alice"], "other technician's": targets["bob"], "other centre": targets["xena"]},
			map[string][]bool{
				"own":                {Y, N, N, Y, N, N, Y},
				"other technician's": {Y, N, N, Y, N, N, Y},
				"other centre":       {N, N, N, N, N, N, N},
			}},
	}
	for _, a := range actors {
		for _, scope := range []string{"own", "other technician's", "other centre"} {
			for i, op := range ops {
				t.Run(fmt.Sprintf("%s/%s/%s", a.role, op.name, scope), func(t *testing.T) {
					if got := op.do(a.p, a.scope[scope]); got != a.want[scope][i] {
						t.Errorf("%s %s on %s row: allowed = %v, want %v", a.role, op.name, scope, got, a.want[scope][i])
					}
				})
			}
		}
	}
}

// testConcurrentWriters pushes from 8 goroutines while a reader pulls in a
// loop. The reader must end up having seen every row at its final seq:
// a row committed below the reader's cursor after the reader passed it
// would be missed for good.
func testConcurrentWriters(t *testing.T, e *Env) {
	const writers, batches, perBatch = 8, 15, 4
	devices := make([]hub.Principal, writers)
	for i := range devices {
		devices[i] = e.Enrol([]string{"alice", "bob"}[i%2])
	}
	seen := map[string]int64{} // table/id -> highest seq seen by the reader
	var cursor int64
	pulls := 0
	pullOnce := func() error {
		page, err := e.Svc.Pull(e.Ctx, e.Carol, cursor, 50, 0)
		if err != nil {
			return err
		}
		for _, r := range page.Rows {
			if r.Seq <= cursor {
				return fmt.Errorf("row %s seq %d at or below cursor %d", r.ID, r.Seq, cursor)
			}
			seen[r.Table+"/"+r.ID] = max(seen[r.Table+"/"+r.ID], r.Seq)
		}
		cursor = page.Cursor
		pulls++
		return nil
	}

	var wg sync.WaitGroup
	errs := make(chan error, writers)
	done := make(chan struct{})
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range batches {
				var changes []protocol.Change
				for k := range perBatch {
					changes = append(changes, protocol.Change{Table: "customers", ID: fmt.Sprintf("w%d-b%d-%d", w, b, k), Fields: F("name", "并发")})
				}
				// Everyone also edits one shared row, so rows move up the sequence.
				changes = append(changes, protocol.Change{Table: "customers", ID: "shared", BaseSeq: 1 << 40, Fields: F("note", fmt.Sprint(w, "-", b))})
				if _, err := e.Svc.Push(e.Ctx, devices[w], protocol.PushRequest{BatchID: fmt.Sprintf("%08d-0000-4000-8000-%012d", w, b), Changes: changes}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()
	deadline := time.After(45 * time.Second)
loop:
	for {
		select {
		case <-done:
			break loop
		case err := <-errs:
			t.Fatalf("writer: %v", err)
		case <-deadline:
			t.Fatal("writers did not finish in 45 s")
		default:
			if err := pullOnce(); err != nil {
				t.Fatal(err)
			}
		}
	}
	close(errs)
	for err := range errs {
		t.Fatalf("writer: %v", err)
	}
	// Catch up, then compare with the hub's final state.
	for range 1000 {
		before := cursor
		if err := pullOnce(); err != nil {
			t.Fatal(err)
		}
		if cursor == before {
			break
		}
	}
	final, _ := e.PullAll(e.Carol, 0, 0, 0)
	if want := writers*batches*perBatch + 1; len(final) != want {
		t.Fatalf("hub holds %d rows, want %d", len(final), want)
	}
	missed := 0
	for _, r := range final {
		if seen[r.Table+"/"+r.ID] != r.Seq {
			missed++
			if missed < 5 {
				t.Errorf("reader missed %s/%s at seq %d (saw seq %d, cursor %d)", r.Table, r.ID, r.Seq, seen[r.Table+"/"+r.ID], cursor)
			}
		}
	}
	if missed > 0 {
		t.Errorf("reader missed %d of %d rows", missed, len(final))
	}
	t.Logf("%d writers × %d batches; reader made %d pulls during and after", writers, batches, pulls)
}

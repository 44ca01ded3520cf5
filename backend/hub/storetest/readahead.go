package storetest

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/hub"
	"fieldbook/backend/protocol"
)

// testPushReadsAhead: the rules of a batch read what they need of the
// store several rows to a statement — the rows the changes name, the jobs
// and signed records they point to, the jobs of those, the owners of the
// blobs they reference — not a row at a time: a laptop's first push of
// thousands of signatures and documents is not thousands of queries.
func testPushReadsAhead(t *testing.T, e *Env) {
	var changes []protocol.Change
	sha := e.Upload(e.Alice, append(slices.Clone(PNG), "签名"...))
	for _, j := range []string{"j1", "j2"} {
		v := "v-" + j
		e.SeedJob(e.Alice, j, "alice")
		e.MustApply(e.Alice, protocol.Change{Table: "visits", ID: v, Fields: F("job_id", j, "revision", 1, "status", "finished", "content", map[string]any{}, "signed", 1)})
		hash := fieldbook.Visit{Meta: fieldbook.Meta{ID: v}, JobID: j, Revision: 1}.ContentHash()
		changes = append(changes,
			protocol.Change{Table: "signatures", ID: "s-" + j, Fields: F("visit_id", v, "role", "customer", "kind", "real", "signer_name", "王先生",
				"strokes", []any{}, "image_sha256", sha, "content_hash", hash, "signed_at", "2026-11-03T10:00:00Z")},
			protocol.Change{Table: "documents", ID: "d-" + j, Fields: F("job_id", j, "kind", "scan", "sha256", sha, "size", len(PNG)+6)})
	}
	counted := &readCounter{Store: e.Store}
	resp, err := hub.NewService(counted, slog.New(slog.DiscardHandler)).Push(e.Ctx, e.Alice, protocol.PushRequest{BatchID: uuid.NewString(), Changes: changes})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range resp.Results {
		if r.Status != protocol.StatusApplied {
			t.Errorf("%s/%s: %s %+v", r.Table, r.ID, r.Status, r.Reason)
		}
	}
	if len(counted.single) > 0 {
		t.Errorf("the batch read a row at a time: %v", counted.single)
	}
}

// readCounter is a store whose write transactions note every read of one
// row, one lookup key or one blob's owner.
type readCounter struct {
	hub.Store
	single []string
}

func (s *readCounter) Write(ctx context.Context, centre string, now time.Time, fn func(hub.WriteTx) error) error {
	return s.Store.Write(ctx, centre, now, func(tx hub.WriteTx) error { return fn(&countedTx{WriteTx: tx, s: s}) })
}

// bulkTx is what the stores offer to read and write many rows at once.
type bulkTx interface {
	PutRows(ctx context.Context, rows []*hub.Row) error
	Rows(ctx context.Context, table string, ids []string) ([]*hub.Row, error)
	LookupRowsIn(ctx context.Context, table string, keys []string) ([]*hub.Row, error)
	BlobsOwned(ctx context.Context, user string, shas []string) (map[string]bool, error)
}

type countedTx struct {
	hub.WriteTx
	s *readCounter
}

func (t *countedTx) Row(ctx context.Context, table, id string) (*hub.Row, error) {
	t.s.single = append(t.s.single, "row "+table+"/"+id)
	return t.WriteTx.Row(ctx, table, id)
}

func (t *countedTx) LookupRows(ctx context.Context, table, key string) ([]*hub.Row, error) {
	t.s.single = append(t.s.single, "lookup "+table+" "+key)
	return t.WriteTx.LookupRows(ctx, table, key)
}

func (t *countedTx) BlobOwned(ctx context.Context, user, sha string) (bool, error) {
	t.s.single = append(t.s.single, fmt.Sprintf("owner of %.8s", sha))
	return t.WriteTx.BlobOwned(ctx, user, sha)
}

func (t *countedTx) PutRows(ctx context.Context, rows []*hub.Row) error {
	return t.WriteTx.(bulkTx).PutRows(ctx, rows)
}

func (t *countedTx) Rows(ctx context.Context, table string, ids []string) ([]*hub.Row, error) {
	return t.WriteTx.(bulkTx).Rows(ctx, table, ids)
}

func (t *countedTx) LookupRowsIn(ctx context.Context, table string, keys []string) ([]*hub.Row, error) {
	return t.WriteTx.(bulkTx).LookupRowsIn(ctx, table, keys)
}

func (t *countedTx) BlobsOwned(ctx context.Context, user string, shas []string) (map[string]bool, error) {
	return t.WriteTx.(bulkTx).BlobsOwned(ctx, user, shas)
}

// testSignaturesOfOneBatch: a signature is checked against its record as
// the batch has left it so far — a signature refused over the content the
// record had, then the record changed, then a signature over the new
// content: the second is taken.
func testSignaturesOfOneBatch(t *testing.T, e *Env) {
	e.SeedJob(e.Alice, "j1", "alice")
	e.MustApply(e.Alice, protocol.Change{Table: "visits", ID: "v1", Fields: F("job_id", "j1", "revision", 1, "status", "draft", "content", map[string]any{}, "signed", 0)})
	edited := fieldbook.Visit{Meta: fieldbook.Meta{ID: "v1"}, JobID: "j1", Revision: 1, Diagnosis: "电源板故障"}
	sig := func(id, role string) protocol.Change {
		return protocol.Change{Table: "signatures", ID: id, Fields: F("visit_id", "v1", "role", role, "kind", "real", "signer_name", "王先生",
			"strokes", []any{}, "content_hash", edited.ContentHash(), "signed_at", "2026-11-03T10:00:00Z")}
	}
	resp := e.Push(e.Alice,
		sig("s1", "customer"), // over content the visit does not have yet
		protocol.Change{Table: "visits", ID: "v1", BaseSeq: e.Row("north", "visits", "v1").Seq, Fields: F("content", map[string]any{"diagnosis": "电源板故障"})},
		sig("s2", "technician"))
	if got := []string{resp.Results[0].Status, resp.Results[1].Status, resp.Results[2].Status}; !slices.Equal(got, []string{protocol.StatusRejected, protocol.StatusApplied, protocol.StatusApplied}) {
		t.Errorf("results = %v, want the first signature rejected, the edit and the second signature applied", got)
	}
}

package sqlstore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"fieldbook/backend/hub"
	"fieldbook/backend/hub/storetest"
)

// TestPutRowsPullScan: rows written several to a statement (PutRows) are
// the rows PutRow writes; PullScan selects, in its query, the rows a
// technician may read as CanRead decides them, with their stored sizes, and
// PullFields reads the fields as stored.
func TestPutRowsPullScan(t *testing.T) {
	for name, open := range map[string]storetest.Open{"sqlite": openSQLite, "postgres": openPostgres} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db := open(t)
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			now := time.Date(2026, 11, 3, 2, 0, 0, 0, time.UTC)
			row := func(table, id, jobID string, fields map[string]any) *hub.Row {
				r := &hub.Row{Table: table, ID: id, Version: 2, Fields: map[string]json.RawMessage{}, FieldSeq: map[string]int64{},
					FieldDevice: map[string]string{}, CreatedBy: "alice", JobID: jobID, UpdatedAt: now}
				for k, v := range fields {
					r.Fields[k], _ = json.Marshal(v)
				}
				return r
			}
			var rows []*hub.Row
			for i := range 1203 { // crosses the statement chunks (of either store)
				jobID := fmt.Sprintf("job-%04d", i)
				var assignee any = "bob"
				switch i % 3 {
				case 1:
					assignee = 7 // not text: nobody
				case 2:
					assignee = nil
				}
				job := row("jobs", jobID, jobID, map[string]any{"number": "N-" + jobID, "assigned_to": assignee, "summary": "引号\"与\\反斜杠"})
				if assignee == "bob" {
					job.Assignee = "bob"
				}
				if i%5 == 0 {
					job.CreatedBy = "carol"
				}
				rows = append(rows, job,
					row("visits", fmt.Sprintf("visit-%04d", i), jobID, map[string]any{"job_id": jobID, "content": map[string]any{"fault": "不制冷", "n": i}}))
			}
			rows[5].Deleted = true
			rows = append(rows, row("customers", "cust-1", "", map[string]any{"name": "王先生", "phones": []string{"138"}}))
			err := db.Write(ctx, "north", now, func(tx hub.WriteTx) error {
				for _, r := range rows {
					r.Seq = tx.NextSeq()
					for k := range r.Fields {
						r.FieldSeq[k], r.FieldDevice[k] = r.Seq, "dev-1"
					}
				}
				if err := tx.PutRow(ctx, rows[0]); err != nil {
					return err
				}
				return tx.(interface {
					PutRows(context.Context, []*hub.Row) error
				}).PutRows(ctx, rows[1:])
			})
			if err != nil {
				t.Fatal(err)
			}
			byID := map[string]*hub.Row{}
			for _, r := range rows {
				byID[r.Table+"/"+r.ID] = r
			}
			for _, reader := range []string{"", "alice", "bob"} {
				q := hub.PullQuery{Before: 1 << 40, Limit: 500, Reader: reader, ReferenceTables: []string{"customers"}}
				n := 0
				for {
					got, counter, err := db.PullScan(ctx, "north", q)
					if err != nil {
						t.Fatal(err)
					}
					if counter != int64(len(rows)) {
						t.Fatalf("counter %d, wrote %d rows", counter, len(rows))
					}
					var seqs []int64
					for _, m := range got {
						seqs = append(seqs, m.Seq)
					}
					fields := map[int64][]byte{}
					var called []int64
					if err := db.PullFields(ctx, "north", seqs, func(seq int64, f []byte) error {
						fields[seq] = append([]byte(nil), f...)
						called = append(called, seq)
						return nil
					}); err != nil {
						t.Fatal(err)
					}
					// Only the rows asked for, in seq order (whether read as
					// a range or by seq).
					if !slices.Equal(called, seqs) {
						t.Fatalf("reader %q: PullFields(%v) read %v", reader, seqs, called)
					}
					// PullRows reads the same rows with the same fields, in one
					// query, as far as it is asked to.
					var streamed []hub.RowMeta
					stop := max(len(got)/2, 1)
					streamCounter, err := db.PullRows(ctx, "north", q, func(m hub.RowMeta, f []byte) (bool, error) {
						if !bytes.Equal(f, fields[m.Seq]) {
							t.Fatalf("PullRows(%s) = %s, PullFields %s", m.ID, f, fields[m.Seq])
						}
						streamed = append(streamed, m)
						return len(streamed) < stop, nil
					})
					if err != nil || streamCounter != counter || !slices.Equal(streamed, got[:min(stop, len(got))]) {
						t.Fatalf("reader %q: PullRows = %v (%d, %v), PullScan %v", reader, streamed, streamCounter, err, got)
					}
					for _, m := range got {
						want := byID[m.Table+"/"+m.ID]
						var f map[string]json.RawMessage
						if err := json.Unmarshal(fields[m.Seq], &f); err != nil || !reflect.DeepEqual(f, want.Fields) {
							t.Fatalf("PullFields(%s) = %s (%v), wrote %v", m.ID, fields[m.Seq], err, want.Fields)
						}
						if m.Seq != want.Seq || m.Version != want.Version || m.Deleted != want.Deleted || m.Size != len(fields[m.Seq]) {
							t.Fatalf("PullScan %+v, wrote %+v (%d bytes)", m, want, len(fields[m.Seq]))
						}
						q.After = m.Seq
					}
					n += len(got)
					if len(got) < q.Limit {
						break
					}
				}
				// What the query selected is what CanRead allows.
				want := 0
				for _, r := range rows {
					job := byID["jobs/"+r.JobID]
					if reader == "" || hub.CanRead(hub.User{Name: reader, Role: hub.RoleTechnician, Centre: "north"}, &hub.Row{Table: r.Table, Centre: "north"}, job) {
						want++
					}
				}
				if n != want {
					t.Fatalf("reader %q: PullScan read %d rows, CanRead allows %d", reader, n, want)
				}
			}
			// The merge state, which a pull leaves out.
			err = db.Write(ctx, "north", now, func(tx hub.WriteTx) error {
				for _, want := range []*hub.Row{rows[0], rows[700], rows[len(rows)-1]} {
					got, err := tx.Row(ctx, want.Table, want.ID)
					if err != nil {
						return err
					}
					if got == nil || !reflect.DeepEqual(got.FieldSeq, want.FieldSeq) || !reflect.DeepEqual(got.FieldDevice, want.FieldDevice) ||
						!got.UpdatedAt.Equal(want.UpdatedAt) {
						t.Errorf("Row(%s) = %+v, wrote %+v", want.ID, got, want)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

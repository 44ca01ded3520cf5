package sqlstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"fieldbook/backend/hub"
	"fieldbook/backend/hub/storetest"
)

// TestPutRowsScanPull: rows written several to a statement (PutRows) are
// the rows PutRow writes, and ScanPull reads what Scan reads, with the
// fields as stored and the jobs' owners.
func TestPutRowsScanPull(t *testing.T) {
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
			for i := range 1203 { // crosses the statement chunks
				jobID := fmt.Sprintf("job-%04d", i)
				var assignee any = "bob"
				switch i % 3 {
				case 1:
					assignee = 7 // not text: nobody
				case 2:
					assignee = nil
				}
				rows = append(rows, row("jobs", jobID, jobID, map[string]any{"number": "N-" + jobID, "assigned_to": assignee, "summary": "引号\"与\\反斜杠"}),
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
			var after int64
			n := 0
			for {
				full, c1, err := db.Scan(ctx, "north", after, 500)
				if err != nil {
					t.Fatal(err)
				}
				pulled, c2, err := db.ScanPull(ctx, "north", after, 500)
				if err != nil {
					t.Fatal(err)
				}
				if c1 != c2 || c1 != int64(len(rows)) || len(full) != len(pulled) {
					t.Fatalf("Scan %d rows, counter %d; ScanPull %d rows, counter %d", len(full), c1, len(pulled), c2)
				}
				for i, f := range full {
					p := pulled[i]
					want := rows[n]
					n++
					if !reflect.DeepEqual(f.Fields, want.Fields) || f.Deleted != want.Deleted ||
						f.Version != want.Version || f.JobID != want.JobID || f.CreatedBy != want.CreatedBy {
						t.Fatalf("stored %+v, wrote %+v", f.Row, want)
					}
					var fields map[string]json.RawMessage
					if err := json.Unmarshal(p.RawFields, &fields); err != nil || !reflect.DeepEqual(fields, f.Fields) || p.Fields != nil {
						t.Fatalf("ScanPull fields %s (%v), Scan %v", p.RawFields, err, f.Fields)
					}
					if p.Table != f.Table || p.ID != f.ID || p.Seq != f.Seq || p.Version != f.Version || p.Deleted != f.Deleted ||
						p.JobID != f.JobID || p.CreatedBy != f.CreatedBy || p.BlobSHA != f.BlobSHA || p.Centre != f.Centre {
						t.Fatalf("ScanPull %+v, Scan %+v", p.Row, f.Row)
					}
					if (p.Job == nil) != (f.Job == nil) {
						t.Fatalf("%s: ScanPull job %v, Scan job %v", p.ID, p.Job, f.Job)
					}
					if p.Job != nil {
						for _, u := range []string{"alice", "bob", "carol"} {
							user := hub.User{Name: u, Role: hub.RoleTechnician, Centre: "north"}
							if hub.CanRead(user, &p.Row, p.Job) != hub.CanRead(user, &f.Row, f.Job) {
								t.Fatalf("%s: CanRead(%s) differs between ScanPull and Scan", p.ID, u)
							}
						}
						if p.Job.CreatedBy != f.Job.CreatedBy || p.Job.Deleted != f.Job.Deleted {
							t.Fatalf("%s: ScanPull job %+v, Scan job %+v", p.ID, p.Job, f.Job)
						}
					}
					after = f.Seq
				}
				if len(full) < 500 {
					break
				}
			}
			if n != len(rows) {
				t.Fatalf("read %d rows, wrote %d", n, len(rows))
			}
			// The merge state, which Scan leaves out.
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

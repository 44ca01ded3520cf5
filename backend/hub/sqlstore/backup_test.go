package sqlstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fieldbook/backend/hub"
	"fieldbook/backend/hub/sqlstore"
)

// writeRows writes n job rows to centre in one transaction, as a push
// would after its merge (PutRows, several to a statement).
func writeRows(ctx context.Context, db *sqlstore.DB, centre string, first, n int) error {
	now := time.Now().UTC()
	return db.Write(ctx, centre, now, func(tx hub.WriteTx) error {
		rows := make([]*hub.Row, 0, n)
		for i := first; i < first+n; i++ {
			id := fmt.Sprintf("job-%08d", i)
			r := &hub.Row{Table: "jobs", ID: id, Version: 1, Seq: tx.NextSeq(), JobID: id, CreatedBy: "张伟", UpdatedAt: now,
				Fields:   map[string]json.RawMessage{"number": json.RawMessage(fmt.Sprintf(`"SH-%08d"`, i)), "summary": json.RawMessage(`"空调不制冷，外机异响"`)},
				FieldSeq: map[string]int64{}, FieldDevice: map[string]string{}}
			for k := range r.Fields {
				r.FieldSeq[k], r.FieldDevice[k] = r.Seq, "dev-1"
			}
			rows = append(rows, r)
		}
		return tx.(interface {
			PutRows(context.Context, []*hub.Row) error
		}).PutRows(ctx, rows)
	})
}

// TestBackupWhileWriting backs a SQLite hub up while a writer commits
// batches: the copy is one consistent snapshot (whole batches, the
// sequence without gaps), passes its check, and opens as a hub.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sqlstore.OpenSQLite(ctx, filepath.Join(dir, "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	const batch = 50
	if err := writeRows(ctx, db, "上海中心", 0, 20*batch); err != nil {
		t.Fatal(err)
	}
	var stop atomic.Bool
	var written atomic.Int64
	written.Store(20 * batch)
	var wg sync.WaitGroup
	wg.Add(1)
	errc := make(chan error, 1)
	go func() {
		defer wg.Done()
		for !stop.Load() {
			n := int(written.Load())
			if err := writeRows(ctx, db, "上海中心", n, batch); err != nil {
				errc <- err
				return
			}
			written.Add(batch)
		}
	}()
	var infos []sqlstore.BackupInfo
	for i := range 3 {
		info, err := db.Backup(ctx, filepath.Join(dir, fmt.Sprintf("backup-%d.db", i)))
		if err != nil {
			t.Fatal(err)
		}
		infos = append(infos, info)
	}
	stop.Store(true)
	wg.Wait()
	select {
	case err := <-errc:
		t.Fatal(err)
	default:
	}
	for _, info := range infos {
		if _, err := os.Stat(info.Path + ".partial"); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s.partial left behind: %v", info.Path, err)
		}
		b, err := sqlstore.OpenSQLite(ctx, info.Path)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := b.Check(ctx)
		if err != nil || !rep.OK() {
			t.Errorf("Check(%s) = %+v, %v", info.Path, rep, err)
		}
		rows, next, err := b.PullScan(ctx, "上海中心", hub.PullQuery{Before: 1 << 62, Limit: 1 << 30})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 || len(rows)%batch != 0 || next != int64(len(rows)) || rep.Rows["jobs"] != len(rows) {
			t.Errorf("%s holds %d rows up to seq %d (check counted %d); want whole batches of %d, seq without gaps",
				info.Path, len(rows), next, rep.Rows["jobs"], batch)
		}
		for i, r := range rows {
			if r.Seq != int64(i+1) {
				t.Fatalf("%s: row %d has seq %d", info.Path, i, r.Seq)
			}
		}
		if err := b.Migrate(ctx); err != nil {
			t.Errorf("the backup does not open as a hub: %v", err)
		}
		b.Close()
	}
	t.Logf("backups of %d, %d, %d pages while %d rows were written", infos[0].Pages, infos[1].Pages, infos[2].Pages, written.Load())
}

// TestCheckFindsDamage: a hub file with a page overwritten fails its check.
func TestCheckFindsDamage(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hub.db")
	db, err := sqlstore.OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := writeRows(ctx, db, "上海中心", 0, 2000); err != nil {
		t.Fatal(err)
	}
	if rep, err := db.Check(ctx); err != nil || !rep.OK() || rep.Rows["jobs"] != 2000 {
		t.Fatalf("Check(sound) = %+v, %v", rep, err)
	}
	db.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	garbage := make([]byte, 4096)
	for i := range garbage {
		garbage[i] = byte(i * 7)
	}
	if _, err := f.WriteAt(garbage, st.Size()/2/4096*4096); err != nil {
		t.Fatal(err)
	}
	f.Close()
	db, err = sqlstore.OpenSQLite(ctx, path)
	if err != nil {
		return // refused at open: found
	}
	defer db.Close()
	if rep, err := db.Check(ctx); err == nil && rep.OK() {
		t.Errorf("Check(damaged) = %+v: found nothing", rep)
	}
}

// TestPostgresBackupIsPgDump: on PostgreSQL the hub does not back itself up
// (pg_dump does), and its check reports the schema and what it holds.
func TestPostgresBackupIsPgDump(t *testing.T) {
	ctx := context.Background()
	db, err := sqlstore.OpenPostgres(ctx, cluster.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := writeRows(ctx, db, "上海中心", 0, 120); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Backup(ctx, filepath.Join(t.TempDir(), "x.db")); !errors.Is(err, sqlstore.ErrPostgresBackup) {
		t.Errorf("Backup on PostgreSQL = %v, want ErrPostgresBackup", err)
	}
	if rep, err := db.Check(ctx); err != nil || !rep.OK() || rep.Store != "postgres" || rep.Rows["jobs"] != 120 {
		t.Errorf("Check = %+v, %v", rep, err)
	}
}

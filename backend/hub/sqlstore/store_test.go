package sqlstore_test

import (
	"context"
	"fieldbook/backend/fieldbook"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"fieldbook/backend/hub"
	"fieldbook/backend/hub/pgtest"
	"fieldbook/backend/hub/sqlstore"
	"fieldbook/backend/hub/storetest"
	"fieldbook/backend/protocol"
)

var cluster *pgtest.Cluster

func TestMain(m *testing.M) {
	var err error
	cluster, err = pgtest.Start()
	if err != nil {
		fmt.Fprintf(os.Stderr, "PostgreSQL for the store suite did not start: %v\n", err)
		os.Exit(1)
	}
	code := m.Run()
	if err := cluster.Stop(); err != nil {
		fmt.Fprintf(os.Stderr, "stop PostgreSQL: %v\n", err)
	}
	os.Exit(code)
}

func openSQLite(t *testing.T) hub.Store {
	t.Helper()
	db, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func openPostgres(t *testing.T) hub.Store {
	t.Helper()
	db, err := sqlstore.OpenPostgres(context.Background(), cluster.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func TestSQLite(t *testing.T) { storetest.Run(t, openSQLite) }

func TestPostgres(t *testing.T) { storetest.Run(t, openPostgres) }

func TestMigrateTwice(t *testing.T) {
	for name, open := range map[string]storetest.Open{"sqlite": openSQLite, "postgres": openPostgres} {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			for range 2 {
				if err := db.Migrate(context.Background()); err != nil {
					t.Fatalf("Migrate: %v", err)
				}
			}
		})
	}
}

// TestConcurrentFilingTwoHubs: two clerk devices file 40 submitted jobs at
// the same time through two hub services, each over its own connection to
// one database (two hub processes), and never get the same archive number.
func TestConcurrentFilingTwoHubs(t *testing.T) {
	for name, open := range map[string]func(t *testing.T) (hub.Store, hub.Store){
		"sqlite": func(t *testing.T) (hub.Store, hub.Store) {
			path := filepath.Join(t.TempDir(), "hub.db")
			a, err := sqlstore.OpenSQLite(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			b, err := sqlstore.OpenSQLite(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = a.Close(); _ = b.Close() })
			return a, b
		},
		"postgres": func(t *testing.T) (hub.Store, hub.Store) {
			url := cluster.NewDatabase(t)
			a, err := sqlstore.OpenPostgres(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			b, err := sqlstore.OpenPostgres(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = a.Close(); _ = b.Close() })
			return a, b
		},
	} {
		t.Run(name, func(t *testing.T) {
			s1, s2 := open(t)
			e := storetest.NewEnv(t, s1)
			svc2 := hub.NewService(s2, slog.New(slog.DiscardHandler))
			clerk2 := e.Enrol("carol")
			const n = 40
			for i := range n {
				id := fmt.Sprintf("j%02d", i)
				e.SeedJob(e.Alice, id, "alice")
				e.MustApply(e.Alice, protocol.Change{Table: "jobs", ID: id, BaseSeq: e.Row("north", "jobs", id).Seq, Fields: storetest.F("status", "submitted")})
			}
			numbers := make([]string, n)
			var wg sync.WaitGroup
			errs := make(chan error, n)
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					svc, clerk := e.Svc, e.Carol
					if i%2 == 1 {
						svc, clerk = svc2, clerk2
					}
					resp, err := svc.Clerk(context.Background(), clerk, protocol.ClerkRequest{Action: protocol.ActionFile, JobID: fmt.Sprintf("j%02d", i), Location: "A柜-3层"})
					if err != nil {
						errs <- err
						return
					}
					numbers[i] = resp.ArchiveNo
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatalf("File: %v", err)
			}
			seen := map[string]bool{}
			for i, no := range numbers {
				if seen[no] {
					t.Fatalf("archive number %s given twice", no)
				}
				seen[no] = true
				row := e.Row("north", "jobs", fmt.Sprintf("j%02d", i))
				if storetest.Text(row, "status") != "filed" || storetest.Text(row, "archive_no") != no {
					t.Errorf("job %d: status %s archive_no %s, want filed %s", i, storetest.Text(row, "status"), storetest.Text(row, "archive_no"), no)
				}
			}
			want := fmt.Sprintf("%s-%04d", time.Now().In(time.FixedZone("CST", 8*3600)).Format("2006-01"), n)
			if !seen[want] {
				t.Errorf("numbers %v: want the last to be %s (one sequence with no gaps)", numbers, want)
			}
			// Filing again, or filing as a technician, is refused.
			if _, err := e.Svc.Clerk(context.Background(), e.Carol, protocol.ClerkRequest{Action: protocol.ActionFile, JobID: "j00"}); fieldbook.ErrorCode(err) != fieldbook.ECONFLICT {
				t.Errorf("filing a filed job = %v, want conflict", err)
			}
			if _, err := e.Svc.Clerk(context.Background(), e.Alice, protocol.ClerkRequest{Action: protocol.ActionFile, JobID: "j01"}); fieldbook.ErrorCode(err) != protocol.EFORBIDDEN {
				t.Errorf("a technician filing = %v, want forbidden", err)
			}
		})
	}
}

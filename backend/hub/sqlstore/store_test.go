package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"fieldbook/backend/hub"
	"fieldbook/backend/hub/pgtest"
	"fieldbook/backend/hub/sqlstore"
	"fieldbook/backend/hub/storetest"
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

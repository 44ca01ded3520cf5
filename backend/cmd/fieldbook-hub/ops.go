package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"

	"fieldbook/backend/hub/sqlstore"
)

// opsCommands are the operator's commands that must not change the
// database they look at: no migration runs before them.
var opsCommands = map[string]func(ctx context.Context, args []string, out io.Writer) error{
	"backup":    backupCmd,
	"check":     checkCmd,
	"version":   versionCmd,
	"--version": versionCmd,
	"-version":  versionCmd,
}

func versionCmd(_ context.Context, _ []string, out io.Writer) error {
	_, err := fmt.Fprintln(out, "fieldbook-hub", version)
	return err
}

// openExisting opens the hub database at dsn, refusing to create a SQLite
// file that is not there (a mistyped path must not look like an empty hub).
func openExisting(ctx context.Context, dsn string) (*sqlstore.DB, error) {
	if dsn == "" {
		return nil, errors.New("--db is required")
	}
	if !sqlstore.IsPostgres(dsn) {
		if _, err := os.Stat(dsn); err != nil {
			return nil, fmt.Errorf("no hub database at %s: %w", dsn, err)
		}
	}
	return sqlstore.Open(ctx, dsn)
}

// backupCmd copies a running SQLite hub to a file (online: devices go on
// syncing). PostgreSQL hubs are backed up with pg_dump.
func backupCmd(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	db := fs.String("db", "", "the hub's SQLite file")
	to := fs.String("to", "", "backup file to write (replaced only once the new copy is complete)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *to == "" {
		return errors.New("backup: --to is required")
	}
	store, err := openExisting(ctx, *db)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer store.Close()
	info, err := store.Backup(ctx, *to)
	if errors.Is(err, sqlstore.ErrPostgresBackup) {
		return fmt.Errorf("backup: %w: pg_dump --format=custom --file=FILE DATABASE_URL (see docs/hub-operations.md)", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "backup written: %s (%d bytes, %d pages, %.1f s, quick_check ok)\n", info.Path, info.Bytes, info.Pages, info.Duration.Seconds())
	return nil
}

// checkCmd reports on a hub database without changing it; it fails when
// the database is damaged or its schema is not the current one.
func checkCmd(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	db := fs.String("db", "", "SQLite file path or postgres:// URL")
	if err := fs.Parse(args); err != nil {
		return err
	}
	store, err := openExisting(ctx, *db)
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	defer store.Close()
	rep, err := store.Check(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "store: %s\nschema: %d (this hub knows up to %d)\ndevices: %d\n", rep.Store, rep.SchemaVersion, rep.SchemaTarget, rep.Devices)
	tables := make([]string, 0, len(rep.Rows))
	for t := range rep.Rows {
		tables = append(tables, t)
	}
	sort.Strings(tables)
	for _, t := range tables {
		fmt.Fprintf(out, "rows %s: %d\n", t, rep.Rows[t])
	}
	for _, f := range rep.Integrity {
		fmt.Fprintln(out, "DAMAGE:", f)
	}
	switch {
	case len(rep.Integrity) > 0:
		return fmt.Errorf("check: the database is damaged (%d findings): restore the last good backup", len(rep.Integrity))
	case rep.SchemaVersion != rep.SchemaTarget:
		return fmt.Errorf("check: schema %d, this hub's is %d: run fieldbook-hub migrate (or install the hub that wrote it)", rep.SchemaVersion, rep.SchemaTarget)
	}
	fmt.Fprintln(out, "ok")
	return nil
}

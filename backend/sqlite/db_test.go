package sqlite

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"fieldbook/backend/fieldbook"
)

func openTest(tb testing.TB) *DB {
	tb.Helper()
	d, err := Open(context.Background(), tb.TempDir())
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { _ = d.Close() })
	return d
}

func TestOpenMigratesAndSetsPragmas(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	v, err := d.SchemaVersion(ctx)
	if err != nil || v < 1 {
		t.Fatalf("SchemaVersion = %d, %v, want >= 1", v, err)
	}
	for pragma, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "5000"} {
		var got string
		if err := d.db.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil || got != want {
			t.Errorf("PRAGMA %s = %q, %v, want %q", pragma, got, err, want)
		}
	}
	// FTS5 with the trigram tokenizer is compiled in (the search needs it).
	if _, err := d.db.ExecContext(ctx, `CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')`); err != nil {
		t.Errorf("FTS5 trigram: %v", err)
	}
	id := d.DeviceID()
	if len(id) != 36 || len(d.DeviceCode()) != 4 {
		t.Errorf("DeviceID = %q, DeviceCode = %q", id, d.DeviceCode())
	}
}

func TestReopenKeepsDataAndDevice(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	id1 := d.DeviceID()
	want := fieldbook.Settings{Language: "en", Technician: fieldbook.Technician{Name: "张伟", Phone: "13812345678"}, TimeZone: "America/New_York"}
	if _, err := d.SaveSettings(ctx, want); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	d, err = Open(ctx, dir)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer d.Close()
	id2 := d.DeviceID()
	if id1 != id2 {
		t.Errorf("device id changed on reopen: %s -> %s", id1, id2)
	}
	got, err := d.Settings(ctx)
	if err != nil || got != want {
		t.Errorf("Settings after reopen = %+v, %v, want %+v", got, err, want)
	}
}

func TestSecondOpenIsRefused(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	before := readFile(t, filepath.Join(dir, DBFile))
	_, err = Open(ctx, dir)
	if code := fieldbook.ErrorCode(err); code != fieldbook.ELOCKED {
		t.Fatalf("second Open: code %q (%v), want %q", code, err, fieldbook.ELOCKED)
	}
	assertBilingual(t, err)
	if after := readFile(t, filepath.Join(dir, DBFile)); !bytes.Equal(before, after) {
		t.Error("second Open changed the database file")
	}
}

func TestCorruptFileIsLeftUntouched(t *testing.T) {
	for name, content := range map[string][]byte{
		"garbage":     bytes.Repeat([]byte("这不是数据库 not a database\n"), 300),
		"bad header":  append([]byte("SQLite format 3\x00"), bytes.Repeat([]byte{0xff}, 4080)...),
		"zero filled": make([]byte, 8192),
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, DBFile)
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			d, err := Open(context.Background(), dir)
			if err == nil {
				d.Close()
				t.Fatal("Open of a corrupt file succeeded")
			}
			if code := fieldbook.ErrorCode(err); code != fieldbook.ECORRUPT {
				t.Errorf("code = %q (%v), want %q", code, err, fieldbook.ECORRUPT)
			}
			assertBilingual(t, err)
			if got := readFile(t, path); !bytes.Equal(got, content) {
				t.Error("the corrupt file was modified")
			}
			for _, side := range []string{"-wal", "-journal"} {
				if fi, err := os.Stat(path + side); err == nil && fi.Size() > 0 {
					t.Errorf("%s%s written (%d bytes)", DBFile, side, fi.Size())
				}
			}
		})
	}
}

func TestUnusableDirectory(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), filepath.Join(file, "data"))
	if code := fieldbook.ErrorCode(err); code != fieldbook.EIO {
		t.Fatalf("Open under a file: code %q (%v), want %q", code, err, fieldbook.EIO)
	}
	assertBilingual(t, err)
}

func TestNewerSchemaIsRefused(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.db.ExecContext(ctx, `INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, 1)`); err != nil {
		t.Fatal(err)
	}
	d.Close()
	before := readFile(t, filepath.Join(dir, DBFile))
	_, err = Open(ctx, dir)
	if code := fieldbook.ErrorCode(err); code != fieldbook.ECONFLICT {
		t.Fatalf("Open of a newer schema: code %q (%v), want %q", code, err, fieldbook.ECONFLICT)
	}
	if after := readFile(t, filepath.Join(dir, DBFile)); !bytes.Equal(before, after) {
		t.Error("Open of a newer schema changed the file")
	}
}

func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func assertBilingual(tb testing.TB, err error) {
	tb.Helper()
	p := fieldbook.ToPayload(err)
	if p.Message == "" || p.MessageEN == "" || p.Message == p.MessageEN {
		tb.Errorf("message not bilingual: %+v", p)
	}
}

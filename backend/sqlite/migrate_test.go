package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"fieldbook/backend/demo"
)

// TestMigrationsKeepData fills a store at every migration from the one
// that made visits onward, then applies the rest: rows, signatures and
// search survive, and the database passes its integrity and foreign-key
// checks.
func TestMigrationsKeepData(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, DBFile)
	db, err := sql.Open(driverName, "file:"+path+"?_foreign_keys=on&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1) // as Open does: migrations run on the one writer connection
	d := &DB{db: db, rdb: db, path: path, Now: time.Now}
	p, err := d.provider()
	if err != nil {
		t.Fatal(err)
	}
	// Up to the schema before the visits rebuild (00006), with data in it.
	if _, err := p.UpTo(ctx, 6); err != nil {
		t.Fatal(err)
	}
	if err := d.ensureDevice(ctx); err != nil {
		t.Fatal(err)
	}
	if d.deviceID, d.deviceCode, err = d.device(ctx); err != nil {
		t.Fatal(err)
	}
	if err := d.seedBuiltins(ctx); err != nil {
		t.Fatal(err)
	}
	if err := d.LoadDemo(ctx, demo.New(3).Sets(300, time.Now().AddDate(0, -1, 0)), 100); err != nil {
		t.Fatal(err)
	}
	var before int
	db.QueryRow(`SELECT count(*) FROM signatures`).Scan(&before)
	strokes := map[string]string{}
	rows, err := db.Query(`SELECT id, strokes FROM signatures`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, text string
		rows.Scan(&id, &text)
		strokes[id] = text
	}
	rows.Close()
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("migrating a filled store: %v", err)
	}
	db.Close()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var after int
	s.db.QueryRow(`SELECT count(*) FROM signatures`).Scan(&after)
	if before == 0 || after != before {
		t.Errorf("signatures %d before, %d after", before, after)
	}
	// Their strokes are kept packed and unpack to the text they held.
	rows, err = s.db.Query(`SELECT id, strokes FROM signatures`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		var stored []byte
		rows.Scan(&id, &stored)
		if len(stored) == 0 || stored[0] != strokesPacked || unpackStrokes(stored) != strokes[id] {
			t.Errorf("signature %s: strokes stored as %.20q, unpacked %.60q, were %.60q", id, stored, unpackStrokes(stored), strokes[id])
		}
	}
	rows.Close()
	for _, q := range []string{`PRAGMA integrity_check`, `PRAGMA foreign_key_check`} {
		var res sql.NullString
		err := s.db.QueryRow(q).Scan(&res)
		if q == `PRAGMA foreign_key_check` && err == sql.ErrNoRows {
			continue
		}
		if err != nil || res.String != "ok" {
			t.Errorf("%s = %q, %v", q, res.String, err)
		}
	}
	// A laptop in use before the first-run setup existed has been set up.
	if st, err := s.Settings(ctx); err != nil || st.Setup != "alone" {
		t.Errorf("setup after migrating a store with jobs = %q, %v, want alone", st.Setup, err)
	}
	if p, _ := s.SearchJobs(ctx, "", 0, 1); p.Total != 300 {
		t.Errorf("jobs after migrating = %d, want 300", p.Total)
	}
	// The customers' search index, added by a later migration, was filled
	// at the first start: every customer is found by a part of their name.
	all, err := s.Customers(ctx, "", 0, 200)
	if err != nil || len(all.Rows) == 0 {
		t.Fatalf("customers after migrating: %v", err)
	}
	for _, c := range all.Rows[:20] {
		name := []rune(c.Name)
		if len(name) < 2 {
			continue
		}
		found := false
		if p, err := s.Customers(ctx, string(name[len(name)-2:]), 0, 200); err == nil {
			for _, r := range p.Rows {
				found = found || r.ID == c.ID
			}
		}
		if !found {
			t.Errorf("customer %s not found by %q after migrating", c.Name, string(name[len(name)-2:]))
		}
	}
}

// TestNewStoreOpensTheSetup: an empty store has not been set up; one
// enrolled with a hub before the setup existed says so.
func TestNewStoreOpensTheSetup(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	if st, err := d.Settings(ctx); err != nil || st.Setup != "" {
		t.Errorf("a new store's setup = %q, %v, want none yet", st.Setup, err)
	}
	// The 单机使用 of the setup needs a name and a company.
	st, _ := d.Settings(ctx)
	st.Setup = "alone"
	if _, err := d.SaveSettings(ctx, st); err == nil {
		t.Error("working alone without a name and a company was accepted")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, DBFile)
	db, err := sql.Open(driverName, "file:"+path+"?_foreign_keys=on&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	old := &DB{db: db, rdb: db, path: path, Now: time.Now}
	p, err := old.provider()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 20); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO sync_state (key, value) VALUES ('account', '{"hub_url":"https://hub"}')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if st, err := s.Settings(ctx); err != nil || st.Setup != "hub" {
		t.Errorf("setup of a store enrolled before = %q, %v, want hub", st.Setup, err)
	}
}

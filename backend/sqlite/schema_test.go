package sqlite

import (
	"context"
	"slices"
	"testing"

	"fieldbook/backend/schema"
)

// localColumns are the columns this store keeps beside the synced ones.
var localColumns = map[string][]string{
	"":            {"id", "updated_at", "updated_by", "version", "deleted", "hub_seq"},
	"jobs":        {"seq"},
	"documents":   {"path"},
	"attachments": {"thumb_sha256"},
	"visits":      {"content_base"},
}

// TestSchemaMatchesTables compares the declaration of the synced schema
// with the store's real tables, so the two cannot drift: every declared
// field is a column of its kind and nullability (required fields have no
// default), every column is declared or one of the store's own, and the
// outbox triggers are the ones derived from the declaration.
func TestSchemaMatchesTables(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	for _, tbl := range schema.Tables {
		type column struct {
			typ     string
			notNull bool
			dflt    *string
		}
		cols := map[string]column{}
		rows, err := d.db.QueryContext(ctx, `SELECT name, type, "notnull", dflt_value FROM pragma_table_info(?)`, tbl.Name)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var name string
			var c column
			if err := rows.Scan(&name, &c.typ, &c.notNull, &c.dflt); err != nil {
				t.Fatal(err)
			}
			cols[name] = c
		}
		rows.Close()
		if len(cols) == 0 {
			t.Errorf("the store has no table %s", tbl.Name)
			continue
		}
		if tbl.Config {
			continue // kept as configuration, not as rows
		}
		for _, f := range tbl.Fields {
			c, ok := cols[f.Name]
			if !ok {
				t.Errorf("%s.%s is declared but not a column", tbl.Name, f.Name)
				continue
			}
			want := "TEXT"
			if f.Kind == schema.Int || f.Kind == schema.Flag {
				want = "INTEGER"
			}
			if packedColumn(tbl.Name, f.Name) {
				want = "BLOB"
			}
			if c.typ != want {
				t.Errorf("%s.%s is %s, declared %s", tbl.Name, f.Name, c.typ, want)
			}
			if c.notNull == f.Nullable {
				t.Errorf("%s.%s: NOT NULL %v, declared nullable %v", tbl.Name, f.Name, c.notNull, f.Nullable)
			}
			if required := c.notNull && c.dflt == nil && !f.Audit; required != f.Required {
				t.Errorf("%s.%s: a column without default %v, declared required %v", tbl.Name, f.Name, required, f.Required)
			}
		}
		for name := range cols {
			if _, declared := tbl.Field(name); !declared && !slices.Contains(localColumns[""], name) && !slices.Contains(localColumns[tbl.Name], name) {
				t.Errorf("%s.%s is neither declared nor one of the store's own columns", tbl.Name, name)
			}
		}
		for name, want := range outboxTriggers(tbl) {
			var have string
			if err := d.db.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`, name).Scan(&have); err != nil || have != want {
				t.Errorf("trigger %s = %q (%v), want the declaration's", name, have, err)
			}
		}
	}
}

// TestOutboxTriggersFollowTheDeclaration: the triggers a device pushes by
// list exactly the fields the hub accepts from it (filing fields, which the
// hub's clerk actions write, are not pushed), and a trigger changed by hand
// is put back at the next start.
func TestOutboxTriggersFollowTheDeclaration(t *testing.T) {
	dir := t.TempDir()
	d, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.db.Exec(`DROP TRIGGER jobs_outbox_update`); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if d, err = Open(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	if err := d.db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'jobs_outbox_update'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("jobs_outbox_update after reopening: %d, %v", n, err)
	}
	jobs := schema.Lookup("jobs")
	for _, f := range jobs.Pushed() {
		if def, _ := jobs.Field(f); def.Filing {
			t.Errorf("jobs pushes the filing field %s", f)
		}
	}
	if !slices.Contains(jobs.Pushed(), "summary") || slices.Contains(jobs.Pushed(), "archive_no") {
		t.Errorf("jobs pushes %v", jobs.Pushed())
	}
}

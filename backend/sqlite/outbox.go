package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fieldbook/backend/schema"
)

// The outbox triggers put every local change of a synced row into the
// outbox, in the transaction of the change: which row, and which of the
// columns a device pushes changed. They are derived from the declaration of
// the synced schema (package schema) and brought up to date at every start,
// after the migrations, so the columns a device pushes are the ones the hub
// accepts from it. Rows applied from the hub are written with
// sync_flags.applying = 1 and do not enter the outbox.

// outboxWholeRow is the changed list of an inserted row: every column the
// device pushes (outboxColumns), written short — the list in full was
// two thirds of an entry's bytes. An update never writes an empty list.
const outboxWholeRow = "[]"

// outboxColumns lists the columns of a table a device pushes, deleted
// included: what an inserted row's entry stands for.
func outboxColumns(t *schema.Table) []string {
	cols := t.Pushed()
	if t.Config || len(cols) == 0 {
		return nil
	}
	return append(cols, "deleted")
}

// outboxChanged is the JSON list of columns an outbox entry of the table
// names: changed as it is, or every column for an inserted row's.
func outboxChanged(table, changed string) string {
	if changed != outboxWholeRow {
		return changed
	}
	if t := schema.Lookup(table); t != nil {
		return mustJSON(orEmpty(outboxColumns(t)))
	}
	return changed
}

// entryColumns is the columns of an outbox entry of the table, changed
// decoded: every column for an inserted row's empty list.
func entryColumns(table string, changed []string) []string {
	if len(changed) > 0 {
		return changed
	}
	if t := schema.Lookup(table); t != nil {
		return outboxColumns(t)
	}
	return nil
}

// outboxTriggers returns the CREATE statements of the table's two outbox
// triggers; none for a table a device does not push.
func outboxTriggers(t *schema.Table) map[string]string {
	cols := outboxColumns(t)
	if len(cols) == 0 {
		return nil
	}
	insert := fmt.Sprintf(`CREATE TRIGGER %s_outbox_insert AFTER INSERT ON %s
WHEN (SELECT applying FROM sync_flags) = 0
BEGIN
    INSERT INTO outbox (tbl, row_id, changed) VALUES ('%s', NEW.id, '%s');
END`, t.Name, t.Name, t.Name, outboxWholeRow)
	var changed strings.Builder
	for i, c := range cols {
		if i == 0 {
			fmt.Fprintf(&changed, "        SELECT '%s' AS c WHERE NEW.%s IS NOT OLD.%s\n", c, c, c)
		} else {
			fmt.Fprintf(&changed, "        UNION ALL SELECT '%s' WHERE NEW.%s IS NOT OLD.%s\n", c, c, c)
		}
	}
	update := fmt.Sprintf(`CREATE TRIGGER %s_outbox_update AFTER UPDATE ON %s
WHEN (SELECT applying FROM sync_flags) = 0
BEGIN
    INSERT INTO outbox (tbl, row_id, changed)
    SELECT '%s', NEW.id, json_group_array(c) FROM (
%s    )
    HAVING count(*) > 0;
END`, t.Name, t.Name, t.Name, changed.String())
	return map[string]string{t.Name + "_outbox_insert": insert, t.Name + "_outbox_update": update}
}

// ensureOutboxTriggers replaces every outbox trigger that differs from the
// declaration, and drops those of tables a device no longer pushes, in one
// transaction. With nothing to change it only reads.
func (d *DB) ensureOutboxTriggers(ctx context.Context) error {
	return d.tx(ctx, func(tx *sql.Tx) error {
		for _, t := range schema.Tables {
			want := outboxTriggers(t)
			for _, name := range []string{t.Name + "_outbox_insert", t.Name + "_outbox_update"} {
				var have string
				err := tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`, name).Scan(&have)
				if err != nil && err != sql.ErrNoRows {
					return err
				}
				if have == want[name] {
					continue
				}
				if have != "" {
					if _, err := tx.ExecContext(ctx, `DROP TRIGGER `+name); err != nil {
						return fmt.Errorf("outbox trigger %s: %w", name, err)
					}
				}
				if want[name] != "" {
					if _, err := tx.ExecContext(ctx, want[name]); err != nil {
						return fmt.Errorf("outbox trigger %s: %w", name, err)
					}
				}
			}
		}
		return nil
	})
}

// syncColumns lists the synced columns of a table this store keeps as
// rows (not the admin's job types and templates, kept as configuration).
func syncColumns(table string) ([]string, bool) {
	t := schema.Lookup(table)
	if t == nil || t.Config {
		return nil, false
	}
	return t.Columns(), true
}

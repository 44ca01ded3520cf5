package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"fieldbook/backend/schema"
)

// HubRestored makes this store stop trusting what it learnt from the hub
// above floor, the hub's sequence up to which the hub's history is the one
// this device synced with (docs/sync-protocol.md, "A restored hub"). In
// one transaction:
//
//   - the rows this device pushed that got a sequence above floor are
//     queued again, before any pending change, parents first: whole, as
//     far as role writes them (a job's status filed or returned is the
//     clerk's and stays out), every key of a visit's content;
//   - every row's hub_seq comes down to floor, so the next push merges
//     against a version the hub has, and the cursor to 0: the next pull
//     brings every row the device may read as the hub holds it now (a
//     row the device holds in a state the hub lost, which nobody sends
//     again, such as a clerk's action after the backup, comes back to
//     the hub's);
//   - the batch being pushed is dropped (its changes are still in the
//     outbox), and so are rows parked above floor;
//   - stateKey is set to state (the hub's identity and epoch now).
//
// It returns how many rows were queued again.
func (d *DB) HubRestored(ctx context.Context, floor int64, role, stateKey string, state any) (int, error) {
	requeued := 0
	err := d.tx(ctx, func(tx *sql.Tx) error {
		type pushedRow struct {
			table, id string
			seq       int64
		}
		rows, err := tx.QueryContext(ctx, `SELECT tbl, row_id, hub_seq FROM sync_pushed WHERE hub_seq > ?`, floor)
		if err != nil {
			return err
		}
		var again []pushedRow
		for rows.Next() {
			var r pushedRow
			if err := rows.Scan(&r.table, &r.id, &r.seq); err != nil {
				rows.Close()
				return err
			}
			again = append(again, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		order := func(t string) int {
			return slices.IndexFunc(schema.Tables, func(x *schema.Table) bool { return x.Name == t })
		}
		slices.SortFunc(again, func(a, b pushedRow) int {
			if c := order(a.table) - order(b.table); c != 0 {
				return c
			}
			return int(a.seq - b.seq)
		})

		// The pending changes go after the rows queued again: a pending
		// visit must not reach the hub before the job it belongs to.
		type entry struct {
			table, id, changed string
		}
		var pending []entry
		prs, err := tx.QueryContext(ctx, `SELECT tbl, row_id, changed FROM outbox ORDER BY seq`)
		if err != nil {
			return err
		}
		for prs.Next() {
			var e entry
			if err := prs.Scan(&e.table, &e.id, &e.changed); err != nil {
				prs.Close()
				return err
			}
			pending = append(pending, e)
		}
		prs.Close()
		if err := prs.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM outbox`); err != nil {
			return err
		}
		for _, r := range again {
			t := schema.Lookup(r.table)
			if t == nil || t.Config || !t.WrittenBy(role) {
				continue
			}
			var cols []string
			for _, f := range t.Fields {
				if f.WrittenBy(role) || f.Audit {
					cols = append(cols, f.Name)
				}
			}
			cols = append(cols, "deleted")
			var exists int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+t.Name+` WHERE id = ?`, r.id).Scan(&exists); err != nil {
				return fmt.Errorf("hub restored: %s %s: %w", r.table, r.id, err)
			}
			if exists == 0 {
				continue
			}
			if t.Name == "jobs" {
				var status string
				if err := tx.QueryRowContext(ctx, `SELECT status FROM jobs WHERE id = ?`, r.id).Scan(&status); err != nil {
					return err
				}
				if status == schema.StatusFiled || status == schema.StatusReturned {
					cols = slices.DeleteFunc(cols, func(c string) bool { return c == "status" })
				}
			}
			if t.Name == mergedTable {
				// Every key of the content is sent, each merging on its own.
				if _, err := tx.ExecContext(ctx, `UPDATE `+mergedTable+` SET `+mergedBase+` = '{}' WHERE id = ?`, r.id); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (tbl, row_id, changed) VALUES (?, ?, ?)`, r.table, r.id, mustJSON(cols)); err != nil {
				return err
			}
			requeued++
		}
		for _, e := range pending {
			if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (tbl, row_id, changed) VALUES (?, ?, ?)`, e.table, e.id, e.changed); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sync_pushed WHERE hub_seq > ?`, floor); err != nil {
			return err
		}
		for _, t := range schema.Tables {
			if t.Config {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE `+t.Name+` SET hub_seq = ? WHERE hub_seq > ?`, floor, floor); err != nil {
				return fmt.Errorf("hub restored: %s: %w", t.Name, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sync_parked WHERE seq > ?`, floor); err != nil {
			return err
		}
		// Pull everything again: rows this device holds in a state the
		// hub lost and nobody sends again (a clerk's action after the
		// backup) come back to the hub's.
		if err := setState(ctx, tx, "cursor", 0); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sync_state WHERE key = ?`, PushBatchKey); err != nil {
			return err
		}
		return setState(ctx, tx, stateKey, state)
	})
	return requeued, err
}

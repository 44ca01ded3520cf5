package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"fieldbook/backend/canonjson"
	"fieldbook/backend/schema"
)

// HubRestored makes this store stop trusting what it learnt from the hub
// above floor, the hub's sequence up to which the hub's history is the one
// this device synced with (docs/sync-protocol.md, "A restored hub"). In
// one transaction:
//
//   - what this device pushed that got a sequence above floor is queued
//     again, before any pending change, parents first (lostOwn: the
//     fields it still holds as it pushed them, with the sequence each
//     first got to replay them in order; a row it created, whole but for
//     a job's status; every key of a visit's content);
//   - the pending changes, made against the lost history, wait as the
//     rows queued again do when the hub refuses them for what is not back
//     yet (syncer: Engine.waits);
//   - a row queued to be sent goes from floor, so the push merges
//     against a version the hub has; any other row the hub changed above
//     floor is unconfirmed until a pull brings it again (SweepRestored);
//     and the cursor goes to 0: the next pull brings every row the device
//     may read as the hub holds it now (a row the device holds in a state
//     the hub lost, which nobody sends again, such as a clerk's action
//     after the backup, comes back to the hub's);
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
			own       sql.NullString
		}
		rows, err := tx.QueryContext(ctx, `SELECT tbl, row_id, hub_seq, own FROM sync_pushed WHERE hub_seq > ?`, floor)
		if err != nil {
			return err
		}
		var again []pushedRow
		for rows.Next() {
			var r pushedRow
			if err := rows.Scan(&r.table, &r.id, &r.seq, &r.own); err != nil {
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
			requeued, replay   sql.NullString
		}
		var pending []entry
		prs, err := tx.QueryContext(ctx, `SELECT tbl, row_id, changed, requeued_at, replay FROM outbox ORDER BY seq`)
		if err != nil {
			return err
		}
		for prs.Next() {
			var e entry
			if err := prs.Scan(&e.table, &e.id, &e.changed, &e.requeued, &e.replay); err != nil {
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
		now := ts(d.Now())
		for _, r := range again {
			t := schema.Lookup(r.table)
			if t == nil || t.Config || !t.WrittenBy(role) {
				continue
			}
			var exists int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+t.Name+` WHERE id = ?`, r.id).Scan(&exists); err != nil {
				return fmt.Errorf("hub restored: %s %s: %w", r.table, r.id, err)
			}
			if exists == 0 {
				continue
			}
			var cols []string
			var replay map[string]int64
			if r.own.Valid {
				if cols, replay, err = lostOwn(ctx, tx, t, r.id, role, r.own.String, floor); err != nil {
					return fmt.Errorf("hub restored: %s %s: %w", r.table, r.id, err)
				}
			} else if cols, err = lostWhole(ctx, tx, t, r.id, role); err != nil {
				return fmt.Errorf("hub restored: %s %s: %w", r.table, r.id, err)
			}
			if len(cols) == 0 {
				continue
			}
			if t.Name == mergedTable && slices.Contains(cols, mergedField) {
				// Every key of the content is sent, each merging on its own.
				if _, err := tx.ExecContext(ctx, `UPDATE `+mergedTable+` SET `+mergedBase+` = '{}' WHERE id = ?`, r.id); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (tbl, row_id, changed, requeued_at, replay) VALUES (?, ?, ?, ?, ?)`,
				r.table, r.id, mustJSON(cols), now, mustJSON(replay)); err != nil {
				return err
			}
			requeued++
		}
		// A change made against the history the hub lost may need what
		// another device sends again, as much as one queued again: it
		// waits as they do (requeued_at).
		for _, e := range pending {
			if !e.requeued.Valid {
				e.requeued = sql.NullString{String: now, Valid: true}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (tbl, row_id, changed, requeued_at, replay) VALUES (?, ?, ?, ?, ?)`,
				e.table, e.id, e.changed, e.requeued, e.replay); err != nil {
				return err
			}
		}
		// What was pushed at or below the floor is still on the hub: a
		// later restore from an older backup sends it again.
		for _, r := range again {
			kept, seq, ok := keptOwn(r.own, floor)
			if !ok {
				if _, err := tx.ExecContext(ctx, `DELETE FROM sync_pushed WHERE tbl = ? AND row_id = ?`, r.table, r.id); err != nil {
					return err
				}
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE sync_pushed SET own = ?, hub_seq = ? WHERE tbl = ? AND row_id = ?`,
				kept, seq, r.table, r.id); err != nil {
				return err
			}
		}
		for _, t := range schema.Tables {
			if t.Config {
				continue
			}
			// A row queued to be sent goes from the floor; any other the
			// hub changed above it is unconfirmed, -(floor+1), until a
			// pull brings it again (SweepRestored); its base is the floor.
			if _, err := tx.ExecContext(ctx, `UPDATE `+t.Name+` SET hub_seq = CASE
				WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.tbl = ? AND o.row_id = `+t.Name+`.id) THEN ? ELSE ? END
				WHERE hub_seq > ?`, t.Name, floor, -(floor + 1), floor); err != nil {
				return fmt.Errorf("hub restored: %s: %w", t.Name, err)
			}
		}
		if err := setState(ctx, tx, restoredKey, restoreState{Floor: floor, At: d.Now()}); err != nil {
			return err
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
		if err := forgetBatches(ctx, tx); err != nil {
			return err
		}
		return setState(ctx, tx, stateKey, state)
	})
	return requeued, err
}

// restoredKey holds the restore not yet swept (SweepRestored).
const restoredKey = "restored"

type restoreState struct {
	Floor int64     `json:"floor"`
	At    time.Time `json:"at"`
}

// RestoreWait is how long after a restore what it lost may still come
// back from the devices that hold it: a change sent again waits that long
// for what it needs (syncer), and rows nobody sent again are swept after
// it (SweepRestored).
const RestoreWait = 7 * 24 * time.Hour

// SweepRestored ends a restore at the first pull that reaches the hub's
// head RestoreWait after it. A row still unconfirmed then (HubRestored)
// was learnt from the history the hub lost and nobody sent it again (its
// device is gone, or the hub refused it sent again): the hub no longer
// has it, or no longer gives it to this device. Unless this device has a change of it
// to send, it is removed, and its values are kept in a sync issue for a
// person to see; a row that cannot go (a signature, a signed visit, a row
// this device's own rows refer to) stays as it is, with the same issue.
// It returns how many rows were swept.
func (d *DB) SweepRestored(ctx context.Context) (int, error) {
	swept := 0
	err := d.tx(ctx, func(tx *sql.Tx) error {
		var raw string
		err := tx.QueryRowContext(ctx, `SELECT value FROM sync_state WHERE key = ?`, restoredKey).Scan(&raw)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		var st restoreState
		if err := json.Unmarshal([]byte(raw), &st); err != nil {
			return fmt.Errorf("sync state %s: %w", restoredKey, err)
		}
		if d.Now().Sub(st.At) < RestoreWait {
			return nil
		}
		floor := st.Floor
		return d.applying(ctx, tx, func() error {
			for _, t := range slices.Backward(schema.Tables) { // a record before its job
				if t.Config {
					continue
				}
				var ids []string
				rows, err := tx.QueryContext(ctx, `SELECT id FROM `+t.Name+` WHERE hub_seq < 0`)
				if err != nil {
					return err
				}
				for rows.Next() {
					var id string
					if err := rows.Scan(&id); err != nil {
						rows.Close()
						return err
					}
					ids = append(ids, id)
				}
				rows.Close()
				if err := rows.Err(); err != nil {
					return err
				}
				for _, id := range ids {
					n, err := d.sweepRow(ctx, tx, t.Name, id, floor)
					if err != nil {
						return err
					}
					swept += n
				}
			}
			_, err := tx.ExecContext(ctx, `DELETE FROM sync_state WHERE key = ?`, restoredKey)
			return err
		})
	})
	return swept, err
}

// sweepRow sweeps an unconfirmed row (SweepRestored); it returns 1 when it
// did, 0 when a change of the row waits to be sent (it goes from floor).
func (d *DB) sweepRow(ctx context.Context, tx *sql.Tx, table, id string, floor int64) (int, error) {
	var pending int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE tbl = ? AND row_id = ?`, table, id).Scan(&pending); err != nil {
		return 0, err
	}
	if pending > 0 {
		_, err := tx.ExecContext(ctx, `UPDATE `+table+` SET hub_seq = ? WHERE id = ?`, floor, id)
		return 0, err
	}
	cols, _ := syncColumns(table)
	c := Change{Table: table, ID: id, Fields: map[string]any{}}
	for _, col := range cols {
		c.Fields[col] = nil
	}
	if err := readFields(ctx, tx, &c); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sync_issues (kind, tbl, row_id, field, yours, code, message, message_en, created_at)
		VALUES ('rejected', ?, ?, '', ?, 'lost_on_hub', ?, ?, ?)`, table, id, mustJSON(c.Fields),
		"同步服务器从备份恢复后，不再有这条记录（或不再发给本机），也没有设备重新上传；本机的副本已移出列表，内容保存在这里。",
		"Since the hub was restored from a backup it no longer has this record (or no longer sends it to this device), and no device sent it again; this device's copy left the lists and its content is kept here.",
		ts(d.Now())); err != nil {
		return 0, err
	}
	// Its search document goes with it (by the job's seq, the customer's
	// rowid).
	search, key := map[string][2]string{"jobs": {"job_search", "seq"}, "customers": {"customer_search", "rowid"}}[table], int64(0)
	if search[0] != "" {
		if err := tx.QueryRowContext(ctx, `SELECT `+search[1]+` FROM `+table+` WHERE id = ?`, id).Scan(&key); err != nil {
			return 0, err
		}
	}
	if _, err := tx.ExecContext(ctx, `SAVEPOINT sweep`); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = ?`, id); err != nil {
		// A row that cannot go (a signature, a signed visit) or that
		// rows of this device refer to stays; the issue says why.
		if _, err := tx.ExecContext(ctx, `ROLLBACK TO sweep`); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET hub_seq = ? WHERE id = ?`, floor, id); err != nil {
			return 0, err
		}
	} else if search[0] != "" {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+search[0]+` WHERE rowid = ?`, key); err != nil {
			return 0, err
		}
	}
	_, err := tx.ExecContext(ctx, `RELEASE sweep`)
	return 1, err
}

// lostWhole is what a device sends again of a row pushed before
// sync_pushed kept its fields: the row whole, as far as role writes it (a
// job's status filed or returned is the clerk's and stays out), every key
// of a visit's content.
func lostWhole(ctx context.Context, tx *sql.Tx, t *schema.Table, id, role string) ([]string, error) {
	var cols []string
	for _, f := range t.Fields {
		if f.WrittenBy(role) || f.Audit {
			cols = append(cols, f.Name)
		}
	}
	cols = append(cols, "deleted")
	if t.Name == "jobs" {
		var status string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM jobs WHERE id = ?`, id).Scan(&status); err != nil {
			return nil, err
		}
		if status == schema.StatusFiled || status == schema.StatusReturned {
			cols = slices.DeleteFunc(cols, func(c string) bool { return c == "status" })
		}
	}
	return cols, nil
}

// lostOwn is what a device sends again of a row whose fields it pushed
// (own, sync_pushed.own) to a hub restored to floor: each field it pushed
// above the floor whose value it still holds as it pushed it — not one
// another device's write replaced since, which is that device's to send
// again — and every key of a visit's content pushed above it (each key
// merges on its own). A row this device created above the floor is not on
// the hub at all: it goes with every field a new row needs, as the device
// holds it now, but a job's status (the hub makes a new job a draft; the
// technician who moved it on sends that again).
func lostOwn(ctx context.Context, tx *sql.Tx, t *schema.Table, id, role, own string, floor int64) (cols []string, replay map[string]int64, err error) {
	fields, err := parseOwn(own)
	if err != nil {
		return nil, nil, err
	}
	writes := func(name string) bool {
		if name == "deleted" {
			return true
		}
		f, ok := t.Field(name)
		return ok && (f.WrittenBy(role) || f.Audit)
	}
	c := Change{Table: t.Name, ID: id, Fields: map[string]any{}}
	for name, f := range fields {
		if f.seq > floor && writes(name) {
			c.Fields[name] = nil
		}
	}
	created := fields["created_at"].seq > floor
	if created {
		for _, f := range t.Fields {
			if f.Required && writes(f.Name) {
				c.Fields[f.Name] = nil
			}
		}
	}
	if len(c.Fields) == 0 {
		return nil, nil, nil
	}
	if err := readFields(ctx, tx, &c); err != nil {
		return nil, nil, err
	}
	replay = map[string]int64{}
	for name, v := range c.Fields {
		f, pushed := fields[name]
		pushed = pushed && f.seq > floor
		def, _ := t.Field(name)
		switch {
		case pushed && t.Name == mergedTable && name == mergedField:
		case pushed && f.digest == valueDigest(v):
			replay[name] = f.seq
		case created && def.Required && !(t.Name == "jobs" && name == "status"):
		default:
			continue
		}
		cols = append(cols, name)
	}
	slices.Sort(cols)
	return cols, replay, nil
}

// A pushed field as sync_pushed.own keeps it: "seq:digest", the hub's
// sequence its last push got and the digest of the value pushed.
type ownField struct {
	seq    int64
	digest string
}

func parseOwn(own string) (map[string]ownField, error) {
	var raw map[string]string
	if err := json.Unmarshal([]byte(own), &raw); err != nil {
		return nil, fmt.Errorf("sync_pushed.own: %w", err)
	}
	out := make(map[string]ownField, len(raw))
	for name, v := range raw {
		seq, digest, _ := strings.Cut(v, ":")
		n, err := strconv.ParseInt(seq, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("sync_pushed.own %s: %w", name, err)
		}
		out[name] = ownField{n, digest}
	}
	return out, nil
}

// ownJSON is sync_pushed.own of fields (name → digest) pushed at seq.
func ownJSON(seq int64, digests map[string]string) any {
	if digests == nil {
		return nil // a batch kept by an older release: the row goes whole
	}
	// As json.Marshal writes the map (keys sorted), without building it.
	prefix := strconv.FormatInt(seq, 10) + ":"
	b := make([]byte, 0, 2+len(digests)*(24+len(prefix)))
	b = append(b, '{')
	for i, name := range slices.Sorted(maps.Keys(digests)) {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(canonjson.AppendString(b, name), ':')
		b = canonjson.AppendString(b, prefix+digests[name])
	}
	return string(append(b, '}'))
}

// keptOwn is what sync_pushed keeps of a row after a restore to floor: its
// fields pushed at or below the floor and the highest of their sequences;
// ok false when none is (or the row's fields are not known).
func keptOwn(own sql.NullString, floor int64) (kept string, seq int64, ok bool) {
	if !own.Valid {
		return "", 0, false
	}
	fields, err := parseOwn(own.String)
	if err != nil {
		return "", 0, false
	}
	raw := map[string]string{}
	for name, f := range fields {
		if f.seq <= floor {
			raw[name] = strconv.FormatInt(f.seq, 10) + ":" + f.digest
			seq = max(seq, f.seq)
		}
	}
	return mustJSON(raw), seq, len(raw) > 0
}

// PushedDigests are the digests of a change's values, one per field, for
// sync_pushed.own once the hub has taken it (Pushed.Own).
func PushedDigests(c Change) map[string]string {
	out := make(map[string]string, len(c.Fields))
	for name, v := range c.Fields {
		out[name] = valueDigest(v)
	}
	return out
}

// valueDigest is a short digest of a value as Change.Fields holds it: a
// value read again the same gives the same digest.
func valueDigest(v any) string {
	var buf [256]byte
	b, _ := canonjson.AppendScalar(buf[:0], v)
	h := fnv.New64a()
	h.Write(b)
	return strconv.FormatUint(h.Sum64()>>24, 36) // 40 bits: a field compared with itself
}

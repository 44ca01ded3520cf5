package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
	"fieldbook/backend/schema"
)

// Change is the pending local change of one row: the current values of the
// columns changed since the last push, and the hub sequence number of the
// row as this device last saw it (0: the hub has never had it).
type Change struct {
	Table   string         `json:"table"`
	ID      string         `json:"id"`
	BaseSeq int64          `json:"base_seq"`
	Fields  map[string]any `json:"fields"`
	// Keys lists, for a visit's content, the keys this device edited since
	// the hub last sent it (nil: the content goes whole).
	Keys map[string][]string `json:"keys,omitempty"`
	// UpTo is the last outbox entry this change covers; the push
	// acknowledgement removes the entries up to it, not later ones.
	UpTo int64 `json:"-"`
	// Requeued is when a restored hub had this change queued again, or
	// found it waiting to be sent (HubRestored); zero for a change made
	// since. Replay is,
	// for the fields it sends again as they were, the hub's sequence each
	// got in the history the hub lost (protocol.Change.Replay).
	Requeued time.Time        `json:"-"`
	Replay   map[string]int64 `json:"-"`
}

// PendingChanges returns up to max rows with unpushed changes, in the order
// they were first changed (so a job comes before its visits).
func (d *DB) PendingChanges(ctx context.Context, max int) ([]Change, error) {
	return d.PendingChangesExcept(ctx, max, nil)
}

// PendingChangesExcept is PendingChanges passing over the rows in except
// (table, id): those of a batch in flight.
func (d *DB) PendingChangesExcept(ctx context.Context, max int, except map[[2]string]bool) ([]Change, error) {
	var out []Change
	err := d.read(ctx, func(tx *sql.Tx) error {
		// The first max rows in the order they were first changed: read
		// from the start of the outbox, not by grouping all of it (a push
		// of many batches grouped the whole outbox for every batch).
		rows, err := tx.QueryContext(ctx, `SELECT tbl, row_id FROM outbox ORDER BY seq`)
		if err != nil {
			return err
		}
		seen := map[[2]string]bool{}
		for len(out) < max && rows.Next() {
			var c Change
			if err := rows.Scan(&c.Table, &c.ID); err != nil {
				rows.Close()
				return err
			}
			if k := [2]string{c.Table, c.ID}; !seen[k] && !except[k] {
				seen[k] = true
				out = append(out, c)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		sc := newStmtCache(tx)
		defer sc.close()
		for i := range out {
			c := &out[i]
			var lists, replays, requeued string
			if err := sc.QueryRowContext(ctx, `SELECT max(seq), json_group_array(json(changed)), json_group_array(json(coalesce(replay, 'null'))),
				coalesce(max(requeued_at), '') FROM outbox WHERE tbl = ? AND row_id = ?`, c.Table, c.ID).Scan(&c.UpTo, &lists, &replays, &requeued); err != nil {
				return err
			}
			var changed [][]string
			var replay []map[string]int64
			if err := errors.Join(json.Unmarshal([]byte(lists), &changed), json.Unmarshal([]byte(replays), &replay)); err != nil {
				return err
			}
			c.Fields = map[string]any{}
			for i, l := range changed {
				for _, col := range entryColumns(c.Table, l) {
					c.Fields[col] = nil
					// A field written on this device after the restore
					// queued it again is no longer sent as it was.
					delete(c.Replay, col)
				}
				if i < len(replay) && replay[i] != nil {
					if c.Replay == nil {
						c.Replay = map[string]int64{}
					}
					maps.Copy(c.Replay, replay[i])
				}
			}
			if requeued != "" {
				c.Requeued = parseTS(requeued)
			}
		}
		return readChanges(ctx, sc, out)
	})
	return out, err
}

// readChanges fills the changes' fields, bases (readFields) and, for a
// visit's content, the keys edited since the hub last sent it, a statement for each table
// and set of columns rather than one or two a change.
func readChanges(ctx context.Context, tx querier, changes []Change) error {
	type group struct {
		table string
		cols  []string
		of    []*Change
	}
	groups := map[string]*group{}
	var order []string
	for i := range changes {
		c := &changes[i]
		cols, err := changeColumns(c)
		if err != nil {
			return err
		}
		key := c.Table + " " + strings.Join(cols, ",")
		g, ok := groups[key]
		if !ok {
			g = &group{table: c.Table, cols: cols}
			groups[key] = g
			order = append(order, key)
		}
		g.of = append(g.of, c)
	}
	for _, key := range order {
		g := groups[key]
		keys := g.table == mergedTable && slices.Contains(g.cols, mergedField)
		sel := append(slices.Clone(g.cols), "hub_seq")
		if keys {
			sel = append(sel, baseExpr)
		}
		for of := range slices.Chunk(g.of, 500) {
			byID := make(map[string]*Change, len(of))
			ids := make([]string, len(of))
			for i, c := range of {
				byID[c.ID], ids[i] = c, c.ID
			}
			idList, err := json.Marshal(ids)
			if err != nil {
				return err
			}
			rows, err := tx.QueryContext(ctx, `SELECT id, `+strings.Join(sel, ", ")+` FROM `+g.table+` WHERE id IN (SELECT value FROM json_each(?))`, string(idList))
			if err != nil {
				return fmt.Errorf("read %s: %w", g.table, err)
			}
			vals := make([]any, len(sel))
			dest := append([]any{new(string)}, make([]any, len(sel))...)
			for i := range vals {
				dest[i+1] = &vals[i]
			}
			read := 0
			for rows.Next() {
				if err := rows.Scan(dest...); err != nil {
					rows.Close()
					return fmt.Errorf("read %s: %w", g.table, err)
				}
				c := byID[*dest[0].(*string)]
				if c == nil {
					continue
				}
				read++
				if err := fillChange(c, g.cols, vals); err != nil {
					rows.Close()
					return err
				}
				if !keys {
					continue
				}
				content, _ := c.Fields[mergedField].(string)
				if base, ok := fromStored(g.table, mergedBase, vals[len(vals)-1]).(string); ok {
					if k, ok := changedKeys(content, base); ok {
						c.Keys = map[string][]string{mergedField: k}
					}
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("read %s: %w", g.table, err)
			}
			if read != len(of) {
				return fmt.Errorf("read %s: %d of %d rows of the outbox: %w", g.table, read, len(of), sql.ErrNoRows)
			}
		}
	}
	return nil
}

// readFields fills c.Fields (whose keys name the columns) and c.BaseSeq
// from the row as it is now.
func readFields(ctx context.Context, tx querier, c *Change) error {
	cols, err := changeColumns(c)
	if err != nil {
		return err
	}
	// The columns as they are stored (the tables are STRICT: an integer,
	// a real, a text or null), read without encoding them to JSON and back.
	vals := make([]any, len(cols)+1)
	dest := make([]any, len(vals))
	for i := range vals {
		dest[i] = &vals[i]
	}
	err = tx.QueryRowContext(ctx, `SELECT `+strings.Join(append(cols, "hub_seq"), ", ")+` FROM `+c.Table+` WHERE id = ?`, c.ID).Scan(dest...)
	if err != nil {
		return fmt.Errorf("read %s %s: %w", c.Table, c.ID, err)
	}
	return fillChange(c, cols, vals)
}

// changeColumns returns the columns c.Fields names, sorted, each a column
// the device pushes.
func changeColumns(c *Change) ([]string, error) {
	allowed, ok := syncColumns(c.Table)
	if !ok {
		return nil, fmt.Errorf("outbox names unknown table %q", c.Table)
	}
	if c.Table == mergedTable {
		allowed = append(allowed, mergedBase)
	}
	cols := make([]string, 0, len(c.Fields))
	for col := range c.Fields {
		if !slices.Contains(allowed, col) {
			return nil, fmt.Errorf("outbox names unknown column %s.%s", c.Table, col)
		}
		cols = append(cols, col)
	}
	slices.Sort(cols)
	return cols, nil
}

// fillChange sets c's fields from the stored values of cols and its base
// from the hub_seq after them.
func fillChange(c *Change, cols []string, vals []any) error {
	for i, col := range cols {
		c.Fields[col] = fromStored(c.Table, col, vals[i])
	}
	seq, ok := vals[len(cols)].(int64)
	if !ok {
		return fmt.Errorf("read %s %s: hub_seq is %T", c.Table, c.ID, vals[len(cols)])
	}
	if seq < 0 {
		seq = -seq - 1 // unconfirmed since a restore: from its floor (HubRestored)
	}
	c.BaseSeq = seq
	return nil
}

func decodeFields(obj string, into *map[string]any) error {
	dec := json.NewDecoder(strings.NewReader(obj))
	dec.UseNumber()
	if err := dec.Decode(into); err != nil {
		return err
	}
	for k, v := range *into {
		if n, ok := v.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				(*into)[k] = i
			} else if f, err := n.Float64(); err == nil {
				(*into)[k] = f
			}
		}
	}
	return nil
}

// Pushed acknowledges a pushed change: its outbox entries up to UpTo are
// done (applied, merged with a conflict, or rejected — the hub keeps the
// conflicts and rejections). The row's hub_seq is the base of the hub's
// merge and must be a version this device has seen: it moves only when the
// hub said the device holds the row as the hub does (Seq), else a pull
// delivers it.
type Pushed struct {
	Table, ID string
	UpTo      int64
	// Content is a visit's pushed content and Keys the keys it set (nil:
	// the whole content): the hub now holds them, they become the base.
	Content json.RawMessage `json:",omitempty"`
	Keys    []string        `json:",omitzero"`
	// Seq, when the hub answered that this device holds the row as the
	// hub does after the change (protocol.Result.Current), is the hub's
	// seq of that version: it becomes the row's base, and a pull that
	// brings the row back at that seq leaves it alone.
	Seq int64 `json:",omitzero"`
	// Acked is the hub's sequence the change got (0: rejected): sync_pushed
	// keeps it, with Own, to send the row again to a hub restored from a
	// backup older than it.
	Acked int64 `json:",omitzero"`
	// Own are the digests of the values pushed, by field (PushedDigests).
	Own map[string]string `json:",omitempty"`
	// Requeued is Change.Requeued: a restore queued this change again.
	Requeued time.Time `json:",omitzero"`
}

// SyncIssue is a pushed change the hub did not take as it was: a field
// conflict (Yours lost to Theirs) or a rejection (Code and Message say why).
type SyncIssue struct {
	ID         int64           `json:"id"`
	Kind       string          `json:"kind"` // conflict | rejected
	Table      string          `json:"table"`
	RowID      string          `json:"row_id"`
	Field      string          `json:"field"`
	Yours      json.RawMessage `json:"yours" ts_type:"any"`
	Theirs     json.RawMessage `json:"theirs" ts_type:"any"`
	Code       string          `json:"code"`
	Message    string          `json:"message"`
	MessageEN  string          `json:"message_en"`
	CreatedAt  string          `json:"created_at"`
	ResolvedAt string          `json:"resolved_at"`
	Resolution string          `json:"resolution"`
}

// PushBatchKey is the sync state key of the batch being pushed (unless
// pushSlotKey names NextBatchKey; PushingBatch reads it): it is kept until
// acknowledged, so a retry sends the same batch id and the hub applies it
// once.
const PushBatchKey = "push_batch"

// MarkPushed removes acknowledged outbox entries, records hub sequences and
// the issues the hub reported, and forgets the pushed batch — in one
// transaction.
func (d *DB) MarkPushed(ctx context.Context, acks []Pushed, issues []SyncIssue) error {
	return d.MarkPushedKeep(ctx, acks, issues, false)
}

// NextBatchKey is, with PushBatchKey, one of the two sync state keys a
// batch is kept under: the batch being pushed under one, the batch read
// while it is in flight under the other (KeepNextBatch). pushSlotKey, when
// set, says the batch being pushed is under NextBatchKey; else it is under
// PushBatchKey. A batch read ahead becomes the batch being pushed by that
// pointer (MarkPushedKeep): written once and deleted once, never copied.
const (
	NextBatchKey = "push_batch_next"
	pushSlotKey  = "push_batch_slot"
)

// pushingKey is the key the batch being pushed is kept under (whether or
// not one is).
func pushingKey(ctx context.Context, q querier) (string, error) {
	var raw string
	err := q.QueryRowContext(ctx, `SELECT value FROM sync_state WHERE key = ?`, pushSlotKey).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return PushBatchKey, nil
	}
	if err != nil {
		return "", err
	}
	var key string
	if err := json.Unmarshal([]byte(raw), &key); err != nil || (key != PushBatchKey && key != NextBatchKey) {
		return "", errors.Join(err, fmt.Errorf("sync state %s names %q", pushSlotKey, raw))
	}
	return key, nil
}

func otherBatchKey(key string) string {
	if key == PushBatchKey {
		return NextBatchKey
	}
	return PushBatchKey
}

// PushingBatch reads the batch being pushed into v; false when none is
// kept.
func (d *DB) PushingBatch(ctx context.Context, v any) (bool, error) {
	return d.keptBatch(ctx, v, false)
}

// NextBatch reads the batch kept to push after the one being pushed
// (KeepNextBatch) into v; false when none is kept. Read ahead before a
// sync stopped, it may have been sent: it goes next, as it was kept.
func (d *DB) NextBatch(ctx context.Context, v any) (bool, error) {
	return d.keptBatch(ctx, v, true)
}

func (d *DB) keptBatch(ctx context.Context, v any, next bool) (bool, error) {
	var raw string
	err := d.read(ctx, func(tx *sql.Tx) error {
		key, err := pushingKey(ctx, tx)
		if err != nil {
			return err
		}
		if next {
			key = otherBatchKey(key)
		}
		return tx.QueryRowContext(ctx, `SELECT value FROM sync_state WHERE key = ?`, key).Scan(&raw)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, json.Unmarshal([]byte(raw), v)
}

// KeepBatch keeps kept as the batch being pushed.
func (d *DB) KeepBatch(ctx context.Context, kept json.RawMessage) error {
	return d.keepBatch(ctx, kept, false)
}

// KeepNextBatch keeps kept as the batch to push after the one being
// pushed. It is sent once the hub has answered the one being pushed: to a
// hub that keeps the last two answers (protocol.AnswersKept) while
// MarkPushedKeep records that answer and makes it the batch being pushed,
// to another once it has.
func (d *DB) KeepNextBatch(ctx context.Context, kept json.RawMessage) error {
	return d.keepBatch(ctx, kept, true)
}

func (d *DB) keepBatch(ctx context.Context, kept json.RawMessage, next bool) error {
	return d.tx(ctx, func(tx *sql.Tx) error {
		key, err := pushingKey(ctx, tx)
		if err != nil {
			return err
		}
		if next {
			key = otherBatchKey(key)
		}
		return setState(ctx, tx, key, kept)
	})
}

// forgetBatches forgets the batches kept: the one being pushed and one
// read ahead.
func forgetBatches(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM sync_state WHERE key IN (?, ?, ?)`, PushBatchKey, NextBatchKey, pushSlotKey)
	return err
}

// MarkPushedKeep is MarkPushed that, with next, makes the batch
// KeepNextBatch stored the batch being pushed, in the same transaction:
// either both are done or neither — a retry after a crash sends the
// acknowledged batch again only while its outbox entries are still there.
func (d *DB) MarkPushedKeep(ctx context.Context, acks []Pushed, issues []SyncIssue, next bool) error {
	return d.tx(ctx, func(tx *sql.Tx) error {
		now := ts(d.Now())
		upTo := map[[2]string]int64{}
		for _, a := range acks {
			upTo[[2]string{a.Table, a.ID}] = a.UpTo
		}
		if err := pushedBases(ctx, tx, acks, issues); err != nil {
			return err
		}
		for _, is := range issues {
			if _, err := tx.ExecContext(ctx, `INSERT INTO sync_issues (kind, tbl, row_id, field, yours, theirs, code, message, message_en, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, is.Kind, is.Table, is.RowID, is.Field, nullJSON(is.Yours), nullJSON(is.Theirs),
				is.Code, is.Message, is.MessageEN, now); err != nil {
				return err
			}
			if err := d.takeTheirs(ctx, tx, is, upTo[[2]string{is.Table, is.RowID}]); err != nil {
				return err
			}
		}
		if err := switchBatch(ctx, tx, next); err != nil {
			return err
		}
		// A batch's acknowledgements are written by a statement each, over
		// their list (json_each), not by a statement for each of them.
		type ackRow struct {
			Table string `json:"t"`
			ID    string `json:"i"`
			UpTo  int64  `json:"u"`
			Acked int64  `json:"a,omitzero"`
			Own   any    `json:"o,omitempty"`
		}
		type heldRow struct {
			ID  string `json:"i"`
			Seq int64  `json:"s"`
		}
		list := make([]ackRow, 0, len(acks))
		held := map[string][]heldRow{} // by table: the rows held as the hub holds them (Seq)
		for _, a := range acks {
			if _, ok := syncColumns(a.Table); !ok {
				return fmt.Errorf("mark pushed: unknown table %q", a.Table)
			}
			r := ackRow{Table: a.Table, ID: a.ID, UpTo: a.UpTo, Acked: a.Acked}
			if a.Acked > 0 {
				r.Own = ownJSON(a.Acked, a.Own)
			}
			list = append(list, r)
			if a.Seq > 0 {
				held[a.Table] = append(held[a.Table], heldRow{a.ID, a.Seq})
			}
		}
		if len(list) > 0 {
			raw, err := json.Marshal(list)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE seq IN (SELECT o.seq FROM json_each(?1) a
				JOIN outbox o ON o.tbl = a.value ->> 't' AND o.row_id = a.value ->> 'i' AND o.seq <= a.value ->> 'u')`, string(raw)); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO sync_pushed (tbl, row_id, hub_seq, own)
				SELECT a.value ->> 't', a.value ->> 'i', a.value ->> 'a', a.value ->> 'o' FROM json_each(?1) a WHERE a.value ->> 'a' > 0
				ON CONFLICT (tbl, row_id) DO UPDATE SET hub_seq = max(hub_seq, excluded.hub_seq), own = json_patch(own, excluded.own)`, string(raw)); err != nil {
				return err
			}
		}
		return d.applying(ctx, tx, func() error {
			for t, rows := range held {
				raw, err := json.Marshal(rows)
				if err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `UPDATE `+t+` SET hub_seq = max(`+t+`.hub_seq, a.seq)
					FROM (SELECT value ->> 'i' AS id, value ->> 's' AS seq FROM json_each(?)) a WHERE `+t+`.id = a.id`, string(raw)); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

// switchBatch forgets the batch being pushed and, with next, makes the
// batch kept after it the batch being pushed; without, it forgets any
// (one read ahead before a crash, never sent, too).
func switchBatch(ctx context.Context, tx *sql.Tx, next bool) error {
	if !next {
		return forgetBatches(ctx, tx)
	}
	key, err := pushingKey(ctx, tx)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sync_state WHERE key = ?`, key); err != nil {
		return err
	}
	var kept bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sync_state WHERE key = ?)`, otherBatchKey(key)).Scan(&kept); err != nil {
		return err
	}
	if !kept {
		return errors.New("mark pushed: no next batch is kept")
	}
	if key = otherBatchKey(key); key == PushBatchKey {
		_, err = tx.ExecContext(ctx, `DELETE FROM sync_state WHERE key = ?`, pushSlotKey)
		return err
	}
	return setState(ctx, tx, pushSlotKey, key)
}

// pushedBases makes what a push of visits' content set on the hub their
// base: the keys it set (or the whole content) but those in conflict, of
// changes not rejected.
func pushedBases(ctx context.Context, tx *sql.Tx, acks []Pushed, issues []SyncIssue) error {
	for _, a := range acks {
		if a.Table != mergedTable || a.Content == nil {
			continue
		}
		// Whole content becomes the base as it is: its keys are not needed.
		keys, whole := a.Keys, a.Keys == nil
		refused := false
		for _, is := range issues {
			if is.Table != a.Table || is.RowID != a.ID {
				continue
			}
			if is.Kind == "rejected" || is.Field == mergedField {
				refused = true
			}
			if k, ok := mergedKey(is.Table, is.Field); ok {
				keys = slices.DeleteFunc(keys, func(x string) bool { return x == k })
			}
		}
		switch {
		case refused:
		case whole:
			if _, err := tx.ExecContext(ctx, `UPDATE `+mergedTable+` SET `+mergedBase+` = ? WHERE id = ?`, string(a.Content), a.ID); err != nil {
				return err
			}
		default:
			if err := setBaseKeys(ctx, tx, a.ID, objectOf(string(a.Content)), keys); err != nil {
				return err
			}
		}
	}
	return nil
}

// PulledRow is one row as the hub sends it.
type PulledRow struct {
	Table  string         `json:"table"`
	ID     string         `json:"id"`
	Seq    int64          `json:"seq"`
	Fields map[string]any `json:"fields"`
}

// ApplyPulled applies one page of pulled rows and saves the cursor, in one
// transaction, without feeding the outbox. Columns with unpushed local
// changes keep the local value, and the row keeps its hub_seq, so the push
// that follows is merged against the version the edit was made on.
// A row whose parent has not arrived yet is parked and applied later.
func (d *DB) ApplyPulled(ctx context.Context, rows []PulledRow, cursor int64) error {
	// A page is applied whole. (A cancellable context would also have the
	// driver start an interrupt watcher for every statement.)
	ctx = context.WithoutCancel(ctx)
	return d.refetchableTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE sync_flags SET applying = 1`); err != nil {
			return err
		}
		restoreTriggers, err := quietTriggers(ctx, tx)
		if err != nil {
			return err
		}
		var parked []PulledRow
		prs, err := tx.QueryContext(ctx, `SELECT tbl, row_id, seq, fields FROM sync_parked`)
		if err != nil {
			return err
		}
		for prs.Next() {
			var r PulledRow
			var fields string
			if err := prs.Scan(&r.Table, &r.ID, &r.Seq, &fields); err != nil {
				prs.Close()
				return err
			}
			if err := decodeFields(fields, &r.Fields); err != nil {
				prs.Close()
				return err
			}
			parked = append(parked, r)
		}
		prs.Close()
		if _, err := tx.ExecContext(ctx, `DELETE FROM sync_parked`); err != nil {
			return err
		}
		todo := rows
		if len(parked) > 0 {
			todo = append(parked, rows...)
		}
		touched := make([]touchedRow, 0, len(todo))
		pa, err := newPageApply(ctx, tx, d.Now())
		if err != nil {
			return err
		}
		defer pa.close()
		// A snapshot's rows are new here: inserted many to a statement.
		deferred, err := searchDeferred(ctx, tx)
		if err != nil {
			return err
		}
		if deferred && pa.outboxEmpty {
			if todo, touched, err = d.insertNew(ctx, pa, todo); err != nil {
				return err
			}
		}
		for {
			var waiting []PulledRow
			for _, r := range todo {
				inserted, err := d.applyRow(ctx, pa, r)
				switch {
				case err == nil:
				case errors.Is(err, errHeld):
					continue
				case isForeignKey(err):
					waiting = append(waiting, r)
					continue
				case isRefusal(err):
					// This device holds a row the hub's version may not
					// replace (it is signed here, or another row has its
					// number): keep ours, show theirs, go on with the rest.
					if err := d.recordDiverged(ctx, tx, r, err); err != nil {
						return err
					}
					continue
				case err != nil:
					return fmt.Errorf("apply %s %s: %w", r.Table, r.ID, err)
				}
				touched = append(touched, touchedRow{r, inserted})
			}
			if len(waiting) == len(todo) || len(waiting) == 0 {
				todo = waiting
				break
			}
			todo = waiting
		}
		for _, r := range todo {
			// A row whose parent this device kept apart (it holds its own,
			// diverging version) can never apply: it is kept apart too.
			if parent, err := divergedParent(ctx, tx, r); err != nil {
				return err
			} else if parent != "" {
				if err := d.recordDiverged(ctx, tx, r, fmt.Errorf("its parent %s was kept apart", parent)); err != nil {
					return err
				}
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO sync_parked (tbl, row_id, seq, fields) VALUES (?, ?, ?, ?)
				ON CONFLICT (tbl, row_id) DO UPDATE SET seq = excluded.seq, fields = excluded.fields`,
				r.Table, r.ID, r.Seq, mustJSON(r.Fields)); err != nil {
				return err
			}
		}
		// The catalogue's search documents, on every page: the picker needs
		// them before anything else is built.
		var items []string
		for _, r := range touched {
			if r.Table == "catalogue_items" {
				items = append(items, r.ID)
			}
		}
		if err := reindexCatalogueIDs(ctx, tx, items); err != nil {
			return err
		}
		// A snapshot's pages leave the search indexes to the build after it.
		if !deferred {
			if err := d.reindexTouched(ctx, pa, touched); err != nil {
				return err
			}
		}
		if err := restoreTriggers(); err != nil {
			return err
		}
		if err := setState(ctx, tx, "cursor", cursor); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE sync_flags SET applying = 0`)
		return err
	})
}

// errOtherContent refuses a pulled signature over content this device does
// not hold (its own signed copy diverged from the hub's).
var errOtherContent = errors.New("the signature covers other content than this device's copy")

// signsLocalContent checks that a pulled signature covers the content of its
// visit or checklist as this device holds it, under any scheme that content
// has been signed under (the signer's device may be an older release). A
// missing parent is left to the foreign key (the row waits, parked).
func signsLocalContent(ctx context.Context, tx *sql.Tx, r PulledRow) error {
	hash, _ := r.Fields["content_hash"].(string)
	var signs bool
	if vid, _ := r.Fields["visit_id"].(string); vid != "" {
		v, err := visitByID(ctx, tx, vid)
		if err != nil {
			return nil
		}
		signs = v.SignedWith(hash)
	} else if cid, _ := r.Fields["checklist_id"].(string); cid != "" {
		c, err := checklistByID(ctx, tx, cid)
		if err != nil {
			return nil
		}
		signs = c.content().SignedWith(hash)
	} else {
		return nil
	}
	if !signs {
		return errOtherContent
	}
	return nil
}

// isRefusal reports a pulled row this device must refuse: an immutability
// trigger, a uniqueness constraint, or a signature over other content.
func isRefusal(err error) bool {
	if errors.Is(err, errOtherContent) {
		return true
	}
	var se sqlite3.Error
	// A row this store cannot hold (missing or invalid values, e.g. from a
	// hub that let a part of a row in) is kept apart, never wedging the sync.
	return errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintTrigger ||
		se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey ||
		se.ExtendedCode == sqlite3.ErrConstraintNotNull || se.ExtendedCode == sqlite3.ErrConstraintCheck)
}

// recordDiverged keeps, as a sync issue, a pulled row this device could not
// apply: the hub's values are kept for a person to see.
func (d *DB) recordDiverged(ctx context.Context, tx *sql.Tx, r PulledRow, cause error) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sync_issues (kind, tbl, row_id, field, theirs, code, message, message_en, created_at)
		VALUES ('conflict', ?, ?, '*', ?, 'diverged', ?, ?, ?)`, r.Table, r.ID, mustJSON(r.Fields),
		"服务器上的版本与本机已签字或已编号的记录不一致，本机记录保持不变，请联系档案管理员核对。（"+cause.Error()+"）",
		"The hub's version differs from a record that is signed or numbered on this device; this device's record was kept. Check it with the archive clerk. ("+cause.Error()+")",
		ts(d.Now()))
	return err
}

// divergedParent returns the id of a row r refers to that was kept apart
// as a diverged sync issue, "" when none was.
func divergedParent(ctx context.Context, tx *sql.Tx, r PulledRow) (string, error) {
	for _, f := range []string{"customer_id", "asset_id", "job_id", "visit_id", "checklist_id", "supersedes"} {
		id, _ := r.Fields[f].(string)
		if id == "" {
			continue
		}
		var kept bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sync_issues WHERE code = 'diverged' AND row_id = ? AND resolved_at IS NULL)`, id).Scan(&kept); err != nil {
			return "", err
		}
		if kept {
			return id, nil
		}
	}
	return "", nil
}

func isForeignKey(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintForeignKey
}

// stmtCache runs the statements of one transaction, preparing each once;
// it is a querier.
type stmtCache struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func newStmtCache(tx *sql.Tx) *stmtCache {
	return &stmtCache{tx: tx, stmts: map[string]*sql.Stmt{}}
}

func (sc *stmtCache) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	st, ok := sc.stmts[query]
	if !ok {
		var err error
		if st, err = sc.tx.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		sc.stmts[query] = st
	}
	return st, nil
}

func (sc *stmtCache) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := sc.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (sc *stmtCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := sc.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext runs query as a statement prepared once.
func (sc *stmtCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := sc.stmt(ctx, query)
	if err != nil {
		return sc.tx.QueryRowContext(ctx, query, args...) // reports the same error
	}
	return st.QueryRowContext(ctx, args...)
}

func (sc *stmtCache) close() {
	for _, st := range sc.stmts {
		st.Close()
	}
}

// errHeld is a pulled row whose version this device holds already.
var errHeld = errors.New("this version is here already")

// pageApply applies the rows of one pulled page in one transaction.
type pageApply struct {
	*stmtCache
	now         string              // updated_at (and created_at, when a row has none) of the rows inserted
	columns     map[string][]string // table → its synced columns
	inserts     map[string]*sql.Stmt
	key         []byte // the key of an INSERT in inserts, built again for each row
	cols        []string
	args        []any // a row's columns and values, built again for each row
	stored      []any // the values an INSERT binds, built again for each row
	outboxEmpty bool  // no local change waits: no column to keep
}

func newPageApply(ctx context.Context, tx *sql.Tx, now time.Time) (*pageApply, error) {
	pa := &pageApply{stmtCache: newStmtCache(tx), now: ts(now), columns: map[string][]string{}, inserts: map[string]*sql.Stmt{}}
	var pending int
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM outbox)`).Scan(&pending)
	pa.outboxEmpty = pending == 0
	return pa, err
}

// syncColumns is syncColumns, looked up once a page.
func (pa *pageApply) syncColumns(table string) ([]string, bool) {
	if cols, ok := pa.columns[table]; ok {
		return cols, true
	}
	cols, ok := syncColumns(table)
	if ok {
		pa.columns[table] = cols
	}
	return cols, ok
}

// applyRow inserts or updates one pulled row; inserted says it was new here.
func (d *DB) applyRow(ctx context.Context, pa *pageApply, r PulledRow) (inserted bool, err error) {
	tx := pa.tx
	if r.Table == "job_types" || r.Table == "checklist_templates" {
		return false, d.applyConfig(ctx, tx, r)
	}
	allowed, ok := pa.syncColumns(r.Table)
	if !ok {
		return false, fmt.Errorf("unknown table %q", r.Table)
	}
	// This version, or a later one, is here already (a row this device
	// pushed comes back at the seq the hub answered it with): nothing to
	// decode or compare. Asked first when the row may be here; else after
	// an insert found it here (a row new here costs no lookup).
	held := func() error {
		var have int64
		if err := pa.QueryRowContext(ctx, `SELECT hub_seq FROM `+r.Table+` WHERE id = ?`, r.ID).Scan(&have); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if have >= r.Seq && r.Seq > 0 {
			return errHeld
		}
		return nil
	}
	lookFirst := r.Table == "signatures" || !pa.outboxEmpty
	if lookFirst {
		if err := held(); err != nil {
			return false, err
		}
	}
	if r.Table == "signatures" {
		if err := signsLocalContent(ctx, tx, r); err != nil {
			return false, err
		}
	}
	var keep []string
	if !pa.outboxEmpty {
		var localChanged string
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(json_group_array(j.value), '[]')
			FROM outbox o, json_each(CASE o.changed WHEN '`+outboxWholeRow+`' THEN ? ELSE o.changed END) j
			WHERE o.tbl = ? AND o.row_id = ?`, outboxChanged(r.Table, outboxWholeRow), r.Table, r.ID).Scan(&localChanged); err != nil {
			return false, err
		}
		_ = json.Unmarshal([]byte(localChanged), &keep)
	}
	cols, args, err := pa.rowValues(ctx, r, allowed, keep, pa.cols[:0], pa.args[:0])
	defer func() { pa.cols, pa.args = cols, args }() // kept for the next row
	if err != nil {
		return false, err
	}
	seq := r.Seq
	if len(keep) > 0 {
		seq = 0 // unpushed local edits: keep the base they were made on
	}

	// A row new to this device is inserted as it comes. (A row with
	// unpushed local edits exists here: it is updated.)
	if len(keep) == 0 {
		inserted, err := d.insertPulled(ctx, pa, r, cols, args, seq)
		if err != nil || inserted {
			if err == nil && r.Table == "attachments" {
				err = d.thumbnailPulled(ctx, tx, r.ID)
			}
			return inserted, err
		}
	}
	if !lookFirst {
		if err := held(); err != nil {
			return false, err
		}
	}
	if err := d.updatePulled(ctx, pa, r, cols, args, seq); err != nil {
		return false, err
	}
	if r.Table == "attachments" {
		return false, d.thumbnailPulled(ctx, tx, r.ID)
	}
	return false, nil
}

// rowValues appends to cols and args the columns a pulled row writes and
// their values: its synced fields but those in keep (unpushed local
// edits), and a visit's content base.
func (pa *pageApply) rowValues(ctx context.Context, r PulledRow, allowed, keep, cols []string, args []any) ([]string, []any, error) {
	found := 0
	for _, col := range allowed {
		if found == len(r.Fields) {
			break // every field is placed: the other columns are not in the row
		}
		v, ok := r.Fields[col]
		if !ok {
			continue
		}
		if found++; slices.Contains(keep, col) {
			continue
		}
		cols = append(cols, col)
		args = append(args, v)
	}
	if r.Table == mergedTable {
		mcols, margs, err := pulledContent(ctx, pa, r, slices.Contains(keep, mergedField))
		if err != nil {
			return cols, args, err
		}
		cols, args = append(cols, mcols...), append(args, margs...)
	}
	return cols, args, nil
}

// pulledContent is what a pulled visit writes of its content: the hub's
// content becomes the base; with unpushed local edits, the content keeps
// those edits' keys and takes the hub's value of the others.
func pulledContent(ctx context.Context, pa *pageApply, r PulledRow, edited bool) (cols []string, args []any, err error) {
	pulled, ok := r.Fields[mergedField].(string)
	if !ok {
		return nil, nil, nil
	}
	if !edited {
		return []string{mergedBase}, []any{pulled}, nil
	}
	var local string
	var base sql.NullString
	err = pa.QueryRowContext(ctx, `SELECT `+mergedField+`, `+baseExpr+` FROM `+mergedTable+` WHERE id = ?`, r.ID).Scan(&local, &base)
	if err != nil {
		return nil, nil, noRowsOK(err)
	}
	if merged, ok := mergePulledContent(local, base.String, pulled); base.Valid && ok {
		return []string{mergedField, mergedBase}, []any{merged, pulled}, nil
	}
	return nil, nil, nil // no base: the local content stays whole
}

// insertPulled inserts a pulled row unless its id is here already.
func (d *DB) insertPulled(ctx context.Context, pa *pageApply, r PulledRow, cols []string, args []any, seq int64) (bool, error) {
	args = pa.insertValues(pa.stored[:0], r, cols, args, seq)
	defer func() { pa.stored = args[:0] }() // kept for the next row
	st, err := pa.insert(ctx, r.Table, cols, 1)
	if err != nil {
		return false, err
	}
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// insertValues appends to out the values the INSERT of a pulled row new
// here binds: its columns' values as the store keeps them, then its id,
// updated_at, updated_by, hub_seq and, unless cols has it, created_at.
func (pa *pageApply) insertValues(out []any, r PulledRow, cols []string, args []any, seq int64) []any {
	from := len(out)
	out = storedArgs(out, r.Table, cols, args)
	if r.Table == mergedTable {
		// New here, so not edited here: its base is its content.
		if i, j := slices.Index(cols, mergedField), slices.Index(cols, mergedBase); i >= 0 && j >= 0 && out[from+i] == out[from+j] {
			out[from+j] = baseIsContent
		}
	}
	out = append(out, r.ID, pa.now, "hub", seq)
	if !slices.Contains(cols, "created_at") {
		out = append(out, pa.now)
	}
	return out
}

// insertMany is how many new rows of a snapshot one INSERT writes.
const insertMany = 64

// bulkTables are the tables whose rows of a snapshot are inserted many to
// a statement: those whose new rows need nothing but their INSERT (a
// signature is checked against its content, an attachment gets its
// thumbnail, a catalogue item its search document), parents first.
var bulkTables = []string{"customers", "assets", "jobs", "visits", "checklists", "documents", "job_events"}

// insertNew inserts the rows of a snapshot's page, into a store with no
// local change waiting, many to a statement: table by table, parents
// first, as bulkTables orders them. It returns the rows it leaves to the
// row-by-row path, in their order: those of other tables, and those of a
// statement that failed. A failed INSERT is undone whole (a row here
// already, a parent not here yet, a refused value), and each of its rows
// then meets the row-by-row path, which knows what to do with it.
func (d *DB) insertNew(ctx context.Context, pa *pageApply, rows []PulledRow) (rest []PulledRow, inserted []touchedRow, err error) {
	type group struct {
		table string
		cols  []string
		rows  []int // indexes in rows
		args  []any // the values of rows, one after the other
	}
	var groups []*group
	byKey := map[string]*group{}
	done := make([]bool, len(rows))
	var key []byte
	for i, r := range rows {
		if !slices.Contains(bulkTables, r.Table) {
			continue
		}
		allowed, _ := pa.syncColumns(r.Table)
		cols, args, err := pa.rowValues(ctx, r, allowed, nil, pa.cols[:0], pa.args[:0])
		pa.cols, pa.args = cols, args
		if err != nil {
			return nil, nil, err
		}
		key = columnsKey(key[:0], r.Table, cols)
		g, ok := byKey[string(key)]
		if !ok {
			g = &group{table: r.Table, cols: slices.Clone(cols)}
			byKey[string(key)] = g
			groups = append(groups, g)
		}
		g.rows = append(g.rows, i)
		g.args = pa.insertValues(g.args, r, cols, args, r.Seq)
	}
	// Parents first; within a table, in the page's order.
	slices.SortStableFunc(groups, func(a, b *group) int {
		return slices.Index(bulkTables, a.table) - slices.Index(bulkTables, b.table)
	})
	for _, g := range groups {
		per := len(g.args) / len(g.rows)
		for start := 0; start < len(g.rows); start += insertMany {
			n := min(insertMany, len(g.rows)-start)
			st, err := pa.insert(ctx, g.table, g.cols, n)
			if err != nil {
				return nil, nil, err
			}
			res, err := st.ExecContext(ctx, g.args[start*per:(start+n)*per]...)
			if err != nil {
				continue // left to the row-by-row path
			}
			if affected, err := res.RowsAffected(); err != nil || affected != int64(n) {
				continue // one row, here already (ON CONFLICT DO NOTHING)
			}
			for _, i := range g.rows[start : start+n] {
				done[i] = true
			}
		}
	}
	for i, r := range rows {
		if done[i] {
			inserted = append(inserted, touchedRow{r, true})
		} else {
			rest = append(rest, r)
		}
	}
	return rest, inserted, nil
}

// storedArgs appends to out args, the values of cols, as the store keeps
// them.
func storedArgs(out []any, table string, cols []string, args []any) []any {
	for i, v := range args {
		out = append(out, toStored(table, cols[i], v))
	}
	return out
}

// columnsKey appends to key table and cols, each after a NUL: the key of
// the rows of table that write cols.
func columnsKey(key []byte, table string, cols []string) []byte {
	key = append(key, table...)
	for _, c := range cols {
		key = append(append(key, 0), c...)
	}
	return key
}

// insert is the INSERT of n pulled rows with cols, then id, updated_at,
// updated_by, hub_seq and, unless cols has it, created_at. One row's is
// ON CONFLICT (id) DO NOTHING; many rows' fails whole on any conflict. A
// page repeats a few of them thousands of times: each is prepared once.
func (pa *pageApply) insert(ctx context.Context, table string, cols []string, n int) (*sql.Stmt, error) {
	pa.key = strconv.AppendInt(append(columnsKey(pa.key[:0], table, cols), 0), int64(n), 10)
	if st, ok := pa.inserts[string(pa.key)]; ok {
		return st, nil
	}
	icols := append(slices.Clone(cols), "id", "updated_at", "updated_by", "hub_seq")
	if !slices.Contains(cols, "created_at") {
		icols = append(icols, "created_at")
	}
	marks := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(icols)), ", ") + ")"
	q := `INSERT INTO ` + table + ` (` + strings.Join(icols, ", ") + `) VALUES ` + strings.TrimSuffix(strings.Repeat(marks+", ", n), ", ")
	if n == 1 {
		q += ` ON CONFLICT (id) DO NOTHING`
	}
	st, err := pa.stmt(ctx, q)
	if err == nil {
		pa.inserts[string(pa.key)] = st
	}
	return st, err
}

// updatePulled writes to an existing row only what differs. The same values
// again are a no-op, also on rows whose triggers refuse any change.
func (d *DB) updatePulled(ctx context.Context, pa *pageApply, r PulledRow, cols []string, args []any, seq int64) error {
	current := Change{Table: r.Table, ID: r.ID, Fields: map[string]any{}}
	for _, c := range cols {
		current.Fields[c] = nil
	}
	if err := readFields(ctx, pa, &current); err != nil {
		return err
	}
	var keepCols []string
	var keepArgs []any
	for i, c := range cols {
		if !sameValue(schema.IsJSON(r.Table, c), current.Fields[c], args[i]) {
			keepCols, keepArgs = append(keepCols, c), append(keepArgs, toStored(r.Table, c, args[i]))
		}
	}
	if len(keepCols) == 0 && current.BaseSeq >= seq {
		return nil // this version is here already
	}
	sets := make([]string, 0, len(keepCols)+1)
	for _, c := range keepCols {
		sets = append(sets, c+" = ?")
	}
	sets = append(sets, "hub_seq = max(hub_seq, ?)")
	keepArgs = append(keepArgs, seq, r.ID)
	_, err := pa.exec(ctx, `UPDATE `+r.Table+` SET `+strings.Join(sets, ", ")+` WHERE id = ?`, keepArgs...)
	return err
}

// touchedRow is a pulled row applied in this page; inserted: new here.
type touchedRow struct {
	PulledRow
	inserted bool
}

// reindexTouched rebuilds the search documents of the jobs that pulled rows
// changed. A row new to this device names its job itself (a visit) or has
// no job yet that refers to it (a customer or asset: a job that does
// arrives in a page of its own and is touched then); a job new here has no
// search document to delete.
func (d *DB) reindexTouched(ctx context.Context, pa *pageApply, touched []touchedRow) error {
	// Customers' own search documents: new ones have none to delete.
	var newCustomers, changedCustomers []string
	for _, r := range touched {
		switch {
		case r.Table != "customers":
		case r.inserted:
			newCustomers = append(newCustomers, r.ID)
		default:
			changedCustomers = append(changedCustomers, r.ID)
		}
	}
	if err := reindexCustomerIDs(ctx, pa.tx, true, newCustomers); err != nil {
		return err
	}
	if err := reindexCustomerIDs(ctx, pa.tx, false, changedCustomers); err != nil {
		return err
	}
	// The jobs whose search text an updated row feeds.
	jobsOf := map[string]string{
		"customers": `SELECT id FROM jobs WHERE customer_id = ?`,
		"assets":    `SELECT id FROM jobs WHERE asset_id = ?`, "visits": `SELECT job_id FROM visits WHERE id = ?`,
	}
	jobs, fresh := map[string]bool{}, map[string]bool{}
	for _, r := range touched {
		switch {
		case r.Table == "jobs":
			jobs[r.ID] = true
			if r.inserted {
				fresh[r.ID] = true
			}
			continue
		case r.inserted && (r.Table == "customers" || r.Table == "assets"):
			continue
		case r.inserted && r.Table == "visits":
			if j, ok := r.Fields["job_id"].(string); ok {
				jobs[j] = true
				continue
			}
		}
		q, ok := jobsOf[r.Table]
		if !ok {
			continue
		}
		rows, err := pa.QueryContext(ctx, q, r.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var j string
			if err := rows.Scan(&j); err != nil {
				rows.Close()
				return err
			}
			jobs[j] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	ids := slices.Sorted(maps.Keys(jobs))
	var docs []searchDoc
	if err := byIDs(ids, func(where string, args []any) error {
		batch, err := searchDocs(ctx, pa.tx, fresh, where, args...)
		docs = append(docs, batch...)
		return err
	}); err != nil {
		return err
	}
	return writeSearchDocs(ctx, pa.tx, docs)
}

func setState(ctx context.Context, tx *sql.Tx, key string, value any) error {
	encoded, ok := value.(json.RawMessage) // encoded already: kept as it is
	if !ok {
		encoded = json.RawMessage(mustJSON(value))
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO sync_state (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, string(encoded))
	return err
}

// SyncState reads one value of the sync engine's state into v; it reports
// false when the key was never set.
func (d *DB) SyncState(ctx context.Context, key string, v any) (bool, error) {
	var raw string
	err := d.rdb.QueryRowContext(ctx, `SELECT value FROM sync_state WHERE key = ?`, key).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, json.Unmarshal([]byte(raw), v)
}

// SetSyncState stores one value of the sync engine's state (a
// json.RawMessage as it is).
func (d *DB) SetSyncState(ctx context.Context, key string, v any) error {
	return d.tx(ctx, func(tx *sql.Tx) error { return setState(ctx, tx, key, v) })
}

// takeTheirs writes the hub's winning value of a conflict into the local
// row, outside the outbox: this device then shows what everyone else sees,
// and the issue keeps our value until a person chooses.
func (d *DB) takeTheirs(ctx context.Context, tx *sql.Tx, is SyncIssue, upTo int64) error {
	if key, ok := mergedKey(is.Table, is.Field); ok && is.Kind == "conflict" {
		// Unless the user typed that field again meanwhile.
		var content string
		if err := tx.QueryRowContext(ctx, `SELECT `+mergedField+` FROM `+mergedTable+` WHERE id = ?`, is.RowID).Scan(&content); err != nil {
			return noRowsOK(err)
		}
		if !sameJSON(objectOf(content)[key], is.Yours) && !(string(is.Yours) == "null" && objectOf(content)[key] == nil) {
			return nil
		}
		return d.applying(ctx, tx, func() error { return takeTheirsKey(ctx, tx, is.RowID, key, is.Theirs) })
	}
	cols, ok := syncColumns(is.Table)
	if is.Kind != "conflict" || !ok || !slices.Contains(cols, is.Field) || len(is.Theirs) == 0 {
		return nil
	}
	// The user changed the field again after the pushed value (while the
	// push was on its way): that edit stays and goes with the next push.
	var newer bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM outbox o, json_each(CASE o.changed WHEN '`+outboxWholeRow+`' THEN ? ELSE o.changed END) c
		WHERE o.tbl = ? AND o.row_id = ? AND o.seq > ? AND c.value = ?)`, outboxChanged(is.Table, outboxWholeRow), is.Table, is.RowID, upTo, is.Field).Scan(&newer); err != nil {
		return err
	}
	if newer {
		return nil
	}
	var v any = string(is.Theirs)
	if !schema.IsJSON(is.Table, is.Field) {
		fields := map[string]any{}
		if err := decodeFields(`{"v":`+string(is.Theirs)+`}`, &fields); err != nil {
			return err
		}
		v = fields["v"]
	}
	return d.applying(ctx, tx, func() error {
		set := is.Field + ` = ?`
		args := []any{v, is.RowID}
		if is.Table == mergedTable && is.Field == mergedField {
			set += `, ` + mergedBase + ` = ?`
			args = []any{v, v, is.RowID}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+is.Table+` SET `+set+` WHERE id = ?`, args...); err != nil && !isRefusal(err) {
			return err
		}
		return nil
	})
}

// applying runs fn with the outbox triggers off: it writes what the hub
// holds, not a local change.
func (d *DB) applying(ctx context.Context, tx *sql.Tx, fn func() error) error {
	if _, err := tx.ExecContext(ctx, `UPDATE sync_flags SET applying = 1`); err != nil {
		return err
	}
	if err := fn(); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE sync_flags SET applying = 0`)
	return err
}

func noRowsOK(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return err
}

func nullJSON(b json.RawMessage) any {
	if len(b) == 0 {
		return nil
	}
	return string(b)
}

// SyncIssues lists the conflicts and rejections not yet resolved, newest first.
func (d *DB) SyncIssues(ctx context.Context) ([]SyncIssue, error) {
	rows, err := d.rdb.QueryContext(ctx, `SELECT id, kind, tbl, row_id, field, coalesce(yours, 'null'), coalesce(theirs, 'null'),
		code, message, message_en, created_at FROM sync_issues WHERE resolved_at IS NULL ORDER BY id DESC LIMIT 500`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []SyncIssue{}
	for rows.Next() {
		var is SyncIssue
		var yours, theirs string
		if err := rows.Scan(&is.ID, &is.Kind, &is.Table, &is.RowID, &is.Field, &yours, &theirs, &is.Code, &is.Message, &is.MessageEN, &is.CreatedAt); err != nil {
			return nil, err
		}
		is.Yours, is.Theirs = json.RawMessage(yours), json.RawMessage(theirs)
		out = append(out, is)
	}
	return out, rows.Err()
}

// ResolveSyncIssue closes an issue. "theirs" keeps the hub's value (already
// applied by the pull); "mine" writes our value again as a new local change,
// which the next push sends on top of the hub's current version.
func (d *DB) ResolveSyncIssue(ctx context.Context, id int64, choice string) error {
	return d.tx(ctx, func(tx *sql.Tx) error {
		var is SyncIssue
		var yours sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT kind, tbl, row_id, field, yours FROM sync_issues WHERE id = ? AND resolved_at IS NULL`, id).
			Scan(&is.Kind, &is.Table, &is.RowID, &is.Field, &yours)
		if err != nil {
			return noRows(err, "同步问题", "sync issue", fmt.Sprint(id))
		}
		switch choice {
		case "theirs":
		case "mine":
			if key, ok := mergedKey(is.Table, is.Field); ok && is.Kind == "conflict" && yours.Valid {
				var content string
				if err := tx.QueryRowContext(ctx, `SELECT `+mergedField+` FROM `+mergedTable+` WHERE id = ?`, is.RowID).Scan(&content); err != nil {
					return err
				}
				c := withKeys(objectOf(content), map[string]json.RawMessage{key: json.RawMessage(yours.String)}, []string{key})
				if _, err := tx.ExecContext(ctx, `UPDATE `+mergedTable+` SET `+mergedField+` = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?`,
					encodeObject(c), ts(d.Now()), d.deviceID, is.RowID); err != nil {
					return err
				}
				break
			}
			cols, ok := syncColumns(is.Table)
			if is.Kind != "conflict" || !ok || !slices.Contains(cols, is.Field) || !yours.Valid {
				return fieldbook.Errorf(fieldbook.EINVALID, "这个问题不能用本机的值解决。", "This issue cannot be resolved with this device's value.")
			}
			var v any
			if err := json.Unmarshal([]byte(yours.String), &v); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE `+is.Table+` SET `+is.Field+` = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?`,
				v, ts(d.Now()), d.deviceID, is.RowID); err != nil {
				return err
			}
		default:
			return fieldbook.Errorf(fieldbook.EINVALID, "请选择保留哪一个值。", "Choose which value to keep.")
		}
		_, err = tx.ExecContext(ctx, `UPDATE sync_issues SET resolved_at = ?, resolution = ? WHERE id = ?`, ts(d.Now()), choice, id)
		return err
	})
}

// sameValue compares a stored value with a pulled one; JSON documents by
// content, numbers by value.
func sameValue(isJSON bool, stored, pulled any) bool {
	if isJSON {
		a, aok := stored.(string)
		b, bok := pulled.(string)
		if aok && bok {
			if a == b {
				return true
			}
			var x, y any
			if json.Unmarshal([]byte(a), &x) == nil && json.Unmarshal([]byte(b), &y) == nil {
				return reflect.DeepEqual(x, y)
			}
		}
	}
	switch p := pulled.(type) {
	case float64:
		if s, ok := stored.(int64); ok {
			return float64(s) == p
		}
	case bool:
		if s, ok := stored.(int64); ok {
			return (s == 1) == p
		}
	}
	return reflect.DeepEqual(stored, pulled)
}

// PendingCount is how many rows wait to be pushed.
func (d *DB) PendingCount(ctx context.Context) (int, error) {
	var n int
	err := d.rdb.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM outbox GROUP BY tbl, row_id)`).Scan(&n)
	return n, err
}

// applyConfig stores a job type or template version an admin published on
// the hub: it replaces the built-in or imported job type of the same key;
// a template version is stored once.
func (d *DB) applyConfig(ctx context.Context, tx *sql.Tx, r PulledRow) error {
	def, _ := r.Fields["definition"].(string)
	if deleted, _ := r.Fields["deleted"].(int64); deleted == 1 || def == "" {
		return nil // job types are retired by publishing a new set, not deleted
	}
	var b jobtype.Bundle
	if r.Table == "job_types" {
		var jt jobtype.JobType
		if err := json.Unmarshal([]byte(def), &jt); err != nil {
			return err
		}
		b.JobTypes = append(b.JobTypes, jt)
	} else {
		var t jobtype.Template
		if err := json.Unmarshal([]byte(def), &t); err != nil {
			return err
		}
		b.Templates = append(b.Templates, t)
	}
	return storeBundle(ctx, tx, b, "hub", d.Now())
}

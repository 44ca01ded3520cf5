package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/schema"
)

// UnsyncedRow is a row with changes not yet on the hub, as it is now:
// every synced column, and the columns changed since the last push.
type UnsyncedRow struct {
	Table   string         `json:"table"`
	ID      string         `json:"id"`
	Changed []string       `json:"changed"`
	Fields  map[string]any `json:"fields"`
}

// UnsyncedRows returns every row of the outbox, in the order it was first
// changed (parents first), whole.
func (d *DB) UnsyncedRows(ctx context.Context) ([]UnsyncedRow, error) {
	var out []UnsyncedRow
	err := d.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT tbl, row_id, json_group_array(json(changed)) FROM outbox
			GROUP BY tbl, row_id ORDER BY min(seq)`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var r UnsyncedRow
			var lists string
			if err := rows.Scan(&r.Table, &r.ID, &lists); err != nil {
				rows.Close()
				return err
			}
			var changed [][]string
			if err := json.Unmarshal([]byte(lists), &changed); err != nil {
				rows.Close()
				return err
			}
			for _, l := range changed {
				for _, c := range entryColumns(r.Table, l) {
					if !slices.Contains(r.Changed, c) {
						r.Changed = append(r.Changed, c)
					}
				}
			}
			out = append(out, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		sc := newStmtCache(tx)
		defer sc.close()
		for i := range out {
			r := &out[i]
			cols, ok := syncColumns(r.Table)
			if !ok {
				return fmt.Errorf("outbox names unknown table %q", r.Table)
			}
			c := Change{Table: r.Table, ID: r.ID, Fields: map[string]any{}}
			for _, col := range cols {
				c.Fields[col] = nil
			}
			if err := readFields(ctx, sc, &c); err != nil {
				return err
			}
			r.Fields = c.Fields
		}
		return nil
	})
	return out, err
}

// ImportReport says what an import did.
type ImportReport struct {
	Rows    int      `json:"rows"`    // rows written (new, or changed columns differing)
	Same    int      `json:"same"`    // rows this store already held as in the file
	Skipped []string `json:"skipped"` // rows refused, with why (e.g. a signed record that differs)
}

// ImportUnsynced writes rows another laptop had not yet pushed into this
// store as this store's own unsynced work: a row this store lacks is
// inserted whole, a row it holds gets the file's changed columns. The
// outbox triggers record every difference, so the next sync pushes it,
// and importing the same file again changes nothing. A row the store
// refuses (a signed record differs, a number is taken) is skipped and
// named; the others are imported, in one transaction.
func (d *DB) ImportUnsynced(ctx context.Context, rows []UnsyncedRow) (ImportReport, error) {
	var rep ImportReport
	err := d.tx(ctx, func(tx *sql.Tx) error {
		jobs, fresh := map[string]bool{}, map[string]bool{}
		for _, r := range rows {
			cols, ok := syncColumns(r.Table)
			if !ok {
				return fieldbook.Errorf(fieldbook.EINVALID, "文件包含未知的数据表“"+r.Table+"”。", "The file holds an unknown table "+r.Table+".")
			}
			if !validRowID(r.ID) {
				return fieldbook.Errorf(fieldbook.EINVALID, "文件包含无效的记录编号。", "The file holds an invalid record id.")
			}
			var exists int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+r.Table+` WHERE id = ?`, r.ID).Scan(&exists); err != nil {
				return err
			}
			write := cols
			if exists == 1 {
				write = slices.DeleteFunc(slices.Clone(r.Changed), func(c string) bool { return !slices.Contains(cols, c) })
			}
			var args []any
			var names, set []string
			for _, c := range write {
				v, ok := r.Fields[c]
				if !ok {
					continue
				}
				if b, isBool := v.(bool); isBool { // JSON true/false of a 0/1 column
					v = map[bool]int{false: 0, true: 1}[b]
				}
				if f, isFloat := v.(float64); isFloat && f == float64(int64(f)) {
					v = int64(f)
				}
				if m, isJSON := v.(map[string]any); isJSON {
					raw, _ := json.Marshal(m)
					v = string(raw)
				}
				if a, isJSON := v.([]any); isJSON {
					raw, _ := json.Marshal(a)
					v = string(raw)
				}
				names = append(names, c)
				args = append(args, toStored(r.Table, c, v))
				set = append(set, c+" = ?")
			}
			if _, err := tx.ExecContext(ctx, `SAVEPOINT import_row`); err != nil {
				return err
			}
			var res sql.Result
			var err error
			if exists == 1 {
				if len(names) == 0 {
					rep.Same++
					_, _ = tx.ExecContext(ctx, `RELEASE import_row`)
					continue
				}
				// Only what differs: the same values again are no change.
				var where []string
				for _, n := range names {
					where = append(where, n+" IS NOT ?")
				}
				q := `UPDATE ` + r.Table + ` SET ` + strings.Join(set, ", ") + ` WHERE id = ? AND (` + strings.Join(where, " OR ") + `)`
				res, err = tx.ExecContext(ctx, q, append(append(append([]any{}, args...), r.ID), args...)...)
			} else {
				icols := append(slices.Clone(names), "id", "updated_at", "updated_by")
				iargs := append(slices.Clone(args), r.ID, ts(d.Now()), "import")
				if !slices.Contains(names, "created_at") {
					icols, iargs = append(icols, "created_at"), append(iargs, ts(d.Now()))
				}
				res, err = tx.ExecContext(ctx, `INSERT INTO `+r.Table+` (`+strings.Join(icols, ", ")+`) VALUES (`+
					strings.TrimSuffix(strings.Repeat("?, ", len(icols)), ", ")+`)`, iargs...)
			}
			if err != nil {
				if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO import_row`); rerr != nil {
					return rerr
				}
				_, _ = tx.ExecContext(ctx, `RELEASE import_row`)
				rep.Skipped = append(rep.Skipped, fmt.Sprintf("%s %s: %v", r.Table, r.ID, err))
				continue
			}
			if _, err := tx.ExecContext(ctx, `RELEASE import_row`); err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				rep.Same++
				continue
			}
			rep.Rows++
			switch r.Table {
			case "jobs":
				jobs[r.ID] = true
				if exists == 0 {
					fresh[r.ID] = true
				}
			case "visits", "checklists", "documents", "attachments":
				if j, ok := r.Fields["job_id"].(string); ok {
					jobs[j] = true
				}
			}
		}
		for id := range jobs {
			docs, err := searchDocs(ctx, tx, fresh, `id = ?`, id)
			if err != nil {
				return err
			}
			if err := writeSearchDocs(ctx, tx, docs); err != nil {
				return err
			}
		}
		return nil
	})
	return rep, err
}

// validRowID is the protocol's row id: 1–64 letters, digits and . _ : @ -.
func validRowID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._:@-", r)) {
			return false
		}
	}
	return true
}

// blobOf is the blob a row references, "" for none.
func blobOf(r UnsyncedRow) string {
	t := schema.Lookup(r.Table)
	if t == nil || t.BlobField == "" {
		return ""
	}
	s, _ := r.Fields[t.BlobField].(string)
	return s
}

// UnsyncedBlobs lists the blobs the rows reference, once each.
func UnsyncedBlobs(rows []UnsyncedRow) []string {
	var out []string
	for _, r := range rows {
		if s := blobOf(r); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

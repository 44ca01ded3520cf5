package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"fieldbook/backend/fieldbook"
)

// The service centre's catalogue is the synced table catalogue_items (id
// "<kind>:<code>"): pulled from the hub like every reference row, written
// here only by the centre's admin (the desktop layer checks the role) —
// one item from the 设置 › 目录 form, or a whole price list imported at
// once — whose changes go to the hub through the outbox.
//
// The picker searches catalogue_search, one document per live item: the
// bigrams of its code, name and pinyin initials (search.go), and a token
// for its kind and one for being active, so that "nct" in the parts
// picker is one index lookup whatever the size of the list.

// CatalogueRow is an item as the screens show it.
type CatalogueRow struct {
	ID string `json:"id"`
	fieldbook.CatalogueItem
}

// CataloguePage is a page of a kind's items and how many match in all, up
// to CountLimit (More: more than that).
type CataloguePage struct {
	Rows  []CatalogueRow `json:"rows"`
	Total int            `json:"total"`
	More  bool           `json:"more"`
}

// Tokens of a catalogue search document beside its bigrams: private-use
// characters, which fold never produces, so no typed query meets them.
const (
	catalogueActiveToken = "\ue001on"
	catalogueKindToken   = "\ue001k"
)

func catalogueDoc(it fieldbook.CatalogueItem) string {
	doc := grams(it.Code, it.Name, it.Pinyin) + catalogueKindToken + it.Kind
	if it.Active {
		doc += " " + catalogueActiveToken
	}
	return doc
}

// catalogueMatch is the FTS5 query of what was typed, for items of kind
// (active ones only when activeOnly); "" for every item of the kind.
func catalogueMatch(kind, typed string, activeOnly bool) string {
	terms := []string{`"` + catalogueKindToken + kind + `"`}
	if activeOnly {
		terms = append(terms, `"`+catalogueActiveToken+`"`)
	}
	if m := matchQuery(typed); m != "" {
		terms = append(terms, m)
	}
	return strings.Join(terms, " AND ")
}

const catalogueCols = `id, kind, code, name, unit, price_fen, pinyin, active`

func scanCatalogue(rows *sql.Rows) ([]CatalogueRow, error) {
	defer rows.Close()
	out := []CatalogueRow{}
	for rows.Next() {
		var r CatalogueRow
		if err := rows.Scan(&r.ID, &r.Kind, &r.Code, &r.Name, &r.Unit, &r.PriceFen, &r.Pinyin, &r.Active); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// PickCatalogue returns up to limit active items of kind whose code, name
// or pinyin initials hold what was typed ("nct", "内存", "DDR4"), in code
// order: the visit form's picker.
func (d *DB) PickCatalogue(ctx context.Context, kind, typed string, limit int) ([]CatalogueRow, error) {
	limit = min(max(limit, 1), 100)
	var rows *sql.Rows
	var err error
	if matchQuery(typed) == "" {
		rows, err = d.rdb.QueryContext(ctx, `SELECT `+catalogueCols+` FROM catalogue_items INDEXED BY catalogue_items_kind_code
			WHERE kind = ? AND deleted = 0 AND active = 1 ORDER BY code LIMIT ?`, kind, limit)
	} else {
		// The index's matches in its own order, then their items by rowid:
		// a common initial matches thousands, and a page needs few.
		rows, err = d.rdb.QueryContext(ctx, `SELECT `+catalogueCols+` FROM catalogue_items WHERE rowid IN
			(SELECT rowid FROM catalogue_search WHERE catalogue_search MATCH ? LIMIT ?)`, catalogueMatch(kind, typed, true), limit)
	}
	if err != nil {
		return nil, fmt.Errorf("pick catalogue: %w", err)
	}
	out, err := scanCatalogue(rows)
	if err != nil {
		return nil, fmt.Errorf("pick catalogue: %w", err)
	}
	slices.SortFunc(out, func(a, b CatalogueRow) int { return strings.Compare(a.Code, b.Code) })
	// A whole code typed leads, whatever else matched.
	id := fieldbook.CatalogueID(kind, strings.ToUpper(strings.TrimSpace(typed)))
	if i := slices.IndexFunc(out, func(r CatalogueRow) bool { return r.ID == id }); i > 0 {
		exact := out[i]
		copy(out[1:i+1], out[:i])
		out[0] = exact
	} else if i < 0 && typed != "" {
		rows, err := d.rdb.QueryContext(ctx, `SELECT `+catalogueCols+` FROM catalogue_items WHERE id = ? AND deleted = 0 AND active = 1`, id)
		if err != nil {
			return nil, fmt.Errorf("pick catalogue: %w", err)
		}
		exact, err := scanCatalogue(rows)
		if err != nil {
			return nil, fmt.Errorf("pick catalogue: %w", err)
		}
		if len(exact) > 0 {
			out = append(exact, out[:min(len(out), limit-1)]...)
		}
	}
	return out, nil
}

// Catalogue returns a page of the items of kind (inactive ones too) whose
// code, name or pinyin initials hold what was typed, in code order when
// nothing was: the 设置 › 目录 list.
func (d *DB) Catalogue(ctx context.Context, kind, typed string, offset, limit int) (CataloguePage, error) {
	limit = min(max(limit, 1), 200)
	offset = max(offset, 0)
	var page CataloguePage
	var rows *sql.Rows
	var err error
	if matchQuery(typed) == "" {
		if err := d.rdb.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM catalogue_items INDEXED BY catalogue_items_kind_code
			WHERE kind = ? AND deleted = 0 LIMIT ?)`, kind, CountLimit+1).Scan(&page.Total); err != nil {
			return page, fmt.Errorf("catalogue: %w", err)
		}
		rows, err = d.rdb.QueryContext(ctx, `SELECT `+catalogueCols+` FROM catalogue_items INDEXED BY catalogue_items_kind_code
			WHERE kind = ? AND deleted = 0 ORDER BY code LIMIT ? OFFSET ?`, kind, limit, offset)
	} else {
		m := catalogueMatch(kind, typed, false)
		if err := d.rdb.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM catalogue_search WHERE catalogue_search MATCH ? LIMIT ?)`,
			m, CountLimit+1).Scan(&page.Total); err != nil {
			return page, fmt.Errorf("catalogue: %w", err)
		}
		rows, err = d.rdb.QueryContext(ctx, `SELECT `+catalogueCols+` FROM catalogue_items WHERE rowid IN
			(SELECT rowid FROM catalogue_search WHERE catalogue_search MATCH ? ORDER BY rowid LIMIT ? OFFSET ?) ORDER BY rowid`, m, limit, offset)
	}
	if err != nil {
		return page, fmt.Errorf("catalogue: %w", err)
	}
	if page.Total > CountLimit {
		page.Total, page.More = CountLimit, true
	}
	page.Rows, err = scanCatalogue(rows)
	return page, err
}

// CatalogueItems returns every live item of kind in code order (an export).
func (d *DB) CatalogueItems(ctx context.Context, kind string) ([]fieldbook.CatalogueItem, error) {
	rows, err := d.rdb.QueryContext(ctx, `SELECT `+catalogueCols+` FROM catalogue_items INDEXED BY catalogue_items_kind_code
		WHERE kind = ? AND deleted = 0 ORDER BY code`, kind)
	if err != nil {
		return nil, fmt.Errorf("catalogue items: %w", err)
	}
	list, err := scanCatalogue(rows)
	out := make([]fieldbook.CatalogueItem, len(list))
	for i, r := range list {
		out[i] = r.CatalogueItem
	}
	return out, err
}

// SaveCatalogueItem stores one item, new or changed (by kind and code),
// after the same checks as the hub's; a refused item is not stored and its
// fields are named.
func (d *DB) SaveCatalogueItem(ctx context.Context, it fieldbook.CatalogueItem) (CatalogueRow, error) {
	it.Normalize()
	if err := it.Validate(); err != nil {
		return CatalogueRow{}, err
	}
	err := d.tx(ctx, func(tx *sql.Tx) error { return d.writeCatalogue(ctx, tx, []fieldbook.CatalogueItem{it}) })
	if err != nil {
		return CatalogueRow{}, fmt.Errorf("save catalogue item: %w", err)
	}
	return CatalogueRow{ID: fieldbook.CatalogueID(it.Kind, it.Code), CatalogueItem: it}, nil
}

// ImportCatalogue stores every item in one transaction: all of them or, on
// any failure, none. The items have been checked (package catalogue).
func (d *DB) ImportCatalogue(ctx context.Context, items []fieldbook.CatalogueItem) error {
	for i := range items {
		items[i].Normalize()
		if err := items[i].Validate(); err != nil {
			return err
		}
	}
	if err := d.tx(ctx, func(tx *sql.Tx) error { return d.writeCatalogue(ctx, tx, items) }); err != nil {
		return fmt.Errorf("import catalogue: %w", err)
	}
	return nil
}

// DeleteCatalogueItem removes an item (its row is kept, deleted, and the
// deletion syncs).
func (d *DB) DeleteCatalogueItem(ctx context.Context, id string) error {
	return d.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE catalogue_items SET deleted = 1, updated_at = ?, updated_by = ?, version = version + 1
			WHERE id = ? AND deleted = 0`, ts(d.Now()), d.deviceID, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fieldbook.Errorf(fieldbook.ENOTFOUND, "目录中没有这一项。", "The catalogue has no such item.")
		}
		return reindexCatalogue(ctx, tx, false, `id = ?`, id)
	})
}

// writeCatalogue inserts or updates items, by id, and their search documents.
func (d *DB) writeCatalogue(ctx context.Context, tx *sql.Tx, items []fieldbook.CatalogueItem) error {
	now := ts(d.Now())
	st, err := tx.PrepareContext(ctx, `INSERT INTO catalogue_items (id, kind, code, name, unit, price_fen, pinyin, active, created_at, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, unit = excluded.unit, price_fen = excluded.price_fen, pinyin = excluded.pinyin,
			active = excluded.active, deleted = 0, updated_at = excluded.updated_at, updated_by = excluded.updated_by, version = version + 1
		WHERE (name, unit, price_fen, pinyin, active, deleted) IS NOT (excluded.name, excluded.unit, excluded.price_fen, excluded.pinyin, excluded.active, 0)`)
	if err != nil {
		return err
	}
	defer st.Close()
	ids := make([]string, 0, len(items))
	for _, it := range items {
		id := fieldbook.CatalogueID(it.Kind, it.Code)
		if _, err := st.ExecContext(ctx, id, it.Kind, it.Code, it.Name, it.Unit, it.PriceFen, it.Pinyin, it.Active, now, now, d.deviceID); err != nil {
			return err
		}
		ids = append(ids, id)
	}
	return reindexCatalogueIDs(ctx, tx, ids)
}

// reindexCatalogue rewrites the search documents of the items matching
// where (a condition on catalogue_items); fresh: they have none to delete.
func reindexCatalogue(ctx context.Context, tx *sql.Tx, fresh bool, where string, args ...any) error {
	rows, err := tx.QueryContext(ctx, `SELECT rowid, deleted, `+catalogueCols+` FROM catalogue_items WHERE `+where, args...)
	if err != nil {
		return err
	}
	type doc struct {
		rowid   int64
		deleted bool
		text    string
	}
	var docs []doc
	for rows.Next() {
		var d doc
		var r CatalogueRow
		if err := rows.Scan(&d.rowid, &d.deleted, &r.ID, &r.Kind, &r.Code, &r.Name, &r.Unit, &r.PriceFen, &r.Pinyin, &r.Active); err != nil {
			rows.Close()
			return err
		}
		d.text = catalogueDoc(r.CatalogueItem)
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, d := range docs {
		if !fresh {
			if _, err := tx.ExecContext(ctx, `DELETE FROM catalogue_search WHERE rowid = ?`, d.rowid); err != nil {
				return err
			}
		}
		if !d.deleted {
			if _, err := tx.ExecContext(ctx, `INSERT INTO catalogue_search (rowid, grams) VALUES (?, ?)`, d.rowid, d.text); err != nil {
				return err
			}
		}
	}
	return nil
}

// reindexCatalogueIDs is reindexCatalogue for items by id, 500 a query.
func reindexCatalogueIDs(ctx context.Context, tx *sql.Tx, ids []string) error {
	return byIDs(ids, func(where string, args []any) error { return reindexCatalogue(ctx, tx, false, where, args...) })
}

// ForgetCatalogue drops this laptop's own catalogue and whatever of it
// waits to be pushed (connecting to a hub: the centre's comes with the
// first pull), without queueing the deletion.
func (d *DB) ForgetCatalogue(ctx context.Context) error {
	return d.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE tbl = 'catalogue_items'`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM catalogue_search`); err != nil {
			return err
		}
		return d.applying(ctx, tx, func() error {
			_, err := tx.ExecContext(ctx, `DELETE FROM catalogue_items`)
			return err
		})
	})
}

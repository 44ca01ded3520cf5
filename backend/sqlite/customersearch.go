package sqlite

import (
	"context"
	"database/sql"
)

// The customers' search index, customer_search: one document per live
// customer (its rowid), the bigrams of its name, company, phones and
// addresses (see search.go). It is written with the customer: a local save,
// a pulled row, the demo loader.

// customerDoc is the search document of a customer's fields.
func customerDoc(name, company, phones, addresses string) string {
	fields := append([]string{name, company}, jsonList(phones)...)
	return grams(append(fields, jsonList(addresses)...)...)
}

// reindexCustomers rewrites the search documents of the customers matching
// where (a condition on customers); fresh: they were inserted in this
// transaction and have none to delete.
func reindexCustomers(ctx context.Context, tx *sql.Tx, fresh bool, where string, args ...any) error {
	rows, err := tx.QueryContext(ctx, `SELECT rowid, deleted, name, company, phones, addresses FROM customers WHERE `+where, args...)
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
		var name, company, phones, addresses string
		if err := rows.Scan(&d.rowid, &d.deleted, &name, &company, &phones, &addresses); err != nil {
			rows.Close()
			return err
		}
		d.text = customerDoc(name, company, phones, addresses)
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	del, err := tx.PrepareContext(ctx, `DELETE FROM customer_search WHERE rowid = ?`)
	if err != nil {
		return err
	}
	defer del.Close()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO customer_search (rowid, grams) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for _, d := range docs {
		if !fresh {
			if _, err := del.ExecContext(ctx, d.rowid); err != nil {
				return err
			}
		}
		if !d.deleted {
			if _, err := ins.ExecContext(ctx, d.rowid, d.text); err != nil {
				return err
			}
		}
	}
	return nil
}

// reindexCustomerIDs is reindexCustomers for customers by id, 500 a query
// (a pulled page brings thousands).
func reindexCustomerIDs(ctx context.Context, tx *sql.Tx, fresh bool, ids []string) error {
	return byIDs(ids, func(where string, args []any) error { return reindexCustomers(ctx, tx, fresh, where, args...) })
}

// rebuildSearch fills the search indexes a migration asked for (the
// search_rebuild table), once, at the start after it.
func (d *DB) rebuildSearch(ctx context.Context) error {
	return d.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM search_rebuild WHERE name = 'customers'`).Scan(&n); err != nil || n == 0 {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM customer_search`); err != nil {
			return err
		}
		if err := reindexCustomers(ctx, tx, true, `deleted = 0 ORDER BY rowid`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM search_rebuild WHERE name = 'customers'`)
		return err
	})
}

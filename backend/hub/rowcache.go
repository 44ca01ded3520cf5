package hub

import (
	"context"
	"maps"
)

// rowCache is a write transaction that reads each row once: a batch's
// changes read the same job again and again (its visits' and signatures'
// access checks, their links), and a stored row is decoded at every read.
// A row written through it is what later reads get. Reads and writes give
// copies, so a change that edits the row it read changes no other's. It
// lives as long as the transaction.
type rowCache struct {
	WriteTx
	rows map[[2]string]*Row // nil: the hub has no such row
}

func newRowCache(tx WriteTx) *rowCache {
	return &rowCache{WriteTx: tx, rows: map[[2]string]*Row{}}
}

func (c *rowCache) Row(ctx context.Context, table, id string) (*Row, error) {
	key := [2]string{table, id}
	if r, ok := c.rows[key]; ok {
		return r.clone(), nil
	}
	r, err := c.WriteTx.Row(ctx, table, id)
	if err != nil {
		return nil, err
	}
	c.rows[key] = r.clone()
	return r, nil
}

func (c *rowCache) PutRow(ctx context.Context, r *Row) error {
	if err := c.WriteTx.PutRow(ctx, r); err != nil {
		delete(c.rows, [2]string{r.Table, r.ID})
		return err
	}
	c.rows[[2]string{r.Table, r.ID}] = r.clone()
	return nil
}

// clone copies the row and its maps (the field values are never changed
// in place).
func (r *Row) clone() *Row {
	if r == nil {
		return nil
	}
	c := *r
	c.Fields = maps.Clone(r.Fields)
	c.FieldSeq = maps.Clone(r.FieldSeq)
	c.FieldDevice = maps.Clone(r.FieldDevice)
	return &c
}

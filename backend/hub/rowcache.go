package hub

import (
	"context"
	"encoding/json"
	"maps"

	"fieldbook/backend/protocol"
	"fieldbook/backend/schema"
)

// rowCache is a write transaction that reads each row once and writes the
// rows of a batch together: a batch's changes read the same job again and
// again (its visits' and signatures' access checks, their links), a stored
// row is decoded at every read, and on PostgreSQL every statement is a
// round trip. Rows written through it are held and written, several to a
// statement, before anything else reads the store's rows (JobRows) and at
// flush; LookupRows sees them too. A row written through it is what later
// reads get. Reads and writes give copies, so a change that edits the row
// it read changes no other's. It lives as long as the transaction.
type rowCache struct {
	WriteTx
	rows    map[[2]string]*Row // nil: the hub has no such row
	pending []*Row             // written, not yet in the store, in write order
	held    map[[2]string]int  // index in pending
	// looked holds, by table and lookup key, the store's rows read ahead
	// (LookupRows without the held rows); forgotten when they are written.
	looked map[[2]string][]*Row
	owned  map[[2]string]bool // by user and blob: BlobOwned's answers
}

// bulkTx is what a store may offer beyond WriteTx to read and write many
// rows in one statement.
type bulkTx interface {
	PutRows(ctx context.Context, rows []*Row) error
	// Rows returns those of the rows the hub has (table, id).
	Rows(ctx context.Context, table string, ids []string) ([]*Row, error)
	// LookupRowsIn is LookupRows of several keys.
	LookupRowsIn(ctx context.Context, table string, keys []string) ([]*Row, error)
	// BlobsOwned is BlobOwned of several blobs: those the user uploaded.
	BlobsOwned(ctx context.Context, user string, shas []string) (map[string]bool, error)
}

func newRowCache(tx WriteTx) *rowCache {
	return &rowCache{WriteTx: tx, rows: map[[2]string]*Row{}, held: map[[2]string]int{}, looked: map[[2]string][]*Row{},
		owned: map[[2]string]bool{}}
}

// prefetch reads, several to a statement, what the changes' rules read:
// the rows the changes name, the rows their fields point to (a row's job,
// the record a signature signs, the revision an amendment supersedes, the
// checklist of a photo), the jobs of all these, the rows the rules look up
// (a new job's number, a signature's record, the signatures of a record
// that may be signed) and whether the user uploaded the blobs the changes
// reference; so that the changes' reads are answered from memory.
func (c *rowCache) prefetch(ctx context.Context, user string, changes []protocol.Change) error {
	bulk, ok := c.WriteTx.(bulkTx)
	if !ok {
		return nil
	}
	ids := map[string][]string{}
	var tables []string
	want := func(table, id string) {
		k := [2]string{table, id}
		if _, ok := c.rows[k]; ok || id == "" {
			return
		}
		c.rows[k] = nil // none unless read below
		if _, ok := ids[table]; !ok {
			tables = append(tables, table)
		}
		ids[table] = append(ids[table], id)
	}
	read := func() ([]*Row, error) {
		var got []*Row
		for _, t := range tables {
			rows, err := bulk.Rows(ctx, t, ids[t])
			if err != nil {
				return nil, err
			}
			for _, r := range rows {
				c.rows[[2]string{r.Table, r.ID}] = r
			}
			got = append(got, rows...)
		}
		clear(ids)
		tables = tables[:0]
		return got, nil
	}
	lookups := map[string][]string{}
	var lookupTables []string
	look := func(table, key string) {
		if _, ok := lookups[table]; !ok {
			lookupTables = append(lookupTables, table)
		}
		lookups[table] = append(lookups[table], key)
	}
	var shas []string
	for _, ch := range changes {
		want(ch.Table, ch.ID)
		t := schema.Lookup(ch.Table)
		if t == nil {
			continue
		}
		text := func(field string) string {
			var s string
			if field != "" {
				_ = json.Unmarshal(ch.Fields[field], &s) // a value the rules refuse is read as none
			}
			return s
		}
		want("jobs", text(t.JobField))
		want("visits", text(t.VisitField))
		want("checklists", text(t.ChecklistField))
		switch ch.Table {
		case "visits":
			want("visits", text("supersedes"))
		case "attachments":
			want("checklists", text("checklist_id"))
		}
		if key := lookupKey(ch.Table, ch.Fields); key != "" && key != "/" {
			look(ch.Table, key)
		}
		if len(t.SignedImmutable) > 0 {
			look("signatures", ch.ID)
		}
		if sha := text(t.BlobField); sha != "" {
			shas = append(shas, sha)
		}
	}
	got, err := read()
	if err != nil {
		return err
	}
	// The jobs the rows read belong to.
	for _, r := range got {
		want("jobs", r.JobID)
	}
	if _, err := read(); err != nil {
		return err
	}
	for _, t := range lookupTables {
		rows, err := bulk.LookupRowsIn(ctx, t, lookups[t])
		if err != nil {
			return err
		}
		for _, key := range lookups[t] {
			c.looked[[2]string{t, key}] = []*Row{} // none unless read
		}
		for _, r := range rows {
			k := [2]string{t, r.LookupKey}
			c.looked[k] = append(c.looked[k], r)
		}
	}
	if len(shas) > 0 {
		owned, err := bulk.BlobsOwned(ctx, user, shas)
		if err != nil {
			return err
		}
		for _, sha := range shas {
			c.owned[[2]string{user, sha}] = owned[sha]
		}
	}
	return nil
}

// BlobOwned is answered from what was read ahead, else by the store (the
// answer is kept: no blob changes owner during a write).
func (c *rowCache) BlobOwned(ctx context.Context, user, sha string) (bool, error) {
	k := [2]string{user, sha}
	if owned, ok := c.owned[k]; ok {
		return owned, nil
	}
	owned, err := c.WriteTx.BlobOwned(ctx, user, sha)
	if err == nil {
		c.owned[k] = owned
	}
	return owned, err
}

// Row is the cache's own row (WriteTx.Row: the caller changes a copy).
func (c *rowCache) Row(ctx context.Context, table, id string) (*Row, error) {
	key := [2]string{table, id}
	if r, ok := c.rows[key]; ok {
		return r, nil
	}
	r, err := c.WriteTx.Row(ctx, table, id)
	if err != nil {
		return nil, err
	}
	c.rows[key] = r
	return r, nil
}

// PutRow holds r as the row's last state; r is the cache's now (every
// caller writes a row it built or copied, and reads it after at most).
func (c *rowCache) PutRow(ctx context.Context, r *Row) error {
	key := [2]string{r.Table, r.ID}
	c.rows[key] = r
	if i, ok := c.held[key]; ok {
		c.pending[i] = c.rows[key] // one write of its last state
		return nil
	}
	c.held[key] = len(c.pending)
	c.pending = append(c.pending, c.rows[key])
	return nil
}

// flush writes the held rows to the store.
func (c *rowCache) flush(ctx context.Context) error {
	if len(c.pending) == 0 {
		return nil
	}
	rows := c.pending
	// What was read ahead no longer overlays the rows written now.
	c.pending, c.held, c.looked = nil, map[[2]string]int{}, map[[2]string][]*Row{}
	if bulk, ok := c.WriteTx.(bulkTx); ok {
		return bulk.PutRows(ctx, rows)
	}
	for _, r := range rows {
		if err := c.WriteTx.PutRow(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// JobRows reads the store: the held rows are written first.
func (c *rowCache) JobRows(ctx context.Context, jobID string) ([]*Row, error) {
	if err := c.flush(ctx); err != nil {
		return nil, err
	}
	return c.WriteTx.JobRows(ctx, jobID)
}

// LookupRows is the store's answer with the held rows in their written
// state: a held row counts as it was last written, whatever the store has.
func (c *rowCache) LookupRows(ctx context.Context, table, key string) ([]*Row, error) {
	stored, ok := c.looked[[2]string{table, key}]
	if !ok {
		var err error
		if stored, err = c.WriteTx.LookupRows(ctx, table, key); err != nil {
			return nil, err
		}
	}
	var out []*Row
	for _, r := range stored {
		if _, ok := c.held[[2]string{r.Table, r.ID}]; !ok {
			out = append(out, r.clone())
		}
	}
	for _, r := range c.pending {
		if r.Table == table && r.LookupKey == key && key != "" && !r.Deleted {
			out = append(out, r.clone())
		}
	}
	return out, nil
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
	c.FieldReplay = maps.Clone(r.FieldReplay)
	return &c
}

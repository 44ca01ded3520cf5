package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"time"

	"fieldbook/backend/demo"
	"fieldbook/backend/fieldbook"
)

// LoadDemo writes generated sets into the store: customers, assets, numbered
// jobs, visits, and for finished visits a customer and a technician
// signature over the visit's content hash. It commits every batch sets, so a
// large load neither holds one huge transaction nor one per row, and makes
// the rows of the next batch (ids, numbers, JSON, hashes) while SQLite
// writes the last. Into an empty store it leaves the search indexes to be
// built after it, as a first sync does (StartIndexing in the background,
// BuildSearchIndex now): they were a fifth of the load. It numbers the jobs
// from the store's last numbers at its start: it is meant for a store
// nobody writes to meanwhile.
//
// Demo rows stay on this device: they are written outside the outbox (a
// tenth of a job's cost was its five outbox entries) and the store is marked
// as holding demo data, which Engine.Enrol refuses, so a trial store never
// fills a centre's hub with invented customers.
func (d *DB) LoadDemo(ctx context.Context, sets []demo.Set, batch int) error {
	if batch <= 0 {
		batch = 1000
	}
	pads, err := demoPads()
	if err != nil {
		return err
	}
	// (A store older than the deferred build — a migration test loads one —
	// indexes as it goes.)
	var deferred, packed bool // packed: the store keeps strokes packed (a migration test loads an older one)
	last := map[string]int{}
	now, zone := d.Now(), d.Zone(ctx)
	if err := d.tx(ctx, func(tx *sql.Tx) error {
		for _, sum := range pads {
			if _, err := d.putBlob(ctx, tx, "image/png", sum, now); err != nil {
				return err
			}
		}
		rows, err := tx.QueryContext(ctx, `SELECT day, last FROM job_numbers`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var day string
			var n int
			if err := rows.Scan(&day, &n); err != nil {
				return err
			}
			last[day] = n
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if err := setState(ctx, tx, DemoKey, true); err != nil {
			return err
		}
		if ok, err := hasTable(ctx, tx, "search_rebuild"); err != nil || !ok {
			return err
		}
		if _, err := tx.ExecContext(ctx, deferSearch); err != nil {
			return err
		}
		deferred, err = searchDeferred(ctx, tx)
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT type = 'BLOB' FROM pragma_table_info('signatures') WHERE name = 'strokes'`).Scan(&packed)
	}); err != nil {
		return err
	}
	m := &demoMaker{d: d, pads: pads, now: now, zone: zone, last: last, index: !deferred}
	// A few dozen stroke lists, shared like the pads: drawing one per
	// signature cost more than inserting it.
	for i := range 31 {
		if packed {
			m.strokes = append(m.strokes, packStrokes(demoStrokes(i)))
		} else {
			m.strokes = append(m.strokes, demoStrokes(i))
		}
	}
	made, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []demoRows, 1)
	go func() {
		defer close(batches)
		for start := 0; start < len(sets); start += batch {
			rows := make([]demoRows, 0, batch)
			for i := start; i < min(start+batch, len(sets)); i++ {
				rows = append(rows, m.rows(i, sets[i]))
			}
			select {
			case batches <- rows:
			case <-made.Done():
				return
			}
		}
	}()
	// Batches are written whole and checked for cancellation between them:
	// a cancellable context would have the driver watch every statement. A
	// batch's commit does not wait for the disk: demo data can be made again.
	write := context.WithoutCancel(ctx)
	for rows := range batches {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := d.refetchableTx(write, func(tx *sql.Tx) error {
			return d.applying(write, tx, func() error { return writeDemoRows(write, tx, rows) })
		}); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// DemoKey is the sync-state key marking a store that holds demo data.
const DemoKey = "demo"

// HoldsDemo reports whether LoadDemo wrote into this store.
func (d *DB) HoldsDemo(ctx context.Context) (bool, error) {
	var demo bool
	_, err := d.SyncState(ctx, DemoKey, &demo)
	return demo, err
}

// demoRows are one set's rows as statement arguments; nil for a row the set
// does not add.
type demoRows struct {
	customer, asset, job, visit []any
	signatures                  [][]any
	day                         string // the job's numbering day, and its number that day
	number                      int
	customerDoc, jobDoc         string // search documents, when the load indexes
}

// demoMaker makes the rows of sets, in order.
type demoMaker struct {
	d                     *DB
	pads                  [][]byte
	strokes               []any // as the store keeps them
	now                   time.Time
	zone                  *time.Location
	last                  map[string]int // the last job number of each day
	index                 bool
	customerIDs, assetIDs []string
}

func (m *demoMaker) rows(i int, s demo.Set) demoRows {
	var r demoRows
	d, now := m.d, m.now
	c := s.Customer
	if s.NewCustomer {
		phones, addresses := mustJSON(cleanList(c.Phones)), mustJSON(cleanList(c.Addresses))
		m.customerIDs = append(m.customerIDs, newID())
		r.customer = []any{m.customerIDs[s.CustomerSeq], c.Name, c.Company, phones, addresses, c.Note, ts(now), ts(now), d.deviceID}
		if m.index {
			r.customerDoc = customerDoc(c.Name, c.Company, phones, addresses)
		}
	}
	var assetID any
	if s.AssetSeq >= 0 {
		if s.NewAsset {
			m.assetIDs = append(m.assetIDs, newID())
			a := s.Asset
			r.asset = []any{m.assetIDs[s.AssetSeq], m.customerIDs[s.CustomerSeq], a.Kind, a.Model, a.Serial,
				a.Plate, a.PurchaseDate, a.WarrantyMonths, a.EquipmentClass, ts(now), ts(now), d.deviceID}
		}
		assetID = m.assetIDs[s.AssetSeq]
	}
	// The job's day: the visit's arrival, or its appointment for a draft
	// (never "now": ten years of drafts would be numbered today).
	day := now
	if s.Visit.ArrivedAt != nil {
		day = *s.Visit.ArrivedAt
	} else if s.Visit.AppointmentAt != nil {
		day = *s.Visit.AppointmentAt
	}
	r.day = day.In(m.zone).Format("20060102")
	m.last[r.day]++
	r.number = m.last[r.day]
	number := fmt.Sprintf("%s-%s-%03d", d.deviceCode, r.day, r.number)
	j := s.Job
	j.ID = newID()
	r.job = []any{j.ID, number, j.JobType, m.customerIDs[s.CustomerSeq], assetID, j.AssignedTo,
		tsPtr(j.Appointment), j.Status, j.Summary, ts(day), ts(day), d.deviceID}
	v := s.Visit
	v.ID, v.JobID, v.Revision = newID(), j.ID, 1
	v.RegistrationNo = number + "-1"
	v.Normalize()
	signed := v.Status == fieldbook.VisitFinished
	r.visit = []any{v.ID, j.ID, v.Status, contentJSON(v), signed, ts(day), ts(day), d.deviceID}
	if signed {
		hash := v.ContentHash()
		at := day
		if v.DepartedAt != nil {
			at = *v.DepartedAt
		}
		for k, role := range []string{fieldbook.RoleCustomer, fieldbook.RoleTechnician} {
			pad := m.pads[(i*2+k)%len(m.pads)]
			r.signatures = append(r.signatures, []any{newID(), v.ID, role, fieldbook.SignReal, "", "", m.strokes[(i+k)%len(m.strokes)],
				hex.EncodeToString(sha256Sum(pad)), hash, ts(at), ts(at), ts(at), d.deviceID})
		}
	}
	if m.index {
		doc := []string{number, j.Summary, c.Name, c.Company, s.Asset.Model, s.Asset.Serial, s.Asset.Plate, v.FaultSymptoms}
		r.jobDoc = grams(append(append(doc, cleanList(c.Phones)...), cleanList(c.Addresses)...)...)
	}
	return r
}

// writeDemoRows inserts a batch of made rows, and the days' last job numbers.
func writeDemoRows(ctx context.Context, tx *sql.Tx, rows []demoRows) error {
	l, err := newDemoLoader(ctx, tx)
	if err != nil {
		return err
	}
	defer l.close()
	days := map[string]int{}
	for _, r := range rows {
		if r.customer != nil {
			res, err := l.customer.ExecContext(ctx, r.customer...)
			if err != nil {
				return fmt.Errorf("demo customer: %w", err)
			}
			if r.customerDoc != "" && l.customerSearch != nil {
				rowid, _ := res.LastInsertId()
				if _, err := l.customerSearch.ExecContext(ctx, rowid, r.customerDoc); err != nil {
					return fmt.Errorf("demo customer search: %w", err)
				}
			}
		}
		if r.asset != nil {
			if _, err := l.asset.ExecContext(ctx, r.asset...); err != nil {
				return fmt.Errorf("demo asset: %w", err)
			}
		}
		res, err := l.job.ExecContext(ctx, r.job...)
		if err != nil {
			return fmt.Errorf("demo job: %w", err)
		}
		days[r.day] = max(days[r.day], r.number)
		if _, err := l.visit.ExecContext(ctx, r.visit...); err != nil {
			return fmt.Errorf("demo visit: %w", err)
		}
		for _, sig := range r.signatures {
			if _, err := l.signature.ExecContext(ctx, sig...); err != nil {
				return fmt.Errorf("demo signature: %w", err)
			}
		}
		if r.jobDoc != "" {
			seq, _ := res.LastInsertId()
			if _, err := l.search.ExecContext(ctx, seq, r.jobDoc); err != nil {
				return fmt.Errorf("demo search: %w", err)
			}
		}
	}
	for day, n := range days {
		if _, err := l.number.ExecContext(ctx, day, n); err != nil {
			return fmt.Errorf("demo job number: %w", err)
		}
	}
	return nil
}

type demoLoader struct {
	customer, asset, job, visit, signature, search, number, customerSearch *sql.Stmt
}

func newDemoLoader(ctx context.Context, tx *sql.Tx) (*demoLoader, error) {
	l := &demoLoader{}
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&l.customer, `INSERT INTO customers (id, name, company, phones, addresses, note, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&l.asset, `INSERT INTO assets (id, customer_id, kind, model, serial, plate, purchase_date, warranty_months, equipment_class, created_at, updated_at, updated_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&l.job, `INSERT INTO jobs (id, number, job_type, customer_id, asset_id, assigned_to, appointment, status, summary, created_at, updated_at, updated_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&l.visit, `INSERT INTO visits (id, job_id, revision, status, content, signed, created_at, updated_at, updated_by) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?)`},
		{&l.signature, `INSERT INTO signatures (id, visit_id, role, kind, signer_name, reason, strokes, image_sha256, content_hash, signed_at, created_at, updated_at, updated_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&l.search, `INSERT INTO job_search (rowid, grams) VALUES (?, ?)`},
		{&l.number, `INSERT INTO job_numbers (day, last) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET last = max(last, excluded.last)`},
	} {
		s, err := tx.PrepareContext(ctx, p.sql)
		if err != nil {
			l.close()
			return nil, err
		}
		*p.stmt = s
	}
	// A store older than the customers' search index (a migration test
	// loads one) gets it filled by that migration instead.
	ok, err := hasTable(ctx, tx, "customer_search")
	if err != nil {
		l.close()
		return nil, err
	}
	if ok {
		s, err := tx.PrepareContext(ctx, `INSERT INTO customer_search (rowid, grams) VALUES (?, ?)`)
		if err != nil {
			l.close()
			return nil, err
		}
		l.customerSearch = s
	}
	return l, nil
}

func (l *demoLoader) close() {
	for _, s := range []*sql.Stmt{l.customer, l.asset, l.job, l.visit, l.signature, l.search, l.number, l.customerSearch} {
		if s != nil {
			s.Close()
		}
	}
}

// demoPads draws a few signature-like PNGs (300×100, a few kB each) that
// the demo signatures share.
func demoPads() ([][]byte, error) {
	var out [][]byte
	for k := 0; k < 8; k++ {
		img := image.NewNRGBA(image.Rect(0, 0, 300, 100))
		for x := 10; x < 290; x++ {
			y := 50 + 30*math.Sin(float64(x)/float64(12+k*3)) + 10*math.Cos(float64(x*(k+2))/40)
			for dy := -1; dy <= 1; dy++ {
				img.Set(x, int(y)+dy, color.NRGBA{A: 255})
			}
		}
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			return nil, err
		}
		out = append(out, b.Bytes())
	}
	return out, nil
}

// demoStrokes is a plausible signature_pad stroke list (about 60 points).
func demoStrokes(n int) string {
	pts := make([]fieldbook.Point, 0, 60)
	for i := 0; i < 60; i++ {
		pts = append(pts, fieldbook.Point{X: float64(10 + i*4), Y: math.Round(50 + 25*math.Sin(float64(i+n)/5)), T: int64(i * 16)})
	}
	return canonicalJSON([]fieldbook.Stroke{{Points: pts[:30]}, {Points: pts[30:]}})
}

// hasTable reports whether the store has a table of that name.
func hasTable(ctx context.Context, tx querier, name string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name = ?`, name).Scan(&n)
	return n > 0, err
}

// HasJobs reports whether the store holds any job (the demo fills only an empty one).
func (d *DB) HasJobs(ctx context.Context) (bool, error) {
	var n int
	err := d.rdb.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM jobs LIMIT 1)`).Scan(&n)
	return n > 0, err
}

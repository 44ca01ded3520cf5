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

	"fieldbook/backend/demo"
	"fieldbook/backend/fieldbook"
)

// LoadDemo writes generated sets into the store: customers, assets, numbered
// jobs, visits, and for finished visits a customer and a technician
// signature over the visit's content hash. It commits every batch sets, so a
// large load neither holds one huge transaction nor one per row. Into an
// empty store it leaves the search indexes to be built after it, as a first
// sync does (StartSearchIndex in the background, BuildSearchIndex now):
// they were a fifth of the load.
func (d *DB) LoadDemo(ctx context.Context, sets []demo.Set, batch int) error {
	if batch <= 0 {
		batch = 1000
	}
	// (A store older than the deferred build — a migration test loads one —
	// indexes as it goes.)
	var deferred bool
	if err := d.tx(ctx, func(tx *sql.Tx) error {
		if ok, err := hasTable(ctx, tx, "search_rebuild"); err != nil || !ok {
			return err
		}
		if _, err := tx.ExecContext(ctx, deferSearch); err != nil {
			return err
		}
		var err error
		deferred, err = searchDeferred(ctx, tx)
		return err
	}); err != nil {
		return err
	}
	pads, err := demoPads()
	if err != nil {
		return err
	}
	// A few dozen stroke lists, shared like the pads: drawing one per
	// signature cost more than inserting it.
	strokes := make([]string, 31)
	for i := range strokes {
		strokes[i] = demoStrokes(i)
	}
	var customerIDs, assetIDs []string
	for start := 0; start < len(sets); start += batch {
		end := min(start+batch, len(sets))
		err := d.tx(ctx, func(tx *sql.Tx) error {
			l, err := newDemoLoader(ctx, tx)
			if err != nil {
				return err
			}
			defer l.close()
			now, zone := d.Now(), zoneOf(ctx, tx)
			for _, sum := range pads {
				if _, err := d.putBlob(ctx, tx, "image/png", sum, now); err != nil {
					return err
				}
			}
			for i := start; i < end; i++ {
				s := sets[i]
				if s.NewCustomer {
					customerIDs = append(customerIDs, newID())
					c := s.Customer
					phones, addresses := mustJSON(cleanList(c.Phones)), mustJSON(cleanList(c.Addresses))
					res, err := l.customer.ExecContext(ctx, customerIDs[s.CustomerSeq], c.Name, c.Company, phones, addresses, c.Note, ts(now), ts(now), d.deviceID)
					if err != nil {
						return fmt.Errorf("demo customer: %w", err)
					}
					if l.customerSearch != nil && !deferred {
						rowid, _ := res.LastInsertId()
						if _, err := l.customerSearch.ExecContext(ctx, rowid, customerDoc(c.Name, c.Company, phones, addresses)); err != nil {
							return fmt.Errorf("demo customer search: %w", err)
						}
					}
				}
				var assetID any
				if s.AssetSeq >= 0 {
					if s.NewAsset {
						assetIDs = append(assetIDs, newID())
						a := s.Asset
						if _, err := l.asset.ExecContext(ctx, assetIDs[s.AssetSeq], customerIDs[s.CustomerSeq], a.Kind, a.Model, a.Serial,
							a.Plate, a.PurchaseDate, a.WarrantyMonths, a.EquipmentClass, ts(now), ts(now), d.deviceID); err != nil {
							return fmt.Errorf("demo asset: %w", err)
						}
					}
					assetID = assetIDs[s.AssetSeq]
				}
				// The job's day: the visit's arrival, or its appointment for
				// a draft (never "now": ten years of drafts would be numbered
				// today).
				day := now
				if s.Visit.ArrivedAt != nil {
					day = *s.Visit.ArrivedAt
				} else if s.Visit.AppointmentAt != nil {
					day = *s.Visit.AppointmentAt
				}
				dayKey := day.In(zone).Format("20060102")
				var n int
				if err := l.number.QueryRowContext(ctx, dayKey).Scan(&n); err != nil {
					return fmt.Errorf("demo job number: %w", err)
				}
				number := fmt.Sprintf("%s-%s-%03d", d.deviceCode, dayKey, n)
				j := s.Job
				j.ID = newID()
				res, err := l.job.ExecContext(ctx, j.ID, number, j.JobType, customerIDs[s.CustomerSeq], assetID, j.AssignedTo,
					tsPtr(j.Appointment), j.Status, j.Summary, ts(day), ts(day), d.deviceID)
				if err != nil {
					return fmt.Errorf("demo job: %w", err)
				}
				seq, _ := res.LastInsertId()
				v := s.Visit
				v.ID, v.JobID, v.Revision = newID(), j.ID, 1
				v.RegistrationNo = number + "-1"
				v.Normalize()
				signed := v.Status == fieldbook.VisitFinished
				if _, err := l.visit.ExecContext(ctx, v.ID, j.ID, v.Status, contentJSON(v), signed, ts(day), ts(day), d.deviceID); err != nil {
					return fmt.Errorf("demo visit: %w", err)
				}
				if signed {
					hash := v.ContentHash()
					at := day
					if v.DepartedAt != nil {
						at = *v.DepartedAt
					}
					for k, role := range []string{fieldbook.RoleCustomer, fieldbook.RoleTechnician} {
						pad := pads[(i*2+k)%len(pads)]
						if _, err := l.signature.ExecContext(ctx, newID(), v.ID, role, fieldbook.SignReal, "", "", strokes[(i+k)%len(strokes)],
							hex.EncodeToString(sha256Sum(pad)), hash, ts(at), ts(at), ts(at), d.deviceID); err != nil {
							return fmt.Errorf("demo signature: %w", err)
						}
					}
				}
				if deferred {
					continue
				}
				c := s.Customer
				doc := []string{number, j.Summary, c.Name, c.Company, s.Asset.Model, s.Asset.Serial, s.Asset.Plate, v.FaultSymptoms}
				doc = append(append(doc, cleanList(c.Phones)...), cleanList(c.Addresses)...)
				if _, err := l.search.ExecContext(ctx, seq, grams(doc...)); err != nil {
					return fmt.Errorf("demo search: %w", err)
				}
			}
			return nil
		})
		if err != nil {
			return err
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
		{&l.number, `INSERT INTO job_numbers (day, last) VALUES (?, 1) ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last`},
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
	return mustJSON([]fieldbook.Stroke{{Points: pts[:30]}, {Points: pts[30:]}})
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

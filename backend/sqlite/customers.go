package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"fieldbook/backend/fieldbook"
)

// A customer's limits, shown while typing (the page's counters and caps).
const (
	MaxCustomerName    = 50
	MaxCustomerCompany = 100
	MaxCustomerPhone   = 20
	MaxCustomerAddress = 200
)

// validateCustomer checks a customer before it is stored.
func validateCustomer(c fieldbook.Customer) error {
	var v fieldbook.Validation
	if c.Name == "" && c.Company == "" {
		v.Add("name", "请填写客户姓名或单位名称。", "Enter the customer's name or company.")
	}
	if n := utf8.RuneCountInString(c.Name); n > MaxCustomerName {
		v.Add("name", fmt.Sprintf("姓名过长（%d 字），最多 %d 字。", n, MaxCustomerName), fmt.Sprintf("The name is too long (%d characters): at most %d.", n, MaxCustomerName))
	}
	if n := utf8.RuneCountInString(c.Company); n > MaxCustomerCompany {
		v.Add("company", fmt.Sprintf("单位名称过长（%d 字），最多 %d 字。", n, MaxCustomerCompany),
			fmt.Sprintf("The company name is too long (%d characters): at most %d.", n, MaxCustomerCompany))
	}
	for i, p := range c.Phones {
		if !fieldbook.IsPhone(p) || utf8.RuneCountInString(p) > MaxCustomerPhone {
			v.Add(fmt.Sprintf("phones.%d", i), "请输入正确的电话：11位手机号，或带区号的座机号（如 021-58881234）。",
				"Enter a valid phone: an 11-digit mobile, or a landline with area code (e.g. 021-58881234).")
		}
	}
	for i, a := range c.Addresses {
		if n := utf8.RuneCountInString(a); n > MaxCustomerAddress {
			v.Add(fmt.Sprintf("addresses.%d", i), fmt.Sprintf("地址过长（%d 字），最多 %d 字。", n, MaxCustomerAddress),
				fmt.Sprintf("The address is too long (%d characters): at most %d.", n, MaxCustomerAddress))
		}
	}
	if n := utf8.RuneCountInString(c.Note); n > fieldbook.MaxTextRunes {
		m := fieldbook.TooLongMessage(n)
		v.Add("note", m.ZH, m.EN)
	}
	return v.Err()
}

// cleanCustomer trims what was typed and drops empty and repeated phones
// and addresses, as the customer is stored.
func cleanCustomer(c *fieldbook.Customer) {
	c.Name, c.Company, c.Note = strings.TrimSpace(c.Name), strings.TrimSpace(c.Company), strings.TrimSpace(c.Note)
	c.Phones, c.Addresses = cleanList(c.Phones), cleanList(c.Addresses)
}

func cleanList(in []string) []string {
	out := []string{}
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// SaveCustomer creates the customer (empty ID) or updates it, and reindexes
// the customer's jobs for search.
func (d *DB) SaveCustomer(ctx context.Context, c fieldbook.Customer) (fieldbook.Customer, error) {
	cleanCustomer(&c)
	if err := validateCustomer(c); err != nil {
		return c, err
	}
	err := d.tx(ctx, func(tx *sql.Tx) error {
		return d.saveCustomer(ctx, tx, &c, d.Now())
	})
	return c, err
}

func (d *DB) saveCustomer(ctx context.Context, tx *sql.Tx, c *fieldbook.Customer, now time.Time) error {
	if c.ID == "" {
		c.Meta = d.newMeta(now)
		_, err := tx.ExecContext(ctx, `
			INSERT INTO customers (id, name, company, phones, addresses, note, created_at, updated_at, updated_by, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			c.ID, c.Name, c.Company, mustJSON(c.Phones), mustJSON(c.Addresses), c.Note, ts(now), ts(now), d.deviceID)
		if err != nil {
			return err
		}
		return reindexCustomers(ctx, tx, true, `id = ?`, c.ID)
	}
	res, err := tx.ExecContext(ctx, `
		UPDATE customers SET name = ?, company = ?, phones = ?, addresses = ?, note = ?,
			updated_at = ?, updated_by = ?, version = version + 1
		WHERE id = ? AND deleted = 0`,
		c.Name, c.Company, mustJSON(c.Phones), mustJSON(c.Addresses), c.Note, ts(now), d.deviceID, c.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return noRows(sql.ErrNoRows, "客户", "customer", c.ID)
	}
	if err := tx.QueryRowContext(ctx, `SELECT created_at, updated_at, version FROM customers WHERE id = ?`, c.ID).
		Scan(scanTime(&c.CreatedAt), scanTime(&c.UpdatedAt), &c.Version); err != nil {
		return err
	}
	c.UpdatedBy = d.deviceID
	if err := reindexCustomers(ctx, tx, false, `id = ?`, c.ID); err != nil {
		return err
	}
	return d.reindexJobsWhere(ctx, tx, `customer_id = ?`, c.ID)
}

const customerCols = `id, name, company, phones, addresses, note, created_at, updated_at, updated_by, version, deleted`

func scanCustomer(row interface{ Scan(...any) error }) (fieldbook.Customer, error) {
	var c fieldbook.Customer
	var phones, addresses string
	err := row.Scan(&c.ID, &c.Name, &c.Company, &phones, &addresses, &c.Note,
		scanTime(&c.CreatedAt), scanTime(&c.UpdatedAt), &c.UpdatedBy, &c.Version, &c.Deleted)
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(phones), &c.Phones); err != nil {
		return c, err
	}
	return c, json.Unmarshal([]byte(addresses), &c.Addresses)
}

func customerByID(ctx context.Context, q querier, id string) (fieldbook.Customer, error) {
	c, err := scanCustomer(q.QueryRowContext(ctx, `SELECT `+customerCols+` FROM customers WHERE id = ?`, id))
	return c, noRows(err, "客户", "customer", id)
}

// Customer returns a customer with their assets (warranty as of today) and jobs.
func (d *DB) Customer(ctx context.Context, id string) (fieldbook.CustomerView, error) {
	var v fieldbook.CustomerView
	err := d.read(ctx, func(tx *sql.Tx) error {
		var err error
		if v.Customer, err = customerByID(ctx, tx, id); err != nil {
			return err
		}
		today := d.Now().In(zoneOf(ctx, tx)).Format(time.DateOnly)
		assets, err := assetsWhere(ctx, tx, `customer_id = ? AND deleted = 0 ORDER BY created_at`, id)
		if err != nil {
			return err
		}
		for _, a := range assets {
			v.Assets = append(v.Assets, fieldbook.AssetView{Asset: a, Warranty: a.WarrantyOn(today)})
		}
		v.Jobs, err = jobRows(ctx, tx, `j.customer_id = ? AND j.deleted = 0 ORDER BY j.seq DESC LIMIT 500`, id)
		return err
	})
	return v, err
}

// Customers lists customers whose name, company, phones or addresses
// contain q (all of them for an empty q), newest first. q matches as the
// job search does (search.go): folded, each word a substring of one field.
// A search pages the index's matches in its own order (the customers'
// rowids, newest row first), as the job search does: sorting every match
// by creation cost a quarter of a second for two digits of a phone, and
// walking the customers in creation order for a rare name as long ("+":
// the page's customers are looked up by rowid, not found by walking).
func (d *DB) Customers(ctx context.Context, q string, offset, limit int) (fieldbook.CustomerPage, error) {
	page := fieldbook.CustomerPage{Offset: offset, Rows: []fieldbook.CustomerRow{}}
	limit, offset = clampLimit(limit), max(offset, 0)
	count, where, args := `FROM customers c WHERE c.deleted = 0`, `c.deleted = 0 ORDER BY c.created_at DESC, c.id DESC LIMIT ? OFFSET ?`, []any{}
	if q = strings.TrimSpace(q); q != "" {
		match := matchQuery(q)
		if match == "" { // only punctuation: nothing can match
			return page, nil
		}
		count, args = `FROM customer_search WHERE customer_search MATCH ?`, []any{match}
		where = `c.rowid IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ? ORDER BY rowid DESC LIMIT ? OFFSET ?)
			AND +c.deleted = 0 ORDER BY c.rowid DESC`
		if indexing, done, total, err := d.SearchIndexing(ctx); err == nil && indexing {
			page.Indexing = &fieldbook.SearchProgress{Done: done, Total: total}
		}
	}
	err := d.read(ctx, func(tx *sql.Tx) error {
		if err := countFirst(ctx, tx, offset, &page.Total, &page.More, count, args...); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `
			SELECT c.id, c.name, c.company, c.phones, c.addresses, c.updated_at,
				(SELECT count(*) FROM jobs j WHERE j.customer_id = c.id AND j.deleted = 0)
			FROM customers c WHERE `+where, append(args, limit, offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r fieldbook.CustomerRow
			var phones, addresses string
			if err := rows.Scan(&r.ID, &r.Name, &r.Company, &phones, &addresses, scanTime(&r.UpdatedAt), &r.JobCount); err != nil {
				return err
			}
			r.Phone, r.Address = firstOf(phones), firstOf(addresses)
			page.Rows = append(page.Rows, r)
		}
		return rows.Err()
	})
	return page, err
}

func firstOf(list string) string {
	if l := jsonList(list); len(l) > 0 {
		return l[0]
	}
	return ""
}

// jsonList decodes a stored JSON array of strings; bad JSON reads as empty.
func jsonList(s string) []string {
	var l []string
	_ = json.Unmarshal([]byte(s), &l)
	return l
}

// CountLimit bounds every list's count: a centre's lists hold years of jobs
// and customers, and counting 100k of them cost more than the page itself.
// Past it a list says "10000+" (more) and its filters narrow it.
var CountLimit = 10_000 // a variable for the test of the bound

// countFirst counts a list's matches — the rows of from, a FROM … WHERE …
// clause — for its first page (offset 0), up to CountLimit; more says that
// more rows match. Later pages get -1: a list scrolled page by page keeps
// the first page's total instead of counting again.
func countFirst(ctx context.Context, q querier, offset int, total *int, more *bool, from string, args ...any) error {
	if offset > 0 {
		*total = -1
		return nil
	}
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 `+from+fmt.Sprintf(` LIMIT %d)`, CountLimit+1), args...).Scan(total); err != nil {
		return err
	}
	if *total > CountLimit {
		*total, *more = CountLimit, true
	}
	return nil
}

// clampLimit keeps a page between 1 and 200 rows (50 when unset).
func clampLimit(limit int) int {
	switch {
	case limit <= 0:
		return 50
	case limit > 200:
		return 200
	}
	return limit
}

// validateAsset checks an asset before it is stored at now: it is known by
// its model or its serial number, and was bought no later than today (a day
// of slack for the centre's zone ahead of UTC).
func validateAsset(a fieldbook.Asset, now time.Time) error {
	var v fieldbook.Validation
	if !slices.Contains([]string{fieldbook.AssetProduct, fieldbook.AssetEquipment, fieldbook.AssetVehicle}, a.Kind) {
		v.Add("kind", "请选择类别：产品、设备或车辆。", "Choose the kind: product, equipment or vehicle.")
	}
	if a.CustomerID == "" {
		v.Add("customer_id", "请选择客户。", "Choose the customer.")
	}
	if a.Model == "" && a.Serial == "" {
		v.Add("model", "请填写型号（或序列号）。", "Enter the model (or the serial number).")
	}
	if a.PurchaseDate != "" {
		if day, err := time.Parse(time.DateOnly, a.PurchaseDate); err != nil {
			v.Add("purchase_date", "购买日期格式应为 年-月-日，如 2024-03-15。", "Purchase date must be YYYY-MM-DD, e.g. 2024-03-15.")
		} else if day.After(now.AddDate(0, 0, 1)) {
			v.Add("purchase_date", "购买日期不能晚于今天。", "The purchase date cannot be after today.")
		}
	}
	if a.WarrantyMonths < 0 || a.WarrantyMonths > 240 {
		v.Add("warranty_months", "质保期为 0 到 240 个月。", "The warranty is 0 to 240 months.")
	}
	if !slices.Contains([]string{"", "A", "B", "C"}, a.EquipmentClass) {
		v.Add("equipment_class", "设备等级为 A、B 或 C。", "The equipment class is A, B or C.")
	}
	if a.Kind == fieldbook.AssetVehicle && a.Serial != "" && len([]rune(a.Serial)) != 17 {
		v.Add("serial", "车架号（VIN）应为 17 位。", "A VIN has 17 characters.")
	}
	return v.Err()
}

// SaveAsset creates the asset (empty ID) or updates it.
func (d *DB) SaveAsset(ctx context.Context, a fieldbook.Asset) (fieldbook.Asset, error) {
	cleanAsset(&a)
	if err := validateAsset(a, d.Now()); err != nil {
		return a, err
	}
	err := d.tx(ctx, func(tx *sql.Tx) error { return d.saveAsset(ctx, tx, &a, d.Now()) })
	return a, err
}

// cleanAsset trims what was typed and writes serial and plate in capitals,
// as the asset is stored.
func cleanAsset(a *fieldbook.Asset) {
	for _, p := range []*string{&a.Model, &a.Serial, &a.Plate, &a.PurchaseDate, &a.EquipmentClass} {
		*p = strings.TrimSpace(*p)
	}
	a.Serial, a.Plate = strings.ToUpper(a.Serial), strings.ToUpper(a.Plate)
}

func (d *DB) saveAsset(ctx context.Context, tx *sql.Tx, a *fieldbook.Asset, now time.Time) error {
	if a.ID == "" {
		a.Meta = d.newMeta(now)
		_, err := tx.ExecContext(ctx, `
			INSERT INTO assets (id, customer_id, kind, model, serial, plate, purchase_date, warranty_months, equipment_class,
				created_at, updated_at, updated_by, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			a.ID, a.CustomerID, a.Kind, a.Model, a.Serial, a.Plate, a.PurchaseDate, a.WarrantyMonths, a.EquipmentClass,
			ts(now), ts(now), d.deviceID)
		return err
	}
	res, err := tx.ExecContext(ctx, `
		UPDATE assets SET customer_id = ?, kind = ?, model = ?, serial = ?, plate = ?, purchase_date = ?,
			warranty_months = ?, equipment_class = ?, updated_at = ?, updated_by = ?, version = version + 1
		WHERE id = ? AND deleted = 0`,
		a.CustomerID, a.Kind, a.Model, a.Serial, a.Plate, a.PurchaseDate, a.WarrantyMonths, a.EquipmentClass,
		ts(now), d.deviceID, a.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return noRows(sql.ErrNoRows, "设备", "asset", a.ID)
	}
	if err := tx.QueryRowContext(ctx, `SELECT created_at, updated_at, version FROM assets WHERE id = ?`, a.ID).
		Scan(scanTime(&a.CreatedAt), scanTime(&a.UpdatedAt), &a.Version); err != nil {
		return err
	}
	a.UpdatedBy = d.deviceID
	return d.reindexJobsWhere(ctx, tx, `asset_id = ?`, a.ID)
}

const assetCols = `id, customer_id, kind, model, serial, plate, purchase_date, warranty_months, equipment_class,
	created_at, updated_at, updated_by, version, deleted`

func scanAsset(row interface{ Scan(...any) error }) (fieldbook.Asset, error) {
	var a fieldbook.Asset
	err := row.Scan(&a.ID, &a.CustomerID, &a.Kind, &a.Model, &a.Serial, &a.Plate, &a.PurchaseDate, &a.WarrantyMonths,
		&a.EquipmentClass, scanTime(&a.CreatedAt), scanTime(&a.UpdatedAt), &a.UpdatedBy, &a.Version, &a.Deleted)
	return a, err
}

func assetsWhere(ctx context.Context, q querier, where string, args ...any) ([]fieldbook.Asset, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+assetCols+` FROM assets WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []fieldbook.Asset
	for rows.Next() {
		a, err := scanAsset(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func assetByID(ctx context.Context, q querier, id string) (fieldbook.Asset, error) {
	a, err := scanAsset(q.QueryRowContext(ctx, `SELECT `+assetCols+` FROM assets WHERE id = ?`, id))
	return a, noRows(err, "设备", "asset", id)
}

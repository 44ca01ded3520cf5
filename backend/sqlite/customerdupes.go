package sqlite

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"unicode"

	"fieldbook/backend/fieldbook"
)

// SimilarCustomers lists the live customers a customer being created may
// duplicate: one with the same mobile number, or with the same name at the
// same address. Candidates come from the customers' search index
// (customer_search, by bigrams) and are then compared exactly, so the check
// stays quick at 70k customers.
func (d *DB) SimilarCustomers(ctx context.Context, c fieldbook.Customer) ([]fieldbook.SimilarCustomer, error) {
	out := []fieldbook.SimilarCustomer{}
	name := strings.TrimSpace(c.Name)
	var mobiles, addresses []string
	for _, p := range c.Phones {
		if p = digits(p); fieldbook.IsMobile(p) {
			mobiles = append(mobiles, p)
		}
	}
	for _, a := range c.Addresses {
		if a = squeeze(a); a != "" {
			addresses = append(addresses, a)
		}
	}
	type probe struct {
		query string
		why   string
		match func(name string, phones, addresses []string) bool
	}
	var probes []probe
	for _, m := range mobiles {
		probes = append(probes, probe{m, fieldbook.SimilarPhone, func(_ string, phones, _ []string) bool {
			return slices.ContainsFunc(phones, func(p string) bool { return digits(p) == m })
		}})
	}
	if name != "" {
		for _, a := range addresses {
			probes = append(probes, probe{name + " " + a, fieldbook.SimilarNameAddress, func(n string, _, addrs []string) bool {
				return strings.TrimSpace(n) == name && slices.ContainsFunc(addrs, func(x string) bool { return squeeze(x) == a })
			}})
		}
	}
	err := d.read(ctx, func(tx *sql.Tx) error {
		for _, p := range probes {
			match := matchQuery(p.query)
			if match == "" {
				continue
			}
			rows, err := tx.QueryContext(ctx, similarQuery, match, c.ID)
			if err != nil {
				return err
			}
			for rows.Next() {
				var r fieldbook.CustomerRow
				var phones, addrs string
				if err := rows.Scan(&r.ID, &r.Name, &r.Company, &phones, &addrs, scanTime(&r.UpdatedAt), &r.JobCount); err != nil {
					rows.Close()
					return err
				}
				pl, al := jsonList(phones), jsonList(addrs)
				if !p.match(r.Name, pl, al) || slices.ContainsFunc(out, func(s fieldbook.SimilarCustomer) bool { return s.ID == r.ID }) {
					continue
				}
				r.Phone, r.Address = firstOf(phones), firstOf(addrs)
				out = append(out, fieldbook.SimilarCustomer{CustomerRow: r, Why: p.why})
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// similarQuery finds candidates through the index first (CROSS JOIN keeps
// that order): the customers whose search document has every bigram.
const similarQuery = `
	SELECT c.id, c.name, c.company, c.phones, c.addresses, c.updated_at,
		(SELECT count(*) FROM jobs j WHERE j.customer_id = c.id AND j.deleted = 0)
	FROM customer_search s CROSS JOIN customers c ON c.rowid = s.rowid
	WHERE customer_search MATCH ? AND c.deleted = 0 AND c.id != ? LIMIT 50`

// digits keeps the digits of a phone number as typed ("139 1234-5678").
func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

// squeeze is an address without its spaces, for comparing.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

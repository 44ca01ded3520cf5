package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"reflect"
	"slices"
	"strings"

	"fieldbook/backend/fieldbook"
)

// customerFields are the fields of a customer an edit writes one by one,
// with the refusal paths that belong to each ("phones.1" is phones').
var customerFields = []string{"name", "company", "phones", "addresses", "note"}

func customerField(c *fieldbook.Customer, f string) any {
	switch f {
	case "name":
		return &c.Name
	case "company":
		return &c.Company
	case "phones":
		return &c.Phones
	case "addresses":
		return &c.Addresses
	default:
		return &c.Note
	}
}

func sameCustomerField(a, b fieldbook.Customer, f string) bool {
	return reflect.DeepEqual(reflect.ValueOf(customerField(&a, f)).Elem().Interface(), reflect.ValueOf(customerField(&b, f)).Elem().Interface())
}

func setCustomerField(into *fieldbook.Customer, from fieldbook.Customer, f string) {
	reflect.ValueOf(customerField(into, f)).Elem().Set(reflect.ValueOf(customerField(&from, f)).Elem())
}

// SaveCustomerEdit stores an autosave of the customer form, field by field,
// as the visit form's edits are: only the fields the form changed since its
// base are written; a field that also changed in the store since then (a
// sync) keeps the store's value and is listed in Conflicts; a field whose
// value the store refuses (a phone that is not one, a text over its limit,
// no name and no company) keeps the stored value and is listed in Refused
// with its reason, and is kept as typed in the customer's draft (drafts.go)
// until a save takes it — every other field is stored.
func (d *DB) SaveCustomerEdit(ctx context.Context, in fieldbook.CustomerEdit) (fieldbook.CustomerSave, error) {
	form := in.Customer
	form.Name, form.Company, form.Note = strings.TrimSpace(form.Name), strings.TrimSpace(form.Company), strings.TrimSpace(form.Note)
	form.Phones, form.Addresses = cleanList(form.Phones), cleanList(form.Addresses)
	var res fieldbook.CustomerSave
	err := d.tx(ctx, func(tx *sql.Tx) error {
		cur, err := customerByID(ctx, tx, form.ID)
		if err != nil {
			return err
		}
		base := cur
		if in.Base != nil {
			base = *in.Base
			base.Phones, base.Addresses = cleanList(base.Phones), cleanList(base.Addresses)
		}
		next := cur
		var edited []string
		for _, f := range customerFields {
			if sameCustomerField(form, base, f) && in.Base != nil {
				continue
			}
			if sameCustomerField(form, cur, f) {
				continue
			}
			if in.Base != nil && !sameCustomerField(cur, base, f) {
				res.Conflicts = append(res.Conflicts, f)
				continue
			}
			setCustomerField(&next, form, f)
			edited = append(edited, f)
		}
		// Refused fields go back to the stored value, until what is left
		// passes (no name and no company refuses the name).
		for {
			verr := validateCustomer(next)
			if verr == nil {
				break
			}
			var e *fieldbook.Error
			if !errors.As(verr, &e) {
				return verr
			}
			reverted := false
			for _, fe := range e.Fields {
				f, _, _ := strings.Cut(fe.Field, ".")
				if !slices.Contains(edited, f) {
					continue
				}
				res.Refused = append(res.Refused, fe)
				setCustomerField(&next, cur, f)
				edited = slices.DeleteFunc(edited, func(x string) bool { return x == f })
				reverted = true
			}
			if !reverted {
				return verr // the stored customer itself does not pass
			}
		}
		if len(edited) > 0 {
			if err := d.saveCustomer(ctx, tx, &next, d.Now()); err != nil {
				return err
			}
		}
		// What was refused is kept as typed, on this laptop, until corrected.
		if err := keepRefusedCustomer(ctx, tx, form, res.Refused, ts(d.Now())); err != nil {
			return err
		}
		res.Customer = next
		return nil
	})
	if err != nil {
		return fieldbook.CustomerSave{}, err
	}
	return res, nil
}

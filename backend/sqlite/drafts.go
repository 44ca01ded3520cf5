package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"fieldbook/backend/fieldbook"
)

// Drafts (migration 00026) are forms typed on this laptop and not (all)
// stored as a record, kept so that nothing typed is lost to a closed
// dialog, a crash or a restart. They are this laptop's alone: no outbox
// trigger, never synced.

// maxDraftBytes bounds one draft: every field of a form at its limit fits
// many times over.
const maxDraftBytes = 1 << 20

// newCustomerForm is the draft of the new-customer form.
const newCustomerForm = "customer:new"

func customerForm(id string) string {
	if id == "" {
		return newCustomerForm
	}
	return "customer:" + id
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// readDraft reads the draft of form into v; false when there is none (or it
// cannot be read: a damaged draft never keeps the form from opening).
func readDraft(ctx context.Context, q querier, form string, v any) (bool, error) {
	var raw string
	err := q.QueryRowContext(ctx, `SELECT value FROM drafts WHERE form = ?`, form).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read draft %s: %w", form, err)
	}
	return json.Unmarshal([]byte(raw), v) == nil, nil
}

// writeDraft keeps v (a JSON object) as the draft of form.
func writeDraft(ctx context.Context, x execer, form string, v any, now string) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode draft %s: %w", form, err)
	}
	if len(raw) > maxDraftBytes {
		return fieldbook.Errorf(fieldbook.EINVALID, "草稿过大，无法保存在本机。", "The draft is too large to keep on this laptop.")
	}
	_, err = x.ExecContext(ctx, `INSERT INTO drafts (form, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (form) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, form, string(raw), now)
	if err != nil {
		return fmt.Errorf("keep draft %s: %w", form, err)
	}
	return nil
}

func deleteDraft(ctx context.Context, x execer, form string) error {
	if _, err := x.ExecContext(ctx, `DELETE FROM drafts WHERE form = ?`, form); err != nil {
		return fmt.Errorf("discard draft %s: %w", form, err)
	}
	return nil
}

// CustomerDraft is the customer form kept on this laptop: for id "" the new
// customer being typed, for a customer the values the store refused, laid
// over the stored customer. Nil when there is none.
func (d *DB) CustomerDraft(ctx context.Context, id string) (*fieldbook.CustomerDraft, error) {
	if id == "" {
		var c fieldbook.Customer
		ok, err := readDraft(ctx, d.rdb, newCustomerForm, &c)
		if err != nil || !ok {
			return nil, err
		}
		c.ID = ""
		return &fieldbook.CustomerDraft{Customer: c, Fields: customerFields}, nil
	}
	typed := map[string]json.RawMessage{}
	ok, err := readDraft(ctx, d.rdb, customerForm(id), &typed)
	if err != nil || !ok || len(typed) == 0 {
		return nil, err
	}
	c, err := customerByID(ctx, d.rdb, id)
	if err != nil {
		return nil, err
	}
	out := &fieldbook.CustomerDraft{Customer: c}
	for _, f := range customerFields {
		raw, kept := typed[f]
		if !kept || json.Unmarshal(raw, customerField(&out.Customer, f)) != nil {
			continue
		}
		out.Fields = append(out.Fields, f)
	}
	if len(out.Fields) == 0 {
		return nil, nil
	}
	return out, nil
}

// KeepNewCustomerDraft keeps the new-customer form as typed, valid or not;
// a form with nothing typed discards the draft.
func (d *DB) KeepNewCustomerDraft(ctx context.Context, c fieldbook.Customer) error {
	c.ID = ""
	if c.Name == "" && c.Company == "" && c.Note == "" && len(cleanList(c.Phones)) == 0 && len(cleanList(c.Addresses)) == 0 {
		return deleteDraft(ctx, d.db, newCustomerForm)
	}
	return writeDraft(ctx, d.db, newCustomerForm, c, ts(d.Now()))
}

// DiscardCustomerDraft drops the customer form kept on this laptop (id ""
// the new customer's): the person chose to, or the customer was created.
func (d *DB) DiscardCustomerDraft(ctx context.Context, id string) error {
	return deleteDraft(ctx, d.db, customerForm(id))
}

// keepRefusedCustomer keeps the values of form that the store refused (the
// fields of refused) as the customer's draft, as typed; none discards it.
func keepRefusedCustomer(ctx context.Context, tx *sql.Tx, form fieldbook.Customer, refused []fieldbook.FieldError, now string) error {
	typed := map[string]any{}
	for _, fe := range refused {
		f, _, _ := strings.Cut(fe.Field, ".")
		typed[f] = customerField(&form, f)
	}
	if len(typed) == 0 {
		return deleteDraft(ctx, tx, customerForm(form.ID))
	}
	return writeDraft(ctx, tx, customerForm(form.ID), typed, now)
}

// newJobForm is the draft of the 新建工单 dialog: its whole state (the
// customer chosen or being typed, the asset, the job's fields) as the
// dialog keeps it, opaque to the store.
const newJobForm = "job:new"

// NewJobDraft is the 新建工单 form kept on this laptop; nil when there is none.
func (d *DB) NewJobDraft(ctx context.Context) (map[string]any, error) {
	var form map[string]any
	ok, err := readDraft(ctx, d.rdb, newJobForm, &form)
	if err != nil || !ok || len(form) == 0 {
		return nil, err
	}
	return form, nil
}

// KeepNewJobDraft keeps the 新建工单 form as typed; an empty form discards it.
func (d *DB) KeepNewJobDraft(ctx context.Context, form map[string]any) error {
	if len(form) == 0 {
		return deleteDraft(ctx, d.db, newJobForm)
	}
	return writeDraft(ctx, d.db, newJobForm, form, ts(d.Now()))
}

// DiscardNewJobDraft drops the 新建工单 form kept on this laptop: the job was
// created, or the person discarded it.
func (d *DB) DiscardNewJobDraft(ctx context.Context) error {
	return deleteDraft(ctx, d.db, newJobForm)
}

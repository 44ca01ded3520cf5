package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"maps"
	"slices"
	"strings"
)

// A visit's content merges field by field — by the top-level keys of the
// JSON object — on the hub and here, so two people editing different fields
// of one record both keep their edits. content_base is the content as the
// hub last sent it (NULL before it ever did): the keys where the content
// differs from it are this device's own edits. A push sets only those keys
// (Change.Keys); a pull takes the hub's value of every other key; a
// conflict names the key ("content.diagnosis").

// mergedField is the one field merged by key, and its base column.
const (
	mergedTable  = "visits"
	mergedField  = "content"
	mergedBase   = "content_base"
	mergedPrefix = mergedField + "."
)

// A visit a pull brought and nobody edited here since has its content as
// its base: the base then says so (baseIsContent) instead of holding the
// content a second time — a first sync wrote every visit's content twice.
// Read the base through baseExpr. When the content of such a visit
// changes and its base is not set in the same statement, a trigger
// (visits_content_base_kept) keeps the content it had as the base.
const (
	baseIsContent = `"="`
	baseExpr      = `CASE ` + mergedBase + ` WHEN '` + baseIsContent + `' THEN ` + mergedField + ` ELSE ` + mergedBase + ` END`
)

// objectOf decodes a JSON object; nil when s is not one.
func objectOf(s string) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(s), &m) != nil || m == nil {
		return nil
	}
	return m
}

// changedKeys are the keys where content differs from base, in order; ok
// is false when either is not an object (the field then goes whole). A key
// that holds nothing on both sides (absent, null, "", [] or {}) is not
// changed: a form sends [] for no parts where the hub holds null, and that
// is no edit to push (it met another device's part line as a conflict).
func changedKeys(content, base string) (keys []string, ok bool) {
	c, b := objectOf(content), objectOf(base)
	if c == nil || b == nil {
		return nil, false
	}
	for k := range c {
		if !sameJSON(c[k], b[k]) {
			keys = append(keys, k)
		}
	}
	for k := range b {
		if _, ok := c[k]; !ok && !sameJSON(nil, b[k]) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys, true
}

// sameJSON compares two values of a content key by what they hold; all
// kinds of nothing are the same (sameContent).
func sameJSON(a, b json.RawMessage) bool {
	return bytes.Equal(a, b) || sameContent(a, b)
}

// withKeys returns into with each key of keys set to from's value (removed
// when from lacks it).
func withKeys(into, from map[string]json.RawMessage, keys []string) map[string]json.RawMessage {
	out := maps.Clone(into)
	if out == nil {
		out = map[string]json.RawMessage{}
	}
	for _, k := range keys {
		if v, ok := from[k]; ok && string(v) != "null" {
			out[k] = v
		} else {
			delete(out, k)
		}
	}
	return out
}

func encodeObject(m map[string]json.RawMessage) string {
	b, _ := json.Marshal(m) // keys sorted
	return string(b)
}

// mergePulledContent is the content a pulled visit leaves here when this
// device has unpushed edits of it: the hub's content with this device's
// edited keys kept. ok is false when the edits cannot be told apart (no
// base): the local content is then kept whole, as before per-key merging.
func mergePulledContent(local, base, pulled string) (string, bool) {
	keys, ok := changedKeys(local, base)
	p := objectOf(pulled)
	if !ok || p == nil {
		return "", false
	}
	return encodeObject(withKeys(p, objectOf(local), keys)), true
}

// setBaseKeys records, after a push, that the hub holds these values of the
// keys: they are no longer this device's edits.
func setBaseKeys(ctx context.Context, tx *sql.Tx, id string, values map[string]json.RawMessage, keys []string) error {
	var base sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT `+baseExpr+` FROM `+mergedTable+` WHERE id = ?`, id).Scan(&base); err != nil {
		if err == sql.ErrNoRows {
			return nil
		}
		return err
	}
	b := objectOf(base.String)
	if !base.Valid || b == nil {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE `+mergedTable+` SET `+mergedBase+` = ? WHERE id = ?`, encodeObject(withKeys(b, values, keys)), id)
	return err
}

// takeTheirsKey writes the hub's winning value of one key of the content,
// and makes it the base: it is no longer this device's edit.
func takeTheirsKey(ctx context.Context, tx *sql.Tx, id, key string, theirs json.RawMessage) error {
	var content string
	var base sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT `+mergedField+`, `+baseExpr+` FROM `+mergedTable+` WHERE id = ?`, id).Scan(&content, &base); err != nil {
		if err == sql.ErrNoRows {
			return nil
		}
		return err
	}
	from := map[string]json.RawMessage{key: theirs}
	c := withKeys(objectOf(content), from, []string{key})
	var newBase any
	if b := objectOf(base.String); base.Valid && b != nil {
		newBase = encodeObject(withKeys(b, from, []string{key}))
	}
	_, err := tx.ExecContext(ctx, `UPDATE `+mergedTable+` SET `+mergedField+` = ?, `+mergedBase+` = coalesce(?, `+mergedBase+`) WHERE id = ?`,
		encodeObject(c), newBase, id)
	if err != nil && !isRefusal(err) {
		return err
	}
	return nil
}

// mergedKey splits a conflict's field "content.k" into its key.
func mergedKey(table, field string) (string, bool) {
	if table != mergedTable || !strings.HasPrefix(field, mergedPrefix) {
		return "", false
	}
	return strings.TrimPrefix(field, mergedPrefix), true
}

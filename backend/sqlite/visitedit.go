package sqlite

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"

	"fieldbook/backend/fieldbook"
)

// mergeEdit is the content an edit of the visit form leaves in the store:
// stored with the keys the form changed since base (the content keys, as a
// sync merges them). A key changed both in the form and in the store since
// base keeps the stored value and is returned in conflicts, unless both
// hold the same value.
func mergeEdit(stored, base, form fieldbook.Visit) (fieldbook.Visit, []string, error) {
	s, b, f := objectOf(contentJSON(stored)), objectOf(contentJSON(base)), objectOf(contentJSON(form))
	if s == nil || b == nil || f == nil {
		return form, nil, nil
	}
	var edited, conflicts []string
	for _, m := range []map[string]json.RawMessage{f, b} {
		for k := range m {
			if !slices.Contains(edited, k) && !sameContent(f[k], b[k]) {
				edited = append(edited, k)
			}
		}
	}
	slices.Sort(edited)
	var take []string
	for _, k := range edited {
		if sameContent(s[k], b[k]) || sameContent(s[k], f[k]) {
			take = append(take, k)
		} else {
			conflicts = append(conflicts, k)
		}
	}
	var out fieldbook.Visit
	if err := json.Unmarshal([]byte(encodeObject(withKeys(s, f, take))), &out); err != nil {
		return form, nil, fmt.Errorf("merge visit edit: %w", err)
	}
	out.Meta, out.JobID, out.Revision, out.Supersedes, out.Status = stored.Meta, stored.JobID, stored.Revision, stored.Supersedes, stored.Status
	return out, conflicts, nil
}

// sameContent compares two values of a content key by what they hold: an
// absent value, null, "", an empty list and an empty object are all "nothing"
// (a form sends [] for no parts where the store may hold null).
func sameContent(a, b json.RawMessage) bool {
	var x, y any
	if len(a) > 0 && json.Unmarshal(a, &x) != nil {
		return false
	}
	if len(b) > 0 && json.Unmarshal(b, &y) != nil {
		return false
	}
	if isNothing(x) && isNothing(y) {
		return true
	}
	return reflect.DeepEqual(x, y)
}

func isNothing(v any) bool {
	switch t := v.(type) {
	case nil:
		return true
	case string:
		return t == ""
	case []any:
		return len(t) == 0
	case map[string]any:
		return len(t) == 0
	}
	return false
}

// sameVisitContent reports whether two visits hold the same content, key by key.
func sameVisitContent(a, b fieldbook.Visit) bool {
	x, y := objectOf(contentJSON(a)), objectOf(contentJSON(b))
	for _, m := range []map[string]json.RawMessage{x, y} {
		for k := range m {
			if !sameContent(x[k], y[k]) {
				return false
			}
		}
	}
	return true
}

package adversarial

import (
	"strconv"
	"strings"
	"testing"
)

// TestCanonicalValues, over HTTP with bodies written by hand (not through
// encoding/json, which would rewrite them): a JSON value written as the
// hub keeps it — keys sorted, strings escaped as encoding/json escapes
// them — is stored byte for byte; the same value written any other way is
// stored in that one form, so that both are the same bytes; a value that
// only looks canonical is still checked and refused; and the canonical
// form opens no door to another technician's or another centre's record.
func TestCanonicalValues(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newHub(t, store)
			seed(e)
			push := func(d *device, id, content string) result {
				t.Helper()
				status, a, b := d.pushRaw([]byte(`{"batch_id":"` + newUUID() + `","changes":[{"table":"visits","id":"` + id +
					`","fields":{"content":` + content + `}}]}`))
				if status != 200 || len(a.Results) != 1 {
					t.Fatalf("push %s: %d %s", content, status, b)
				}
				return a.Results[0]
			}
			stored := func(id string) string {
				t.Helper()
				for _, r := range e.tech.pullAll() {
					if r.Table == "visits" && r.ID == id {
						return string(r.Fields["content"])
					}
				}
				t.Fatalf("visit %s is not pulled", id)
				return ""
			}

			const canonical = `{"diagnosis":"换\u003c主板\u003e \u0026 电源\n第二行\u2028","result":"好"}`
			if r := push(e.tech, "v1", canonical); r.Status != "applied" {
				t.Fatalf("canonical content: %s %+v", r.Status, r.Reason)
			}
			if got := stored("v1"); got != canonical {
				t.Errorf("canonical content stored as %s, want it byte for byte", got)
			}
			// The same value: keys out of order and repeated, spaces,
			// upper-case hex, \/ and \u000a for what Go writes otherwise.
			for _, other := range []string{
				` { "result" : "好" , "diagnosis" : "换\u003C主板\u003E \u0026 电源\u000a第二行\u2028" } `,
				`{"result":"旧","diagnosis":"换<主板> & 电源\n第二行\u2028","result":"\u597d"}`,
			} {
				if r := push(e.tech, "v1", other); r.Status != "applied" {
					t.Fatalf("%s: %s %+v", other, r.Status, r.Reason)
				}
				if got := stored("v1"); got != canonical {
					t.Errorf("%s stored as %s, want %s", other, got, canonical)
				}
			}
			// Written in the canonical shape, and still refused by the
			// values rule: a lone surrogate, nesting past the limit.
			if r := push(e.tech, "v1", `{"diagnosis":"\ud800"}`); r.Status != "rejected" || r.Reason == nil || r.Reason.Rule != "values" {
				t.Errorf("a lone surrogate: %s %+v, want rejected by values", r.Status, r.Reason)
			}
			deep := `{"diagnosis":"x","parts":` + strings.Repeat("[", 200) + strings.Repeat("]", 200) + `}`
			if r := push(e.tech, "v1", deep); r.Status != "rejected" || r.Reason == nil || r.Reason.Rule != "values" {
				t.Errorf("nested 200 deep: %s %+v, want rejected by values", r.Status, r.Reason)
			}
			// Canonical content on another technician's visit, another
			// centre's, and from the clerk: refused as any content is.
			for _, tc := range []struct {
				name string
				d    *device
				id   string
				rule string
			}{
				{"another technician's visit", e.tech, "v2", "job_access"},
				{"another centre's technician (the record is not theirs to see: a new row, not whole)", e.stranger, "v1", "whole_row"},
				{"the clerk", e.clerk, "v1", "ownership"},
			} {
				if r := push(tc.d, tc.id, canonical); r.Status != "rejected" || r.Reason == nil || r.Reason.Rule != tc.rule {
					t.Errorf("%s: %s %+v, want rejected by %s", tc.name, r.Status, r.Reason, tc.rule)
				}
			}
			if got := stored("v1"); got != canonical {
				t.Errorf("after the refusals visit v1 holds %s", got)
			}
		})
	}
}

// TestEscapedFieldsReadAsWritten, over HTTP with bodies written by hand:
// a link or a name written with JSON escapes is the value it stands for to
// every rule (the values rule writes it plain before the others read it).
// An escaped job id opens no door to another technician's job, another
// centre's or the clerk's, and an escaped name gives no job away; written
// so for one's own job, it is applied and stored plain.
func TestEscapedFieldsReadAsWritten(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newHub(t, store)
			seed(e)
			push := func(d *device, table, id, fields string) result {
				t.Helper()
				status, a, b := d.pushRaw([]byte(`{"batch_id":"` + newUUID() + `","changes":[{"table":"` + table + `","id":"` + id +
					`","fields":{` + fields + `}}]}`))
				if status != 200 || len(a.Results) != 1 {
					t.Fatalf("push %s %s: %d %s", table, fields, status, b)
				}
				return a.Results[0]
			}
			for _, tc := range []struct {
				name          string
				d             *device
				table, fields string
				rule          string // "": applied
			}{
				{"a visit of another technician's job", e.tech, "visits", escapedVisit(2), "job_access"},
				{"another centre's technician, a visit of j1", e.stranger, "visits", escapedVisit(1), "job_access"},
				{"the clerk, a visit of j1", e.clerk, "visits", escapedVisit(1), "ownership"},
				{"a technician gives his job to 李强", e.tech, "jobs", `"assigned_to":"\u674e\u5f3a"`, "dispatch"},
				{"a visit of one's own job", e.tech, "visits", escapedVisit(1), ""},
			} {
				id := "vesc-" + newUUID()
				if tc.table == "jobs" {
					id = "j1"
				}
				r := push(tc.d, tc.table, id, tc.fields)
				switch {
				case tc.rule == "" && r.Status != "applied":
					t.Errorf("%s: %s %+v, want applied", tc.name, r.Status, r.Reason)
				case tc.rule != "" && (r.Status != "rejected" || r.Reason == nil || r.Reason.Rule != tc.rule):
					t.Errorf("%s: %s %+v, want rejected by %s", tc.name, r.Status, r.Reason, tc.rule)
				}
				if tc.rule != "" {
					continue
				}
				for _, row := range e.tech.pullAll() {
					if row.Table == "visits" && row.ID == id && string(row.Fields["job_id"]) != `"j1"` {
						t.Errorf("%s: stored with job_id %s, want \"j1\"", tc.name, row.Fields["job_id"])
					}
				}
			}
			for _, row := range e.tech.pullAll() {
				if row.Table == "jobs" && row.ID == "j1" && string(row.Fields["assigned_to"]) != `"张伟"` {
					t.Errorf("after the refusals j1 is assigned to %s", row.Fields["assigned_to"])
				}
			}
		})
	}
}

// escapedVisit is the fields of a new visit of job jN, the job's id
// written with a JSON escape ("\u006a" is "j").
func escapedVisit(n int) string {
	return `"job_id":"\u006a` + strconv.Itoa(n) + `","revision":1,"status":"draft","signed":0,"content":{"diagnosis":"x"}`
}

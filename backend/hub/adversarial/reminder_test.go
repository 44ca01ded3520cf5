package adversarial

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestOneReminder, over HTTP to a real hub: two desk laptops mark the same
// appointment as reminded (已提醒), the second from a base before the
// first's mark. The second is the same mark: applied, no conflict, and the
// hub keeps the first's time. A mark of another appointment, forged over
// the first, and taking the mark back are conflicts; a technician's mark,
// another centre's desk's and a mark without its appointment are refused.
func TestOneReminder(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newHub(t, store)
			e.run("user", "add", "--db", e.db, "--name", "孙悦", "--role", "desk", "--centre", "北区")
			e.run("user", "add", "--db", e.db, "--name", "钱红", "--role", "desk", "--centre", "南区")
			desk, desk2, southDesk := e.enrol("孙悦"), e.enrol("孙悦"), e.enrol("钱红")
			const appointment = "2026-12-08T02:00:00Z"
			desk.mustApply(change{"table": "customers", "id": "c-r", "fields": map[string]any{"name": "周先生", "phones": []string{"13700000000"}}},
				change{"table": "jobs", "id": "r1", "fields": map[string]any{"number": "KF-r1", "job_type": "it_onsite",
					"customer_id": "c-r", "assigned_to": "李强", "status": "draft", "appointment": appointment}})
			row := func() pulledRow {
				for _, r := range desk.pullAll() {
					if r.Table == "jobs" && r.ID == "r1" {
						return r
					}
				}
				t.Fatal("the desk does not read its job")
				return pulledRow{}
			}
			base := row().Seq
			mark := func(at, of string) change {
				return change{"table": "jobs", "id": "r1", "base_seq": base, "fields": map[string]any{"reminded_at": at, "reminded_for": of}}
			}
			conflicts := func(res []result) []string {
				var out []string
				for _, c := range res[0].Conflicts {
					out = append(out, c.Field)
				}
				slices.Sort(out)
				return out
			}
			remindedAt := func() string {
				var s string
				_ = json.Unmarshal(row().Fields["reminded_at"], &s)
				return s
			}

			desk.mustApply(mark("2026-12-07T01:00:00Z", appointment))
			if res := desk2.push(mark("2026-12-07T01:03:00Z", appointment)); res[0].Status != "applied" || len(res[0].Conflicts) != 0 {
				t.Errorf("the second desk's mark of the same appointment: %s, conflicts %v", res[0].Status, conflicts(res))
			}
			if got := remindedAt(); got != "2026-12-07T01:00:00Z" {
				t.Errorf("the hub holds the reminder of %q, want the first one's", got)
			}
			// Forged over the first: a mark of another appointment is not the same mark.
			if got := conflicts(desk2.push(mark("2026-12-07T01:05:00Z", "2026-12-09T02:00:00Z"))); !slices.Equal(got, []string{"reminded_at", "reminded_for"}) {
				t.Errorf("a mark of another appointment over the first: conflicts %v, want reminded_at and reminded_for", got)
			}
			// Taking the mark back from a base before it: a conflict too.
			if got := conflicts(desk2.push(change{"table": "jobs", "id": "r1", "base_seq": base, "fields": map[string]any{"reminded_at": nil, "reminded_for": nil}})); !slices.Equal(got, []string{"reminded_at", "reminded_for"}) {
				t.Errorf("taking another desk's mark back: conflicts %v, want reminded_at and reminded_for", got)
			}
			if got := remindedAt(); got != "2026-12-07T01:00:00Z" {
				t.Errorf("after the conflicts the hub holds the reminder of %q, want the first one's", got)
			}
			expectRefused(t, []refusal{
				{"technician: the same mark", e.tech2, mark("2026-12-07T01:07:00Z", appointment), "ownership", nil},
				{"a desk of another centre: the same mark", southDesk, mark("2026-12-07T01:07:00Z", appointment), "whole_row", nil},
				{"desk: a mark without its appointment", desk2, change{"table": "jobs", "id": "r1", "base_seq": row().Seq, "fields": map[string]any{"reminded_at": "2026-12-07T01:07:00Z", "reminded_for": nil}}, "dispatch", []string{"reminded_for"}},
			})
		})
	}
}

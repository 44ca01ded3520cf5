package adversarial

import (
	"testing"
)

// TestReplays, over HTTP to a real hub, as devices send again what a hub
// restored from a backup lost (docs/sync-protocol.md, "A restored hub"):
// fields sent again with the sequence each first got ("replay") meet in
// that order, not as a conflict, and only with each other — a stale write
// that is no replay still conflicts, a replay older than the one the hub
// holds conflicts, and a replay gives no one a right the rules deny (not
// another technician, another centre or the clerk). A new
// job sent without its status (the desk sends its job again without the
// status the technician moved it on to) is a draft.
func TestReplays(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newHub(t, store)
			e.run("user", "add", "--db", e.db, "--name", "孙悦", "--role", "desk", "--centre", "北区")
			desk := e.enrol("孙悦")
			conflicted := func(r result, field string) bool {
				for _, c := range r.Conflicts {
					if c.Field == field {
						return true
					}
				}
				return false
			}
			pulled := func(d *device, id string) pulledRow {
				for _, r := range d.pullAll() {
					if r.Table == "jobs" && r.ID == id {
						return r
					}
				}
				t.Fatalf("%s does not read job %s", d.name, id)
				return pulledRow{}
			}

			// The desk's job sent again whole but its status: a draft.
			desk.mustApply(customer("c-r", "钱女士"), change{"table": "jobs", "id": "r0", "fields": map[string]any{"number": "KF-r0",
				"job_type": "it_onsite", "customer_id": "c-r", "assigned_to": "张伟", "summary": "投影仪不亮"}})
			if got := string(pulled(desk, "r0").Fields["status"]); got != `"draft"` {
				t.Errorf("a new job sent without its status holds status %s, want \"draft\"", got)
			}
			// A technician's job sent again (first taken at 5), then the
			// desk's dispatch of it to 李强 sent again (first taken at 9)
			// from a base before either: no conflict, the dispatch stands.
			tech := job("r1", "ZW-r1", "it_onsite", "c-r", "张伟", "in_progress")
			tech["replay"] = map[string]int64{"number": 5, "job_type": 5, "customer_id": 5, "assigned_to": 5, "status": 5, "summary": 5}
			e.tech.mustApply(tech)
			res := desk.mustApply(change{"table": "jobs", "id": "r1", "base_seq": 0, "fields": map[string]any{"assigned_to": "李强"},
				"replay": map[string]int64{"assigned_to": 9}})
			if len(res[0].Conflicts) != 0 {
				t.Errorf("the later replay meets the earlier as a conflict: %+v", res[0].Conflicts)
			}
			if got := string(pulled(desk, "r1").Fields["assigned_to"]); got != `"李强"` {
				t.Errorf("after both replays the job is %s's, want 李强's", got)
			}
			// A replay older than the one the hub holds of that field: a
			// conflict, the later write stays.
			if r := desk.push(change{"table": "jobs", "id": "r1", "base_seq": 0, "fields": map[string]any{"summary": "投影仪不亮（复查）"},
				"replay": map[string]int64{"summary": 4}})[0]; r.Status != "conflict" || !conflicted(r, "summary") {
				t.Errorf("a replay older than the one the hub holds = %s %+v, want a conflict on summary", r.Status, r.Conflicts)
			}
			// A stale write that is no replay conflicts as ever.
			if r := desk.push(change{"table": "jobs", "id": "r1", "base_seq": 0, "fields": map[string]any{"summary": "投影仪不亮（三查）"}})[0]; r.Status != "conflict" {
				t.Errorf("a stale write without replay = %s, want a conflict", r.Status)
			}
			// A job of 李强's that 张伟 never had: his replay, however late
			// it claims to be, does not let him write it.
			desk.mustApply(change{"table": "jobs", "id": "r2", "fields": map[string]any{"number": "KF-r2",
				"job_type": "it_onsite", "customer_id": "c-r", "assigned_to": "李强", "status": "draft", "summary": "复印机缺粉"}})
			intrude := change{"table": "jobs", "id": "r2", "base_seq": 0, "fields": map[string]any{"summary": "不用修了"},
				"replay": map[string]int64{"summary": 1 << 40}}
			expectRefused(t, []refusal{
				{"technician: a replay into another's job", e.tech, intrude, "job_access", nil},
				// Rows are kept per centre: another centre has no job r2.
				{"another centre: a replay of this centre's job", e.stranger, change{"table": "jobs", "id": "r2", "base_seq": 0,
					"fields": map[string]any{"summary": "不用修了"}, "replay": map[string]int64{"summary": 1 << 40}}, "whole_row", nil},
				{"clerk: a replay of a job's field", e.clerk, change{"table": "jobs", "id": "r2", "base_seq": 0,
					"fields": map[string]any{"summary": "不用修了"}, "replay": map[string]int64{"summary": 1 << 40}}, "ownership", nil},
				{"a replay of a field not sent", desk, change{"table": "jobs", "id": "r0", "base_seq": 0, "fields": map[string]any{"summary": "x"},
					"replay": map[string]int64{"appointment": 3}}, "values", []string{"replay.appointment"}},
				{"a replay sequence below 1", desk, change{"table": "jobs", "id": "r0", "base_seq": 0, "fields": map[string]any{"summary": "x"},
					"replay": map[string]int64{"summary": 0}}, "values", []string{"replay.summary"}},
				{"a replay of an unknown field", desk, change{"table": "jobs", "id": "r0", "base_seq": 0, "fields": map[string]any{"summary": "x"},
					"replay": map[string]int64{"secret": 3}}, "values", []string{"replay.secret"}},
			})
			if got := string(pulled(desk, "r2").Fields["summary"]); got != `"复印机缺粉"` {
				t.Errorf("after the refused replays job r2's summary is %s, want it unchanged", got)
			}
		})
	}
}

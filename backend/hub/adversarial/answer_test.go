package adversarial

import (
	"encoding/json"
	"testing"
)

// TestAnswers, over HTTP to a real hub: a technician's answers to a
// dispatched job (table appointment_events) are the job's technician's
// alone — not another technician's, not in another's name, not forged by
// the desk or the clerk, never changed afterwards — and well-formed: a
// reschedule has its reason, new time and the customer's consent, a
// hand-back its reason, times are times. A hand-back leaves the job with
// nobody (and never with anyone else); a job taken from a technician still
// reaches them as its row with its new assignee, not its other rows.
func TestAnswers(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newHub(t, store)
			e.run("user", "add", "--db", e.db, "--name", "孙悦", "--role", "desk", "--centre", "北区")
			desk := e.enrol("孙悦")
			job := func(id, assignee string) change {
				return change{"table": "jobs", "id": id, "fields": map[string]any{"number": "YD-" + id, "job_type": "it_onsite",
					"customer_id": "c-yd", "assigned_to": assignee, "appointment": "2026-12-08T01:00:00Z", "status": "draft", "summary": "空调不制冷"}}
			}
			desk.mustApply(change{"table": "customers", "id": "c-yd", "fields": map[string]any{"name": "郑先生", "phones": []string{"13500000000"}}},
				job("li", "李强"), job("zw", "张伟"))
			answer := func(id, jobID, kind, who string, more map[string]any) change {
				f := map[string]any{"job_id": jobID, "kind": kind, "technician": who, "at": "2026-12-07T09:30:00.000Z"}
				for k, v := range more {
					f[k] = v
				}
				return change{"table": "appointment_events", "id": id, "fields": f}
			}
			seq := func(d *device, table, id string) int64 {
				for _, r := range d.pullAll() {
					if r.Table == table && r.ID == id {
						return r.Seq
					}
				}
				t.Fatalf("%s does not read %s %s", d.name, table, id)
				return 0
			}
			moved := map[string]any{"appointment": "2026-12-08T06:00:00Z", "reason": "客户临时出差", "consent": 1}
			without := func(k string) map[string]any {
				m := map[string]any{}
				for kk, v := range moved {
					if kk != k {
						m[kk] = v
					}
				}
				return m
			}
			expectRefused(t, []refusal{
				{"technician: answering for another's job", e.tech, answer("x1", "li", "confirmed", "张伟", nil), "job_access", nil},
				{"technician: answering in another's name", e.tech2, answer("x2", "li", "confirmed", "张伟", nil), "answer", []string{"technician"}},
				{"desk: forging an answer", desk, answer("x3", "li", "confirmed", "李强", nil), "ownership", nil},
				{"clerk: forging an answer", e.clerk, answer("x4", "li", "handed_back", "李强", map[string]any{"reason": "不想去"}), "ownership", nil},
				{"reschedule without a reason", e.tech2, answer("x5", "li", "rescheduled", "李强", without("reason")), "answer", []string{"reason"}},
				{"reschedule with a blank reason", e.tech2, answer("x5", "li", "rescheduled", "李强", map[string]any{"appointment": "2026-12-08T06:00:00Z", "reason": "  ", "consent": 1}), "answer", []string{"reason"}},
				{"reschedule without consent", e.tech2, answer("x6", "li", "rescheduled", "李强", without("consent")), "answer", []string{"consent"}},
				{"reschedule without a new time", e.tech2, answer("x7", "li", "rescheduled", "李强", without("appointment")), "answer", []string{"appointment"}},
				{"reschedule to no time", e.tech2, answer("x8", "li", "rescheduled", "李强", map[string]any{"appointment": "明天下午", "reason": "客户临时出差", "consent": 1}), "answer", []string{"appointment"}},
				{"an answer at no time", e.tech2, answer("x9", "li", "nobody_home", "李强", map[string]any{"at": "刚才"}), "answer", []string{"at"}},
				{"hand-back without a reason", e.tech2, answer("xa", "li", "handed_back", "李强", nil), "answer", []string{"reason"}},
				{"an unknown answer", e.tech2, answer("xb", "li", "maybe", "李强", nil), "values", []string{"kind"}},
				{"technician: handing back to someone else", e.tech2, change{"table": "jobs", "id": "li", "base_seq": seq(e.tech2, "jobs", "li"),
					"fields": map[string]any{"assigned_to": "张伟"}}, "dispatch", nil},
				{"technician: handing back to a label", e.tech2, change{"table": "jobs", "id": "li", "base_seq": seq(e.tech2, "jobs", "li"),
					"fields": map[string]any{"assigned_to": "李师傅"}}, "dispatch", nil},
			})
			e.tech2.mustApply(answer("a1", "li", "confirmed", "李强", nil))
			expectRefused(t, []refusal{
				{"changing an answer", e.tech2, change{"table": "appointment_events", "id": "a1", "base_seq": seq(e.tech2, "appointment_events", "a1"),
					"fields": map[string]any{"kind": "nobody_home"}}, "insert_only", nil},
			})
			e.tech2.mustApply(answer("a2", "li", "rescheduled", "李强", moved), answer("a3", "li", "nobody_home", "李强", nil))
			// The hand-back: the job's change may come before the answer.
			e.tech2.mustApply(change{"table": "jobs", "id": "li", "base_seq": seq(e.tech2, "jobs", "li"), "fields": map[string]any{"assigned_to": ""}},
				answer("a4", "li", "handed_back", "李强", map[string]any{"reason": "客户要求换人"}))
			expectRefused(t, []refusal{
				{"answering for a job handed back", e.tech2, answer("a5", "li", "confirmed", "李强", nil), "answer", nil},
				{"another technician's hand-back of it", e.tech, answer("a6", "li", "handed_back", "张伟", map[string]any{"reason": "顺路"}), "job_access", nil},
				{"taking back a job handed back", e.tech2, change{"table": "jobs", "id": "li", "base_seq": seq(desk, "jobs", "li"), "fields": map[string]any{"assigned_to": "李强"}}, "dispatch", nil},
			})
			kinds := map[string]string{}
			var li pulledRow
			for _, r := range desk.pullAll() {
				if r.Table == "appointment_events" {
					var k string
					_ = json.Unmarshal(r.Fields["kind"], &k)
					kinds[r.ID] = k
				}
				if r.Table == "jobs" && r.ID == "li" {
					li = r
				}
			}
			if len(kinds) != 4 || kinds["a4"] != "handed_back" || string(li.Fields["assigned_to"]) != `""` {
				t.Errorf("the desk reads answers %v and the job assigned to %s; want four answers and nobody", kinds, li.Fields["assigned_to"])
			}

			// The desk gives 张伟's job to 李强: 张伟 still gets the job's
			// row, now 李强's, but no longer its answers.
			e.tech.mustApply(answer("b1", "zw", "confirmed", "张伟", nil))
			desk.mustApply(change{"table": "jobs", "id": "zw", "base_seq": seq(desk, "jobs", "zw"), "fields": map[string]any{"assigned_to": "李强"}})
			var gotJob, gotAnswer bool
			for _, r := range e.tech.pullAll() {
				if r.Table == "jobs" && r.ID == "zw" {
					gotJob = string(r.Fields["assigned_to"]) == `"李强"`
				}
				gotAnswer = gotAnswer || r.ID == "b1"
			}
			if !gotJob || gotAnswer {
				t.Errorf("张伟 pulls the reassigned job as 李强's %v, its answer %v; want the job only", gotJob, gotAnswer)
			}
			expectRefused(t, []refusal{
				{"the former technician answering", e.tech, answer("b2", "zw", "nobody_home", "张伟", nil), "job_access", nil},
			})
		})
	}
}

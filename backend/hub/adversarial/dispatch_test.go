package adversarial

import (
	"testing"
)

// TestDispatch, over HTTP to a real hub: the service desk (客服) records a
// customer and gives a job to a technician of its centre, who pulls it; a
// technician cannot give a job to someone else nor take another's, and the
// desk cannot dispatch to a clerk or to another centre, move a job on,
// write a service record or be faked by a technician's forged fields.
func TestDispatch(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newHub(t, store)
			e.run("user", "add", "--db", e.db, "--name", "孙悦", "--role", "desk", "--centre", "北区")
			desk := e.enrol("孙悦")
			job := func(id, assignee, status string) change {
				return change{"table": "jobs", "id": id, "fields": map[string]any{"number": "KF-" + id, "job_type": "it_onsite",
					"customer_id": "c-kf", "assigned_to": assignee, "status": status, "summary": "电话报修：打印机卡纸"}}
			}
			desk.mustApply(change{"table": "customers", "id": "c-kf", "fields": map[string]any{"name": "周先生", "phones": []string{"13700000000"}}},
				job("k1", "李强", "draft"))
			// A new job as the desk's laptop sends it: every field, the
			// technician's empty (no flags, not handed in).
			laptop := job("k0", "", "draft")
			laptop["fields"].(map[string]any)["flags"] = map[string]any{}
			laptop["fields"].(map[string]any)["submitted_at"] = nil
			desk.mustApply(laptop)
			seen := func(d *device, id string) bool {
				for _, r := range d.pullAll() {
					if r.Table == "jobs" && r.ID == id {
						return true
					}
				}
				return false
			}
			if !seen(e.tech2, "k1") || seen(e.tech, "k1") || seen(e.stranger, "k1") {
				t.Errorf("the dispatched job reaches 李强 %v, 张伟 %v, the other centre %v; want 李强 only",
					seen(e.tech2, "k1"), seen(e.tech, "k1"), seen(e.stranger, "k1"))
			}
			e.tech.mustApply(change{"table": "customers", "id": "c-zw", "fields": map[string]any{"name": "吴女士"}},
				change{"table": "jobs", "id": "z1", "fields": map[string]any{"number": "ZW-1", "job_type": "it_onsite",
					"customer_id": "c-zw", "assigned_to": "张伟", "status": "in_progress"}})
			seq := func(id string) int64 {
				for _, r := range desk.pullAll() {
					if r.Table == "jobs" && r.ID == id {
						return r.Seq
					}
				}
				t.Fatalf("the desk does not read job %s", id)
				return 0
			}
			expectRefused(t, []refusal{
				{"technician: a new job for another", e.tech, job("k2", "李强", "draft"), "dispatch", nil},
				{"technician: giving their job away", e.tech, change{"table": "jobs", "id": "z1", "base_seq": seq("z1"), "fields": map[string]any{"assigned_to": "李强"}}, "dispatch", nil},
				{"technician: taking another's job", e.tech, change{"table": "jobs", "id": "k1", "base_seq": seq("k1"), "fields": map[string]any{"assigned_to": "张伟"}}, "job_access", nil},
				{"desk: a job for the clerk", desk, job("k3", "王芳", "draft"), "dispatch", []string{"assigned_to"}},
				{"desk: a job for itself", desk, job("k3", "孙悦", "draft"), "dispatch", []string{"assigned_to"}},
				{"desk: a job for another centre", desk, job("k3", "陈静", "draft"), "dispatch", []string{"assigned_to"}},
				{"desk: a job already done", desk, job("k3", "李强", "completed"), "dispatch", nil},
				{"desk: moving a job on", desk, change{"table": "jobs", "id": "z1", "base_seq": seq("z1"), "fields": map[string]any{"status": "submitted"}}, "dispatch", nil},
				{"desk: a service record", desk, change{"table": "visits", "id": "kv", "fields": map[string]any{"job_id": "k1", "revision": 1,
					"status": "draft", "content": map[string]any{}, "signed": 0}}, "ownership", nil},
				{"desk: a new job's flags", desk, change{"table": "jobs", "id": "k4", "fields": map[string]any{"number": "KF-k4", "job_type": "it_onsite",
					"customer_id": "c-kf", "status": "draft", "flags": map[string]any{"maintenance": true}}}, "ownership", nil},
				{"desk: filing fields", desk, change{"table": "jobs", "id": "z1", "base_seq": seq("z1"), "fields": map[string]any{"archive_no": "2026-01"}}, "ownership", nil},
				{"technician: the desk's phone guidance", e.tech, change{"table": "jobs", "id": "z1", "base_seq": seq("z1"), "fields": map[string]any{"guidance": "电话里说好了", "guidance_outcome": "solved"}}, "ownership", nil},
				{"technician: a new job with a follow-up", e.tech, change{"table": "jobs", "id": "z9", "fields": map[string]any{"number": "ZW-9", "job_type": "it_onsite",
					"customer_id": "c-zw", "assigned_to": "张伟", "status": "draft", "followup_result": "已回访"}}, "ownership", nil},
				{"desk: a guidance time that is no time", desk, change{"table": "jobs", "id": "k1", "base_seq": seq("k1"), "fields": map[string]any{"guidance": "重启路由器", "guidance_outcome": "solved", "guided_at": "昨天下午"}}, "dispatch", []string{"guided_at"}},
				{"desk: a follow-up of no solved guidance", desk, change{"table": "jobs", "id": "k1", "base_seq": seq("k1"), "fields": map[string]any{"followup_at": "2026-12-07T02:00:00Z", "followup_result": "已回访"}}, "dispatch", []string{"followup_at"}},
				{"desk: an outcome that is no outcome", desk, change{"table": "jobs", "id": "k1", "base_seq": seq("k1"), "fields": map[string]any{"guidance_outcome": "maybe"}}, "values", []string{"guidance_outcome"}},
				{"technician: the desk's 已提醒 mark", e.tech, change{"table": "jobs", "id": "z1", "base_seq": seq("z1"), "fields": map[string]any{"reminded_at": "2026-12-07T01:00:00Z", "reminded_for": "2026-12-08T02:00:00Z"}}, "ownership", nil},
				{"desk: a reminder of no appointment", desk, change{"table": "jobs", "id": "k1", "base_seq": seq("k1"), "fields": map[string]any{"reminded_at": "2026-12-07T01:00:00Z"}}, "dispatch", []string{"reminded_for"}},
				{"desk: a reminder time that is no time", desk, change{"table": "jobs", "id": "k1", "base_seq": seq("k1"), "fields": map[string]any{"reminded_at": "上午十点", "reminded_for": "2026-12-08T02:00:00Z"}}, "dispatch", []string{"reminded_at"}},
			})
			// The technician's job, rescheduled and given to 李强 by the desk.
			desk.mustApply(change{"table": "jobs", "id": "z1", "base_seq": seq("z1"), "fields": map[string]any{"assigned_to": "李强", "appointment": "2026-12-09T01:30:00Z"}})
			if !seen(e.tech2, "z1") {
				t.Error("李强 does not pull the job the desk gave him")
			}
		})
	}
}

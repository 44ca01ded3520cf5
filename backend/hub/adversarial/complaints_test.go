package adversarial

import (
	"testing"
)

// complaintRow is a push of one complaint's fields.
func complaintRow(id string, fields map[string]any) change {
	return change{"table": "complaints", "id": id, "fields": fields}
}

// registered is a complaint as the desk registers it: taken by phone.
func registered(jobID, customerID, by string) map[string]any {
	return map[string]any{"job_id": jobID, "customer_id": customerID, "channel": "phone", "received_at": "2026-12-07T01:00:00Z",
		"received_by": by, "content": "打印机修好两天后又卡纸", "kind": "", "analysis": "", "responsibility": "", "compensation": "",
		"compensation_fen": 0, "resolution": "", "state": "registered", "closed_at": nil, "closed_by": ""}
}

// with is fields with some replaced.
func with(fields map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range fields {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

// TestComplaints, over HTTP to a real hub: the service desk records a
// customer's complaint (客户投诉处理单) about a job and moves it through
// 登记 → 分析 → 处理中 → 已结案. A technician, a clerk and another centre
// cannot write complaints; forged fields, a customer that is not the job's,
// another person as the one who took or closed it, a state jump without the
// fields it needs, a state going back, a changed closed complaint, a
// deletion and a negative compensation are refused, naming each field. The
// clerk and the desk read every complaint of the centre, a technician only
// those of their own jobs, the other centre none.
func TestComplaints(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newHub(t, store)
			e.run("user", "add", "--db", e.db, "--name", "孙悦", "--role", "desk", "--centre", "北区")
			e.run("user", "add", "--db", e.db, "--name", "钱进", "--role", "desk", "--centre", "南区")
			desk, southDesk := e.enrol("孙悦"), e.enrol("钱进")
			// 张伟's job and 李强's job, of two customers.
			e.tech.mustApply(change{"table": "customers", "id": "c-1", "fields": map[string]any{"name": "周先生"}},
				change{"table": "jobs", "id": "j1", "fields": map[string]any{"number": "TS-1", "job_type": "it_onsite",
					"customer_id": "c-1", "assigned_to": "张伟", "status": "in_progress"}})
			e.tech2.mustApply(change{"table": "customers", "id": "c-2", "fields": map[string]any{"name": "吴女士"}},
				change{"table": "jobs", "id": "j2", "fields": map[string]any{"number": "TS-2", "job_type": "it_onsite",
					"customer_id": "c-2", "assigned_to": "李强", "status": "in_progress"}})
			desk.mustApply(complaintRow("k1", registered("j1", "c-1", "孙悦")))
			e.admin.mustApply(complaintRow("k2", registered("j2", "c-2", "赵敏")))
			seq := func(id string) int64 {
				for _, r := range desk.pullAll() {
					if r.Table == "complaints" && r.ID == id {
						return r.Seq
					}
				}
				t.Fatalf("the desk does not read complaint %s", id)
				return 0
			}
			update := func(id string, kv ...any) change {
				return change{"table": "complaints", "id": id, "base_seq": seq(id), "fields": with(map[string]any{}, kv...)}
			}
			expectRefused(t, []refusal{
				{"technician: a complaint on their own job", e.tech, complaintRow("k3", registered("j1", "c-1", "张伟")), "ownership", nil},
				{"technician: analysing a complaint", e.tech, update("k1", "kind", "quality"), "ownership", nil},
				{"clerk: a complaint", e.clerk, complaintRow("k3", registered("j1", "c-1", "王芳")), "ownership", nil},
				{"another centre's technician: a complaint", e.stranger, complaintRow("k3", registered("j1", "c-1", "陈静")), "ownership", nil},
				{"another centre's desk: a complaint on this centre's job", southDesk, complaintRow("k3", registered("j1", "c-1", "钱进")), "job_access", nil},
				{"desk: a forged field", desk, complaintRow("k3", with(registered("j1", "c-1", "孙悦"), "approved_by", "张总")), "values", nil},
				{"desk: an unknown kind", desk, complaintRow("k3", with(registered("j1", "c-1", "孙悦"), "kind", "price")), "values", []string{"kind"}},
				{"desk: an unknown channel", desk, complaintRow("k3", with(registered("j1", "c-1", "孙悦"), "channel", "email")), "values", []string{"channel"}},
				{"desk: a job not on the hub", desk, complaintRow("k3", registered("j9", "c-1", "孙悦")), "job_access", nil},
				{"desk: a customer that is not the job's", desk, complaintRow("k3", registered("j1", "c-2", "孙悦")), "content", []string{"customer_id"}},
				{"desk: taken by someone else", desk, complaintRow("k3", registered("j1", "c-1", "张伟")), "content", []string{"received_by"}},
				{"desk: no content, no time", desk, complaintRow("k3", with(registered("j1", "c-1", "孙悦"), "content", " ", "received_at", "昨天")), "content", []string{"content", "received_at"}},
				{"desk: registered straight to closed", desk, complaintRow("k3", with(registered("j1", "c-1", "孙悦"), "state", "closed")), "content",
					[]string{"analysis", "closed_at", "closed_by", "compensation", "kind", "resolution", "responsibility"}},
				{"desk: analysing without a kind", desk, update("k1", "state", "analysing"), "content", []string{"kind"}},
				{"desk: handling without the analysis", desk, update("k1", "kind", "quality", "state", "handling"), "content", []string{"analysis", "compensation", "responsibility"}},
				{"desk: a negative compensation", desk, update("k1", "kind", "quality", "analysis", "同批次卡纸", "responsibility", "ours",
					"compensation", "money", "compensation_fen", -100, "state", "handling"), "content", []string{"compensation_fen"}},
				{"desk: an amount for a replacement", desk, update("k1", "compensation", "replacement", "compensation_fen", 500), "content", []string{"compensation_fen"}},
				{"desk: a compensation that is text", desk, update("k1", "compensation_fen", "50元"), "values", []string{"compensation_fen"}},
				{"desk: moving the complaint to another job", desk, update("k1", "job_id", "j2", "customer_id", "c-2"), "content", []string{"job_id"}},
				{"desk: deleting a complaint", desk, change{"table": "complaints", "id": "k1", "base_seq": seq("k1"), "deleted": true}, "content", nil},
			})

			// The desk analyses, handles and closes k1 in three syncs.
			desk.mustApply(update("k1", "kind", "quality", "state", "analysing"))
			desk.mustApply(update("k1", "analysis", "同批次硒鼓有缺陷", "responsibility", "ours", "compensation", "money", "compensation_fen", 20000, "state", "handling"))
			expectRefused(t, []refusal{
				{"desk: back to registered", desk, update("k1", "state", "registered"), "content", []string{"state"}},
				{"desk: closed by someone else", desk, update("k1", "resolution", "已退款", "state", "closed", "closed_at", "2026-12-08T02:00:00Z", "closed_by", "赵敏"), "content", []string{"closed_by"}},
				{"desk: closed before it was received", desk, update("k1", "resolution", "已退款", "state", "closed", "closed_at", "2026-12-06T02:00:00Z", "closed_by", "孙悦"), "content", []string{"closed_at"}},
			})
			desk.mustApply(update("k1", "resolution", "退款 200 元，更换硒鼓", "state", "closed", "closed_at", "2026-12-08T02:00:00Z", "closed_by", "孙悦"))
			expectRefused(t, []refusal{
				{"desk: changing a closed complaint", desk, update("k1", "resolution", "改口"), "content", nil},
				{"admin: reopening a closed complaint", e.admin, update("k1", "state", "handling"), "content", nil},
			})
			// Offline, the desk registers and analyses before a sync: the
			// hub takes the new complaint at the state its fields allow.
			desk.mustApply(complaintRow("k4", with(registered("j2", "c-2", "孙悦"), "kind", "delivery", "state", "analysing")))

			reads := func(d *device) map[string]bool {
				got := map[string]bool{}
				for _, r := range d.pullAll() {
					if r.Table == "complaints" {
						got[r.ID] = true
					}
				}
				return got
			}
			for _, c := range []struct {
				d    *device
				want []string
			}{
				{desk, []string{"k1", "k2", "k4"}}, {e.clerk, []string{"k1", "k2", "k4"}}, {e.admin, []string{"k1", "k2", "k4"}},
				{e.tech, []string{"k1"}}, {e.tech2, []string{"k2", "k4"}}, {e.stranger, nil}, {southDesk, nil},
			} {
				got := reads(c.d)
				if len(got) != len(c.want) {
					t.Errorf("%s reads complaints %v, want %v", c.d.name, got, c.want)
				}
				for _, id := range c.want {
					if !got[id] {
						t.Errorf("%s does not read complaint %s (reads %v)", c.d.name, id, got)
					}
				}
			}
		})
	}
}

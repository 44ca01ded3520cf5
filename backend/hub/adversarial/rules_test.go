package adversarial

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// signedContent is the canonical serialisation a visit's signature covers,
// as docs/sync-protocol.md ("Signed content") defines it, for a visit whose
// content sets only the fields given; every other field is empty.
func signedContent(visitID, jobID string, revision int, supersedes string, content map[string]string) []byte {
	str := func(k string) string { b, _ := json.Marshal(content[k]); return string(b) }
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	return []byte(`{"format":"fieldbook.visit-content.v1","visit_id":` + q(visitID) + `,"job_id":` + q(jobID) +
		`,"revision":` + fmt.Sprint(revision) + `,"supersedes":` + q(supersedes) + `,"registration_no":""` +
		`,"customer":{"name":"","company":"","phone":"","address":""}` +
		`,"asset":{"kind":"","model":"","serial":"","plate":"","purchase_date":"","warranty":"","equipment_class":""}` +
		`,"fault_symptoms":` + str("fault_symptoms") + `,"customer_requirement":` + str("customer_requirement") +
		`,"repair_history":""` + `,"diagnosis":` + str("diagnosis") + `,"work_performed":` + str("work_performed") +
		`,"result":` + str("result") + `,"parts":[],"labour":[],"totals":{"parts_fen":0,"labour_fen":0,"total_fen":0}` +
		`,"payment_method":"","old_parts":"","appointment_at":"","arrived_at":"","departed_at":"","follow_up":"","follow_up_at":""` +
		`,"satisfaction":0,"customer_comments":""}`)
}

func contentHash(visitID, jobID string, revision int, supersedes string, content map[string]string) string {
	sum := sha256.Sum256(signedContent(visitID, jobID, revision, supersedes, content))
	return hex.EncodeToString(sum[:])
}

// fixture is what every case starts from: rows of each owner on the hub.
type fixture struct {
	blobTech, blobStranger string
}

func job(id, number, jobType, customer, assignee, status string) change {
	return change{"table": "jobs", "id": id, "fields": map[string]any{"number": number, "job_type": jobType,
		"customer_id": customer, "assigned_to": assignee, "status": status, "summary": "空调不制冷"}}
}

func visit(id, jobID string, content map[string]string) change {
	if content == nil {
		content = map[string]string{}
	}
	return change{"table": "visits", "id": id, "fields": map[string]any{"job_id": jobID, "revision": 1,
		"status": "draft", "content": content, "signed": 0}}
}

func customer(id, name string) change {
	return change{"table": "customers", "id": id, "fields": map[string]any{"name": name, "phones": []string{"13800000000"}}}
}

func signature(id, visitID, role, hash string) change {
	return change{"table": "signatures", "id": id, "fields": map[string]any{"visit_id": visitID, "role": role, "kind": "real",
		"signer_name": "王先生", "strokes": []any{}, "content_hash": hash, "signed_at": "2026-12-01T10:00:00Z"}}
}

func seed(e *hubEnv) fixture {
	var f fixture
	e.tech.mustApply(
		customer("c1", "王先生"),
		job("j1", "N1-001", "it_onsite", "c1", "张伟", "in_progress"),
		visit("v1", "j1", map[string]string{"diagnosis": "待查"}),
		visit("vsig", "j1", map[string]string{"diagnosis": "电源板故障"}),
		visit("vflag", "j1", map[string]string{"diagnosis": "主板故障"}),
		job("j5", "N1-005", "it_onsite", "c1", "张伟", "submitted"),
		job("j6", "N1-006", "it_onsite", "c1", "张伟", "draft"),
	)
	// j6: deleted by its technician.
	e.tech.mustApply(change{"table": "jobs", "id": "j6", "deleted": true})
	// vsig: signed by the customer, its flag left at 0 by the client.
	e.tech.mustApply(signature("s1", "vsig", "customer", contentHash("vsig", "j1", 1, "", map[string]string{"diagnosis": "电源板故障"})))
	// vflag: signed flag 1 (and a signature of it).
	e.tech.mustApply(change{"table": "visits", "id": "vflag", "base_seq": 0, "fields": map[string]any{"signed": 1}})
	e.tech2.mustApply(
		job("j2", "N2-001", "it_onsite", "c1", "李强", "in_progress"),
		visit("v2", "j2", map[string]string{"diagnosis": "漏水"}),
		job("j4", "N2-004", "plain", "c1", "李强", "submitted"),
	)
	e.stranger.mustApply(customer("c3", "南区客户"), job("j3", "S-001", "it_onsite", "c3", "陈静", "in_progress"))
	f.blobTech = e.tech.upload(png("tech"))
	f.blobStranger = e.stranger.upload(png("stranger"))
	e.tech.mustApply(change{"table": "documents", "id": "d1", "fields": map[string]any{"job_id": "j1", "kind": "scan", "sha256": f.blobTech, "size": 80}})
	return f
}

// TestRules meets every rule of the hub from every role, on rows of one's
// own, of another technician and of another centre: each case is applied,
// or rejected by the rule it names.
func TestRules(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newHub(t, store)
			f := seed(e)
			deep := strings.Repeat("[", 1000) + strings.Repeat("]", 1000)
			cases := []struct {
				name   string
				actor  *device
				change change
				rule   string // "" when the change applies
			}{
				// Technicians: their own jobs, the centre's reference rows.
				{"technician edits own job", e.tech, change{"table": "jobs", "id": "j1", "fields": map[string]any{"summary": "改"}}, ""},
				{"technician edits the centre's customer", e.tech, change{"table": "customers", "id": "c1", "fields": map[string]any{"note": "常客"}}, ""},
				{"technician writes a filing field", e.tech, change{"table": "jobs", "id": "j1", "fields": map[string]any{"archive_no": "2026-12-0001"}}, "ownership"},
				{"technician files own job", e.tech, change{"table": "jobs", "id": "j1", "fields": map[string]any{"status": "filed"}}, "filing"},
				{"technician returns own job", e.tech, change{"table": "jobs", "id": "j1", "fields": map[string]any{"status": "returned"}}, "filing"},
				{"technician forges filed_by", e.tech, change{"table": "jobs", "id": "j1", "fields": map[string]any{"filed_by": "王芳"}}, "ownership"},
				{"technician edits another's job", e.tech, change{"table": "jobs", "id": "j2", "fields": map[string]any{"summary": "改"}}, "job_access"},
				{"technician adds a visit to another's job", e.tech, visit("vx", "j2", nil), "job_access"},
				{"technician moves own visit to another's job", e.tech, change{"table": "visits", "id": "v1", "fields": map[string]any{"job_id": "j2"}}, "job_access"},
				{"technician edits another's visit", e.tech, change{"table": "visits", "id": "v2", "fields": map[string]any{"content": map[string]any{"diagnosis": "x"}}}, "job_access"},
				{"technician adds a visit to another centre's job", e.tech, visit("vy", "j3", nil), "job_access"},
				{"technician edits a row of another centre", e.tech, change{"table": "jobs", "id": "j3", "fields": map[string]any{"summary": "改"}}, "whole_row"},
				{"technician pushes the audit trail", e.tech, change{"table": "job_events", "id": "ev1", "fields": map[string]any{"job_id": "j1", "action": "filed", "actor": "x", "at": "t"}}, "ownership"},
				{"technician publishes a job type", e.tech, change{"table": "job_types", "id": "it_onsite", "fields": map[string]any{"definition": map[string]any{}}}, "ownership"},
				{"technician publishes a template", e.tech, change{"table": "checklist_templates", "id": "t@v9", "fields": map[string]any{"key": "t", "version": 9, "definition": map[string]any{}}}, "ownership"},
				// A deleted job: deleting it again changes nothing and is applied; nothing else is.
				{"technician deletes own deleted job again", e.tech, change{"table": "jobs", "id": "j6", "deleted": true}, ""},
				{"technician edits own deleted job", e.tech, change{"table": "jobs", "id": "j6", "fields": map[string]any{"summary": "改"}}, "job_access"},
				{"technician adds a visit to own deleted job", e.tech, visit("vdel", "j6", nil), "job_access"},
				{"another technician deletes a deleted job", e.tech2, change{"table": "jobs", "id": "j6", "deleted": true}, "job_access"},
				{"another centre deletes a deleted job", e.stranger, change{"table": "jobs", "id": "j6", "deleted": true}, "whole_row"},
				// Values.
				{"unknown table", e.tech, change{"table": "users", "id": "u1", "fields": map[string]any{"name": "x"}}, "table"},
				{"unknown field", e.tech, change{"table": "jobs", "id": "j1", "fields": map[string]any{"owner": "张伟"}}, "values"},
				{"a field no client sends", e.tech, change{"table": "jobs", "id": "j1", "fields": map[string]any{"updated_by": "x"}}, "values"},
				{"a row id with spaces", e.tech, customer("c 1", "x"), "row_id"},
				{"a row id of 65 characters", e.tech, customer(strings.Repeat("c", 65), "x"), "row_id"},
				{"JSON nested 1000 deep", e.tech, change{"table": "visits", "id": "v1", "fields": map[string]any{"content": map[string]any{"parts": json.RawMessage(deep)}}}, "values"},
				{"a text over its limit", e.tech, change{"table": "jobs", "id": "j1", "fields": map[string]any{"summary": strings.Repeat("长", 2000)}}, "values"},
				{"content over 2 MiB", e.tech, change{"table": "visits", "id": "v1", "fields": map[string]any{"content": map[string]any{"x": strings.Repeat("a", 3<<20)}}}, "values"},
				{"a number where text goes", e.tech, change{"table": "jobs", "id": "j1", "fields": map[string]any{"summary": 7}}, "values"},
				{"a status out of its enum", e.tech, change{"table": "jobs", "id": "j1", "fields": map[string]any{"status": "done"}}, "values"},
				{"a diagnosis over the app's limit", e.tech, change{"table": "visits", "id": "v1", "fields": map[string]any{"content": map[string]any{"diagnosis": strings.Repeat("诊", 4001)}}}, "content"},
				{"a new row without its required fields", e.tech, change{"table": "jobs", "id": "j9", "fields": map[string]any{"summary": "x"}}, "whole_row"},
				// Signed content.
				{"content of a visit whose flag is 0 but which is signed", e.tech, change{"table": "visits", "id": "vsig", "fields": map[string]any{"content": map[string]any{"diagnosis": "改了"}}}, "frozen"},
				{"content of a signed visit", e.tech, change{"table": "visits", "id": "vflag", "fields": map[string]any{"content": map[string]any{"diagnosis": "改了"}}}, "frozen"},
				{"unsigning a signed visit", e.tech, change{"table": "visits", "id": "vflag", "fields": map[string]any{"signed": 0}}, "frozen"},
				{"deleting a signed visit", e.tech, change{"table": "visits", "id": "vsig", "deleted": true}, "frozen"},
				{"changing a signature", e.tech, change{"table": "signatures", "id": "s1", "fields": map[string]any{"signer_name": "李四"}}, "insert_only"},
				{"a second customer signature", e.tech, signature("s2", "vsig", "customer", contentHash("vsig", "j1", 1, "", map[string]string{"diagnosis": "电源板故障"})), "unique"},
				{"a signature over other content", e.tech, signature("s3", "v1", "customer", contentHash("v1", "j1", 1, "", map[string]string{"diagnosis": "别的"})), "signature"},
				{"a signature of another's visit", e.tech, signature("s4", "v2", "customer", contentHash("v2", "j2", 1, "", map[string]string{"diagnosis": "漏水"})), "job_access"},
				// Links and uniqueness.
				{"an amendment of a revision the hub lacks", e.tech, change{"table": "visits", "id": "va", "fields": map[string]any{"job_id": "j1", "revision": 2,
					"supersedes": "nope", "status": "draft", "content": map[string]any{}, "signed": 0}}, "parent_links"},
				{"an amendment of a signed revision without its reason", e.tech, change{"table": "visits", "id": "vam", "fields": map[string]any{"job_id": "j1", "revision": 2,
					"supersedes": "vflag", "status": "draft", "content": map[string]any{"diagnosis": "主板故障，另换电源"}, "signed": 0}}, "content"},
				{"an amendment whose reason is blank", e.tech, change{"table": "visits", "id": "vam", "fields": map[string]any{"job_id": "j1", "revision": 2,
					"supersedes": "vflag", "status": "draft", "content": map[string]any{"diagnosis": "主板故障，另换电源", "amend_reason": "   "}, "signed": 0}}, "content"},
				{"a job number another job has", e.tech, job("j8", "N2-001", "it_onsite", "c1", "张伟", "draft"), "unique"},
				// Blobs.
				{"a document of a blob another centre uploaded", e.tech, change{"table": "documents", "id": "d2", "fields": map[string]any{"job_id": "j1", "kind": "scan", "sha256": f.blobStranger, "size": 80}}, "blob"},
				{"a document of a blob nobody uploaded", e.tech, change{"table": "documents", "id": "d3", "fields": map[string]any{"job_id": "j1", "kind": "scan", "sha256": strings.Repeat("ab", 32), "size": 80}}, "blob"},
				{"a document of a blob named in capitals", e.tech, change{"table": "documents", "id": "d4", "fields": map[string]any{"job_id": "j1", "kind": "scan", "sha256": strings.ToUpper(f.blobTech), "size": 80}}, "blob"},
				{"another centre's row naming someone's blob", e.stranger, change{"table": "documents", "id": "d5", "fields": map[string]any{"job_id": "j3", "kind": "scan", "sha256": f.blobTech, "size": 80}}, "blob"},
				// The clerk writes only through clerk actions.
				{"clerk files by push", e.clerk, change{"table": "jobs", "id": "j4", "fields": map[string]any{"status": "filed", "archive_no": "2026-12-0001", "filed_by": "nobody", "filed_at": "1999-01-01"}}, "ownership"},
				{"clerk returns by push", e.clerk, change{"table": "jobs", "id": "j4", "fields": map[string]any{"status": "returned"}}, "ownership"},
				{"clerk sets j_decision by push", e.clerk, change{"table": "jobs", "id": "j4", "fields": map[string]any{"j_decision": map[string]any{"confirmed": true}}}, "ownership"},
				{"clerk sets doc_checks by push", e.clerk, change{"table": "jobs", "id": "j4", "fields": map[string]any{"doc_checks": map[string]any{"x": map[string]any{}}}}, "ownership"},
				{"clerk edits a customer", e.clerk, change{"table": "customers", "id": "c1", "fields": map[string]any{"note": "x"}}, "ownership"},
				// The admin publishes job types, nothing else.
				{"admin publishes a job type", e.admin, change{"table": "job_types", "id": "plain2", "fields": map[string]any{"definition": map[string]any{"key": "plain2"}}}, ""},
				{"admin pushes a visit", e.admin, visit("vz", "j1", nil), "ownership"},
				{"admin edits a job", e.admin, change{"table": "jobs", "id": "j1", "fields": map[string]any{"summary": "x"}}, "ownership"},
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					r := c.actor.push(c.change)[0]
					switch {
					case c.rule == "" && r.Status != "applied":
						t.Errorf("%s by %s: %s %+v, want applied", c.name, c.actor.name, r.Status, r.Reason)
					case c.rule != "" && (r.Status != "rejected" || r.Reason == nil || r.Reason.Rule != c.rule):
						t.Errorf("%s by %s: %s %+v, want rejected by rule %s", c.name, c.actor.name, r.Status, r.Reason, c.rule)
					}
				})
			}
			// Nothing crossed centres: the other centre's job is as it was.
			for _, r := range e.stranger.pullAll() {
				if r.Table == "jobs" && r.ID == "j3" && string(r.Fields["summary"]) != `"空调不制冷"` {
					t.Errorf("another centre's job changed: %s", r.Fields["summary"])
				}
			}
		})
	}
}

// TestOneBatchKeepsTheGood: a batch with refused changes among valid ones
// applies the valid ones; every refusal is a result, never a failed batch.
func TestOneBatchKeepsTheGood(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newHub(t, store)
			deep := strings.Repeat("[", 1000) + strings.Repeat("]", 1000)
			body := `{"batch_id":"` + newUUID() + `","changes":[` +
				`{"table":"customers","id":"c1","fields":{"name":"王先生"}},` +
				`{"table":"customers","id":"c2","fields":{"phones":` + deep + `}},` +
				`{"table":"customers","id":"c3","fields":{"name":"` + "bad\xff" + `"}},` +
				`{"table":"customers","id":"c4","fields":{"name":"\ud800 lone"}},` +
				`{"table":"customers","id":"c5","fields":{"name":"李女士"}}]}`
			status, a, b := e.tech.pushRaw([]byte(body))
			if status != 200 || len(a.Results) != 5 {
				t.Fatalf("push = %d %s", status, b)
			}
			for i, want := range []string{"applied", "rejected", "rejected", "rejected", "applied"} {
				if r := a.Results[i]; r.Status != want || (want == "rejected" && (r.Reason == nil || r.Reason.Rule != "values")) {
					t.Errorf("change %d: %s %+v, want %s", i, r.Status, r.Reason, want)
				}
			}
		})
	}
}

// TestOneBatchSeesItsOwnChanges: the rules of a change see the changes
// before it in the same batch as if each had been pushed alone (the hub
// reads a batch's rows ahead and writes them together): a second job with
// a number the batch gave, a second signature of one role, content changed
// after its signature; a number the batch gave up is free again.
func TestOneBatchSeesItsOwnChanges(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newHub(t, store)
			e.tech.mustApply(customer("c1", "王先生"))
			hash := contentHash("va", "ja", 1, "", map[string]string{"diagnosis": "电源板故障"})
			res := e.tech.push(
				job("ja", "N-100", "it_onsite", "c1", "张伟", "in_progress"),
				job("jb", "N-100", "it_onsite", "c1", "张伟", "in_progress"),
				visit("va", "ja", map[string]string{"diagnosis": "电源板故障"}),
				signature("sa", "va", "customer", hash),
				signature("sb", "va", "customer", hash),
				change{"table": "visits", "id": "va", "fields": map[string]any{"content": map[string]any{"diagnosis": "改了"}}},
				job("jc", "N-200", "it_onsite", "c1", "张伟", "in_progress"),
				change{"table": "jobs", "id": "jc", "fields": map[string]any{"number": "N-201"}},
				job("jd", "N-200", "it_onsite", "c1", "张伟", "in_progress"),
			)
			for i, want := range []string{"", "unique", "", "", "unique", "frozen", "", "", ""} {
				r := res[i]
				switch {
				case want == "" && r.Status != "applied":
					t.Errorf("change %d: %s %+v, want applied", i, r.Status, r.Reason)
				case want != "" && (r.Status != "rejected" || r.Reason == nil || r.Reason.Rule != want):
					t.Errorf("change %d: %s %+v, want rejected by rule %s", i, r.Status, r.Reason, want)
				}
			}
			// What was applied is on the hub as the batch left it.
			got := map[string]string{}
			for _, r := range e.tech.pullAll() {
				if r.Table == "jobs" {
					got[r.ID] = string(r.Fields["number"])
				}
			}
			if want := map[string]string{"ja": `"N-100"`, "jc": `"N-201"`, "jd": `"N-200"`}; !reflect.DeepEqual(got, want) {
				t.Errorf("jobs on the hub = %v, want %v", got, want)
			}
		})
	}
}

// TestClerkActions: filing, returning and marking go through POST
// /v1/clerk only, which holds the rules of the record: a job is filed only
// when handed in and complete, returned only with a reason, once.
func TestClerkActions(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newHub(t, store)
			seed(e)
			act := func(d *device, body map[string]any) (int, map[string]any) {
				status, _, b := d.do("POST", "/v1/clerk", js(body), nil)
				var out map[string]any
				_ = json.Unmarshal(b, &out)
				return status, out
			}
			cases := []struct {
				name  string
				actor *device
				body  map[string]any
				want  int
			}{
				{"a technician files", e.tech, map[string]any{"job_id": "j4", "action": "file"}, 403},
				{"the admin returns", e.admin, map[string]any{"job_id": "j4", "action": "return", "reason": "x"}, 403},
				{"filing a job in progress", e.clerk, map[string]any{"job_id": "j1", "action": "file"}, 409},
				{"filing a job handed in incomplete", e.clerk, map[string]any{"job_id": "j5", "action": "file"}, 409},
				{"returning without a reason", e.clerk, map[string]any{"job_id": "j4", "action": "return", "reason": "  "}, 400},
				{"filing another centre's job", e.clerk, map[string]any{"job_id": "j3", "action": "file"}, 404},
				{"an unknown action", e.clerk, map[string]any{"job_id": "j4", "action": "shred"}, 400},
				{"filing a complete job", e.clerk, map[string]any{"job_id": "j4", "action": "file", "location": "A柜"}, 200},
				{"filing it again", e.clerk, map[string]any{"job_id": "j4", "action": "file"}, 409},
				{"returning a filed job", e.clerk, map[string]any{"job_id": "j4", "action": "return", "reason": "x"}, 409},
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					if status, out := act(c.actor, c.body); status != c.want {
						t.Errorf("%s: %d %v, want %d", c.name, status, out, c.want)
					}
				})
			}
			if r := e.tech2.push(change{"table": "jobs", "id": "j4", "fields": map[string]any{"summary": "改"}})[0]; r.Status != "rejected" || r.Reason.Rule != "job_access" {
				t.Errorf("technician edits a filed job: %s %+v, want rejected by job_access", r.Status, r.Reason)
			}
		})
	}
}

// TestSignedContentVector: the canonical serialisation as this suite
// writes it from the protocol document gives the document's test vector
// (the hub accepting signatures hashed so is TestRules's "s1").
func TestSignedContentVector(t *testing.T) {
	got := contentHash("v1", "j1", 1, "", map[string]string{"diagnosis": "电源板故障", "result": "已更换电源板"})
	if want := "ec66c5452db20ffe6fdad1f51a7f0d6e9487ff0b48bd2afa7fb8254d82394e5c"; got != want {
		t.Errorf("content hash of the document's example = %s, want %s", got, want)
	}
}

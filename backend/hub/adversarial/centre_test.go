package adversarial

import (
	"encoding/json"
	"strings"
	"testing"
)

// centreRow is a push of the centre's settings row.
func centreRow(id string, fields map[string]any) change {
	return change{"table": "centre_settings", "id": id, "fields": fields}
}

// TestCentreSettings: a centre's settings are its admin's to write. A
// technician, a clerk and an admin of another centre cannot change them
// (the other admin writes its own centre's row, which this centre never
// sees); a value out of its limit or malformed is refused, naming each bad
// field; a logo is a blob its admin uploaded, and every device of the
// centre reads it.
func TestCentreSettings(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newHub(t, store)
			e.run("user", "add", "--db", e.db, "--name", "钱进", "--role", "admin", "--centre", "南区")
			southAdmin := e.enrol("钱进")

			logo := e.admin.upload(png("logo"))
			north := map[string]any{
				"company_name": "北区售后服务中心", "company_address": "北京市海淀区中关村大街 1 号", "company_phone": "010-62345678",
				"logo_sha256": logo, "registration_format": "BJ{JOB}-{N}", "terms": "1. 保修期三个月。\n2. 旧件由客户自行处理。",
				"labour_rate_fen": 12000, "time_zone": "Asia/Shanghai",
			}
			e.admin.mustApply(centreRow("centre", north))

			strangerLogo := e.stranger.upload(png("stranger-logo"))
			cases := []refusal{
				{"technician writes the letterhead", e.tech, centreRow("centre", map[string]any{"company_name": "张伟的公司"}), "ownership", nil},
				{"technician writes the terms", e.tech, centreRow("centre", map[string]any{"terms": "概不负责"}), "ownership", nil},
				{"clerk writes the labour rate", e.clerk, centreRow("centre", map[string]any{"labour_rate_fen": 1}), "ownership", nil},
				{"technician deletes the settings", e.tech, change{"table": "centre_settings", "id": "centre", "deleted": true}, "ownership", nil},
				{"admin writes a second settings row", e.admin, centreRow("other", map[string]any{"company_name": "另一个"}), "content", nil},
				{"admin: a name over its limit", e.admin, centreRow("centre", map[string]any{"company_name": strings.Repeat("名", 400)}), "values", []string{"company_name"}},
				{"admin: terms over their limit", e.admin, centreRow("centre", map[string]any{"terms": strings.Repeat("条", 6000)}), "values", []string{"terms"}},
				{"admin: a rate that is text", e.admin, centreRow("centre", map[string]any{"labour_rate_fen": "120元"}), "values", []string{"labour_rate_fen"}},
				{"admin: several values malformed", e.admin, centreRow("centre", map[string]any{
					"company_phone": "12345", "time_zone": "Mars/Olympus", "registration_format": "FW", "labour_rate_fen": -1,
				}), "content", []string{"company_phone", "labour_rate_fen", "registration_format", "time_zone"}},
				{"admin: terms over 2000 characters", e.admin, centreRow("centre", map[string]any{"terms": strings.Repeat("条", 2001)}), "content", []string{"terms"}},
				{"admin: a logo named by no hash", e.admin, centreRow("centre", map[string]any{"logo_sha256": "logo.png"}), "blob", nil},
				{"admin: another user's blob as the logo", e.admin, centreRow("centre", map[string]any{"logo_sha256": strangerLogo}), "blob", nil},
			}
			expectRefused(t, cases)

			// Another centre's admin writes its own centre's settings, never these.
			southAdmin.mustApply(centreRow("centre", map[string]any{"company_name": "南区服务中心"}))
			settingsOf := func(d *device) map[string]any {
				var got map[string]any
				for _, r := range d.pullAll() {
					if r.Table == "centre_settings" {
						if got != nil || r.ID != "centre" {
							t.Fatalf("%s pulls a second settings row %s", d.name, r.ID)
						}
						raw, _ := json.Marshal(r.Fields)
						_ = json.Unmarshal(raw, &got)
					}
				}
				return got
			}
			for _, d := range []*device{e.tech, e.clerk, e.admin} {
				got := settingsOf(d)
				for k, want := range north {
					if w, _ := json.Marshal(want); string(mustJSON(got[k])) != string(w) {
						t.Errorf("%s pulls %s = %v, want %v", d.name, k, got[k], want)
					}
				}
			}
			if got := settingsOf(e.stranger); got["company_name"] != "南区服务中心" {
				t.Errorf("南区 pulls %v, want its own centre's settings", got)
			}
			// Every device of the centre reads the logo through the row; another centre's does not.
			if status, _, body := e.tech.do("GET", "/v1/blobs/"+logo, nil, nil); status != 200 || string(body) != string(png("logo")) {
				t.Errorf("technician reads the centre's logo: %d", status)
			}
			if status, _, _ := e.stranger.do("GET", "/v1/blobs/"+logo, nil, nil); status != 404 {
				t.Errorf("another centre reads the logo: %d, want 404", status)
			}
		})
	}
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

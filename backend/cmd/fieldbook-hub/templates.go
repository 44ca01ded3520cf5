package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/hub"
	"fieldbook/backend/jobtype"
	"fieldbook/backend/protocol"
)

// published counts what a template import put on the hub.
type published struct{ JobTypes, Templates int }

// importTemplates checks a bundle of job types and checklist templates and
// publishes it to every device of the centre: template versions first, each
// a row keyed by key@vN that never changes once published, then the job
// types that use them, each a row keyed by its key. A bundle that does not
// parse publishes nothing; a template version already published with other
// content is refused.
func importTemplates(ctx context.Context, svc *hub.Service, centre string, data []byte) (published, error) {
	if strings.TrimSpace(centre) == "" {
		return published{}, fmt.Errorf("templates import: --centre is required")
	}
	b, err := jobtype.Parse(data)
	if err != nil {
		return published{}, err
	}
	req := protocol.PushRequest{BatchID: uuid.NewString()}
	for _, t := range b.Templates {
		def, err := json.Marshal(t)
		if err != nil {
			return published{}, err
		}
		key, _ := json.Marshal(t.Key)
		req.Changes = append(req.Changes, protocol.Change{Table: "checklist_templates", ID: fmt.Sprintf("%s@v%d", t.Key, t.Version),
			Fields: map[string]json.RawMessage{"key": key, "version": json.RawMessage(fmt.Sprint(t.Version)), "definition": def}})
	}
	for _, jt := range b.JobTypes {
		def, err := json.Marshal(jt)
		if err != nil {
			return published{}, err
		}
		req.Changes = append(req.Changes, protocol.Change{Table: "job_types", ID: jt.Key, Fields: map[string]json.RawMessage{"definition": def}})
	}
	p := hub.Principal{User: hub.User{Name: "admin", Role: hub.RoleAdmin, Centre: centre}, Device: hub.Device{ID: "cli:templates"}}
	resp, err := svc.Push(ctx, p, req)
	if err != nil {
		return published{}, err
	}
	var res published
	for _, r := range resp.Results {
		switch {
		case r.Status == protocol.StatusApplied && r.Table == "job_types":
			res.JobTypes++
		case r.Status == protocol.StatusApplied:
			res.Templates++
		case r.Table == "checklist_templates" && r.Reason != nil && r.Reason.Code == fieldbook.ECONFLICT:
			return res, fieldbook.Errorf(fieldbook.ECONFLICT,
				"模板 "+r.ID+" 已用不同的内容发布过；修改模板时请提高版本号。",
				"Template "+r.ID+" was already published with other content; raise the version when changing a template.")
		default:
			msg := r.Status
			if r.Reason != nil {
				msg = r.Reason.MessageEN
			}
			return res, fmt.Errorf("templates import: %s %s: %s", r.Table, r.ID, msg)
		}
	}
	return res, nil
}

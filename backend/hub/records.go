package hub

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"fieldbook/backend/archive"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
	"fieldbook/backend/schema"
)

// checkContent holds a visit's content to the limits the app holds every
// draft to (the length of each text, the number of lines).
func checkContent(c *change) (*fieldbook.Error, error) {
	switch c.t.Name {
	case "centre_settings":
		return checkCentreSettings(c)
	case "catalogue_items":
		return checkCatalogueItem(c)
	case "complaints":
		return checkComplaint(c)
	}
	if c.t.Name == "checklists" {
		return checkChecklistAnswers(c)
	}
	if c.t.Name != "visits" || !slices.Contains(c.touched, "content") {
		return nil, nil
	}
	v, ok := c.batch.visitOf(&Row{ID: c.in.ID, Fields: c.merged})
	if !ok {
		return fieldbook.Errorf(fieldbook.EINVALID, "服务单内容的格式不正确。", "The service record's content is malformed."), nil
	}
	if strings.TrimSpace(v.AmendReason) == "" && (intField(c.merged, "signed") == 1 || 0 < c.p.Schema && c.p.Schema < schema.AmendReasonSince) {
		// Signed by a release from before amendments gave their reason: its
		// signatures cover it as it is (scheme v1), and it can no longer
		// change; or drafted by such a release, which cannot give one.
		// Every other amendment needs its reason.
		v.Supersedes = ""
	}
	var fe *fieldbook.Error
	if err := v.CheckDraft(); errors.As(err, &fe) {
		return fe, nil
	} else if err != nil {
		return nil, err
	}
	return nil, nil
}

// checkChecklistAnswers holds a checklist's answers to what the app stores
// (jobtype.CheckAnswers): answers to items of its template, a date written
// as a date, texts and lists within their limits. A template the hub does
// not know (neither published on it nor built in; a newer app's) leaves the
// answers to the values rule's limits.
func checkChecklistAnswers(c *change) (*fieldbook.Error, error) {
	if !slices.Contains(c.touched, "answers") && !slices.Contains(c.touched, "template_key") && !slices.Contains(c.touched, "template_version") {
		return nil, nil
	}
	t, ok, err := c.svc.template(c, textField(c.merged, "template_key"), int(intField(c.merged, "template_version")))
	if err != nil || !ok {
		return nil, err
	}
	var answers map[string]jobtype.Answer
	if raw := c.merged["answers"]; len(raw) > 0 && string(raw) != "null" {
		if err := json.Unmarshal(raw, &answers); err != nil {
			return fieldbook.Errorf(fieldbook.EINVALID, "检查单答案的格式不正确。", "The checklist's answers are malformed."), nil
		}
	}
	errs := jobtype.CheckAnswers(t, answers)
	if len(errs) == 0 {
		return nil, nil
	}
	e := fieldbook.Errorf(fieldbook.EINVALID, "检查单的答案不符合要求："+errs[0].Message.ZH, "The checklist's answers are not acceptable: "+errs[0].Message.EN)
	e.Fields = errs
	return e, nil
}

// template is the checklist template version the centre's checklists may
// use: one an admin published on the hub, else a built-in or retired
// built-in one.
func (s *Service) template(c *change, key string, version int) (jobtype.Template, bool, error) {
	row, err := c.tx.Row(c.ctx, "checklist_templates", fmt.Sprintf("%s@v%d", key, version))
	if err != nil {
		return jobtype.Template{}, false, err
	}
	if row != nil && !row.Deleted {
		var t jobtype.Template
		if err := json.Unmarshal(row.Fields["definition"], &t); err == nil && t.Key == key && t.Version == version {
			return t, true, nil
		}
	}
	t, ok := jobtype.BuiltinTemplate(key, version)
	return t, ok, nil
}

// checkComplete repeats, when a job is filed, the completeness check the
// clerk's app ran: only the J problems (the customer's own signature
// missing, by proxy or refused) may remain.
func checkComplete(c *change) (*fieldbook.Error, error) {
	if c.t.Name != "jobs" || !slices.Contains(c.changed, "status") || textField(c.merged, "status") != schema.StatusFiled {
		return nil, nil
	}
	res, err := c.svc.completeness(c, &Row{ID: c.in.ID, Fields: c.merged})
	if err != nil {
		return nil, err
	}
	blocking := res.Blocking()
	if len(blocking) == 0 {
		return nil, nil
	}
	e := fieldbook.Errorf(fieldbook.ECONFLICT, "工单资料不完整，不能归档：", "The job's documents are incomplete; it cannot be filed: ")
	var zh, en []string
	for _, p := range blocking {
		zh, en = append(zh, p.ZH), append(en, p.EN)
		e.Fields = append(e.Fields, fieldbook.FieldError{Field: "documents." + p.Doc, Message: p.Message})
	}
	e.ZH += strings.Join(zh, "；") + "。"
	e.EN += strings.Join(en, "; ") + "."
	return e, nil
}

// completeness checks the job's documents on the hub's rows, as the
// desktop's store does on its own (archive.Records).
func (s *Service) completeness(c *change, job *Row) (archive.Result, error) {
	jt, err := s.jobType(c, textField(job.Fields, "job_type"))
	if err != nil {
		return archive.Result{}, err
	}
	rows, err := c.tx.JobRows(c.ctx, job.ID)
	if err != nil {
		return archive.Result{}, err
	}
	recs := archive.Records{Checklists: map[string]string{}, Signatures: map[string][]archive.Sig{}, Scans: map[string]int{}}
	amended := map[string]bool{}
	var visits []*Row
	for _, r := range rows {
		if r.Deleted {
			continue
		}
		switch r.Table {
		case "visits":
			visits = append(visits, r)
			if sup := textField(r.Fields, "supersedes"); sup != "" {
				amended[sup] = true
			}
		case "checklists":
			recs.Checklists[textField(r.Fields, "document_key")] = r.ID
		case "attachments":
			if textField(r.Fields, "checklist_id") == "" {
				recs.Scans[textField(r.Fields, "item_key")]++
			}
		}
	}
	// The latest revision: nobody amended it, created last.
	var latest *Row
	for _, v := range visits {
		if !amended[v.ID] && (latest == nil || textField(v.Fields, "created_at") > textField(latest.Fields, "created_at")) {
			latest = v
		}
	}
	if latest != nil {
		v, _ := visitOf(latest)
		recs.Visit = &archive.VisitFacts{ID: latest.ID, WorkPerformed: v.WorkPerformed, Result: v.Result, Plate: v.Asset.Plate, Serial: v.Asset.Serial}
	}
	// Signatures in signing order.
	var sigs []*Row
	for _, r := range rows {
		if r.Table == "signatures" && !r.Deleted {
			sigs = append(sigs, r)
		}
	}
	slices.SortStableFunc(sigs, func(a, b *Row) int {
		return strings.Compare(textField(a.Fields, "signed_at"), textField(b.Fields, "signed_at"))
	})
	for _, r := range sigs {
		parent := textField(r.Fields, "visit_id")
		if parent == "" {
			parent = textField(r.Fields, "checklist_id")
		}
		recs.Signatures[parent] = append(recs.Signatures[parent], archive.Sig{
			Role: textField(r.Fields, "role"), Kind: textField(r.Fields, "kind"), SignerName: textField(r.Fields, "signer_name")})
	}
	flags := map[string]bool{}
	_ = json.Unmarshal(job.Fields["flags"], &flags)
	checks := map[string]archive.DocCheck{}
	_ = json.Unmarshal(job.Fields["doc_checks"], &checks)
	return archive.Check(jt, flags, archive.WithChecks(recs.Docs(jt), checks)), nil
}

// jobType is the centre's job type of that key: the one an admin published
// on the hub, else the built-in one.
func (s *Service) jobType(c *change, key string) (jobtype.JobType, error) {
	row, err := c.tx.Row(c.ctx, "job_types", key)
	if err != nil {
		return jobtype.JobType{}, err
	}
	if row != nil && !row.Deleted {
		var jt jobtype.JobType
		if err := json.Unmarshal(row.Fields["definition"], &jt); err == nil {
			return jt, nil
		}
	}
	if jt, ok := jobtype.Builtin().JobType(key); ok {
		return jt, nil
	}
	return jobtype.JobType{Key: key, Name: jobtype.Text{ZH: key, EN: key}}, nil
}

// checkCentreSettings holds a centre's settings to what the app holds them
// to, field by field: one row per centre (id "centre"), a phone number, a
// time zone the hub knows, a registration number format with its job
// number and sequence, a labour rate in range, terms within their length.
func checkCentreSettings(c *change) (*fieldbook.Error, error) {
	if c.in.ID != fieldbook.CentreRowID {
		return fieldbook.Errorf(fieldbook.EINVALID, "服务中心设置只有一条记录，编号为 centre。", "A centre's settings are one row, with the id centre."), nil
	}
	var cs fieldbook.CentreSettings
	raw, err := json.Marshal(c.merged)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, &cs); err != nil {
		return fieldbook.Errorf(fieldbook.EINVALID, "服务中心设置的格式不正确。", "The centre settings are malformed."), nil
	}
	var fe *fieldbook.Error
	if err := cs.Validate(); errors.As(err, &fe) {
		return fe, nil
	} else if err != nil {
		return nil, err
	}
	return nil, nil
}

// checkCatalogueItem holds an item of a centre's catalogue to what the app
// holds it to: its id is its kind and code (so a code is unique within its
// kind and never changes), a code, name, unit and price within their
// limits, and pinyin initials that are the name's. A deletion is checked
// for nothing more.
func checkCatalogueItem(c *change) (*fieldbook.Error, error) {
	if c.deleted {
		return nil, nil
	}
	var row struct {
		fieldbook.CatalogueItem
		Active int `json:"active"` // a flag on the wire
	}
	raw, err := json.Marshal(c.merged)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, &row); err != nil {
		return fieldbook.Errorf(fieldbook.EINVALID, "目录条目的格式不正确。", "The catalogue item is malformed."), nil
	}
	it := row.CatalogueItem
	var fe *fieldbook.Error
	if err := it.Validate(); errors.As(err, &fe) {
		return fe, nil
	} else if err != nil {
		return nil, err
	}
	if c.in.ID != fieldbook.CatalogueID(it.Kind, it.Code) {
		return fieldbook.Errorf(fieldbook.EINVALID, "目录条目的编号须为“类别:编码”（"+fieldbook.CatalogueID(it.Kind, it.Code)+"）。",
			"A catalogue item's id is its kind and code ("+fieldbook.CatalogueID(it.Kind, it.Code)+")."), nil
	}
	return nil, nil
}

// complaintOf reads a complaint's fields as the app's form.
func complaintOf(id string, fields map[string]json.RawMessage) (fieldbook.Complaint, bool) {
	var cp fieldbook.Complaint
	raw, err := json.Marshal(fields)
	if err != nil || json.Unmarshal(raw, &cp) != nil {
		return cp, false
	}
	cp.ID = id
	return cp, true
}

// checkComplaint holds a customer complaint to what the app holds it to:
// the form field by field (what each state needs, a compensation that is
// not negative), a state that only moves forward and a closed complaint
// that no longer changes, the customer of the job it is about, and the
// pusher as the person who took it (a new complaint) and who closed it.
// A complaint is closed, never deleted.
func checkComplaint(c *change) (*fieldbook.Error, error) {
	if c.deleted {
		return forbidden("投诉不能删除；处理完毕后请结案。", "A complaint is never deleted; close it once it is settled."), nil
	}
	after, ok := complaintOf(c.in.ID, c.merged)
	if !ok {
		return fieldbook.Errorf(fieldbook.EINVALID, "投诉的格式不正确。", "The complaint is malformed."), nil
	}
	var before *fieldbook.Complaint
	if c.stored != nil {
		b, ok := complaintOf(c.in.ID, c.stored.Fields)
		if !ok {
			return nil, fmt.Errorf("complaint %s on the hub is malformed", c.in.ID)
		}
		before = &b
	}
	if err := fieldbook.ComplaintChange(before, after); err != nil {
		return refusal(err)
	}
	if err := after.Validate(); err != nil {
		return refusal(err)
	}
	var v fieldbook.Validation
	if before == nil && after.ReceivedBy != c.p.User.Name {
		v.Add("received_by", "受理人须是登记投诉的用户本人。", "Who took the complaint is the user who records it.")
	}
	if after.State == fieldbook.ComplaintClosed && (before == nil || before.State != fieldbook.ComplaintClosed) && after.ClosedBy != c.p.User.Name {
		v.Add("closed_by", "结案人须是结案的用户本人。", "Who closed the complaint is the user who closes it.")
	}
	job, err := c.tx.Row(c.ctx, "jobs", after.JobID)
	if err != nil {
		return nil, err
	}
	if job != nil && textField(job.Fields, "customer_id") != after.CustomerID {
		v.Add("customer_id", "投诉客户须是该工单的客户。", "The complaining customer is the job's customer.")
	}
	return v.Refusal(), nil
}

// refusal is the *fieldbook.Error a domain check returned, or err itself
// when it is no refusal.
func refusal(err error) (*fieldbook.Error, error) {
	var fe *fieldbook.Error
	if errors.As(err, &fe) {
		return fe, nil
	}
	return nil, err
}

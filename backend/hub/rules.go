package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/protocol"
	"fieldbook/backend/schema"
)

// Every change, whatever route brought it (a push, a clerk action, an
// admin's import), passes the same rules in this order. The request has
// been authenticated and every read and write is scoped to the user's
// service centre before the first rule runs. A rule refuses with a
// *RuleError naming it; the change is then rejected and kept, nothing of
// it applied.
var rules = []rule{
	{RuleTable, checkTable},           // a synced table the client's schema knows
	{RuleRowID, checkRowID},           // ids are short printable ASCII
	{RuleValues, checkValues},         // known fields; kind, enum, size, depth, encoding
	{RuleCentre, mergeStored},         // the hub's row, of the user's centre, merged field by field
	{RuleOwnership, checkOwnership},   // role × table × field: who may write what, by which route
	{RuleFiling, checkFiling},         // filing only through clerk actions, from a submitted job
	{RuleDispatch, checkDispatch},     // jobs are given to technicians by the service desk
	{RuleWholeRow, checkWholeRow},     // a new row comes whole
	{RuleInsertOnly, checkInsertOnly}, // signatures, templates and audit events never change
	{RuleFrozen, checkFrozen},         // signed content never changes
	{RuleJobAccess, checkJobAccess},   // the job is the technician's, on the hub, not filed
	{RuleAnswer, checkAnswer},         // answers to a dispatch are its technician's, well-formed
	{RuleLinks, checkLinks},           // parents on the hub, in the same job
	{RuleUnique, checkUnique},         // job numbers, one amendment per revision, one checklist per document, one signature per role
	{RuleSignature, checkSignature},   // a signature covers the content the hub holds
	{RuleBlob, checkBlob},             // a referenced blob is the user's or readable to them
	{RuleContent, checkContent},       // record content within the app's limits
	{RuleComplete, checkComplete},     // a job is filed only with its documents complete
}

// Rule names, as a refusal reports them (protocol.Reason.Rule).
const (
	RuleTable      = "table"
	RuleRowID      = "row_id"
	RuleValues     = "values"
	RuleCentre     = "centre"
	RuleOwnership  = "ownership"
	RuleFiling     = "filing"
	RuleDispatch   = "dispatch"
	RuleWholeRow   = "whole_row"
	RuleInsertOnly = "insert_only"
	RuleFrozen     = "frozen"
	RuleJobAccess  = "job_access"
	RuleAnswer     = "answer"
	RuleLinks      = "parent_links"
	RuleUnique     = "unique"
	RuleSignature  = "signature"
	RuleBlob       = "blob"
	RuleContent    = "content"
	RuleComplete   = "complete"
)

type rule struct {
	name  string
	check func(*change) (*fieldbook.Error, error)
}

// RuleError is a change refused by a rule.
type RuleError struct {
	Rule string
	*fieldbook.Error
}

func (e *RuleError) Unwrap() error { return e.Error }

// route is how a change reached the hub.
type route int

const (
	routePush  route = iota // POST /v1/push, or an admin's import
	routeClerk              // a clerk action, POST /v1/clerk
)

// change is one change on its way through the rules.
type change struct {
	ctx   context.Context
	tx    WriteTx
	svc   *Service
	p     Principal
	route route
	in    protocol.Change
	now   time.Time
	batch *batch

	t        *schema.Table
	incoming map[string]json.RawMessage // canonical pushed values, and "deleted"
	stored   *Row                       // the hub's row before; nil for a new row
	merged   map[string]json.RawMessage // the fields after (a conflicting field keeps the hub's value)
	deleted  bool
	touched  []string // fields (and "deleted") whose value the change alters, conflicts included
	changed  []string // touched fields that apply: not in conflict
	// fieldSeqs are the per-key seqs of content merged per key, to store.
	conflicts []protocol.FieldConflict
	jobID     string // the job the row belongs to after the change
}

// batch is what the rules remember across the changes of one batch.
type batch struct {
	id string
	// signs holds checkSignature's findings, by record, its seq and the
	// hash: the signatures of one record (the customer's and the
	// technician's) check its content once.
	signs map[string]bool
	// users holds the store's answers about the users jobs are given to
	// (checkDispatch): a batch of jobs names the same few again and again.
	users map[string]userAnswer
	// contents holds visits' content as decoded, by its text: the content
	// rule and the signatures' (of the same visit, often in the same
	// batch) decode it once.
	contents map[string]fieldbook.Visit
}

// visitOf is the package's visitOf, each content decoded once a batch.
func (b *batch) visitOf(r *Row) (fieldbook.Visit, bool) {
	content := r.Fields["content"]
	v, ok := b.contents[string(content)]
	if !ok {
		if json.Unmarshal(content, &v) != nil {
			return v, false
		}
		if b.contents == nil {
			b.contents = map[string]fieldbook.Visit{}
		}
		b.contents[string(content)] = v
	}
	return rowVisit(v, r), true
}

type userAnswer struct {
	u   User
	err error
}

// user is the store's User, asked once a batch for each name: a user read
// outside the write, as the store's User reads it, at the batch's start.
func (b *batch) user(ctx context.Context, store Store, name string) (User, error) {
	if a, ok := b.users[name]; ok {
		return a.u, a.err
	}
	u, err := store.User(ctx, name)
	if err != nil && fieldbook.ErrorCode(err) != fieldbook.ENOTFOUND {
		return u, err // a failure is not kept
	}
	if b.users == nil {
		b.users = map[string]userAnswer{}
	}
	b.users[name] = userAnswer{u, err}
	return u, err
}

// apply passes one change through the rules and, when none refuses,
// writes it. A returned error is a storage failure that aborts the
// request; a refusal is a rejected result, recorded with the change.
func (s *Service) apply(ctx context.Context, tx WriteTx, p Principal, rt route, b *batch, in protocol.Change, now time.Time) (protocol.Result, error) {
	c := &change{ctx: ctx, tx: tx, svc: s, p: p, route: rt, in: in, now: now, batch: b}
	for _, r := range rules {
		ferr, err := r.check(c)
		if err != nil {
			return protocol.Result{}, fmt.Errorf("rule %s: %w", r.name, err)
		}
		if ferr != nil {
			return c.reject(&RuleError{Rule: r.name, Error: ferr})
		}
	}
	return c.write()
}

// reject records the refused change with its reason.
func (c *change) reject(rerr *RuleError) (protocol.Result, error) {
	res := protocol.Result{Table: c.in.Table, ID: c.in.ID, Status: protocol.StatusRejected,
		Reason: &protocol.Reason{Code: rerr.Code, Rule: rerr.Rule, Message: rerr.ZH, MessageEN: rerr.EN, Fields: rerr.Fields}}
	if c.stored != nil {
		res.Seq, res.Version = c.stored.Seq, c.stored.Version
	}
	// Kept for a person to see; bytes that are not UTF-8 (refused for
	// that) are kept as U+FFFD, which every store can hold.
	raw, _ := json.Marshal(c.in)
	raw = bytes.ToValidUTF8(raw, []byte("\uFFFD"))
	return res, c.tx.AddRejection(c.ctx, Rejection{
		Centre: c.p.User.Centre, Device: c.p.Device.ID, User: c.p.User.Name, BatchID: c.batch.id,
		Table: c.in.Table, RowID: c.in.ID, Change: raw,
		Code: rerr.Code, Rule: rerr.Rule, Message: rerr.ZH, MessageEN: rerr.EN, CreatedAt: c.now,
	})
}

func checkTable(c *change) (*fieldbook.Error, error) {
	c.t = schema.Lookup(c.in.Table)
	if c.t == nil || !schema.KnownTo(c.p.Schema, c.t.Name) {
		return fieldbook.Errorf(fieldbook.EINVALID, "未知的表“"+c.in.Table+"”。", "Unknown table "+c.in.Table+"."), nil
	}
	return nil, nil
}

var rowID = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._:@-]*$`)

func checkRowID(c *change) (*fieldbook.Error, error) {
	if len(c.in.ID) > schema.MaxIDBytes || !rowID.MatchString(c.in.ID) {
		return fieldbook.Errorf(fieldbook.EINVALID,
			fmt.Sprintf("记录编号无效：只能用英文字母、数字和 . _ : @ -，最多 %d 个字符。", schema.MaxIDBytes),
			fmt.Sprintf("Invalid row id: letters, digits and . _ : @ - only, at most %d characters.", schema.MaxIDBytes)), nil
	}
	return nil, nil
}

func checkValues(c *change) (*fieldbook.Error, error) {
	c.incoming = make(map[string]json.RawMessage, len(c.in.Fields)+1)
	var v fieldbook.Validation
	for _, name := range slices.Sorted(maps.Keys(c.in.Fields)) {
		f, ok := c.t.Field(name)
		if !ok {
			v.Add(name, "未知字段。", "Unknown field.")
			continue
		}
		val, err := canonical(f, c.in.Fields[name])
		if err != nil {
			v.Add(name, "值无效："+err.Error(), "Invalid value: "+err.Error())
			continue
		}
		c.incoming[name] = val
	}
	for k := range c.in.Keys {
		if f, ok := c.t.Field(k); !ok || !f.MergeKeys {
			v.Add(k, "只有按键合并的字段可以列出修改的键。", "Only a field merged by key may list its changed keys.")
		}
	}
	if c.in.Deleted != nil {
		c.incoming["deleted"] = boolJSON(*c.in.Deleted)
	}
	for _, k := range slices.Sorted(maps.Keys(c.in.Replay)) {
		if _, ok := c.incoming[k]; !ok || c.in.Replay[k] < 1 {
			v.Add("replay."+k, "只能为本次上传的字段给出大于 0 的原序号。", "A replay sequence must be above 0 and name a field this change sends.")
		}
	}
	if fe := v.Refusal(); fe != nil {
		return fe, nil
	}
	return nil, nil
}

// mergeStored reads the hub's row — every read is of the user's centre —
// and merges the change into it field by field (merge.go).
func mergeStored(c *change) (*fieldbook.Error, error) {
	var err error
	if c.stored, err = c.tx.Row(c.ctx, c.t.Name, c.in.ID); err != nil {
		return nil, err
	}
	if c.stored != nil && c.stored.Centre != c.p.User.Centre {
		return forbidden("这条记录属于另一个服务中心。", "This record belongs to another service centre."), nil
	}
	c.merge()
	return nil, nil
}

func checkOwnership(c *change) (*fieldbook.Error, error) {
	role := c.p.User.Role
	if c.route == routeClerk {
		// The hub builds clerk actions itself: filing fields and the status.
		for _, f := range c.touched {
			def, _ := c.t.Field(f)
			if c.t.Name != "jobs" || c.stored == nil || !(def.Filing || def.Audit || f == "status") {
				return forbidden("归档操作只能修改已有工单的归档字段。", "A clerk action changes only the filing fields of an existing job."), nil
			}
		}
		return nil, nil
	}
	if !c.t.WrittenBy(role) {
		switch {
		case role == RoleClerk:
			return forbidden("档案管理员的修改（归档、退回、J 标记、核对原件）只能通过归档操作完成，不能直接上传。",
				"An archive clerk's changes (file, return, J mark, checking originals) are made through clerk actions only, not pushed."), nil
		case role == RoleAdmin:
			return forbidden("管理员账户只能发布工单类型、模板和服务中心设置，不能修改服务记录。", "An administrator account may publish job types, templates and the centre's settings only, not change service records."), nil
		case c.t.Config:
			return forbidden("只有管理员可以修改工单类型和模板。", "Only an administrator may change job types and templates."), nil
		case c.t.Name == "centre_settings":
			return forbidden("只有服务中心管理员可以修改服务中心设置。", "Only the centre's administrator may change the centre's settings."), nil
		case !c.t.WrittenBy(RoleAdmin) && !c.t.WrittenBy(RoleTechnician):
			return forbidden("审计记录由同步服务器生成，不能上传。", "Audit records are written by the hub and cannot be pushed."), nil
		}
		return forbidden("您的角色不能修改“"+c.t.Name+"”。", "Your role may not change "+c.t.Name+"."), nil
	}
	for _, f := range c.touched {
		def, _ := c.t.Field(f)
		if f == "deleted" || def.Audit || def.WrittenBy(role) || c.nothingOverNothing(f) {
			continue
		}
		if def.Filing {
			return forbidden("归档字段“"+f+"”只能由档案管理员通过归档操作修改。", "The filing field "+f+" is changed only by an archive clerk's actions."), nil
		}
		return forbidden("您的角色不能修改字段“"+f+"”。", "Your role may not change the field "+f+"."), nil
	}
	return nil, nil
}

// nothingOverNothing reports whether the change writes nothing (null, "",
// [] or {}) where the hub holds nothing: a whole row a device pushes carries
// every column it has, and another role's empty field in it is no change of
// that field (a technician's new job holds the service desk's empty
// follow-up, the desk's new job the technician's empty flags).
func (c *change) nothingOverNothing(f string) bool {
	nothing := func(raw json.RawMessage) bool {
		switch string(raw) {
		case "", "null", `""`, "[]", "{}":
			return true
		}
		return false
	}
	cur, _ := c.current(f)
	return nothing(c.incoming[f]) && nothing(cur)
}

// checkFiling keeps filing to the clerk's actions: by a push no job becomes
// filed or returned (the technician's own value of a status the clerk set
// meanwhile is a conflict, not a refusal), and a clerk files or returns
// only a job handed in.
func checkFiling(c *change) (*fieldbook.Error, error) {
	if c.t.Name != "jobs" || !slices.Contains(c.touched, "status") {
		return nil, nil
	}
	to := textField(c.incoming, "status")
	if c.route == routePush {
		if to == schema.StatusFiled || to == schema.StatusReturned {
			return forbidden("只有档案管理员可以归档或退回工单。", "Only an archive clerk may file or return a job."), nil
		}
		return nil, nil
	}
	if from := textField(c.stored.Fields, "status"); from != schema.StatusSubmitted || (to != schema.StatusFiled && to != schema.StatusReturned) {
		return fieldbook.Errorf(fieldbook.ECONFLICT, "只有已提交的工单可以归档或退回（当前状态："+from+"）。",
			"Only a submitted job can be filed or returned (it is "+from+")."), nil
	}
	return nil, nil
}

func checkWholeRow(c *change) (*fieldbook.Error, error) {
	if c.stored != nil {
		return nil, nil
	}
	// A new row comes whole (the device's insert sends every column, a
	// job's status aside: merge makes it a draft); a part of one is an
	// edit of a row the hub refused earlier, or not yet sent again after
	// a restore.
	var missing []string
	for _, f := range c.t.Fields {
		if _, ok := c.merged[f.Name]; !ok && f.Required {
			missing = append(missing, f.Name)
		}
	}
	if len(missing) > 0 {
		return fieldbook.Errorf(fieldbook.ENOTFOUND,
			"这条记录不在同步服务器上（此前未被接收），本次修改未上传："+strings.Join(missing, ", "),
			"This record is not on the hub (it was refused before); this change was not uploaded: "+strings.Join(missing, ", ")), nil
	}
	return nil, nil
}

func checkInsertOnly(c *change) (*fieldbook.Error, error) {
	if !c.t.InsertOnly || c.stored == nil || len(c.touched) == 0 {
		return nil, nil
	}
	if c.t.Config {
		return fieldbook.Errorf(fieldbook.ECONFLICT, "已发布的模板版本不能修改，请提高版本号。", "A published template version cannot change; raise its version."), nil
	}
	return fieldbook.Errorf(fieldbook.ECONFLICT, "签字一经保存不能修改。", "A signature cannot be changed once saved."), nil
}

// checkFrozen refuses changes to signed content: a record whose signed flag
// is 1 or that a signature on the hub signs, whatever its flag says.
func checkFrozen(c *change) (*fieldbook.Error, error) {
	if len(c.t.SignedImmutable) == 0 || c.stored == nil {
		return nil, nil
	}
	signed := intField(c.stored.Fields, "signed") == 1
	if !signed {
		sigs, err := c.tx.LookupRows(c.ctx, "signatures", c.stored.ID)
		if err != nil {
			return nil, err
		}
		signed = len(sigs) > 0
	}
	if !signed {
		return nil, nil
	}
	for _, f := range c.touched {
		if slices.Contains(c.t.SignedImmutable, f) || f == "deleted" || (f == "signed" && intField(c.merged, "signed") == 0) {
			return fieldbook.Errorf(fieldbook.ECONFLICT,
				"该记录已签字，内容不能再修改；如需更正，请新建修订并重新签字。",
				"The record is signed and its content can no longer change; to correct it, make an amendment and sign it again."), nil
		}
	}
	return nil, nil
}

func boolJSON(b bool) json.RawMessage {
	if b {
		return json.RawMessage("true")
	}
	return json.RawMessage("false")
}

package archive

import (
	"slices"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

// Sig is a signature on a registered document: who (Role), how (Kind:
// fieldbook.SignReal, SignProxy, SignStamp or SignRefused) and, for a
// proxy, who signed on the role's behalf.
type Sig struct {
	Role       string `json:"role"`
	Kind       string `json:"kind"`
	SignerName string `json:"signer_name,omitempty"`
}

// Doc is one document registered for a job: made in Fieldbook or a scan of
// the paper original, with what the clerk (or the app, for electronic
// documents) found on it.
type Doc struct {
	Key    string `json:"key"`    // document key of the job type, e.g. settlement
	Source string `json:"source"` // SourceElectronic or SourceScan
	// Order is the position in the bundle as registered, 1-based; 0 when
	// unknown (such a document is not checked for order).
	Order      int      `json:"order"`
	Signatures []Sig    `json:"signatures,omitempty"`
	Stamps     []string `json:"stamps,omitempty"` // jobtype.StampBusiness, StampFinancePaid
	// Fields are facts checked on the document, e.g. "plate_or_vin"; see
	// Rules.DocFields.
	Fields map[string]bool `json:"fields,omitempty"`
}

// Problem codes. They are stable strings: the UI and the hub see them.
const (
	CodeMissingDocument  = "missing_document"  // a required document is not registered
	CodeOutOfOrder       = "out_of_order"      // a document is not in binding order
	CodeMissingSignature = "missing_signature" // a role that must sign did not
	CodeProxySignature   = "proxy_signature"   // the customer's signature is a proxy's (代签)
	CodeRefusedSignature = "refused_signature" // the role refused to sign (拒签)
	CodeStampSignature   = "stamp_signature"   // the customer stamped where a handwritten signature is required
	CodeInvalidSignature = "invalid_signature" // a signature of an unknown kind
	CodeMissingStamp     = "missing_stamp"     // a stamp the document needs is not on it
	CodeMissingField     = "missing_field"     // a per-document rule of Rules.DocFields fails

	// Notes: reported, but the job stays complete.
	CodeUnknownDocument = "unknown_document" // a document the job type does not list
	CodeFlagNotSet      = "flag_not_set"     // a conditional document is present without its flag
)

// Problem is one missing or wrong item of a job's document set.
type Problem struct {
	Code  string `json:"code"`
	Doc   string `json:"doc,omitempty"`   // document key; "" for the job as a whole
	Role  string `json:"role,omitempty"`  // signature problems
	Stamp string `json:"stamp,omitempty"` // missing_stamp
	Field string `json:"field,omitempty"` // missing_field
	// For out_of_order: the document's position in the bundle as
	// registered and where it belongs (both 1-based among the ordered
	// documents), and the document it belongs after (or, when After is
	// empty, before).
	// J: the problem is the customer's own signature (missing, proxy,
	// refused), which makes the J mark. A job whose every problem is a J
	// problem is filed with its J mark.
	J        bool   `json:"j,omitempty"`
	Position int    `json:"position,omitempty"`
	Want     int    `json:"want,omitempty"`
	After    string `json:"after,omitempty"`
	Before   string `json:"before,omitempty"`
	fieldbook.Message
}

// Signature statuses of a role on a document (SigStatus.Kind): the
// fieldbook.Sign* kinds, or "" when the role did not sign.
const SigMissing = ""

// SigStatus is how one role signed one document.
type SigStatus struct {
	Role       string `json:"role"`
	Kind       string `json:"kind"` // fieldbook.Sign* or SigMissing
	SignerName string `json:"signer_name,omitempty"`
	OK         bool   `json:"ok"`
}

// StampStatus is whether a document carries a stamp it needs.
type StampStatus struct {
	Stamp   string `json:"stamp"`
	Present bool   `json:"present"`
}

// DocStatus is the state of one document of the job's set.
type DocStatus struct {
	Key      string       `json:"key"`
	Name     jobtype.Text `json:"name"`
	Presence string       `json:"presence"` // jobtype.Presence*; "" for a document the job type does not list
	When     string       `json:"when,omitempty"`
	Required bool         `json:"required"` // needed for this job's flags
	Present  bool         `json:"present"`
	Source   string       `json:"source,omitempty"`
	Order    int          `json:"order,omitempty"`
	// Signatures lists every role the document type names, in its order.
	Signatures []SigStatus   `json:"signatures"`
	Stamps     []StampStatus `json:"stamps"`
	OK         bool          `json:"ok"`       // present (or not needed) and no problem
	Problems   []Problem     `json:"problems"` // the problems and notes of this document
}

// Result is the completeness check of one job.
type Result struct {
	Complete bool      `json:"complete"`
	Problems []Problem `json:"problems"` // every missing or wrong item; empty when Complete
	Notes    []Problem `json:"notes"`    // worth a look, but not making the job incomplete
	// Documents are the job's documents in binding order: those its flags
	// require and those registered, then registered documents the job
	// type does not list.
	Documents []DocStatus `json:"documents"`
	// J: the customer's real signature is missing on a document that needs
	// it; JReasons are those problems' messages.
	J        bool                `json:"j"`
	JReasons []fieldbook.Message `json:"j_reasons"`
}

// FieldRule is an extra rule of the archive rules for one document, checked
// on Doc.Fields[Key].
type FieldRule struct {
	Key   string       `json:"key"`
	Label jobtype.Text `json:"label"` // what is missing, e.g. 检测日期 / the test date
	// Message, when set, replaces "<document>缺少<label>".
	Message jobtype.Text `json:"message,omitzero"`
	// IfSet: checked only when the key is in Fields (the fact applies to
	// the job, e.g. the work order has added items); otherwise a missing
	// key fails like false.
	IfSet bool `json:"if_set,omitempty"`
}

// Rules are the archive rules the check applies on top of the job type.
type Rules struct {
	// DocFields are per-document rules by document key. Keys are shared by
	// every job type using them (the built-in ones are the vehicle set's).
	DocFields map[string][]FieldRule
	// CustomerRoles are the roles whose signature must be the customer's
	// own; a missing, proxy or refused one makes the J mark.
	CustomerRoles []string
	// StampIsCustomerMark: a customer's stamp (盖章) counts as their real
	// mark.
	StampIsCustomerMark bool
}

// DefaultRules are the rules of the seed's 售后服务中心客户档案管理制度:
//
//	battery_check      plate_or_vin (车牌号或车架号), test_date (检测日期)
//	work_order         work_description (维修内容及结果的详细描述);
//	                   added_items_signed (加项有业务人员和客户签字), only when set:
//	                   register it (true or false) when the work order has added items
//	suggested_repairs  matches_suggestions (与工单背面的建议维修项目一致), only when set
//
// The repair certificate's business stamp and inspector's signature, the
// settlement's finance stamp and the other signatures are in the job
// type's configuration (documents[].signatures and stamps).
var DefaultRules = Rules{
	DocFields: map[string][]FieldRule{
		"battery_check": {
			{Key: "plate_or_vin", Label: jobtype.Text{ZH: "车牌号或车架号", EN: "the plate number or VIN"}},
			{Key: "test_date", Label: jobtype.Text{ZH: "检测日期", EN: "the test date"}},
		},
		"work_order": {
			{Key: "work_description", Label: jobtype.Text{ZH: "对维修内容及维修结果的详细描述", EN: "a detailed description of the work and its result"}},
			{Key: "added_items_signed", IfSet: true,
				Label: jobtype.Text{ZH: "加项的业务人员和客户签字", EN: "the staff's and the customer's signatures on the added items"},
				Message: jobtype.Text{ZH: "任务委托书的加项缺少业务人员和客户的签字确认",
					EN: "The added items on the work order lack the staff's and the customer's signatures"}},
		},
		"suggested_repairs": {
			{Key: "matches_suggestions", IfSet: true,
				Label: jobtype.Text{ZH: "与建议维修项目的核对", EN: "the match with the technician's suggestions"},
				Message: jobtype.Text{ZH: "建议维修单与工单背面的建议维修项目不一致",
					EN: "The suggested repairs do not match the technician's suggestions on the work order"}},
		},
	},
	CustomerRoles:       []string{fieldbook.RoleCustomer, fieldbook.RolePartyA},
	StampIsCustomerMark: true,
}

// Check is DefaultRules.Check.
func Check(jt jobtype.JobType, flags map[string]bool, docs []Doc) Result {
	return DefaultRules.Check(jt, flags, docs)
}

// merged is the registered documents of one key.
type merged struct {
	Doc
	sigs []Sig
}

// Check checks a job's registered documents against its job type's set for
// the job's condition flags.
func (ru Rules) Check(jt jobtype.JobType, flags map[string]bool, docs []Doc) Result {
	// Merge documents registered more than once (pages of one scan).
	byKey := make(map[string]*merged, len(docs))
	var unknown []string
	for _, d := range docs {
		m, ok := byKey[d.Key]
		if !ok {
			m = &merged{Doc: d}
			m.Stamps = slices.Clone(d.Stamps)
			m.Fields = nil
			byKey[d.Key] = m
			if _, known := jt.Document(d.Key); !known {
				unknown = append(unknown, d.Key)
			}
		} else {
			if d.Order > 0 && (m.Order == 0 || d.Order < m.Order) {
				m.Order = d.Order
			}
			if m.Source != d.Source && d.Source == SourceElectronic {
				m.Source = d.Source
			}
			m.Stamps = append(m.Stamps, d.Stamps...)
		}
		m.sigs = append(m.sigs, d.Signatures...)
		for k, v := range d.Fields {
			if m.Fields == nil {
				m.Fields = make(map[string]bool, len(d.Fields))
			}
			m.Fields[k] = m.Fields[k] || v
		}
	}

	res := Result{Problems: []Problem{}, Notes: []Problem{}, Documents: []DocStatus{}, JReasons: []fieldbook.Message{}}
	idx := make(map[string]int) // document key → index in res.Documents
	for _, dt := range jt.Documents {
		m, present := byKey[dt.Key]
		required := dt.RequiredFor(flags)
		if !present && !required {
			continue
		}
		st := DocStatus{Key: dt.Key, Name: dt.Name, Presence: dt.Presence, When: dt.When,
			Required: required, Present: present, Signatures: []SigStatus{}, Stamps: []StampStatus{}, Problems: []Problem{}}
		name := docName(dt)
		if !present {
			st.Problems = append(st.Problems, Problem{Code: CodeMissingDocument, Doc: dt.Key,
				Message: msg("缺少"+name.ZH, "the "+name.EN+" is missing")})
			for _, role := range dt.Signatures {
				st.Signatures = append(st.Signatures, SigStatus{Role: role})
			}
			for _, s := range dt.Stamps {
				st.Stamps = append(st.Stamps, StampStatus{Stamp: s})
			}
		} else {
			st.Source, st.Order = m.Source, m.Order
			ru.checkDoc(&st, dt, name, m)
			if dt.Presence == jobtype.PresenceConditional && !flags[dt.When] {
				f := FlagLabel(dt.When)
				st.Problems = append(st.Problems, Problem{Code: CodeFlagNotSet, Doc: dt.Key,
					Message: msg("有"+name.ZH+"，但工单未标记“"+f.ZH+"”",
						"the job has a "+name.EN+" but is not marked “"+f.EN+"”")})
			}
		}
		idx[dt.Key] = len(res.Documents)
		res.Documents = append(res.Documents, st)
	}
	for _, key := range unknown {
		m := byKey[key]
		st := DocStatus{Key: key, Name: jobtype.Text{ZH: key, EN: key}, Present: true, Source: m.Source, Order: m.Order,
			Signatures: []SigStatus{}, Stamps: []StampStatus{}}
		jn := jt.Name.Message()
		st.Problems = []Problem{{Code: CodeUnknownDocument, Doc: key,
			Message: msg("文件“"+key+"”不在“"+jn.ZH+"”的文件清单中", "the document “"+key+"” is not in the document set of “"+jn.EN+"”")}}
		idx[key] = len(res.Documents)
		res.Documents = append(res.Documents, st)
	}
	ru.checkOrder(jt, res.Documents, idx)

	customer := func(role string) bool { return slices.Contains(ru.CustomerRoles, role) }
	for i := range res.Documents {
		st := &res.Documents[i]
		st.OK = true
		for j, p := range st.Problems {
			if isNote(p.Code) {
				res.Notes = append(res.Notes, p)
				continue
			}
			st.OK = false
			if p.Role != "" && customer(p.Role) && isSignatureCode(p.Code) {
				p.J = true
				st.Problems[j].J = true
				res.J = true
				res.JReasons = append(res.JReasons, p.Message)
			}
			res.Problems = append(res.Problems, p)
		}
	}
	res.Complete = len(res.Problems) == 0
	return res
}

// Blocking are the problems that keep the job from being filed: all but
// the J problems, since a job without the customer's real signature is
// filed with the J mark.
func (r Result) Blocking() []Problem {
	out := []Problem{}
	for _, p := range r.Problems {
		if !p.J {
			out = append(out, p)
		}
	}
	return out
}

func isNote(code string) bool { return code == CodeUnknownDocument || code == CodeFlagNotSet }

func isSignatureCode(code string) bool {
	switch code {
	case CodeMissingSignature, CodeProxySignature, CodeRefusedSignature, CodeStampSignature, CodeInvalidSignature:
		return true
	}
	return false
}

// sigRank orders the signatures of one role on a document, best first.
func sigRank(kind string) int {
	switch kind {
	case fieldbook.SignReal:
		return 0
	case fieldbook.SignStamp:
		return 1
	case fieldbook.SignProxy:
		return 2
	case fieldbook.SignRefused:
		return 3
	}
	return 4
}

// checkDoc checks the signatures, stamps and field rules of a present document.
func (ru Rules) checkDoc(st *DocStatus, dt jobtype.DocumentType, name jobtype.Text, m *merged) {
	add := func(p Problem) {
		p.Doc = dt.Key
		st.Problems = append(st.Problems, p)
	}
	for _, role := range dt.Signatures {
		var best *Sig
		for i := range m.sigs {
			s := &m.sigs[i]
			if s.Role == role && (best == nil || sigRank(s.Kind) < sigRank(best.Kind)) {
				best = s
			}
		}
		rl := RoleLabel(role)
		ss := SigStatus{Role: role}
		if best == nil {
			add(Problem{Code: CodeMissingSignature, Role: role,
				Message: msg(name.ZH+"缺少"+rl.ZH+"签字", "the "+name.EN+" lacks the "+rl.EN+"'s signature")})
			st.Signatures = append(st.Signatures, ss)
			continue
		}
		ss.Kind, ss.SignerName = best.Kind, best.SignerName
		isCustomer := slices.Contains(ru.CustomerRoles, role)
		switch best.Kind {
		case fieldbook.SignReal:
			ss.OK = true
		case fieldbook.SignStamp:
			if isCustomer && !ru.StampIsCustomerMark {
				add(Problem{Code: CodeStampSignature, Role: role,
					Message: msg(name.ZH+"的"+rl.ZH+"签字为盖章，不是"+rl.ZH+"真实签字",
						"the "+rl.EN+" stamped the "+name.EN+" instead of signing it by hand")})
			} else {
				ss.OK = true
			}
		case fieldbook.SignProxy:
			if isCustomer {
				by, byEN := "", ""
				if best.SignerName != "" {
					by, byEN = "（代签人："+best.SignerName+"）", " (by "+best.SignerName+")"
				}
				add(Problem{Code: CodeProxySignature, Role: role,
					Message: msg(name.ZH+"的"+rl.ZH+"签字为代签"+by+"，不是"+rl.ZH+"真实签字",
						"the "+rl.EN+"'s signature on the "+name.EN+" was made on their behalf"+byEN+", not by the "+rl.EN)})
			} else {
				ss.OK = true
			}
		case fieldbook.SignRefused:
			add(Problem{Code: CodeRefusedSignature, Role: role,
				Message: msg(name.ZH+"的"+rl.ZH+"拒签", "the "+rl.EN+" refused to sign the "+name.EN)})
		default:
			add(Problem{Code: CodeInvalidSignature, Role: role,
				Message: msg(name.ZH+"的"+rl.ZH+"签字方式无法识别（"+best.Kind+"）",
					"the "+rl.EN+"'s signature on the "+name.EN+" is of an unknown kind ("+best.Kind+")")})
		}
		st.Signatures = append(st.Signatures, ss)
	}
	for _, s := range dt.Stamps {
		ok := slices.Contains(m.Stamps, s)
		st.Stamps = append(st.Stamps, StampStatus{Stamp: s, Present: ok})
		if !ok {
			sl := StampLabel(s)
			add(Problem{Code: CodeMissingStamp, Stamp: s,
				Message: msg(name.ZH+"缺少"+sl.ZH, "the "+name.EN+" lacks the "+sl.EN)})
		}
	}
	for _, fr := range ru.DocFields[dt.Key] {
		v, set := m.Fields[fr.Key]
		if v || fr.IfSet && !set {
			continue
		}
		p := Problem{Code: CodeMissingField, Field: fr.Key,
			Message: msg(name.ZH+"缺少"+fr.Label.ZH, "the "+name.EN+" lacks "+fr.Label.EN)}
		if fr.Message.ZH != "" {
			p.Message = fr.Message.Message()
		}
		add(p)
	}
}

// checkOrder reports the documents whose registered positions are not in
// binding order. The documents kept in place are a longest run in binding
// order (preferring, among equals, to keep the earlier documents of the
// binding order in place); each other one is reported with the document it
// belongs after (or, when it belongs first, before).
func (ru Rules) checkOrder(jt jobtype.JobType, docs []DocStatus, idx map[string]int) {
	type item struct {
		key   string
		rank  int // position in jt.Documents
		order int
	}
	var items []item
	for _, d := range docs {
		if !d.Present || d.Order <= 0 || d.Presence == "" {
			continue
		}
		rank := slices.IndexFunc(jt.Documents, func(x jobtype.DocumentType) bool { return x.Key == d.Key })
		items = append(items, item{d.Key, rank, d.Order})
	}
	if len(items) < 2 {
		return
	}
	slices.SortStableFunc(items, func(a, b item) int {
		if a.order != b.order {
			return a.order - b.order
		}
		return a.rank - b.rank
	})
	// Longest strictly increasing subsequence of ranks, O(n²): n is a
	// document set.
	n := len(items)
	length, prev := make([]int, n), make([]int, n)
	end := 0
	for i := range items {
		length[i], prev[i] = 1, -1
		for j := range i {
			if items[j].rank >= items[i].rank {
				continue
			}
			if length[j]+1 > length[i] || length[j]+1 == length[i] && items[j].rank < items[prev[i]].rank {
				length[i], prev[i] = length[j]+1, j
			}
		}
		if length[i] > length[end] || length[i] == length[end] && items[i].rank < items[end].rank {
			end = i
		}
	}
	keep := make([]bool, n)
	for i := end; i >= 0; i = prev[i] {
		keep[i] = true
	}
	byRank := slices.Clone(items)
	slices.SortFunc(byRank, func(a, b item) int { return a.rank - b.rank })
	for pos, it := range items {
		if keep[pos] {
			continue
		}
		want := slices.IndexFunc(byRank, func(x item) bool { return x.key == it.key })
		dt, _ := jt.Document(it.key)
		name := docName(dt)
		p := Problem{Code: CodeOutOfOrder, Doc: it.key, Position: pos + 1, Want: want + 1}
		if want > 0 {
			other, _ := jt.Document(byRank[want-1].key)
			on := docName(other)
			p.After = other.Key
			p.Message = msg(name.ZH+"应排在"+on.ZH+"之后", "the "+name.EN+" belongs after the "+on.EN)
		} else {
			other, _ := jt.Document(byRank[1].key)
			on := docName(other)
			p.Before = other.Key
			p.Message = msg(name.ZH+"应排在"+on.ZH+"之前", "the "+name.EN+" belongs before the "+on.EN)
		}
		d := &docs[idx[it.key]]
		d.Problems = append(d.Problems, p)
	}
}

// JMark reports whether a job gets the "J" mark automatically: the
// customer's real signature is missing, a proxy's or refused on a document
// of its set that needs it (DefaultRules). reasons say where.
func JMark(jt jobtype.JobType, flags map[string]bool, docs []Doc) (marked bool, reasons []fieldbook.Message) {
	return DefaultRules.JMark(jt, flags, docs)
}

// JMark is Check's J verdict.
func (ru Rules) JMark(jt jobtype.JobType, flags map[string]bool, docs []Doc) (bool, []fieldbook.Message) {
	r := ru.Check(jt, flags, docs)
	return r.J, r.JReasons
}

package archive

import (
	"strings"
	"time"
	"unicode/utf8"

	"fieldbook/backend/fieldbook"
)

// JDecision is the archive clerk's decision on a job's J mark: confirm the
// automatic mark, clear it with a reason (e.g. the customer came back and
// signed a paper copy), or mark a job the check did not.
type JDecision struct {
	// Auto is the automatic mark when the clerk decided (JMark).
	Auto bool `json:"auto"`
	// Confirmed: true marks the job J, false clears the mark; nil leaves
	// it to the automatic mark.
	Confirmed *bool     `json:"confirmed"`
	Reason    string    `json:"reason"`
	By        string    `json:"by"` // the clerk
	At        time.Time `json:"at"`
}

// MaxReasonRunes is the longest reason of a J decision.
const MaxReasonRunes = 500

// Validate checks a decision before it is stored: clearing an automatic
// mark or marking a job the check did not needs a reason, and the clerk is
// named.
func (d JDecision) Validate() error {
	var v fieldbook.Validation
	if d.Confirmed != nil && *d.Confirmed != d.Auto && strings.TrimSpace(d.Reason) == "" {
		if d.Auto {
			v.Add("reason", "取消 J 标记时请填写原因。", "Enter why the J mark is cleared.")
		} else {
			v.Add("reason", "手动标记 J 时请填写原因。", "Enter why the job is marked J.")
		}
	}
	if utf8.RuneCountInString(d.Reason) > MaxReasonRunes {
		v.Add("reason", "原因过长，最多 500 字。", "The reason is too long: at most 500 characters.")
	}
	if strings.TrimSpace(d.By) == "" {
		v.Add("by", "请填写档案管理员。", "Enter the archive clerk.")
	}
	return v.Err()
}

// J sources: where the effective mark comes from.
const (
	JFromCheck = "auto"  // the automatic mark, no (valid) decision
	JFromClerk = "clerk" // the clerk's decision
)

// JState is the effective J mark of a job.
type JState struct {
	Marked bool   `json:"marked"`
	Auto   bool   `json:"auto"`   // the automatic mark now
	Source string `json:"source"` // JFromCheck or JFromClerk
	// Stale: the clerk decided on another automatic mark than today's
	// (documents changed since), so the decision no longer applies and
	// the clerk should look again.
	Stale  bool   `json:"stale"`
	Reason string `json:"reason,omitempty"` // the clerk's reason
}

// EffectiveJ decides a job's J mark from today's automatic mark and the
// clerk's latest decision (nil if none). A decision applies while the
// automatic mark is the one it was made on; when the documents change the
// automatic mark (a real signature arrives, or a new proxy one), the
// automatic mark applies again and the state is Stale.
func EffectiveJ(auto bool, d *JDecision) JState {
	s := JState{Marked: auto, Auto: auto, Source: JFromCheck}
	if d == nil || d.Confirmed == nil {
		return s
	}
	if d.Auto != auto {
		s.Stale = true
		return s
	}
	s.Marked, s.Source, s.Reason = *d.Confirmed, JFromClerk, d.Reason
	return s
}

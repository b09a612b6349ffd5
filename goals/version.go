package goals

import (
	"fmt"
	"strconv"
	"time"

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

// VersionKind is the stage a version of a project's goals belongs to. The
// zero value, VersionSubmitted, is the goals as the unit submitted them.
//
// 财预〔2015〕88号 第二十七条 issues goals with the budget ("谁批复预算，谁批复
// 目标"); 第二十八条 allows an adjustment only for special reasons, approved
// like a budget adjustment; 第二十九条 has monitoring, self-evaluation and
// evaluation work against the approved goals.
type VersionKind uint8

const (
	// VersionSubmitted is the goals as submitted (申报). It is the zero value.
	VersionSubmitted VersionKind = iota
	// VersionApproved is the goals approved with the budget (批复).
	VersionApproved
	// VersionAdjusted is the goals adjusted in-year (调整).
	VersionAdjusted
)

var versionKindTable = enum.Table[VersionKind]{
	{V: VersionSubmitted, Code: "submitted", Zh: "申报"},
	{V: VersionApproved, Code: "approved", Zh: "批复"},
	{V: VersionAdjusted, Code: "adjusted", Zh: "调整"},
}

// String returns the code: "submitted", "approved" or "adjusted".
func (k VersionKind) String() string { return versionKindTable.String(int(k), "VersionKind") }

// Name returns the name in the given language: "批复" or "approved".
func (k VersionKind) Name(l performance.Lang) string {
	return versionKindTable.Name(int(k), l, "VersionKind")
}

// Valid reports whether k is a named kind.
func (k VersionKind) Valid() bool { return int(k) < len(versionKindTable) }

// ParseVersionKind reads a kind from its code or its Chinese name (申报,
// 批复, 调整). The empty string gives VersionSubmitted; anything unknown is
// an error wrapping [ErrUnknownKind].
func ParseVersionKind(s string) (VersionKind, error) {
	if s == "" {
		return VersionSubmitted, nil
	}
	if k, ok := versionKindTable.ParseEn(s); ok {
		return k, nil
	}
	return VersionSubmitted, unknownKind("version kind", s, versionKindTable)
}

// MarshalText encodes the kind as its code.
func (k VersionKind) MarshalText() ([]byte, error) {
	if !k.Valid() {
		return nil, fmt.Errorf("goals: invalid version kind %d", uint8(k))
	}
	return []byte(k.String()), nil
}

// versionKindSpellings is the codes and Chinese names, and the empty
// string, read without an allocation.
var versionKindSpellings = enum.MustSpellings(ParseVersionKind, append(versionKindTable.Texts(true), "")...)

// UnmarshalText decodes any form [ParseVersionKind] accepts.
func (k *VersionKind) UnmarshalText(b []byte) error { return versionKindSpellings.Decode(k, b) }

// A Version is one dated version of a project's goals (绩效目标版本): who
// made it, why, and the tree.
type Version struct {
	// Number is the version's place in its history, from 1.
	Number int `json:"number"`
	// Kind is the stage: submitted, approved or adjusted.
	Kind VersionKind `json:"kind"`
	// Date is the day the version takes effect; only the calendar day
	// counts.
	Date time.Time `json:"date"`
	// By names who made the version (the unit, the bureau's section).
	By string `json:"by"`
	// Reason says why; required for an adjustment.
	Reason string `json:"reason,omitempty"`
	// Tree is the goals of this version.
	Tree *Tree `json:"tree"`
}

// Ref returns the reference stages record of the version.
func (v *Version) Ref() VersionRef {
	return VersionRef{Number: v.Number, Kind: v.Kind, Date: civilDay(v.Date)}
}

// A VersionRef names the version of a project's goals a result was scored
// against. The zero value means no versions were supplied and the goals
// were taken as given, that is as submitted (按申报目标): stages leave it out
// of their JSON, so results of callers that supply no versions read as
// before.
type VersionRef struct {
	Number int         `json:"number,omitempty"`
	Kind   VersionKind `json:"kind"`
	Date   time.Time   `json:"date,omitzero"`
}

// IsZero reports whether r is the zero reference: as submitted, no
// versions supplied.
func (r VersionRef) IsZero() bool { return r == VersionRef{} }

// Label says which goals were used: "批复目标第2版（2022-01-15起）" / "approved
// goals, version 2 (from 2022-01-15)", or for the zero reference "按申报目标
// （未提供目标版本）" / "as submitted (no goal versions supplied)".
func (r VersionRef) Label() performance.Text {
	if r.IsZero() {
		return performance.Text{ZH: "按申报目标（未提供目标版本）", EN: "as submitted (no goal versions supplied)"}
	}
	d := r.Date.Format(time.DateOnly)
	return performance.Text{
		ZH: fmt.Sprintf("%s目标第%d版（%s起）", r.Kind.Name(performance.LangZH), r.Number, d),
		EN: fmt.Sprintf("%s goals, version %d (from %s)", r.Kind.Name(performance.LangEN), r.Number, d),
	}
}

// Versions is the history of one project's goals, oldest first: the
// submitted version, then the approved one, then adjustments.
type Versions struct {
	ProjectID string    `json:"project_id"`
	Versions  []Version `json:"versions"`
}

// civilDay returns t's calendar date as midnight UTC.
func civilDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Validate checks the history and returns every problem at once as
// [performance.Problems], or nil. Codes: no_versions; bad_number (Number is
// not the 1-based position); invalid_kind; first_not_submitted; kind_order
// (a submitted version after an approved one, an adjustment before any
// approval); missing_date; date_order (a version dated before the one
// before it); missing_by; missing_reason (an adjustment without a reason);
// missing_tree; and each tree's problems under "versions[i].tree" (custom
// scoring expressions compiled with opts).
func (vs *Versions) Validate(opts ...rules.Option) error {
	var ps performance.Problems
	if vs == nil || len(vs.Versions) == 0 {
		ps.Add("no_versions", "versions", "没有绩效目标版本", "no goal versions")
		return ps.Err()
	}
	approved := false
	for i := range vs.Versions {
		v := &vs.Versions[i]
		p := "versions[" + strconv.Itoa(i) + "]"
		if v.Number != i+1 {
			ps.Add("bad_number", p+".number", fmt.Sprintf("版本号 %d，应为 %d", v.Number, i+1), fmt.Sprintf("number %d, want %d", v.Number, i+1))
		}
		switch {
		case !v.Kind.Valid():
			ps.Add("invalid_kind", p+".kind", "版本类型无效", "unknown version kind")
		case i == 0 && v.Kind != VersionSubmitted:
			ps.Add("first_not_submitted", p+".kind", "第一个版本应为申报版本", "the first version must be the submitted one")
		case v.Kind == VersionSubmitted && approved:
			ps.Add("kind_order", p+".kind", "批复后不能再有申报版本", "a submitted version after approval")
		case v.Kind == VersionAdjusted && !approved:
			ps.Add("kind_order", p+".kind", "批复前不能调整", "an adjustment before approval")
		}
		approved = approved || v.Kind == VersionApproved
		if v.Date.IsZero() {
			ps.Add("missing_date", p+".date", "缺少日期", "date missing")
		} else if i > 0 && !vs.Versions[i-1].Date.IsZero() && civilDay(v.Date).Before(civilDay(vs.Versions[i-1].Date)) {
			ps.Add("date_order", p+".date", "日期早于上一版本", "dated before the version before it")
		}
		if v.By == "" {
			ps.Add("missing_by", p+".by", "缺少修改人", "who made the version is missing")
		}
		if v.Kind == VersionAdjusted && v.Reason == "" {
			ps.Add("missing_reason", p+".reason", "调整须说明理由", "an adjustment needs a reason")
		}
		if v.Tree == nil {
			ps.Add("missing_tree", p+".tree", "缺少绩效目标", "tree missing")
		} else if err := v.Tree.Validate(opts...); err != nil {
			ps = append(ps, performance.ProblemsOf(err).Prefix(p+".tree")...)
		}
	}
	return ps.Err()
}

// InForce returns the version in force on day: the last one dated on or
// before it (only calendar days count), with its reference. ok is false
// when every version is dated after day (or there is none); the history is
// assumed valid (see Validate). The search is binary: O(log n).
func (vs *Versions) InForce(day time.Time) (v *Version, ok bool) {
	if vs == nil {
		return nil, false
	}
	d := civilDay(day)
	lo, hi := 0, len(vs.Versions) // first version dated after d
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if civilDay(vs.Versions[m].Date).After(d) {
			hi = m
		} else {
			lo = m + 1
		}
	}
	if lo == 0 {
		return nil, false
	}
	return &vs.Versions[lo-1], true
}

// Resolve returns the tree to score on day and its reference: with no
// history (vs nil or empty), given itself and the zero reference (as
// submitted); otherwise the tree of the version in force. A history with no
// version in force on day gives given and the zero reference with ok
// false, for the stage to report.
func (vs *Versions) Resolve(day time.Time, given *Tree) (tree *Tree, ref VersionRef, ok bool) {
	if vs == nil || len(vs.Versions) == 0 {
		return given, VersionRef{}, true
	}
	v, ok := vs.InForce(day)
	if !ok {
		return given, VersionRef{}, false
	}
	return v.Tree, v.Ref(), true
}

// A Revision is what one version changed from the one before (绩效目标调整
// 记录): its reference, who and why, and the changes.
type Revision struct {
	Version VersionRef `json:"version"`
	By      string     `json:"by"`
	Reason  string     `json:"reason,omitempty"`
	Changes []Change   `json:"changes"`
}

// Log returns the revisions of the history: one per version after the
// first, each diffing its tree with the one before ([Diff]).
func (vs *Versions) Log() []Revision {
	var out []Revision
	if vs == nil {
		return out
	}
	for i := 1; i < len(vs.Versions); i++ {
		v := &vs.Versions[i]
		out = append(out, Revision{Version: v.Ref(), By: v.By, Reason: v.Reason, Changes: Diff(vs.Versions[i-1].Tree, v.Tree)})
	}
	return out
}

package monitoring

import (
	"strconv"
	"time"

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// A Form is a unit's monitoring form for one project as of a date, usually a
// quarter end (绩效监控情况表; the 项目支出绩效目标执行监控表 annexed to
// 财预〔2019〕136号, 《中央部门预算绩效运行监控管理暂行办法》): beside the
// ledger's execution figures, per indicator the actual to date, the
// expected year-end value, the likelihood of meeting the target, the cause
// of a deviation and the corrective measure. 财预〔2019〕136号 asks units, in
// analysing the monitoring information, to state why an indicator deviates
// from its goal, to project the whole year's completion and, for a target
// not expected to be met by the year end, to give the cause and the
// measures they will take; [Monitor.ReviewForms] is the bureau's check of
// that.
type Form struct {
	// ProjectID is the project reported on; UnitID the reporting unit
	// (填报单位), optional.
	ProjectID string `json:"project_id"`
	UnitID    string `json:"unit_id,omitempty"`
	// AsOf is the date the form reports as of (截至日期).
	AsOf time.Time `json:"as_of"`
	// Executed is the execution to date the unit states (截至目前执行数), in
	// yuan; null when not stated. The review compares it with the ledger.
	Executed decimal.NullDecimal `json:"executed"`
	// Indicators are the form's lines, one per indicator of the project's
	// goals (绩效指标).
	Indicators []FormIndicator `json:"indicators"`
}

// A FormIndicator is one line of a monitoring form: one indicator's
// figures and the unit's analysis of them. Values are in the target's unit
// (no conversion is made, unlike [GoalReport]).
type FormIndicator struct {
	// Indicator is the indicator's ID in the project's tree, or its name
	// when it has no ID.
	Indicator string `json:"indicator"`
	// Actual is the value achieved to date (截至目前完成值); Projected the
	// value expected at the year end (全年预计完成值). Null when not stated,
	// as for a qualitative indicator.
	Actual    decimal.NullDecimal `json:"actual"`
	Projected decimal.NullDecimal `json:"projected"`
	// Likelihood is the unit's judgement of meeting the target by the year
	// end (完成目标可能性).
	Likelihood Likelihood `json:"likelihood"`
	// Cause is the cause of a deviation (偏差原因); CauseNote explains it
	// (原因说明), required with [CauseOther].
	Cause     Cause  `json:"cause,omitempty"`
	CauseNote string `json:"cause_note,omitempty"`
	// Measure is the corrective measure the unit will take (纠偏措施,
	// 改进措施).
	Measure string `json:"measure,omitempty"`
}

// Likelihood is a unit's judgement of whether an indicator's target will be
// met by the year end (完成目标可能性), as the 136号 form words it. The zero
// value LikelihoodUnknown means not stated.
type Likelihood uint8

const (
	// LikelihoodUnknown means the form does not say (未填). It is the zero
	// value.
	LikelihoodUnknown Likelihood = iota
	// Certain: the target will be met (确定能).
	Certain
	// Possible: the target may be met (有可能).
	Possible
	// Impossible: the target cannot be met (完全不可能).
	Impossible
)

var likelihoodTable = enum.Table[Likelihood]{
	{V: LikelihoodUnknown, Code: "unknown", Zh: "未填", Aliases: []string{""}},
	{V: Certain, Code: "certain", Zh: "确定能", Aliases: []string{"能", "确定"}},
	{V: Possible, Code: "possible", Zh: "有可能", Aliases: []string{"可能"}},
	{V: Impossible, Code: "impossible", Zh: "完全不可能", Aliases: []string{"不可能"}},
}

// String returns "unknown", "certain", "possible" or "impossible".
func (l Likelihood) String() string { return enumCode(likelihoodTable, l, "likelihood") }

// Name returns the likelihood in the given language: 确定能 or certain.
func (l Likelihood) Name(lang performance.Lang) string {
	return enumName(likelihoodTable, l, lang, "likelihood")
}

// MarshalText encodes the likelihood as its English code.
func (l Likelihood) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// ParseLikelihood reads a likelihood from its code (unknown, certain,
// possible, impossible; in any case) or its Chinese name (未填, 确定能,
// 有可能, 完全不可能; also 能, 确定, 可能, 不可能). The empty string is
// LikelihoodUnknown. Anything else is an error wrapping [ErrUnknownName]
// that names the allowed values.
func ParseLikelihood(s string) (Likelihood, error) {
	if v, ok := likelihoodTable.Parse(s); ok {
		return v, nil
	}
	return LikelihoodUnknown, enum.Errorf(ErrUnknownName, "monitoring: unknown likelihood %q (%s)", s, likelihoodTable.Want())
}

// UnmarshalText decodes any form [ParseLikelihood] accepts.
func (l *Likelihood) UnmarshalText(b []byte) error {
	return enum.DecodeTable(l, likelihoodTable, false, ParseLikelihood, b)
}

// Cause is the cause of an indicator's deviation from its goal (偏差原因),
// in the five kinds the 136号 form offers. The zero value CauseNone means
// none stated.
type Cause uint8

const (
	// CauseNone means no cause stated. It is the zero value.
	CauseNone Cause = iota
	// CauseFunding: funding (经费保障).
	CauseFunding
	// CauseInstitutional: rules and procedures (制度保障).
	CauseInstitutional
	// CauseStaffing: staff (人员保障).
	CauseStaffing
	// CauseFacilities: equipment and premises (硬件条件保障).
	CauseFacilities
	// CauseOther: another cause, explained in the note (其他).
	CauseOther
)

var causeTable = enum.Table[Cause]{
	{V: CauseNone, Code: "none", Zh: "无", Aliases: []string{""}},
	{V: CauseFunding, Code: "funding", Zh: "经费保障"},
	{V: CauseInstitutional, Code: "institutional", Zh: "制度保障"},
	{V: CauseStaffing, Code: "staffing", Zh: "人员保障"},
	{V: CauseFacilities, Code: "facilities", Zh: "硬件条件保障", Aliases: []string{"硬件保障"}},
	{V: CauseOther, Code: "other", Zh: "其他", Aliases: []string{"其它"}},
}

// String returns the cause's code, such as "funding".
func (c Cause) String() string { return enumCode(causeTable, c, "cause") }

// Name returns the cause in the given language: 经费保障 or funding.
func (c Cause) Name(lang performance.Lang) string { return enumName(causeTable, c, lang, "cause") }

// MarshalText encodes the cause as its English code.
func (c Cause) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// ParseCause reads a cause from its code (none, funding, institutional,
// staffing, facilities, other; in any case) or its Chinese name (无,
// 经费保障, 制度保障, 人员保障, 硬件条件保障, 其他; also 硬件保障, 其它). The
// empty string is CauseNone. Anything else is an error wrapping
// [ErrUnknownName] that names the allowed values.
func ParseCause(s string) (Cause, error) {
	if v, ok := causeTable.Parse(s); ok {
		return v, nil
	}
	return CauseNone, enum.Errorf(ErrUnknownName, "monitoring: unknown deviation cause %q (%s)", s, causeTable.Want())
}

// UnmarshalText decodes any form [ParseCause] accepts.
func (c *Cause) UnmarshalText(b []byte) error {
	return enum.DecodeTable(c, causeTable, false, ParseCause, b)
}

// Recommendation is the action the double-monitoring result recommends for
// a project (监控结果处理建议): continue (继续执行), adjust the goals
// (调整目标), suspend disbursement (暂缓拨款) or recover the funds
// (收回资金). Suspend and recover are the [ActionKind]s of the same names,
// with the same codes ([Recommendation.Action]). The zero value
// RecommendNone means no recommendation (the project was not reviewed).
type Recommendation uint8

const (
	// RecommendNone means not reviewed. It is the zero value.
	RecommendNone Recommendation = iota
	// RecommendContinue: continue as planned (继续执行).
	RecommendContinue
	// RecommendAdjustGoals: adjust the goals through the adjustment
	// procedure (调整目标).
	RecommendAdjustGoals
	// RecommendSuspend: suspend disbursement ([Suspend], 暂缓拨款).
	RecommendSuspend
	// RecommendRecover: recover the funds ([Recover], 收回资金).
	RecommendRecover
)

var recommendationTable = enum.Table[Recommendation]{
	{V: RecommendNone, Code: "none", Zh: "无", Aliases: []string{""}},
	{V: RecommendContinue, Code: "continue", Zh: "继续执行"},
	{V: RecommendAdjustGoals, Code: "adjust_goals", Zh: "调整目标", Aliases: []string{"调整绩效目标"}},
	{V: RecommendSuspend, Code: "suspend", Zh: "暂缓拨款", Aliases: []string{"暂缓", "暂停拨款"}},
	{V: RecommendRecover, Code: "recover", Zh: "收回资金", Aliases: []string{"收回"}},
}

// String returns the recommendation's code, such as "adjust_goals".
func (r Recommendation) String() string { return enumCode(recommendationTable, r, "recommendation") }

// Name returns the recommendation in the given language: 调整目标 or
// adjust_goals.
func (r Recommendation) Name(lang performance.Lang) string {
	return enumName(recommendationTable, r, lang, "recommendation")
}

// Action returns the monitoring action a recommendation is: [Suspend] or
// [Recover], and ActionNone for the others, which are no consequence.
func (r Recommendation) Action() ActionKind {
	switch r {
	case RecommendSuspend:
		return Suspend
	case RecommendRecover:
		return Recover
	}
	return ActionNone
}

// MarshalText encodes the recommendation as its English code.
func (r Recommendation) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// ParseRecommendation reads a recommendation from its code (none,
// continue, adjust_goals, suspend, recover; in any case) or its Chinese
// name (无, 继续执行, 调整目标, 暂缓拨款, 收回资金; also 调整绩效目标, 暂缓,
// 暂停拨款, 收回, as the action vocabulary spells them). The empty string
// is RecommendNone. Anything else is an error wrapping [ErrUnknownName]
// that names the allowed values.
func ParseRecommendation(s string) (Recommendation, error) {
	if v, ok := recommendationTable.Parse(s); ok {
		return v, nil
	}
	return RecommendNone, enum.Errorf(ErrUnknownName, "monitoring: unknown recommendation %q (%s)", s, recommendationTable.Want())
}

// UnmarshalText decodes any form [ParseRecommendation] accepts.
func (r *Recommendation) UnmarshalText(b []byte) error {
	return enum.DecodeTable(r, recommendationTable, false, ParseRecommendation, b)
}

// Outlook is the goal half of a project's double-monitoring result
// (目标实现预期): the worst of its form's lines. The zero value
// OutlookNone means the project has no form.
type Outlook uint8

const (
	// OutlookNone: no form (未报送). It is the zero value.
	OutlookNone Outlook = iota
	// OutlookOnTrack: no line deviates (正常).
	OutlookOnTrack
	// OutlookAtRisk: a line deviates but its target may still be met
	// (存在偏差).
	OutlookAtRisk
	// OutlookUnattainable: a line's target cannot be met by the year end
	// (目标无法实现): its likelihood is 完全不可能.
	OutlookUnattainable
)

var outlookTable = enum.Table[Outlook]{
	{V: OutlookNone, Code: "none", Zh: "未报送", Aliases: []string{""}},
	{V: OutlookOnTrack, Code: "on_track", Zh: "正常"},
	{V: OutlookAtRisk, Code: "at_risk", Zh: "存在偏差"},
	{V: OutlookUnattainable, Code: "unattainable", Zh: "目标无法实现"},
}

// String returns "none", "on_track", "at_risk" or "unattainable".
func (o Outlook) String() string { return enumCode(outlookTable, o, "outlook") }

// Name returns the outlook in the given language.
func (o Outlook) Name(lang performance.Lang) string {
	return enumName(outlookTable, o, lang, "outlook")
}

// MarshalText encodes the outlook as its English code.
func (o Outlook) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// ParseOutlook reads an outlook from its code (none, on_track, at_risk,
// unattainable; in any case) or its Chinese name (未报送, 正常, 存在偏差,
// 目标无法实现). Anything else is an error wrapping [ErrUnknownName] that
// names the allowed values.
func ParseOutlook(s string) (Outlook, error) {
	if v, ok := outlookTable.Parse(s); ok {
		return v, nil
	}
	return OutlookNone, enum.Errorf(ErrUnknownName, "monitoring: unknown outlook %q (%s)", s, outlookTable.Want())
}

// UnmarshalText decodes any form [ParseOutlook] accepts.
func (o *Outlook) UnmarshalText(b []byte) error {
	return enum.DecodeTable(o, outlookTable, false, ParseOutlook, b)
}

// enumCode returns v's code in t, or kind(n) for a value outside it.
func enumCode[T ~uint8](t enum.Table[T], v T, kind string) string {
	if int(v) < len(t) && t[v].V == v {
		return t[v].Code
	}
	return kind + "(" + strconv.Itoa(int(v)) + ")"
}

// enumName returns v's name in lang: its Chinese name, or its code.
func enumName[T ~uint8](t enum.Table[T], v T, lang performance.Lang, kind string) string {
	if int(v) >= len(t) || t[v].V != v {
		return enumCode(t, v, kind)
	}
	if lang == performance.LangEN || t[v].Zh == "" {
		return t[v].Code
	}
	return t[v].Zh
}

package goals

import (
	"fmt"

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// WorkingPlaces is the number of decimal places a score carries under
// RoundNone: divisions such as 10 × 2 ÷ 3 do not terminate, so "no rounding"
// still stops somewhere, half away from zero, far below any published digit.
const WorkingPlaces = 10

// Rounding is how a score is rounded, because published forms differ. The
// zero value, RoundHundredths, is two places half away from zero (四舍五入),
// the usual form of published scores.
type Rounding uint8

const (
	// RoundHundredths rounds half away from zero to two places: 9.137 → 9.14.
	// It is the zero value.
	RoundHundredths Rounding = iota
	// RoundNone keeps the score unrounded, to WorkingPlaces decimals.
	RoundNone
	// RoundWhole rounds half away from zero to whole points: 9.5 → 10.
	RoundWhole
	// RoundTenths rounds half away from zero to one place: 9.137 → 9.1,
	// 9.15 → 9.2, as forms that keep one decimal place print scores.
	RoundTenths
)

// roundingTable holds the roundings; empty text is RoundHundredths.
var roundingTable = enum.Table[Rounding]{
	{V: RoundHundredths, Code: "hundredths", Zh: "四舍五入保留2位小数", En: "rounded half up to 2 places", Aliases: []string{""}},
	{V: RoundNone, Code: "none", Zh: "不舍入", En: "not rounded"},
	{V: RoundWhole, Code: "whole", Zh: "四舍五入取整", En: "rounded half up to whole points"},
	{V: RoundTenths, Code: "tenths", Zh: "四舍五入保留1位小数", En: "rounded half up to 1 place"},
}

// Places returns the number of decimal places of the rounding: 2, 10, 0
// or 1.
func (r Rounding) Places() int32 {
	switch r {
	case RoundNone:
		return WorkingPlaces
	case RoundWhole:
		return 0
	case RoundTenths:
		return 1
	}
	return 2
}

// String returns the code: "hundredths", "none", "whole" or "tenths".
func (r Rounding) String() string { return roundingTable.String(int(r), "Rounding") }

// Name describes the rounding in the given language: "四舍五入保留2位小数".
func (r Rounding) Name(l performance.Lang) string { return roundingTable.Name(int(r), l, "Rounding") }

// Valid reports whether r is one of the four roundings.
func (r Rounding) Valid() bool { return int(r) < len(roundingTable) }

// MarshalText encodes the rounding as its code.
func (r Rounding) MarshalText() ([]byte, error) {
	if !r.Valid() {
		return nil, fmt.Errorf("goals: invalid rounding %d", uint8(r))
	}
	return []byte(r.String()), nil
}

// ParseRounding reads a rounding from its code (hundredths, none, whole,
// tenths), its Chinese name (四舍五入保留2位小数, 不舍入, 四舍五入取整,
// 四舍五入保留1位小数) or its English
// name. The empty string gives RoundHundredths; anything unknown is an
// error wrapping [ErrUnknownKind] that names the allowed values.
func ParseRounding(s string) (Rounding, error) {
	if r, ok := roundingTable.ParseEn(s); ok {
		return r, nil
	}
	return RoundHundredths, unknownKind("rounding", s, roundingTable)
}

// UnmarshalText decodes any form [ParseRounding] accepts; empty text gives
// RoundHundredths.
func (r *Rounding) UnmarshalText(b []byte) error {
	return enum.DecodeTable(r, roundingTable, true, ParseRounding, b)
}

// Overshoot is how a quantitative indicator scores when its actual passes
// the target on the side where less is better (超出指标值的计分方式): a ≤ or <
// target exceeded (cost, time), an = target overshot, a range's upper bound
// passed. Bureaus choose differently; the zero value, OvershootProportional,
// is the national reading.
type Overshoot uint8

const (
	// OvershootProportional scores weight × target ÷ actual (Rule
	// RuleInverse): 10 × 100 ÷ 120 = 8.33. It is the zero value and the
	// national default: 财预〔2020〕10号 (项目支出绩效评价管理办法) scores an
	// unmet quantitative indicator 按比例 (in proportion), and for indicators
	// where less is better the proportion is target ÷ actual, as DOMAIN.md
	// §4 and §6 record and local forms reproduce (not checked verbatim).
	OvershootProportional Overshoot = iota
	// OvershootFull gives the full weight whatever the overshoot (Rule
	// RuleOverFull): a bureau's choice to score cost savings' reverse only
	// by deduction elsewhere. Met stays false.
	OvershootFull
	// OvershootLinear scores (1 − overshoot ÷ target) × weight, overshoot =
	// actual − target, at least zero (Rule RuleOverLinear): 120 against
	// ≤100 scores (1 − 20 ÷ 100) × 10 = 8; 200 or more scores 0.
	OvershootLinear
)

// overshootTable holds the rules; empty text is OvershootProportional.
var overshootTable = enum.Table[Overshoot]{
	{V: OvershootProportional, Code: "proportional", Zh: "按指标值÷实际完成值计分", En: "weight × target ÷ actual", Aliases: []string{""}},
	{V: OvershootFull, Code: "full", Zh: "超出仍得满分", En: "full weight"},
	{V: OvershootLinear, Code: "linear", Zh: "按(1－超出部分÷指标值)×分值计分", En: "(1 − overshoot ÷ target) × weight"},
}

// String returns the code: "proportional", "full" or "linear".
func (o Overshoot) String() string { return overshootTable.String(int(o), "Overshoot") }

// Name describes the overshoot rule in the given language.
func (o Overshoot) Name(l performance.Lang) string {
	return overshootTable.Name(int(o), l, "Overshoot")
}

// Valid reports whether o is one of the three rules.
func (o Overshoot) Valid() bool { return int(o) < len(overshootTable) }

// MarshalText encodes the rule as its code.
func (o Overshoot) MarshalText() ([]byte, error) {
	if !o.Valid() {
		return nil, fmt.Errorf("goals: invalid overshoot %d", uint8(o))
	}
	return []byte(o.String()), nil
}

// ParseOvershoot reads "proportional", "full" or "linear" (or their
// Chinese names); the empty string gives OvershootProportional. Anything
// else is an error wrapping [ErrUnknownKind].
func ParseOvershoot(s string) (Overshoot, error) {
	if o, ok := overshootTable.ParseEn(s); ok {
		return o, nil
	}
	return OvershootProportional, unknownKind("overshoot", s, overshootTable)
}

// UnmarshalText decodes any form [ParseOvershoot] accepts.
func (o *Overshoot) UnmarshalText(b []byte) error {
	return enum.DecodeTable(o, overshootTable, true, ParseOvershoot, b)
}

// Config is the scoring rule (评分规则): the national self-evaluation rule of
// 财预〔2020〕10号 with each part a setting. The zero value is the national
// rule with scores and totals at two places half up; every zero field has
// the default its comment names. A Config is plain data and serialises to
// JSON with decimals as strings.
type Config struct {
	// Indicator rounds each indicator's score and the budget-execution
	// item. Zero: two places half up (illustrative: the convention of the
	// forms bureaus print; 财预〔2020〕10号 fixes no places or mode).
	Indicator Rounding `json:"indicator_rounding"`
	// Total rounds the total (and nothing else: subtotals are sums of
	// rounded scores). Zero: two places half up (illustrative, as
	// Indicator).
	Total Rounding `json:"total_rounding"`
	// Tolerance is how far an actual may lie from an Equal (=) target and
	// still count as equal, in the target's unit. Zero: exactly equal.
	Tolerance decimal.Decimal `json:"tolerance"`
	// AchievedMin and PartlyMin bound the bands of qualitative ratings, in
	// percent of the weight: achieved [AchievedMin, 100], partly achieved
	// [PartlyMin, AchievedMin), not achieved [0, PartlyMin). Zero: 80 and
	// 60, the national tiers of 财预〔2020〕10号 (项目支出绩效评价管理办法),
	// 附件 项目支出绩效自评表 填表说明, as widely reproduced: "定性指标根据指标
	// 完成情况分为：达成预期指标、部分达成预期指标并具有一定效果、未达成预期
	// 指标且效果较差三档，分别按照该指标对应分值区间100-80%（含）、80-60%
	// （含）、60-0%合理确定分值". （含） after 80% gives 80 to the top tier and
	// after 60% gives 60 to the middle one; each band owns its lower edge.
	// NOTE(fidelity): the search tool held no verbatim copy of the
	// document; the wording is the one local forms reproduce from it.
	AchievedMin decimal.Decimal `json:"achieved_min"`
	// PartlyMin is the lower bound of partly achieved; see AchievedMin.
	PartlyMin decimal.Decimal `json:"partly_min"`
	// TooLow flags a met target as possibly set too low (指标值设定偏低) when
	// the actual reaches TooLow times a ≥ or > target (or a ≤ or < target
	// is at least TooLow times the actual). The flag does not change the
	// score: it tells an evaluator where a deduction may be due. Zero: off.
	TooLow decimal.Decimal `json:"too_low"`
	// AssumeTargetUnit reads an actual printed without a unit in the unit
	// its target printed: 85 against ≤90万元 is 850000 元, 95 against ≥90%
	// is 95%. Off (the zero value), such an actual is a missing_unit
	// problem naming both values and the indicator scores zero: a figure
	// read in the wrong unit would score 0 instead of its proportion
	// without a word.
	AssumeTargetUnit bool `json:"assume_target_unit,omitempty"`
	// Overshoot is how an actual past a target where less is better
	// scores (see [Overshoot]). Zero: weight × target ÷ actual, the national
	// reading.
	Overshoot Overshoot `json:"overshoot,omitempty"`
	// Base is the budget the execution rate is measured against. Zero: the
	// adjusted annual budget (全年预算数), national: the budget column of the
	// self-evaluation form of 财预〔2020〕10号 附件.
	Base performance.BudgetBase `json:"budget_base"`
}

var (
	defaultAchievedMin = decimal.NewFromInt(80)
	defaultPartlyMin   = decimal.NewFromInt(60)
)

// bands returns the band bounds with defaults applied.
func (c Config) bands() (achievedMin, partlyMin decimal.Decimal) {
	achievedMin, partlyMin = c.AchievedMin, c.PartlyMin
	if achievedMin.IsZero() {
		achievedMin = defaultAchievedMin
	}
	if partlyMin.IsZero() {
		partlyMin = defaultPartlyMin
	}
	return achievedMin, partlyMin
}

// Validate checks the settings and returns every problem as
// [performance.Problems], or nil. Codes: invalid_rounding, invalid_tolerance,
// invalid_bands, invalid_too_low, invalid_overshoot, invalid_budget_base.
func (c Config) Validate() error {
	var ps performance.Problems
	if !c.Indicator.Valid() {
		ps.Add("invalid_rounding", "indicator_rounding", "指标得分舍入方式无效", "unknown indicator rounding")
	}
	if !c.Total.Valid() {
		ps.Add("invalid_rounding", "total_rounding", "总分舍入方式无效", "unknown total rounding")
	}
	if c.Tolerance.IsNegative() {
		ps.Add("invalid_tolerance", "tolerance", "容差不能为负", "tolerance must not be negative")
	}
	a, p := c.bands()
	if p.IsNegative() || !p.LessThan(a) || a.GreaterThan(hundred) {
		ps.Add("invalid_bands", "achieved_min",
			fmt.Sprintf("定性评价档次须满足 0 ≤ %s < %s ≤ 100", p, a),
			fmt.Sprintf("qualitative bands need 0 ≤ %s < %s ≤ 100", p, a))
	}
	if c.TooLow.IsNegative() || (c.TooLow.IsPositive() && c.TooLow.LessThan(decimal.NewFromInt(1))) {
		ps.Add("invalid_too_low", "too_low", "偏低判定倍数应不小于 1", "too-low factor must be at least 1")
	}
	if !c.Overshoot.Valid() {
		ps.Add("invalid_overshoot", "overshoot", "超出指标值计分方式无效", "unknown overshoot rule")
	}
	if c.Base != performance.BaseAdjusted && c.Base != performance.BaseInitial {
		ps.Add("invalid_budget_base", "budget_base", "预算口径无效", "unknown budget base")
	}
	return ps.Err()
}

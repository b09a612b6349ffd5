package goals

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// Review checks (审核要点): the codes a [ReviewCheck] names. Each is a
// part of the review 财预〔2015〕88号 第二十四条 asks for — completeness
// (完整性), relevance (相关性), appropriateness (适当性) and feasibility
// (可行性) — made mechanical where a machine can judge it.
const (
	// CheckStructure: the tree validates ([Tree.Validate]); each problem is
	// a finding with the problem's code (完整性).
	CheckStructure = "structure"
	// CheckLevels: each of the required level-1 kinds (by default output,
	// benefit and satisfaction: the three levels of a goals table) has at
	// least one indicator; finding missing_level1_kind (完整性).
	CheckLevels = "levels"
	// CheckQuantitative: each output level-2 kind listed in
	// ReviewRules.QuantitativeKinds that the tree uses has at least one
	// quantitative indicator (a number, a range or, for timeliness, a
	// deadline); finding no_quantitative (细化量化).
	CheckQuantitative = "quantitative"
	// CheckMeasurable: every target can be measured: no qualitative target
	// under output, no ≥ or > target of zero or less (met by anything);
	// finding not_measurable.
	CheckMeasurable = "measurable"
	// CheckPriorActual: no target is less demanding than last year's actual
	// (ReviewInput.Prior); finding below_prior_actual (适当性).
	CheckPriorActual = "prior_actual"
	// CheckCoreValue: no target is less demanding than the core value of the
	// matching core indicator of the project's category; finding
	// below_core_value, or core_unit_mismatch when the units differ.
	CheckCoreValue = "core_value"
	// CheckCoreMissing: every core indicator of the project's category is
	// in the tree (by ID or name); finding missing_core.
	CheckCoreMissing = "core_missing"
	// CheckCostEstimate: a cost indicator in money agrees with the cost
	// estimate (明细测算): equal to the amount of the cost line of the same
	// name, and never above the estimate's total; findings
	// cost_line_mismatch, cost_above_estimate (相关性).
	CheckCostEstimate = "cost_estimate"
	// CheckExperts: each expert's comment is a finding expert_comment at
	// the path the expert gave; the experts' mean score is the review's
	// starting score.
	CheckExperts = "experts"
)

var reviewChecks = []string{CheckStructure, CheckLevels, CheckQuantitative, CheckMeasurable, CheckPriorActual,
	CheckCoreValue, CheckCoreMissing, CheckCostEstimate, CheckExperts}

// A ReviewCheck switches one review check on, with what a finding of it
// costs. A check not listed in ReviewRules.Checks is not run.
type ReviewCheck struct {
	// Code is one of the Check constants (structure, levels, ...).
	Code string `json:"code"`
	// Deduction is the points each finding of the check takes off the
	// review score; zero records the finding without cost. At most 100.
	Deduction decimal.Decimal `json:"deduction"`
	// Fails makes any finding of the check fail the review whatever the
	// score: the grade is the scale's lowest.
	Fails bool `json:"fails,omitempty"`
	// Source names the rule the check rests on.
	Source string `json:"source,omitempty"`
}

// A ReviewGrade is one grade of a review scale: scores from Min (inclusive)
// up to the next grade's Min are given it.
type ReviewGrade struct {
	// Code is the grade's stable code, such as "excellent" or "pass".
	Code string `json:"code"`
	// Name is the grade as printed: 优 / excellent.
	Name performance.Text `json:"name"`
	// Min is the least score of the grade, in [0, 100].
	Min decimal.Decimal `json:"min"`
	// Pass reports whether goals of this grade go on to the budget; a
	// failing grade blocks funding through the ex-ante gates.
	Pass bool `json:"pass"`
}

// ReviewRules are the finance bureau's rules for reviewing goals (绩效目标
// 审核规则), as data: the checks run, what a finding costs, and the grade
// scale. The zero value runs no check and has no scale, which Validate
// rejects; start from [DefaultReviewRules].
type ReviewRules struct {
	// Version identifies the rules, as recorded in every [Review].
	Version string `json:"version"`
	// Source names the document the rules follow.
	Source string `json:"source,omitempty"`
	// Checks are the checks run, each at most once.
	Checks []ReviewCheck `json:"checks"`
	// RequiredLevel1 are the level-1 kinds CheckLevels requires; empty means
	// output, benefit and satisfaction.
	RequiredLevel1 []Level1 `json:"required_level1,omitempty"`
	// QuantitativeKinds are the output level-2 kinds CheckQuantitative
	// looks at; empty means quantity, quality, timeliness and cost.
	QuantitativeKinds []Level2 `json:"quantitative_kinds,omitempty"`
	// Grades is the scale, best first, with strictly decreasing Min; the
	// last grade's Min is 0 and it does not pass.
	Grades []ReviewGrade `json:"grades"`
}

// FourGrades returns the scale of 财预〔2015〕88号 第二十五条: 优 (goes on to
// the budget), 良 (completed with the unit, then goes on), 中 (revised and
// resubmitted) and 差 (does not go on). The article names the grades, not
// scores: the bands 90/80/60 are borrowed from the Ministry's unified bands
// for evaluation results (优 90–100, 良 80–89, 中 60–79, 差 0–59), an
// illustrative choice for review. 中 does not pass: the goals must be
// resubmitted before funding.
func FourGrades() []ReviewGrade {
	return []ReviewGrade{
		{Code: "excellent", Name: performance.Text{ZH: "优", EN: "excellent"}, Min: decimal.NewFromInt(90), Pass: true},
		{Code: "good", Name: performance.Text{ZH: "良", EN: "good"}, Min: decimal.NewFromInt(80), Pass: true},
		{Code: "fair", Name: performance.Text{ZH: "中", EN: "fair"}, Min: decimal.NewFromInt(60)},
		{Code: "poor", Name: performance.Text{ZH: "差", EN: "poor"}, Min: decimal.Zero},
	}
}

// PassGrades returns the three-level scale many bureaus print: 通过 (pass),
// 修改后通过 (pass after revision) and 不通过 (fail). The bands 80/60 are
// illustrative.
func PassGrades() []ReviewGrade {
	return []ReviewGrade{
		{Code: "pass", Name: performance.Text{ZH: "通过", EN: "pass"}, Min: decimal.NewFromInt(80), Pass: true},
		{Code: "pass_after_revision", Name: performance.Text{ZH: "修改后通过", EN: "pass after revision"}, Min: decimal.NewFromInt(60), Pass: true},
		{Code: "fail", Name: performance.Text{ZH: "不通过", EN: "fail"}, Min: decimal.Zero},
	}
}

// DefaultReviewRules returns a fresh copy of the default review rules: every
// check, the scale of [FourGrades]. Structure problems fail the review (a
// tree that does not validate cannot be issued with the budget); the
// deductions (levels 20, quantitative 10, measurable 5, prior actual 5,
// core value 5, core missing 10, cost estimate 10, expert comments 0 per
// finding) are illustrative.
func DefaultReviewRules() ReviewRules {
	const src = "财预〔2015〕88号 第二十四条; deduction illustrative"
	d := decimal.NewFromInt
	return ReviewRules{
		Version: "default-1",
		Source:  "财预〔2015〕88号 第二十四条、第二十五条",
		Checks: []ReviewCheck{
			{Code: CheckStructure, Fails: true, Source: "财预〔2015〕88号 第二十四条（完整性）"},
			{Code: CheckLevels, Deduction: d(20), Source: src},
			{Code: CheckQuantitative, Deduction: d(10), Source: src},
			{Code: CheckMeasurable, Deduction: d(5), Source: src},
			{Code: CheckPriorActual, Deduction: d(5), Source: src},
			{Code: CheckCoreValue, Deduction: d(5), Source: "财预〔2021〕101号; deduction illustrative"},
			{Code: CheckCoreMissing, Deduction: d(10), Source: "财预〔2021〕101号; deduction illustrative"},
			{Code: CheckCostEstimate, Deduction: d(10), Source: src},
			{Code: CheckExperts, Source: "财预〔2015〕88号 第二十六条"},
		},
		Grades: FourGrades(),
	}
}

// Validate checks the rules and returns every problem at once as
// [performance.Problems], or nil. Codes: unknown_check, duplicate_check,
// invalid_deduction (negative or above 100), no_grades, missing_code,
// duplicate_code, invalid_min (outside [0, 100]), grade_order (Min not
// strictly decreasing), last_min (the last grade's Min is not 0),
// last_passes (the last grade passes), invalid_level1, invalid_level2.
func (r *ReviewRules) Validate() error {
	var ps performance.Problems
	if r == nil {
		ps.Add("no_grades", "grades", "缺少审核规则", "no review rules")
		return ps
	}
	seen := map[string]int{}
	for i, c := range r.Checks {
		p := "checks[" + strconv.Itoa(i) + "]"
		known := false
		for _, k := range reviewChecks {
			known = known || c.Code == k
		}
		if !known {
			ps.Add("unknown_check", p+".code", fmt.Sprintf("未知的审核要点 %q", c.Code),
				fmt.Sprintf("unknown check %q (want %s)", c.Code, strings.Join(reviewChecks, ", ")))
		} else if j, dup := seen[c.Code]; dup {
			ps.Add("duplicate_check", p+".code", fmt.Sprintf("审核要点 %q 与 checks[%d] 重复", c.Code, j),
				fmt.Sprintf("check %q repeats checks[%d]", c.Code, j))
		} else {
			seen[c.Code] = i
		}
		if c.Deduction.IsNegative() || c.Deduction.GreaterThan(hundred) {
			ps.Add("invalid_deduction", p+".deduction", fmt.Sprintf("扣分 %s 应在 0 到 100 之间", c.Deduction),
				fmt.Sprintf("deduction %s must be in [0, 100]", c.Deduction))
		}
	}
	for i, k := range r.RequiredLevel1 {
		if k == Level1None || !k.Valid() {
			ps.Add("invalid_level1", "required_level1["+strconv.Itoa(i)+"]", "一级指标无效", "unknown level 1 kind")
		}
	}
	for i, k := range r.QuantitativeKinds {
		if !k.Valid() || k.Parent() != Output {
			ps.Add("invalid_level2", "quantitative_kinds["+strconv.Itoa(i)+"]", "应为产出指标下的二级指标",
				"want a level 2 kind under output")
		}
	}
	validateGrades(&ps, r.Grades)
	return ps.Err()
}

func validateGrades(ps *performance.Problems, gs []ReviewGrade) {
	if len(gs) == 0 {
		ps.Add("no_grades", "grades", "缺少审核等级", "no review grades")
		return
	}
	codes := map[string]int{}
	for i, g := range gs {
		p := "grades[" + strconv.Itoa(i) + "]"
		switch j, dup := codes[g.Code]; {
		case g.Code == "":
			ps.Add("missing_code", p+".code", "缺少等级代码", "grade code missing")
		case dup:
			ps.Add("duplicate_code", p+".code", fmt.Sprintf("等级代码 %q 与 grades[%d] 重复", g.Code, j),
				fmt.Sprintf("grade code %q repeats grades[%d]", g.Code, j))
		default:
			codes[g.Code] = i
		}
		if g.Min.IsNegative() || g.Min.GreaterThan(hundred) {
			ps.Add("invalid_min", p+".min", fmt.Sprintf("下限 %s 应在 0 到 100 之间", g.Min), fmt.Sprintf("min %s must be in [0, 100]", g.Min))
		}
		if i > 0 && !g.Min.LessThan(gs[i-1].Min) {
			ps.Add("grade_order", p+".min", "等级下限应从高到低严格递减", "grade minimums must strictly decrease")
		}
	}
	last := gs[len(gs)-1]
	p := "grades[" + strconv.Itoa(len(gs)-1) + "]"
	if !last.Min.IsZero() {
		ps.Add("last_min", p+".min", "最低等级的下限应为 0", "the lowest grade's min must be 0")
	}
	if last.Pass {
		ps.Add("last_passes", p+".pass", "最低等级不能为通过", "the lowest grade must not pass")
	}
}

// grade returns the grade of score, the lowest when failed.
func (r *ReviewRules) grade(score decimal.Decimal, failed bool) ReviewGrade {
	if !failed {
		for _, g := range r.Grades {
			if !score.LessThan(g.Min) {
				return g
			}
		}
	}
	return r.Grades[len(r.Grades)-1]
}

func (r *ReviewRules) requiredLevel1() []Level1 {
	if len(r.RequiredLevel1) > 0 {
		return r.RequiredLevel1
	}
	return []Level1{Output, Benefit, Satisfaction}
}

func (r *ReviewRules) quantitativeKinds() []Level2 {
	if len(r.QuantitativeKinds) > 0 {
		return r.QuantitativeKinds
	}
	return []Level2{Quantity, Quality, Timeliness, OutputCost}
}

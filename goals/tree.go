package goals

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
)

// ErrUnknownKind is returned (wrapped) when text names no known level-1 or
// level-2 kind, standard, framework, operator or rating.
var ErrUnknownKind = errors.New("goals: unknown kind")

// An Indicator is a level-3 indicator (三级指标): a concrete, scored measure
// under a level-1 and a level-2 kind, such as 培训人数 ≥100人 worth 10 points.
type Indicator struct {
	// ID identifies the indicator within its tree, if the caller has one
	// (for example the code of the indicator library entry it came from).
	ID string `json:"id,omitempty"`
	// Level1 is the level-1 kind (一级指标).
	Level1 Level1 `json:"level1"`
	// Level2 is the level-2 kind (二级指标); Level2Other uses Level2Name.
	Level2 Level2 `json:"level2,omitempty"`
	// Level2Name names the level-2 group as the table prints it; required
	// for Level2Other, optional otherwise.
	Level2Name string `json:"level2_name,omitempty"`
	// Name is the indicator's name (三级指标名称), such as 培训人数.
	Name string `json:"name"`
	// Target is the target value (年度指标值).
	Target Target `json:"target"`
	// Weight is the indicator's points (分值).
	Weight decimal.Decimal `json:"weight"`
	// Standard is what the target rests on (指标值确定依据).
	Standard Standard `json:"standard,omitempty"`
	// Scoring is an optional custom scoring expression (自定义评分公式) in
	// the syntax of the rules package, evaluated against [ScoringEnv]; its
	// value, held to [0, Weight] and rounded, replaces the national rule.
	// Empty means the national rule.
	Scoring string `json:"scoring,omitempty"`
}

// A Tree is a project's performance goals (绩效目标) as an indicator tree:
// level-3 indicators, each tagged with its level-1 and level-2 kinds, in
// the order of the goals table. Subtotals group them by kind (see
// [Result]).
//
// The zero value is an empty tree, which validation rejects. Build one with
// [NewTree], or decode JSON and call [Tree.Validate]. A Tree is not modified
// by scoring; [NewScorer] copies what it needs.
type Tree struct {
	// Framework is the setting the tree is used in; it decides whether
	// output plus benefit must weigh at least 60.
	Framework EvaluationKind `json:"framework"`
	// Total is the declared sum of the indicators' weights. Zero means 100.
	// A self-evaluation form's separately added budget-execution item is
	// not counted: under the national form the indicators weigh 90.
	Total decimal.Decimal `json:"total"`
	// Indicators are the level-3 indicators in table order.
	Indicators []Indicator `json:"indicators"`
}

// hundred is 100, the default total of a tree and of a form.
var hundred = decimal.NewFromInt(100)

// minOutputBenefit is the least weight output plus benefit carry in finance
// and department evaluations. Source: national as a guideline, 财预〔2020〕10号
// (原则上, in principle; article not verified).
var minOutputBenefit = decimal.NewFromInt(60)

// NewTree returns a tree of the given indicators, declared to weigh total
// (zero means 100), after validating it. The indicators are copied. The error
// is a [performance.Problems] listing every problem (see [Tree.Validate]).
// NewTree checks custom scoring expressions without host options; a tree
// whose expressions call host functions is built as a literal and checked
// with Validate(opts...).
func NewTree(f EvaluationKind, total decimal.Decimal, indicators ...Indicator) (*Tree, error) {
	t := &Tree{Framework: f, Total: total, Indicators: append([]Indicator(nil), indicators...)}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return t, nil
}

// DeclaredTotal returns Total, or 100 when Total is zero.
func (t *Tree) DeclaredTotal() decimal.Decimal {
	if t.Total.IsZero() {
		return hundred
	}
	return t.Total
}

// Validate checks the tree and returns every problem at once as
// [performance.Problems], or nil. Codes:
//
//	no_indicators           the tree has no indicators
//	invalid_framework       framework is not a known value
//	invalid_total           total is negative
//	weight_total            the weights do not sum to the declared total
//	no_output, no_benefit   no output or no benefit indicator
//	output_benefit_below_60 finance or department framework, output+benefit < 60
//	missing_level1          an indicator has no level-1 kind
//	invalid_level1          an indicator's level-1 kind is not a known value
//	invalid_level2          an indicator's level-2 kind is not a known value
//	level2_mismatch         a level-2 kind under the wrong level-1 kind
//	missing_level2_name     Level2Other without a name
//	missing_name            an indicator has no name
//	duplicate_id            two indicators share an ID
//	invalid_weight          a weight is zero or negative
//	invalid_standard        the standard is not a known value
//	invalid_operator        the operator is not a known value
//	missing_target          the target is empty
//	missing_unit            a quantitative target has no unit
//	quantity_not_numeric    a quantity (数量) indicator has a qualitative target
//	invalid_range           a range's lower bound is above its upper bound
//	invalid_scoring         a custom scoring expression does not compile
//
// Paths follow the JSON form: "indicators[2].weight".
//
// Custom scoring expressions are compiled with opts, the host's rules
// options: a tree whose expressions call a host function validates only
// when the option registering it is given, and otherwise has an
// invalid_scoring problem naming the unknown function.
func (t *Tree) Validate(opts ...rules.Option) error {
	var ps performance.Problems
	if !t.Framework.Valid() {
		ps.Add("invalid_framework", "framework", "评价框架无效", "unknown framework")
	}
	if t.Total.IsNegative() {
		ps.Add("invalid_total", "total", "总分值不能为负", "total must not be negative")
	}
	if len(t.Indicators) == 0 {
		ps.Add("no_indicators", "indicators", "没有绩效指标", "the tree has no indicators")
		return ps.Err()
	}
	var total, ob exact.Sum // all weights; output and benefit weights
	var ids map[string]int
	for i := range t.Indicators {
		in := &t.Indicators[i]
		validateIndicator(&ps, i, in, opts)
		if in.ID != "" {
			if ids == nil {
				ids = make(map[string]int, len(t.Indicators))
			}
			if j, dup := ids[in.ID]; dup {
				ps.Add("duplicate_id", ipath(i, ".id"),
					fmt.Sprintf("指标编号 %q 与 indicators[%d] 重复", in.ID, j),
					fmt.Sprintf("id %q repeats indicators[%d]", in.ID, j))
			} else {
				ids[in.ID] = i
			}
		}
		total.Add(in.Weight)
		if in.Level1 == Output || in.Level1 == Benefit {
			ob.Add(in.Weight)
		}
	}
	if want := t.DeclaredTotal(); total.Cmp(want) != 0 {
		ps.Add("weight_total", "indicators",
			fmt.Sprintf("指标分值合计 %s，应为 %s", total.Value(), want),
			fmt.Sprintf("weights sum to %s, want %s", total.Value(), want))
	}
	if !t.has(Output) {
		ps.Add("no_output", "indicators", "缺少产出指标", "no output indicator")
	}
	if !t.has(Benefit) {
		ps.Add("no_benefit", "indicators", "缺少效益指标", "no benefit indicator")
	}
	if t.Framework == FinanceEvaluation || t.Framework == DepartmentEvaluation {
		if ob.Cmp(minOutputBenefit) < 0 {
			ps.Add("output_benefit_below_60", "indicators",
				fmt.Sprintf("%s中产出和效益指标分值合计 %s，不应低于 60", t.Framework.Name(performance.LangZH), ob.Value()),
				fmt.Sprintf("in a %s output and benefit weigh %s, at least 60 required", t.Framework.Name(performance.LangEN), ob.Value()))
		}
	}
	return ps.Err()
}

func (t *Tree) has(k Level1) bool {
	for i := range t.Indicators {
		if t.Indicators[i].Level1 == k {
			return true
		}
	}
	return false
}

// ipath returns the path of a field of indicator i: "indicators[2].weight".
// Paths are built only for problems, so valid trees cost no strings.
func ipath(i int, field string) string {
	return "indicators[" + strconv.Itoa(i) + "]" + field
}

func validateIndicator(ps *performance.Problems, i int, in *Indicator, opts []rules.Option) {
	switch {
	case in.Level1 == Level1None:
		ps.Add("missing_level1", ipath(i, ".level1"), "缺少一级指标", "level 1 kind missing")
	case !in.Level1.Valid():
		ps.Add("invalid_level1", ipath(i, ".level1"), "一级指标无效", "unknown level 1 kind")
	}
	switch {
	case !in.Level2.Valid():
		ps.Add("invalid_level2", ipath(i, ".level2"), "二级指标无效", "unknown level 2 kind")
	case in.Level2 == Level2Other && in.Level2Name == "":
		ps.Add("missing_level2_name", ipath(i, ".level2_name"), "缺少二级指标名称", "level 2 name missing")
	case in.Level2 != Level2Other && in.Level1.Valid() && in.Level1 != Level1None && in.Level2.Parent() != in.Level1:
		ps.Add("level2_mismatch", ipath(i, ".level2"),
			fmt.Sprintf("%s不属于%s", in.Level2.Name(performance.LangZH), in.Level1.Name(performance.LangZH)),
			fmt.Sprintf("%s does not belong under %s", in.Level2.Name(performance.LangEN), in.Level1.Name(performance.LangEN)))
	}
	if in.Name == "" {
		ps.Add("missing_name", ipath(i, ".name"), "缺少指标名称", "indicator name missing")
	}
	if !in.Weight.IsPositive() {
		ps.Add("invalid_weight", ipath(i, ".weight"),
			fmt.Sprintf("分值 %s 应大于 0", in.Weight), fmt.Sprintf("weight %s must be positive", in.Weight))
	}
	if !in.Standard.Valid() {
		ps.Add("invalid_standard", ipath(i, ".standard"), "指标值确定依据无效", "unknown standard")
	}
	validateTarget(ps, i, in)
	if in.Scoring != "" {
		checkScoring(ps, ipath(i, ".scoring"), in.Scoring, opts)
	}
}

func validateTarget(ps *performance.Problems, i int, in *Indicator) {
	tg := &in.Target
	switch {
	case !tg.Op.Valid():
		ps.Add("invalid_operator", ipath(i, ".target.op"), "比较方式无效", "unknown operator")
	case tg.Op == Qualitative:
		if tg.Text == "" {
			ps.Add("missing_target", ipath(i, ".target"), "缺少指标值", "target missing")
		} else if in.Level2 == Quantity {
			ps.Add("quantity_not_numeric", ipath(i, ".target"),
				fmt.Sprintf("数量指标的指标值应为数值，而不是 %q", tg.Text),
				fmt.Sprintf("a quantity indicator needs a numeric target, not %q", tg.Text))
		}
	case tg.IsDeadline():
	case tg.Unit == "" && tg.Value.IsZero() && tg.Text == "" && (tg.Op != Range || tg.Upper.IsZero()):
		ps.Add("missing_target", ipath(i, ".target"), "缺少指标值", "target missing")
	default:
		if tg.Unit == "" {
			ps.Add("missing_unit", ipath(i, ".target.unit"), "定量指标缺少计量单位", "quantitative target has no unit")
		}
		if tg.Op == Range && tg.Value.GreaterThan(tg.Upper) {
			ps.Add("invalid_range", ipath(i, ".target.upper"),
				fmt.Sprintf("区间下限 %s 高于上限 %s", tg.Value, tg.Upper),
				fmt.Sprintf("range lower bound %s above upper bound %s", tg.Value, tg.Upper))
		}
	}
}

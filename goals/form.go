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

// ExecutionScore is the score of the budget-execution item of a
// self-evaluation form (预算执行率得分): weight × executed ÷ budget, at most
// the weight, with the figures that produced it.
type ExecutionScore struct {
	// Weight is the item's points (分值), 10 in the national form.
	Weight decimal.Decimal
	// Execution holds the budget and executed amounts, in yuan.
	Execution performance.Execution
	// Base is the budget the rate was measured against.
	Base performance.BudgetBase
	// Rate is the exact execution rate executed ÷ budget (预算执行率).
	Rate performance.Ratio
	// Capped reports that the rate exceeded 100% and the score was held at
	// the weight.
	Capped bool
	// Rounding is the rounding applied to the value.
	Rounding Rounding

	units int64
}

// Value returns the item's score in points.
func (e *ExecutionScore) Value() decimal.Decimal {
	return decimal.New(e.units, -e.Rounding.Places())
}

// ScoreExecution scores the budget-execution item: weight × executed ÷
// budget of cfg.Base, at most the weight and at least zero, rounded as
// cfg.Indicator says. An execution rate of 91.37% on a weight of 10 scores
// 9.14 at two places.
//
// It returns an error wrapping [performance.ErrZeroDenominator] for a zero
// budget, and ErrWeight for a weight that is not positive or has more decimal
// places than the rounding keeps (2.5 points at whole points).
func ScoreExecution(weight decimal.Decimal, e performance.Execution, cfg Config) (ExecutionScore, error) {
	if es, ok := scoreExecutionFast(weight, e, cfg); ok {
		return es, nil
	}
	return scoreExecutionDecimal(weight, e, cfg)
}

// scoreExecutionFast is ScoreExecution in int64 arithmetic without
// allocating. It answers (ok) only for a positive weight with no more places
// than the rounding keeps and below 10^18 units at those places, a non-zero
// budget, and figures whose coefficients fit in int64 with products in 128
// bits — the usual case;
// otherwise, and for every error, the caller takes the decimal path, which
// gives the same score (TestExecutionFastEqualsDecimal,
// FuzzExecutionFastEqualsDecimal).
func scoreExecutionFast(weight decimal.Decimal, e performance.Execution, cfg Config) (ExecutionScore, bool) {
	if !weight.IsPositive() {
		return ExecutionScore{}, false
	}
	places := cfg.Indicator.Places()
	w, ok := exact.FromDecimal(weight)
	if !ok {
		return ExecutionScore{}, false
	}
	// The weight at places, exactly: this fails for a weight with more
	// places than kept (an error on the decimal path) or one too large.
	for w.E+places < 0 && w.E < 0 && w.C%10 == 0 { // 10.00 at whole points is 10
		w.C, w.E = w.C/10, w.E+1
	}
	// The decimal path holds the weight at places in at most 18 digits
	// (fitsUnits), a tighter bound than maxUnits.
	full, ok := exact.AtPlaces(w, places)
	if !ok || full >= 1e18 {
		return ExecutionScore{}, false
	}
	budget := e.Budget(cfg.Base)
	x, ok1 := exact.FromDecimal(e.Executed)
	b, ok2 := exact.FromDecimal(budget)
	if !ok1 || !ok2 || b.C == 0 {
		return ExecutionScore{}, false
	}
	// rate ≥ 1 ⇔ executed ≥ budget for a positive budget, ≤ for a negative
	// one (Ratio.CmpDecimal flips the comparison by the budget's sign).
	c, ok := exact.Cmp(x, b)
	if !ok {
		return ExecutionScore{}, false
	}
	if b.C < 0 {
		c = -c
	}
	es := ExecutionScore{Weight: weight, Execution: e, Base: cfg.Base, Rounding: cfg.Indicator,
		Rate: performance.Ratio{Num: e.Executed, Den: budget}}
	if c >= 0 {
		es.Capped, es.units = c > 0, full
		return es, true
	}
	u, ok := exact.MulDiv(w, x, b, places)
	if !ok {
		return ExecutionScore{}, false
	}
	es.units = clampUnits(u, full)
	return es, true
}

// scoreExecutionDecimal is ScoreExecution on shopspring/decimal throughout:
// the reference the fast path is tested against, and the path of every error
// and of figures too large for int64.
func scoreExecutionDecimal(weight decimal.Decimal, e performance.Execution, cfg Config) (ExecutionScore, error) {
	es := ExecutionScore{Weight: weight, Execution: e, Base: cfg.Base, Rounding: cfg.Indicator}
	if !weight.IsPositive() {
		return es, fmt.Errorf("%w: execution weight %s", ErrWeight, weight)
	}
	places := cfg.Indicator.Places()
	if !fitsUnits(weight, places) {
		return es, fmt.Errorf("%w: execution weight %s is too large", ErrWeight, weight)
	}
	if !weight.Equal(weight.Round(places)) {
		return es, fmt.Errorf("%w: execution weight %s has more decimal places than scores are %s to", ErrWeight, weight, cfg.Indicator.Name(performance.LangEN))
	}
	rate, err := e.Rate(cfg.Base)
	if err != nil {
		return es, fmt.Errorf("goals: execution rate against the %s budget: %w", cfg.Base, err)
	}
	es.Rate = rate
	full := weight.Shift(places).IntPart()
	if rate.CmpDecimal(decimal.NewFromInt(1)) >= 0 {
		es.Capped = rate.CmpDecimal(decimal.NewFromInt(1)) > 0
		es.units = full
		return es, nil
	}
	v := weight.Mul(e.Executed).DivRound(e.Budget(cfg.Base), places)
	if v.Sign() <= 0 { // a negative rate scores nothing (IntPart of a huge one would wrap)
		return es, nil
	}
	es.units = clampUnits(v.Shift(places).IntPart(), full) // rate < 1: v ≤ weight fits
	return es, nil
}

// ErrWeight is returned (wrapped) for a weight that is not positive, or
// that the rounding cannot score in full.
var ErrWeight = errors.New("goals: weight must be positive")

// Weights are the points of a self-evaluation form's parts (自评表分值). If
// every field is zero, the national weights apply: execution 10, output 50,
// benefit 30, satisfaction 10 (财预〔2020〕10号); otherwise the fields are used
// as given, a zero field meaning the part carries no points.
type Weights struct {
	// Execution weighs the budget-execution item (预算执行率).
	Execution decimal.Decimal `json:"execution"`
	// Output weighs the output indicators (产出指标).
	Output decimal.Decimal `json:"output"`
	// Benefit weighs the benefit indicators (效益指标).
	Benefit decimal.Decimal `json:"benefit"`
	// Satisfaction weighs the satisfaction indicators (满意度指标).
	Satisfaction decimal.Decimal `json:"satisfaction"`
	// Cost weighs the cost indicators (成本指标) of newer forms.
	Cost decimal.Decimal `json:"cost"`
}

// NationalWeights returns the national self-evaluation weights 10/50/30/10
// (budget execution 10, output 50, benefit 30, satisfaction 10) as a fresh
// value. Source: 财预〔2020〕10号, 附件 项目支出绩效自评表 (adjustable with
// reason), as widely reproduced; not checked verbatim here.
func NationalWeights() Weights {
	return Weights{
		Execution:    decimal.NewFromInt(10),
		Output:       decimal.NewFromInt(50),
		Benefit:      decimal.NewFromInt(30),
		Satisfaction: decimal.NewFromInt(10),
		Cost:         decimal.Zero,
	}
}

func (w Weights) isZero() bool {
	return w.Execution.IsZero() && w.Output.IsZero() && w.Benefit.IsZero() && w.Satisfaction.IsZero() && w.Cost.IsZero()
}

// orNational returns w, or the national weights when w is all zero.
func (w Weights) orNational() Weights {
	if w.isZero() {
		return NationalWeights()
	}
	return w
}

// Sum returns the total of the weights (100 for the national form).
func (w Weights) Sum() decimal.Decimal {
	w = w.orNational()
	return w.Execution.Add(w.Output).Add(w.Benefit).Add(w.Satisfaction).Add(w.Cost)
}

// of returns the weight of a level-1 part.
func (w Weights) of(k Level1) decimal.Decimal {
	switch k {
	case Output:
		return w.Output
	case Benefit:
		return w.Benefit
	case Satisfaction:
		return w.Satisfaction
	case Cost:
		return w.Cost
	}
	return decimal.Zero
}

// A Form is a project's self-evaluation form (项目支出绩效自评表): the goals
// tree with its actuals, the budget execution figures and the weights of the
// parts. The tree's Total excludes the execution item: 90 under the national
// weights.
type Form struct {
	// Tree is the project's goals; its indicators carry the output,
	// benefit, satisfaction (and cost) points.
	Tree *Tree `json:"tree"`
	// Weights are the parts' points; all zero means national.
	Weights Weights `json:"weights"`
	// Execution holds the budget and executed amounts.
	Execution performance.Execution `json:"execution"`
	// Actuals are the actual values, one per indicator in tree order.
	Actuals []Actual `json:"actuals"`
}

// Validate checks the form and returns every problem at once as
// [performance.Problems], or nil: the tree's problems with paths prefixed
// "tree"; form_total when the tree's declared total plus the execution
// weight differ from the weights' sum; part_weight when a level-1 part of the
// tree weighs other than its form weight (path "weights.output", ...);
// invalid_weight for a negative or zero execution weight; zero_budget when
// the budget of the base is zero; actual_count when the actuals do not match
// the indicators; unit_mismatch when an actual's unit is not its target's
// (path "actuals[i].unit"). Custom scoring expressions are checked with
// opts, the host's rules options (see [Tree.Validate]).
func (f *Form) Validate(cfg Config, opts ...rules.Option) error { return f.validate(cfg, true, opts) }

// ValidateScorable checks what [Form.Score] checks before it scores
// (可评分性检查): every problem Validate names except single actuals' units, which
// do not stop scoring (Score reports unit_mismatch beside its result, with
// that indicator at zero). A batch that scores many forms checks each with
// it, so that a form is scored or rejected as Score would, whichever form
// of a shared tree it meets first.
func (f *Form) ValidateScorable(cfg Config, opts ...rules.Option) error {
	return f.validate(cfg, false, opts)
}

// validate checks the form; with actuals it also checks each actual's unit
// against its target's.
func (f *Form) validate(cfg Config, actuals bool, opts []rules.Option) error {
	var ps performance.Problems
	w := f.Weights.orNational()
	if f.Tree == nil {
		ps.Add("no_indicators", "tree", "缺少绩效目标", "no goals tree")
		return ps
	}
	ps = appendProblems(ps, f.Tree.Validate(opts...), "tree")
	if !w.Execution.IsPositive() {
		ps.Add("invalid_weight", "weights.execution", "预算执行率分值应大于 0", "execution weight must be positive")
	}
	if got, want := f.Tree.DeclaredTotal().Add(w.Execution), w.Sum(); !got.Equal(want) {
		ps.Add("form_total", "tree.total",
			fmt.Sprintf("指标总分值 %s 加预算执行率分值 %s 不等于 %s", f.Tree.DeclaredTotal(), w.Execution, want),
			fmt.Sprintf("indicator total %s plus execution weight %s is not %s", f.Tree.DeclaredTotal(), w.Execution, want))
	}
	for _, k := range []Level1{Output, Benefit, Satisfaction, Cost} {
		sum := decimal.Zero
		for i := range f.Tree.Indicators {
			if f.Tree.Indicators[i].Level1 == k {
				sum = sum.Add(f.Tree.Indicators[i].Weight)
			}
		}
		if want := w.of(k); !sum.Equal(want) {
			ps.Add("part_weight", "weights."+k.String(),
				fmt.Sprintf("%s分值合计 %s，表中应为 %s", k.Name(performance.LangZH), sum, want),
				fmt.Sprintf("%s indicators weigh %s, the form says %s", k.Name(performance.LangEN), sum, want))
		}
	}
	if f.Execution.Budget(cfg.Base).IsZero() {
		ps.Add("zero_budget", "execution", "预算数为零，无法计算预算执行率", "zero budget: no execution rate")
	}
	if len(f.Actuals) != len(f.Tree.Indicators) {
		ps.Add("actual_count", "actuals",
			fmt.Sprintf("实际完成值 %d 项，指标 %d 项", len(f.Actuals), len(f.Tree.Indicators)),
			fmt.Sprintf("%d actuals for %d indicators", len(f.Actuals), len(f.Tree.Indicators)))
	}
	if actuals {
		for i := range f.Actuals {
			if i >= len(f.Tree.Indicators) {
				break
			}
			a, tg := &f.Actuals[i], &f.Tree.Indicators[i].Target
			if a.Unit == "" || !tg.Quantitative() {
				continue
			}
			if _, ok := unitShift(a.Unit, tg.Unit); !ok {
				ps.Add("unit_mismatch", "actuals["+strconv.Itoa(i)+"].unit",
					fmt.Sprintf("实际完成值单位“%s”与指标值单位“%s”不一致", a.Unit, tg.Unit),
					fmt.Sprintf("actual unit %q differs from the target's %q", a.Unit, tg.Unit))
			}
		}
	}
	return ps.Err()
}

// FormResult is the score of a self-evaluation form: the execution item,
// the indicators' result and the total. Grading the total against a grade
// scheme is the caller's (see performance.Scheme).
type FormResult struct {
	Execution  ExecutionScore
	Indicators *Result
	// Rounding is the rounding of the total.
	Rounding Rounding

	totalPlaces int32
	total       int64
}

// Total returns the form's total: execution score plus indicator scores,
// rounded as Rounding says.
func (r *FormResult) Total() decimal.Decimal { return decimal.New(r.total, -r.totalPlaces) }

// Score scores the form under cfg. The form is validated first; a form with
// problems is not scored and the error is the [performance.Problems]. Problems
// of single actuals (missing, wrong unit) do not stop scoring: the result is
// returned with those indicators at zero, together with the problems.
// Custom scoring expressions compile with opts, the host's rules options
// (see [NewScorer]).
func (f *Form) Score(cfg Config, opts ...rules.Option) (*FormResult, error) {
	if err := f.ValidateScorable(cfg, opts...); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s, err := NewScorer(f.Tree, cfg, opts...)
	if err != nil {
		return nil, err
	}
	w := f.Weights.orNational()
	es, err := ScoreExecution(w.Execution, f.Execution, cfg)
	if err != nil {
		return nil, err
	}
	tr := new(Result)
	scoreErr := s.ScoreTo(tr, f.Actuals)
	places := cfg.Indicator.Places()
	fr := &FormResult{Execution: es, Indicators: tr, Rounding: cfg.Total}
	fr.totalPlaces = min(places, cfg.Total.Places())
	fr.total = exact.RoundUnits(tr.sum()+es.units, places, fr.totalPlaces)
	return fr, scoreErr
}

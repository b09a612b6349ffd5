package goals

import (
	"errors"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
)

// ScoringEnv is what a custom scoring expression (自定义评分公式, see
// Indicator.Scoring) sees: the indicator's figures and how the actual
// compares with the target. Expressions use the rules package's syntax and
// its exact arithmetic, so a division names its rounding:
//
//	Met ? Weight : div(Weight * Actual, Target, 4)
//	Actual >= Target ? Weight : (Actual >= Target * 0.8 ? Weight * 0.6 : 0)
//	DaysLate <= 0 ? Weight : max(Weight - DaysLate * 0.5, 0)
type ScoringEnv struct {
	// Weight is the indicator's points (分值).
	Weight decimal.Decimal
	// Target is the target value, or the lower bound of a range; zero for
	// qualitative targets and deadlines.
	Target decimal.Decimal
	// Upper is the upper bound of a range; zero otherwise.
	Upper decimal.Decimal
	// Actual is the actual value in the target's unit (money in yuan); zero
	// for qualitative targets and deadlines.
	Actual decimal.Decimal
	// Met reports whether the target was met under its operator (for a
	// qualitative target: rated achieved; for a deadline: on time).
	Met bool
	// Rating is the qualitative rating's code ("achieved",
	// "partly_achieved", "not_achieved"), or "".
	Rating string
	// Point is the evaluator's point in percent of the weight (qualitative
	// targets), or zero.
	Point decimal.Decimal
	// DaysLate is how many days after the deadline the work was done
	// (negative when early); zero for other targets.
	DaysLate int64
}

// scoreOutput is the output name of a custom scoring rule.
const scoreOutput = "score"

// compileScoring compiles an indicator's custom scoring expression with the
// host's options (functions, types, limits).
func compileScoring(expr string, opts []rules.Option) (*rules.Program[ScoringEnv], error) {
	set := &rules.Set{ID: "scoring", Rules: []rules.Rule{{
		ID: "scoring", When: "true",
		Outputs: []rules.Output{{Name: scoreOutput, Type: rules.TypeNumber, Expr: expr}},
	}}}
	return rules.Compile[ScoringEnv](set, opts...)
}

// checkScoring adds a problem for an expression that does not compile with
// opts.
func checkScoring(ps *performance.Problems, path string, expr string, opts []rules.Option) {
	if _, err := compileScoring(expr, opts); err != nil {
		scoringProblem(ps, path, err)
	}
}

// scoringProblem adds the invalid_scoring problem of a compile error.
func scoringProblem(ps *performance.Problems, path string, err error) {
	msg := err.Error()
	var re *rules.Error
	if errors.As(err, &re) {
		msg = re.Error()
	}
	ps.Add("invalid_scoring", path,
		"自定义评分公式有误："+msg, "custom scoring expression: "+msg)
}

// scoreCustom scores an indicator with its compiled expression.
func (s *Scorer) scoreCustom(it *item, sc *Score, places int32) string {
	in := sc.Indicator
	a := &sc.Actual
	env := ScoringEnv{Weight: in.Weight, Target: in.Target.Value, Upper: in.Target.Upper}
	switch {
	case it.op == Qualitative:
		s.scoreBand(it, a, sc, places)
		if sc.Rule == RuleInvalid {
			return "point_outside_band"
		}
		env.Rating, env.Point, env.Met = a.Rating.String(), sc.Point, sc.Met
	case it.deadline:
		env.DaysLate = dayNumber(a.Date) - int64(it.deadlineDay)
		env.Met = env.DaysLate <= 0
		env.Target = decimal.Zero
	default:
		shift, code := actualShift(a, &in.Target, it.unit, s.cfg.AssumeTargetUnit)
		if code != "" {
			sc.Rule = RuleInvalid
			return code
		}
		v := a.Value.Decimal
		if shift != 0 {
			v = v.Shift(shift)
		}
		env.Actual = v
		var probe Score
		probe.Indicator = in
		s.quantDecimal(it, in, v, &probe, places)
		env.Met = probe.Met
		sc.TooLow = probe.TooLow
	}
	sc.Met = env.Met
	res, err := s.customs[sc.Index].Eval(&env, rules.EvalOptions{})
	if err != nil || len(res.Errors) > 0 || len(res.Fired) == 0 {
		sc.Rule, sc.units = RuleInvalid, 0
		return "scoring_error"
	}
	out, _ := res.Fired[0].Output(scoreOutput)
	w := in.Weight
	v := out.Decimal()
	switch {
	case v.IsNegative():
		v = decimal.Zero
	case v.GreaterThan(w):
		v = w
	}
	sc.Rule = RuleCustom
	sc.units = v.Round(places).Shift(places).IntPart()
	return ""
}

package goals

import "github.com/shopspring/decimal"

// Exact returns the indicator's score before rounding as the fraction
// num ÷ den (den positive), held to [0, weight] as the rounded score is:
// weight × actual ÷ target for RuleProportional, weight × target ÷ actual
// for RuleInverse, weight × (2·target − actual) ÷ target for RuleOverLinear, weight × point ÷ 100 for RuleBand, the weight for
// RuleMet and zero for the rules that score nothing. A custom score
// (RuleCustom) is its rounded value: the expression's own arithmetic is not
// kept. A reconciliation uses it to tell a stated score rounded another way
// (down, up, to another place) from a real difference.
func (s *Score) Exact() (num, den decimal.Decimal) {
	in := s.Indicator
	one := decimal.NewFromInt(1)
	if in == nil {
		return decimal.Zero, one
	}
	w := in.Weight
	tg := &in.Target
	switch s.Rule {
	case RuleMet, RuleOverFull:
		return w, one
	case RuleBand:
		return w.Mul(s.Point), hundred
	case RuleCustom:
		return s.Value(), one
	case RuleProportional, RuleInverse, RuleOverLinear:
	default:
		return decimal.Zero, one
	}
	a, ok := s.Actual.value(tg, s.assumeUnit())
	if !ok {
		return decimal.Zero, one
	}
	up := tg.Value
	if tg.Op == Range {
		up = tg.Upper
	}
	switch s.Rule {
	case RuleProportional:
		num, den = w.Mul(a), tg.Value
	case RuleOverLinear:
		num, den = w.Mul(up.Add(up).Sub(a)), up
	default:
		num, den = w.Mul(up), a
	}
	if den.IsNegative() {
		num, den = num.Neg(), den.Neg()
	}
	switch {
	case !den.IsPositive() || num.IsNegative():
		return decimal.Zero, one
	case num.GreaterThan(w.Mul(den)):
		return w, one
	}
	return num, den
}

// Units returns the execution score as a count of units of 10^-places,
// exactly: Value is decimal.New(units, -places). Unlike Value it does not
// allocate, for callers that add or compare scores in integers.
func (e *ExecutionScore) Units() (units int64, places int32) {
	return e.units, e.Rounding.Places()
}

// TotalUnits returns the total as a count of units of 10^-places,
// exactly: Total is decimal.New(units, -places). Unlike Total it does not
// allocate.
func (r *Result) TotalUnits() (units int64, places int32) { return r.total, r.totalPlaces }

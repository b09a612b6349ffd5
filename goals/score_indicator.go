package goals

// Scoring one indicator (scoreOne, which Scorer.ScoreTo calls for each):
// the quantitative rule in int64 units or in decimals, and the rating
// bands.

import (
	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/shopspring/decimal"
)

// scoreOne scores the actual a into sc, whose Indicator is set, and
// returns the code of a problem with the actual, or "". a is sc's own
// Actual, or (Scorer.ScoreSum, on a tree without custom expressions) the
// caller's: scoreOne reads the actual only through a.
func (s *Scorer) scoreOne(it *item, a *Actual, sc *Score, places int32) string {
	v, ok := it.fixedValue(a)
	return s.scoreFixed(it, a, v, ok, sc, places)
}

// scoreFixed is scoreOne with the actual's value already converted by
// it.fixedValue (v, ok).
func (s *Scorer) scoreFixed(it *item, a *Actual, v exact.Fixed, ok bool, sc *Score, places int32) string {
	in := sc.Indicator
	if !it.reported(a) {
		sc.Rule = RuleMissing
		return "missing_actual"
	}
	if it.custom {
		return s.scoreCustom(it, sc, places)
	}
	switch {
	case it.op == Qualitative:
		return s.scoreBand(it, a, sc, places)
	case it.deadline:
		if dayNumber(a.Date) <= int64(it.deadlineDay) {
			sc.Rule, sc.Met, sc.units = RuleMet, true, s.fullUnits(it, in, places)
		} else {
			sc.Rule = RuleLate
		}
		return ""
	}
	// An actual in the target's own unit, the usual case, needs no look at
	// the indicator: actualShift gives 0 for it.
	var shift int32
	if a.Unit == "" || a.Unit != it.unit {
		var code string
		if shift, code = actualShift(a, &in.Target, it.unit, s.cfg.AssumeTargetUnit); code != "" {
			sc.Rule = RuleInvalid
			return code
		}
	}
	if ok {
		if v.C != 0 {
			v.E += shift
		}
		if s.quantFast(it, v, sc, places) {
			return ""
		}
	}
	d := a.Value.Decimal
	if shift != 0 {
		d = d.Shift(shift)
	}
	s.quantDecimal(it, in, d, sc, places)
	return ""
}

// fixedValue returns a's value for the fast path, exactly as
// exact.FromDecimal gives it; false when the item is not on the fast path,
// no value is reported or it does not fit. NumDigits reads the
// coefficient once where a separate sign test would read it again.
func (it *item) fixedValue(a *Actual) (exact.Fixed, bool) {
	if !it.fast || !a.Value.Valid {
		return exact.Fixed{}, false
	}
	d := a.Value.Decimal
	if d.NumDigits() > 18 {
		return exact.Fixed{}, false
	}
	c := d.CoefficientInt64()
	if c == 0 {
		return exact.Fixed{}, true
	}
	return exact.Fixed{C: c, E: d.Exponent()}, true
}

// reported says whether a holds what the item needs.
func (it *item) reported(a *Actual) bool {
	switch {
	case it.op == Qualitative:
		return a.Rating != RatingNone
	case it.deadline:
		return !a.Date.IsZero()
	}
	return a.Value.Valid
}

func (s *Scorer) fullUnits(it *item, in *Indicator, places int32) int64 {
	if it.fast {
		return it.full
	}
	return in.Weight.Shift(places).IntPart()
}

// quantFast scores a quantitative indicator on the fast path; false when a
// figure does not fit, leaving sc for the decimal path.
func (s *Scorer) quantFast(it *item, a exact.Fixed, sc *Score, places int32) bool {
	var met bool
	var c, c2 int
	var ok, ok2 bool
	switch it.op {
	case AtLeast, AtMost, Above, Below:
		c, ok = exact.Cmp(a, it.target())
		met = c >= 0 && it.op == AtLeast || c > 0 && it.op == Above ||
			c <= 0 && it.op == AtMost || c < 0 && it.op == Below
	case Equal, Range:
		c, ok = exact.Cmp(a, it.lo())
		c2, ok2 = exact.Cmp(a, it.hi())
		ok = ok && ok2
		met = c >= 0 && c2 <= 0
	default:
		return false
	}
	if !ok {
		return false
	}
	if met {
		sc.Rule, sc.Met, sc.units = RuleMet, true, it.full
		if s.tooLow.C != 0 {
			switch it.op {
			case AtLeast, Above: // a ≥ f·t
				if it.tc > 0 {
					c, ok = exact.CmpWide(a.Wide(), exact.Mul(s.tooLow, it.target()))
					sc.TooLow = c >= 0
				}
			case AtMost, Below: // a·f ≤ t
				if a.C > 0 {
					c, ok = exact.CmpWide(exact.Mul(a, s.tooLow), it.target().Wide())
					sc.TooLow = c <= 0
				}
			}
			if !ok {
				return false
			}
		}
		return true
	}
	// Not met: which side, and which bound applies.
	var num, den exact.Fixed
	below := false
	switch it.op {
	case AtLeast, Above:
		below, den = true, it.target()
	case AtMost, Below:
		num = it.target()
	case Equal:
		below = c < 0
		den, num = it.target(), it.target()
	case Range:
		below = c < 0
		den, num = it.target(), it.hi()
	}
	if below {
		if den.C <= 0 {
			sc.Rule = RuleNotMet
			return true
		}
		u, ok := exact.MulDiv(it.weight(), a, den, places)
		if !ok {
			return false
		}
		sc.Rule, sc.units = RuleProportional, clampUnits(u, it.full)
		return true
	}
	if s.cfg.Overshoot != OvershootProportional {
		return false // the decimal path applies the configured rule
	}
	if num.C <= 0 || a.C <= 0 {
		sc.Rule = RuleNotMet
		return true
	}
	u, ok := exact.MulDiv(it.weight(), num, a, places)
	if !ok {
		return false
	}
	sc.Rule, sc.units = RuleInverse, clampUnits(u, it.full)
	return true
}

func clampUnits(u, full int64) int64 {
	switch {
	case u < 0:
		return 0
	case u > full:
		return full
	}
	return u
}

// quantDecimal scores a quantitative indicator with shopspring/decimal. It is
// the reference the fast path must equal.
func (s *Scorer) quantDecimal(it *item, in *Indicator, a decimal.Decimal, sc *Score, places int32) {
	tg := &in.Target
	w := in.Weight
	full := w.Shift(places).IntPart()
	var met, below bool
	var num, den decimal.Decimal
	switch it.op {
	case AtLeast, Above, AtMost, Below:
		c := a.Cmp(tg.Value)
		met = c >= 0 && it.op == AtLeast || c > 0 && it.op == Above ||
			c <= 0 && it.op == AtMost || c < 0 && it.op == Below
		below = it.op == AtLeast || it.op == Above
		den, num = tg.Value, tg.Value
	case Equal:
		met = a.Cmp(tg.Value.Sub(s.cfg.Tolerance)) >= 0 && a.Cmp(tg.Value.Add(s.cfg.Tolerance)) <= 0
		below = a.LessThan(tg.Value)
		den, num = tg.Value, tg.Value
	case Range:
		met = a.Cmp(tg.Value) >= 0 && a.Cmp(tg.Upper) <= 0
		below = a.LessThan(tg.Value)
		den, num = tg.Value, tg.Upper
	}
	sc.Met, sc.TooLow = met, false
	if met {
		sc.Rule, sc.units = RuleMet, full
		if f := s.cfg.TooLow; f.IsPositive() {
			switch it.op {
			case AtLeast, Above:
				sc.TooLow = tg.Value.IsPositive() && a.Cmp(f.Mul(tg.Value)) >= 0
			case AtMost, Below:
				sc.TooLow = a.IsPositive() && a.Mul(f).Cmp(tg.Value) <= 0
			}
		}
		return
	}
	var v decimal.Decimal
	if below {
		if !den.IsPositive() {
			sc.Rule, sc.units = RuleNotMet, 0
			return
		}
		sc.Rule, v = RuleProportional, w.Mul(a).DivRound(den, places)
	} else {
		switch s.cfg.Overshoot {
		case OvershootFull:
			sc.Rule, sc.units = RuleOverFull, full
			return
		case OvershootLinear:
			if !num.IsPositive() {
				sc.Rule, sc.units = RuleNotMet, 0
				return
			}
			// (1 − (a − num) ÷ num) × w = w × (2·num − a) ÷ num
			sc.Rule, v = RuleOverLinear, w.Mul(num.Add(num).Sub(a)).DivRound(num, places)
		default:
			if !num.IsPositive() || !a.IsPositive() {
				sc.Rule, sc.units = RuleNotMet, 0
				return
			}
			sc.Rule, v = RuleInverse, w.Mul(num).DivRound(a, places)
		}
	}
	sc.units = clampUnits(v.Shift(places).IntPart(), full)
}

// scoreBand scores a qualitative indicator: weight × point ÷ 100, the point
// (in percent of the weight) inside the rating's band.
func (s *Scorer) scoreBand(it *item, a *Actual, sc *Score, places int32) string {
	if !a.Rating.Valid() {
		sc.Rule = RuleInvalid
		return "invalid_rating"
	}
	lo, hi := s.band(a.Rating)
	point := hi
	if a.Rating != Achieved {
		point = lo
	}
	if a.Point.Valid {
		point = a.Point.Decimal
		// Each band owns its lower edge only (the top band owns 100 too):
		// 80 is achieved, 60 partly achieved; see Config.AchievedMin.
		if point.LessThan(lo) || point.GreaterThan(hi) || a.Rating != Achieved && point.Equal(hi) {
			sc.Rule = RuleInvalid
			return "point_outside_band"
		}
	}
	sc.Rule, sc.Met, sc.Point = RuleBand, a.Rating == Achieved, point
	if it.fast {
		if p, ok := exact.FromDecimal(point); ok {
			if u, ok := exact.MulDiv(it.weight(), p, exact.Fixed{C: 100}, places); ok {
				sc.units = clampUnits(u, it.full)
				return ""
			}
		}
	}
	w := sc.Indicator.Weight
	v := w.Mul(point).DivRound(hundred, places)
	sc.units = clampUnits(v.Shift(places).IntPart(), w.Shift(places).IntPart())
	return ""
}

// band returns the bounds of a rating's band in percent of the weight: the
// lower bound belongs to the band, the upper one only for Achieved (100);
// the others stop below it.
func (s *Scorer) band(r Rating) (lo, hi decimal.Decimal) {
	achievedMin, partlyMin := s.cfg.bands()
	switch r {
	case Achieved:
		return achievedMin, hundred
	case PartlyAchieved:
		return partlyMin, achievedMin
	}
	return decimal.Zero, partlyMin
}

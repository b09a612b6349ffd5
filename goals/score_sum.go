package goals

import "github.com/jixiao-go/jixiao/internal/exact"

// ScoreSum scores actuals, one per indicator in tree order, as
// [Scorer.ScoreTo] does, and returns only the sum of the indicators'
// rounded scores (指标得分合计), before the total's rounding, as a count of
// units of 10^-places, places being the indicator rounding's: ScoreTo's
// Result.TotalUnits is this sum rounded as Config.Total says. No Result
// is filled, so nothing is copied per indicator: a caller that needs only
// the total (a batch of forms whose indicator scores are neither kept nor
// compared) saves most of the work of ScoreTo.
//
// ok is false, and sum and places are zero, when ScoreTo would report a
// problem with the actuals (any of its codes), and when the tree has custom
// scoring expressions: call ScoreTo then, for the scores and the problems.
// ScoreSum allocates nothing when every figure fits the fast path.
func (s *Scorer) ScoreSum(actuals []Actual) (sum int64, places int32, ok bool) {
	if len(actuals) != len(s.items) || s.customs != nil {
		return 0, 0, false
	}
	places = s.cfg.Indicator.Places()
	// The values are converted in a first pass of independent reads, so
	// that the reads of their coefficients (each a *big.Int elsewhere in
	// memory) overlap instead of waiting on one another between scores.
	var buf [sumBatch]fixedActual
	for lo := 0; lo < len(s.items); lo += sumBatch {
		hi := min(lo+sumBatch, len(s.items))
		for i := lo; i < hi; i++ {
			f := &buf[i-lo]
			f.v, f.ok = s.items[i].fixedValue(&actuals[i])
		}
		for i := lo; i < hi; i++ {
			// scoreFixed reads the actual through its second argument
			// and the indicator through sc: no copy of either.
			sc := Score{Indicator: &s.indicators[i]}
			f := &buf[i-lo]
			if s.scoreFixed(&s.items[i], &actuals[i], f.v, f.ok, &sc, places) != "" {
				return 0, 0, false
			}
			sum += sc.units
		}
	}
	return sum, places, true
}

// sumBatch is how many values ScoreSum converts ahead of scoring them.
const sumBatch = 32

// fixedActual is an actual's value as item.fixedValue gives it.
type fixedActual struct {
	v  exact.Fixed
	ok bool
}

package goals

// ScoreSum scores actuals, one per indicator in tree order, as
// [Scorer.ScoreTo] does, and returns only the sum of the indicators'
// rounded scores (指标得分合计), before the total's rounding, as a count of
// units of 10^-places, places being the indicator rounding's: ScoreTo's
// Result.TotalUnits is this sum rounded as Config.Total says. No Result
// is filled, so nothing is copied per indicator: a caller that needs only
// the total (a batch of forms whose indicator scores are neither kept nor
// compared) saves most of the work of ScoreTo.
//
// ok is false, and units and places are zero, when ScoreTo would report a
// problem with the actuals (any of its codes), and when the tree has custom
// scoring expressions: call ScoreTo then, for the scores and the problems.
// ScoreSum allocates nothing when every figure fits the fast path.
func (s *Scorer) ScoreSum(actuals []Actual) (units int64, places int32, ok bool) {
	if len(actuals) != len(s.items) || s.customs != nil {
		return 0, 0, false
	}
	places = s.cfg.Indicator.Places()
	var sum int64
	for i := range s.items {
		// scoreOne reads the actual through its second argument and the
		// indicator through sc: no copy of either.
		sc := Score{Indicator: &s.indicators[i]}
		if s.scoreOne(&s.items[i], &actuals[i], &sc, places) != "" {
			return 0, 0, false
		}
		sum += sc.units
	}
	return sum, places, true
}

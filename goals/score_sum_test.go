package goals

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScoreSum: the sample tree's indicators (a proportional score, met
// percentages, a deadline, money in 万元 against a 万元 target, a rating, an
// exceeded cost) add to 19 + 15 + 10 + 4.74 + 10.5 + 11.25 + 10 = 80.49, as
// TestScoreTree works them out: 8049 units at two places, and what ScoreTo
// gives as the total.
func TestScoreSum(t *testing.T) {
	s, err := NewScorer(sampleTree(t), Config{})
	require.NoError(t, err)
	u, places, ok := s.ScoreSum(sampleActuals())
	require.True(t, ok)
	assert.Equal(t, int64(8049), u)
	assert.Equal(t, int32(2), places)
	r, err := s.Score(sampleActuals())
	require.NoError(t, err)
	tu, tp := r.TotalUnits()
	assert.Equal(t, [2]int64{u, int64(places)}, [2]int64{tu, int64(tp)})

	// A whole-point total rounds the same sum: ScoreSum still gives it at
	// the indicators' places (8049 hundredths), ScoreTo's total 80.
	s, err = NewScorer(sampleTree(t), Config{Total: RoundWhole})
	require.NoError(t, err)
	u, places, ok = s.ScoreSum(sampleActuals())
	require.True(t, ok)
	assert.Equal(t, int64(8049), u)
	assert.Equal(t, int32(2), places)
	r, err = s.Score(sampleActuals())
	require.NoError(t, err)
	assert.True(t, r.Total().Equal(decimal.NewFromInt(80)), "total %s", r.Total())
}

// TestScoreSumDeclines: wherever ScoreTo reports a problem, ScoreSum gives
// no sum (so that the caller scores again to learn the problems), and the
// same for a tree with a custom scoring expression.
func TestScoreSumDeclines(t *testing.T) {
	s, err := NewScorer(sampleTree(t), Config{})
	require.NoError(t, err)
	for name, edit := range map[string]func([]Actual) []Actual{
		"count":         func(a []Actual) []Actual { return a[:6] },
		"missing":       func(a []Actual) []Actual { a[0] = Actual{}; return a },
		"unit mismatch": func(a []Actual) []Actual { a[1].Unit = "人"; return a },
		"missing unit":  func(a []Actual) []Actual { a[3].Unit = ""; return a },
		"bad rating":    func(a []Actual) []Actual { a[4].Rating = Rating(99); return a },
		"point outside": func(a []Actual) []Actual { a[4].Point = decimal.NewNullDecimal(dec("90")); return a },
	} {
		actuals := edit(sampleActuals())
		_, err := s.Score(actuals)
		require.Error(t, err, name)
		u, places, ok := s.ScoreSum(actuals)
		assert.False(t, ok, name)
		assert.Zero(t, u, name)
		assert.Zero(t, places, name)
	}

	tree := sampleTree(t)
	tree.Indicators[0].Scoring = "Weight"
	s, err = NewScorer(tree, Config{})
	require.NoError(t, err)
	_, err = s.Score(sampleActuals())
	require.NoError(t, err)
	_, _, ok := s.ScoreSum(sampleActuals())
	assert.False(t, ok, "custom expressions are scored by ScoreTo only")
}

// TestScoreSumAllocs: on the fast path ScoreSum allocates nothing.
func TestScoreSumAllocs(t *testing.T) {
	s, err := NewScorer(sampleTree(t), Config{})
	require.NoError(t, err)
	actuals := sampleActuals()
	assert.Zero(t, testing.AllocsPerRun(100, func() { s.ScoreSum(actuals) }))
}

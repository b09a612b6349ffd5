package goals

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScoreToReadsAhead scores trees on both sides of aheadLen (the
// actuals' values read ahead on the stack up to it, in the Result beyond),
// with one Result reused, against figures worked by hand: n indicators of
// weight 90 ÷ n each, target ≥100人 (the last under benefit).
//
//	n = 30, weight 3:  actual 50 → 3 × 50 ÷ 100 = 1.50 each, total 45.00;
//	                   actual 100 → met, 3 each, total 90.00
//	n = 40, weight 2.25: actual 50 → 1.125, half up 1.13 each, total 45.20;
//	                   actual 100 → met, 2.25 each, total 90.00
//
// One indicator's value is unreported and one is past the int64 fast path
// (a coefficient of 19 digits): the first scores zero with a problem, the
// second is scored on the decimal path all the same (1e20 ≥ 100: met);
// two more differ from their neighbours (0 and 50), so a value read for the
// wrong indicator would show.
func TestScoreToReadsAhead(t *testing.T) {
	for _, tc := range []struct {
		n                  int
		weight, half, full string
		totalHalf          string
	}{
		{30, "3", "1.5", "3", "45"},
		{40, "2.25", "1.13", "2.25", "45.2"},
	} {
		t.Run(fmt.Sprint(tc.n), func(t *testing.T) {
			inds := make([]Indicator, tc.n)
			for i := range inds {
				inds[i] = Indicator{Level1: Output, Level2: Quantity, Name: fmt.Sprintf("指标%d", i+1),
					Target: mustTarget(t, "≥100人"), Weight: dec(tc.weight)}
			}
			// The last is a benefit indicator, as a tree needs one.
			inds[tc.n-1].Level1, inds[tc.n-1].Level2 = Benefit, SocialBenefit
			tree := &Tree{Total: decimal.NewFromInt(90), Indicators: inds}
			s, err := NewScorer(tree, Config{})
			require.NoError(t, err)
			acts := make([]Actual, tc.n)
			var r Result
			for _, round := range []struct {
				actual, each, total string
			}{{"50", tc.half, tc.totalHalf}, {"100", tc.full, "90"}} {
				for i := range acts {
					acts[i] = Measured(dec(round.actual), "人")
				}
				require.NoError(t, s.ScoreTo(&r, acts))
				for i := range r.Scores {
					assert.True(t, r.Scores[i].Value().Equal(dec(round.each)), "n %d, actual %s, indicator %d: %s", tc.n, round.actual, i, r.Scores[i].Value())
				}
				assert.True(t, r.Total().Equal(dec(round.total)), "n %d, actual %s: total %s, want %s", tc.n, round.actual, r.Total(), round.total)
			}

			// The last indicator unreported, the first beyond int64.
			acts[tc.n-1] = Actual{Unit: "人"}
			acts[0] = Measured(decimal.RequireFromString("100000000000000000000"), "人")
			acts[tc.n-2] = Measured(dec("0"), "人") // 0 of 100: zero, at its own index
			acts[tc.n-3] = Measured(dec("50"), "人")
			err = s.ScoreTo(&r, acts)
			require.Error(t, err, "the unreported actual is a problem")
			assert.True(t, r.Scores[tc.n-1].Value().IsZero(), "unreported: zero")
			assert.True(t, r.Scores[0].Value().Equal(dec(tc.full)), "1e20 ≥ 100 is met: %s", r.Scores[0].Value())
			assert.True(t, r.Scores[1].Value().Equal(dec(tc.full)))
			assert.True(t, r.Scores[tc.n-2].Value().IsZero(), "0 of 100: %s", r.Scores[tc.n-2].Value())
			assert.True(t, r.Scores[tc.n-3].Value().Equal(dec(tc.half)), "50 of 100: %s", r.Scores[tc.n-3].Value())
			assert.True(t, r.Scores[tc.n-4].Value().Equal(dec(tc.full)))
		})
	}
}

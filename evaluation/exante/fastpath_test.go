package exante

import (
	"testing"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The approved amount taken in fen equals Submitted − Reduced in decimals,
// value and exponent, and the reductions add up to Reduced, over the
// benchmark portfolio (cap cuts, unsupported and duplicate lines, the 10%
// policy cut, rejected and not-fundable projects).
func TestApprovedInFenEqualsDecimal(t *testing.T) {
	pol, stds, subs, trees := exBenchPortfolio(t, 3000)
	subs[5].Project.Amount = subs[5].Project.Amount.Add(decimal.New(1, -3)) // not whole fen: decimal path
	a, err := NewAssessor(pol, stds, AssessOptions{})
	require.NoError(t, err)
	got, err := a.AssessAll(subs, trees)
	require.NoError(t, err)
	require.Len(t, got, len(subs))
	cut := 0
	for _, as := range got {
		want := as.Submitted.Sub(as.Reduced)
		require.True(t, as.Approved.Equal(want) && as.Approved.Exponent() == want.Exponent(),
			"%s: approved %s (exponent %d), want %s (exponent %d)", as.ProjectID, as.Approved, as.Approved.Exponent(), want, want.Exponent())
		var sum decimal.Decimal
		for _, r := range as.Reductions {
			sum = sum.Add(r.Amount)
		}
		require.True(t, sum.Equal(as.Reduced), "%s: reductions sum to %s, reduced %s", as.ProjectID, sum, as.Reduced)
		if as.Fundable && as.Reduced.IsPositive() {
			cut++
		}
	}
	assert.Greater(t, cut, len(subs)/2, "the portfolio must exercise line cuts")
}

// The verdict taken in int64 equals VerdictThresholds.Verdict, at, just
// above and just below each threshold, with thresholds that fit and with
// one finer than 0.0001 (the decimal path).
func TestVerdictFixedEqualsDecimal(t *testing.T) {
	pol, stds, _, _, _ := loadPolicy(t)
	for _, thr := range [][2]string{{"80", "60"}, {"85.5", "70.25"}, {"90", "90"}, {"75.00001", "60"}, {"0", "0"}} {
		p := *pol
		p.Criteria.Thresholds = VerdictThresholds{Support: exDec(thr[0]), Adjust: exDec(thr[1])}
		a, err := NewAssessor(&p, stds, AssessOptions{})
		require.NoError(t, err)
		if thr[0] == "75.00001" {
			require.False(t, a.thresholdsFixed)
		}
		for _, s := range []string{"0", "59.99", "59.9999", "60", "60.00", "60.0001", "70.25", "70.2499", "75.00001", "75.000009",
			"79.995", "80", "80.0000", "85.5", "85.4999", "90", "100", "-1", "1e20", "123456789.123456"} {
			score := exDec(s)
			assert.Equal(t, p.Criteria.Thresholds.Verdict(score), a.verdict(score), "thresholds %v score %s", thr, s)
		}
	}
}

// A goals tree shared by consecutive projects is validated once per call;
// every project still gets the tree's problems, exactly as when assessed
// alone.
func TestSharedGoalsTreeGates(t *testing.T) {
	pol, stds, subs, trees := exBenchPortfolio(t, 6)
	a, err := NewAssessor(pol, stds, AssessOptions{})
	require.NoError(t, err)
	good := trees[subs[0].Project.ID]
	broken := *good
	broken.Total = decimal.NewFromInt(50) // the indicators weigh 100
	for i, tr := range []*goals.Tree{&broken, &broken, good, &broken, nil, &broken} {
		trees[subs[i].Project.ID] = tr
	}
	got, err := a.AssessAll(subs, trees)
	require.NoError(t, err)
	require.Len(t, got, len(subs))
	for i := range subs {
		alone, err := a.Assess(&subs[i], trees[subs[i].Project.ID])
		require.NoError(t, err)
		assert.Equal(t, alone.Gates, got[i].Gates, "submission %d", i)
		assert.Equal(t, alone.Fundable, got[i].Fundable, "submission %d", i)
	}
	assert.NotEmpty(t, got[1].Gates, "the broken tree must fail a gate")
	assert.False(t, got[3].Fundable)
}

// toFixed gives d × 10^4 when d has at most four decimals and
// |d × 10^4| < 10^12 (a zero coefficient counting as one digit), and
// refuses otherwise; checked against decimal arithmetic.
func TestToFixed(t *testing.T) {
	limit := decimal.New(1, 12)
	for _, c := range []int64{0, 1, -1, 7, 85, -85, 999_999_999_999, 1_000_000_000_000, 123_456_789, -99_999_999_999, 1<<63 - 1, -1 << 63} {
		for e := int32(-8); e <= 14; e++ {
			d := decimal.New(c, e)
			scaled := d.Shift(-scoreExp)
			wantOK := e >= scoreExp && scaled.Abs().LessThan(limit) && (c != 0 || int(e-scoreExp) <= 11)
			got, ok := toFixed(d)
			require.Equal(t, wantOK, ok, "%s", d)
			if ok {
				assert.Equal(t, scaled.IntPart(), got, "%s", d)
			}
		}
	}
}

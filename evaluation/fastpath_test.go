package evaluation

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// blank decides by the first rune when it can; it must always agree with
// the strings.TrimSpace test of performance.Project.Validate.
func TestBlankEqualsTrimSpace(t *testing.T) {
	for _, s := range []string{"", " ", "\t", "\n\r", "\v\f", "\u3000", "\u3000\u3000", "\u00a0", "\u0085", " \u3000 ",
		"a", " a", "a ", "项目", " 项目", "\u3000项目", "项目\u3000", "\xff", " \xff", "\x00", "\x1c", "\u2028", "\u200b"} {
		assert.Equal(t, strings.TrimSpace(s) == "", blank(s), "%q", s)
	}
}

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

package evaluation_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/performance"
)

// TestLoanFrameworkPercent: criteria rated out of 100, as a provincial
// finance department published an ADB loan project's evaluation (2024,
// 财国合〔2019〕18号 weights). By hand:
//
//	relevance      20 × 100.00 ÷ 100 = 20
//	efficiency     50 × 77.39 ÷ 100  = 38.695 (printed 38.70)
//	effectiveness  20 × 73.90 ÷ 100  = 14.78
//	sustainability 10 × 92.00 ÷ 100  = 9.2
//	total          82.675 → 82.68 half up, as published
//
// and the label is the band 82.68 falls in (≥ 75: 成功 under the bundled,
// illustrative bands); both sides of the 75 and 90 edges are checked.
func TestLoanFrameworkPercent(t *testing.T) {
	p := func(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }
	f := evaluation.LoanFramework()
	require.NoError(t, f.Validate())
	sheet := func(rel, eff, effct, sus string) evaluation.Sheet {
		return evaluation.Sheet{Evaluator: "省财政投资评审中心", Ratings: []evaluation.CriterionRating{
			{Criterion: "relevance", Percent: p(rel)}, {Criterion: "efficiency", Percent: p(eff)},
			{Criterion: "effectiveness", Percent: p(effct)}, {Criterion: "sustainability", Percent: p(sus)}}}
	}
	sc, err := f.Score([]evaluation.Sheet{sheet("100.00", "77.39", "73.90", "92.00")}, nil)
	require.NoError(t, err)
	xpAssertDec(t, "82.68", sc.Total)
	xpAssertDec(t, "38.70", sc.Lines[1].Points)
	xpAssertDec(t, "38.695", sc.Lines[1].Exact.Num)
	assert.Equal(t, "成功", sc.Rating)
	assert.Equal(t, performance.Good, sc.Grade)
	for _, tt := range []struct {
		eff, total, label string
	}{
		// 20 + 50e + 20 + 10 = 75 needs e = 50: 75.00 成功; e = 49.98: 74.99 部分成功
		{"50", "75", "成功"}, {"49.98", "74.99", "部分成功"},
		// 90 needs e = 80: 90 非常成功; e = 79.98: 89.99 成功
		{"80", "90", "非常成功"}, {"79.98", "89.99", "成功"},
	} {
		sc, err := f.Score([]evaluation.Sheet{sheet("100", tt.eff, "100", "100")}, nil)
		require.NoError(t, err)
		xpAssertDec(t, tt.total, sc.Total)
		assert.Equal(t, tt.label, sc.Rating, "total %s", sc.Total)
	}
	_, err = f.Score([]evaluation.Sheet{sheet("100.01", "77.39", "73.90", "92.00")}, nil)
	assert.Contains(t, xpCodes(t, err), "percent_out_of_range")
	bad := sheet("100", "77.39", "73.90", "92.00")
	bad.Ratings[0].Label = "高度相关"
	_, err = f.Score([]evaluation.Sheet{bad}, nil)
	assert.Contains(t, xpCodes(t, err), "ambiguous_rating")
}

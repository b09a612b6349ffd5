package performance_test

import (
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/performance"
)

func decimals(ss ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(ss))
	for i, s := range ss {
		out[i] = decimalOf(s)
	}
	return out
}

var nationalLabels = []string{"优", "良", "中", "差"}

// TestDistribution tallies the seed's deep evaluation: 15 projects, 1 优,
// 12 良, 2 中, 0 差, with made-up amounts summing to 115,346.26万元.
func TestDistribution(t *testing.T) {
	d := performance.GradeDistribution()
	assert.Equal(t, nationalLabels, labelsOf(d))
	amounts := map[performance.Grade]string{
		performance.Excellent: "10000000", // 1,000.00万元
		performance.Good:      "90000000", // 9,000.00万元 each
		performance.Fair:      "26731300", // 2,673.13万元 each
		performance.Poor:      "0",
	}
	add := func(g performance.Grade, n int) {
		for range n {
			require.NoError(t, d.AddGrade(g, decimalOf(amounts[g])))
		}
	}
	add(performance.Excellent, 1)
	add(performance.Good, 12)
	add(performance.Fair, 2)

	assert.Equal(t, 15, d.Total())
	// 10,000,000 + 12 × 90,000,000 + 2 × 26,731,300
	// = 10,000,000 + 1,080,000,000 + 53,462,600 = 1,143,462,600 元.
	assert.True(t, d.TotalAmount().Equal(decimalOf("1143462600")), "total amount %s", d.TotalAmount())
	good, ok := d.Tally("良")
	require.True(t, ok)
	assert.Equal(t, 12, good.Count)
	assert.True(t, good.Amount.Equal(decimalOf("1080000000")), "良 amount %s", good.Amount)

	// Count shares: 1/15 = 6.667% → 6.67; 12/15 = 80.00; 2/15 = 13.333% → 13.33; 0.
	shares, err := d.Shares(2)
	require.NoError(t, err)
	assertDecimals(t, []string{"6.67", "80", "13.33", "0"}, shares)
	// At one place: 6.7, 80.0, 13.3, 0.0 (sum 100.0).
	shares, err = d.Shares(1)
	require.NoError(t, err)
	assertDecimals(t, []string{"6.7", "80", "13.3", "0"}, shares)

	// Amount shares: 10,000,000 ÷ 1,143,462,600 = 0.87453…% → 0.87;
	// 1,080,000,000 ÷ 1,143,462,600 = 94.4500…% → 94.45 (1,143,462,600 ×
	// 0.9445 = 1,079,999,426 < 1,080,000,000 < × 0.94455 = 1,080,056,600);
	// 53,462,600 ÷ 1,143,462,600 = 4.6755…% → 4.68.
	shares, err = d.AmountShares(2)
	require.NoError(t, err)
	assertDecimals(t, []string{"0.87", "94.45", "4.68", "0"}, shares)

	p, err := d.Published(2)
	require.NoError(t, err)
	assert.Equal(t, 15, p.Total)
	f, err := performance.ShareCheck{}.Check(p)
	require.NoError(t, err)
	assert.True(t, f.Consistent)
	require.NotNil(t, f.Fit)
	assert.Equal(t, []int{1, 12, 2, 0}, f.Fit.Counts)

	out, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, `{"total":15,"labels":["优","良","中","差"],"shares":["6.67","80.00","13.33","0.00"],"places":2}`, string(out))
}

func TestDistributionErrors(t *testing.T) {
	d := performance.GradeDistribution()
	assert.ErrorIs(t, d.AddGrade(performance.GradeNone, decimal.Zero), performance.ErrUnknownGrade)
	assert.ErrorIs(t, d.Add("优秀", decimal.Zero), performance.ErrUnknownGrade)
	assert.Equal(t, 0, d.Total(), "a rejected project is not counted")
	_, err := d.Shares(2)
	assert.ErrorIs(t, err, performance.ErrZeroDenominator)
	_, err = d.AmountShares(2)
	assert.ErrorIs(t, err, performance.ErrZeroDenominator)
	_, err = d.Published(2)
	assert.ErrorIs(t, err, performance.ErrZeroDenominator)

	_, err = performance.NewDistribution()
	assert.ErrorIs(t, err, performance.ErrInvalidShare)
	_, err = performance.NewDistribution("优秀", "")
	assert.ErrorIs(t, err, performance.ErrInvalidShare)
	_, err = performance.NewDistribution("优秀", "良好", "优秀")
	assert.ErrorIs(t, err, performance.ErrInvalidShare)
}

// TestDistributionOtherScheme tallies PART ratings, labels of another scheme.
func TestDistributionOtherScheme(t *testing.T) {
	d, err := performance.NewDistribution("Effective", "Moderately Effective", "Adequate", "Ineffective", "Results Not Demonstrated")
	require.NoError(t, err)
	for _, l := range []string{"Effective", "Adequate", "Adequate", "Results Not Demonstrated"} {
		require.NoError(t, d.Add(l, decimalOf("1.5")))
	}
	// 1/4 = 25%, 0, 2/4 = 50%, 0, 1/4 = 25%.
	shares, err := d.Shares(0)
	require.NoError(t, err)
	assertDecimals(t, []string{"25", "0", "50", "0", "25"}, shares)
	assert.True(t, d.TotalAmount().Equal(decimalOf("6")))

	out, err := json.Marshal(d)
	require.NoError(t, err)
	assert.JSONEq(t, `{"tallies":[
		{"label":"Effective","count":1,"amount":"1.5"},
		{"label":"Moderately Effective","count":0,"amount":"0"},
		{"label":"Adequate","count":2,"amount":"3"},
		{"label":"Ineffective","count":0,"amount":"0"},
		{"label":"Results Not Demonstrated","count":1,"amount":"1.5"}]}`, string(out))
	var back performance.Distribution
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, 4, back.Total())
}

func labelsOf(d *performance.Distribution) []string {
	var out []string
	for _, tl := range d.Tallies {
		out = append(out, tl.Label)
	}
	return out
}

func assertDecimals(t *testing.T, want []string, got []decimal.Decimal) {
	t.Helper()
	require.Len(t, got, len(want))
	for i := range want {
		assert.True(t, got[i].Equal(decimalOf(want[i])), "item %d: got %s want %s", i, got[i], want[i])
	}
}

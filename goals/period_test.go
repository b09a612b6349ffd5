package goals_test

import (
	"testing"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// roadTree is a road project's goals: kilometres built (summed over the
// years), an acceptance rate (progressing) and a deadline.
func roadTree(t testing.TB, km, rate, deadline string) *goals.Tree {
	return &goals.Tree{Indicators: []goals.Indicator{
		{ID: "km", Level1: goals.Output, Level2: goals.Quantity, Name: "新建里程", Target: tg(t, "≥"+km+"公里"), Weight: dec("40")},
		{ID: "ok", Level1: goals.Output, Level2: goals.Quality, Name: "验收合格率", Target: tg(t, "≥"+rate+"%"), Weight: dec("20")},
		{ID: "end", Level1: goals.Output, Level2: goals.Timeliness, Name: "完工时间", Target: tg(t, deadline), Weight: dec("10")},
		{ID: "use", Level1: goals.Benefit, Level2: goals.SocialBenefit, Name: "通行改善", Target: tg(t, "明显改善"), Weight: dec("30")},
	}}
}

func TestPeriodGoalsCheck(t *testing.T) {
	p := &goals.PeriodGoals{ProjectID: "R1", Whole: roadTree(t, "30", "98", "2024年12月31日前"),
		Annual: []goals.AnnualGoals{
			{Year: 2022, Tree: roadTree(t, "10", "95", "2022年12月31日前")},
			{Year: 2023, Tree: roadTree(t, "10", "97", "2023年12月31日前")},
			{Year: 2024, Tree: roadTree(t, "10", "98", "2024年12月31日前")},
		}}
	// 10 + 10 + 10 = 30 km; 95 → 97 → 98 reaches 98%; every deadline by
	// the end of 2024.
	require.NoError(t, p.Check())

	p.Annual[1].Tree = roadTree(t, "5", "94", "2025年6月30日前")
	p.Annual[2].Tree.Indicators[1].Target = tg(t, "≥96%")
	err := p.Check()
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	var got []string
	for _, q := range ps {
		got = append(got, q.Code+"@"+q.Path)
	}
	// By hand: 10 + 5 + 10 = 25 < 30 km (sum_short); 94 after 95
	// regresses; 96 after 94 does not, but 96 < 98 (last_short); the
	// 2023 deadline of 2025-06-30 is after 2024-12-31.
	assert.Equal(t, []string{
		"sum_short@whole.indicators[0].target",
		"regress@annual[1].tree.indicators[1].target",
		"last_short@whole.indicators[1].target",
		"deadline_after@annual[1].tree.indicators[2].target",
	}, got)

	// Overridden: progress for kilometres (each year's target is the
	// cumulative figure): 10, 5 regresses, 10 short of 30.
	p.Accumulate = map[string]goals.Accumulation{"km": goals.AccumulateProgress}
	require.ErrorAs(t, p.Check(), &ps)
	assert.Equal(t, "regress", ps[0].Code)
	assert.Equal(t, "last_short", ps[1].Code)

	bad := &goals.PeriodGoals{Whole: roadTree(t, "30", "98", "2024年12月31日前"), Annual: []goals.AnnualGoals{
		{Year: 2023, Tree: roadTree(t, "10", "98", "2023年12月31日前")}, {Year: 2022, Tree: nil}}}
	bad.Annual[0].Tree.Indicators[0].Target = tg(t, "≥10米")
	require.ErrorAs(t, bad.Check(), &ps)
	assert.Equal(t, []string{"year_order", "no_annual", "unit_mismatch"}, ps.Codes())
	assert.Equal(t, "annual[0].tree.indicators[0].target.unit", ps[2].Path)
}

func TestPeriodAttainment(t *testing.T) {
	p := &goals.PeriodGoals{ProjectID: "R1", Whole: roadTree(t, "30", "98", "2024年12月31日前"),
		Annual: []goals.AnnualGoals{
			{Year: 2022, Tree: roadTree(t, "10", "95", "2022年12月31日前")},
			{Year: 2023, Tree: roadTree(t, "10", "97", "2023年12月31日前")},
			{Year: 2024, Tree: roadTree(t, "10", "98", "2024年12月31日前")},
		}}
	y := func(year int, km, rate, done string) goals.YearActuals {
		return goals.YearActuals{Year: year, Actuals: []goals.Actual{goals.Measured(dec(km), "公里"), goals.Measured(dec(rate), "%"),
			goals.DoneOn(day(done)), goals.Rated(goals.Achieved, dec("90"))}}
	}
	at, err := p.Attainment([]goals.YearActuals{y(2022, "12", "96", "2022-12-20"), y(2023, "9", "97", "2023-12-01"), y(2024, "6", "99", "2024-11-30")}, goals.Config{})
	require.NoError(t, err)
	assert.Equal(t, []int{2022, 2023, 2024}, at.Years)
	// By hand: 12 + 9 + 6 = 27 km of 30: 40 × 27 ÷ 30 = 36.00; the
	// last year's 99% meets 98%: 20; done 2024-11-30 before the end of
	// 2024: 10; achieved at 90% of 30 = 27. Total 36 + 20 + 10 + 27 = 93.
	assert.True(t, at.Actuals[0].Value.Decimal.Equal(dec("27")))
	assert.True(t, at.Result.Scores[0].Value().Equal(dec("36")), "km score %s", at.Result.Scores[0].Value())
	assert.True(t, at.Result.Total().Equal(dec("93")), "total %s", at.Result.Total())

	_, err = p.Attainment([]goals.YearActuals{{Year: 2030}, {Year: 2022}}, goals.Config{})
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"unknown_year", "actual_count"}, ps.Codes()[:2])
}

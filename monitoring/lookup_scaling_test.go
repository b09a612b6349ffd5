package monitoring_test

import (
	"github.com/jixiao-go/jixiao/internal/cputime"
	"strconv"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wideGoals is a tree of n indicators ("≥100人", weight 100 ÷ n)
// and one Q3 report of 80 for each, in reverse order, plus one report of
// an indicator the tree does not have.
func wideGoals(t *testing.T, n int) (map[string]*goals.Tree, []monitoring.GoalReport) {
	t.Helper()
	tg := target(t, "≥100人")
	inds := make([]goals.Indicator, n)
	w := decimal.NewFromInt(100).Div(decimal.NewFromInt(int64(n)))
	for i := range inds {
		inds[i] = goals.Indicator{ID: "i" + strconv.Itoa(i), Level1: goals.Output, Level2: goals.Quantity,
			Name: "人数" + strconv.Itoa(i), Target: tg, Weight: w}
	}
	inds[0].Level1, inds[0].Level2 = goals.Benefit, goals.SocialBenefit // a tree needs one
	tree, err := goals.NewTree(goals.SelfEvaluation, decimal.Zero, inds...)
	require.NoError(t, err)
	var reports []monitoring.GoalReport
	for i := n - 1; i >= 0; i-- {
		reports = append(reports, monitoring.GoalReport{ProjectID: "P", Indicator: "i" + strconv.Itoa(i), Date: day(2021, 9, 30), Value: nd("80")})
	}
	reports = append(reports, monitoring.GoalReport{ProjectID: "P", Indicator: "zz", Date: day(2021, 9, 30), Value: nd("1")})
	return map[string]*goals.Tree{"P": tree}, reports
}

// TestGoalsManyIndicators: each report's indicator is found in its tree
// (the unknown one is reported with its path), every indicator gets its
// report (80 of 100 by Q3, expected 75%: on track), and the time grows
// linearly: each report used to scan the tree's indicators.
func TestGoalsManyIndicators(t *testing.T) {
	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), nil, []monitoring.Budget{budget("P", "U", "100")}, nil)
	require.NoError(t, err)
	trees, reports := wideGoals(t, 400)
	g := m.Goals(day(2021, 9, 30), trees, reports)
	require.Len(t, g.Problems, 1)
	assert.Equal(t, "unknown_indicator", g.Problems[0].Code)
	assert.Equal(t, "goal_reports[400].indicator", g.Problems[0].Path)
	require.Len(t, g.Indicators, 400)
	for _, p := range g.Indicators {
		require.True(t, p.Actual.Valid, p.Indicator)
		assert.True(t, p.Actual.Decimal.Equal(dec("80")), p.Indicator)
		assert.Equal(t, monitoring.GoalOnTrack, p.Status, p.Indicator)
	}

	if testing.Short() {
		t.Skip("timing")
	}
	best := func(trees map[string]*goals.Tree, reports []monitoring.GoalReport) time.Duration {
		b := time.Hour
		for range 3 {
			start := cputime.Now()
			m.Goals(day(2021, 9, 30), trees, reports)
			b = min(b, cputime.Now()-start)
		}
		return b
	}
	ts := best(wideGoals(t, 2000))
	tl := best(wideGoals(t, 8000))
	t.Logf("Goals: %v for 2,000 indicators and reports, %v for 8,000", ts, tl)
	assert.Less(t, tl, 9*ts+50*time.Millisecond)
}

// TestPolicyManyTriggers: 20 month triggers (more than the few a list
// lookup is kept for) fire once at the Q3 check and not again at Q4, and
// the project stays under key monitoring.
func TestPolicyManyTriggers(t *testing.T) {
	pol := monitoring.DefaultPolicy()
	pol.Triggers = nil
	below := dec("60")
	for i := range 20 {
		pol.Triggers = append(pol.Triggers, monitoring.Trigger{ID: "t" + strconv.Itoa(i), Month: time.Month(1 + i%9),
			BelowRate: &below, Level: monitoring.Red})
	}
	require.NoError(t, pol.Validate())
	m, err := monitoring.New(2021, pol, nil, []monitoring.Budget{budget("A", "U", "1200")}, nil)
	require.NoError(t, err)
	l := mustLedger(t, 2021, day(2021, 12, 31), rec("A", day(2021, 1, 5), "100"))
	r3, err := m.Check(day(2021, 9, 30), l, monitoring.State{})
	require.NoError(t, err)
	s3 := status(t, r3, "A")
	assert.Len(t, s3.Triggers, 20) // 100 of 1200 = 8.33% < 60% at every month end
	assert.Equal(t, monitoring.Red, s3.Level)
	r4, err := m.Check(day(2021, 12, 31), l, r3.State)
	require.NoError(t, err)
	s4 := status(t, r4, "A")
	assert.Empty(t, s4.Triggers, "each fired once this year")
	assert.True(t, s4.Key)
}

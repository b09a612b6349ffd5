package evaluation_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
)

func xpDay(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// xpVersions: submitted with 考核合格率 ≥95%, approved at ≥90%.
func xpVersions(t *testing.T) *goals.Versions {
	sub := xpForm(t).Tree
	app := *sub
	app.Indicators = append([]goals.Indicator(nil), sub.Indicators...)
	app.Indicators[1].Target = xpTarget(t, "≥90%")
	return &goals.Versions{ProjectID: "P1", Versions: []goals.Version{
		{Number: 1, Kind: goals.VersionSubmitted, Date: xpDay("2020-11-01"), By: "单位", Tree: sub},
		{Number: 2, Kind: goals.VersionApproved, Date: xpDay("2021-01-15"), By: "财政局", Tree: &app},
	}}
}

func TestSelfEvaluationScoresVersionInForce(t *testing.T) {
	se := &evaluation.SelfEvaluation{ProjectID: "P1", Form: xpForm(t)}
	r, err := se.Reconcile(goals.Config{}, performance.DefaultScheme())
	require.NoError(t, err)
	// As submitted (no versions): 97.21, as TestReconcileComputed works it.
	assert.Equal(t, "97.21", r.Total.StringFixed(2))
	assert.True(t, r.GoalVersion.IsZero())
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "goal_version")

	// Against the approved ≥90%: 90% meets it, 15 instead of 14.21, so
	// 97.21 − 14.21 + 15 = 98.00.
	se.GoalVersions, se.Date = xpVersions(t), xpDay("2022-02-20")
	r, err = se.Reconcile(goals.Config{}, performance.DefaultScheme())
	require.NoError(t, err)
	assert.Equal(t, "98.00", r.Total.StringFixed(2))
	assert.Equal(t, goals.VersionRef{Number: 2, Kind: goals.VersionApproved, Date: xpDay("2021-01-15")}, r.GoalVersion)
	b, err = json.Marshal(r)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"goal_version":{"number":2,"kind":"approved","date":"2021-01-15T00:00:00Z"}`)

	// The batch gives the same.
	out, errs, err := (&evaluation.SelfBatch{Scheme: performance.DefaultScheme()}).Reconcile(context.Background(), []evaluation.SelfEvaluation{*se})
	require.NoError(t, err)
	assert.Nil(t, errs)
	assert.Equal(t, "98.00", out[0].Total.StringFixed(2))
	assert.Equal(t, 2, out[0].GoalVersion.Number)

	// Dated before any version: a problem, no result.
	se.Date = xpDay("2020-01-01")
	_, err = se.Reconcile(goals.Config{}, performance.DefaultScheme())
	assert.Equal(t, []string{evaluation.CodeNoGoalVersion}, xpCodes(t, err))
}

func TestKeyEvaluationNamesGoalVersion(t *testing.T) {
	f := evaluation.KeyFramework()
	k := &evaluation.KeyEvaluation{ProjectID: "P1", Sheets: []evaluation.Sheet{xpFullSheet(f, "a", nil)}}
	sc, err := k.Score(f)
	require.NoError(t, err)
	assert.True(t, sc.GoalVersion.IsZero())
	k.GoalVersions, k.Date = xpVersions(t), xpDay("2022-05-01")
	sc2, err := k.Score(f)
	require.NoError(t, err)
	assert.Equal(t, 2, sc2.GoalVersion.Number)
	assert.True(t, sc2.Total.Equal(sc.Total), "the framework's score does not change")
	k.GoalVersions.Versions[1].Number = 5
	_, err = k.Score(f)
	assert.Equal(t, []string{"bad_number"}, xpCodes(t, err))
}

// TestSelfEvaluationPeriodAttainment: the last year's self-evaluation of a
// three-year project reports the whole-period attainment. 培训人数 ≥300人
// over the period, ≥100 a year: 120 + 90 + 100 = 310 ≥ 300, full 20; the
// others are rates, the last year's actual counting: 90% of ≥95% scores
// 15 × 90 ÷ 95 = 14.2105… → 14.21, 520 of ≤500元 15 × 500 ÷ 520 = 14.42,
// 80% of ≥80% 30, 85% of ≥90% 10 × 85 ÷ 90 = 9.44. Total 88.07.
func TestSelfEvaluationPeriodAttainment(t *testing.T) {
	f := xpForm(t)
	whole := *f.Tree
	whole.Indicators = append([]goals.Indicator(nil), f.Tree.Indicators...)
	whole.Indicators[0].Target = xpTarget(t, "≥300人")
	se := &evaluation.SelfEvaluation{ProjectID: "P1", Form: f, Period: &goals.PeriodGoals{ProjectID: "P1", Whole: &whole,
		Annual: []goals.AnnualGoals{{Year: 2020, Tree: f.Tree}, {Year: 2021, Tree: f.Tree}, {Year: 2022, Tree: f.Tree}},
		// A cost per person does not add up over the years: without this
		// the cost rule by kind sums it (1500元 > 500元, sum_over).
		Accumulate: map[string]goals.Accumulation{"人均培训成本": goals.AccumulateProgress}}}
	year := func(y int, people string) goals.YearActuals {
		a := append([]goals.Actual(nil), f.Actuals...)
		a[0] = goals.Measured(xpDec(people), "人")
		return goals.YearActuals{Year: y, Actuals: a}
	}
	se.PeriodActuals = []goals.YearActuals{year(2020, "120"), year(2021, "90"), year(2022, "100")}
	r, err := se.Reconcile(goals.Config{}, performance.DefaultScheme())
	require.NoError(t, err)
	require.NotNil(t, r.Period)
	assert.Equal(t, "310", r.Period.Actuals[0].Value.Decimal.String())
	assert.Equal(t, "88.07", r.Period.Result.Total().StringFixed(2))
	// The year's own score is unchanged (97.21 with 120 people, as
	// TestReconcileComputed works it).
	assert.Equal(t, "97.21", r.Total.StringFixed(2))

	// Annual targets that do not add up: the reconciliation stands, the
	// period's problem beside it.
	whole.Indicators[0].Target = xpTarget(t, "≥400人")
	r, err = se.Reconcile(goals.Config{}, performance.DefaultScheme())
	require.NotNil(t, r)
	assert.Nil(t, r.Period)
	assert.Equal(t, []string{"sum_short"}, xpCodes(t, err))
}

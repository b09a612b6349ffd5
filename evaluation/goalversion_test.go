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

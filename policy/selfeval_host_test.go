package policy_test

import (
	"context"
	"testing"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/policy"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bureauPoints is a host function: a bureau grants one point per five
// people trained, at most the indicator's weight.
func bureauPoints(weight, actual decimal.Decimal) decimal.Decimal {
	return decimal.Min(weight, actual.Div(decimal.NewFromInt(5)))
}

// hostScoredForm is a national self-evaluation form (10/50/30/10) whose
// output indicator is scored by the host function.
func hostScoredForm(t *testing.T) evaluation.SelfEvaluation {
	t.Helper()
	target := func(s string) goals.Target {
		tg, err := goals.ParseTarget(s)
		require.NoError(t, err)
		return tg
	}
	d := decimal.RequireFromString
	tree := &goals.Tree{Framework: goals.SelfEvaluation, Total: d("90"), Indicators: []goals.Indicator{
		{Level1: goals.Output, Level2: goals.Quantity, Name: "培训人数", Target: target("≥100人"), Weight: d("50"),
			Scoring: "bureauPoints(Weight, Actual)"},
		{Level1: goals.Benefit, Level2: goals.SocialBenefit, Name: "就业能力", Target: target("明显提升"), Weight: d("30")},
		{Level1: goals.Satisfaction, Level2: goals.ServedSatisfaction, Name: "学员满意度", Target: target("≥90%"), Weight: d("10")},
	}}
	return evaluation.SelfEvaluation{ProjectID: "P-HOST", UnitID: "U1", Form: goals.Form{
		Tree:      tree,
		Execution: performance.Execution{InitialBudget: d("100"), AdjustedBudget: d("100"), Executed: d("80")},
		Actuals:   []goals.Actual{goals.Measured(d("45"), "人"), {Rating: goals.Achieved}, goals.Measured(d("95"), "%")},
	}}
}

// TestReconcileSelfHostScoring: an indicator's custom scoring calls a host
// function registered once with policy.Compile, and the program's
// self-evaluation stage scores with it.
//
// Worked by hand, national weights and hundredths:
//
//	execution     10 × 80 ÷ 100                 =  8
//	培训人数       bureauPoints(50, 45) = min(50, 45 ÷ 5) =  9
//	               (the built-in proportional rule would give 50 × 45 ÷ 100 = 22.5)
//	就业能力       rated achieved: the full weight  = 30
//	学员满意度     95% ≥ 90%: met, the full weight  = 10
//	total         8 + 9 + 30 + 10                = 57  → 差 (below 60)
func TestReconcileSelfHostScoring(t *testing.T) {
	p, err := policy.Parse([]byte(`{"id": "host-scoring", "version": "1"}`))
	require.NoError(t, err)
	forms := []evaluation.SelfEvaluation{hostScoredForm(t)}

	pr, err := p.Compile(nil, nil, rules.WithFunction("bureauPoints", bureauPoints))
	require.NoError(t, err)
	out, errs, err := pr.ReconcileSelf(context.Background(), forms, 1)
	require.NoError(t, err)
	require.Nil(t, errs)
	require.Len(t, out, 1)
	r := out[0]
	require.NotNil(t, r.Indicators)
	assert.Equal(t, goals.RuleCustom, r.Indicators.Scores[0].Rule)
	assert.True(t, r.Indicators.Scores[0].Value().Equal(decimal.NewFromInt(9)), "培训人数 scored %s, want 9", r.Indicators.Scores[0].Value())
	assert.True(t, r.Execution.Equal(decimal.NewFromInt(8)), "execution %s, want 8", r.Execution)
	assert.True(t, r.Total.Equal(decimal.NewFromInt(57)), "total %s, want 57", r.Total)
	assert.Equal(t, performance.Poor, r.Grade)
	assert.Equal(t, pr.Ref(), r.Policy)

	// The same form reconciled directly with the option gives the same.
	direct, err := forms[0].Reconcile(goals.Config{}, performance.DefaultScheme(), rules.WithFunction("bureauPoints", bureauPoints))
	require.NoError(t, err)
	assert.True(t, direct.Total.Equal(r.Total), "Reconcile total %s, ReconcileSelf %s", direct.Total, r.Total)

	// A program compiled without the function cannot score the form: the
	// tree fails to validate, naming the unknown function.
	bare, err := p.Compile(nil, nil)
	require.NoError(t, err)
	_, errs, err = bare.ReconcileSelf(context.Background(), forms, 1)
	require.NoError(t, err)
	require.Len(t, errs, 1)
	var ps performance.Problems
	require.ErrorAs(t, errs[0], &ps)
	assert.Contains(t, ps.Codes(), "invalid_scoring")
	assert.ErrorContains(t, errs[0], "unknown name: function bureauPoints")
	require.Error(t, forms[0].Form.Tree.Validate())
}

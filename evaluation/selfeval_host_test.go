package evaluation_test

import (
	"testing"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// xpHostTree is the three-indicator tree of the ex-ante host tests
// (exante's exGoals): 培训人数 ≥100人 60, 受益人数 ≥1000人 30, 满意度 ≥90% 10.
func xpHostTree(t testing.TB) *goals.Tree {
	ind := func(l1 goals.Level1, l2, name, target, w string) goals.Indicator {
		k2, err := goals.ParseLevel2(l2)
		require.NoError(t, err)
		tg, err := goals.ParseTarget(target)
		require.NoError(t, err)
		return goals.Indicator{Level1: l1, Level2: k2, Name: name, Target: tg, Weight: xpDec(w)}
	}
	out, _ := goals.ParseLevel1("产出指标")
	ben, _ := goals.ParseLevel1("效益指标")
	sat, _ := goals.ParseLevel1("满意度指标")
	tr, err := goals.NewTree(goals.SelfEvaluation, decimal.Decimal{},
		ind(out, "数量指标", "培训人数", "≥100人", "60"),
		ind(ben, "社会效益指标", "受益人数", "≥1000人", "30"),
		ind(sat, "服务对象满意度指标", "满意度", "≥90%", "10"))
	require.NoError(t, err)
	return tr
}

// TestSelfBatchHostScoring: SelfBatch.Options reach the forms' custom
// scoring. National weights 10/50/30/10; worked by hand:
//
//	execution  10 × 80 ÷ 100              =  8
//	培训人数    seven() = 7 (of 50)          =  7
//	受益人数    1000 ≥ 1000人: met            = 30
//	满意度      95% ≥ 90%: met                = 10
//	total      8 + 7 + 30 + 10             = 55 → 差
func TestSelfBatchHostScoring(t *testing.T) {
	tree := *xpHostTree(t)
	tree.Total = xpDec("90")
	tree.Indicators = append([]goals.Indicator(nil), tree.Indicators...)
	tree.Indicators[0].Weight = xpDec("50")
	tree.Indicators[0].Scoring = "seven()"
	seven := rules.WithFunction("seven", func() decimal.Decimal { return decimal.NewFromInt(7) })
	forms := []evaluation.SelfEvaluation{{ProjectID: "P1", Form: goals.Form{Tree: &tree,
		Execution: performance.Execution{InitialBudget: xpDec("100"), AdjustedBudget: xpDec("100"), Executed: xpDec("80")},
		Actuals:   []goals.Actual{goals.Measured(xpDec("10"), "人"), goals.Measured(xpDec("1000"), "人"), goals.Measured(xpDec("95"), "%")}}}}

	b := evaluation.SelfBatch{Scheme: performance.DefaultScheme(), KeepScores: true, Options: []rules.Option{seven}}
	out, errs, err := b.Reconcile(t.Context(), forms)
	require.NoError(t, err)
	require.Nil(t, errs)
	assert.True(t, out[0].Indicators.Scores[0].Value().Equal(xpDec("7")), "培训人数 %s, want 7", out[0].Indicators.Scores[0].Value())
	assert.True(t, out[0].Total.Equal(xpDec("55")), "total %s, want 55", out[0].Total)
	assert.Equal(t, performance.Poor, out[0].Grade)

	b.Options = nil
	_, errs, err = b.Reconcile(t.Context(), forms)
	require.NoError(t, err)
	require.Len(t, errs, 1)
	var ps performance.Problems
	require.ErrorAs(t, errs[0], &ps)
	assert.Equal(t, []string{"invalid_scoring"}, ps.Codes())
}

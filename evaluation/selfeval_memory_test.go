package evaluation_test

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/internal/ctxtest"
	"github.com/jixiao-go/jixiao/performance"
)

// xpMemForm is a form of three indicators worked by hand:
//
//	output ≥100人, weight 50, actual 80:   50 × 80 ÷ 100  = 40.00
//	benefit ≥200人, weight 30, actual 150: 30 × 150 ÷ 200 = 22.50
//	satisfaction ≥90人, weight 10, actual 90: met          = 10.00
//	execution 914 of 1000, weight 10:      10 × 0.914     =  9.14
//	total 9.14 + 40 + 22.5 + 10 = 81.64, 良 (80 ≤ 81.64 < 90)
//
// stated: execution 9 (9.14 rounded half up to whole points: 9 − 9.14 =
// −0.14) and total 82 (82 − 81.64 = 0.36).
func xpMemForm(t *testing.T, id string) evaluation.SelfEvaluation {
	t.Helper()
	ind := func(l1 goals.Level1, l2 goals.Level2, name, target, w string) goals.Indicator {
		tg, err := goals.ParseTarget(target)
		require.NoError(t, err)
		return goals.Indicator{Level1: l1, Level2: l2, Name: name, Target: tg, Weight: xpDec(w)}
	}
	tree := &goals.Tree{Total: decimal.NewFromInt(90), Indicators: []goals.Indicator{
		ind(goals.Output, goals.Quantity, "培训人数", "≥100人", "50"),
		ind(goals.Benefit, goals.SocialBenefit, "受益人数", "≥200人", "30"),
		ind(goals.Satisfaction, goals.ServedSatisfaction, "满意人数", "≥90人", "10"),
	}}
	return evaluation.SelfEvaluation{ProjectID: id, Form: goals.Form{Tree: tree,
		Actuals:   []goals.Actual{goals.Measured(xpDec("80"), "人"), goals.Measured(xpDec("150"), "人"), goals.Measured(xpDec("90"), "人")},
		Execution: performance.Execution{InitialBudget: xpDec("1000"), AdjustedBudget: xpDec("1000"), Executed: xpDec("914")}},
		Stated: evaluation.StatedForm{Execution: xpNull("9"), Total: xpNull("82")}}
}

// TestSelfBatchInternedFigures checks the figures a batch worker interns
// and the deviation lists it cuts from blocks, by hand (see xpMemForm):
// equal to the one-form path in value and places, and each form's list
// its own.
func TestSelfBatchInternedFigures(t *testing.T) {
	forms := []evaluation.SelfEvaluation{xpMemForm(t, "P1"), xpMemForm(t, "P2"), xpMemForm(t, "P3")}
	b := &evaluation.SelfBatch{Scheme: performance.DefaultScheme(), Workers: 1}
	got, errs, err := b.Reconcile(context.Background(), forms)
	require.NoError(t, err)
	require.Nil(t, errs)
	for i, r := range got {
		assert.Equal(t, "9.14", r.Execution.StringFixed(-r.Execution.Exponent()), "form %d: execution", i)
		assert.Equal(t, int32(-2), r.Execution.Exponent(), "form %d: execution at two places", i)
		assert.Equal(t, "81.64", r.Total.String(), "form %d: total", i)
		assert.Equal(t, int32(-2), r.Total.Exponent(), "form %d: total at two places", i)
		assert.Equal(t, performance.Good, r.Grade, "form %d", i)
		require.Len(t, r.Deviations, 2, "form %d: execution and total", i)
		ex, tot := r.Deviations[0], r.Deviations[1]
		assert.Equal(t, evaluation.DeviationRoundedExecution, ex.Kind, "form %d", i)
		assert.Equal(t, "-0.14", ex.Size.String(), "form %d: 9 − 9.14", i)
		assert.Equal(t, "total", tot.Path, "form %d", i)
		assert.Equal(t, evaluation.DeviationOther, tot.Kind, "form %d", i)
		assert.Equal(t, "0.36", tot.Size.String(), "form %d: 82 − 81.64", i)
		assert.Equal(t, int32(-2), tot.Size.Exponent(), "form %d: the size keeps the computed figure's places", i)

		want, err := forms[i].Reconcile(goals.Config{}, performance.DefaultScheme())
		require.NoError(t, err)
		assert.Equal(t, want.Execution, r.Execution, "form %d: as the one-form path builds it", i)
		assert.Equal(t, want.Total, r.Total, "form %d", i)
		assert.Equal(t, want.Deviations, r.Deviations, "form %d", i)
	}

	// The lists are cut from one block, capped: appending to the first
	// form's list leaves the second's alone.
	assert.Equal(t, 2, cap(got[0].Deviations), "a list is capped at its length")
	got[0].Deviations = append(got[0].Deviations, evaluation.Deviation{Path: "extra"})
	assert.Equal(t, "execution", got[1].Deviations[0].Path)
	assert.Len(t, got[1].Deviations, 2)
}

// TestSelfBatchOutOfRangeInterned checks a form whose total exceeds 100
// (level-1 weights of 120) through the batch: the out-of-range deviation
// comes after the others, in the block, as the one-form path lists it.
func TestSelfBatchOutOfRangeInterned(t *testing.T) {
	f := xpMemForm(t, "P1")
	// Weights 30/50/30/10 and every target met: execution 30 × 0.914 =
	// 27.42, total 27.42 + 50 + 30 + 10 = 117.42, over 100 by 17.42.
	f.Form.Actuals = []goals.Actual{goals.Measured(xpDec("100"), "人"), goals.Measured(xpDec("200"), "人"), goals.Measured(xpDec("90"), "人")}
	f.Form.Weights = goals.Weights{Execution: xpDec("30"), Output: xpDec("50"), Benefit: xpDec("30"), Satisfaction: xpDec("10"), Cost: xpDec("0")}
	f.Stated = evaluation.StatedForm{}
	b := &evaluation.SelfBatch{Scheme: performance.DefaultScheme(), Workers: 1}
	got, errs, err := b.Reconcile(context.Background(), []evaluation.SelfEvaluation{f})
	require.NoError(t, err)
	require.Nil(t, errs)
	r := got[0]
	assert.Equal(t, "117.42", r.Total.String())
	require.NotEmpty(t, r.Deviations)
	last := r.Deviations[len(r.Deviations)-1]
	assert.Equal(t, evaluation.DeviationTotalOutOfRange, last.Kind)
	assert.Equal(t, "17.42", last.Size.String(), "117.42 − 100")
	want, err := f.Reconcile(goals.Config{}, performance.DefaultScheme())
	require.NoError(t, err)
	assert.Equal(t, want.Deviations, r.Deviations)
}

// TestSelfBatchCancelledWithErrors checks that a cancelled batch's errors
// stay beside their forms when the finished forms are moved up: form 3
// (19 actuals for 20 indicators) and form 25 (a zero budget) fail, the
// rest are clean.
func TestSelfBatchCancelledWithErrors(t *testing.T) {
	forms := xpBenchForms(t, 40)
	forms[3].Form.Actuals = forms[3].Form.Actuals[:19]
	forms[25].Form.Execution.AdjustedBudget = decimal.Zero
	bad := map[string]string{forms[3].ProjectID: "actual_count", forms[25].ProjectID: "zero_budget"}
	b := &evaluation.SelfBatch{Scheme: performance.DefaultScheme(), Workers: 1}
	// One worker checks before each form: the first 17 are done, form 3's
	// error at index 3.
	got, errs, err := b.Reconcile(ctxtest.After(17), forms)
	require.ErrorIs(t, err, context.Canceled)
	require.Len(t, got, 17)
	require.Len(t, errs, 17)
	for i := range got {
		assert.Equal(t, forms[i].ProjectID, got[i].ProjectID)
		if i == 3 {
			assert.Contains(t, xpCodes(t, errs[i]), "actual_count")
		} else {
			assert.NoError(t, errs[i], "form %d", i)
		}
	}
	// Two workers, runs 0–19 and 20–39, cancelled after 30 checks in all:
	// whichever forms are done come in input order, each error beside its
	// form.
	b.Workers = 2
	got, errs, err = b.Reconcile(ctxtest.After(30), forms)
	require.ErrorIs(t, err, context.Canceled)
	assert.LessOrEqual(t, len(got), 30+2)
	for k := range got {
		if k > 0 {
			assert.Less(t, got[k-1].ProjectID, got[k].ProjectID, "input order")
		}
		code, failing := bad[got[k].ProjectID]
		if errs == nil {
			assert.False(t, failing, "form %s failed but errs is nil", got[k].ProjectID)
			continue
		}
		if failing {
			assert.Contains(t, xpCodes(t, errs[k]), code, "form %s", got[k].ProjectID)
		} else {
			assert.NoError(t, errs[k], "form %s", got[k].ProjectID)
		}
	}
}

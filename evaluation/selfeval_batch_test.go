package evaluation_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/jixiao-go/jixiao/internal/ctxtest"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
)

// TestSelfBatchMatchesReconcile checks the batch against the one-form path
// (goals' Form.Score) form by form, under several roundings, with trees
// shared by pointer and trees of their own.
func TestSelfBatchMatchesReconcile(t *testing.T) {
	forms := xpBenchForms(t, 60)
	// Forms 30–59 share the trees of forms 0–29, with their own actuals and budgets.
	for i := 30; i < 60; i++ {
		forms[i].Form.Tree = forms[i-30].Form.Tree
	}
	forms[7].Stated = evaluation.StatedForm{Rate: xpNull("99.99"), Execution: xpNull("9"),
		Indicators: []decimal.NullDecimal{xpNull("1")}, Total: xpNull("50"), Grade: performance.Excellent}
	configs := map[string]goals.Config{
		"default":         {},
		"whole total":     {Total: goals.RoundWhole},
		"unrounded items": {Indicator: goals.RoundNone},
		"unrounded":       {Indicator: goals.RoundNone, Total: goals.RoundNone},
	}
	for name, cfg := range configs {
		t.Run(name, func(t *testing.T) {
			for _, workers := range []int{1, 3} {
				b := &evaluation.SelfBatch{Config: cfg, Scheme: performance.DefaultScheme(), Workers: workers, KeepScores: true}
				got, errs, err := b.Reconcile(context.Background(), forms)
				require.NoError(t, err)
				require.Nil(t, errs)
				for i := range forms {
					want, err := forms[i].Reconcile(cfg, performance.DefaultScheme())
					require.NoError(t, err)
					assert.Equal(t, want.Total.String(), got[i].Total.String(), "form %d: same value, same places", i)
					assert.Equal(t, want.Grade, got[i].Grade, "form %d", i)
					assert.Equal(t, want.Deviations, got[i].Deviations, "form %d", i)
					assert.Equal(t, len(want.Indicators.Scores), len(got[i].Indicators.Scores))
				}
				assert.NotEmpty(t, got[7].Deviations)
			}
		})
	}
}

func TestSelfBatchErrorsBesideResults(t *testing.T) {
	forms := xpBenchForms(t, 5)
	forms[3].Form.Tree = forms[0].Form.Tree // shared tree, but…
	forms[3].Form.Actuals = forms[3].Form.Actuals[:19]
	forms[1].Form.Execution.AdjustedBudget = decimal.Zero
	b := &evaluation.SelfBatch{Scheme: performance.DefaultScheme(), Workers: 2}
	got, errs, err := b.Reconcile(context.Background(), forms)
	require.NoError(t, err)
	require.Len(t, errs, 5)
	assert.NoError(t, errs[0])
	assert.Contains(t, xpCodes(t, errs[1]), "zero_budget")
	assert.Contains(t, xpCodes(t, errs[3]), "actual_count")
	assert.NoError(t, errs[4])
	assert.Equal(t, "P0000001", got[1].ProjectID)
	assert.Equal(t, performance.GradeNone, got[1].Grade)
	assert.NotEqual(t, performance.GradeNone, got[4].Grade)
	assert.Nil(t, got[4].Indicators, "scores are not kept unless asked")
}

func TestSelfBatchCancelled(t *testing.T) {
	forms := xpBenchForms(t, 40)
	b := &evaluation.SelfBatch{Scheme: performance.DefaultScheme(), Workers: 1}
	for _, n := range []int64{0, 1, 17} {
		got, errs, err := b.Reconcile(ctxtest.After(n), forms)
		require.ErrorIs(t, err, context.Canceled)
		require.Nil(t, errs)
		// One worker checks before each form: exactly the first n are done.
		require.Len(t, got, int(n))
		for i := range got {
			assert.Equal(t, forms[i].ProjectID, got[i].ProjectID)
		}
	}
	b.Workers = 3
	got, _, err := b.Reconcile(ctxtest.After(10), forms)
	require.ErrorIs(t, err, context.Canceled)
	assert.LessOrEqual(t, len(got), 10+3, "each worker finishes at most the form it is on")
}

// TestSelfBatchReconcileSeq: the iterator gives, form by form and in input
// order, what Reconcile gives over the same slice (more forms than one
// chunk, with shared trees and a broken form), and a consumer that cancels
// after 5 results gets the wrapped context.Canceled next, and nothing
// after it.
func TestSelfBatchReconcileSeq(t *testing.T) {
	forms := xpBenchForms(t, 300)
	for i := 150; i < 300; i++ {
		forms[i].Form.Tree = forms[i-150].Form.Tree
	}
	forms[7].Form.Execution.AdjustedBudget = decimal.Zero
	seq := func(yield func(*evaluation.SelfEvaluation) bool) {
		for i := range forms {
			if !yield(&forms[i]) {
				return
			}
		}
	}
	for _, workers := range []int{1, 3} {
		b := &evaluation.SelfBatch{Scheme: performance.DefaultScheme(), Workers: workers}
		want, wantErrs, err := b.Reconcile(context.Background(), forms)
		require.NoError(t, err)
		require.Len(t, wantErrs, len(forms))
		i := 0
		for r, err := range b.ReconcileSeq(context.Background(), seq) {
			require.Less(t, i, len(forms))
			assert.Equal(t, want[i].ProjectID, r.ProjectID, "workers %d, form %d", workers, i)
			assert.Equal(t, want[i].Total.String(), r.Total.String(), "workers %d, form %d", workers, i)
			assert.Equal(t, want[i].Deviations, r.Deviations, "workers %d, form %d", workers, i)
			assert.Equal(t, fmt.Sprint(wantErrs[i]), fmt.Sprint(err), "workers %d, form %d", workers, i)
			i++
		}
		assert.Equal(t, len(forms), i)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b := &evaluation.SelfBatch{Scheme: performance.DefaultScheme(), Workers: 2}
	n, stopped := 0, 0
	for _, err := range b.ReconcileSeq(ctx, seq) {
		if errors.Is(err, context.Canceled) {
			stopped++
			continue
		}
		if n++; n == 5 {
			cancel()
		}
	}
	assert.Equal(t, 5, n)
	assert.Equal(t, 1, stopped)
}

// TestSelfBatchSumsMatchReconcile checks the batch without KeepScores,
// where a form whose indicator scores are neither kept nor stated is
// scored by goals' sum alone (Scorer.ScoreSum), against the one-form path,
// form by form and under several roundings: totals, grades, execution
// scores, deviations and errors. Among the forms, one states indicator
// scores (scored in full), one has an actual without its unit and one a
// missing actual (ScoreSum declines; both reconciled beside their errors).
func TestSelfBatchSumsMatchReconcile(t *testing.T) {
	forms := xpBenchForms(t, 60)
	for i := 30; i < 60; i++ {
		forms[i].Form.Tree = forms[i-30].Form.Tree
	}
	forms[7].Stated = evaluation.StatedForm{Rate: xpNull("99.99"), Execution: xpNull("9"),
		Indicators: []decimal.NullDecimal{xpNull("1")}, Total: xpNull("50"), Grade: performance.Excellent}
	forms[11].Form.Actuals = append([]goals.Actual(nil), forms[11].Form.Actuals...)
	forms[11].Form.Actuals[2].Unit = ""
	forms[40].Form.Actuals = append([]goals.Actual(nil), forms[40].Form.Actuals...)
	forms[40].Form.Actuals[5] = goals.Actual{}
	configs := map[string]goals.Config{
		"default":         {},
		"whole total":     {Total: goals.RoundWhole},
		"unrounded items": {Indicator: goals.RoundNone},
		"unrounded":       {Indicator: goals.RoundNone, Total: goals.RoundNone},
	}
	for name, cfg := range configs {
		t.Run(name, func(t *testing.T) {
			for _, workers := range []int{1, 3} {
				b := &evaluation.SelfBatch{Config: cfg, Scheme: performance.DefaultScheme(), Workers: workers}
				got, errs, err := b.Reconcile(context.Background(), forms)
				require.NoError(t, err)
				require.Len(t, errs, len(forms))
				for i := range forms {
					want, err := forms[i].Reconcile(cfg, performance.DefaultScheme())
					require.NotNil(t, want, "form %d", i)
					assert.Equal(t, fmt.Sprint(err), fmt.Sprint(errs[i]), "form %d", i)
					assert.Equal(t, want.Total.String(), got[i].Total.String(), "form %d: same value, same places", i)
					assert.Equal(t, want.Execution.String(), got[i].Execution.String(), "form %d", i)
					assert.Equal(t, want.Grade, got[i].Grade, "form %d", i)
					assert.Equal(t, want.Deviations, got[i].Deviations, "form %d", i)
					assert.Nil(t, got[i].Indicators, "form %d", i)
				}
				assert.Contains(t, xpCodes(t, errs[11]), "missing_unit")
				assert.Contains(t, xpCodes(t, errs[40]), "missing_actual")
				assert.NotEmpty(t, got[7].Deviations)
			}
		})
	}
}

// TestSelfBatchUnitMismatchAsReconcile checks that an actual in the wrong
// unit is treated by the batch as the one-form path treats it, whichever
// form of a shared tree a worker meets first: Form.Score scores the form
// with that indicator at zero and returns unit_mismatch beside the result
// (see goals.Form.Score), so the batch must too, for every worker count.
// Before, a worker validated the first form of each tree with the full
// Form.Validate, which rejects the whole form on unit_mismatch, and skipped
// that check for later forms: the same form was rejected or scored
// depending on which worker met it first.
func TestSelfBatchUnitMismatchAsReconcile(t *testing.T) {
	forms := xpBenchForms(t, 12)
	for i := 1; i < len(forms); i++ {
		forms[i].Form.Tree = forms[0].Form.Tree
	}
	// Indicator 0's target is in 人; "元" cannot be converted to it. The
	// actuals are copied first: the generated forms own theirs.
	for _, i := range []int{0, 5, 11} {
		acts := append([]goals.Actual(nil), forms[i].Form.Actuals...)
		acts[0] = goals.Measured(acts[0].Value.Decimal, "元")
		forms[i].Form.Actuals = acts
	}
	cfg := goals.Config{}
	for _, workers := range []int{1, 2, 3, 12} {
		b := &evaluation.SelfBatch{Config: cfg, Scheme: performance.DefaultScheme(), Workers: workers}
		got, errs, err := b.Reconcile(context.Background(), forms)
		require.NoError(t, err)
		require.Len(t, errs, len(forms), "workers %d", workers)
		for i := range forms {
			want, werr := forms[i].Reconcile(cfg, performance.DefaultScheme())
			require.NotNil(t, want, "form %d", i)
			if werr != nil {
				assert.Equal(t, xpCodes(t, werr), xpCodes(t, errs[i]), "workers %d, form %d", workers, i)
			} else {
				assert.NoError(t, errs[i], "workers %d, form %d", workers, i)
			}
			assert.Equal(t, want.Total.String(), got[i].Total.String(), "workers %d, form %d", workers, i)
			assert.Equal(t, want.Grade, got[i].Grade, "workers %d, form %d", workers, i)
		}
		assert.Contains(t, xpCodes(t, errs[5]), "unit_mismatch", "workers %d", workers)
	}
}

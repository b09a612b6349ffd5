package evaluation_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
)

// overForm is xpForm with output weighing output (the first indicator
// takes the difference from 50) and every actual met when allMet.
func overForm(t *testing.T, output, first string, allMet bool) goals.Form {
	f := xpForm(t)
	f.Weights = goals.Weights{Execution: xpDec("10"), Output: xpDec(output), Benefit: xpDec("30"), Satisfaction: xpDec("10")}
	f.Tree.Total = xpDec(output).Add(xpDec("40"))
	f.Tree.Indicators[0].Weight = xpDec(first)
	if allMet {
		f.Execution.Executed = f.Execution.AdjustedBudget
		f.Actuals = []goals.Actual{goals.Measured(xpDec("120"), "人"), goals.Measured(xpDec("95"), "%"),
			goals.Measured(xpDec("500"), "元"), goals.Measured(xpDec("80"), "%"), goals.Measured(xpDec("90"), "%")}
	}
	return f
}

// TestReconcileOver100: a form whose level-1 weights add to 110 (output
// 60) is reconciled fully; its total is one more deviation. By hand:
//
//	execution 10 × 1,096,440 ÷ 1,200,000 = 9.137 → 9.14
//	output    30 (met) + 15 × 90 ÷ 95 = 14.21 + 15 × 500 ÷ 520 = 14.42
//	benefit   30 (met); satisfaction 10 × 85 ÷ 90 = 9.44
//	total     9.14 + 30 + 14.21 + 14.42 + 30 + 9.44 = 107.21, 7.21 over 100
func TestReconcileOver100(t *testing.T) {
	se := &evaluation.SelfEvaluation{ProjectID: "O", Form: overForm(t, "60", "30", false), Stated: evaluation.StatedForm{
		Execution:  xpNull("9"),
		Indicators: []decimal.NullDecimal{xpNull("28")},
		Total:      xpNull("107.21"),
		Grade:      performance.Excellent,
	}}
	r, err := se.Reconcile(goals.Config{}, performance.DefaultScheme())
	require.NoError(t, err)
	xpAssertDec(t, "107.21", r.Total)
	assert.Equal(t, performance.GradeNone, r.Grade, "no grade for a total outside 0–100")
	type row struct {
		path                   string
		kind                   evaluation.DeviationKind
		stated, computed, size string
	}
	want := []row{
		{"weights.output", evaluation.DeviationWeights, "60", "50", "10"},
		{"execution", evaluation.DeviationRoundedExecution, "9", "9.14", "-0.14"},
		{"indicators[0]", evaluation.DeviationDockedMetTarget, "28", "30", "-2"},
		{"total", evaluation.DeviationTotalOutOfRange, "107.21", "100", "7.21"},
	}
	require.Len(t, r.Deviations, len(want), "%+v", r.Deviations)
	for i, w := range want {
		d := r.Deviations[i]
		assert.Equal(t, w.path, d.Path, "deviation %d", i)
		assert.Equal(t, w.kind, d.Kind, "deviation %d", i)
		xpAssertDec(t, w.stated, d.Stated, w.path)
		xpAssertDec(t, w.computed, d.Computed, w.path)
		xpAssertDec(t, w.size, d.Size, w.path)
	}
	assert.Equal(t, "计算总分 107.21 超出0–100分（超出 7.21），无法评定等级", r.Deviations[3].Message().ZH)
}

// TestReconcileRangeEdge: both sides of 100. All met with output 50 gives
// 10 + 20 + 15 + 15 + 30 + 10 = 100, graded 优; output 50.01 (the first
// indicator 20.01) gives 100.01, out of range by 0.01.
func TestReconcileRangeEdge(t *testing.T) {
	for _, tt := range []struct {
		output, first, total string
		out                  bool
	}{{"50", "20", "100", false}, {"50.01", "20.01", "100.01", true}} {
		se := &evaluation.SelfEvaluation{ProjectID: "E", Form: overForm(t, tt.output, tt.first, true)}
		r, err := se.Reconcile(goals.Config{}, performance.DefaultScheme())
		require.NoError(t, err)
		xpAssertDec(t, tt.total, r.Total)
		var out []evaluation.Deviation
		for _, d := range r.Deviations {
			if d.Kind == evaluation.DeviationTotalOutOfRange {
				out = append(out, d)
			}
		}
		if tt.out {
			require.Len(t, out, 1)
			xpAssertDec(t, "0.01", out[0].Size)
			assert.Equal(t, performance.GradeNone, r.Grade)
		} else {
			assert.Empty(t, out)
			assert.Equal(t, performance.Excellent, r.Grade)
		}
	}
}

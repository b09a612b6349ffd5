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

// TestReconcileRoundingClasses: a stated score rounded to whole points or
// one place, half up, down or up, is classed as rounding with its
// direction; anything else is not. The exact figures of xpForm, by hand:
//
//	execution   10 × 1,096,440 ÷ 1,200,000 = 9.137
//	            (executed 1,184,400: 9.87; executed 1,182,000: 9.85)
//	indicator 1 15 × 90 ÷ 95 = 14.2105…   (unmet, weight 15)
//	indicator 4 10 × 85 ÷ 90 = 9.444…     (unmet, weight 10)
//	            (actual 86: 10 × 86 ÷ 90 = 9.555…)
func TestReconcileRoundingClasses(t *testing.T) {
	type rc = evaluation.ScoreRounding
	tests := []struct {
		name     string
		executed string // "" keeps 1,096,440
		actual4  string // "" keeps 85
		path     string
		stated   string
		kind     evaluation.DeviationKind
		rounding *rc
	}{
		// 9.137: whole half up 9, whole up 10, one place half up 9.1, up 9.2.
		{"exec whole half up", "", "", "execution", "9", evaluation.DeviationRoundedExecution, &rc{0, evaluation.RoundHalfUp}},
		{"exec whole up", "", "", "execution", "10", evaluation.DeviationRoundedExecution, &rc{0, evaluation.RoundUp}},
		{"exec tenth half up", "", "", "execution", "9.1", evaluation.DeviationRoundedExecution, &rc{1, evaluation.RoundHalfUp}},
		{"exec tenth up", "", "", "execution", "9.2", evaluation.DeviationRoundedExecution, &rc{1, evaluation.RoundUp}},
		{"exec not a rounding", "", "", "execution", "8", evaluation.DeviationOther, nil},
		// 9.87: whole half up is 10, so 9 can only be rounding down;
		// one place half up 9.9, down 9.8.
		{"exec whole down", "1184400", "", "execution", "9", evaluation.DeviationRoundedExecution, &rc{0, evaluation.RoundDown}},
		{"exec tenth down", "1184400", "", "execution", "9.8", evaluation.DeviationRoundedExecution, &rc{1, evaluation.RoundDown}},
		// 9.85, the half-up edge at one place: half up (away from zero) is
		// 9.9, so 9.8 is rounding down; 9.9 is half up.
		{"exec edge tenth down", "1182000", "", "execution", "9.8", evaluation.DeviationRoundedExecution, &rc{1, evaluation.RoundDown}},
		{"exec edge tenth half up", "1182000", "", "execution", "9.9", evaluation.DeviationRoundedExecution, &rc{1, evaluation.RoundHalfUp}},
		// 14.2105…: 14 whole half up; 14.2 one place half up; 14.3 up.
		{"ind whole half up", "", "", "indicators[1]", "14", evaluation.DeviationRoundedScore, &rc{0, evaluation.RoundHalfUp}},
		{"ind tenth half up", "", "", "indicators[1]", "14.2", evaluation.DeviationRoundedScore, &rc{1, evaluation.RoundHalfUp}},
		{"ind tenth up", "", "", "indicators[1]", "14.3", evaluation.DeviationRoundedScore, &rc{1, evaluation.RoundUp}},
		// 15 is whole up, but it is the full weight of an unmet
		// indicator: full marks for a missed target, not rounding.
		{"ind up to full weight", "", "", "indicators[1]", "15", evaluation.DeviationOther, nil},
		// 9.555…: whole half up 10 (= the weight, allowed: half up is not
		// ceiling), down 9; one place down 9.5, half up 9.6.
		{"ind whole down", "", "86", "indicators[4]", "9", evaluation.DeviationRoundedScore, &rc{0, evaluation.RoundDown}},
		{"ind whole half up to weight", "", "86", "indicators[4]", "10", evaluation.DeviationRoundedScore, &rc{0, evaluation.RoundHalfUp}},
		{"ind tenth down", "", "86", "indicators[4]", "9.5", evaluation.DeviationRoundedScore, &rc{1, evaluation.RoundDown}},
		{"ind tenth half up", "", "86", "indicators[4]", "9.6", evaluation.DeviationRoundedScore, &rc{1, evaluation.RoundHalfUp}},
		{"ind not a rounding", "", "86", "indicators[4]", "9.3", evaluation.DeviationOther, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := xpForm(t)
			if tt.executed != "" {
				f.Execution.Executed = xpDec(tt.executed)
			}
			if tt.actual4 != "" {
				f.Actuals[4] = goals.Measured(xpDec(tt.actual4), "%")
			}
			se := &evaluation.SelfEvaluation{ProjectID: "R", Form: f}
			if tt.path == "execution" {
				se.Stated.Execution = xpNull(tt.stated)
			} else {
				se.Stated.Indicators = make([]decimal.NullDecimal, 5)
				se.Stated.Indicators[int(tt.path[len("indicators[")]-'0')] = xpNull(tt.stated)
			}
			r, err := se.Reconcile(goals.Config{}, performance.DefaultScheme())
			require.NoError(t, err)
			require.Len(t, r.Deviations, 1, "%+v", r.Deviations)
			d := r.Deviations[0]
			assert.Equal(t, tt.path, d.Path)
			assert.Equal(t, tt.kind, d.Kind, "kind")
			assert.Equal(t, tt.rounding, d.Rounding, "rounding")
		})
	}
}

// TestScoreTenths: a form scored at one place (goals.RoundTenths), by hand:
// execution 9.137 → 9.1; 20; 14.2105… → 14.2; 14.4230… → 14.4; 30;
// 9.444… → 9.4; total 9.1 + 20 + 14.2 + 14.4 + 30 + 9.4 = 97.1. A form
// stating those figures reconciles with no deviation.
func TestScoreTenths(t *testing.T) {
	cfg := goals.Config{Indicator: goals.RoundTenths, Total: goals.RoundTenths}
	se := &evaluation.SelfEvaluation{ProjectID: "T", Form: xpForm(t), Stated: evaluation.StatedForm{
		Execution:  xpNull("9.1"),
		Indicators: []decimal.NullDecimal{xpNull("20"), xpNull("14.2"), xpNull("14.4"), xpNull("30"), xpNull("9.4")},
		Total:      xpNull("97.1"),
	}}
	r, err := se.Reconcile(cfg, performance.DefaultScheme())
	require.NoError(t, err)
	xpAssertDec(t, "9.1", r.Execution)
	xpAssertDec(t, "97.1", r.Total)
	assert.Empty(t, r.Deviations)
}

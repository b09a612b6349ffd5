package evaluation_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
)

func xpTarget(t testing.TB, s string) goals.Target {
	t.Helper()
	tg, err := goals.ParseTarget(s)
	require.NoError(t, err)
	return tg
}

// xpForm is a national-weight form: output 50 (20 + 15 + 15), benefit 30,
// satisfaction 10, execution 10.
func xpForm(t testing.TB) goals.Form {
	t.Helper()
	ind := func(l1 goals.Level1, l2 goals.Level2, name, target, w string) goals.Indicator {
		return goals.Indicator{Level1: l1, Level2: l2, Name: name, Target: xpTarget(t, target), Weight: xpDec(w)}
	}
	tree, err := goals.NewTree(goals.SelfEvaluation, xpDec("90"),
		ind(goals.Output, goals.Quantity, "培训人数", "≥100人", "20"),
		ind(goals.Output, goals.Quality, "考核合格率", "≥95%", "15"),
		ind(goals.Output, goals.OutputCost, "人均培训成本", "≤500元", "15"),
		ind(goals.Benefit, goals.SocialBenefit, "就业率", "≥80%", "30"),
		ind(goals.Satisfaction, goals.ServedSatisfaction, "学员满意度", "≥90%", "10"),
	)
	require.NoError(t, err)
	return goals.Form{
		Tree: tree,
		Execution: performance.Execution{InitialBudget: xpDec("1000000"), AdjustedBudget: xpDec("1200000"),
			Executed: xpDec("1096440")},
		Actuals: []goals.Actual{
			goals.Measured(xpDec("120"), "人"), // met: 20
			goals.Measured(xpDec("90"), "%"),  // 15 × 90/95 = 14.2105… → 14.21
			goals.Measured(xpDec("520"), "元"), // 15 × 500/520 = 14.4230… → 14.42
			goals.Measured(xpDec("80"), "%"),  // met: 30
			goals.Measured(xpDec("85"), "%"),  // 10 × 85/90 = 9.444… → 9.44
		},
	}
}

func xpNull(s string) decimal.NullDecimal { return decimal.NewNullDecimal(xpDec(s)) }

func TestReconcileComputed(t *testing.T) {
	se := &evaluation.SelfEvaluation{ProjectID: "P1", Form: xpForm(t)}
	r, err := se.Reconcile(goals.Config{}, performance.DefaultScheme())
	require.NoError(t, err)
	// Execution 1,096,440 ÷ 1,200,000 = 91.37% → 10 × 0.9137 = 9.137 → 9.14.
	// Total 9.14 + 20 + 14.21 + 14.42 + 30 + 9.44 = 97.21 → 优.
	xpAssertDec(t, "97.21", r.Total)
	assert.Equal(t, performance.Excellent, r.Grade)
	assert.Empty(t, r.Deviations, "nothing stated, nothing deviates")
}

func TestReconcileDeviations(t *testing.T) {
	se := &evaluation.SelfEvaluation{ProjectID: "P1", Form: xpForm(t), Stated: evaluation.StatedForm{
		// 1,096,440 ÷ 1,000,000 (the initial budget) = 109.644% → 109.64.
		Rate: xpNull("109.64"),
		// 9.137 rounded to a whole number.
		Execution:  xpNull("9"),
		Indicators: []decimal.NullDecimal{xpNull("18"), xpNull("14.21"), xpNull("14.42"), xpNull("30"), xpNull("9.44")},
		// The parts sum to 9 + 18 + 14.21 + 14.42 + 30 + 9.44 = 95.07, not 94.
		Total: xpNull("94"),
		Grade: performance.Good,
	}}
	r, err := se.Reconcile(goals.Config{}, performance.DefaultScheme())
	require.NoError(t, err)
	type row struct {
		path                   string
		kind                   evaluation.DeviationKind
		stated, computed, size string
	}
	want := []row{
		{"rate", evaluation.DeviationInitialBase, "109.64", "91.37", "18.27"},
		{"execution", evaluation.DeviationRoundedExecution, "9", "9.14", "-0.14"},
		{"indicators[0]", evaluation.DeviationDockedMetTarget, "18", "20", "-2"},
		{"total", evaluation.DeviationTotalNotSum, "94", "95.07", "-1.07"},
		{"total", evaluation.DeviationOther, "94", "97.21", "-3.21"},
		{"grade", evaluation.DeviationGrade, "0", "0", "0"},
	}
	require.Len(t, r.Deviations, len(want))
	for i, w := range want {
		d := r.Deviations[i]
		assert.Equal(t, w.path, d.Path, "deviation %d", i)
		assert.Equal(t, w.kind, d.Kind, "deviation %d", i)
		xpAssertDec(t, w.stated, d.Stated, w.path)
		xpAssertDec(t, w.computed, d.Computed, w.path)
		xpAssertDec(t, w.size, d.Size, w.path)
	}
	// The stated figures are kept as stated.
	xpAssertDec(t, "94", se.Stated.Total.Decimal)
	xpAssertDec(t, "97.21", r.Total)
}

func TestReconcileDeviationKinds(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(se *evaluation.SelfEvaluation)
		path   string
		kind   evaluation.DeviationKind
		stated string
	}{
		{"rate off in the last digit", func(se *evaluation.SelfEvaluation) { se.Stated.Rate = xpNull("91.36") },
			"rate", evaluation.DeviationRate, "91.36"},
		{"rate to one place matches", func(se *evaluation.SelfEvaluation) { se.Stated.Rate = xpNull("91.4") },
			"", 0, ""},
		{"execution scored on the initial budget", func(se *evaluation.SelfEvaluation) {
			// 900,000 ÷ 1,200,000 = 75% → 7.5; ÷ 1,000,000 = 90% → 9, and round(7.5) = 8 ≠ 9.
			se.Form.Execution.Executed = xpDec("900000")
			se.Stated.Execution = xpNull("9")
		}, "execution", evaluation.DeviationInitialBase, "9"},
		{"execution off otherwise", func(se *evaluation.SelfEvaluation) { se.Stated.Execution = xpNull("7") },
			"execution", evaluation.DeviationOther, "7"},
		{"unmet indicator stated higher", func(se *evaluation.SelfEvaluation) {
			se.Stated.Indicators = []decimal.NullDecimal{{}, xpNull("15")}
		}, "indicators[1]", evaluation.DeviationOther, "15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			se := &evaluation.SelfEvaluation{ProjectID: "P1", Form: xpForm(t)}
			tt.edit(se)
			r, err := se.Reconcile(goals.Config{}, performance.DefaultScheme())
			require.NoError(t, err)
			if tt.path == "" {
				assert.Empty(t, r.Deviations)
				return
			}
			require.Len(t, r.Deviations, 1, "%+v", r.Deviations)
			assert.Equal(t, tt.path, r.Deviations[0].Path)
			assert.Equal(t, tt.kind, r.Deviations[0].Kind)
			xpAssertDec(t, tt.stated, r.Deviations[0].Stated)
		})
	}
}

func TestReconcileNonDefaultWeights(t *testing.T) {
	se := &evaluation.SelfEvaluation{ProjectID: "P2", Form: xpForm(t)}
	// Execution 20, output 40: the output indicators now weigh 15 + 12.5 + 12.5.
	se.Form.Weights = goals.Weights{Execution: xpDec("20"), Output: xpDec("40"), Benefit: xpDec("30"), Satisfaction: xpDec("10")}
	se.Form.Tree.Total = xpDec("80")
	se.Form.Tree.Indicators[0].Weight = xpDec("15")
	se.Form.Tree.Indicators[1].Weight = xpDec("12.5")
	se.Form.Tree.Indicators[2].Weight = xpDec("12.5")
	r, err := se.Reconcile(goals.Config{}, performance.DefaultScheme())
	require.NoError(t, err)
	// Execution 20 × 0.9137 = 18.274 → 18.27; 15; 12.5 × 90/95 = 11.842… → 11.84;
	// 12.5 × 500/520 = 12.019… → 12.02; 30; 9.44: total 96.57.
	xpAssertDec(t, "96.57", r.Total)
	require.Len(t, r.Deviations, 2)
	assert.Equal(t, "weights.execution", r.Deviations[0].Path)
	assert.Equal(t, evaluation.DeviationWeights, r.Deviations[0].Kind)
	xpAssertDec(t, "10", r.Deviations[0].Size)
	assert.Equal(t, "weights.output", r.Deviations[1].Path)
	xpAssertDec(t, "-10", r.Deviations[1].Size)
}

func TestReconcileBadForm(t *testing.T) {
	se := &evaluation.SelfEvaluation{ProjectID: "P3", Form: xpForm(t)}
	se.Form.Actuals = se.Form.Actuals[:3]
	r, err := se.Reconcile(goals.Config{}, performance.DefaultScheme())
	assert.Nil(t, r)
	assert.ErrorIs(t, err, performance.ErrInvalid)
	assert.Contains(t, xpCodes(t, err), "actual_count")
}

// Messages name the form's fields for finance staff, not their JSON paths.
func TestDeviationMessageNamesFields(t *testing.T) {
	d := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	for _, c := range []struct {
		dv     evaluation.Deviation
		zh, en string
	}{
		{evaluation.Deviation{Path: "weights.cost", Kind: evaluation.DeviationWeights, Stated: d("10"), Computed: d("0")},
			"成本指标分值 10，全国通用表为 0", "cost indicators: weight 10, the national form 0"},
		{evaluation.Deviation{Path: "weights.satisfaction", Kind: evaluation.DeviationWeights, Stated: d("5"), Computed: d("10")},
			"满意度指标分值 5，全国通用表为 10", "satisfaction indicators: weight 5, the national form 10"},
		{evaluation.Deviation{Path: "rate", Kind: evaluation.DeviationRate, Stated: d("95"), Computed: d("93.5")},
			"预算执行率：执行率与执行数÷预算数不符，填报 95，计算 93.5", "budget execution rate: stated rate differs from executed ÷ budget, stated 95, computed 93.5"},
		{evaluation.Deviation{Path: "indicators[2]", Kind: evaluation.DeviationOther, Stated: d("8"), Computed: d("6"), Indicator: "覆盖率"},
			"覆盖率：填报数与计算数不符，填报 8，计算 6", "覆盖率: stated figure differs from the computed one, stated 8, computed 6"},
		{evaluation.Deviation{Path: "indicators[2]", Kind: evaluation.DeviationOther, Stated: d("8"), Computed: d("6")},
			"indicators[2]：填报数与计算数不符，填报 8，计算 6", "indicators[2]: stated figure differs from the computed one, stated 8, computed 6"},
	} {
		m := c.dv.Message()
		assert.Equal(t, c.zh, m.ZH)
		assert.Equal(t, c.en, m.EN)
	}
}

// TestReconciliationJSONRoundTrip: a reconciliation with its deviations
// (whose message is written for readers) and its per-indicator computed
// scores decodes strictly and encodes back byte for byte.
func TestReconciliationJSONRoundTrip(t *testing.T) {
	se := &evaluation.SelfEvaluation{ProjectID: "P1", Form: xpForm(t), Stated: evaluation.StatedForm{
		Execution: xpNull("9"), Total: xpNull("94"), Grade: performance.Good}}
	r, err := se.Reconcile(goals.Config{}, performance.DefaultScheme())
	require.NoError(t, err)
	require.NotNil(t, r.Indicators)
	require.NotEmpty(t, r.Deviations)
	first, err := json.Marshal(r)
	require.NoError(t, err)
	assert.Contains(t, string(first), `"indicators":`)
	var back evaluation.Reconciliation
	require.NoError(t, performance.DecodeJSON(first, &back))
	second, err := json.Marshal(&back)
	require.NoError(t, err)
	assert.Equal(t, string(first), string(second))
	// A message that contradicts the fields is refused.
	bad := strings.Replace(string(first), `"message":{"zh":"`, `"message":{"zh":"改`, 1)
	assert.Error(t, performance.DecodeJSON([]byte(bad), &back))
}

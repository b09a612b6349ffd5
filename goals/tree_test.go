package goals

import (
	"encoding/json"
	"testing"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTreeValidateReportsEveryProblem(t *testing.T) {
	tree := &Tree{
		Framework: FinanceEvaluation,
		Indicators: []Indicator{
			// 0: fine, decision 30
			{ID: "d1", Level1: Decision, Level2Name: "项目立项", Name: "立项依据充分性", Target: mustTarget(t, "充分"), Weight: dec("30")},
			// 1: no unit, duplicate id
			{ID: "d1", Level1: Output, Level2: Quantity, Name: "培训人数", Target: Target{Op: AtLeast, Value: dec("100")}, Weight: dec("20")},
			// 2: benefit kind under output, zero weight
			{Level1: Output, Level2: SocialBenefit, Name: "社会效益", Target: mustTarget(t, "明显提升"), Weight: decimal.Zero},
			// 3: no level 1, no name, empty target
			{Level2: Level2Other, Level2Name: "其他", Weight: dec("20")},
			// 4: an unnamed other level-2 group; inverted range
			{Level1: Process, Level2: Level2Other, Name: "资金到位率", Target: Target{Op: Range, Value: dec("90"), Upper: dec("80"), Unit: "%"}, Weight: dec("10")},
			// 5: quantity with a phrase
			{Level1: Output, Level2: Quantity, Name: "覆盖面", Target: mustTarget(t, "较广"), Weight: dec("5")},
		},
	}
	err := tree.Validate()
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.ErrorIs(t, err, performance.ErrInvalid)
	type pc struct{ code, path string }
	var got []pc
	for _, p := range ps {
		got = append(got, pc{p.Code, p.Path})
		assert.NotEmpty(t, p.Message.ZH, p.Code)
		assert.NotEmpty(t, p.Message.EN, p.Code)
	}
	// Weights 30 + 20 + 0 + 20 + 10 + 5 = 85 ≠ 100; output + benefit = 25 < 60.
	assert.Equal(t, []pc{
		{"missing_unit", "indicators[1].target.unit"},
		{"duplicate_id", "indicators[1].id"},
		{"level2_mismatch", "indicators[2].level2"},
		{"invalid_weight", "indicators[2].weight"},
		{"missing_level1", "indicators[3].level1"},
		{"missing_name", "indicators[3].name"},
		{"missing_target", "indicators[3].target"},
		{"missing_level2_name", "indicators[4].level2_name"},
		{"invalid_range", "indicators[4].target.upper"},
		{"quantity_not_numeric", "indicators[5].target"},
		{"weight_total", "indicators"},
		{"no_benefit", "indicators"},
		{"output_benefit_below_60", "indicators"},
	}, got)
}

func TestTreeValidateTotals(t *testing.T) {
	out := Indicator{Level1: Output, Level2: Quantity, Name: "a", Target: mustTarget(t, "≥3个"), Weight: dec("45")}
	ben := Indicator{Level1: Benefit, Level2: SocialBenefit, Name: "b", Target: mustTarget(t, "明显提升"), Weight: dec("45")}
	_, err := NewTree(SelfEvaluation, decimal.Zero, out, ben)
	var ps performance.Problems
	require.ErrorAs(t, err, &ps, "90 ≠ the default 100")
	assert.Equal(t, []string{"weight_total"}, ps.Codes())
	assert.Contains(t, ps[0].Message.ZH, "90")

	tree, err := NewTree(SelfEvaluation, dec("90"), out, ben)
	require.NoError(t, err, "declared total 90, as in a form with the execution item apart")
	assert.True(t, tree.DeclaredTotal().Equal(dec("90")))

	_, err = NewTree(SelfEvaluation, decimal.Zero)
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"no_indicators"}, ps.Codes())

	// Output + benefit at exactly 60 passes in a department evaluation.
	sat := Indicator{Level1: Satisfaction, Level2: ServedSatisfaction, Name: "c", Target: mustTarget(t, "≥90%"), Weight: dec("40")}
	out.Weight, ben.Weight = dec("30"), dec("30")
	_, err = NewTree(DepartmentEvaluation, decimal.Zero, out, ben, sat)
	assert.NoError(t, err)
	out.Weight, sat.Weight = dec("29.99"), dec("40.01")
	_, err = NewTree(DepartmentEvaluation, decimal.Zero, out, ben, sat)
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"output_benefit_below_60"}, ps.Codes())
	_, err = NewTree(SelfEvaluation, decimal.Zero, out, ben, sat)
	assert.NoError(t, err, "self-evaluation has no 60 floor")
}

func TestTreeJSON(t *testing.T) {
	tree := sampleTree(t)
	b, err := json.Marshal(tree)
	require.NoError(t, err)
	var back Tree
	require.NoError(t, json.Unmarshal(b, &back))
	require.NoError(t, back.Validate())
	require.Len(t, back.Indicators, len(tree.Indicators))
	for i := range tree.Indicators {
		a, b := tree.Indicators[i], back.Indicators[i]
		assert.Equal(t, a.Level1, b.Level1)
		assert.Equal(t, a.Level2, b.Level2)
		assert.Equal(t, a.Standard, b.Standard)
		assert.True(t, a.Weight.Equal(b.Weight))
		assert.True(t, sameTarget(a.Target, b.Target), "%d: %+v vs %+v", i, a.Target, b.Target)
	}

	// Published tables: kinds in Chinese, targets as printed.
	src := `{"framework":"部门评价","total":"100","indicators":[
	  {"level1":"产出指标","level2":"数量指标","name":"培训人数","target":"≥100人","weight":"60","standard":"计划标准"},
	  {"level1":"效益","level2":"社会效益","name":"就业能力","target":"明显提升","weight":"40","standard":"其他"}]}`
	var pub Tree
	require.NoError(t, json.Unmarshal([]byte(src), &pub))
	require.NoError(t, pub.Validate())
	assert.Equal(t, DepartmentEvaluation, pub.Framework)
	assert.Equal(t, Output, pub.Indicators[0].Level1)
	assert.Equal(t, Quantity, pub.Indicators[0].Level2)
	assert.Equal(t, SocialBenefit, pub.Indicators[1].Level2)
	assert.Equal(t, OtherStandard, pub.Indicators[1].Standard)
	assert.True(t, pub.Indicators[0].Target.Value.Equal(dec("100")))

	bad := `{"indicators":[{"level1":"产出","level2":"数量","name":"x","target":"≥abc","weight":"100"}]}`
	var pe *TargetError
	assert.ErrorAs(t, json.Unmarshal([]byte(bad), &pub), &pe)
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"indicators":[{"level1":"投入"}]}`), &pub), ErrUnknownKind)
}

func TestKindNames(t *testing.T) {
	assert.Equal(t, "产出指标", Output.Name(performance.LangZH))
	assert.Equal(t, "output", Output.Name(performance.LangEN))
	assert.Equal(t, "服务对象满意度指标", ServedSatisfaction.Name(performance.LangZH))
	assert.Equal(t, Satisfaction, ServedSatisfaction.Parent())
	assert.Equal(t, Output, OutputCost.Parent())
	assert.Equal(t, Level1None, Level2Other.Parent())
	for _, s := range []string{"output", "产出", "产出指标", "OUTPUT"} {
		k, err := ParseLevel1(s)
		require.NoError(t, err, s)
		assert.Equal(t, Output, k, s)
	}
	assert.Equal(t, Cost, EcologicalCost.Parent())
	k2, err := ParseLevel2("生态环境成本")
	require.NoError(t, err)
	assert.Equal(t, EcologicalCost, k2)
	k2, err = ParseLevel2("可持续影响")
	require.NoError(t, err)
	assert.Equal(t, SustainableImpact, k2)
	_, err = ParseLevel2("投入")
	assert.ErrorIs(t, err, ErrUnknownKind)
	assert.Equal(t, "≥", AtLeast.String())
	assert.Equal(t, "le", AtMost.Code())
	var op Operator
	require.NoError(t, op.UnmarshalText([]byte("<=")))
	assert.Equal(t, AtMost, op)
	assert.Equal(t, "计划标准", PlanStandard.Name(performance.LangZH))
}

package goals_test

import (
	"strings"
	"testing"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func tg(t testing.TB, s string) goals.Target {
	t.Helper()
	v, err := goals.ParseTarget(s)
	require.NoError(t, err, s)
	return v
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func coreLib(t testing.TB) *goals.Library {
	t.Helper()
	l, err := goals.CoreLibrary()
	require.NoError(t, err)
	return l
}

// trainingTree is a training project's goals declared to weigh 90: no
// satisfaction indicator, a qualitative timeliness target, a pass rate
// below the core value and a cost indicator that differs from its line.
func trainingTree(t testing.TB) *goals.Tree {
	return &goals.Tree{Total: dec("90"), Indicators: []goals.Indicator{
		{ID: "t1", Level1: goals.Output, Level2: goals.Quantity, Name: "培训人数", Target: tg(t, "≥100人"), Weight: dec("20")},
		{ID: "t2", Level1: goals.Output, Level2: goals.Quality, Name: "培训合格率", Target: tg(t, "≥80%"), Weight: dec("20")},
		{ID: "t3", Level1: goals.Output, Level2: goals.Timeliness, Name: "完成时间", Target: tg(t, "按时完成"), Weight: dec("10")},
		{ID: "t4", Level1: goals.Output, Level2: goals.OutputCost, Name: "培训费", Target: tg(t, "≤60000元"), Weight: dec("10")},
		{ID: "t5", Level1: goals.Benefit, Level2: goals.SocialBenefit, Name: "业务能力", Target: tg(t, "明显提升"), Weight: dec("30")},
	}}
}

func TestReviewEveryCheck(t *testing.T) {
	in := &goals.ReviewInput{ProjectID: "P1", Category: "培训类", Tree: trainingTree(t),
		Prior: []goals.PriorValue{{Indicator: "培训人数", Value: dec("120")}, {Indicator: "不存在", Value: dec("1")},
			{Indicator: "t2", Value: dec("1"), Unit: "人"}},
		CostLines: []performance.CostLine{{Item: "培训费", Quantity: dec("1"), UnitPrice: dec("50000"), Amount: dec("50000")}},
		Experts: []goals.ReviewExpert{
			{ID: "E1", Score: dec("90"), Comments: []goals.ExpertComment{{Path: "indicators[0].target", Text: "目标偏低"}}},
			{ID: "E2", Score: dec("85")},
			{ID: "E3", Score: dec("120")},
		}}
	r := goals.DefaultReviewRules()
	rv, err := r.Review(in, coreLib(t))
	require.NotNil(t, rv)
	// Input problems come back beside the complete review, each with its
	// path: an unknown indicator, a unit that is not the target's, a
	// score out of range.
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"unknown_indicator", "unit_mismatch", "invalid_score"}, ps.Codes())
	assert.Equal(t, "prior[1].indicator", ps[0].Path)
	assert.Equal(t, "prior[2].unit", ps[1].Path)
	assert.Equal(t, "experts[2].score", ps[2].Path)

	var codes, paths []string
	for _, f := range rv.Findings {
		codes = append(codes, f.Code)
		paths = append(paths, f.Path)
	}
	// One finding per check, in the rules' order.
	assert.Equal(t, []string{"missing_level1_kind", "no_quantitative", "not_measurable", "below_prior_actual",
		"below_core_value", "missing_core", "cost_line_mismatch", "expert_comment"}, codes)
	assert.Equal(t, []string{"tree.indicators", "tree.indicators", "tree.indicators[2].target", "tree.indicators[0].target",
		"tree.indicators[1].target", "tree.indicators", "tree.indicators[3].target", "tree.indicators[0].target"}, paths)
	// By hand: experts' mean (90 + 85) ÷ 2 = 87.50 (E3's 120 is left out);
	// deductions levels 20 + quantitative 10 + measurable 5 + prior 5 +
	// core value 5 + core missing 10 + cost 10 + comment 0 = 65;
	// 87.50 − 65 = 22.50, below 60: 差, which does not pass.
	require.NotNil(t, rv.ExpertScore)
	assert.True(t, rv.ExpertScore.Equal(dec("87.5")), "expert score %s", rv.ExpertScore)
	assert.True(t, rv.Deducted.Equal(dec("65")), "deducted %s", rv.Deducted)
	assert.True(t, rv.Score.Equal(dec("22.5")), "score %s", rv.Score)
	assert.Equal(t, "poor", rv.Grade)
	assert.False(t, rv.Pass)
	assert.Contains(t, rv.Reason().In(performance.LangZH), "差")
	assert.Contains(t, rv.Findings[5].Message.In(performance.LangEN), "参训人员满意度")
}

func TestReviewStructureFails(t *testing.T) {
	// A tree whose weights do not sum to its total fails whatever the
	// experts said: structure findings fail the review under the defaults.
	tree := trainingTree(t)
	tree.Total = decimal.Zero // 100 declared, 90 given
	r := goals.DefaultReviewRules()
	r.Checks = r.Checks[:1]
	rv, err := r.Review(&goals.ReviewInput{Tree: tree, Experts: []goals.ReviewExpert{{ID: "E", Score: dec("99")}}}, nil)
	require.NoError(t, err)
	require.Len(t, rv.Findings, 1)
	assert.Equal(t, "weight_total", rv.Findings[0].Code)
	assert.Equal(t, "tree.indicators", rv.Findings[0].Path)
	// 99 − 0 = 99 would be 优, but the finding fails the review: 差.
	assert.True(t, rv.Score.Equal(dec("99")))
	assert.Equal(t, "poor", rv.Grade)
	assert.False(t, rv.Pass)

	rv, err = r.Review(&goals.ReviewInput{}, nil)
	require.NoError(t, err)
	assert.Equal(t, "no_goals", rv.Findings[0].Code)
}

func TestReviewPassScale(t *testing.T) {
	// The three-level scale: 100 − 20 (no satisfaction) − 10 (qualitative
	// timeliness) − 5 (qualitative output) = 65, at least 60: 修改后通过,
	// which passes.
	r := goals.DefaultReviewRules()
	r.Grades = goals.PassGrades()
	r.Checks = r.Checks[1:4] // levels, quantitative, measurable
	rv, err := r.Review(&goals.ReviewInput{Tree: trainingTree(t)}, nil)
	require.NoError(t, err)
	assert.True(t, rv.Score.Equal(dec("65")), "score %s", rv.Score)
	assert.Equal(t, "pass_after_revision", rv.Grade)
	assert.Equal(t, "修改后通过", rv.GradeName.ZH)
	assert.True(t, rv.Pass)
	assert.Nil(t, rv.ExpertScore)
	assert.Equal(t, performance.Text{}, rv.Reason())
}

func TestReviewRulesValidate(t *testing.T) {
	r := goals.ReviewRules{
		Checks:            []goals.ReviewCheck{{Code: "levels"}, {Code: "levels"}, {Code: "nonsense"}, {Code: "experts", Deduction: dec("-1")}},
		RequiredLevel1:    []goals.Level1{goals.Level1None},
		QuantitativeKinds: []goals.Level2{goals.SocialBenefit},
		Grades: []goals.ReviewGrade{{Code: "a", Min: dec("50")}, {Code: "a", Min: dec("60"), Pass: true},
			{Code: "", Min: dec("101"), Pass: true}},
	}
	err := r.Validate()
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	var got []string
	for _, p := range ps {
		got = append(got, p.Code+"@"+p.Path)
	}
	assert.Equal(t, []string{
		"duplicate_check@checks[1].code", "unknown_check@checks[2].code", "invalid_deduction@checks[3].deduction",
		"invalid_level1@required_level1[0]", "invalid_level2@quantitative_kinds[0]",
		"duplicate_code@grades[1].code", "grade_order@grades[1].min",
		"missing_code@grades[2].code", "invalid_min@grades[2].min", "grade_order@grades[2].min", "last_min@grades[2].min", "last_passes@grades[2].pass",
	}, got)
	_, err = r.Review(&goals.ReviewInput{}, nil)
	assert.ErrorIs(t, err, performance.ErrInvalid)
	d := goals.DefaultReviewRules()
	assert.NoError(t, d.Validate())
	d.Grades = goals.PassGrades()
	assert.NoError(t, d.Validate())
}

func TestReviewLinear(t *testing.T) {
	// Bounded: a tree of n indicators each with a prior value and a
	// comment gives exactly n findings per check that fires once per
	// indicator, and nothing is lost.
	const n = 2000
	tree := &goals.Tree{Total: dec(itoa(n))}
	var prior []goals.PriorValue
	for i := range n {
		id := "i" + itoa(i)
		tree.Indicators = append(tree.Indicators, goals.Indicator{ID: id, Level1: goals.Output, Level2: goals.Quantity,
			Name: "n" + itoa(i), Target: tg(t, "≥10人"), Weight: dec("1")})
		prior = append(prior, goals.PriorValue{Indicator: id, Value: dec("11")})
	}
	r := goals.DefaultReviewRules()
	rv, err := r.Review(&goals.ReviewInput{Tree: tree, Prior: prior}, nil)
	require.NoError(t, err)
	count := map[string]int{}
	for _, f := range rv.Findings {
		count[f.Code]++
	}
	assert.Equal(t, n, count["below_prior_actual"])
	// 100 − 20 × 2 (no benefit, no satisfaction) − 5 × 2000 < 0: held at 0.
	assert.True(t, rv.Score.IsZero())
}

func itoa(i int) string { return strings.TrimSpace(decimal.NewFromInt(int64(i)).String()) }

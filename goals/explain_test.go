package goals

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/testflag"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules/ruletest"
)

var update = testflag.Update()

// golden compares got with testdata/name, or rewrites the file with
// -update (ruletest.Golden, which reports the first differing line).
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	ruletest.Golden(t, filepath.Join("testdata", name), got, *update)
}

func sampleForm(t *testing.T) *FormResult {
	f := &Form{
		Tree:      sampleTree(t),
		Execution: performance.Execution{InitialBudget: dec("800000"), AdjustedBudget: dec("1000000"), Executed: dec("913700")},
		Actuals:   sampleActuals(),
	}
	r, err := f.Score(Config{TooLow: dec("2")})
	require.NoError(t, err)
	return r
}

func TestFormExplainGolden(t *testing.T) {
	r := sampleForm(t)
	out := r.Explain(performance.LangZH) + "\n\n" + r.Explain(performance.LangEN) + "\n"
	golden(t, "form_explain.golden", []byte(out))
}

func TestFormJSONGolden(t *testing.T) {
	b, err := json.MarshalIndent(sampleForm(t), "", "  ")
	require.NoError(t, err)
	golden(t, "form_result.golden.json", append(b, '\n'))
}

func TestExplainRules(t *testing.T) {
	tests := []struct {
		target string
		cfg    Config
		actual Actual
		zh, en string
	}{
		{"≥100人", Config{}, Measured(dec("95"), "人"),
			"测试指标：指标值 ≥100人，实际完成值 95人；未达到指标值，得分 = 分值 20 × 实际完成值 95 ÷ 指标值 100 = 19.00（四舍五入保留2位小数）",
			"测试指标: target ≥100人, actual 95人; target not met: weight 20 × actual 95 ÷ target 100 = 19.00 (rounded half up to 2 places)"},
		{"≤90万元", Config{Indicator: RoundWhole}, Measured(dec("95"), "万元"),
			"测试指标：指标值 ≤900000元，实际完成值 950000元；超出指标值，得分 = 分值 20 × 指标值 900000 ÷ 实际完成值 950000 = 19（四舍五入取整）",
			"测试指标: target ≤900000元, actual 950000元; target exceeded: weight 20 × target 900000 ÷ actual 950000 = 19 (rounded half up to whole points)"},
		{"≥100人", Config{TooLow: dec("1.5")}, Measured(dec("150"), "人"),
			"测试指标：指标值 ≥100人，实际完成值 150人；达到指标值，得满分 20.00；实际完成值达到指标值的 1.5 倍及以上，指标值可能设定偏低，评价人可酌情扣分",
			"测试指标: target ≥100人, actual 150人; target met: full weight 20.00; the actual is 1.5 times the target or better: the target may have been set too low, and an evaluator may deduct points"},
		{"2022年12月31日前", Config{}, DoneOn(date(2023, 1, 5)),
			"测试指标：指标值 2022-12-31，实际完成值 2023-01-05；超过完成期限，不得分",
			"测试指标: target 2022-12-31, actual 2023-01-05; deadline passed: no points"},
		{"明显提升", Config{}, Rated(PartlyAchieved, dec("70")),
			"测试指标：指标值 明显提升，实际完成值 部分达成；评价为部分达成（分值的 60%–80%），评分点 70%，得分 = 分值 20 × 70% = 14.00（四舍五入保留2位小数）",
			"测试指标: target 明显提升, actual partly achieved; rated partly achieved (band 60%–80% of the weight), point 70%: weight 20 × 70% = 14.00 (rounded half up to 2 places)"},
		{"≥100人", Config{}, Actual{},
			"测试指标：指标值 ≥100人；未填报实际完成值，不得分",
			"测试指标: target ≥100人; no actual reported: no points"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			s, err := NewScorer(oneIndicatorTree(t, tt.target, "20"), tt.cfg)
			require.NoError(t, err)
			r, _ := s.Score([]Actual{tt.actual, {Rating: Achieved}})
			assert.Equal(t, tt.zh, r.Scores[0].Explain(performance.LangZH))
			assert.Equal(t, tt.en, r.Scores[0].Explain(performance.LangEN))
		})
	}
}

func TestActualJSON(t *testing.T) {
	for _, tt := range []struct {
		a    Actual
		json string
	}{
		{Measured(dec("95.5"), "%"), `{"value":"95.5","unit":"%"}`},
		{DoneOn(date(2022, 12, 20)), `{"date":"2022-12-20"}`},
		{Rated(PartlyAchieved, dec("70")), `{"rating":"partly_achieved","point":"70"}`},
		{Actual{}, `{}`},
	} {
		b, err := json.Marshal(tt.a)
		require.NoError(t, err)
		assert.JSONEq(t, tt.json, string(b))
		var back Actual
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, tt.a.Value.Valid, back.Value.Valid)
		assert.True(t, tt.a.Value.Decimal.Equal(back.Value.Decimal))
		assert.True(t, tt.a.Date.Equal(back.Date))
		assert.Equal(t, tt.a.Rating, back.Rating)
		assert.Equal(t, tt.a.Point.Valid, back.Point.Valid)
	}
}

func TestParseActual(t *testing.T) {
	a, err := ParseActual("96.5%")
	require.NoError(t, err)
	assert.True(t, a.Value.Valid && a.Value.Decimal.Equal(dec("96.5")))
	assert.Equal(t, "%", a.Unit)

	a, err = ParseActual("85万元") // 85 × 10,000
	require.NoError(t, err)
	assert.True(t, a.Value.Decimal.Equal(dec("850000")), "got %s", a.Value.Decimal)
	assert.Equal(t, "元", a.Unit)

	a, err = ParseActual("0起") // zero is a value too
	require.NoError(t, err)
	assert.True(t, a.Value.Valid && a.Value.Decimal.IsZero())

	a, err = ParseActual("2022年11月") // a month stands for its last day
	require.NoError(t, err)
	assert.True(t, a.Date.Equal(date(2022, 11, 30)))

	a, err = ParseActual("部分达成")
	require.NoError(t, err)
	assert.Equal(t, PartlyAchieved, a.Rating)

	for _, s := range []string{"≥95%", "80%-90%", "2022年12月31日前", "很好", ""} {
		_, err = ParseActual(s)
		var pe *TargetError
		assert.ErrorAs(t, err, &pe, s)
	}
}

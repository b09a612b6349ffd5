package goals

import (
	"testing"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func customTree(t *testing.T, target, weight, expr string) *Tree {
	t.Helper()
	w := dec(weight)
	tree, err := NewTree(SelfEvaluation, decimal.Zero,
		Indicator{Level1: Output, Level2: Quality, Name: "测试指标", Target: mustTarget(t, target), Weight: w, Scoring: expr},
		Indicator{Level1: Benefit, Level2: SocialBenefit, Name: "社会效益", Target: mustTarget(t, "明显提升"), Weight: hundred.Sub(w)},
	)
	require.NoError(t, err)
	return tree
}

func TestCustomScoring(t *testing.T) {
	tests := []struct {
		name, target, weight, expr string
		cfg                        Config
		actual                     Actual
		want                       string
		met                        bool
	}{
		// div(10 × 95, 100, 4) = 9.5
		{"proportional by hand", "≥100人", "10", "Met ? Weight : div(Weight * Actual, Target, 4)", Config{}, Measured(dec("95"), "人"), "9.5", false},
		// Stepped: 85 ≥ 100 × 0.8 = 80, so 10 × 0.6 = 6.
		{"stepped middle", "≥100人", "10", "Actual >= Target ? Weight : (Actual >= Target * 0.8 ? Weight * 0.6 : 0)", Config{}, Measured(dec("85"), "人"), "6", false},
		{"stepped low", "≥100人", "10", "Actual >= Target ? Weight : (Actual >= Target * 0.8 ? Weight * 0.6 : 0)", Config{}, Measured(dec("70"), "人"), "0", false},
		// Money is compared in yuan: 95万元 = 950000 > 900000.
		{"money in yuan", "≤90万元", "10", "Actual <= Target ? Weight : Weight * 0.5", Config{}, Measured(dec("95"), "万元"), "5", false},
		// Four days late at half a point a day: 5 − 4 × 0.5 = 3.
		{"deadline per day", "2022年12月31日前", "5", "DaysLate <= 0 ? Weight : max(Weight - DaysLate * 0.5, 0)", Config{}, DoneOn(date(2023, 1, 4)), "3", false},
		{"deadline on time", "2022年12月31日前", "5", "DaysLate <= 0 ? Weight : max(Weight - DaysLate * 0.5, 0)", Config{}, DoneOn(date(2022, 12, 1)), "5", true},
		// 10 × 75 ÷ 100 = 7.5
		{"qualitative", "明显提升", "10", `Rating == "achieved" ? Weight : div(Weight * Point, 100, 2)`, Config{}, Rated(PartlyAchieved, dec("75")), "7.5", false},
		{"held to the weight", "≥100人", "10", "Weight * 2", Config{}, Measured(dec("95"), "人"), "10", false},
		{"held to zero", "≥100人", "10", "0 - Weight", Config{}, Measured(dec("95"), "人"), "0", false},
		// div(10 × 2, 3, 6) = 6.666667 → 6.67, then whole points 7.
		{"rounded hundredths", "≥3个", "10", "div(Weight * Actual, Target, 6)", Config{}, Measured(dec("2"), "个"), "6.67", false},
		{"rounded whole", "≥3个", "10", "div(Weight * Actual, Target, 6)", Config{Indicator: RoundWhole}, Measured(dec("2"), "个"), "7", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewScorer(customTree(t, tt.target, tt.weight, tt.expr), tt.cfg)
			require.NoError(t, err)
			r, err := s.Score([]Actual{tt.actual, {Rating: Achieved}})
			require.NoError(t, err)
			got := &r.Scores[0]
			assert.Equal(t, RuleCustom, got.Rule)
			assert.Equal(t, tt.met, got.Met)
			assert.True(t, got.Value().Equal(dec(tt.want)), "got %s want %s", got.Value(), tt.want)
		})
	}
}

func TestCustomScoringErrors(t *testing.T) {
	for _, expr := range []string{"Weight * Actual / Target", "Foo + 1", `"text"`, "Weight +"} {
		t.Run(expr, func(t *testing.T) {
			_, err := NewTree(SelfEvaluation, decimal.Zero,
				Indicator{Level1: Output, Level2: Quality, Name: "a", Target: mustTarget(t, "≥3个"), Weight: dec("50"), Scoring: expr},
				Indicator{Level1: Benefit, Level2: SocialBenefit, Name: "b", Target: mustTarget(t, "明显提升"), Weight: dec("50")},
			)
			var ps performance.Problems
			require.ErrorAs(t, err, &ps)
			assert.Equal(t, []string{"invalid_scoring"}, ps.Codes())
			assert.Equal(t, "indicators[0].scoring", ps[0].Path)
		})
	}

	// A runtime error scores zero and is reported beside the result.
	s, err := NewScorer(customTree(t, "≥100人", "10", "div(Weight, Actual, 2)"), Config{})
	require.NoError(t, err)
	r, err := s.Score([]Actual{Measured(decimal.Zero, "人"), {Rating: Achieved}})
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"scoring_error"}, ps.Codes())
	assert.Equal(t, RuleInvalid, r.Scores[0].Rule)
	assert.True(t, r.Scores[1].Value().Equal(dec("90")), "the other indicator is scored")
}

func TestCustomScoringExplain(t *testing.T) {
	s, err := NewScorer(customTree(t, "≥100人", "10", "Met ? Weight : div(Weight * Actual, Target, 4)"), Config{})
	require.NoError(t, err)
	r, _ := s.Score([]Actual{Measured(dec("95"), "人"), {Rating: Achieved}})
	assert.Equal(t, "测试指标：指标值 ≥100人，实际完成值 95人；按自定义评分公式 Met ? Weight : div(Weight * Actual, Target, 4) 计分 = 9.50，限于 0 至分值 10（四舍五入保留2位小数）",
		r.Scores[0].Explain(performance.LangZH))
	assert.Equal(t, "测试指标: target ≥100人, actual 95人; custom scoring expression Met ? Weight : div(Weight * Actual, Target, 4) = 9.50, held to [0, 10] (rounded half up to 2 places)",
		r.Scores[0].Explain(performance.LangEN))
}

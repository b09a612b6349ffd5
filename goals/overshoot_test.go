package goals

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOvershoot: each Config.Overshoot rule on each kind of target where
// less is better, weight 10, scores at two places, by hand.
func TestOvershoot(t *testing.T) {
	prop, full, lin := Config{}, Config{Overshoot: OvershootFull}, Config{Overshoot: OvershootLinear}
	tests := []struct {
		name   string
		target string
		cfg    Config
		actual Actual
		want   string
		rule   ScoreRule
	}{
		// ≤100万元, actual 120万元: proportional 10 × 100 ÷ 120 = 8.333… → 8.33;
		// full 10; linear (1 − 20 ÷ 100) × 10 = 8.
		{"le proportional", "≤100万元", prop, Measured(dec("120"), "万元"), "8.33", RuleInverse},
		{"le full", "≤100万元", full, Measured(dec("120"), "万元"), "10", RuleOverFull},
		{"le linear", "≤100万元", lin, Measured(dec("120"), "万元"), "8", RuleOverLinear},
		// At the target itself every rule gives the full weight (met).
		{"le linear at target", "≤100万元", lin, Measured(dec("100"), "万元"), "10", RuleMet},
		// Linear reaches 0 at twice the target and stays there:
		// (1 − 100 ÷ 100) × 10 = 0; (1 − 150 ÷ 100) × 10 = −5 → 0.
		{"le linear at double", "≤100万元", lin, Measured(dec("200"), "万元"), "0", RuleOverLinear},
		{"le linear beyond double", "≤100万元", lin, Measured(dec("250"), "万元"), "0", RuleOverLinear},
		// =100%, actual 102%: proportional 10 × 100 ÷ 102 = 9.8039… → 9.80;
		// linear (1 − 2 ÷ 100) × 10 = 9.8; full 10.
		{"eq proportional", "=100%", prop, Measured(dec("102"), "%"), "9.8", RuleInverse},
		{"eq linear", "=100%", lin, Measured(dec("102"), "%"), "9.8", RuleOverLinear},
		{"eq full", "=100%", full, Measured(dec("102"), "%"), "10", RuleOverFull},
		// Below an = target the rule does not apply: 10 × 97 ÷ 100 = 9.7.
		{"eq below linear", "=100%", lin, Measured(dec("97"), "%"), "9.7", RuleProportional},
		// <5天, actual 6: proportional 10 × 5 ÷ 6 = 8.33; linear (1 − 1 ÷ 5) × 10 = 8.
		{"lt linear", "<5天", lin, Measured(dec("6"), "天"), "8", RuleOverLinear},
		// 80%-90%, actual 99%: above the upper bound 90: proportional
		// 10 × 90 ÷ 99 = 9.0909… → 9.09; linear (1 − 9 ÷ 90) × 10 = 9.
		{"range proportional", "80%-90%", prop, Measured(dec("99"), "%"), "9.09", RuleInverse},
		{"range linear", "80%-90%", lin, Measured(dec("99"), "%"), "9", RuleOverLinear},
		{"range full", "80%-90%", full, Measured(dec("99"), "%"), "10", RuleOverFull},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewScorer(oneIndicatorTree(t, tt.target, "10"), tt.cfg)
			require.NoError(t, err)
			r, err := s.Score([]Actual{tt.actual, {Rating: Achieved}})
			require.NoError(t, err)
			got := r.Scores[0]
			assert.True(t, got.Value().Equal(dec(tt.want)), "score: got %s want %s", got.Value(), tt.want)
			assert.Equal(t, tt.rule, got.Rule)
			assert.NotEmpty(t, got.Explain(0))
		})
	}
	assert.Error(t, Config{Overshoot: Overshoot(9)}.Validate())
}

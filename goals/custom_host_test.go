package goals

import (
	"strings"
	"testing"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostCap is a host function: the points a bureau grants for an actual,
// capped at the weight — here half a point per unit reached.
func hostCap(weight, actual decimal.Decimal) decimal.Decimal {
	return decimal.Min(weight, actual.Div(decimal.NewFromInt(2)))
}

// hostTree is a tree whose first indicator's scoring calls the host
// function bureauPoints. It is built as a literal: NewTree checks without
// host options.
func hostTree(t *testing.T) *Tree {
	t.Helper()
	return &Tree{Framework: SelfEvaluation, Indicators: []Indicator{
		{Level1: Output, Level2: Quality, Name: "培训人数", Target: mustTarget(t, "≥100人"), Weight: dec("30"), Scoring: "bureauPoints(Weight, Actual)"},
		{Level1: Benefit, Level2: SocialBenefit, Name: "社会效益", Target: mustTarget(t, "明显提升"), Weight: dec("70")},
	}}
}

func TestCustomScoringHostFunction(t *testing.T) {
	opt := rules.WithFunction("bureauPoints", hostCap)
	tree := hostTree(t)

	// With the option the tree validates and scores through the function:
	// 45 people at half a point each is min(30, 45 ÷ 2) = 22.5 points.
	require.NoError(t, tree.Validate(opt))
	s, err := NewScorer(tree, Config{}, opt)
	require.NoError(t, err)
	r, err := s.Score([]Actual{Measured(dec("45"), "人"), {Rating: Achieved}})
	require.NoError(t, err)
	assert.Equal(t, RuleCustom, r.Scores[0].Rule)
	assert.True(t, r.Scores[0].Value().Equal(dec("22.5")), "got %s, want 22.5", r.Scores[0].Value())

	// Without it, every entry point names the unknown function.
	for name, err := range map[string]error{
		"Validate":  tree.Validate(),
		"NewScorer": func() error { _, err := NewScorer(tree, Config{}); return err }(),
		"Form.Validate": (&Form{Tree: tree, Execution: performance.Execution{AdjustedBudget: dec("100"), Executed: dec("90")},
			Actuals: []Actual{Measured(dec("45"), "人"), {Rating: Achieved}}, Weights: Weights{Execution: dec("10"), Output: dec("30"), Benefit: dec("60"), Satisfaction: dec("0"), Cost: dec("0")}}).Validate(Config{}),
	} {
		var ps performance.Problems
		require.ErrorAs(t, err, &ps, name)
		var found bool
		for _, p := range ps {
			if p.Code == "invalid_scoring" && strings.HasSuffix(p.Path, "indicators[0].scoring") {
				found = true
				// rules words an unregistered function as an unknown name.
				assert.Contains(t, p.Message.EN, "unknown name: function bureauPoints", name)
			}
		}
		assert.True(t, found, "%s: no invalid_scoring problem in %v", name, ps)
	}

	// The indicator library checks definitions with the same options.
	def := Definition{ID: "D1", Name: "培训人数", Industry: "教育", Level1: Output, Level2: Quality, Unit: "人", Scoring: "bureauPoints(Weight, Actual)"}
	_, err = NewLibrary("1", []Definition{def}, opt)
	require.NoError(t, err)
	_, err = NewLibrary("1", []Definition{def})
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"invalid_scoring"}, ps.Codes())
}

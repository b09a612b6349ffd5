package policy_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/policy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func asDoc(t *testing.T, v any) any {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var x any
	require.NoError(t, json.Unmarshal(b, &x))
	return x
}

// TestGoalLifeRulesInPolicy: the goal-review rules, adjustment rules and
// core indicators are optional members; a policy without them hashes as
// before (the base hash is pinned by the other hash tests and by history's
// recorded hashes), each one changes the hash, a display-only change (a
// source, a grade's name) does not, and bad rules fail Compile with their
// stage.
func TestGoalLifeRulesInPolicy(t *testing.T) {
	d0, org := base(t)
	h0 := hashOf(t, d0, org)
	core, err := goals.CoreLibrary()
	require.NoError(t, err)

	review := goals.DefaultReviewRules()
	d, _ := base(t)
	d["goal_review"] = asDoc(t, review)
	hReview := hashOf(t, d, org)
	assert.NotEqual(t, h0, hReview)

	// Display only: the same hash.
	review.Source, review.Grades[0].Name.ZH = "another source", "优秀"
	d["goal_review"] = asDoc(t, review)
	assert.Equal(t, hReview, hashOf(t, d, org))
	// Deciding: a different hash.
	review.Grades[0].Min = dec("85")
	d["goal_review"] = asDoc(t, review)
	assert.NotEqual(t, hReview, hashOf(t, d, org))

	d, _ = base(t)
	d["goal_adjustment"] = asDoc(t, goals.DefaultAdjustmentRules())
	hAdj := hashOf(t, d, org)
	d["core_indicators"] = asDoc(t, core.Definitions())
	hCore := hashOf(t, d, org)
	for _, h := range []string{hAdj, hCore} {
		assert.NotEqual(t, h0, h)
		assert.NotEqual(t, hReview, h)
	}
	assert.NotEqual(t, hAdj, hCore)

	// The program reviews with the policy's rules and core indicators.
	d["goal_review"] = asDoc(t, goals.DefaultReviewRules())
	data, err := json.Marshal(d)
	require.NoError(t, err)
	p, err := policy.Parse(data)
	require.NoError(t, err)
	pr, err := p.Compile(nil, nil)
	require.NoError(t, err)
	require.NotNil(t, pr.CoreIndicators())
	tree := &goals.Tree{Indicators: []goals.Indicator{
		{Level1: goals.Output, Level2: goals.Quantity, Name: "培训人数", Target: mustTarget(t, "≥100人次"), Weight: dec("60")},
		{Level1: goals.Benefit, Level2: goals.SocialBenefit, Name: "能力", Target: mustTarget(t, "明显提升"), Weight: dec("40")},
	}}
	rv, err := pr.ReviewGoals(&goals.ReviewInput{ProjectID: "P", Category: "培训类", Tree: tree})
	require.NoError(t, err)
	// By hand: 100 − 20 (no satisfaction) − 10 × 2 (培训合格率 and
	// 参训人员满意度 missing) = 60: 中, which does not pass.
	assert.Equal(t, "60", rv.Score.String())
	assert.Equal(t, "fair", rv.Grade)
	assert.False(t, rv.Pass)

	// A policy without the rules has no such stage.
	d, _ = base(t)
	data, _ = json.Marshal(d)
	p, err = policy.Parse(data)
	require.NoError(t, err)
	pr, err = p.Compile(nil, nil)
	require.NoError(t, err)
	_, err = pr.ReviewGoals(&goals.ReviewInput{})
	assert.ErrorIs(t, err, policy.ErrNoStage)
	_, err = pr.DecideAdjustment(&goals.Versions{}, &goals.AdjustmentRequest{})
	assert.ErrorIs(t, err, policy.ErrNoStage)

	// Bad rules: each stage named.
	d, _ = base(t)
	d["goal_review"] = map[string]any{"version": "x", "checks": []any{map[string]any{"code": "nonsense"}}, "grades": []any{}}
	d["goal_adjustment"] = map[string]any{"last_month": 13}
	d["core_indicators"] = []any{map[string]any{"id": "c", "industry": "通用", "level1": "output", "name": "n", "weight": "0", "core": true}}
	data, _ = json.Marshal(d)
	p, err = policy.Parse(data)
	require.NoError(t, err)
	_, err = p.Compile(nil, nil)
	require.Error(t, err)
	var stages []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var pe *policy.Error
		if errors.As(e, &pe) {
			stages = append(stages, pe.Stage)
		}
	}
	assert.Equal(t, []string{"goal_review", "goal_adjustment", "core_indicators"}, stages)
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func mustTarget(t *testing.T, s string) goals.Target {
	v, err := goals.ParseTarget(s)
	require.NoError(t, err)
	return v
}

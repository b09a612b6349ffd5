package exante

import (
	"testing"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGoalReviewGate: a failing goal review makes a fundable submission
// unfundable with the reason; a passing review and no review change
// nothing.
func TestGoalReviewGate(t *testing.T) {
	pol, stds, subs, trees, _ := loadPolicy(t)
	a, err := NewAssessor(pol, stds, AssessOptions{})
	require.NoError(t, err)
	var s *Submission
	var base *Assessment
	for i := range subs {
		as, err := a.Assess(&subs[i], trees[subs[i].Project.ID])
		require.NoError(t, err)
		if as.Fundable {
			s, base = &subs[i], as
			break
		}
	}
	require.NotNil(t, s, "the sample has a fundable submission")

	pass := &goals.Review{Grade: "good", GradeName: performance.Text{ZH: "良", EN: "good"}, Pass: true, Score: decimal.NewFromInt(85)}
	fail := &goals.Review{Grade: "poor", GradeName: performance.Text{ZH: "差", EN: "poor"}, Score: decimal.NewFromInt(40),
		Findings: []goals.ReviewFinding{{Code: "missing_level1_kind"}, {Code: "no_quantitative"}}}

	c := *s
	c.GoalReview = pass
	as, err := a.Assess(&c, trees[c.Project.ID])
	require.NoError(t, err)
	assert.True(t, as.Fundable)
	assert.True(t, as.Approved.Equal(base.Approved))

	c.GoalReview = fail
	as, err = a.Assess(&c, trees[c.Project.ID])
	require.NoError(t, err)
	assert.False(t, as.Fundable)
	require.Len(t, as.Gates, 1)
	assert.Equal(t, GateGoalReview, as.Gates[0].Code)
	assert.Equal(t, "goal_review", as.Gates[0].Path)
	assert.Equal(t, "goal review graded poor (score 40, 2 findings): not fundable", as.Gates[0].Message.EN)
	assert.Equal(t, "绩效目标审核结果为“差”（40 分，2 条审核意见），不予安排预算", as.Gates[0].Message.ZH)
	// Not fundable: the whole amount is reduced.
	assert.True(t, as.Approved.IsZero(), "approved %s", as.Approved)

	// CheckGatesReviewed: the project's own gates plus the review's.
	err = CheckGatesReviewed(&c.Project, trees[c.Project.ID], fail, stds)
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{GateGoalReview}, ps.Codes())
	assert.NoError(t, CheckGatesReviewed(&c.Project, trees[c.Project.ID], pass, stds))
	assert.NoError(t, CheckGatesReviewed(&c.Project, trees[c.Project.ID], nil, stds))
	err = CheckGatesReviewed(&c.Project, nil, fail, stds)
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{GateNoGoals, GateGoalReview}, ps.Codes())
}

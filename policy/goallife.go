package policy

import (
	"fmt"

	"github.com/jixiao-go/jixiao/goals"
)

// ReviewGoals reviews one project's goals under the policy's goal-review
// rules (绩效目标审核) with its core indicators (none when the policy has
// none), and stamps nothing: a Review names its rules' version. It returns
// [ErrNoStage] when the policy has no goal_review, and otherwise what
// goals.ReviewRules.Review returns: a complete review with any input
// problems beside it.
func (pr *Program) ReviewGoals(in *goals.ReviewInput) (*goals.Review, error) {
	if pr.policy.GoalReview == nil {
		return nil, fmt.Errorf("policy: goal review: %w", ErrNoStage)
	}
	return pr.policy.GoalReview.Review(in, pr.core, pr.opts...)
}

// DecideAdjustment decides a request to adjust approved goals under the
// policy's adjustment rules (绩效目标调整). It returns [ErrNoStage] when the
// policy has no goal_adjustment.
func (pr *Program) DecideAdjustment(vs *goals.Versions, req *goals.AdjustmentRequest) (*goals.AdjustmentDecision, error) {
	if pr.policy.GoalAdjustment == nil {
		return nil, fmt.Errorf("policy: goal adjustment: %w", ErrNoStage)
	}
	return pr.policy.GoalAdjustment.Decide(vs, req, pr.opts...)
}

// CoreIndicators returns the policy's core-indicator library, nil when it
// has none.
func (pr *Program) CoreIndicators() *goals.Library { return pr.core }

package history

import (
	"errors"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/policy"
)

// reviewGoals reviews the record's submitted goals under the policy's goal
// review rules (nil, nil when the policy has none): the tree is the
// record's Goals (the first of its GoalVersions when it has no Goals), the
// category and cost estimate the project's, the prior actuals and experts
// the record's. Problems of single inputs (a prior value naming no
// indicator) are the error, beside a complete review.
func (pr *Program) reviewGoals(r *Record) (*goals.Review, error) {
	if pr.prog.Policy().GoalReview == nil {
		return nil, nil
	}
	tree := r.Goals
	if tree == nil && r.GoalVersions != nil && len(r.GoalVersions.Versions) > 0 {
		tree = r.GoalVersions.Versions[0].Tree
	}
	rv, err := pr.prog.ReviewGoals(&goals.ReviewInput{ProjectID: r.Project.ID, Category: r.Project.Category, Tree: tree,
		Prior: r.PriorActuals, CostLines: r.Project.CostLines, Experts: r.GoalExperts})
	if errors.Is(err, policy.ErrNoStage) {
		return nil, nil
	}
	if rv == nil {
		return nil, err
	}
	return rv, err
}

func goalReviewDecision(rv *goals.Review) *GoalReviewDecision {
	d := &GoalReviewDecision{Rules: rv.Rules, Score: rv.Score, Grade: rv.Grade, Pass: rv.Pass}
	for _, f := range rv.Findings {
		d.Findings = append(d.Findings, f.Code)
	}
	return d
}

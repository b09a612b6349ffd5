package exante

import (
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

// Gate codes added to those of [performance.Project.Validate] and
// [goals.Tree.Validate].
const (
	// GateNoGoals: the project carries no performance goals (无绩效目标).
	GateNoGoals = "no_goals"
	// GateNotAssessed: the assessment was mandatory but nobody scored it and
	// no rule gave a verdict (应评未评).
	GateNotAssessed = "not_assessed"
	// GateBadRound: the round is not a positive number.
	GateBadRound = "bad_round"
	// GateGoalReview: the goals failed the bureau's goal review (绩效目标审核
	// 未通过): under 财预〔2015〕88号 第二十五条 goals graded 差 do not go on to
	// the budget, and goals graded 中 go back for revision first.
	GateGoalReview = "goal_review_failed"
)

// CheckGates checks the conditions a project must meet before any money is
// considered (入库和安排预算的前提): valid project data with a detailed cost
// estimate ([performance.Project.Validate], which reports no_cost_lines),
// cost lines referring to known expenditure standards, and performance goals
// that exist and validate. It returns every failure at once as
// [performance.Problems] (goal problems under the path "goals"), or nil.
// The goals' custom scoring expressions are checked with opts, the host's
// rules options (see goals.Tree.Validate); an [Assessor] checks them with
// the options it was compiled with.
func CheckGates(p *performance.Project, tree *goals.Tree, standards []performance.ExpenditureStandard, opts ...rules.Option) error {
	var ps performance.Problems
	gateProject(&ps, p, nil)
	if err := p.ValidateStandards(standards); err != nil {
		ps = append(ps, performance.ProblemsOf(err)...)
	}
	gateGoals(&ps, tree, opts)
	return ps.Err()
}

// gateProject adds the problems of p.Validate to ps. fen, when it has room
// for every cost line, receives the lines' amounts in fen; it reports
// whether it did (see [performance.Project.ValidateFen], which decides).
func gateProject(ps *performance.Problems, p *performance.Project, fen []int64) bool {
	ok, err := p.ValidateFen(fen)
	if err != nil {
		*ps = append(*ps, performance.ProblemsOf(err)...)
	}
	return ok
}

// CheckGatesReviewed is [CheckGates] with the result of the goal review:
// a review that does not pass adds a GateGoalReview failure (path
// "goal_review") whose message gives the grade, the score and the number
// of findings. A nil review adds nothing, as CheckGates.
func CheckGatesReviewed(p *performance.Project, tree *goals.Tree, review *goals.Review, standards []performance.ExpenditureStandard, opts ...rules.Option) error {
	err := CheckGates(p, tree, standards, opts...)
	var ps performance.Problems
	if err != nil {
		ps = append(ps, performance.ProblemsOf(err)...)
	}
	gateReview(&ps, review)
	return ps.Err()
}

// gateReview adds the failure of a goal review that does not pass.
func gateReview(ps *performance.Problems, review *goals.Review) {
	if review == nil || review.Pass {
		return
	}
	r := review.Reason()
	ps.Add(GateGoalReview, "goal_review", r.ZH, r.EN)
}

func gateGoals(ps *performance.Problems, tree *goals.Tree, opts []rules.Option) {
	if tree == nil || len(tree.Indicators) == 0 {
		ps.Add(GateNoGoals, "goals", "未设定绩效目标，不予安排预算", "no performance goals: the project is not fundable")
		return
	}
	if err := tree.Validate(opts...); err != nil {
		*ps = append(*ps, performance.ProblemsOf(err).Prefix("goals")...)
	}
}

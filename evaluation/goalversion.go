package evaluation

import (
	"fmt"
	"time"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

// CodeNoGoalVersion is the problem of a stage given a goals history with no
// version in force on its date.
const CodeNoGoalVersion = "no_goal_version"

// goalVersion returns the reference of the version of vs in force on day:
// zero when vs is nil or empty (as submitted), a [performance.Problems]
// with CodeNoGoalVersion (path "goal_versions") when every version is dated
// after day or the history is invalid.
func goalVersion(vs *goals.Versions, day time.Time) (goals.VersionRef, error) {
	if vs == nil || len(vs.Versions) == 0 {
		return goals.VersionRef{}, nil
	}
	if err := vs.Validate(); err != nil {
		var ps performance.Problems
		ps = append(ps, performance.ProblemsOf(err).Prefix("goal_versions")...)
		return goals.VersionRef{}, ps
	}
	v, ok := vs.InForce(day)
	if !ok {
		var ps performance.Problems
		ps.Add(CodeNoGoalVersion, "goal_versions", fmt.Sprintf("%s 时没有生效的绩效目标版本", day.Format(time.DateOnly)),
			fmt.Sprintf("no goal version in force on %s", day.Format(time.DateOnly)))
		return goals.VersionRef{}, ps
	}
	return v.Ref(), nil
}

// scoredForm returns the form to score: Form itself with the zero
// reference when no versions are given, else Form with the tree of the
// version in force on Date. The actuals stay as given, in the order of
// that version's indicators.
func (s *SelfEvaluation) scoredForm() (goals.Form, goals.VersionRef, error) {
	f := s.Form
	ref, err := goalVersion(s.GoalVersions, s.Date)
	if err != nil {
		return f, ref, fmt.Errorf("evaluation: self-evaluation %s: %w", s.ProjectID, err)
	}
	if !ref.IsZero() {
		v, _ := s.GoalVersions.InForce(s.Date)
		f.Tree = v.Tree
	}
	return f, ref, nil
}

// period sets r.Period from the self-evaluation's period goals, if any
// (see goals.PeriodGoals.Attainment): goals that do not check give no
// attainment and their problems; problems of single actuals come back
// beside it.
func (s *SelfEvaluation) period(r *Reconciliation, cfg goals.Config, opts []rules.Option) error {
	if s.Period == nil {
		return nil
	}
	at, err := s.Period.Attainment(s.PeriodActuals, cfg, opts...)
	r.Period = at
	if err != nil {
		return fmt.Errorf("evaluation: self-evaluation %s: period goals: %w", s.ProjectID, err)
	}
	return nil
}

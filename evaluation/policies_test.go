package evaluation_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/jixiao-go/jixiao/rules/ruletest"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The bundled results-application policies (testdata/expost) tested with
// ruletest: one subtest per JSON case (testdata/history/cases), a golden
// transcript of what fired and why, and coverage thresholds.

func cases(name string) string { return filepath.Join("../testdata/history/cases", name) }

func gradeType() rules.Option { return rules.WithType("grade", performance.ParseGrade) }

func full() ruletest.Threshold {
	return ruletest.Threshold{Rules: decimal.NewFromInt(100), Conditions: decimal.NewFromInt(75)}
}

func loadApply(t *testing.T) *evaluation.ApplyPolicy {
	data, err := os.ReadFile("../testdata/expost/policy.json")
	require.NoError(t, err)
	ap, err := evaluation.ParseApplyPolicy(data)
	require.NoError(t, err)
	return ap
}

func TestBundledApplyPolicy(t *testing.T) {
	ap := loadApply(t)
	pc, err := ruletest.LoadCases[evaluation.ProjectEnv](cases("apply_projects.json"))
	require.NoError(t, err)
	cov := ruletest.Run(t, ap.Projects, pc, ruletest.RunOptions{Golden: "testdata/policy_apply_projects.golden", Update: *xpUpdate,
		Lang: performance.LangZH, Compile: []rules.Option{gradeType()}})
	ruletest.RequireCoverage(t, cov, full())

	dc, err := ruletest.LoadCases[evaluation.DepartmentEnv](cases("apply_departments.json"))
	require.NoError(t, err)
	cov = ruletest.Run(t, ap.Departments, dc, ruletest.RunOptions{})
	ruletest.RequireCoverage(t, cov, full())
}

func TestBundledScorePolicy(t *testing.T) {
	data, err := os.ReadFile("../testdata/expost/policy_score.json")
	require.NoError(t, err)
	ap, err := evaluation.ParseApplyPolicy(data)
	require.NoError(t, err)
	sc, err := ruletest.LoadCases[evaluation.ProjectEnv](cases("apply_score.json"))
	require.NoError(t, err)
	cov := ruletest.Run(t, ap.Projects, sc, ruletest.RunOptions{Compile: []rules.Option{gradeType()}})
	// score_80_up is only reached when neither lower band fired, so its
	// condition Score >= 80 can never be false: 5 of 6 condition outcomes
	// (83.33%). Coverage shows it is the group's "otherwise".
	assert.Equal(t, "83.33", cov.ConditionPercent().StringFixed(2))
	rc := cov.Rules()[2]
	require.Equal(t, "score_80_up", rc.RuleID)
	assert.Equal(t, []ruletest.ConditionCoverage{{Expr: "Score >= 80", True: 1, False: 0}}, rc.Conditions)
	ruletest.RequireCoverage(t, cov, ruletest.Threshold{Rules: decimal.NewFromInt(100), Conditions: decimal.NewFromInt(80)})
}

// TestUnderTestedPolicyFailsCoverage: the results-application policy tested
// with only its first two cases (a 差 one-off and a 差 routine project)
// leaves cut_fair, cut_low_execution, cut_low_attainment,
// prioritize_excellent, as_needed_good and recover_carry_over unfired:
// 4 of 10 rules = 40%, below an 80% threshold.
func TestUnderTestedPolicyFailsCoverage(t *testing.T) {
	ap := loadApply(t)
	pc, err := ruletest.LoadCases[evaluation.ProjectEnv](cases("apply_projects.json"))
	require.NoError(t, err)
	cov := ruletest.Run(t, ap.Projects, pc[:2], ruletest.RunOptions{Compile: []rules.Option{gradeType()}})
	assert.Equal(t, "40.00", cov.RulePercent().StringFixed(2))
	err = cov.Check(ruletest.Threshold{Rules: decimal.NewFromInt(80)})
	require.Error(t, err)
	assert.ErrorIs(t, err, ruletest.ErrCoverage)
	assert.Contains(t, err.Error(), "rule coverage 40.00% < 80%")
	assert.Contains(t, err.Error(), "cut_fair never_fired")
	assert.Contains(t, err.Error(), "prioritize_excellent never_fired")
}

package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestCheckGoals reviews goals (check --goals) under the default rules with
// the bundled core indicators. Worked by hand:
//
//	reviews.json XM2022001: experts 92 and 88, mean 90; 培训合格率 ≥85% asks
//	less than the core value ≥90%: below_core_value −5; E1's comment is a
//	finding of 0. Score 85 → 良 (80–<90), passes.
//	goals_review_bad.json, by project ID:
//	  [1] P-A: no expert, 100; 培训人数 ≥400 below last year's 450:
//	  below_prior_actual −5 → 95, 优, passes.
//	  [0] P-B: E9's score 120 is out of [0, 100] (left out: 100 stands);
//	  only output indicators: missing benefit and satisfaction −20 each;
//	  培训人数's target 明显增加 is not numeric: no quantitative quantity
//	  indicator −10 and not measurable −5; the core 培训合格率 and
//	  参训人员满意度 missing −10 each; 培训费 ≤60000元 against the 50,000
//	  cost line −10. 100 − 40 − 10 − 5 − 20 − 10 = 15; the structure
//	  problems (weights 90 of 100, no benefit, a non-numeric quantity) fail
//	  the review whatever the score: 差. 结业人数 names no indicator.
//
// Both files have findings: exit 1.
func TestCheckGoals(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"check_goals_zh", []string{"check", "--goals", "../../testdata/goallife/reviews.json"}},
		{"check_goals_bad_en", []string{"check", "--lang", "en", "--goals", "testdata/goals_review_bad.json"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, tt.args...)
			assert.Equal(t, exitFindings, code)
			assert.Empty(t, errOut)
			golden(t, tt.name, out)
		})
	}
	_, out, _ := runCmd(t, "check", "--lang", "en", "--goals", "testdata/goals_review_bad.json")
	for _, want := range []string{
		"[1] P-A goal review: excellent (score 95.00, rules default-1), passes",
		"[0] P-B goal review: poor (score 15.00, rules default-1), does not pass",
		"[0].prior[0].indicator: no indicator \"结业人数\" in the goals (unknown_indicator)",
		"[0].experts[0].score: score 120 must be in [0, 100] (invalid_score)",
	} {
		assert.Contains(t, out, want)
	}
	assert.Less(t, strings.Index(out, "P-A"), strings.Index(out, "P-B"), "by project ID")
}

// TestCheckGoalsRules: --review-rules replaces the default rules (the
// pass/fail scale of review_rules_pass.json), a bad rules file or a
// missing goals file is exit 2, and --review-rules alone is bad usage.
func TestCheckGoalsRules(t *testing.T) {
	code, out, errOut := runCmd(t, "check", "--lang", "en", "--goals", "--review-rules", "../../testdata/goallife/review_rules_pass.json",
		"../../testdata/goallife/reviews.json")
	assert.Equal(t, exitFindings, code, errOut)
	assert.NotContains(t, out, "rules default-1")

	code, _, errOut = runCmd(t, "check", "--goals", "--review-rules", "testdata/malformed.json", "../../testdata/goallife/reviews.json")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "testdata/malformed.json")

	code, _, errOut = runCmd(t, "check", "--goals", "testdata/nothing.json")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "testdata/nothing.json")

	code, _, errOut = runCmd(t, "check", "--review-rules", "x.json", "testdata/portfolio.json")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "--review-rules needs --goals")
}

// TestHelpGoalsAndDepartments: the help of check and evaluate names the
// new inputs, their flags and an example of each.
func TestHelpGoalsAndDepartments(t *testing.T) {
	code, out, _ := runCmd(t, "help", "check")
	assert.Equal(t, exitOK, code)
	for _, want := range []string{"[--goals [--review-rules RULES.json]]", "-goals", "-review-rules", "绩效目标审核",
		"jixiao check --goals testdata/goallife/reviews.json"} {
		assert.Contains(t, out, want)
	}
	code, out, _ = runCmd(t, "help", "evaluate")
	assert.Equal(t, exitOK, code)
	for _, want := range []string{"--framework department", "部门整体支出绩效自评", "testdata/expost/department_forms.csv",
		"jixiao evaluate --framework department testdata/expost/department_forms.csv"} {
		assert.Contains(t, out, want)
	}
}

package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

const applyPolicy = "../../testdata/expost/policy.json"

// Four cases against the bundled results-application policy. Three hold; the
// fourth expects 700,000 where 良 with execution below 60% is cut by 10%:
// 800,000 × 0.9 = 720,000.00, so it fails, with the explanation.
func TestRuleTest(t *testing.T) {
	code, out, errOut := runCmd(t, "test", "--lang", "en", applyPolicy, "testdata/ruletest/apply.cases.json")
	assert.Equal(t, exitFindings, code)
	assert.Empty(t, errOut)
	golden(t, "test_apply_en", out)
	assert.Contains(t, out, "cut_low_execution.amount: got 720000.00, want 700000")
	assert.Contains(t, out, "4 cases: 3 passed, 1 failed")

	code, out, _ = runCmd(t, "test", "../../monitoring/rules.json", "testdata/ruletest/monitoring.cases.json")
	assert.Equal(t, exitOK, code)
	golden(t, "test_monitoring_zh", out)

	// q3_below_60_unspent_2m fires in no case: 4 of 5 rules = 80% < 100%.
	code, out, _ = runCmd(t, "test", "--lang", "en", "--min-rules", "100", "../../monitoring/rules.json", "testdata/ruletest/monitoring.cases.json")
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out, "rule coverage 80.00% is below the required 100%")
}

// The 2022 draft cuts 中 by 30% instead of 20%: of the four recorded cases
// only the 中 one changes, 2,000,000 × 0.8 = 1,600,000 → × 0.7 = 1,400,000.
// The cases are still checked against POLICY first, as without --against.
func TestRuleTestAgainst(t *testing.T) {
	code, out, errOut := runCmd(t, "test", "--lang", "en", "--against", "testdata/ruletest/apply-2022.json", applyPolicy, "testdata/ruletest/apply.cases.json")
	assert.Equal(t, exitFindings, code)
	assert.Empty(t, errOut)
	golden(t, "test_against_apply_en", out)
	_, plain, _ := runCmd(t, "test", "--lang", "en", applyPolicy, "testdata/ruletest/apply.cases.json")
	assert.True(t, strings.HasPrefix(out, plain+"\nReplaying 4 cases: "), "the cases' report comes first, unchanged")
	assert.Contains(t, out, "  - cut_fair action=cut amount=1600000.00\n  + cut_fair action=cut amount=1400000.00\n")
	assert.Contains(t, out, "1 of 4 cases change")

	// The monitoring cases all pass (exit 0 without --against); against
	// themselves nothing changes, so the exit code stays 0.
	code, out, _ = runCmd(t, "test", "--against", "../../monitoring/rules.json", "../../monitoring/rules.json", "testdata/ruletest/monitoring.cases.json")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "个用例中 0 个结果变化")
}

func TestRuleTestBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"args", []string{"test", applyPolicy}, "jixiao test: want POLICY and CASES; run 'jixiao help test'\n"},
		{"set", []string{"test", "--set", "line", applyPolicy, "x.json"}, "jixiao test: --set \"line\": " + applyPolicy + " holds projects and departments rule sets\n"},
		{"unknown env field", []string{"test", applyPolicy, "testdata/ruletest/bad.cases.json"},
			"jixiao test: testdata/ruletest/bad.cases.json: ruletest: bad cases: cases[0].env.Requestd: unknown field \"Requestd\"\n"},
		{"kinds differ", []string{"test", "--against", "../../monitoring/rules.json", applyPolicy, "x.json"},
			"jixiao test: " + applyPolicy + " holds projects rules, ../../monitoring/rules.json holds monitoring rules\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, tt.args...)
			assert.Equal(t, exitUsage, code)
			assert.Empty(t, out)
			assert.Equal(t, tt.want, errOut)
		})
	}
}

package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The bundled 2020 key evaluation: 66 projects graded 8/35/20/3 reproduce
// every published share (8 ÷ 66 = 12.1212…% → 12.12%; 35 ÷ 66 = 53.03%;
// 20 ÷ 66 = 30.30%; 3 ÷ 66 = 4.5454…% → 4.55%) and the amount, but not the
// published count of 56: a finding, exit 1.
func TestEvaluateKey(t *testing.T) {
	code, out, errOut := runCmd(t, "evaluate", "--policy", "../../testdata/expost/policy.json", "../../testdata/expost/key2020.json")
	assert.Equal(t, exitFindings, code)
	assert.Empty(t, errOut)
	golden(t, "evaluate_key2020_zh", out)
	assert.Contains(t, out, "项目数：公布 56，数据 66，不一致")
	assert.Contains(t, out, "占比：公布 12.12%/53.03%/30.30%/4.55%，数据 12.12%/53.03%/30.30%/4.55%，一致")
}

// The 2021 deep evaluation: 15 projects, 1/12/2/0, 115,346.26万元, as published.
func TestEvaluateDeep(t *testing.T) {
	code, out, errOut := runCmd(t, "evaluate", "--lang", "en", "--projects", "../../testdata/expost/deep2021.json")
	assert.Equal(t, exitOK, code)
	assert.Empty(t, errOut)
	golden(t, "evaluate_deep2021_en", out)
	assert.Contains(t, out, "projects: stated 15, data 15, consistent")
	assert.Contains(t, out, "amount: stated 115,346.26万元, data 115,346.26万元, consistent")
}

func TestEvaluateCSV(t *testing.T) {
	code, out, _ := runCmd(t, "evaluate", "--format", "csv", "../../testdata/expost/deep2021.json")
	assert.Equal(t, exitOK, code)
	golden(t, "evaluate_deep2021_csv", out)
}

func TestEvaluateBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no report", []string{"evaluate"}, "jixiao evaluate: want one REPORT; run 'jixiao help evaluate'\n"},
		{"framework", []string{"evaluate", "--framework", "pefa", "x.json"}, "jixiao evaluate: --framework: unknown framework \"pefa\" (want key, department, loan or part)\n"},
		{"malformed", []string{"evaluate", "testdata/malformed.json"}, "jixiao evaluate: testdata/malformed.json:2:1: JSON 格式错误：unexpected end of JSON input\n"},
		{"unknown field", []string{"evaluate", "--lang", "en", "testdata/portfolio_unknown.json"}, "jixiao evaluate: testdata/portfolio_unknown.json: projects: unknown field \"projects\" (unknown_field)\n"},
		{"policy unknown field", []string{"evaluate", "--lang", "en", "--policy", "testdata/apply_unknown_field.json", "../../testdata/expost/deep2021.json"},
			"jixiao evaluate: testdata/apply_unknown_field.json: carry_over_flor: unknown field \"carry_over_flor\" (unknown_field)\n"},
		{"policy compile", []string{"evaluate", "--lang", "en", "--policy", "testdata/apply_bad.json", "../../testdata/expost/deep2021.json"},
			"jixiao evaluate: testdata/apply_bad.json: projects.rules[0].outputs: action and amount must be given together (action_without_amount)\n" +
				"jixiao evaluate: testdata/apply_bad.json: rule A1: when (1:18): unknown name: Scor (did you mean Score?)\n" +
				" | Grade == \"差\" and Scor < 60\n" +
				" | .................^\n"},
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

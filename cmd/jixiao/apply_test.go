package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Four projects under the bundled policy, by hand: A1 优 → prioritised, its
// 1,200,000 request stands; A2 中 → cut by 20%: 2,000,000 × 0.8 = 1,600,000;
// A3 a one-off 差 → cancelled, its unspent 3,000,000 − 1,500,000 = 1,500,000
// recovered, similar new projects of 农业农村局 blocked; A4 良 → as needed,
// 500,000. 农业农村局's carry-over grew 1,500,000 − 1,000,000 = 500,000: cut
// 30% = 150,000. Next year: 1,200,000 + 1,600,000 + 0 + 500,000 − 150,000 =
// 3,150,000 = 315.00万元 against 470.00万元 requested.
func TestApply(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			code, out, errOut := runCmd(t, "apply", "--lang", lang, "--policy", "../../testdata/expost/policy.json", "testdata/apply/outcomes.json")
			assert.Equal(t, exitOK, code)
			assert.Empty(t, errOut)
			golden(t, "apply_"+lang, out)
			assert.Regexp(t, `470\.00万元 +330\.00万元 +15\.00万元 +315\.00万元 +-155\.00万元`, out)
		})
	}
	code, out, _ := runCmd(t, "apply", "--format", "csv", "--policy", "../../testdata/expost/policy.json", "testdata/apply/outcomes.json")
	assert.Equal(t, exitOK, code)
	golden(t, "apply_csv", out)
}

func TestApplyBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no policy", []string{"apply", "testdata/apply/outcomes.json"}, "jixiao apply: --policy is required\n"},
		{"no file", []string{"apply", "--policy", "x.json"}, "jixiao apply: want one OUTCOMES file; run 'jixiao help apply'\n"},
		{"unknown field", []string{"apply", "--lang", "en", "--policy", "../../testdata/expost/policy.json", "testdata/portfolio_unknown.json"},
			"jixiao apply: testdata/portfolio_unknown.json: projects: unknown field \"projects\" (unknown_field)\n"},
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

package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"check_ok", []string{"check", "testdata/portfolio.json"}, exitOK},
		// P002 breaks seven rules at once (no basis, reversed period, invested
		// 150,000 > total 100,000, 3 × 33,333.33 = 99,999.99 ≠ 100,000, lines
		// 100,000 ≠ amount 120,000, unknown standard, unknown unit) and P003
		// has no cost lines: all eight are reported in one run.
		{"check_portfolio_bad_en", []string{"check", "--lang", "en", "testdata/portfolio_bad.json"}, exitFindings},
		{"check_portfolio_bad_zh", []string{"check", "testdata/portfolio_bad.json"}, exitFindings},
		{"check_unknown_fields", []string{"check", "--lang", "en", "testdata/portfolio_unknown.json"}, exitFindings},
		{"check_rules_unknown_field", []string{"check", "--lang", "en", "testdata/rules_bad.json"}, exitFindings},
		// Every compile error at once, with rule id, line, column and caret.
		{"check_rules_compile", []string{"check", "--lang", "en", "testdata/rules_monitoring_bad.json"}, exitFindings},
		{"check_exante_policy_compile", []string{"check", "--lang", "en", "testdata/exante_bad/policy_compile.json"}, exitFindings},
		{"check_exante_policy_unknown_field", []string{"check", "--lang", "en", "testdata/exante_bad/policy_unknown_field.json"}, exitFindings},
		{"check_bundled_policies", []string{"check", "../../testdata/exante/policy.json", "../../testdata/expost/policy.json", "../../monitoring/policy.json"}, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, tt.args...)
			assert.Equal(t, tt.code, code)
			assert.Empty(t, errOut)
			golden(t, tt.name, out)
		})
	}
}

func TestCheckBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no file", []string{"check"}, "jixiao check: want at least one FILE; run 'jixiao help check'\n"},
		{"malformed", []string{"check", "testdata/malformed.json"},
			"jixiao check: testdata/malformed.json:2:1: JSON 格式错误：unexpected end of JSON input\n"},
		{"not a known kind", []string{"check", "testdata/rollup.json"},
			"jixiao check: testdata/rollup.json: not a portfolio, whole-year policy, rule set, ex-ante, results-application or monitoring policy\n"},
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

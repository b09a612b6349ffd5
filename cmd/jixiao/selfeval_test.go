package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Four forms, by hand (national weights unless stated):
//
//	ZP2021-01 1,096,440 ÷ 1,200,000 = 91.37% × 10 = 9.137 → 9.14; targets met: 50 + 30 + 10; total 99.14 优.
//	          Stated 109.64% is 1,096,440 ÷ 1,000,000 (the initial budget), 9 is 9.14 rounded, 48 docks a met target.
//	ZP2021-02 weights 20/40/30/10: 612,000 ÷ 800,000 = 76.5% × 20 = 15.3; 4,600 ÷ 5,000 × 25 = 23;
//	          cost ≤120 at 125: 120 ÷ 125 × 15 = 14.4; 30; 10; total 92.7, stated 92.
//	ZP2021-03 55% × 10 = 5.5; 14,000 ÷ 20,000 × 30 = 21; 81 ÷ 95 × 20 = 17.05; 49 ÷ 70 × 30 = 21;
//	          88 ÷ 90 × 10 = 9.78; total 74.33: 中, stated 良.
//	ZP2021-04 588,000 ÷ 600,000 = 98% → 9.8; all met; 99.8 优, as stated.
func TestEvaluateSelf(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			code, out, errOut := runCmd(t, "evaluate", "--lang", lang, "data/self2021.json")
			assert.Equal(t, exitFindings, code)
			assert.Empty(t, errOut)
			golden(t, "evaluate_self_"+lang, out)
			assert.Regexp(t, `ZP2021-01 +91\.37% +97\.00 +99\.14`, out)
			assert.Regexp(t, `ZP2021-02 +76\.50% +92\.00 +92\.70`, out)
			assert.Regexp(t, `ZP2021-03 +55\.00% +74\.33 +74\.33`, out)
			assert.Regexp(t, `ZP2021-04 +98\.00% +99\.80 +99\.80`, out)
		})
	}
	code, out, _ := runCmd(t, "evaluate", "--format", "csv", "data/self2021.json")
	assert.Equal(t, exitFindings, code)
	golden(t, "evaluate_self_csv", out)
}

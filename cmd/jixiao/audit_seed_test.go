package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAuditSeed(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			code, out, errOut := runCmd(t, "audit", "--lang", lang, "data/lhasa2021.json")
			assert.Empty(t, errOut)
			// The 2020 key-project shares cannot come from 56 projects: a finding.
			assert.Equal(t, exitFindings, code)
			golden(t, "audit_seed_"+lang, out)
			// Worked by hand: 3,386.97 ÷ 17,702.19 = 0.191330… → 19.13%;
			// 1,761.29 ÷ 3,436.29 = 0.512558… → 51.26%; 8/35/20/3 of 66 give
			// 12.12/53.03/30.30/4.55% (3 ÷ 66 = 4.545… → 4.55), no split of 56 does.
			assert.Contains(t, out, "17,702.19万元  3,386.97万元  19.13%")
			assert.Contains(t, out, "3,436.29万元  1,761.29万元  51.26%")
			if lang == "zh" {
				assert.Contains(t, out, "能得出这些占比的最小总数为66（优8、良35、中20、差3）")
			} else {
				assert.Contains(t, out, "The smallest total that does is 66 (excellent 8, good 35, fair 20, poor 3)")
			}
		})
	}
}

func TestAuditFormats(t *testing.T) {
	code, out, _ := runCmd(t, "audit", "--format", "json", "data/lhasa2021.json")
	assert.Equal(t, exitFindings, code)
	golden(t, "audit_seed_json", out)
	code, out, _ = runCmd(t, "audit", "--format", "csv", "data/lhasa2021.json")
	assert.Equal(t, exitFindings, code)
	golden(t, "audit_seed_csv", out)
}

package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The demo runs on the repository's testdata, as "go run ./cmd/jixiao demo"
// does from the repository root, and exits 0 though it shows findings. The
// golden files were written by another process: matching them byte for byte
// is also the check that the report is deterministic.
func TestDemo(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			code, out, errOut := runCmd(t, "demo", "--lang", lang, "--data", "../../testdata")
			assert.Equal(t, exitOK, code)
			assert.Empty(t, errOut)
			golden(t, "demo_"+lang, out)
			// The seed's figures, from project-level data (worked by hand in
			// assess_test.go, evaluate_test.go and audit_seed_test.go).
			assert.Contains(t, out, "35  17,702.19万元  3,386.97万元  14,315.22万元  19.13%")
			assert.Contains(t, out, " 5   3,436.29万元  1,761.29万元   1,675.00万元  51.26%")
			assert.Contains(t, out, "115,346.26万元")
			// The third party's report, scored by hand on the bundled
			// framework: reviewers' totals 18+16+20+17+12 = 83,
			// 17+15+19+16+11 = 78 and 19+17+22+18+13 = 89; mean 250/3 = 83.33.
			assert.Contains(t, out, "83.33")
			// The draw names its seed, and the recused experts of the
			// bundled library (ZJ03 works for the unit, ZJ11 declared a
			// relation to its department) are not seated.
			assert.Contains(t, out, "20211120")
			assert.Regexp(t, `ZJ03 +employer`, out)
			assert.Regexp(t, `ZJ11 +conflict`, out)
			if lang == "zh" {
				assert.Contains(t, out, "项目数：公布 56，数据 66，不一致")
			} else {
				assert.Contains(t, out, "projects: stated 56, data 66, INCONSISTENT")
			}
		})
	}
}

// Without the sample folders the demo still runs the published-figure check
// and says what it skipped.
func TestDemoWithoutSample(t *testing.T) {
	code, out, errOut := runCmd(t, "demo", "--lang", "en", "--data", t.TempDir())
	assert.Equal(t, exitOK, code)
	assert.Empty(t, errOut)
	assert.Contains(t, out, "; skipped)")
	assert.Contains(t, out, "The smallest total that does is 66")
}

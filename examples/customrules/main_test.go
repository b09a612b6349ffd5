package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRun checks that the host's rules, over its own fields and function,
// decide in each stage through policy.Compile — the figures worked by hand:
func TestRun(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, run(&buf))
	out := buf.String()
	// Ex-ante. XM1 is new and its unit was graded 差 last year: the host
	// rule sets the verdict 不予支持, which reduces the whole 200 × 500 =
	// 100,000. XM2 (unit graded 良) has no verdict rule; its training line
	// is 200 × 480 = 96,000 against the county cap capPerDay("培训") = 450:
	// (480 − 450) × 200 = 6,000 cut, 90,000 approved.
	assert.Contains(t, out, "XM1 verdict 不予支持 (by no-new-after-poor), submitted 100000.00, reduced 100000.00, approved 0.00\n")
	assert.Contains(t, out, "XM2 verdict 未评估 (by ), submitted 96000.00, reduced 6000.00, approved 90000.00\n")
	assert.Contains(t, out, "training-cap 6000.00: 培训费超过县定标准的部分核减\n")
	// Monitoring at 30 June: both spent 40,000 of 100,000 = 40% against
	// 6/12 = 50% expected, 10 points behind (not more than 10, so the
	// county's yellow rule does not fire). XM1's contract is not signed
	// (ContractSigned takes its default false): red by the host rule.
	// XM2's is signed: green.
	assert.Contains(t, out, "XM1 red by unsigned-behind, rate 40.00%, deviation -10.00 points\n")
	assert.Contains(t, out, "XM2 green by on-schedule, rate 40.00%, deviation -10.00 points\n")
	// Next year: both graded 中 with 1,000,000 requested. XM1's unit was 差
	// the year before: 1,000,000 × 0.5 = 500,000. XM2: × 0.8 = 800,000.
	assert.Contains(t, out, "XM1 cut 1000000.00 → 500000.00 by fair-after-poor\n")
	assert.Contains(t, out, "XM2 cut 1000000.00 → 800000.00 by fair\n")
	assert.Contains(t, out, "results carry the policy: true\n")
}

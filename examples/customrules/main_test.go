package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, run(&buf))
	out := buf.String()
	// A1: cap 450 × 200 people × 5 days = 450,000; requested 500,000 → cut 50,000 (5.00万元), approved 45.00万元.
	assert.Contains(t, out, "A1 requested 50.00万元, cut 5.00万元, approved 45.00万元\n")
	// A2: graded 差 last year → 400,000 × 0.3 = 120,000; training cap 450 × 100 × 5 = 225,000 < 400,000 → cut 175,000;
	// both rules fire under the collect policy: 295,000 cut, 105,000 approved.
	assert.Contains(t, out, "A2 requested 40.00万元, cut 29.50万元, approved 10.50万元\n")
	// A3: not training, graded 优: nothing fires.
	assert.Contains(t, out, "规则 poor-last-year「上年绩效评价为差，压减30%」")
	assert.Contains(t, out, "capPerDay(Category (\"培训\")) = 450")
	assert.Contains(t, out, "A3 requested 80.00万元, cut 0.00万元, approved 80.00万元\n")
}

package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/internal/testflag"
	"github.com/jixiao-go/jixiao/rules/ruletest"
)

var update = testflag.Update()

const dir = "../../testdata/history"

func TestBacktest(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, dir))
	got := out.String()

	// Independent checks, from the records themselves.
	// v1 reproduces every recorded decision.
	n, fair6070, hostRule := 0, 0, 0
	sixty, seventy, eighty, three := decimal.NewFromInt(60), decimal.NewFromInt(70), decimal.NewFromInt(80), decimal.NewFromInt(3)
	for r, err := range history.ReadFile(dir + "/records.jsonl.gz") {
		require.NoError(t, err)
		n++
		s := r.Evaluation.Score
		if s.GreaterThanOrEqual(sixty) && s.LessThan(seventy) {
			fair6070++
		}
		// v2's host rule cut_fair_again: graded 中 under v2 (70 ≤ score <
		// 80), PriorGrade 中 and StrategicPriority < 3 in the bureau's own
		// fields; no rule ahead of it in the action group fires for 中.
		sp, _ := r.Project.Host["StrategicPriority"].(decimal.Decimal)
		if s.GreaterThanOrEqual(seventy) && s.LessThan(eighty) && r.Project.Host["PriorGrade"] == "中" && sp.LessThan(three) {
			hostRule++
		}
	}
	assert.Contains(t, got, fmt.Sprintf("host rule cut_fair_again (中 two years running, StrategicPriority < 3) decides %d project-years\n", hostRule))
	assert.Greater(t, hostRule, 0)
	assert.Contains(t, got, fmt.Sprintf("verify lhasa-history v1: %d of %d recorded decisions reproduced exactly\n", n, n))
	// v2 moves 中's lower bound from 60 to 70: exactly the scores in
	// [60, 70) flip from 中 to 差, and nothing else flips.
	assert.Contains(t, got, fmt.Sprintf("grade flips:\n  中 → 差  %d\nnext year", fair6070))

	ruletest.Golden(t, "testdata/output.golden", out.Bytes(), *update)
	assert.True(t, strings.HasPrefix(got, "verify "))
}

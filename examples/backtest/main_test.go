package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The 2020 key evaluation grades 20 projects 中 (8/35/20/3): those, and only
// those, change, each from 0.8 to 0.7 of its request.
func Example() {
	if err := run(os.Stdout, "../../testdata"); err != nil {
		panic(err)
	}
	// Output:
	// 2020年度重点项目绩效评价: 66 projects, 326,046.49万元 requested for next year
	// policy in force: 291,295.13万元 funded
	// draft (中 cut by 30%): 281,846.97万元 funded
	// projects whose amount changes: 20, all by rule cut_fair: true; change -9,448.16万元
}

// Independently of the program's totals: every changed project moves by
// exactly −10% of its request, rounded to the fen, and nothing else moves.
func TestEveryChangeIsTenPercentOfTheRequest(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "expost", "key2020.json"))
	require.NoError(t, err)
	var rep evaluation.KeyReport
	require.NoError(t, performance.DecodeJSON(data, &rep, true))
	policy, err := os.ReadFile(filepath.Join("..", "..", "testdata", "expost", "policy.json"))
	require.NoError(t, err)
	current, err := evaluation.ParseApplyPolicy(policy)
	require.NoError(t, err)
	before, err := nextYear(&rep, current)
	require.NoError(t, err)
	tenth := decimal.RequireFromString("0.1")
	var fair int
	for _, c := range before.Projects {
		if c.Rule == "cut_fair" {
			fair++
			// 0.8 × request under the policy in force.
			assert.True(t, c.Amount.Equal(c.Requested.Mul(decimal.RequireFromString("0.8")).Round(2)), c.ProjectID)
		}
	}
	assert.Equal(t, 20, fair)
	var delta decimal.Decimal
	for _, c := range before.Projects {
		if c.Rule == "cut_fair" {
			delta = delta.Sub(c.Requested.Mul(tenth))
		}
	}
	assert.Equal(t, "-9,448.16万元", performance.FormatAmount(delta, performance.Wan))
}

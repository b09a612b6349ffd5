package exante

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/jixiao-go/jixiao/rules/ruletest"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// The bundled ex-ante policy (testdata/exante/policy.json) tested with
// ruletest: one subtest per JSON case (testdata/history/cases), a golden
// transcript of what fired and why, and coverage thresholds.

func cases(name string) string { return filepath.Join("../../testdata/history/cases", name) }

func full() ruletest.Threshold {
	return ruletest.Threshold{Rules: decimal.NewFromInt(100), Conditions: decimal.NewFromInt(75)}
}

func TestBundledExAntePolicy(t *testing.T) {
	data, err := os.ReadFile("../../testdata/exante/policy.json")
	require.NoError(t, err)
	pol, err := ParsePolicy(data)
	require.NoError(t, err)
	line := func(r *rules.Rule) bool { return ruletest.Tagged(r, TagLine) }
	projectSet := ruletest.Filter(&pol.Rules, func(r *rules.Rule) bool { return !line(r) })
	lineSet := ruletest.Filter(&pol.Rules, line)

	pc, err := ruletest.LoadCases[Env](cases("exante_projects.json"))
	require.NoError(t, err)
	cov := ruletest.Run(t, projectSet, pc, ruletest.RunOptions{Golden: "testdata/policy_exante_projects.golden", Update: *update, Lang: performance.LangEN})
	ruletest.RequireCoverage(t, cov, full())

	lc, err := ruletest.LoadCases[CostLineEnv](cases("exante_lines.json"))
	require.NoError(t, err)
	cov = ruletest.Run(t, lineSet, lc, ruletest.RunOptions{Golden: "testdata/policy_exante_lines.golden", Update: *update, Lang: performance.LangEN})
	ruletest.RequireCoverage(t, cov, full())
}

package monitoring_test

import (
	"path/filepath"
	"testing"

	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/jixiao-go/jixiao/rules/ruletest"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// The bundled monitoring rule set tested with ruletest against the cases of
// testdata/history/cases, with a golden transcript and full coverage.

func cases(name string) string { return filepath.Join("../testdata/history/cases", name) }

func full() ruletest.Threshold {
	return ruletest.Threshold{Rules: decimal.NewFromInt(100), Conditions: decimal.NewFromInt(75)}
}

func TestBundledMonitoringRules(t *testing.T) {
	set, err := rules.ParseSet(monitoring.DefaultRulesJSON())
	require.NoError(t, err)
	mc, err := ruletest.LoadCases[monitoring.Env](cases("monitoring.json"))
	require.NoError(t, err)
	cov := ruletest.Run(t, set, mc, ruletest.RunOptions{Golden: "testdata/policy_monitoring.golden", Update: *update, Lang: performance.LangEN})
	ruletest.RequireCoverage(t, cov, full())
}

package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
)

// The generator is deterministic and the bundled sample is what it writes:
// regenerating into a fresh directory gives the same bytes.
func TestGeneratorReproducesBundledSample(t *testing.T) {
	bundled := filepath.Join("..", "..", "..", "testdata", "exante")
	dir := t.TempDir()
	policy, err := os.ReadFile(filepath.Join(bundled, "policy.json"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "policy.json"), policy, 0o644))
	require.NoError(t, run(dir))
	for _, name := range []string{"org.json", "standards.json", "portfolio.json", "goals.json"} {
		want, err := os.ReadFile(filepath.Join(bundled, name))
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "%s differs: run go run ./tools/gen/exante", name)
	}
}

// lineCutsOnly accepts line cuts of assessed projects and refuses what the
// seed rules out: a project not assessed, rejected or not fundable, and a
// whole-project reduction.
func TestLineCutsOnly(t *testing.T) {
	score := &evaluation.CombinedScore{}
	ok := func() *evaluation.Assessment {
		return &evaluation.Assessment{ProjectID: "P", Score: score, Fundable: true, Verdict: evaluation.Support,
			Reductions: []evaluation.Reduction{{Line: 0, RuleID: "EA-L01", Kind: evaluation.ReductionStandard}}}
	}
	tests := []struct {
		name  string
		edit  func(a *evaluation.Assessment)
		valid bool
	}{
		{"line cut of an assessed project", func(*evaluation.Assessment) {}, true},
		{"not assessed", func(a *evaluation.Assessment) { a.Score, a.Verdict = nil, evaluation.VerdictNone }, false},
		{"rejected", func(a *evaluation.Assessment) { a.Verdict = evaluation.Reject }, false},
		{"not fundable", func(a *evaluation.Assessment) { a.Fundable = false }, false},
		{"whole-project cut", func(a *evaluation.Assessment) {
			a.Reductions[0] = evaluation.Reduction{Line: evaluation.WholeProject, RuleID: "gate", Kind: evaluation.ReductionNotFundable}
		}, false},
		{"rejected kind on a line", func(a *evaluation.Assessment) { a.Reductions[0].Kind = evaluation.ReductionRejected }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ok()
			tt.edit(a)
			err := lineCutsOnly([]*evaluation.Assessment{a})
			assert.Equal(t, tt.valid, err == nil, "err = %v", err)
		})
	}
}

package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	score := &exante.CombinedScore{}
	ok := func() *exante.Assessment {
		return &exante.Assessment{ProjectID: "P", Score: score, Fundable: true, Verdict: exante.Support,
			Reductions: []exante.Reduction{{Line: 0, RuleID: "EA-L01", Kind: exante.ReductionStandard}}}
	}
	tests := []struct {
		name  string
		edit  func(a *exante.Assessment)
		valid bool
	}{
		{"line cut of an assessed project", func(*exante.Assessment) {}, true},
		{"not assessed", func(a *exante.Assessment) { a.Score, a.Verdict = nil, exante.VerdictNone }, false},
		{"rejected", func(a *exante.Assessment) { a.Verdict = exante.Reject }, false},
		{"not fundable", func(a *exante.Assessment) { a.Fundable = false }, false},
		{"whole-project cut", func(a *exante.Assessment) {
			a.Reductions[0] = exante.Reduction{Line: exante.WholeProject, RuleID: "gate", Kind: exante.ReductionNotFundable}
		}, false},
		{"rejected kind on a line", func(a *exante.Assessment) { a.Reductions[0].Kind = exante.ReductionRejected }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ok()
			tt.edit(a)
			err := lineCutsOnly([]*exante.Assessment{a})
			assert.Equal(t, tt.valid, err == nil, "err = %v", err)
		})
	}
}

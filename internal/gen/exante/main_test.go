package main

import (
	"os"
	"path/filepath"
	"testing"

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
		assert.Equal(t, string(want), string(got), "%s differs: run go run ./internal/gen/exante", name)
	}
}

package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBundledSampleUpToDate regenerates the sample and compares it with the
// files committed in testdata/monitoring: the generator is deterministic and
// the bundled data are its output.
func TestBundledSampleUpToDate(t *testing.T) {
	files, err := build()
	require.NoError(t, err)
	again, err := build()
	require.NoError(t, err)
	assert.Equal(t, files, again, "same seed, same bytes")
	for name, b := range files {
		committed, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "monitoring", name))
		require.NoError(t, err)
		assert.True(t, string(committed) == string(b), "%s is stale: run go run ./tools/gen/monitoring", name)
	}
}

func TestGenerateWrites(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, generate(dir))
	for _, name := range []string{"budgets.json", "records.csv", "rules.json", "schedule_table.json"} {
		_, err := os.Stat(filepath.Join(dir, name))
		assert.NoError(t, err, name)
	}
}

package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBundledSamplesUpToDate regenerates the samples and compares them with
// the files committed in testdata/expost: the generator is deterministic and
// the bundled data are its output.
func TestBundledSamplesUpToDate(t *testing.T) {
	files, err := build()
	require.NoError(t, err)
	again, err := build()
	require.NoError(t, err)
	assert.Equal(t, files, again, "same seed, same bytes")
	require.Len(t, files, 2)
	for name, b := range files {
		committed, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "expost", name))
		require.NoError(t, err)
		assert.True(t, string(committed) == string(b), "%s is stale: run go run ./tools/gen/expost", name)
	}
}

func TestGenerateWrites(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, generate(dir))
	for _, name := range []string{"deep2021.json", "key2020.json"} {
		_, err := os.Stat(filepath.Join(dir, name))
		assert.NoError(t, err, name)
	}
}

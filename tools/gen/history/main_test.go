package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReproducesBundledHistory regenerates the history into a temporary
// directory and checks it is byte-identical to testdata/history: same seed,
// same bytes, and the committed files are current.
func TestReproducesBundledHistory(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerates the whole history")
	}
	out := t.TempDir()
	require.NoError(t, run("../../../testdata", out))
	for _, f := range []string{"org.json", "standards.json", "policy_v1.json", "policy_v2.json", "records.jsonl.gz"} {
		got, err := os.ReadFile(filepath.Join(out, f))
		require.NoError(t, err)
		want, err := os.ReadFile(filepath.Join("../../../testdata/history", f))
		require.NoError(t, err)
		assert.True(t, bytes.Equal(got, want), "%s differs from testdata/history; run go run ./tools/gen/history", f)
	}
}

func TestEditFailsOnMissingText(t *testing.T) {
	_, err := edit([]byte(`{"expr": "0.1"}`), `"expr": "0.2"`, "x")
	require.Error(t, err)
	got, err := edit([]byte(`{"expr": "0.1"}`), `"0.1"`, `"0.15"`)
	require.NoError(t, err)
	assert.Equal(t, `{"expr": "0.15"}`, string(got))
}

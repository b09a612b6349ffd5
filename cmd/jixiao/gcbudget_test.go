package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestPaceLoadRestores: while loads run the collector is paced by a limit
// of loadBudgetPerByte times the input's size (GOGC off), the largest of
// overlapping loads' limits; when the last load ends, the pacing before
// the first is back, whatever order the loads end in. (Not parallel: the
// settings are the process's.)
func TestPaceLoadRestores(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT is set: paceLoad leaves the pacing alone")
	}
	percent := debug.SetGCPercent(77)
	limit := debug.SetMemoryLimit(5 << 30)
	defer func() { debug.SetGCPercent(percent); debug.SetMemoryLimit(limit) }()
	big := filepath.Join(t.TempDir(), "big.json")
	// A sparse file: its size is what counts, not its blocks.
	f, err := os.Create(big)
	assert.NoError(t, err)
	assert.NoError(t, f.Truncate(200<<20))
	assert.NoError(t, f.Close())

	small := paceLoad("no such file")
	assert.Equal(t, int64(minLoadBudget), debug.SetMemoryLimit(-1), "an empty input gets the minimum budget")
	large := paceLoad(big, "no such file")
	assert.Equal(t, int64(loadBudgetPerByte*200<<20), debug.SetMemoryLimit(-1), "the larger load's limit")
	small() // the first load ends before the second
	small() // a second call does nothing
	assert.Equal(t, -1, debug.SetGCPercent(-1), "GOGC stays off while a load runs")
	large()
	assert.Equal(t, 77, debug.SetGCPercent(77), "GOGC restored")
	assert.Equal(t, int64(5<<30), debug.SetMemoryLimit(-1), "the limit restored")
}

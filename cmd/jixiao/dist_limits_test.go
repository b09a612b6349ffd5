package main

import (
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAuditCountsRegression: {"distributions":[{"counts":[2000000000,0,0,0]}]}
// made audit add two billion projects one at a time. The counts are now
// added in one step and a total beyond performance.MaxCount is refused with
// its path; at the bound the shares come out as before (100.00%).
func TestAuditCountsRegression(t *testing.T) {
	start := time.Now()
	_, err := auditDistribution("distributions[0]", statedDistribution{Counts: []int{2000000000, 0, 0, 0}})
	assert.ErrorIs(t, err, performance.ErrLimit)
	assert.ErrorContains(t, err, "distributions[0].counts[0]: performance: count 2000000000 outside 0 to 1000000")
	f, err := auditDistribution("distributions[0]", statedDistribution{Counts: []int{performance.MaxCount, 0, 0, 0}})
	require.NoError(t, err)
	assert.True(t, f.Consistent)
	assert.Equal(t, "100", f.Shares[0].String())
	assert.Less(t, time.Since(start), time.Second)
}

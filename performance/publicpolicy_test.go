package performance_test

import (
	"errors"
	"strconv"
	"testing"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A public policy's term and expiry by hand: a term ending in 2024 has run
// out by the end of 2024 and later, not in 2023; an open term never runs
// out. Too many projects is a limit problem unwrapping to a *LimitError,
// reported without a per-project scan.
func TestPublicPolicy(t *testing.T) {
	p := performance.PublicPolicy{ID: "P", StartYear: 2022, EndYear: 2024}
	assert.False(t, p.Expired(2023))
	assert.True(t, p.Expired(2024))
	assert.True(t, p.Expired(2025))
	assert.False(t, (&performance.PublicPolicy{ID: "Q"}).Expired(2100))
	require.NoError(t, p.Validate())

	p.ProjectIDs = make([]string, performance.MaxPolicyProjects+1)
	for i := range p.ProjectIDs {
		p.ProjectIDs[i] = "x" + strconv.Itoa(i)
	}
	err := p.Validate()
	var le *performance.LimitError
	require.True(t, errors.As(err, &le), "got %v", err)
	assert.Equal(t, "project_ids", le.Path)
	assert.Equal(t, int64(performance.MaxPolicyProjects+1), le.Value)
	assert.ErrorIs(t, err, performance.ErrLimit)
	p.ProjectIDs = p.ProjectIDs[:performance.MaxPolicyProjects]
	assert.NoError(t, p.Validate())
}

package exante

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/jixiao-go/jixiao/internal/ctxtest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAllocateCancelled: Allocate checks the context before each recipient
// of each pass and stops at the first check that sees it cancelled, with no
// shares and the wrapped context.Canceled.
func TestAllocateCancelled(t *testing.T) {
	const n = 200
	rs := make([]Recipient, n)
	for i := range rs {
		rs[i] = exRecip(fmt.Sprintf("R%03d", i), "x", fmt.Sprint(i+1))
	}
	plan := FactorPlan{Total: exDec("1000000"), Factors: []FactorNode{exLeaf("x", "1")}}

	// One leaf, no rank gate, no cap or floor: five passes of n checks —
	// validation, scores (one leaf), adjustments, the one split, the fen.
	full := ctxtest.After(1 << 40)
	want, err := Allocate(full, plan, rs)
	require.NoError(t, err)
	require.Equal(t, int64(5*n), full.Calls())
	got, err := Allocate(context.Background(), plan, rs)
	require.NoError(t, err)
	assert.Equal(t, want, got, "a context that is not cancelled changes nothing")

	for _, after := range []int64{0, 1, n - 1, n, 2*n + 3, 3*n + 7, 4*n + 1, 5*n - 1} {
		c := ctxtest.After(after)
		a, err := Allocate(c, plan, rs)
		require.Error(t, err, "after %d", after)
		assert.True(t, errors.Is(err, context.Canceled), "after %d: %v", after, err)
		assert.False(t, errors.Is(err, ErrAllocation), "after %d: a cancellation is not an impossible plan", after)
		assert.Nil(t, a, "after %d: no shares of a cancelled allocation", after)
		// The (after+1)th check saw the cancellation and nothing was
		// checked (so no recipient handled) after it.
		assert.Equal(t, after+1, c.Calls(), "after %d", after)
	}

	// A deadline is reported as such.
	ctx, cancel := context.WithTimeout(context.Background(), 0)
	defer cancel()
	<-ctx.Done()
	_, err = Allocate(ctx, plan, rs)
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

package exante

import (
	"context"
	"errors"
	"testing"

	"github.com/jixiao-go/jixiao/internal/ctxtest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAssessBatchCancelled(t *testing.T) {
	pol, standards, subs, trees, _ := loadPolicy(t)
	a, err := NewAssessor(pol, standards, AssessOptions{})
	require.NoError(t, err)
	all, err := a.AssessAll(subs, trees)
	require.NoError(t, err)
	require.Greater(t, len(all), 12)
	for _, n := range []int64{0, 1, 12} {
		got, err := a.AssessBatch(ctxtest.After(n), subs, trees, 1)
		require.ErrorIs(t, err, context.Canceled, "after %d", n)
		// One worker checks before each project: exactly n are finished
		// (n or n+1 is what the contract promises).
		require.Len(t, got, int(n))
		for i := range got {
			assert.Equal(t, all[i].ProjectID, got[i].ProjectID)
		}
	}
	// Two workers, each stopping within one project of the cancellation.
	got, err := a.AssessBatch(ctxtest.After(6), subs, trees, 2)
	require.ErrorIs(t, err, context.Canceled)
	assert.LessOrEqual(t, len(got), 6+2)
}

func TestAssessSeq(t *testing.T) {
	pol, standards, subs, trees, _ := loadPolicy(t)
	a, err := NewAssessor(pol, standards, AssessOptions{})
	require.NoError(t, err)
	want, err := a.AssessAll(subs, trees)
	require.NoError(t, err)
	seq := func(yield func(*Submission) bool) {
		for i := range subs {
			if !yield(&subs[i]) {
				return
			}
		}
	}
	for _, w := range []int{1, 2, 3} {
		var got []*Assessment
		for as, err := range a.AssessSeq(context.Background(), seq, trees, w) {
			require.NoError(t, err)
			got = append(got, as)
		}
		require.Len(t, got, len(want), "workers %d", w)
		for i := range got {
			assert.Equal(t, mustJSON(t, want[i]), mustJSON(t, got[i]), "workers %d, submission %d", w, i)
		}
	}
	// Cancelled by the consumer after 5 results: the next yield is the
	// wrapped context.Canceled, and nothing follows.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n, stopped := 0, 0
	for as, err := range a.AssessSeq(ctx, seq, trees, 2) {
		if err != nil {
			require.True(t, errors.Is(err, context.Canceled), "%v", err)
			stopped++
			continue
		}
		require.NotNil(t, as)
		if n++; n == 5 {
			cancel()
		}
	}
	assert.Equal(t, 5, n)
	assert.Equal(t, 1, stopped)
}

package exante

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/goals"
)

// AssessEach gives, submission for submission, what Assess gives one by
// one: the same result (as JSON) or the same error, at the same index,
// with a broken expert sheet among them costing no other submission.
func TestAssessEachMatchesAssess(t *testing.T) {
	pol, stds, subs, trees := exBenchPortfolio(t, 301)
	subs[17].Experts = []Expert{{ID: "broken"}} // scores nothing: an error
	a, err := NewAssessor(pol, stds, AssessOptions{})
	require.NoError(t, err)
	ts := make([]*goals.Tree, len(subs))
	for i := range subs {
		ts[i] = trees[subs[i].Project.ID]
	}
	got, errs, err := a.AssessEach(context.Background(), subs, ts)
	require.NoError(t, err)
	require.Len(t, got, len(subs))
	require.Len(t, errs, len(subs))
	nerr := 0
	for i := range subs {
		want, werr := a.Assess(&subs[i], ts[i])
		if werr != nil {
			nerr++
			require.Nil(t, got[i], "submission %d", i)
			require.EqualError(t, errs[i], werr.Error(), "submission %d", i)
			continue
		}
		require.NoError(t, errs[i], "submission %d", i)
		require.Equal(t, mustJSON(t, want), mustJSON(t, got[i]), "submission %d", i)
	}
	require.Equal(t, 1, nerr, "only the broken sheet fails")

	// no trees: every submission without goals, as Assess with nil
	got, _, err = a.AssessEach(context.Background(), subs[:3], nil)
	require.NoError(t, err)
	for i := range 3 {
		want, _ := a.Assess(&subs[i], nil)
		require.Equal(t, mustJSON(t, want), mustJSON(t, got[i]))
	}
	_, _, err = a.AssessEach(context.Background(), subs[:3], ts[:2])
	require.Error(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got, errs, err = a.AssessEach(ctx, subs, ts)
	require.True(t, errors.Is(err, context.Canceled))
	require.Nil(t, got)
	require.Nil(t, errs)
}

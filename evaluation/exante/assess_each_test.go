package exante

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/shopspring/decimal"

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

// AssessEachShared gives what AssessEach gives, whether the batch's
// combined scores come from another assessor through the share or not:
// for an equal sheet under other thresholds (the scores are shared, the
// verdicts are the assessor's own), for sheets that differ in places or
// only in how a weight is written (8 or 8.0: nothing is shared), for a
// share bound to a batch of another length and for copied expert sheets
// (nothing is shared). The assessments that share their score hold the
// very CombinedScore of the first assessor's, so the test can fail.
func TestAssessEachSharedMatchesAssessEach(t *testing.T) {
	pol, stds, subs, trees := exBenchPortfolio(t, 301)
	for i := range subs { // each scored project its own sheets
		if len(subs[i].Experts) == 0 {
			continue
		}
		ex := make([]Expert, len(subs[i].Experts))
		for e, x := range subs[i].Experts {
			ex[e] = Expert{ID: x.ID, Scores: slices.Clone(x.Scores)}
			f := decimal.New(int64(80+(i*7+e*3)%21), -2)
			ex[e].Scores[e%len(x.Scores)].Score = x.Scores[e%len(x.Scores)].Score.Mul(f).Round(2)
		}
		subs[i].Experts = ex
	}
	subs[17].Experts = []Expert{{ID: "broken"}} // scores nothing: an error
	ts := make([]*goals.Tree, len(subs))
	for i := range subs {
		ts[i] = trees[subs[i].Project.ID]
	}
	assessor := func(edit func(c *AssessCriteria)) *Assessor {
		p := *pol
		edit(&p.Criteria)
		a, err := NewAssessor(&p, stds, AssessOptions{})
		require.NoError(t, err)
		return a
	}
	base := assessor(func(*AssessCriteria) {})
	stricter := assessor(func(c *AssessCriteria) { c.Thresholds.Support = decimal.RequireFromString("87.5") })
	onePlace := assessor(func(c *AssessCriteria) { c.Places = 1 })
	written := assessor(func(c *AssessCriteria) { // the 3E sheet, one weight as 8.0
		c.Sheet, c.Items = "", ThreeEItems()
		c.Items[0].Weight = c.Items[0].Weight.Mul(decimal.New(10, -1))
	})
	copied := slices.Clone(subs)
	for i := range copied {
		copied[i].Experts = slices.Clone(subs[i].Experts)
	}
	for _, tc := range []struct {
		name   string
		b      *Assessor
		bSubs  []Submission
		firstN int // submissions the share is bound to by base
		shares bool
	}{
		{"same", base, subs, len(subs), true},
		{"thresholds", stricter, subs, len(subs), true},
		{"places", onePlace, subs, len(subs), false},
		{"weight written", written, subs, len(subs), false},
		{"other length", stricter, subs, 10, false},
		{"copied sheets", stricter, copied, len(subs), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var share ScoreShare
			first, ferrs, err := base.AssessEachShared(context.Background(), subs[:tc.firstN], ts[:tc.firstN], &share)
			require.NoError(t, err)
			wantFirst, _, err := base.AssessEach(context.Background(), subs[:tc.firstN], ts[:tc.firstN])
			require.NoError(t, err)
			for i := range first {
				require.Equal(t, mustJSON(t, wantFirst[i]), mustJSON(t, first[i]), "first, submission %d", i)
			}
			if tc.firstN > 17 {
				require.Error(t, ferrs[17], "the broken sheet")
			}
			got, errs, err := tc.b.AssessEachShared(context.Background(), tc.bSubs, ts, &share)
			require.NoError(t, err)
			want, werrs, err := tc.b.AssessEach(context.Background(), tc.bSubs, ts)
			require.NoError(t, err)
			shared, scored, verdicts := 0, 0, 0
			for i := range tc.bSubs {
				if werrs[i] != nil {
					require.EqualError(t, errs[i], werrs[i].Error(), "submission %d", i)
					require.Nil(t, got[i])
					continue
				}
				require.NoError(t, errs[i], "submission %d", i)
				require.Equal(t, mustJSON(t, want[i]), mustJSON(t, got[i]), "submission %d", i)
				if got[i].Score != nil && len(tc.bSubs[i].Experts) > 0 {
					scored++
					if i < len(first) && first[i] != nil && got[i].Score == first[i].Score {
						shared++
						if got[i].Verdict != first[i].Verdict {
							verdicts++
						}
					}
				}
			}
			require.Positive(t, scored)
			if tc.shares {
				require.Equal(t, scored, shared, "every combined score shared")
				if tc.b == stricter {
					require.Positive(t, verdicts, "a shared score, the assessor's own verdict")
				}
			} else {
				require.Zero(t, shared)
			}
		})
	}
}

// An assessor keeps its score caches (the intern tables of combined scores
// and totals, and the conversions of scores) from one batch to the next,
// and hands them to concurrent batches one at a time: batches assessed in
// turn and side by side by one assessor give, as JSON, what a fresh
// assessor gives each batch, and the batches differ (other projects,
// other scores), so a cache entry carried over with a wrong value would
// show. Under -race this also checks that no two batches share a cache.
func TestAssessEachReusesScoreCaches(t *testing.T) {
	pol, stds, subs, trees := exBenchPortfolio(t, 301)
	ts := make([]*goals.Tree, len(subs))
	for i := range subs {
		ts[i] = trees[subs[i].Project.ID]
	}
	const size = 37
	want := make([]string, len(subs))
	for lo := 0; lo < len(subs); lo += size {
		hi := min(lo+size, len(subs))
		fresh, err := NewAssessor(pol, stds, AssessOptions{})
		require.NoError(t, err)
		got, errs, err := fresh.AssessEach(context.Background(), subs[lo:hi], ts[lo:hi])
		require.NoError(t, err)
		for i := range got {
			require.NoError(t, errs[i])
			want[lo+i] = mustJSON(t, got[i])
		}
	}
	a, err := NewAssessor(pol, stds, AssessOptions{})
	require.NoError(t, err)
	check := func(lo, hi int) error {
		got, errs, err := a.AssessEach(context.Background(), subs[lo:hi], ts[lo:hi])
		if err != nil {
			return err
		}
		for i := range got {
			if errs[i] != nil {
				return errs[i]
			}
			g, err := json.Marshal(got[i]) // not mustJSON: no t.FailNow off the test's goroutine
			if err != nil {
				return err
			}
			if string(g) != want[lo+i] {
				return fmt.Errorf("submission %d: %s, want %s", lo+i, g, want[lo+i])
			}
		}
		return nil
	}
	for round := range 2 { // in turn, twice: the second round on warm caches
		for lo := 0; lo < len(subs); lo += size {
			require.NoError(t, check(lo, min(lo+size, len(subs))), "round %d", round)
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for g := range errs {
		wg.Go(func() {
			for lo := g * size; lo < len(subs); lo += len(errs) * size {
				if err := check(lo, min(lo+size, len(subs))); err != nil {
					errs[g] = err
					return
				}
			}
		})
	}
	wg.Wait()
	require.NoError(t, errors.Join(errs...))
}

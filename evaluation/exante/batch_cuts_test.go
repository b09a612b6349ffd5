package exante

import (
	"context"
	"maps"
	"runtime"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
)

// A batch cuts its share cuts and its whole-project reductions (a gate, a
// rejecting verdict, a rejecting rule) from its reused storage; each
// result must still be what Assess gives on its own, field for field, once
// the whole batch is done, so that no later project overwrote an earlier
// one's. The portfolio is made to take every one of those paths, and one
// and two share cuts a project.
func TestBatchCutsMatchAssess(t *testing.T) {
	pol, stds, subs, trees := exBenchPortfolio(t, 607)
	pol.Rules.Rules = append(slices.Clone(pol.Rules.Rules),
		rules.Rule{ID: "T-CUT2", Name: "运维压减5%", When: `Category == "运维" && Round == 2`, Tags: []string{"policy"},
			Outputs: []rules.Output{{Name: OutCutShare, Type: rules.TypeNumber, Expr: "0.05"}}},
		rules.Rule{ID: "T-CUT3", Name: "运维再压减3%", When: `Category == "运维" && Round == 2 && New`, Tags: []string{"policy"},
			Outputs: []rules.Output{{Name: OutCutShare, Type: rules.TypeNumber, Expr: "0.03"}}},
		rules.Rule{ID: "T-REJ", Name: "课题不予支持", When: `Category == "课题研究" && Round == 1 && !New`,
			Outputs: []rules.Output{{Name: OutReject, Type: rules.TypeBool, Expr: "true"}}},
	)
	trees = maps.Clone(trees)
	for i := range subs {
		switch {
		case i%13 == 5:
			subs[i].Round = 0 // a gate
		case i%17 == 3:
			delete(trees, subs[i].Project.ID) // no goals: a gate
		case i%19 == 2 && len(subs[i].Experts) > 0: // scored low: rejected by the thresholds
			low := slices.Clone(subs[i].Experts)
			for e := range low {
				low[e].Scores = slices.Clone(low[e].Scores)
				for k := range low[e].Scores {
					low[e].Scores[k].Score = decimal.NewFromInt(int64(k % 2)) // at most 6 of 100
				}
			}
			subs[i].Experts = low
		}
	}
	a, err := NewAssessor(pol, stds, AssessOptions{})
	require.NoError(t, err)
	want := make([]string, len(subs))
	kinds := map[string]int{}
	for i := range subs {
		as, err := a.Assess(&subs[i], trees[subs[i].Project.ID])
		require.NoError(t, err, "submission %d", i)
		want[i] = mustJSON(t, as)
		shares := map[string]bool{} // the share cuts' rules
		for _, r := range as.Reductions {
			switch {
			case r.Line == WholeProject:
				kinds["whole "+r.Kind.String()+" "+r.RuleID]++
			case r.Kind == ReductionPolicy:
				shares[r.RuleID] = true
			}
		}
		if len(shares) > 0 {
			kinds["projects with share cuts"]++
		}
		if len(shares) > 1 {
			kinds["projects with two share cuts"]++
		}
	}
	for _, k := range []string{"whole not_fundable gate", "whole rejected thresholds", "whole rejected T-REJ",
		"projects with share cuts", "projects with two share cuts"} {
		require.Positive(t, kinds[k], "the portfolio takes the path %q: %v", k, kinds)
	}

	check := func(name string, got []*Assessment) {
		t.Helper()
		require.Len(t, got, len(subs), name)
		for i := range got {
			require.Equal(t, want[i], mustJSON(t, got[i]), "%s: submission %d", name, i)
		}
	}
	all, err := a.AssessAll(subs, trees)
	require.NoError(t, err)
	batch, err := a.AssessBatch(context.Background(), subs, trees, max(2, runtime.GOMAXPROCS(0)))
	require.NoError(t, err)
	var seq []*Assessment
	for as, err := range a.AssessSeq(context.Background(), slices.Values(ptrs(subs)), trees, 2) {
		require.NoError(t, err)
		seq = append(seq, as)
	}
	check("AssessAll", all)
	check("AssessBatch", batch)
	check("AssessSeq", seq)
}

// ptrs returns a pointer to each submission.
func ptrs(subs []Submission) []*Submission {
	p := make([]*Submission, len(subs))
	for i := range subs {
		p[i] = &subs[i]
	}
	return p
}

package history_test

import (
	"context"
	"iter"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/performance"
)

// seqOf yields recs in order, as a history reader would.
func seqOf(recs []*history.Record) iter.Seq2[*history.Record, error] {
	return func(yield func(*history.Record, error) bool) {
		for _, r := range recs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// mergeSummaries adds partitioned replays as a host adds the results of
// its jobs: counts and money summed, the per-year, -department and -region
// rows summed by ID.
func mergeSummaries(parts []*history.Summary) *history.Summary {
	out := &history.Summary{Policy: parts[0].Policy}
	rows := func(dst []history.Delta, src []history.Delta) []history.Delta {
		for _, d := range src {
			i := slices.IndexFunc(dst, func(e history.Delta) bool { return e.ID == d.ID })
			if i < 0 {
				dst = append(dst, d)
				continue
			}
			addDelta(&dst[i], d)
		}
		return dst
	}
	counts := func(dst, src []int) []int {
		if dst == nil {
			dst = make([]int, len(src))
		}
		for i, n := range src {
			dst[i] += n
		}
		return dst
	}
	for _, p := range parts {
		out.Records += p.Records
		out.Errors += p.Errors
		addDelta(&out.Total, p.Total)
		out.Years = rows(out.Years, p.Years)
		out.Departments = rows(out.Departments, p.Departments)
		out.Regions = rows(out.Regions, p.Regions)
		out.Grades = counts(out.Grades, p.Grades)
		out.Alerts = counts(out.Alerts, p.Alerts)
		out.Actions = counts(out.Actions, p.Actions)
	}
	return out
}

func addDelta(d *history.Delta, e history.Delta) {
	d.Projects += e.Projects
	d.ApprovedA = d.ApprovedA.Add(e.ApprovedA)
	d.NextYearA = d.NextYearA.Add(e.NextYearA)
	d.RecoveredA = d.RecoveredA.Add(e.RecoveredA)
}

// byID indexes rows for a comparison that does not depend on their order.
func byID(t *testing.T, rows []history.Delta) map[string]history.Delta {
	m := map[string]history.Delta{}
	for _, d := range rows {
		m[d.ID] = d
	}
	require.Len(t, m, len(rows), "row IDs are unique")
	return m
}

// TestReplayPartitionedEqualsOneRun checks what a host relies on when it
// spreads a replay over its own job system: the bundled history cut by
// region, or by department, replayed part by part (each part a pure
// function of its records), adds up exactly to one replay of the whole.
func TestReplayPartitionedEqualsOneRun(t *testing.T) {
	b := loadBundle(t)
	v1 := b.Program(t, "policy_v1.json")
	var all []*history.Record
	for r, err := range history.ReadFile(records()) {
		require.NoError(t, err)
		all = append(all, r)
	}
	one, err := history.Replay(context.Background(), v1, seqOf(all), history.StreamOptions{})
	require.NoError(t, err)
	require.Equal(t, len(all), one.Records)

	for _, kind := range []performance.NodeKind{performance.NodeRegion, performance.NodeDepartment} {
		t.Run(string(kind), func(t *testing.T) {
			// Each record goes to the part of its unit's region (or
			// department); the parts keep the history's order, so each
			// part's years stay contiguous.
			parts := map[string][]*history.Record{}
			var keys []string
			for _, r := range all {
				k := "(none)"
				if n, ok := b.Org.Ancestor(r.Project.UnitID, kind); ok {
					k = n.ID
				}
				if _, ok := parts[k]; !ok {
					keys = append(keys, k)
				}
				parts[k] = append(parts[k], r)
			}
			require.Greater(t, len(parts), 1, "the history spans several %ss", kind)
			var sums []*history.Summary
			for _, k := range keys {
				s, err := history.Replay(context.Background(), v1, seqOf(parts[k]), history.StreamOptions{Workers: 2, Batch: 5})
				require.NoError(t, err)
				assert.Equal(t, len(parts[k]), s.Records, "part %s", k)
				sums = append(sums, s)
			}
			got := mergeSummaries(sums)
			assert.Equal(t, one.Records, got.Records)
			assert.Equal(t, one.Errors, got.Errors)
			assert.Equal(t, one.Grades, got.Grades)
			assert.Equal(t, one.Alerts, got.Alerts)
			assert.Equal(t, one.Actions, got.Actions)
			want := map[string]map[string]history.Delta{
				"total": {"": one.Total}, "years": byID(t, one.Years),
				"departments": byID(t, one.Departments), "regions": byID(t, one.Regions),
			}
			have := map[string]map[string]history.Delta{
				"total": {"": got.Total}, "years": byID(t, got.Years),
				"departments": byID(t, got.Departments), "regions": byID(t, got.Regions),
			}
			for what, rows := range want {
				require.Len(t, have[what], len(rows), what)
				for id, w := range rows {
					g := have[what][id]
					assert.Equal(t, w.Projects, g.Projects, "%s %s projects", what, id)
					assert.True(t, w.ApprovedA.Equal(g.ApprovedA), "%s %s approved: got %s, want %s", what, id, g.ApprovedA, w.ApprovedA)
					assert.True(t, w.NextYearA.Equal(g.NextYearA), "%s %s next year: got %s, want %s", what, id, g.NextYearA, w.NextYearA)
					assert.True(t, w.RecoveredA.Equal(g.RecoveredA), "%s %s recovered: got %s, want %s", what, id, g.RecoveredA, w.RecoveredA)
				}
			}
		})
	}
}

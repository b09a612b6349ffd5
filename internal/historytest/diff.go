package historytest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/history"
)

// DiffBatches is the oracle of a diff's sample: the changes
// history.DiffBatch gives, by key, over recs cut as history.Diff cuts
// them (batches of batch records, a new one where the fiscal year
// changes). DiffBatch decides with the explanations (Decide), which Diff
// renders only for the changes its sample takes.
func DiffBatches(t testing.TB, v1, v2 *history.Program, recs []*history.Record, batch int) map[history.Key]*history.Change {
	t.Helper()
	want := map[history.Key]*history.Change{}
	var b []*history.Record
	flush := func() {
		cs, err := history.DiffBatch(v1, v2, b)
		require.NoError(t, err)
		for _, c := range cs {
			want[c.Key] = c
		}
		b = nil
	}
	for _, r := range recs {
		if len(b) == batch || len(b) > 0 && b[0].Project.FiscalYear != r.Project.FiscalYear {
			flush()
		}
		b = append(b, r)
	}
	flush()
	return want
}

// SampleAsDecided fails t unless every change of sample is want's change
// of its key (DiffBatches): the same kinds, deltas, rules and both sides'
// decisions, ex-ante reasons and results application's explanation
// included. It returns how many sides carry ex-ante reasons and how many
// an explained results application, so that a caller can check the
// comparison covered explanations at all.
func SampleAsDecided(t testing.TB, name string, sample []*history.Change, want map[history.Key]*history.Change) (reasons, explained int) {
	t.Helper()
	for _, c := range sample {
		w := want[c.Key]
		require.NotNil(t, w, "%s: %v sampled but not changed", name, c.Key)
		require.Equal(t, w, c, "%s: %v", name, c.Key)
		for _, d := range []*history.Decisions{c.A, c.B} {
			if d.ExAnte != nil && len(d.ExAnte.Reasons) > 0 {
				reasons++
			}
			if d.NextYear != nil && d.NextYear.Explanation.ZH != "" {
				explained++
			}
		}
	}
	return reasons, explained
}

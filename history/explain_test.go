package history_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/history"
)

// TestDiffSampleAsDecided: Diff decides both sides without explanations
// and renders them only for the changes its sample takes. Each sampled
// change must be the one DiffBatch gives, which decides with the
// explanations (Decide), over the same batches: the same kinds, deltas,
// rules and both sides' decisions, ex-ante reasons and results
// application's explanation included. The batches are Diff's: 64
// records, cut where the fiscal year changes.
func TestDiffSampleAsDecided(t *testing.T) {
	b := loadBundle(t)
	v1, v2 := b.Program(t, "policy_v1.json"), b.Program(t, "policy_v2.json")
	var recs []*history.Record
	for r, err := range history.ReadFile(records()) {
		require.NoError(t, err)
		recs = append(recs, r)
	}
	want := map[history.Key]*history.Change{}
	var batch []*history.Record
	flush := func() {
		cs, err := history.DiffBatch(v1, v2, batch)
		require.NoError(t, err)
		for _, c := range cs {
			want[c.Key] = c
		}
		batch = nil
	}
	for _, r := range recs {
		if len(batch) == 64 || len(batch) > 0 && batch[0].Project.FiscalYear != r.Project.FiscalYear {
			flush()
		}
		batch = append(batch, r)
	}
	flush()
	rep, err := history.Diff(context.Background(), v1, v2, history.Slice(recs), history.StreamOptions{Sample: 200, Batch: 64, Workers: 2})
	require.NoError(t, err)
	require.Len(t, rep.Sample, min(200, len(want)))
	reasons, explained := 0, 0
	for _, c := range rep.Sample {
		w := want[c.Key]
		require.NotNil(t, w, "%v sampled but not changed", c.Key)
		assert.Equal(t, w, c, "%v", c.Key)
		for _, d := range []*history.Decisions{c.A, c.B} {
			if d.ExAnte != nil && len(d.ExAnte.Reasons) > 0 {
				reasons++
			}
			if d.NextYear != nil && d.NextYear.Explanation.ZH != "" {
				explained++
			}
		}
	}
	// The explanations are there to compare: the test can fail.
	assert.Positive(t, reasons)
	assert.Positive(t, explained)
}

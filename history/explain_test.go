package history_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/internal/historytest"
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
	want := historytest.DiffBatches(t, v1, v2, recs, 64)
	rep, err := history.Diff(context.Background(), v1, v2, history.Slice(recs), history.StreamOptions{Sample: 200, Batch: 64, Workers: 2})
	require.NoError(t, err)
	require.Len(t, rep.Sample, min(200, len(want)))
	reasons, explained := historytest.SampleAsDecided(t, "sample 200", rep.Sample, want)
	// The explanations are there to compare: the test can fail.
	assert.Positive(t, reasons)
	assert.Positive(t, explained)
}

package synth_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/internal/historytest"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/tools/gen/history/synth"
)

// TestDiffSampleAsDecidedGenerated: Diff keeps, beside each change its
// sample takes, the facts to explain it, and renders the explanations
// only for the changes still in the sample at the end of the run. Over a
// generated history of three fiscal years, every sampled change must be
// the one DiffBatch gives over the same batches, which explains every
// change as it decides it (Decide): the same kinds, deltas, rules and
// both sides' decisions, ex-ante reasons and results application's
// explanation included; for samples from one change to more than the
// history changes, with one and two workers and two batch sizes.
func TestDiffSampleAsDecidedGenerated(t *testing.T) {
	bd := loadBundle(t)
	v1, v2 := bd.Program(t, "policy_v1.json"), bd.Program(t, "policy_v2.json")
	var units []string
	for _, nd := range bd.Org.Nodes() {
		if nd.Kind == performance.NodeUnit {
			units = append(units, nd.ID)
		}
	}
	cfg := synth.Config{Seed: 11, Years: []int{2022, 2023, 2024}, Projects: 1500, Units: units}
	var recs []*history.Record
	for r := range cfg.Records() {
		recs = append(recs, r)
	}
	for _, batchSize := range []int{64, 29} {
		// Diff's batches: batchSize records, cut where the fiscal year changes.
		want := historytest.DiffBatches(t, v1, v2, recs, batchSize)
		for _, sample := range []int{1, 7, 60, 400, len(want) + 10} {
			for _, workers := range []int{1, 2} {
				name := fmt.Sprintf("batch %d sample %d workers %d", batchSize, sample, workers)
				rep, err := history.Diff(context.Background(), v1, v2, history.Slice(recs),
					history.StreamOptions{Sample: sample, Batch: batchSize, Workers: workers})
				require.NoError(t, err, name)
				require.Len(t, rep.Sample, min(sample, len(want)), name)
				reasons, explained := historytest.SampleAsDecided(t, name, rep.Sample, want)
				// The explanations are there to compare: the test can fail.
				if sample >= 60 {
					assert.Positive(t, reasons, name)
					assert.Positive(t, explained, name)
				}
			}
		}
	}
}

package history_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/history"
)

// TestDiffSharesOnlyEqualDates: Diff builds a batch's monitoring inputs
// once for both programs when they check on the same dates. Against a
// program checking on 30 June instead, the shared inputs must not be
// reused: the alert changes Diff counts must be those of the records
// decided one program at a time (Decide) and compared (Compare).
func TestDiffSharesOnlyEqualDates(t *testing.T) {
	b := loadBundle(t)
	a := b.Program(t, "policy_v1.json")
	june := a.WithDates(history.Dates{Check: history.MonthDay{Month: time.June, Day: 30}})
	var recs []*history.Record
	for r, err := range history.ReadFile(records()) {
		require.NoError(t, err)
		recs = append(recs, r)
		if len(recs) == 600 {
			break
		}
	}
	want := map[history.ChangeKind]int{}
	changed := 0
	year := recs[0].Project.FiscalYear
	var batch []*history.Record
	flush := func() {
		da, errA := a.Decide(batch)
		db, errB := june.Decide(batch)
		require.NoError(t, errA)
		require.NoError(t, errB)
		for i, r := range batch {
			if c := history.Compare(r, da[i], db[i]); c != nil {
				changed++
				for _, k := range c.Kinds {
					want[k]++
				}
			}
		}
		batch = batch[:0]
	}
	for _, r := range recs {
		if r.Project.FiscalYear != year {
			flush()
			year = r.Project.FiscalYear
		}
		batch = append(batch, r)
	}
	flush()
	rep, err := history.Diff(context.Background(), a, june, history.Slice(recs), history.StreamOptions{})
	require.NoError(t, err)
	assert.Equal(t, changed, rep.Changed)
	for _, kc := range rep.Counts {
		assert.Equal(t, want[kc.Kind], kc.Count, kc.Kind.String())
	}
	// The dates matter, so the test can fail: June's check alerts differently.
	assert.Positive(t, want[history.ChangeAlert])
	// The same program on both sides changes nothing.
	same, err := history.Diff(context.Background(), a, a, history.Slice(recs), history.StreamOptions{})
	require.NoError(t, err)
	assert.Zero(t, same.Changed)
}

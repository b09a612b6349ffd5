package history_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation/exante"
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

// TestDiffSharedScoresSameReport: Diff combines a batch's expert scores
// once when both programs keep the same scoring sheet (exante.ScoreShare).
// Over the generated bundled history, as read and with every third scored
// record's sheets rescored (and one broken sheet, an error), the report
// must be byte for byte (as JSON) the one of a Diff whose programs
// combine their own: v1 against v2 (same sheet, shared), against a v2
// taking the mean or weighing an item half (other sheets, not shared: a
// score above the half is an error), with one and two workers and two
// batch sizes.
func TestDiffSharedScoresSameReport(t *testing.T) {
	b := loadBundle(t)
	v1, v2 := b.Program(t, "policy_v1.json"), b.Program(t, "policy_v2.json")
	data, err := os.ReadFile(filepath.Join(dir, "policy_v2.json"))
	require.NoError(t, err)
	p, err := history.ParsePolicy(data)
	require.NoError(t, err)
	p.ExAnte.Criteria.Method = exante.CombineMean
	mean, err := history.Compile(p, b.Org, b.Standards)
	require.NoError(t, err)
	p.ExAnte.Criteria.Method = exante.CombineTrimmedMean
	p.ExAnte.Criteria.Sheet, p.ExAnte.Criteria.Items = "", exante.ThreeEItems()
	p.ExAnte.Criteria.Items[0].Weight = p.ExAnte.Criteria.Items[0].Weight.Div(decimal.NewFromInt(2))
	halved, err := history.Compile(p, b.Org, b.Standards)
	require.NoError(t, err)

	var recs, rescored []*history.Record
	scored := 0
	for r, err := range history.ReadFile(records()) {
		require.NoError(t, err)
		recs = append(recs, r)
		c := *r
		if len(r.Experts) > 0 {
			if scored%3 == 0 {
				c.Experts = make([]exante.Expert, len(r.Experts))
				for e, x := range r.Experts {
					c.Experts[e] = exante.Expert{ID: x.ID, Scores: slices.Clone(x.Scores)}
					s := &c.Experts[e].Scores[(scored+e)%len(x.Scores)]
					s.Score = s.Score.Mul(decimal.New(int64(70+(scored*7+e*13)%31), -2)).Round(2)
				}
			}
			if scored == 100 {
				c.Experts = []exante.Expert{{ID: "broken"}}
			}
			scored++
		}
		rescored = append(rescored, &c)
	}
	require.Positive(t, scored)
	for _, h := range []struct {
		name string
		recs []*history.Record
	}{{"bundled", recs}, {"rescored", rescored}} {
		for _, pair := range []struct {
			name string
			a, b *history.Program
		}{{"v1-v2", v1, v2}, {"v1-mean", v1, mean}, {"v1-halved", v1, halved}} {
			for _, o := range []history.StreamOptions{{Workers: 1, Sample: 50}, {Workers: 2, Batch: 17, Sample: 50}} {
				ctx := context.Background()
				got, gerr := history.Diff(ctx, pair.a, pair.b, history.Slice(h.recs), o)
				want, werr := history.DiffUnshared(ctx, pair.a, pair.b, history.Slice(h.recs), o)
				name := fmt.Sprintf("%s %s workers %d batch %d", h.name, pair.name, o.Workers, o.Batch)
				switch { // which errors two workers meet first varies
				case werr == nil:
					require.NoError(t, gerr, name)
				case o.Workers == 1:
					require.EqualError(t, gerr, werr.Error(), name)
				default:
					require.Error(t, gerr, name)
				}
				require.NotNil(t, want, name)
				gj, err := json.Marshal(got)
				require.NoError(t, err)
				wj, err := json.Marshal(want)
				require.NoError(t, err)
				require.Equal(t, string(wj), string(gj), name)
				if h.name == "rescored" {
					require.Positive(t, want.Errors, name)
				}
			}
		}
	}
}

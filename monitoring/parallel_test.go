package monitoring_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// randomPart is a stream of records with every kind of trouble: sub-fen and
// huge amounts, long IDs, classifications, missing IDs and dates, dates
// outside the year or after the cut-off, and errors from the source.
func randomPart(seed uint64, n int) []struct {
	r   monitoring.Record
	err error
} {
	rng := rand.New(rand.NewPCG(seed, 99))
	out := make([]struct {
		r   monitoring.Record
		err error
	}, n)
	for i := range out {
		id := fmt.Sprintf("P%d", rng.IntN(300))
		if rng.IntN(4) == 0 {
			id = "a-long-project-code-beyond-sixteen-bytes-" + id
		}
		r := monitoring.Record{ProjectID: id, Date: day(2021, 1, 1).AddDate(0, 0, rng.IntN(365)),
			Amount:         decimal.New(rng.Int64N(2e7)-1e6, -int32(rng.IntN(4))),
			Classification: []string{"", "30201", "31002"}[rng.IntN(3)]}
		switch rng.IntN(40) {
		case 0:
			r.ProjectID = ""
		case 1:
			r.Date = time.Time{}
		case 2:
			r.Date = day(2022, 1, 3)
		case 3:
			out[i].err = errors.New("source broke")
		case 4:
			r.Amount = decimal.New(9e18, 0) // far beyond int64 fen
		}
		out[i].r = r
	}
	return out
}

func seqOf(recs []struct {
	r   monitoring.Record
	err error
}) iter.Seq2[monitoring.Record, error] {
	return func(yield func(monitoring.Record, error) bool) {
		for _, x := range recs {
			if !yield(x.r, x.err) {
				return
			}
		}
	}
}

// TestAggregateParallelEqualsSerial: the sharded aggregation of several
// streams gives the sums, counts and problems of aggregating them one
// after another (each stream's problems in its own positions).
func TestAggregateParallelEqualsSerial(t *testing.T) {
	asOf := day(2021, 10, 15) // later records are skipped and counted
	for _, nparts := range []int{0, 1, 2, 3} {
		t.Run(fmt.Sprintf("parts=%d", nparts), func(t *testing.T) {
			var parts []iter.Seq2[monitoring.Record, error]
			var all []struct {
				r   monitoring.Record
				err error
			}
			var wantProblems performance.Problems
			for p := range nparts {
				recs := randomPart(uint64(p+1), 5000) // several batches of 1024 per owner
				parts = append(parts, seqOf(recs))
				all = append(all, recs...)
				one, _ := monitoring.Aggregate(context.Background(), 2021, asOf, seqOf(recs))
				wantProblems = append(wantProblems, one.Problems()...)
			}
			want, _ := monitoring.Aggregate(context.Background(), 2021, asOf, seqOf(all))
			got, err := monitoring.AggregateParallel(context.Background(), 2021, asOf, parts...)
			require.NotNil(t, got)
			if nparts > 0 {
				var ps performance.Problems
				require.ErrorAs(t, err, &ps)
			}
			ws, wl, wr := want.Stats()
			gs, gl, gr := got.Stats()
			assert.Equal(t, [3]int64{ws, wl, wr}, [3]int64{gs, gl, gr}, "summed, later, rejected")
			if nparts > 0 {
				require.Positive(t, ws)
				require.Positive(t, wl)
				require.Positive(t, wr)
			}
			assert.Equal(t, wantProblems[:min(len(wantProblems), 100)], got.Problems())
			require.Equal(t, want.Projects(), got.Projects())
			for _, id := range want.Projects() {
				for m := time.January; m <= time.December; m++ {
					a, b := want.ExecutedThrough(id, m), got.ExecutedThrough(id, m)
					require.True(t, a.Equal(b), "%s %v: serial %s parallel %s", id, m, a, b)
				}
			}
			wc, gc := want.Classifications(), got.Classifications()
			keys := slices.Sorted(func(yield func(string) bool) {
				for k := range wc {
					if !yield(k) {
						return
					}
				}
			})
			require.Len(t, gc, len(wc))
			for _, k := range keys {
				assert.True(t, wc[k].Equal(gc[k]), "%s: serial %s parallel %s", k, wc[k], gc[k])
			}
		})
	}
}

// TestAggregateParallelPanic: a stream that panics panics the caller, after
// the other goroutines have finished, instead of killing the program from
// a goroutine the caller cannot recover.
func TestAggregateParallelPanic(t *testing.T) {
	bad := func(yield func(monitoring.Record, error) bool) {
		yield(monitoring.Record{ProjectID: "A", Date: day(2021, 1, 1), Amount: dec("1")}, nil)
		panic("stream broke")
	}
	good := seqOf(randomPart(7, 3000))
	assert.PanicsWithValue(t, "stream broke", func() {
		_, _ = monitoring.AggregateParallel(context.Background(), 2021, day(2021, 12, 31), good, bad)
	})
	_, err := monitoring.AggregateParallel(context.Background(), 2022, day(2021, 12, 31), good, good)
	assert.ErrorIs(t, err, monitoring.ErrAsOf)
}

package monitoring_test

import (
	"context"
	"errors"
	"fmt"
	"github.com/jixiao-go/jixiao/internal/ctxtest"
	"iter"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cancellingStream yields total records of 100 yuan over 10 projects and
// cancels ctx right after its Nth record was taken (after < 0: never). It
// counts the records the consumer took (yield returned true) and those it
// took although the producer had already seen ctx cancelled before
// offering them: a consumer that stops within one record takes none.
type cancellingStream struct {
	ctx          context.Context
	cancel       context.CancelFunc
	total, after int
	taken, late  atomic.Int64
}

func (c *cancellingStream) seq() iter.Seq2[monitoring.Record, error] {
	return func(yield func(monitoring.Record, error) bool) {
		for i := range c.total {
			wasDone := c.ctx.Err() != nil
			r := monitoring.Record{ProjectID: fmt.Sprintf("P%d", i%10), Date: day(2021, time.Month(1+i%12), 1), Amount: dec("100")}
			if !yield(r, nil) {
				return
			}
			c.taken.Add(1)
			if wasDone {
				c.late.Add(1)
			}
			if i+1 == c.after {
				c.cancel()
			}
		}
	}
}

func newCancellingStream(total, after int) *cancellingStream {
	ctx, cancel := context.WithCancel(context.Background())
	return &cancellingStream{ctx: ctx, cancel: cancel, total: total, after: after}
}

// TestAggregateCancelled: a context cancelled after the Nth record stops
// the aggregation before the (N+1)th is taken; the call returns the wrapped
// context.Canceled and no ledger.
func TestAggregateCancelled(t *testing.T) {
	for _, n := range []int{1, 63, 64, 65, 1000} {
		s := newCancellingStream(5000, n)
		l, err := monitoring.Aggregate(s.ctx, 2021, day(2021, 12, 31), s.seq())
		require.Error(t, err, "after %d", n)
		assert.True(t, errors.Is(err, context.Canceled), "after %d: %v", n, err)
		assert.Nil(t, l, "after %d: a cancelled aggregation claims no ledger", n)
		// Exactly n taken: the check before each record sees the cancel
		// that followed the nth (n or n+1 is the contract).
		assert.Equal(t, int64(n), s.taken.Load(), "after %d", n)
		assert.Zero(t, s.late.Load(), "after %d", n)
	}

	// Cancelled before the first record: nothing is read.
	s := newCancellingStream(10, -1)
	s.cancel()
	l, err := monitoring.Aggregate(s.ctx, 2021, day(2021, 12, 31), s.seq())
	require.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, l)
	assert.Zero(t, s.taken.Load())

	// A deadline is reported as such.
	ctx, cancel := context.WithTimeout(context.Background(), 0)
	defer cancel()
	<-ctx.Done()
	_, err = monitoring.Aggregate(ctx, 2021, day(2021, 12, 31), seq(rec("A", day(2021, 1, 5), "1")))
	require.ErrorIs(t, err, context.DeadlineExceeded)

	// The stream ends as the context is cancelled (its producer saw the
	// cancellation): the records are all taken, yet the ledger may be of
	// part of the year, so none is returned.
	s = newCancellingStream(100, 100)
	l, err = monitoring.Aggregate(s.ctx, 2021, day(2021, 12, 31), s.seq())
	require.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, l)
}

// TestAggregateCancellableSameLedger: a context that could be cancelled but
// is not gives the ledger of an uncancellable one. 5000 records of 100 yuan
// over 10 projects: 500 each, 50,000 yuan per project.
func TestAggregateCancellableSameLedger(t *testing.T) {
	s := newCancellingStream(5000, -1)
	defer s.cancel()
	l, err := monitoring.Aggregate(s.ctx, 2021, day(2021, 12, 31), s.seq())
	require.NoError(t, err)
	summed, _, _ := l.Stats()
	assert.Equal(t, int64(5000), summed)
	for p := range 10 {
		assert.Equal(t, "50000", l.Executed(fmt.Sprintf("P%d", p)).String())
	}
}

// TestAggregateParallelCancelled: cancelled after the Nth record of the
// first stream, every reader stops within one record: no record offered
// after its producer saw the cancellation is taken, and the call returns
// the wrapped context.Canceled and no ledger.
func TestAggregateParallelCancelled(t *testing.T) {
	for _, n := range []int{1, 500, 3000} {
		ctx, cancel := context.WithCancel(context.Background())
		first := &cancellingStream{ctx: ctx, cancel: cancel, total: 200_000, after: n}
		other := &cancellingStream{ctx: ctx, cancel: cancel, total: 200_000, after: -1}
		l, err := monitoring.AggregateParallel(ctx, 2021, day(2021, 12, 31), first.seq(), other.seq())
		cancel()
		require.ErrorIs(t, err, context.Canceled, "after %d", n)
		assert.Nil(t, l, "after %d", n)
		assert.Equal(t, int64(n), first.taken.Load(), "after %d", n)
		assert.Zero(t, first.late.Load(), "after %d", n)
		assert.Zero(t, other.late.Load(), "after %d", n)
	}
}

// TestCheckContextCancelled: CheckContext checks the context before each
// project and stops at the first check that sees it cancelled, with no
// report and the wrapped context.Canceled; not cancelled, it reports what
// Check does.
func TestCheckContextCancelled(t *testing.T) {
	const n = 300
	d := newBenchData(n, 20*n)
	asOf := day(2021, 12, 31)
	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), nil, d.budgets, nil)
	require.NoError(t, err)
	l, err := monitoring.Aggregate(context.Background(), 2021, asOf, d.records(0, 20*n))
	require.NoError(t, err)
	want, err := m.Check(asOf, l, monitoring.State{})
	require.NoError(t, err)

	full := ctxtest.After(1 << 40)
	got, err := m.CheckContext(full, asOf, l, monitoring.State{})
	require.NoError(t, err)
	assert.Equal(t, want, got)
	require.Equal(t, int64(n), full.Calls(), "one check per project")

	for _, after := range []int64{0, 1, 150, n - 1} {
		c := ctxtest.After(after)
		rep, err := m.CheckContext(c, asOf, l, monitoring.State{})
		require.Error(t, err, "after %d", after)
		assert.True(t, errors.Is(err, context.Canceled), "after %d: %v", after, err)
		assert.Nil(t, rep, "after %d: no report of part of the projects", after)
		assert.Equal(t, after+1, c.Calls(), "after %d", after)
	}
}

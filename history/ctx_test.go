package history_test

import (
	"context"
	"errors"
	"github.com/jixiao-go/jixiao/internal/ctxtest"
	"iter"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/history"
)

// cancelling yields recs and cancels ctx right after the consumer took the
// nth; taken counts the records taken.
func cancelling(recs []*history.Record, n int, cancel context.CancelFunc, taken *atomic.Int64) iter.Seq2[*history.Record, error] {
	return func(yield func(*history.Record, error) bool) {
		for i, r := range recs {
			if !yield(r, nil) {
				return
			}
			taken.Add(1)
			if i+1 == n {
				cancel()
			}
		}
	}
}

// run is one of the three long calls, its report reduced to "is there one".
type run func(ctx context.Context, recs iter.Seq2[*history.Record, error], o history.StreamOptions) (bool, error)

func runs(t *testing.T) map[string]run {
	b := loadBundle(t)
	v1, v2 := b.Program(t, "policy_v1.json"), b.Program(t, "policy_v2.json")
	return map[string]run{
		"replay": func(ctx context.Context, recs iter.Seq2[*history.Record, error], o history.StreamOptions) (bool, error) {
			s, err := history.Replay(ctx, v1, recs, o)
			return s != nil, err
		},
		"diff": func(ctx context.Context, recs iter.Seq2[*history.Record, error], o history.StreamOptions) (bool, error) {
			r, err := history.Diff(ctx, v1, v2, recs, o)
			return r != nil, err
		},
		"verify": func(ctx context.Context, recs iter.Seq2[*history.Record, error], o history.StreamOptions) (bool, error) {
			v, err := history.Verify(ctx, []*history.Program{v1, v2}, recs, o)
			return v != nil, err
		},
	}
}

// TestCancelledWhileReading: a context cancelled after the Nth record is
// taken stops reading before the (N+1)th, whatever the workers and batch;
// the call returns the wrapped context.Canceled and no report (nothing of
// part of the history is presented as complete).
func TestCancelledWhileReading(t *testing.T) {
	recs := bundled(t, 300)
	for name, f := range runs(t) {
		for _, o := range []history.StreamOptions{{}, {Workers: 2, Batch: 7}} {
			for _, n := range []int{1, 7, 150} {
				ctx, cancel := context.WithCancel(context.Background())
				var taken atomic.Int64
				ok, err := f(ctx, cancelling(recs, n, cancel, &taken), o)
				cancel()
				require.Error(t, err, "%s %+v after %d", name, o, n)
				assert.True(t, errors.Is(err, context.Canceled), "%s %+v after %d: %v", name, o, n, err)
				assert.False(t, ok, "%s %+v after %d: a report of part of the history", name, o, n)
				assert.Equal(t, int64(n), taken.Load(), "%s %+v after %d", name, o, n)
			}
		}
	}
}

// TestCancelledWhileDeciding: the workers check the context before each
// record they decide, and stop at the first check that sees it cancelled.
// Uncancelled, a run over 300 records checks at least twice per record (the
// reader, then at least the grading stage, which every policy has); a
// cancellation at any check of the run is followed by at most a constant
// number of checks (the guards of the stages left and of the stream), not
// by the hundreds of records left.
func TestCancelledWhileDeciding(t *testing.T) {
	recs := bundled(t, 300)
	for name, f := range runs(t) {
		for _, o := range []history.StreamOptions{{Batch: 100}, {Workers: 2, Batch: 50}} {
			full := ctxtest.After(1 << 40)
			ok, err := f(full, history.Slice(recs), o)
			require.NoError(t, err, "%s %+v", name, o)
			require.True(t, ok)
			total := full.Calls()
			require.GreaterOrEqual(t, total, int64(2*len(recs)), "%s %+v: checks per record", name, o)
			for _, after := range []int64{1, 50, 301, total / 2, total * 3 / 4, total - 2} {
				c := ctxtest.After(after)
				ok, err := f(c, history.Slice(recs), o)
				require.ErrorIs(t, err, context.Canceled, "%s %+v after %d of %d checks", name, o, after, total)
				assert.False(t, ok, "%s %+v after %d", name, o, after)
				extra := c.Calls() - after
				assert.LessOrEqual(t, extra, int64(16*max(o.Workers, 1)), "%s %+v after %d of %d checks", name, o, after, total)
			}
		}
	}
}

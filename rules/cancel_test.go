package rules_test

import (
	"context"
	"fmt"
	"iter"
	"sync/atomic"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/rules"
)

// cancelProgram compiles a rule that calls tick(Quantity) for every
// environment and outputs Quantity; tick counts the evaluations, and those
// that begin after the cancellation, and cancels the context when it sees
// the quantity at.
func cancelProgram(t *testing.T, at int) (p *rules.Program[project], ctx context.Context, calls, late *atomic.Int64) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	calls, late = new(atomic.Int64), new(atomic.Int64)
	tick := func(q int) bool {
		calls.Add(1)
		if ctx.Err() != nil {
			late.Add(1)
		}
		if q == at {
			cancel()
		}
		return true
	}
	p = compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{one("R", "tick(Quantity)", out("q", rules.TypeNumber, "Quantity"))}},
		rules.WithFunction("tick", tick))
	return p, ctx, calls, late
}

func seqOf(n int) iter.Seq[*project] {
	return func(yield func(*project) bool) {
		for i := range n {
			e := sample()
			e.Quantity = i
			if !yield(&e) {
				return
			}
		}
	}
}

// checkStopped ranges over seq and checks that it yields environments 0,
// 1, … in order, then one error wrapping context.Canceled, last; it returns
// the number of results.
func checkStopped(t *testing.T, seq iter.Seq2[rules.Result, error], onResult func(n int)) int {
	t.Helper()
	n, stopped := 0, false
	for res, err := range seq {
		require.False(t, stopped, "nothing after the cancellation error")
		if err != nil {
			require.ErrorIs(t, err, context.Canceled)
			stopped = true
			continue
		}
		v, ok := res.Fired[0].Output("q")
		require.True(t, ok)
		require.True(t, v.Decimal().Equal(decimal.NewFromInt(int64(n))), "result %d in input order: got %s", n, v)
		n++
		onResult(n)
	}
	require.True(t, stopped, "the cancellation is reported")
	return n
}

// TestEvalSeqCancelledByConsumer cancels the context after the Nth result
// has been received: EvalSeq yields N or N+1 results, then the wrapped
// context.Canceled, for every worker count, on either side of a chunk
// boundary (64 environments a worker).
func TestEvalSeqCancelledByConsumer(t *testing.T) {
	for _, workers := range []int{1, 2, 4} {
		for _, n := range []int{0, 1, 5, 63, 64, 65, 127, 128, 129} {
			t.Run(fmt.Sprintf("workers=%d/N=%d", workers, n), func(t *testing.T) {
				p, _, _, _ := cancelProgram(t, -1)
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				if n == 0 {
					cancel()
				}
				got := checkStopped(t, p.EvalSeq(ctx, seqOf(1000), workers, rules.EvalOptions{}), func(k int) {
					if k == n {
						cancel()
					}
				})
				assert.Contains(t, []int{n, n + 1}, got, "results before the error")
			})
		}
	}
}

// TestEvalSeqCancelledWhileEvaluating cancels the context while the
// environment of index N is being evaluated, like a deadline expiring. With
// one worker, EvalSeq evaluates no environment after it (the regression:
// it used to finish a chunk of 64) and yields N+1 results; with more, no
// environment begins after the cancellation but those the other workers
// had already taken (other workers may have run ahead before it), and
// every result evaluated in a row from the start is delivered.
func TestEvalSeqCancelledWhileEvaluating(t *testing.T) {
	for _, workers := range []int{1, 2, 4} {
		for _, n := range []int{0, 5, 63, 64, 130} {
			t.Run(fmt.Sprintf("workers=%d/N=%d", workers, n), func(t *testing.T) {
				p, ctx, calls, late := cancelProgram(t, n)
				got := checkStopped(t, p.EvalSeq(ctx, seqOf(1000), workers, rules.EvalOptions{}), func(int) {})
				evaluated := int(calls.Load())
				if workers == 1 {
					assert.Equal(t, n+1, evaluated, "environments evaluated")
					assert.Equal(t, n+1, got, "results")
					return
				}
				assert.LessOrEqual(t, int(late.Load()), workers-1, "environments begun after the cancellation")
				assert.GreaterOrEqual(t, got, n+1, "results evaluated before the cancellation are delivered")
				assert.LessOrEqual(t, got, evaluated)
			})
		}
	}
}

// TestEvalAllCancelledWhileEvaluating is the same for EvalAll: the
// environments evaluated keep their results, the rest are zero, and
// unless every environment was evaluated the error wraps context.Canceled.
func TestEvalAllCancelledWhileEvaluating(t *testing.T) {
	envs := make([]project, 500)
	for i := range envs {
		envs[i] = sample()
		envs[i].Quantity = i
	}
	for _, workers := range []int{1, 2, 4} {
		for _, n := range []int{0, 5, 130} {
			t.Run(fmt.Sprintf("workers=%d/N=%d", workers, n), func(t *testing.T) {
				p, ctx, calls, late := cancelProgram(t, n)
				res, err := p.EvalAll(ctx, envs, workers, rules.EvalOptions{})
				evaluated := int(calls.Load())
				if evaluated < len(envs) { // other workers may have finished the rest first
					require.ErrorIs(t, err, context.Canceled)
				}
				if workers == 1 {
					assert.Equal(t, n+1, evaluated, "environments evaluated")
				}
				assert.LessOrEqual(t, int(late.Load()), workers-1, "environments begun after the cancellation")
				kept := 0
				for i, r := range res {
					if r.SetID == "" {
						continue
					}
					kept++
					v, _ := r.Fired[0].Output("q")
					require.True(t, v.Decimal().Equal(decimal.NewFromInt(int64(i))), "result %d: got %s", i, v)
				}
				assert.Equal(t, evaluated, kept, "every evaluated environment keeps its result")
				for i := range n + 1 {
					assert.NotEmpty(t, res[i].SetID, "environment %d, evaluated before the cancellation", i)
				}
			})
		}
	}
}

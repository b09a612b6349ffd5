// Package batch is the stages' one pool for running a per-item function
// over an iterator with a fixed number of goroutines: items are taken in
// chunks of workers × 64, each chunk is cut into one contiguous run per
// worker, and the results come back in input order. Memory holds one chunk,
// whatever the number of items.
package batch

import (
	"context"
	"iter"
	"sync"
)

// ChunkPerWorker is how many items a chunk holds per worker: enough to
// amortise the goroutines' start, small enough that a slow consumer holds
// back little work.
const ChunkPerWorker = 64

// Seq applies work to every item of items with workers goroutines (at least
// one) and yields each result with its error in input order. Each
// goroutine gets its own state from newState, made once per worker and per
// ranging of the returned iterator, and kept across chunks; work receives
// it with the item's index in items. Each goroutine checks ctx before every
// item: once ctx is cancelled Seq yields the zero Out with stopped(n,
// ctx.Err()) once, n the results yielded so far, and stops. It stops too
// when the consumer does. Items must not change until their result has been
// yielded.
func Seq[In, Out, S any](ctx context.Context, items iter.Seq[In], workers int, newState func() S,
	work func(state S, index int, in In) (Out, error), stopped func(n int, err error) error) iter.Seq2[Out, error] {
	return func(yield func(Out, error) bool) {
		workers = max(workers, 1)
		states := make([]S, workers)
		for w := range states {
			states[w] = newState()
		}
		size := workers * ChunkPerWorker
		chunk := make([]In, 0, size)
		outs := make([]Out, size)
		errs := make([]error, size)
		base := 0
		flush := func() bool {
			n := len(chunk)
			per := (n + workers - 1) / workers
			var wg sync.WaitGroup
			for w := 0; w*per < n; w++ {
				lo, hi := w*per, min((w+1)*per, n)
				wg.Go(func() {
					for i := lo; i < hi; i++ {
						if ctx.Err() != nil {
							return
						}
						outs[i], errs[i] = work(states[w], base+i, chunk[i])
					}
				})
			}
			wg.Wait()
			for i := range n {
				if ctx.Err() != nil {
					var zero Out
					yield(zero, stopped(base+i, ctx.Err()))
					return false
				}
				if !yield(outs[i], errs[i]) {
					return false
				}
			}
			base += n
			chunk = chunk[:0]
			return true
		}
		for in := range items {
			chunk = append(chunk, in)
			if len(chunk) == cap(chunk) && !flush() {
				return
			}
		}
		if len(chunk) > 0 {
			flush()
		}
	}
}

package rules

import (
	"context"
	"fmt"
	"iter"
	"sync"
	"sync/atomic"
)

// EvalSeq evaluates the environments of envs as they come, with workers
// goroutines (1 or less: in the calling goroutine, one environment at a
// time), and yields each result with its Eval error in input order. With
// more workers, environments are taken in chunks of workers × 64, so a slow
// consumer holds back at most one chunk. The context is checked before each
// environment is evaluated and before each result is yielded: when ctx is
// cancelled EvalSeq yields the results of the environments already
// evaluated in a row from the start of the chunk (none for a consumer that
// cancelled), then a zero Result with an error wrapping ctx's error, once,
// and stops. The environments must not be modified until their result has
// been yielded.
func (p *Program[E]) EvalSeq(ctx context.Context, envs iter.Seq[*E], workers int, o EvalOptions) iter.Seq2[Result, error] {
	stop := func(yield func(Result, error) bool, err error) {
		yield(Result{}, fmt.Errorf("rules: batch stopped: %w", err))
	}
	if workers <= 1 {
		return func(yield func(Result, error) bool) {
			for e := range envs {
				if err := ctx.Err(); err != nil {
					stop(yield, err)
					return
				}
				if !yield(p.Eval(e, o)) {
					return
				}
			}
		}
	}
	return func(yield func(Result, error) bool) {
		chunk := make([]*E, 0, workers*64)
		res := make([]Result, workers*64)
		errs := make([]error, workers*64)
		done := make([]bool, workers*64)
		flush := func() bool {
			if err := ctx.Err(); err != nil {
				stop(yield, err)
				return false
			}
			n := len(chunk)
			clear(done[:n])
			var next atomic.Int64
			var wg sync.WaitGroup
			for range min(workers, n) {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for ctx.Err() == nil {
						i := int(next.Add(1) - 1)
						if i >= n {
							return
						}
						res[i], errs[i] = p.Eval(chunk[i], o)
						done[i] = true
					}
				}()
			}
			wg.Wait()
			// cancelled while evaluating: deliver what was evaluated in a
			// row, then stop; otherwise stop as soon as the consumer cancels
			evaluating := ctx.Err() != nil
			for i := range n {
				if evaluating && !done[i] || !evaluating && ctx.Err() != nil {
					stop(yield, ctx.Err())
					return false
				}
				if !yield(res[i], errs[i]) {
					return false
				}
			}
			if evaluating {
				stop(yield, ctx.Err())
				return false
			}
			chunk = chunk[:0]
			return true
		}
		for e := range envs {
			chunk = append(chunk, e)
			if len(chunk) == cap(chunk) && !flush() {
				return
			}
		}
		if len(chunk) > 0 {
			flush()
		}
	}
}

// BatchError is the error of one environment of a batch, by its index.
type BatchError struct {
	Index int
	Err   error
}

// Error names the environment's index in the batch and the problem.
func (e *BatchError) Error() string { return fmt.Sprintf("rules: environment %d: %v", e.Index, e.Err) }

// Unwrap returns the underlying error.
func (e *BatchError) Unwrap() error { return e.Err }

// EvalAll evaluates every environment of envs with workers goroutines
// (1 or less: in the calling goroutine) and returns the results in input
// order. An environment whose Eval returns an error (such as ErrNotUnique)
// still has its result; its error is returned as a *BatchError among the
// joined errors, and the other environments are unaffected. When ctx is
// cancelled, environments not yet started are left with a zero Result and
// ctx's error is among the returned errors.
func (p *Program[E]) EvalAll(ctx context.Context, envs []E, workers int, o EvalOptions) ([]Result, error) {
	res := make([]Result, len(envs))
	errs := make([]error, len(envs))
	var done atomic.Int64
	work := func(i int) {
		var err error
		res[i], err = p.Eval(&envs[i], o)
		if err != nil {
			errs[i] = &BatchError{Index: i, Err: err}
		}
		done.Add(1)
	}
	if workers <= 1 {
		for i := range envs {
			if ctx.Err() != nil {
				break
			}
			work(i)
		}
	} else {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range min(workers, max(len(envs), 1)) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					i := int(next.Add(1) - 1)
					if i >= len(envs) {
						return
					}
					work(i)
				}
			}()
		}
		wg.Wait()
	}
	var out []error
	if err := ctx.Err(); err != nil && int(done.Load()) < len(envs) {
		out = append(out, fmt.Errorf("rules: batch stopped after %d of %d environments: %w", done.Load(), len(envs), err))
	}
	for _, e := range errs {
		if e != nil {
			out = append(out, e)
		}
	}
	return res, joinErrs(out)
}

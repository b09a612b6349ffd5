package batch

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
)

func count(n int) func(func(int) bool) {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

// TestSeqOrderAndStates: every item once, results in input order with
// their index, whatever the number of workers and of chunks; one state per
// worker.
func TestSeqOrderAndStates(t *testing.T) {
	for _, workers := range []int{0, 1, 3} {
		for _, n := range []int{0, 1, 63, 64, 65, 1000} {
			var states atomic.Int64
			var got []int
			for v, err := range Seq(context.Background(), count(n), workers, func() *int { states.Add(1); return new(int) },
				func(s *int, i, in int) (int, error) {
					*s++
					if in%7 == 3 {
						return -1, fmt.Errorf("item %d at %d", in, i)
					}
					return in * 2, nil
				}, func(int, error) error { return nil }) {
				if err != nil {
					if v != -1 || err.Error() != fmt.Sprintf("item %d at %d", len(got), len(got)) {
						t.Fatalf("workers %d n %d: item %d: %d, %v", workers, n, len(got), v, err)
					}
					got = append(got, len(got))
					continue
				}
				got = append(got, v/2)
			}
			if !slices.Equal(got, slices.Collect(count(n))) {
				t.Fatalf("workers %d n %d: got %v", workers, n, got)
			}
			if want := int64(max(workers, 1)); states.Load() != want {
				t.Fatalf("workers %d: %d states, want %d", workers, states.Load(), want)
			}
		}
	}
}

// TestSeqCancelled: a consumer that cancels after 5 results gets the
// stopped error next, with the count, and nothing after it.
func TestSeqCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop := errors.New("stopped")
	n, tail := 0, 0
	for _, err := range Seq(ctx, count(1000), 2, func() struct{} { return struct{}{} },
		func(_ struct{}, _, in int) (int, error) { return in, nil },
		func(k int, err error) error { return fmt.Errorf("%w after %d: %w", stop, k, err) }) {
		if err != nil {
			if !errors.Is(err, context.Canceled) || !errors.Is(err, stop) || err.Error() != "stopped after 5: context canceled" {
				t.Fatalf("error %v", err)
			}
			tail++
			continue
		}
		if n++; n == 5 {
			cancel()
		}
	}
	if n != 5 || tail != 1 {
		t.Fatalf("%d results, %d errors", n, tail)
	}
}

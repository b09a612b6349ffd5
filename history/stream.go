package history

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync"
)

// StreamOptions control a streaming run over a history (Diff, Replay, Verify).
// The zero value runs in the calling goroutine, in batches of 256 records,
// keeps a sample of 20 changed cases and the first 100 errors.
type StreamOptions struct {
	// Workers is the number of goroutines deciding batches; 1 or less runs
	// everything in the calling goroutine. On a 2-core machine pass 2.
	Workers int
	// Batch is the most records decided together (default 256). Records of
	// one fiscal year must be contiguous; a batch never spans two years.
	Batch int
	// Sample is how many changed cases a Diff report keeps (default 20;
	// negative keeps none). The cases kept are those with the smallest
	// hash of (SampleSeed, project ID, year), so the sample does not depend
	// on record order, batching or workers.
	Sample     int
	SampleSeed uint64
	// MaxErrors is how many record errors are kept (default 100); the
	// report counts all of them.
	MaxErrors int
}

func (o StreamOptions) batch() int {
	if o.Batch <= 0 {
		return 256
	}
	return o.Batch
}

func (o StreamOptions) sample() int {
	switch {
	case o.Sample < 0:
		return 0
	case o.Sample == 0:
		return 20
	}
	return o.Sample
}

func (o StreamOptions) maxErrors() int {
	if o.MaxErrors <= 0 {
		return 100
	}
	return o.MaxErrors
}

// errList keeps the first max errors and counts all.
type errList struct {
	max  int
	n    int
	errs []error
}

func (l *errList) add(err error) {
	if err == nil {
		return
	}
	var leaves []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		leaves = j.Unwrap()
	} else {
		leaves = []error{err}
	}
	for _, e := range leaves {
		l.n++
		if len(l.errs) < l.max {
			l.errs = append(l.errs, e)
		}
	}
}

func (l *errList) merge(o *errList) {
	l.n += o.n
	for _, e := range o.errs {
		if len(l.errs) < l.max {
			l.errs = append(l.errs, e)
		}
	}
}

func (l *errList) err() error {
	if l.n == 0 {
		return nil
	}
	errs := l.errs
	if l.n > len(l.errs) {
		errs = append(errs[:len(errs):len(errs)], fmt.Errorf("history: %d more errors", l.n-len(l.errs)))
	}
	return errors.Join(errs...)
}

// stream cuts recs into batches of one fiscal year and hands them to work,
// in the calling goroutine or on o.Workers goroutines (worker index w). It
// returns the record errors of the stream (those wrapping ErrRecord) and,
// when the stream yielded any other error, that error as fatal: reading
// stopped there, and the caller must not report totals. Memory holds at
// most Workers + 1 batches at a time.
//
// stream checks ctx before it takes each record, and work is expected to
// check it before each record it decides (Program.decide does) and to
// drop a batch it did not finish. Once ctx is cancelled no batch is handed
// out any more; stream waits for the workers and returns, as fatal, ctx's
// error wrapped: a cancelled run reports no totals either.
func stream(ctx context.Context, recs iter.Seq2[*Record, error], o StreamOptions, work func(w int, batch []*Record)) (read *errList, fatal error) {
	read = &errList{max: o.maxErrors()}
	size := o.batch()
	workers := max(o.Workers, 1)
	var (
		ch chan []*Record
		wg sync.WaitGroup
	)
	if workers > 1 {
		ch = make(chan []*Record, workers)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for b := range ch {
					if ctx.Err() == nil {
						work(w, b) // else drain: the reader must not block
					}
				}
			}()
		}
	}
	emit := func(b []*Record) {
		if len(b) == 0 {
			return
		}
		if ch != nil {
			ch <- b
		} else {
			work(0, b)
		}
	}
	batch := make([]*Record, 0, size)
	var taken int
	for r, err := range recs {
		if ctx.Err() != nil {
			break
		}
		taken++
		if err != nil {
			if errors.Is(err, ErrRead) || !errors.Is(err, ErrRecord) {
				fatal = fmt.Errorf("history: reading stopped, no report: %w", err)
				break
			}
			read.add(err)
			continue
		}
		if r == nil {
			continue
		}
		if len(batch) == size || (len(batch) > 0 && batch[0].Project.FiscalYear != r.Project.FiscalYear) {
			emit(batch)
			if ch != nil {
				batch = make([]*Record, 0, size)
			} else {
				batch = batch[:0]
			}
		}
		batch = append(batch, r)
	}
	if fatal == nil && ctx.Err() == nil {
		emit(batch)
	}
	if ch != nil {
		close(ch)
		wg.Wait()
	}
	if fatal == nil && ctx.Err() != nil {
		fatal = fmt.Errorf("history: stopped after %d records read, no report: %w", taken, ctx.Err())
	}
	return read, fatal
}

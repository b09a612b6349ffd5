package monitoring

import (
	"context"
	"fmt"
	"sync"
)

// lookAhead is how many projects' accounts a check looks up at once: their
// index words are all loaded, then their entries, before any is compared,
// so that the cache misses overlap (see [idTable.lookup]).
const lookAhead = 32

// rangeOut is one worker's part of a check: the outcomes of a contiguous
// run of projects, lo up to hi. Every project has a streak; only those
// with problems, triggers fired or actions keep the rest of their outcome.
type rangeOut struct {
	lo, hi  int
	done    int            // projects checked, lo onwards (hi − lo unless stopped)
	streaks []Streak       // of projects lo+k
	extras  [][]projectOut // in chunks of extraChunk, never copied as they grow
	at      []int          // project index of each extra, increasing
	sink    uint32         // see idTable.lookup
	err     error          // ctx's, when it stopped the run
	found   int            // projects with an account in the ledger
	acts    []Action       // the current block of the extras' actions
	nActs   int            // actions of the extras
}

// extraChunk is how many outcomes a chunk of rangeOut.extras holds: a
// million projects' outcomes of 104 bytes appended to one slice were
// copied twice over as it grew.
const extraChunk = 1024

// extra returns the k-th outcome kept.
func (ro *rangeOut) extra(k int) *projectOut { return &ro.extras[k/extraChunk][k%extraChunk] }

// keep keeps project i's outcome.
func (ro *rangeOut) keep(i int, o projectOut) {
	if n := len(ro.extras); n == 0 || len(ro.extras[n-1]) == extraChunk {
		ro.extras = append(ro.extras, make([]projectOut, 0, extraChunk))
	}
	last := &ro.extras[len(ro.extras)-1]
	*last = append(*last, o)
	ro.at = append(ro.at, i)
}

// arena returns a copy of acts in ro's current block of actions: the
// actions of a million projects, each in a slice of its own, were a million
// allocations.
func (ro *rangeOut) arena(acts []Action) []Action {
	if len(ro.acts)+len(acts) > cap(ro.acts) {
		ro.acts = make([]Action, 0, max(extraChunk, len(acts)))
	}
	k := len(ro.acts)
	ro.acts = append(ro.acts, acts...)
	ro.nActs += len(acts)
	return ro.acts[k:len(ro.acts):len(ro.acts)]
}

// checkRanges checks every budget on workers goroutines (at least one),
// each a contiguous run of about len(m.budgets)/workers projects, and
// returns the runs in project order. A single worker runs on the
// caller's goroutine. Each worker checks ctx before each project and stops at the
// first check that sees it cancelled; the error then counts the projects
// checked in order from the first.
func (m *Monitor) checkRanges(ctx context.Context, c *projectCheck, workers int) ([]rangeOut, error) {
	n := len(m.budgets)
	workers = max(1, min(workers, n))
	runs := make([]rangeOut, workers)
	per := (n + workers - 1) / workers
	for w := range runs {
		lo := min(w*per, n)
		runs[w] = rangeOut{lo: lo, hi: min(lo+per, n)}
	}
	if workers == 1 {
		m.checkRange(ctx, c, &runs[0])
	} else {
		var wg sync.WaitGroup
		for w := range runs {
			wg.Go(func() { m.checkRange(ctx, c, &runs[w]) })
		}
		wg.Wait()
	}
	for _, ro := range runs {
		if ro.err == nil {
			continue
		}
		checked := 0
		for _, ro := range runs {
			checked += ro.done
			if ro.done < ro.hi-ro.lo {
				break
			}
		}
		return nil, fmt.Errorf("monitoring: check stopped after %d of %d projects, no report: %w", checked, n, ro.err)
	}
	return runs, nil
}

// checkRange checks the projects of ro, lookAhead at a time.
func (m *Monitor) checkRange(ctx context.Context, c *projectCheck, ro *rangeOut) {
	ro.streaks = make([]Streak, ro.hi-ro.lo)
	sc := new(ruleScratch)
	var (
		ids   [lookAhead]string
		hs    [lookAhead]uint64
		slots [lookAhead]*idSlot
	)
	for lo := ro.lo; lo < ro.hi; lo += lookAhead {
		hi := min(lo+lookAhead, ro.hi)
		for i := lo; i < hi; i++ {
			ids[i-lo] = m.budgets[i].ProjectID
		}
		ro.sink += c.l.index.lookup(ids[:hi-lo], c.l.ids, hs[:hi-lo], slots[:hi-lo])
		for i := lo; i < hi; i++ {
			if err := ctx.Err(); err != nil {
				ro.err = err
				return
			}
			var acc *account
			if s := slots[i-lo]; s != nil {
				acc = &s.acc
				ro.found++
			}
			o := m.checkProject(c, sc, i, acc)
			if len(o.actions) > 0 {
				sc.acts = o.actions[:0] // kept for the next project, grown or not
				o.actions = ro.arena(o.actions)
			} else {
				o.actions = nil
			}
			ro.streaks[i-ro.lo] = o.streak
			if len(o.problems) > 0 || len(o.fired) > 0 || len(o.actions) > 0 {
				ro.keep(i, o)
			}
			ro.done++
		}
	}
}

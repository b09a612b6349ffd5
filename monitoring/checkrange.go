package monitoring

import (
	"context"
	"fmt"
	"sync"

	"github.com/jixiao-go/jixiao/performance"
)

// lookAhead is how many projects' accounts a check looks up at once: their
// index words are all loaded, then their entries, before any is compared,
// so that the cache misses overlap (see [idTable.lookup]).
const lookAhead = 32

// rangeOut is one worker's part of a check: the outcomes of a contiguous
// run of projects, lo up to hi. Every project has a streak; the problems,
// the triggers fired and the actions of the run are kept in project order,
// each in one list for the run (an outcome per project, a million of them
// of 104 bytes, was 110 MB written once and read once).
type rangeOut struct {
	lo, hi   int
	done     int                  // projects checked, lo onwards (hi − lo unless stopped)
	streaks  []Streak             // of projects lo+k
	problems performance.Problems // of the run's projects, in project order
	fired    []firedOut           // of the run's projects with triggers fired this year
	blocks   [][]Action           // the run's actions, in project order, in full blocks
	acts     []Action             // the current block, after blocks
	nActs    int                  // actions of the run
	sink     uint32               // see idTable.lookup
	err      error                // ctx's, when it stopped the run
	found    int                  // projects with an account in the ledger
}

// firedOut is a project's triggers fired this year, after a check.
type firedOut struct {
	id    string
	fired []string
}

// actBlock is how many actions a block of rangeOut holds at least.
const actBlock = 1024

// actBlockSpare is the room the current block must have left to be the
// next project's scratch (see scratch): more than most projects issue.
const actBlockSpare = 16

// scratch returns the storage for the next project's actions: the free
// end of the current block when it has room, so that keeping them copies
// nothing, else sc (the worker's own scratch, copied by keep).
func (ro *rangeOut) scratch(sc []Action) []Action {
	if cap(ro.acts)-len(ro.acts) >= actBlockSpare {
		return ro.acts[len(ro.acts):len(ro.acts)]
	}
	return sc[:0]
}

// keep keeps a project's outcome: its problems, triggers fired and
// actions (written in place when they are the free end of the current
// block, given by scratch; copied otherwise). own is the worker's
// scratch; keep returns the one for the next project: own, or the
// actions' array when they grew past the scratch given into one of
// their own (never the block's).
func (ro *rangeOut) keep(o projectOut, own []Action) []Action {
	ro.problems = append(ro.problems, o.problems...)
	if len(o.fired) > 0 {
		ro.fired = append(ro.fired, firedOut{id: o.id, fired: o.fired})
	}
	if len(o.actions) == 0 {
		return own
	}
	if inBlock(ro.acts, o.actions) {
		// Already in place: the project appended to the block's free end.
		ro.acts = ro.acts[:len(ro.acts)+len(o.actions)]
		ro.nActs += len(o.actions)
		return own
	}
	if cap(o.actions) > cap(own) {
		own = o.actions[:0]
	}
	// The actions of a million projects, each in a slice of its own, were
	// a million allocations; appended to one slice, copied twice over as
	// it grew. Blocks are neither.
	if len(ro.acts)+len(o.actions) > cap(ro.acts) {
		if len(ro.acts) > 0 {
			ro.blocks = append(ro.blocks, ro.acts)
		}
		ro.acts = make([]Action, 0, max(actBlock, len(o.actions)))
	}
	ro.acts = append(ro.acts, o.actions...)
	ro.nActs += len(o.actions)
	return own
}

// actions calls yield with each block of the run's actions, in order.
func (ro *rangeOut) actions(yield func([]Action)) {
	for _, b := range ro.blocks {
		yield(b)
	}
	if len(ro.acts) > 0 {
		yield(ro.acts)
	}
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
			own := sc.acts
			sc.acts = ro.scratch(own)
			o := m.checkProject(c, sc, i, acc)
			ro.streaks[i-ro.lo] = o.streak
			sc.acts = ro.keep(o, own)
			ro.done++
		}
	}
}

// inBlock reports whether acts are not empty and begin at the free end
// of the block b (then they were appended there in place, as far as they
// reach, since an append beyond b's capacity moves them elsewhere).
func inBlock(b, acts []Action) bool {
	n := len(b)
	return len(acts) > 0 && cap(b) > n && &b[:n+1][n] == &acts[0]
}

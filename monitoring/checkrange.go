package monitoring

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
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
	blocks   [][]actRef           // the run's actions, in project order, in full blocks
	acts     []actRef             // the current block, after blocks
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

// actRef is a project's action as a run keeps it until the report is put
// together: what [Monitor.action] does not take from the project's status
// and the check's date. 40 bytes against an Action's 112: a million
// projects' actions were kept whole and then copied into the report, 160
// MB twice.
type actRef struct {
	i      int32 // the project's index in the budgets and statuses (a Monitor of 2³¹ budgets would hold > 200 GB)
	kind   ActionKind
	reason string
	amount decimal.Decimal
}

// actBlock is how many actions a block of rangeOut holds at most: the
// first holds as many as the run has projects (a replay checks batches of
// a few hundred), each next one twice the last.
const actBlock = 1024

// keep keeps the outcome of project i: its problems, triggers fired and
// actions.
func (ro *rangeOut) keep(o projectOut, i int) {
	ro.problems = append(ro.problems, o.problems...)
	if len(o.fired) > 0 {
		ro.fired = append(ro.fired, firedOut{id: o.id, fired: o.fired})
	}
	// The actions of a million projects, each in a slice of its own, were
	// a million allocations; appended to one slice, copied twice over as
	// it grew. Blocks are neither.
	for _, a := range o.actions {
		if len(ro.acts) == cap(ro.acts) {
			if len(ro.acts) > 0 {
				ro.blocks = append(ro.blocks, ro.acts)
			}
			ro.acts = make([]actRef, 0, min(actBlock, max(16, ro.hi-ro.lo, 2*cap(ro.acts))))
		}
		ro.acts = append(ro.acts, actRef{i: int32(i), kind: a.Kind, reason: a.Reason, amount: a.Amount})
	}
	ro.nActs += len(o.actions)
}

// actions writes the run's actions, in order, to out (of length nActs):
// each is the one [Monitor.action] made for its project's status, asOf the
// check's date.
func (ro *rangeOut) actions(out []Action, statuses []Status, asOf time.Time) {
	k := 0
	put := func(b []actRef) {
		for _, a := range b {
			s := &statuses[a.i]
			out[k] = Action{Kind: a.kind, ProjectID: s.ProjectID, UnitID: s.UnitID, Date: asOf, Reason: a.reason, Amount: a.amount}
			k++
		}
	}
	for _, b := range ro.blocks {
		put(b)
	}
	put(ro.acts)
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
			ro.streaks[i-ro.lo] = o.streak
			ro.keep(o, i)
			sc.acts = o.actions[:0] // the next project's scratch, grown if it had to
			ro.done++
		}
	}
}

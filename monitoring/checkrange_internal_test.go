package monitoring

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestKeptActionsEqualActions holds the run's actions, kept as actRefs
// (keep) and written out from the projects' statuses (rangeOut.actions),
// to the plain concatenation of the actions Monitor.action made, as
// checkProject makes them: over projects issuing 0 to 40 actions of every
// kind (more than a block holds now and then), in runs whose first
// blocks are of a few to a thousand actions, with unspent balances
// positive, negative and zero (suspend, reduce, recover and reallocate
// carry it, floored at zero), each project's sorted by sortActions, in
// scratch reused from one project to the next as checkRange reuses it.
func TestKeptActionsEqualActions(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 17))
	asOf := time.Date(2021, 9, 30, 0, 0, 0, 0, time.UTC)
	var m Monitor
	for trial := range 8 {
		// Runs of 2,000 projects down to 5: first blocks of every size.
		ro := rangeOut{lo: 0, hi: []int{2000, 300, 40, 5}[trial%4]}
		statuses := make([]Status, ro.hi)
		var want, sc []Action
		for p := range statuses {
			s := &statuses[p]
			*s = Status{ProjectID: fmt.Sprintf("P%05d", p), UnitID: fmt.Sprintf("U%02d", p%7),
				Unspent: decimal.New(rng.Int64N(2001)-1000, -2)}
			n := rng.IntN(5)
			switch rng.IntN(40) {
			case 0:
				n = 16 + rng.IntN(30)
			case 1:
				n = actBlock + rng.IntN(10)
			}
			acts := sc[:0]
			for k := range n {
				acts = append(acts, m.action(ActionKind(1+(k*7)%8), s, asOf, fmt.Sprint(k)))
			}
			acts = sortActions(acts, 0)
			want = append(want, acts...)
			ro.keep(projectOut{id: s.ProjectID, actions: acts}, p)
			sc = acts[:0]
		}
		got := make([]Action, ro.nActs)
		ro.actions(got, statuses, asOf)
		require.Equal(t, len(want), ro.nActs, "trial %d: actions counted", trial)
		require.Equal(t, want, got, "trial %d", trial)
	}
}

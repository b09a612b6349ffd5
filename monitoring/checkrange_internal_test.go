package monitoring

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestKeepInPlaceEqualsCopy holds the run's actions, kept in place when a
// project writes them to the free end of the current block (scratch,
// keep) and copied otherwise, to the plain concatenation of every
// project's actions: over projects issuing 0 to 40 actions (more than
// actBlockSpare, and more than a block holds now and then), each written
// as checkRange has checkProject write them, appended one by one to the
// scratch given, then sorted in place by sortActions. The worker's own
// scratch is the one keep returns, as in checkRange; a project that wrote
// over another's kept actions would make the lists differ.
func TestKeepInPlaceEqualsCopy(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 17))
	for trial := range 8 {
		var ro rangeOut
		var own []Action
		var want []Action
		for p := range 2000 {
			n := rng.IntN(5)
			switch rng.IntN(40) {
			case 0:
				n = actBlockSpare + rng.IntN(30)
			case 1:
				n = actBlock + rng.IntN(10)
			}
			id := fmt.Sprintf("P%05d", p)
			sc := ro.scratch(own)
			acts := sc[:0]
			for k := range n {
				acts = append(acts, Action{Kind: ActionKind(1 + (k*7)%6), ProjectID: id, Reason: fmt.Sprint(k)})
			}
			acts = sortActions(acts, 0)
			want = append(want, acts...)
			own = ro.keep(projectOut{id: id, actions: acts}, own)
		}
		var got []Action
		ro.actions(func(b []Action) { got = append(got, b...) })
		require.Equal(t, len(want), ro.nActs, "trial %d: actions counted", trial)
		require.Equal(t, want, got, "trial %d", trial)
	}
}

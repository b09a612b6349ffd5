package monitoring

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/performance"
)

// TestLaggingFastEqualsPlain holds the lagging lists sorted by the compact
// keys (laggingFast: t = ⌊|dev|·2³²/bd⌋, exact on equal t) to the lists the
// plain keys give (laggingPlain: exact 128-bit products throughout), on
// random statuses built as the fast path builds them: deviations that are
// equal at different scales (k·dev / k·bd), that differ by one in a
// numerator over a huge denominator (one t for both), shortfalls that tie,
// projects not behind, and ratios beyond 2³² or off the fast path (then
// laggingFast declines and both are the plain lists), with one and two
// workers.
func TestLaggingFastEqualsPlain(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 5))
	fastRuns := 0
	for trial := range 60 {
		n := 1 + rng.IntN(3000)
		r := &Report{Projects: make([]Status, n)}
		run := &checkRun{dev: make([]int64, n), bd: make([]int64, n), fast: make([]bool, n)}
		for i := range n {
			d, b := -rng.Int64N(1e6)-1, rng.Int64N(1e6)+1
			switch rng.IntN(8) {
			case 0: // the same ratio at another scale
				k := rng.Int64N(1e6) + 1
				d, b = -3*k, 7*k
			case 1: // one apart over a denominator beyond 2³²: equal t
				b = 1<<50 + rng.Int64N(4)
				d = -(b/3 + rng.Int64N(2))
			case 2: // not behind
				d = rng.Int64N(1e6)
			case 3: // ahead of schedule by nothing
				d = 0
			}
			if trial%10 == 9 && rng.IntN(n) == 0 {
				d = -(1 << 62) // |dev|/bd beyond 2³² when bd is small
				b = 3
			}
			run.dev[i], run.bd[i], run.fast[i] = d, b, trial%10 != 8 || rng.IntN(n) != 0
			sf := rng.Int64N(50)
			if rng.IntN(3) == 0 {
				sf = -d / 100
			}
			r.Projects[i] = Status{ProjectID: fmt.Sprintf("P%05d", i),
				Deviation: performance.Ratio{Num: decimal.New(d, -2), Den: decimal.New(b, -2)}, Shortfall: decimal.New(sf, -2)}
		}
		for _, workers := range []int{1, 2} {
			plain, fast := *r, *r
			lagging(&plain, run, workers, true)
			lagging(&fast, run, workers, false)
			where := fmt.Sprintf("trial %d, %d workers", trial, workers)
			require.Equal(t, plain.LaggingByGap, fast.LaggingByGap, where)
			require.Equal(t, plain.LaggingByMoney, fast.LaggingByMoney, where)
			probe := *r
			probe.LaggingByGap, probe.LaggingByMoney = make([]string, len(plain.LaggingByGap)), make([]string, len(plain.LaggingByGap))
			if laggingFast(&probe, run, len(plain.LaggingByGap), workers) {
				fastRuns++
			}
		}
	}
	// Most trials take the compact keys, so the equality is of them.
	require.Greater(t, fastRuns, 90, "trials sorted by laggingFast")
}

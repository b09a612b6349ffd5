package evaluation

import (
	"math/rand/v2"
	"testing"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// quickValid may only say yes to projects Validate accepts. Valid projects
// with ordinary figures take the fast path; each mutation below makes one
// that Validate rejects (or, for the last ones, accepts with figures the
// fast path declines), and quickValid must never accept what Validate
// rejects.
func TestQuickValidIsSound(t *testing.T) {
	mutations := []func(p *performance.Project, rng *rand.Rand){
		func(p *performance.Project, _ *rand.Rand) { p.ID = "  " },
		func(p *performance.Project, _ *rand.Rand) { p.Name = "" },
		func(p *performance.Project, _ *rand.Rand) { p.UnitID = "\t" },
		func(p *performance.Project, _ *rand.Rand) { p.Basis = "" },
		func(p *performance.Project, _ *rand.Rand) { p.Content = " " },
		func(p *performance.Project, _ *rand.Rand) { p.FiscalYear = 0 },
		func(p *performance.Project, _ *rand.Rand) { p.FiscalYear = 2023 },
		func(p *performance.Project, _ *rand.Rand) { p.Period.End = performance.Month{} },
		func(p *performance.Project, _ *rand.Rand) {
			p.Period.Start, p.Period.End = p.Period.End, p.Period.Start
		},
		func(p *performance.Project, _ *rand.Rand) { p.TotalInvestment = p.TotalInvestment.Sub(exDec("0.01")) },
		func(p *performance.Project, _ *rand.Rand) { p.InvestedToDate = p.TotalInvestment.Add(exDec("1")) },
		func(p *performance.Project, _ *rand.Rand) { p.Amount = p.Amount.Add(exDec("0.01")) },
		func(p *performance.Project, _ *rand.Rand) { p.CostLines = nil },
		func(p *performance.Project, rng *rand.Rand) { p.CostLines[rng.IntN(len(p.CostLines))].Item = " " },
		func(p *performance.Project, rng *rand.Rand) {
			l := &p.CostLines[rng.IntN(len(p.CostLines))]
			l.Amount = l.Amount.Add(exDec("0.01"))
		},
		func(p *performance.Project, rng *rand.Rand) {
			l := &p.CostLines[rng.IntN(len(p.CostLines))]
			l.Quantity = l.Quantity.Neg()
		},
		func(p *performance.Project, rng *rand.Rand) {
			l := &p.CostLines[rng.IntN(len(p.CostLines))]
			l.UnitPrice = l.UnitPrice.Add(exDec("0.001"))
		},
		// the amount as 0.005 fen steps: rounding half up decides
		func(p *performance.Project, rng *rand.Rand) {
			l := &p.CostLines[rng.IntN(len(p.CostLines))]
			l.Quantity, l.UnitPrice = exDec("0.5"), exDec("0.01")
			l.Amount = exDec("0.00") // Validate wants 0.005 → 0.01
		},
		// valid, but with figures finer than the fast path takes
		func(p *performance.Project, rng *rand.Rand) {
			l := &p.CostLines[rng.IntN(len(p.CostLines))]
			l.Quantity = l.Quantity.Mul(exDec("1.0000000000"))
		},
		func(p *performance.Project, _ *rand.Rand) { p.Amount = p.Amount.Mul(exDec("1.000")) },
	}
	rng := rand.New(rand.NewPCG(5, 6))
	fast := 0
	for i := range 3000 {
		p := exRandomProject(rng)
		require.NoError(t, p.Validate(), "base project %d", i)
		fen := make([]int64, len(p.CostLines))
		if quickValid(&p, fen) {
			fast++
			for k, l := range p.CostLines { // each amount in fen, worked out in decimals
				require.Equal(t, l.Amount.Shift(2).IntPart(), fen[k], "project %d line %d", i, k)
			}
		}
		m := mutations[i%len(mutations)]
		m(&p, rng)
		if quickValid(&p, nil) {
			assert.NoError(t, p.Validate(), "mutation %d accepted by quickValid but not by Validate", i%len(mutations))
		}
	}
	assert.Equal(t, 3000, fast, "every ordinary valid project takes the fast path")
}

func exRandomProject(rng *rand.Rand) performance.Project {
	var lines []performance.CostLine
	for range 1 + rng.IntN(8) {
		q := decimal.New(1+rng.Int64N(5000), -int32(rng.IntN(2)))
		pr := decimal.New(1+rng.Int64N(10_000_000), -int32(rng.IntN(3)))
		lines = append(lines, performance.CostLine{Item: "x", Quantity: q, UnitPrice: pr, Amount: q.Mul(pr).Round(2)})
	}
	p := exProject("P", lines...)
	p.InvestedToDate = decimal.New(rng.Int64N(1000), 0)
	p.TotalInvestment = p.Amount.Add(p.InvestedToDate).Add(decimal.New(rng.Int64N(3), 0))
	return p
}

func TestToFen(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true}, {"1", 100, true}, {"1.5", 150, true}, {"1.50", 150, true}, {"1.500", 150, true},
		{"1.505", 0, false}, {"-2.01", -201, true}, {"10000000000000", 1_000_000_000_000_000, true},
		{"10000000000000.01", 0, false}, {"0.000000000000000000000", 0, true},
	}
	for _, tt := range tests {
		got, ok := toFen(exDec(tt.in))
		assert.Equal(t, tt.ok, ok, tt.in)
		if ok {
			assert.Equal(t, tt.want, got, tt.in)
		}
	}
	// q × p to the fen, half away from zero: 0.5 × 0.01 = 0.005 → 0.01;
	// 3 × 33.333 = 99.999 → 100.00; 0.004 × 1 → 0.00.
	for _, c := range [][3]string{{"0.5", "0.01", "1"}, {"3", "33.333", "10000"}, {"0.004", "1", "0"}} {
		got, ok := mulFen(exDec(c[0]), exDec(c[1]))
		require.True(t, ok)
		assert.Equal(t, exDec(c[2]).IntPart(), got, "%s × %s", c[0], c[1])
	}
}

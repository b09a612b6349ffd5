package performance

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fastProject is a valid project over the given lines (evaluation's
// exProject).
func fastProject(id string, lines ...CostLine) Project {
	p := Project{
		ID: id, Name: "测试项目", UnitID: "u1", FiscalYear: 2021, Kind: KindRoutine,
		Category: "培训", Basis: "文件", Content: "内容",
		Period:    Period{Start: Month{Year: 2021, Month: time.January}, End: Month{Year: 2021, Month: time.December}},
		CostLines: lines,
	}
	for _, l := range lines {
		p.Amount = p.Amount.Add(l.Amount)
	}
	p.TotalInvestment = p.Amount
	return p
}

// quickValid may only say yes to projects validate (the decimal check)
// accepts; it moved here from evaluation/gate_test.go with the check. Valid projects
// with ordinary figures take the fast path; each mutation below makes one
// that Validate rejects (or, for the last ones, accepts with figures the
// fast path declines), and quickValid must never accept what Validate
// rejects.
func TestQuickValidIsSound(t *testing.T) {
	mutations := []func(p *Project, rng *rand.Rand){
		func(p *Project, _ *rand.Rand) { p.ID = "  " },
		func(p *Project, _ *rand.Rand) { p.Name = "" },
		func(p *Project, _ *rand.Rand) { p.UnitID = "\t" },
		func(p *Project, _ *rand.Rand) { p.Basis = "" },
		func(p *Project, _ *rand.Rand) { p.Content = " " },
		func(p *Project, _ *rand.Rand) { p.FiscalYear = 0 },
		func(p *Project, _ *rand.Rand) { p.FiscalYear = 2023 },
		func(p *Project, _ *rand.Rand) { p.Period.End = Month{} },
		func(p *Project, _ *rand.Rand) {
			p.Period.Start, p.Period.End = p.Period.End, p.Period.Start
		},
		func(p *Project, _ *rand.Rand) { p.TotalInvestment = p.TotalInvestment.Sub(num("0.01")) },
		func(p *Project, _ *rand.Rand) { p.InvestedToDate = p.TotalInvestment.Add(num("1")) },
		func(p *Project, _ *rand.Rand) { p.Amount = p.Amount.Add(num("0.01")) },
		func(p *Project, _ *rand.Rand) { p.CostLines = nil },
		func(p *Project, rng *rand.Rand) { p.CostLines[rng.IntN(len(p.CostLines))].Item = " " },
		func(p *Project, rng *rand.Rand) {
			l := &p.CostLines[rng.IntN(len(p.CostLines))]
			l.Amount = l.Amount.Add(num("0.01"))
		},
		func(p *Project, rng *rand.Rand) {
			l := &p.CostLines[rng.IntN(len(p.CostLines))]
			l.Quantity = l.Quantity.Neg()
		},
		func(p *Project, rng *rand.Rand) {
			l := &p.CostLines[rng.IntN(len(p.CostLines))]
			l.UnitPrice = l.UnitPrice.Add(num("0.001"))
		},
		// the amount as 0.005 fen steps: rounding half up decides
		func(p *Project, rng *rand.Rand) {
			l := &p.CostLines[rng.IntN(len(p.CostLines))]
			l.Quantity, l.UnitPrice = num("0.5"), num("0.01")
			l.Amount = num("0.00") // Validate wants 0.005 → 0.01
		},
		// valid, but with figures finer than the fast path takes
		func(p *Project, rng *rand.Rand) {
			l := &p.CostLines[rng.IntN(len(p.CostLines))]
			l.Quantity = l.Quantity.Mul(num("1.0000000000"))
		},
		func(p *Project, _ *rand.Rand) { p.Amount = p.Amount.Mul(num("1.000")) },
	}
	rng := rand.New(rand.NewPCG(5, 6))
	fast := 0
	for i := range 3000 {
		p := exRandomProject(rng)
		require.NoError(t, p.validate(), "base project %d", i)
		fen := make([]int64, len(p.CostLines))
		if p.quickValid(fen) {
			fast++
			for k, l := range p.CostLines { // each amount in fen, worked out in decimals
				require.Equal(t, l.Amount.Shift(2).IntPart(), fen[k], "project %d line %d", i, k)
			}
		}
		ok, err := p.ValidateFen(fen)
		require.NoError(t, err, "project %d", i)
		require.True(t, ok, "project %d: ValidateFen declined what quickValid accepted", i)
		m := mutations[i%len(mutations)]
		m(&p, rng)
		if p.quickValid(nil) {
			assert.NoError(t, p.validate(), "mutation %d accepted by quickValid but not by Validate", i%len(mutations))
		}
		// Validate, fast path first, answers as the decimal check does.
		assert.Equal(t, p.validate(), p.Validate(), "mutation %d", i%len(mutations))
	}
	assert.Equal(t, 3000, fast, "every ordinary valid project takes the fast path")
}

func exRandomProject(rng *rand.Rand) Project {
	var lines []CostLine
	for range 1 + rng.IntN(8) {
		q := decimal.New(1+rng.Int64N(5000), -int32(rng.IntN(2)))
		pr := decimal.New(1+rng.Int64N(10_000_000), -int32(rng.IntN(3)))
		lines = append(lines, CostLine{Item: "x", Quantity: q, UnitPrice: pr, Amount: q.Mul(pr).Round(2)})
	}
	p := fastProject("P", lines...)
	p.InvestedToDate = decimal.New(rng.Int64N(1000), 0)
	p.TotalInvestment = p.Amount.Add(p.InvestedToDate).Add(decimal.New(rng.Int64N(3), 0))
	return p
}

// blank decides by the first rune when it can; it must always agree with
// the strings.TrimSpace test of Project.Validate.
func TestBlankEqualsTrimSpace(t *testing.T) {
	for _, s := range []string{"", " ", "\t", "\n\r", "\v\f", "\u3000", "\u3000\u3000", "\u00a0", "\u0085", " \u3000 ",
		"a", " a", "a ", "项目", " 项目", "\u3000项目", "项目\u3000", "\xff", " \xff", "\x00", "\x1c", "\u2028", "\u200b"} {
		assert.Equal(t, strings.TrimSpace(s) == "", blank(s), "%q", s)
	}
	// every rune, alone and before a space, against the first-byte shortcut
	for r := rune(0); r <= 0x10FFFF; r++ {
		for _, s := range []string{string(r), string(r) + " "} {
			if blank(s) != (strings.TrimSpace(s) == "") {
				t.Fatalf("blank(%q) = %v", s, blank(s))
			}
		}
	}
}

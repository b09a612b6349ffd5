package exante

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The int64 ledger and the decimal ledger agree on every cut.
func TestLedgerFastAgreesWithDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for round := range 500 {
		var lines []performance.CostLine
		var fen []int64 // the amounts in fen, as the gates hand them over
		for range 1 + rng.IntN(6) {
			f := rng.Int64N(10_000_000)
			lines = append(lines, performance.CostLine{Amount: decimal.New(f, -2)})
			fen = append(fen, f)
		}
		var fast, parts, slow lineLedger
		fast.reset(lines, nil, nil)
		parts.reset(lines, fen, nil)
		slow.reset(lines, nil, nil)
		require.True(t, fast.fast)
		require.True(t, parts.fast)
		require.Equal(t, fast.left, parts.left)
		slow.fast = false
		for _, l := range lines {
			slow.leftDec = append(slow.leftDec, l.Amount)
		}
		for range 10 {
			i := rng.IntN(len(lines))
			if rng.IntN(3) == 0 {
				share := decimal.New(rng.Int64N(1001), -3) // 0.000–1.000
				fast.cutShare(i, share, 0)
				parts.cutShare(i, share, 0)
				slow.cutShare(i, share, 0)
				continue
			}
			// amounts with up to 4 places, some negative, some above the line
			amt := decimal.New(rng.Int64N(20_000_000)-1_000_000, -int32(rng.IntN(5)))
			fast.cut(i, amt, 0)
			parts.cutParts(i, amt.CoefficientInt64(), amt.Exponent(), 0)
			slow.cut(i, amt, 0)
		}
		fastOut, partsOut, slowOut := cutsOf(&fast), cutsOf(&parts), cutsOf(&slow)
		require.Equal(t, len(slowOut), len(fastOut), "round %d", round)
		require.Equal(t, len(slowOut), len(partsOut), "round %d", round)
		for k := range fastOut {
			assert.True(t, fastOut[k].Amount.Equal(slowOut[k].Amount), "round %d cut %d: %s vs %s", round, k, fastOut[k].Amount, slowOut[k].Amount)
			assert.Equal(t, slowOut[k].Amount.String(), partsOut[k].Amount.String(), "round %d cut %d", round, k)
		}
		assert.True(t, parts.total().Equal(slow.total()))
		assert.True(t, fast.total().Equal(slow.total()))
		for i := range lines {
			assert.True(t, fast.remaining(i).Equal(slow.remaining(i)))
			assert.False(t, fast.remaining(i).IsNegative())
		}
	}
}

// A reduction too large for int64 fen, given as parts, is capped at its
// line like the decimal path caps it; a negative one cuts nothing.
func TestCutPartsBeyondFen(t *testing.T) {
	lines := []performance.CostLine{{Amount: exDec("1234.56")}}
	var l lineLedger
	l.reset(lines, nil, nil)
	l.cutParts(0, 1<<62, 10, 0) // ≈ 4.6 × 10^28 yuan: the whole line
	l.cutParts(0, -1<<62, 10, 0)
	out := cutsOf(&l)
	require.Len(t, out, 1)
	assert.Equal(t, "1234.56", out[0].Amount.String())
	assert.Equal(t, "1234.56", l.total().String())
}

// A line too large for int64 fen takes the decimal path end to end.
func TestAssessHugeLine(t *testing.T) {
	a := exAssessor(t, AssessOptions{})
	p := exProject("P1", exLine("培训", "一类", "20", "560", "TRAIN"), exLine("工程", "", "1", "20000000000000", ""))
	p.Category = "培训"
	as, err := a.Assess(&Submission{Round: 1, Project: p}, exGoals(t))
	require.NoError(t, err)
	require.True(t, as.Fundable, "%v", as.Gates)
	// cap cut 1,200; the unsupported line cut in full; then 10% of 10,000
	assert.Equal(t, []string{"L-STD:standard:0:1200.00", "L-UNSUP:unsupported:1:20000000000000.00", "P-CUT:policy:0:1000.00"}, exReductionsOf(as))
	assert.Equal(t, "20000000002200", as.Reduced.String())
}

func TestSameDecimal(t *testing.T) {
	for _, c := range [][2]string{{"1", "1"}, {"1.50", "1.5"}, {"1.5", "1.50"}, {"0", "0.00"}, {"-3", "3"}, {"2.01", "2.1"},
		{"123456789012345678901234", "123456789012345678901234"}, {"123456789012345678901234", "123456789012345678901235"},
		{"560", "560.00"}, {"560.00", "560"}, {"560", "560.01"}, {"-7.5", "-7.500"}, {"-7.5", "7.500"}, {"1e18", "1000000000000000000"},
		{"9.99", "999e-2"}, {"1e-20", "0.00000000000000000001"}, {"1e-20", "0"}, {"5e19", "5"}, {"999999999999999999", "999999999999999999.0"},
		{"922337203685477580.7", "92233720368547758.07"}} {
		a, b := exDec(c[0]), exDec(c[1])
		assert.Equal(t, a.Equal(b), sameDecimal(a, b), "%s vs %s", c[0], c[1])
	}
	// random pairs, many equal at different exponents
	rng := rand.New(rand.NewPCG(3, 4))
	for range 100_000 {
		a := decimal.New(rng.Int64N(2_000_000_000_000)-1_000_000_000_000, -int32(rng.IntN(6)))
		b := a.Round(int32(rng.IntN(8)))
		if rng.IntN(3) == 0 {
			b = decimal.New(b.CoefficientInt64()+rng.Int64N(3)-1, b.Exponent())
		}
		require.Equal(t, a.Equal(b), sameDecimal(a, b), "%s (%d e%d) vs %s (%d e%d)", a, a.CoefficientInt64(), a.Exponent(), b, b.CoefficientInt64(), b.Exponent())
	}
}

// cutsOf returns the reductions the ledger made, written out as an
// assessment keeps them; cuts made with the reference 0 name a template
// of the zero Reduction.
func cutsOf(l *lineLedger) []Reduction {
	if len(l.tmpls) == 0 {
		l.addTemplate(Reduction{})
	}
	out := make([]Reduction, l.len())
	l.copyOut(out)
	return out
}

// A line rule without reason outputs, with nothing explained, cuts with its
// shared template (Assessor.lineTemplates); every other cut builds its
// template from the rule that fired (RuleID, kind, reasonOf, explanation).
// Marking every line rule as giving reasons sends all cuts the second way,
// where reasonOf falls back to the rule's name and description: the
// assessments must be the same, JSON for JSON, on the benchmark's
// portfolio (standard, unsupported and duplicate cuts, cut_share cuts).
func TestLineTemplatesAgreeWithFiredRules(t *testing.T) {
	pol, stds, subs, trees := exBenchPortfolio(t, 400)
	a, err := NewAssessor(pol, stds, AssessOptions{})
	require.NoError(t, err)
	plain := *a
	plain.lineRules = slices.Clone(a.lineRules)
	for i := range plain.lineRules {
		plain.lineRules[i].hasReason = true
	}
	got, err := a.AssessAll(subs, trees)
	require.NoError(t, err)
	want, err := plain.AssessAll(subs, trees)
	require.NoError(t, err)
	require.Equal(t, len(want), len(got))
	cuts := 0
	for i := range got {
		require.Equal(t, mustJSON(t, want[i]), mustJSON(t, got[i]), "submission %d", i)
		cuts += len(got[i].Reductions)
	}
	require.Greater(t, cuts, len(got), "the portfolio makes line cuts")
}

// A cut of a whole line shares the line's amount when that has exponent
// -2, and a single cut's amount is the total: both must be what the ledger
// builds otherwise, decimal.New(fen, -2), in value and in exponent. Lines
// of exponent 0 and -1 (whole fen too) are cut whole as well, and must
// still give exponent -2.
func TestLedgerSharedAmountsAreBuiltOnes(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	shared := 0
	for round := range 400 {
		var lines []performance.CostLine
		for range 1 + rng.IntN(5) {
			e := -int32(rng.IntN(3)) // 0, -1 or -2
			lines = append(lines, performance.CostLine{Amount: decimal.New(1+rng.Int64N(1_000_000), e)})
		}
		var l lineLedger
		l.reset(lines, nil, nil)
		require.True(t, l.fast)
		for range rng.IntN(4) {
			i := rng.IntN(len(lines))
			if rng.IntN(2) == 0 {
				l.cut(i, lines[i].Amount, 0) // the whole line, if nothing was cut from it
			} else {
				l.cut(i, decimal.New(rng.Int64N(lines[i].Amount.CoefficientInt64()+1), lines[i].Amount.Exponent()-1), 0)
			}
		}
		out := cutsOf(&l)
		for k, c := range l.cuts {
			want := decimal.New(c.fen, -2)
			if c.fen == l.fen[c.line] && lines[c.line].Amount.Exponent() == -2 {
				shared++
			}
			require.Equal(t, want.String(), out[k].Amount.String(), "round %d cut %d", round, k)
			require.Equal(t, want.Exponent(), out[k].Amount.Exponent(), "round %d cut %d", round, k)
		}
		got, want := l.totalOf(out), l.total()
		require.Equal(t, want.String(), got.String(), "round %d total", round)
		require.Equal(t, want.Exponent(), got.Exponent(), "round %d total", round)
	}
	require.Greater(t, shared, 50, "whole lines of exponent -2 are cut")

	// and they are shared, not built: no allocation
	lines := []performance.CostLine{{Amount: exDec("1234.56")}}
	var l lineLedger
	l.reset(lines, nil, nil)
	l.cut(0, lines[0].Amount, 0)
	out := cutsOf(&l)
	allocs := testing.AllocsPerRun(100, func() {
		l.copyOut(out)
		_ = l.totalOf(out)
	})
	assert.Zero(t, allocs, "a whole line's cut and its total are the line's amount")
}

// Reduced and Approved are decimal.New(fen, -2) of the cuts' sum and of
// Submitted less it, as before they were shared (a single cut's amount, a
// Submitted nothing was cut from), on the benchmark's portfolio, which has
// projects of no cut, of one and of many.
func TestReducedApprovedAreBuiltOnes(t *testing.T) {
	pol, stds, subs, trees := exBenchPortfolio(t, 2000)
	for i := range subs {
		p := &subs[i].Project
		if i%25 != 1 {
			continue
		}
		// nothing to cut: no standards, specified, not a training project
		p.Category = "运维"
		for k := range p.CostLines {
			p.CostLines[k].StandardID, p.CostLines[k].Specification = "", "规格"
		}
		if i%50 == 1 { // the amount as its shortest text reads: exponent 0 or -1 when it ends in zeros
			p.Amount = decimal.RequireFromString(p.Amount.String())
			p.TotalInvestment = p.Amount
		}
	}
	a, err := NewAssessor(pol, stds, AssessOptions{})
	require.NoError(t, err)
	got, err := a.AssessAll(subs, trees)
	require.NoError(t, err)
	byCuts := map[int]int{}
	otherExp := 0 // projects of no cut whose amount has another exponent than -2
	for i, as := range got {
		if !as.Fundable || as.Verdict == Reject {
			continue
		}
		var sum decimal.Decimal
		for _, r := range as.Reductions {
			sum = sum.Add(r.Amount)
		}
		sub, ok := exact.Fen(as.Submitted)
		require.True(t, ok)
		red, _ := exact.Fen(sum)
		wantRed, wantApp := decimal.New(red, -2), decimal.New(sub-red, -2)
		require.Equal(t, wantRed.String(), as.Reduced.String(), "submission %d", i)
		require.Equal(t, wantRed.Exponent(), as.Reduced.Exponent(), "submission %d", i)
		require.Equal(t, wantApp.String(), as.Approved.String(), "submission %d", i)
		require.Equal(t, wantApp.Exponent(), as.Approved.Exponent(), "submission %d", i)
		byCuts[min(len(as.Reductions), 2)]++
		if len(as.Reductions) == 0 && as.Submitted.Exponent() != -2 {
			otherExp++
		}
	}
	for n := range 3 {
		require.Positive(t, byCuts[n], "projects of %d cuts (2: more): %v", n, byCuts)
	}
	require.Positive(t, otherExp, "projects of no cut and an amount of exponent 0 or -1")
}

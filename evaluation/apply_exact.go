package evaluation

import (
	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/rules"
)

// Results application's arithmetic: unspent money,
// amounts rounded to the fen, changes, the sums of departments and regions
// and the carry-over cut's floor and caps. Each computes on
// internal/exact's int64 kernel where its figures fit and falls back to
// shopspring/decimal where they do not; both paths give the same decimal,
// coefficient and exponent alike (the sums: the same value, so the same
// JSON), which TestApplyArithmeticEqualsDecimal checks over generated
// figures, overflowing ones included. Differences, sums and rounding to
// the fen are the kernel's decimal shortcuts (exact.SubDecimal,
// exact.AddDecimal, exact.RoundDecimal; unspent money is
// performance.Execution.Unspent on them); this file holds what is
// results application's own. The fast path saves the big.Int
// allocations of every operation on every project of a history replay:
// BenchmarkApply (a replay's batch) went from 23.4 to 9.1 allocations and
// from 3.2–4.8 to 1.8–2.6 CPU-µs per project (2 Dec 2026, a loaded
// machine); BenchmarkReplay in tools/gen/history/synth is the whole
// replay.

// ratePlaces is the places ProjectEnv.ExecutionRate is rounded to.
const ratePlaces = 10

// outputFen is v.Decimal().Round(2), an amount a rule gave rounded to the
// fen, read from the value's parts without making the unrounded decimal
// first.
func outputFen(v rules.Value) decimal.Decimal {
	if c, e, ok := v.Parts(); ok {
		if d, ok := fenParts(c, e); ok {
			return d
		}
	}
	return exact.RoundDecimal(v.Decimal(), 2)
}

// fenParts is decimal.New(c, e).Round(2), or false when c × 10^e is out
// of exact.RoundFenParts's range.
func fenParts(c int64, e int32) (decimal.Decimal, bool) {
	if e == -2 {
		return decimal.New(c, -2), true
	}
	f, ok := exact.RoundFenParts(c, e)
	if !ok {
		return decimal.Decimal{}, false
	}
	return decimal.New(f, -2), true
}

// capCut is decimal.Max(decimal.Min(cut, amount), decimal.Zero): a cut
// never takes the department's project budget below zero. Like Min and
// Max it returns cut on a tie, and decimal.Zero itself below zero.
func capCut(cut, amount decimal.Decimal) decimal.Decimal {
	if exact.CmpDecimal(amount, cut) < 0 {
		cut = amount
	}
	if cut.Sign() < 0 {
		return decimal.Zero
	}
	return cut
}

// belowFloor reports whether cut is below growth × floor rounded half away
// from zero to the fen (cut.LessThan(growth.Mul(floor).Round(2))).
func belowFloor(cut, growth, floor decimal.Decimal) bool {
	if g, ok := exact.FromDecimal(growth); ok {
		if f, ok := exact.FromDecimal(floor); ok {
			if least, ok := exact.MulDiv(g, f, exact.Fixed{C: 1}, 2); ok {
				return exact.CmpDecimal(cut, decimal.New(least, -2)) < 0
			}
		}
	}
	return cut.LessThan(growth.Mul(floor).Round(2))
}

// sums are a department's project figures summed on the exact kernel
// while they are added, project by project; value sets them on the
// department's Adjustment.
type sums struct {
	adj                          *Adjustment
	requested, amount, recovered exact.Sum
}

// addProject adds a project's consequence.
func (s *sums) addProject(c *Consequence) {
	s.requested.Add(c.Requested)
	s.amount.Add(c.Amount)
	s.recovered.Add(c.Recovered)
}

// value sets the sums on the Adjustment: the values decimal additions from
// zero give (their exponents may differ, never their values or text).
func (s *sums) value() {
	s.adj.Requested, s.adj.Amount, s.adj.Recovered = s.requested.Value(), s.amount.Value(), s.recovered.Value()
}

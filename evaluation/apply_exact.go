package evaluation

import (
	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/rules"
)

// Results application's arithmetic: unspent money,
// amounts rounded to the fen, changes, the sums of departments and regions
// and the carry-over cut's floor and caps. Each function computes on
// internal/exact's int64 kernel where its figures fit and falls back to
// shopspring/decimal where they do not; both paths give the same decimal,
// coefficient and exponent alike (the sums: the same value, so the same
// JSON), which TestApplyArithmeticEqualsDecimal checks over generated
// figures, overflowing ones included. The fast path saves the big.Int
// allocations of every operation on every project of a history replay:
// BenchmarkApply (a replay's batch) went from 23.4 to 9.1 allocations and
// from 3.2–4.8 to 1.8–2.6 CPU-µs per project (2 Dec 2026, a loaded
// machine); BenchmarkReplay in tools/gen/history/synth is the whole
// replay.

// ratePlaces is the places ProjectEnv.ExecutionRate is rounded to.
const ratePlaces = 10

// sub is a.Sub(b). Taking a zero whose exponent is not below a's gives a
// itself, allocating nothing (Sub would allocate the same value).
func sub(a, b decimal.Decimal) decimal.Decimal {
	if x, ok := exact.Parts(a); ok {
		if y, ok := exact.Parts(b); ok {
			if y.C == 0 && y.E >= x.E {
				return a
			}
			if d, ok := exact.Sub(x, y); ok {
				return d.Decimal()
			}
		}
	}
	return a.Sub(b)
}

// add is a.Add(b). Adding a zero whose exponent is not below the other
// term's gives that term itself, allocating nothing.
func add(a, b decimal.Decimal) decimal.Decimal {
	if x, ok := exact.Parts(a); ok {
		if y, ok := exact.Parts(b); ok {
			switch {
			case y.C == 0 && y.E >= x.E:
				return a
			case x.C == 0 && x.E >= y.E:
				return b
			}
			if d, ok := exact.Add(x, y); ok {
				return d.Decimal()
			}
		}
	}
	return a.Add(b)
}

// roundFen is d.Round(2): half away from zero to the fen (四舍五入到分), at
// exponent −2. A figure already at exponent −2 is d itself, as Round
// returns it.
func roundFen(d decimal.Decimal) decimal.Decimal {
	if d.Exponent() == -2 {
		return d
	}
	if f, ok := exact.RoundFen(d); ok {
		return decimal.New(f, -2)
	}
	return d.Round(2)
}

// outputFen is v.Decimal().Round(2), an amount a rule gave rounded to the
// fen, read from the value's parts without making the unrounded decimal
// first.
func outputFen(v rules.Value) decimal.Decimal {
	if c, e, ok := v.Parts(); ok {
		if d, ok := fenParts(c, e); ok {
			return d
		}
	}
	return roundFen(v.Decimal())
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

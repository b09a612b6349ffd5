package intern

import "github.com/shopspring/decimal"

// Scaled bounds: a table keeps the multiples k × Step for
// |k| < ScaledPages × ScaledPageLen (16,384), in pages allocated as first
// used.
const (
	ScaledPageLen = 256
	ScaledPages   = 64
)

// Scaled interns decimals c × 10^exp by their coefficient, for figures
// computed in integers that repeat by the tens of thousands: rounded to two
// places a combined expert score, a self-evaluation's execution score or
// total is one of the 10,001 values 0.00–100.00, a deviation one of their
// differences, and experts' totals are mostly whole or half points. An
// interned value is one *big.Int shared by every decimal that has it; one
// built anew costs two allocations.
//
// Multiples c = k × Step for |k| < [ScaledPages] × [ScaledPageLen] are kept,
// zero and negatives included, in pages of [ScaledPageLen] allocated as
// they are first used (at most 2 × 64 pages, about 520 KB with their
// big.Ints); others are built each time. A table serves one exponent, the
// first it is asked for: values of another exponent are built each time,
// so a caller alternating exponents costs allocations, never memory.
//
// The zero value (Step 0) interns nothing: every [Scaled.Get] builds. A
// Scaled is not safe for concurrent use: give each worker its own.
//
// Two stages use it, each per batch worker, as their benchmarks justify:
//   - the ex-ante assessment interns its combined scores (Step 1) and expert
//     totals (Step 100, whole hundredths of the 0.0001 grid), as
//     BenchmarkAssess (evaluation/exante/exante_bench_test.go) does: 22
//     allocations fewer per scored project (27 Nov 2026, BENCHMARKS.md
//     "Third pass"); an Assessor keeps its tables from one batch to the
//     next (a replay's batches of 256: BenchmarkReplay, 3 Dec 2026);
//   - SelfBatch interns its execution scores, totals and deviation sizes
//     (Step 1), as BenchmarkSelfBatch (evaluation/selfeval_bench_test.go)
//     does: with its deviations cut from slabs, 9.18 → 0.20 allocations and
//     542 → 366 B per form (2 Dec 2026).
type Scaled struct {
	// Step is the coefficient step of the values kept; zero or negative
	// keeps none.
	Step     int64
	exp      int32
	set      bool
	pos, neg [ScaledPages]*[ScaledPageLen]decimal.Decimal
	filled   int
}

// Get returns c × 10^exp, equal in value and exponent to decimal.New(c,
// exp), interned when t keeps it.
func (t *Scaled) Get(c int64, exp int32) decimal.Decimal {
	if t.Step <= 0 || t.Step > 1 && c%t.Step != 0 {
		return decimal.New(c, exp)
	}
	if !t.set {
		t.exp, t.set = exp, true
	}
	if exp != t.exp {
		return decimal.New(c, exp)
	}
	pages, k := &t.pos, c/t.Step
	if k < 0 {
		pages, k = &t.neg, -k
	}
	if k >= ScaledPages*ScaledPageLen || k < 0 { // k < 0: c was MinInt64
		return decimal.New(c, exp)
	}
	pg := pages[k/ScaledPageLen]
	if pg == nil {
		pg = new([ScaledPageLen]decimal.Decimal)
		pages[k/ScaledPageLen] = pg
	}
	d := &pg[k%ScaledPageLen]
	// decimal.New never returns the zero Decimal (its coefficient is never
	// nil), so the zero Decimal marks an empty slot.
	if *d == (decimal.Decimal{}) {
		*d = decimal.New(c, exp)
		t.filled++
	}
	return *d
}

// Len returns the number of decimals the table holds.
func (t *Scaled) Len() int { return t.filled }

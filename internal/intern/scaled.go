package intern

import "github.com/shopspring/decimal"

// Scaled bounds: a table keeps the multiples k × Step for
// 0 < k < ScaledPages × ScaledPageLen, in pages allocated as first used.
const (
	ScaledPageLen = 256
	ScaledPages   = 64
)

// Scaled interns decimals c × 10^exp by their coefficient, for values that
// repeat by the tens of thousands: rounded to two places a combined expert
// score is one of the 10,001 values 0.00–100.00, and experts' totals are
// mostly whole or half points. An interned value is one *big.Int shared by
// every decimal that has it; one built anew costs two allocations.
//
// Positive multiples c = k × Step for 0 < k < [ScaledPages] × [ScaledPageLen]
// are kept, in pages of [ScaledPageLen] allocated as they are first used
// (at most about 260 KB with their big.Ints); others are built each time. A
// table serves one exponent: asking for another empties it.
//
// The zero value (Step 0) interns nothing: every [Scaled.Get] builds. A
// Scaled is not safe for concurrent use: give each worker its own.
//
// The ex-ante assessment interns its combined scores (Step 1) and expert
// totals (Step 100, whole hundredths of the 0.0001 grid) per batch worker,
// as BenchmarkAssess (evaluation/exante/exante_bench_test.go) justifies:
// 22 allocations fewer per scored project (27 Nov 2026, BENCHMARKS.md
// "Third pass").
type Scaled struct {
	// Step is the coefficient step of the values kept; zero or negative
	// keeps none.
	Step  int64
	exp   int32
	pages [ScaledPages]*[ScaledPageLen]decimal.Decimal
}

// Get returns c × 10^exp, interned when t keeps it.
func (t *Scaled) Get(c int64, exp int32) decimal.Decimal {
	if t.Step <= 0 || c <= 0 || t.Step > 1 && c%t.Step != 0 {
		return decimal.New(c, exp)
	}
	if exp != t.exp { // a table serves one exponent
		t.exp, t.pages = exp, [ScaledPages]*[ScaledPageLen]decimal.Decimal{}
	}
	k := c / t.Step
	if k >= ScaledPages*ScaledPageLen {
		return decimal.New(c, exp)
	}
	pg := t.pages[k/ScaledPageLen]
	if pg == nil {
		pg = new([ScaledPageLen]decimal.Decimal)
		t.pages[k/ScaledPageLen] = pg
	}
	d := &pg[k%ScaledPageLen]
	if d.IsZero() { // an empty slot: interned values are positive
		*d = decimal.New(c, exp)
	}
	return *d
}

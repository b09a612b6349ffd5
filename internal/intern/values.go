package intern

import "github.com/shopspring/decimal"

// MaxCoefficient bounds the coefficients a [Values] table keeps: those
// with |c| < MaxCoefficient, enough for scores of 0–100 points at two
// places (0.00–100.00 is 0–10,000 hundredths) and their differences.
const MaxCoefficient = 1 << 14

// valuePage is the number of decimals of one page of a Values table.
const valuePage = 256

// Values interns decimals c × 10^exp by coefficient, for results computed
// in integers (scores at two places, their totals and differences) that
// repeat through a batch: a value built anew costs two allocations, an
// interned one none, and every result that has it shares one *big.Int.
//
// A table serves one exponent, the first it is asked for; values of other
// exponents, and coefficients with |c| ≥ MaxCoefficient, are built anew
// each time. Pages of 256 decimals are allocated as they are first used,
// so a table holds at most 2 × MaxCoefficient decimals whatever the input.
// The zero value is an empty table. A table is not safe for concurrent
// use: give each goroutine its own.
type Values struct {
	exp    int32
	set    bool
	pos    [MaxCoefficient / valuePage]*[valuePage]decimal.Decimal
	neg    [MaxCoefficient / valuePage]*[valuePage]decimal.Decimal
	filled int
}

// Get returns c × 10^exp, equal in value and exponent to decimal.New(c,
// exp), interned when the table serves exp and |c| < MaxCoefficient.
func (t *Values) Get(c int64, exp int32) decimal.Decimal {
	if !t.set {
		t.exp, t.set = exp, true
	}
	if exp != t.exp || c >= MaxCoefficient || c <= -MaxCoefficient {
		return decimal.New(c, exp)
	}
	pages, k := &t.pos, c
	if c < 0 {
		pages, k = &t.neg, -c
	}
	pg := pages[k/valuePage]
	if pg == nil {
		pg = new([valuePage]decimal.Decimal)
		pages[k/valuePage] = pg
	}
	d := &pg[k%valuePage]
	// decimal.New never returns the zero Decimal (its coefficient is
	// never nil), so the zero Decimal marks an empty slot.
	if *d == (decimal.Decimal{}) {
		*d = decimal.New(c, exp)
		t.filled++
	}
	return *d
}

// Len returns the number of decimals the table holds.
func (t *Values) Len() int { return t.filled }

package intern

import "github.com/shopspring/decimal"

// Hashed bounds: a table has HashedPages pages of HashedPageLen slots
// (16,384 slots), each page allocated when first used.
const (
	HashedPageLen = 64
	HashedPages   = 256
	hashedBits    = 14 // log2(HashedPages × HashedPageLen)
)

// Hashed interns decimals c × 10^exp of any int64 coefficient, for figures
// computed in integers that repeat without keeping to a range [Scaled]
// could hold: amounts in fen, such as the reductions of an ex-ante
// assessment, where a standard's cap, a round quantity or a share of a
// common line amount give one figure to many projects. It is
// direct-mapped: each coefficient has one slot, chosen by a hash, and a
// coefficient whose slot holds another replaces it, so the table never
// holds more than its 16,384 slots (about 1.2 MB with their big.Ints when
// every page is used) and a figure met again and again keeps its slot. An
// interned value is one *big.Int shared by every decimal that has it; one
// built anew costs two allocations.
//
// A table serves one exponent, the first it is asked for: values of
// another exponent are built each time. The zero value is an empty table,
// ready to use. A Hashed is not safe for concurrent use: give each worker
// its own.
//
// The ex-ante assessment interns its reductions' amounts per batch
// worker, as BenchmarkAssess (evaluation/exante/exante_bench_test.go)
// justifies: 67% of them are found in the table there, and the parallel
// assessment went from 18.6 to 8.7 allocations and from 2,061 to 1,863
// bytes per project (2 Dec 2026).
type Hashed struct {
	exp    int32
	set    bool
	pages  [HashedPages]*[HashedPageLen]hashedSlot
	filled int
}

type hashedSlot struct {
	c int64
	d decimal.Decimal // the zero Decimal: an empty slot
}

// Get returns c × 10^exp, equal in value and exponent to decimal.New(c,
// exp), interned when exp is the table's.
func (t *Hashed) Get(c int64, exp int32) decimal.Decimal {
	if !t.set {
		t.exp, t.set = exp, true
	}
	if exp != t.exp {
		return decimal.New(c, exp)
	}
	h := (uint64(c) * 0x9E3779B97F4A7C15) >> (64 - hashedBits)
	pg := t.pages[h/HashedPageLen]
	if pg == nil {
		pg = new([HashedPageLen]hashedSlot)
		t.pages[h/HashedPageLen] = pg
	}
	s := &pg[h%HashedPageLen]
	// decimal.New never returns the zero Decimal (its coefficient is never
	// nil), so the zero Decimal marks an empty slot.
	if s.c == c && s.d != (decimal.Decimal{}) {
		return s.d
	}
	if s.d == (decimal.Decimal{}) {
		t.filled++
	}
	*s = hashedSlot{c: c, d: decimal.New(c, exp)}
	return s.d
}

// Len returns the number of decimals the table holds.
func (t *Hashed) Len() int { return t.filled }

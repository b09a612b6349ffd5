package goals

import (
	"math"
	"math/bits"

	"github.com/shopspring/decimal"
)

// This file is the exact fast path of scoring: decimals whose coefficients
// fit in an int64 are handled as (coefficient, exponent) pairs with 128-bit
// intermediate products, so that scoring a tree allocates nothing. Every
// function reports ok=false when a value does not fit; callers then fall back
// to shopspring/decimal, which gives the same results (fixed_test.go proves
// the two paths equal).

// fx is the exact value c × 10^e.
type fx struct {
	c int64
	e int32
}

// toFx converts d exactly, or reports false when its coefficient has more
// than 18 digits.
func toFx(d decimal.Decimal) (fx, bool) {
	if d.Sign() == 0 {
		return fx{}, true
	}
	if d.NumDigits() > 18 {
		return fx{}, false
	}
	return fx{c: d.CoefficientInt64(), e: d.Exponent()}, true
}

// pow10 holds 10^0 … 10^19, every power of ten that fits in a uint64.
var pow10 = [...]uint64{
	1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
}

func abs64(c int64) uint64 {
	if c < 0 {
		return -uint64(c)
	}
	return uint64(c)
}

// wide is the exact value ±(hi·2^64 + lo) × 10^e.
type wide struct {
	hi, lo uint64
	neg    bool
	e      int32
}

func (a fx) wide() wide { return wide{lo: abs64(a.c), neg: a.c < 0, e: a.e} }

// mulFx returns a × b exactly.
func mulFx(a, b fx) wide {
	hi, lo := bits.Mul64(abs64(a.c), abs64(b.c))
	return wide{hi: hi, lo: lo, neg: (a.c < 0) != (b.c < 0), e: a.e + b.e}
}

func (w wide) sign() int {
	switch {
	case w.hi == 0 && w.lo == 0:
		return 0
	case w.neg:
		return -1
	}
	return 1
}

// shift multiplies the coefficient by 10^k (0 ≤ k ≤ 19) and lowers the
// exponent by k, keeping the value; false on overflow.
func (w wide) shift(k int32) (wide, bool) {
	if k == 0 {
		return w, true
	}
	if k < 0 || k >= int32(len(pow10)) {
		return w, w.sign() == 0
	}
	p := pow10[k]
	h1, l1 := bits.Mul64(w.lo, p)
	h2, l2 := bits.Mul64(w.hi, p)
	if h2 != 0 {
		return w, false
	}
	hi, carry := bits.Add64(h1, l2, 0)
	if carry != 0 {
		return w, false
	}
	return wide{hi: hi, lo: l1, neg: w.neg, e: w.e - k}, true
}

// cmpWide compares a and b exactly (-1, 0, +1); false when aligning their
// exponents overflows.
func cmpWide(a, b wide) (int, bool) {
	sa, sb := a.sign(), b.sign()
	if sa != sb || sa == 0 {
		return cmpInt(sa, sb), true
	}
	var ok bool
	if a.e > b.e {
		if a, ok = a.shift(a.e - b.e); !ok {
			return 0, false
		}
	} else if b.e > a.e {
		if b, ok = b.shift(b.e - a.e); !ok {
			return 0, false
		}
	}
	c := 0
	switch {
	case a.hi != b.hi:
		c = cmpUint(a.hi, b.hi)
	default:
		c = cmpUint(a.lo, b.lo)
	}
	return c * sa, true
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// cmpFx compares a and b exactly.
func cmpFx(a, b fx) (int, bool) { return cmpWide(a.wide(), b.wide()) }

// mulDiv returns a × b ÷ d as a coefficient at the given number of decimal
// places, rounded half away from zero (the rounding of
// decimal.DivRound); false when an intermediate or the result does not fit.
// d must not be zero.
func mulDiv(a, b, d fx, places int32) (int64, bool) {
	n := mulFx(a, b)
	if d.c == 0 {
		return 0, false
	}
	neg := n.neg != (d.c < 0)
	den := abs64(d.c)
	// a·b ÷ d × 10^places = (n.coef ÷ d.c) × 10^(n.e − d.e + places)
	k := n.e - d.e + places
	var ok bool
	if k >= 0 {
		if n, ok = n.shift(k); !ok {
			return 0, false
		}
	} else {
		if -k >= int32(len(pow10)) {
			return 0, false
		}
		hi, lo := bits.Mul64(den, pow10[-k])
		if hi != 0 {
			return 0, false
		}
		den = lo
	}
	if n.hi >= den {
		return 0, false
	}
	q, r := bits.Div64(n.hi, n.lo, den)
	if r >= den-r { // 2r ≥ den: half away from zero
		q++
	}
	if q > math.MaxInt64 {
		return 0, false
	}
	if neg {
		return -int64(q), true
	}
	return int64(q), true
}

// atPlaces returns v's coefficient at the given places, exactly; false if v
// has more places or does not fit.
func atPlaces(v fx, places int32) (int64, bool) {
	k := v.e + places
	switch {
	case v.c == 0:
		return 0, true
	case k < 0:
		return 0, false
	case k >= int32(len(pow10)):
		return 0, false
	}
	hi, lo := bits.Mul64(abs64(v.c), pow10[k])
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	if v.c < 0 {
		return -int64(lo), true
	}
	return int64(lo), true
}

// roundUnits rounds a coefficient at places from to places to (to ≤ from),
// half away from zero.
func roundUnits(v int64, from, to int32) int64 {
	if to >= from {
		return v
	}
	p := int64(pow10[from-to])
	q, r := v/p, v%p
	if r < 0 {
		r = -r
	}
	if r >= p-r {
		if v < 0 {
			q--
		} else {
			q++
		}
	}
	return q
}

// sum adds decimals exactly: as an int64 coefficient at a common exponent
// while the terms fit, as a decimal after. Validation and grouping sum
// weights with it so that building a Scorer does not allocate per term.
type sum struct {
	c   int64
	e   int32
	d   decimal.Decimal
	big bool // the sum has moved to d
}

func (s *sum) add(x decimal.Decimal) {
	if !s.big {
		if v, ok := toFx(x); ok && s.addFx(v) {
			return
		}
		s.d, s.big = decimal.New(s.c, s.e), true
	}
	s.d = s.d.Add(x)
}

// addFx adds v in int64 arithmetic, or reports false (leaving s unchanged)
// when aligning the exponents or the sum overflows.
func (s *sum) addFx(v fx) bool {
	a, b := fx{c: s.c, e: s.e}, v
	if a.c == 0 {
		a.e = b.e
	}
	if b.c == 0 {
		return true
	}
	var ok bool
	if a.e > b.e {
		if a.c, ok = scale64(a.c, a.e-b.e); !ok {
			return false
		}
		a.e = b.e
	} else if b.e > a.e {
		if b.c, ok = scale64(b.c, b.e-a.e); !ok {
			return false
		}
	}
	c := a.c + b.c
	if (c > a.c) != (b.c > 0) {
		return false // overflow
	}
	s.c, s.e = c, a.e
	return true
}

// scale64 returns c × 10^k, or false on overflow.
func scale64(c int64, k int32) (int64, bool) {
	if k >= int32(len(pow10)) {
		return 0, c == 0
	}
	hi, lo := bits.Mul64(abs64(c), pow10[k])
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	if c < 0 {
		return -int64(lo), true
	}
	return int64(lo), true
}

// value returns the sum as a decimal.
func (s *sum) value() decimal.Decimal {
	if s.big {
		return s.d
	}
	return decimal.New(s.c, s.e)
}

// cmp compares the sum with d.
func (s *sum) cmp(d decimal.Decimal) int {
	if !s.big {
		if v, ok := toFx(d); ok {
			if c, ok := cmpFx(fx{c: s.c, e: s.e}, v); ok {
				return c
			}
		}
	}
	return s.value().Cmp(d)
}

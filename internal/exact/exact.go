// Package exact is the one exact-arithmetic kernel of the library's fast
// paths (精确运算内核): decimals whose coefficients fit in an int64 handled
// as (coefficient, exponent) pairs with 128-bit intermediate products, and
// amounts as whole fen. Every function reports ok = false when a value
// does not fit, and the caller then falls back to shopspring/decimal,
// which gives the same results: FuzzKernelEqualsDecimal holds every
// function to decimal arithmetic. Nothing here allocates.
//
// The limits are two: a coefficient has at most 18 digits (an int64), and
// a fen figure is at most MaxFen in absolute value.
package exact

import (
	"cmp"
	"math"
	"math/bits"

	"github.com/shopspring/decimal"
)

// pow10 holds 10^0 … 10^19, every power of ten a uint64 holds.
var pow10 = [...]uint64{
	1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
}

// Pow10 returns 10^k as an int64 for 0 ≤ k ≤ 18, or false.
func Pow10(k int32) (int64, bool) {
	if k < 0 || k > 18 {
		return 0, false
	}
	return int64(pow10[k]), true
}

// Abs returns |c| as a uint64 (exact for math.MinInt64 too).
func Abs(c int64) uint64 {
	if c < 0 {
		return -uint64(c)
	}
	return uint64(c)
}

// Fixed is the exact value C × 10^E.
type Fixed struct {
	C int64
	E int32
}

// FromDecimal converts d exactly, or reports false when its coefficient
// has more than 18 digits.
func FromDecimal(d decimal.Decimal) (Fixed, bool) {
	if d.Sign() == 0 {
		return Fixed{}, true
	}
	if d.NumDigits() > 18 {
		return Fixed{}, false
	}
	return Fixed{C: d.CoefficientInt64(), E: d.Exponent()}, true
}

// Decimal returns v as a decimal.Decimal.
func (v Fixed) Decimal() decimal.Decimal { return decimal.New(v.C, v.E) }

// Scale returns c × 10^k for k ≥ 0, or false on overflow.
func Scale(c int64, k int32) (int64, bool) {
	if c == 0 {
		return 0, true
	}
	if k < 0 || k >= int32(len(pow10)) {
		return 0, false
	}
	hi, lo := bits.Mul64(Abs(c), pow10[k])
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	if c < 0 {
		return -int64(lo), true
	}
	return int64(lo), true
}

// AtPlaces returns v's coefficient at the given places, exactly; false if
// v's coefficient has more places (−E > places, trailing zeros included)
// or the result does not fit.
func AtPlaces(v Fixed, places int32) (int64, bool) {
	if v.C == 0 {
		return 0, true
	}
	return Scale(v.C, v.E+places)
}

// RoundUnits rounds a coefficient at places from to places to (to ≤ from),
// half away from zero.
func RoundUnits(v int64, from, to int32) int64 {
	if to >= from {
		return v
	}
	if from-to >= int32(len(pow10)) {
		return 0 // |v| < 10^19 ≤ half of 10^(from−to)
	}
	p := pow10[from-to]
	q, r := Abs(v)/p, Abs(v)%p
	if r >= p-r {
		q++
	}
	if v < 0 {
		return -int64(q)
	}
	return int64(q)
}

// Wide is the exact value ±(hi·2^64 + lo) × 10^e: a product of two
// Fixed values. The exponent is an int64: the sum of two int32 exponents
// does not fit an int32, and neither does the difference CmpWide aligns by.
type Wide struct {
	hi, lo uint64
	neg    bool
	e      int64
}

// Wide returns v as a Wide.
func (v Fixed) Wide() Wide { return Wide{lo: Abs(v.C), neg: v.C < 0, e: int64(v.E)} }

// Mul returns a × b exactly.
func Mul(a, b Fixed) Wide {
	hi, lo := bits.Mul64(Abs(a.C), Abs(b.C))
	return Wide{hi: hi, lo: lo, neg: (a.C < 0) != (b.C < 0), e: int64(a.E) + int64(b.E)}
}

// Sign returns −1, 0 or +1.
func (w Wide) Sign() int {
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
func (w Wide) shift(k int64) (Wide, bool) {
	if k == 0 {
		return w, true
	}
	if k < 0 || k >= int64(len(pow10)) {
		return w, w.Sign() == 0
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
	return Wide{hi: hi, lo: l1, neg: w.neg, e: w.e - k}, true
}

// CmpWide compares a and b exactly (−1, 0, +1); false when aligning their
// exponents overflows.
func CmpWide(a, b Wide) (int, bool) {
	sa, sb := a.Sign(), b.Sign()
	if sa != sb || sa == 0 {
		return cmp.Compare(sa, sb), true
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
	c := cmp.Compare(a.lo, b.lo)
	if a.hi != b.hi {
		c = cmp.Compare(a.hi, b.hi)
	}
	return c * sa, true
}

// Cmp compares a and b exactly; false when aligning them overflows.
// Equal exponents (an actual and its target are usually printed alike)
// compare as integers, and so does the coefficient of the larger exponent
// scaled to the smaller when that fits in an int64; exponents 20 or more
// apart are decided by the signs (the larger exponent's nonzero value is
// the larger in magnitude); anything else is aligned in 128 bits (CmpWide). BenchmarkScoreTree (goals) justifies the
// two shortcuts; FuzzKernelEqualsDecimal holds Cmp to decimal.Cmp.
func Cmp(a, b Fixed) (int, bool) {
	if a.E == b.E {
		return cmp.Compare(a.C, b.C), true
	}
	// x has the larger exponent: compare x.C·10^d with y.C. The difference
	// is taken in int64: two int32 exponents can be 2^32 − 1 apart.
	x, y, d, sign := a, b, int64(a.E)-int64(b.E), 1
	if d < 0 {
		x, y, d, sign = b, a, -d, -1
	}
	if d >= int64(len(pow10)) {
		// |x| ≥ 10^(y.E+20) > 10^19 × 10^y.E > |y| unless x is zero, so
		// the sign of x decides (of y when x is zero): no alignment needed.
		if x.C == 0 {
			return sign * cmp.Compare(0, y.C), true
		}
		return sign * cmp.Compare(x.C, 0), true
	}
	if hi, lo := bits.Mul64(Abs(x.C), pow10[d]); hi == 0 && lo <= math.MaxInt64 {
		xc := int64(lo)
		if x.C < 0 {
			xc = -xc
		}
		return sign * cmp.Compare(xc, y.C), true
	}
	return CmpWide(a.Wide(), b.Wide())
}

// CmpProducts returns the sign of a·b − c·d, exactly.
func CmpProducts(a, b, c, d int64) int {
	x, _ := CmpWide(Mul(Fixed{C: a}, Fixed{C: b}), Mul(Fixed{C: c}, Fixed{C: d}))
	return x // equal exponents: never overflows
}

// MulDiv returns a × b ÷ d as a coefficient at the given number of
// decimal places, rounded half away from zero (the rounding of
// decimal.DivRound); false when d is zero or an intermediate or the
// result does not fit.
func MulDiv(a, b, d Fixed, places int32) (int64, bool) {
	n := Mul(a, b)
	if d.C == 0 {
		return 0, false
	}
	neg := n.neg != (d.C < 0)
	den := Abs(d.C)
	// a·b ÷ d × 10^places = (n.coef ÷ d.C) × 10^(a.E + b.E − d.E + places),
	// the exponent summed in int64 (in int32 it wraps for far exponents)
	// and held to ±20: a shift of 20 or more places fits no int64 either
	// way, so the answer is the same as for the exact shift
	k := max(-20, min(20, n.e-int64(d.E)+int64(places)))
	var ok bool
	if k >= 0 {
		if n, ok = n.shift(k); !ok {
			return 0, false
		}
	} else {
		if -k >= int64(len(pow10)) {
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

// Parts converts d exactly as FromDecimal does, but keeps d's exponent
// when d is zero ("0.00" is 0 × 10^-2), for arithmetic that must give
// decimal's exponent as well as its value; false when the coefficient
// has more than 18 digits.
func Parts(d decimal.Decimal) (Fixed, bool) {
	if d.NumDigits() > 18 {
		return Fixed{}, false
	}
	return Fixed{C: d.CoefficientInt64(), E: d.Exponent()}, true
}

// Add returns a + b at the smaller of their exponents, the coefficient and
// exponent decimal.Decimal.Add gives; false when aligning the exponents
// or the sum overflows an int64.
func Add(a, b Fixed) (Fixed, bool) {
	var ok bool
	if a.E > b.E {
		if a.C, ok = Scale(a.C, a.E-b.E); !ok {
			return Fixed{}, false
		}
		a.E = b.E
	} else if b.E > a.E {
		if b.C, ok = Scale(b.C, b.E-a.E); !ok {
			return Fixed{}, false
		}
	}
	c := a.C + b.C
	if (a.C >= 0) == (b.C >= 0) && (c >= 0) != (a.C >= 0) {
		return Fixed{}, false // overflow
	}
	return Fixed{C: c, E: a.E}, true
}

// Sub returns a − b as [Add] gives a + (−b): the coefficient and exponent
// decimal.Decimal.Sub gives; false on overflow.
func Sub(a, b Fixed) (Fixed, bool) {
	if b.C == math.MinInt64 {
		return Fixed{}, false
	}
	return Add(a, Fixed{C: -b.C, E: b.E})
}

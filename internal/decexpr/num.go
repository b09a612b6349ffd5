// Package decexpr is the exact-number arithmetic behind rule expressions: a
// decimal that stays in an int64 coefficient while it fits and widens to
// shopspring's decimal.Decimal when it does not.
//
// A Num is c × 10^e. While small, c is an int64 (never math.MinInt64) and no
// operation allocates; an operation whose result would not fit widens to a
// decimal.Decimal and gives exactly what decimal arithmetic gives, including
// the exponent of the result. The two representations are interchangeable:
// Decimal() of any result equals (value and exponent) the result of the same
// operations done with decimal.Decimal throughout.
package decexpr

import (
	"cmp"
	"errors"
	"math"
	"math/bits"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/exact"
)

// ErrDivisionByZero is returned by DivRound and Percent for a zero divisor.
var ErrDivisionByZero = errors.New("division by zero")

// Num is an exact decimal number. The zero value is 0.
type Num struct {
	c int64            // coefficient while w == nil
	e int32            // exponent while w == nil
	w *decimal.Decimal // the value when too large for c
}

// FromDecimal converts d without allocating when its coefficient has at most 18 digits.
func FromDecimal(d decimal.Decimal) Num {
	if d.NumDigits() <= 18 {
		return Num{c: d.CoefficientInt64(), e: d.Exponent()}
	}
	return wide(d)
}

// FromInt returns i as an exact number.
func FromInt(i int64) Num {
	if i == math.MinInt64 {
		return wide(decimal.NewFromInt(i))
	}
	return Num{c: i}
}

// New returns c × 10^e.
func New(c int64, e int32) Num {
	if c == math.MinInt64 {
		return wide(decimal.New(c, e))
	}
	return Num{c: c, e: e}
}

// Wide reports whether n is held as a decimal.Decimal (for tests).
func (n Num) Wide() bool { return n.w != nil }

// Decimal returns n as a decimal.Decimal; it allocates for a small n.
func (n Num) Decimal() decimal.Decimal {
	if n.w != nil {
		return *n.w
	}
	return decimal.New(n.c, n.e)
}

// Widen returns n held as a decimal.Decimal, the reference representation.
func (n Num) Widen() Num {
	if n.w != nil {
		return n
	}
	return wide(decimal.New(n.c, n.e))
}

// String formats n keeping its exponent's places: 1.00 stays "1.00",
// 20.50 × 3 gives "61.50" (decimal.Decimal.String would trim the zeros).
func (n Num) String() string {
	d := n.Decimal()
	if e := d.Exponent(); e < 0 {
		return d.StringFixed(-e)
	}
	return d.String()
}

// Float returns the nearest float64 (for explanations and float outputs only).
func (n Num) Float() float64 { return n.Decimal().InexactFloat64() }

// Sign returns -1, 0 or +1.
func (n Num) Sign() int {
	if n.w != nil {
		return n.w.Sign()
	}
	switch {
	case n.c < 0:
		return -1
	case n.c > 0:
		return 1
	}
	return 0
}

func wide(d decimal.Decimal) Num { return Num{w: &d} }

// scale returns c × 10^k for 0 ≤ k, or false on overflow (exact.Scale,
// with k as wide as exponent differences are).
func scale(c int64, k int64) (int64, bool) {
	if k > 19 {
		return 0, c == 0
	}
	return exact.Scale(c, int32(k))
}

// align brings a and b (both small) to the smaller exponent.
func align(a, b Num) (x, y int64, e int32, ok bool) {
	switch {
	case a.e == b.e:
		return a.c, b.c, a.e, true
	case a.e > b.e:
		x, ok = scale(a.c, int64(a.e)-int64(b.e))
		return x, b.c, b.e, ok
	default:
		y, ok = scale(b.c, int64(b.e)-int64(a.e))
		return a.c, y, a.e, ok
	}
}

func add64(x, y int64) (int64, bool) {
	s := x + y
	if (x > 0 && y > 0 && s < 0) || (x < 0 && y < 0 && s >= 0) || s == math.MinInt64 {
		return 0, false
	}
	return s, true
}

// Add returns a + b.
func Add(a, b Num) Num {
	if a.w == nil && b.w == nil {
		if x, y, e, ok := align(a, b); ok {
			if s, ok := add64(x, y); ok {
				return Num{c: s, e: e}
			}
		}
	}
	return wide(a.Decimal().Add(b.Decimal()))
}

// Sub returns a - b.
func Sub(a, b Num) Num {
	if a.w == nil && b.w == nil {
		if x, y, e, ok := align(a, b); ok {
			if s, ok := add64(x, -y); ok {
				return Num{c: s, e: e}
			}
		}
	}
	return wide(a.Decimal().Sub(b.Decimal()))
}

// Neg returns -n.
func Neg(n Num) Num {
	if n.w != nil {
		return wide(n.w.Neg())
	}
	return Num{c: -n.c, e: n.e}
}

// Abs returns |n|.
func Abs(n Num) Num {
	if n.Sign() < 0 {
		return Neg(n)
	}
	return n
}

// Mul returns a × b.
func Mul(a, b Num) Num {
	if a.w == nil && b.w == nil {
		e := int64(a.e) + int64(b.e)
		if e >= math.MinInt32 && e <= math.MaxInt32 {
			neg := (a.c < 0) != (b.c < 0)
			hi, lo := bits.Mul64(exact.Abs(a.c), exact.Abs(b.c))
			if hi == 0 && lo <= math.MaxInt64 {
				c := int64(lo)
				if neg {
					c = -c
				}
				return Num{c: c, e: int32(e)}
			}
		}
	}
	return wide(a.Decimal().Mul(b.Decimal()))
}

// Cmp returns -1, 0 or +1 as a < b, a == b, a > b.
func Cmp(a, b Num) int {
	if a.w == nil && b.w == nil {
		if a.e == b.e || a.c == 0 || b.c == 0 {
			return cmp.Compare(a.c, b.c)
		}
		if x, y, _, ok := align(a, b); ok {
			return cmp.Compare(x, y)
		}
	}
	return a.Decimal().Cmp(b.Decimal())
}

// Round rounds n to places decimal places, half away from zero (四舍五入),
// like decimal.Decimal.Round: the result's exponent is -places.
func Round(n Num, places int32) Num {
	if n.w == nil {
		t := -int64(places)
		switch {
		case int64(n.e) == t:
			return n
		case int64(n.e) > t:
			if c, ok := scale(n.c, int64(n.e)-t); ok {
				return Num{c: c, e: int32(t)}
			}
		default:
			k := t - int64(n.e)
			if k <= 18 {
				return Num{c: exact.RoundUnits(n.c, int32(k), 0), e: int32(t)}
			}
		}
	}
	return wide(n.Decimal().Round(places))
}

// DivRound returns a ÷ b rounded to places decimal places, half away from
// zero, like decimal.Decimal.DivRound: the result's exponent is -places.
func DivRound(a, b Num, places int32) (Num, error) {
	if b.Sign() == 0 {
		return Num{}, ErrDivisionByZero
	}
	if a.w == nil && b.w == nil {
		// result in units of 10^-places: a.c × 10^(a.e-b.e+places) / b.c
		k := int64(a.e) - int64(b.e) + int64(places)
		num, den, ok := a.c, b.c, true
		if k >= 0 {
			num, ok = scale(num, k)
		} else {
			den, ok = scale(den, -k)
		}
		if ok {
			q, r := num/den, num%den
			if ur := exact.Abs(r); ur != 0 && ur >= exact.Abs(den)-ur {
				if (num < 0) != (den < 0) {
					q--
				} else {
					q++
				}
			}
			return Num{c: q, e: -places}, nil
		}
	}
	return wide(a.Decimal().DivRound(b.Decimal(), places)), nil
}

// Percent returns part ÷ whole × 100 rounded to places, half away from zero.
func Percent(part, whole Num, places int32) (Num, error) {
	return DivRound(Mul(part, Num{c: 100}), whole, places)
}

// Min returns the smaller of a and b (a when equal).
func Min(a, b Num) Num {
	if Cmp(b, a) < 0 {
		return b
	}
	return a
}

// Max returns the larger of a and b (a when equal).
func Max(a, b Num) Num {
	if Cmp(b, a) > 0 {
		return b
	}
	return a
}

// Int returns the integer part of n; for an integer built with FromInt it
// returns that integer (rules pack bools, dates and float bits this way).
func (n Num) Int() int64 {
	if n.w == nil && n.e == 0 {
		return n.c
	}
	return n.Decimal().IntPart()
}

// StoreTo sets *dst to n, writing the pointer to a wide value only when it
// changes: each pointer written costs a write barrier while the garbage
// collector marks, and a caller refilling the same storage usually stores
// small numbers over small numbers.
func (n Num) StoreTo(dst *Num) {
	dst.c, dst.e = n.c, n.e
	if dst.w != n.w {
		dst.w = n.w
	}
}

// Raw returns n's representation: the coefficient and exponent of a small
// n, or the decimal of a wide one (w nil for a small n). FromRaw is its
// inverse: a caller may keep a number in its own compact form.
func (n Num) Raw() (c int64, e int32, w *decimal.Decimal) { return n.c, n.e, n.w }

// FromRaw returns the Num whose Raw is c, e, w.
func FromRaw(c int64, e int32, w *decimal.Decimal) Num { return Num{c: c, e: e, w: w} }

// Parts returns the coefficient and exponent of a small n; ok is false for
// a wide one.
func (n Num) Parts() (c int64, e int32, ok bool) {
	return n.c, n.e, n.w == nil
}

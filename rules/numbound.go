package rules

import (
	"fmt"

	"github.com/jixiao-go/jixiao/internal/decexpr"
)

// Bounded exact arithmetic. Every exact number of an evaluation has an
// exponent within ±maxExponent, and every operation that may leave the
// int64 fast path first estimates the size of its result and of its
// temporaries from the sizes of its operands and charges them against the
// rule's memory budget: an operation that would exceed the budget is not
// done. Fast-path operations (int64 coefficients, exponents at most 18
// apart) cost nothing and are not charged beyond the few bytes of a result
// that overflows into a decimal.

const (
	// maxExponent bounds the decimal exponent of every exact number an
	// evaluation reads or computes: 10^±1000 is far beyond any amount or
	// rate, and aligning two numbers never needs more than 2,000 digits of
	// padding.
	maxExponent = 1000
	// maxLiteralExp bounds the decimal exponent of numeric literals.
	maxLiteralExp = 100
	// maxLiteralDigits bounds the digits of numeric literals.
	maxLiteralDigits = 40
	// fastAlign is the largest exponent difference the int64 fast path aligns.
	fastAlign = 18
	// smallWide is the charge of a fast-path result that overflowed into a
	// decimal: at most 38 digits, or 19 digits padded by at most 18.
	smallWide = 64
)

// errExponent is the runtime error of a number whose exponent leaves
// ±maxExponent.
func errExponent(e int64) error {
	return fmt.Errorf("%w: a number with exponent %d is out of range (exponent within ±%d)", ErrLimit, e, maxExponent)
}

// reserve charges n bytes against the budget before they are allocated and
// reports whether the work may go ahead. After any error of the running
// expression it refuses everything, so that an exceeded budget is a hard
// stop: what follows computes on zeros.
func (f *frame) reserve(at int, n int64) bool {
	if f.err != nil {
		return false
	}
	if n > int64(f.budget) {
		f.budget = -1
		f.fail(at, ErrMemoryBudget)
		return false
	}
	f.budget -= int(n)
	return true
}

// expOf returns n's exponent.
func expOf(n decexpr.Num) int64 {
	if _, e, ok := n.Parts(); ok {
		return int64(e)
	}
	return int64(n.Decimal().Exponent())
}

// digitsOf bounds the number of decimal digits of n's coefficient.
func digitsOf(n decexpr.Num) int64 {
	if !n.Wide() {
		return 19
	}
	// Coefficient copies the words; its size is what an operation on n
	// reads anyway, and every caller charges at least that much.
	return int64(n.Decimal().Coefficient().BitLen())*1233>>12 + 1
}

// digitBytes is the memory of a coefficient of d decimal digits: log2(10)/8
// bytes a digit, rounded up, plus a word.
func digitBytes(d int64) int64 {
	if d <= 0 {
		return 8
	}
	return d*1701>>12 + 16
}

// pow10Bytes is the memory of the power of ten shopspring builds to align
// by k digits (powers up to 10^127 are in its table).
func pow10Bytes(k int64) int64 {
	if k < 128 {
		return 0
	}
	return digitBytes(k)
}

// bound checks the exponent of a number read from the environment or
// returned by a host function.
func (f *frame) bound(at int, n decexpr.Num) decexpr.Num {
	if inRange(n) {
		return n
	}
	if e := expOf(n); e < -maxExponent || e > maxExponent {
		f.fail(at, errExponent(e))
		return decexpr.Num{}
	}
	return n
}

// fast reports whether a and b are both int64-backed with exponents at
// most fastAlign apart, where decexpr's fast path does all the work.
func fast(a, b decexpr.Num) bool {
	_, ea, oka := a.Parts()
	_, eb, okb := b.Parts()
	d := int64(ea) - int64(eb)
	return oka && okb && d <= fastAlign && d >= -fastAlign
}

// alignWindow is the range of exponents a number may have to take the
// fast path with a literal; empty for a literal off the fast path.
type alignWindow struct{ lo, hi int32 }

// window returns the window of literal k: fast(a, k) is w.fits(a).
func window(k decexpr.Num) alignWindow {
	if _, e, ok := k.Parts(); ok {
		return alignWindow{e - fastAlign, e + fastAlign} // |e| ≤ maxLiteralExp
	}
	return alignWindow{1, 0}
}

// fits reports whether a takes the fast path with the window's literal.
func (w alignWindow) fits(a decexpr.Num) bool {
	_, e, ok := a.Parts()
	return ok && w.lo <= e && e <= w.hi
}

// small charges a fast-path result that overflowed into a decimal.
func (f *frame) small(at int, v decexpr.Num) decexpr.Num {
	if v.Wide() {
		f.charge(at, smallWide)
	}
	return v
}

// addSlow returns a + b, or a - b when sub, off the fast path.
func (f *frame) addSlow(at int, a, b decexpr.Num, sub bool) decexpr.Num {
	ea, eb := expOf(a), expOf(b)
	lo := min(ea, eb)
	// both coefficients aligned to the smaller exponent, plus a carry
	d := max(digitsOf(a)+ea-lo, digitsOf(b)+eb-lo) + 1
	if !f.reserve(at, digitBytes(d)+pow10Bytes(max(ea, eb)-lo)) {
		return decexpr.Num{}
	}
	if sub {
		return decexpr.Sub(a, b)
	}
	return decexpr.Add(a, b)
}

// inRange reports whether v is int64-backed with an exponent within
// ±maxExponent: a product that needs no further check.
func inRange(v decexpr.Num) bool {
	_, e, ok := v.Parts()
	return ok && -maxExponent <= e && e <= maxExponent
}

// mul returns a × b.
func (f *frame) mul(at int, a, b decexpr.Num) decexpr.Num {
	if !a.Wide() && !b.Wide() {
		v := decexpr.Mul(a, b)
		if inRange(v) {
			return v
		}
		return f.mulDone(at, v)
	}
	e := expOf(a) + expOf(b)
	if e < -maxExponent || e > maxExponent {
		f.fail(at, errExponent(e))
		return decexpr.Num{}
	}
	if !f.reserve(at, digitBytes(digitsOf(a)+digitsOf(b))) {
		return decexpr.Num{}
	}
	return decexpr.Mul(a, b)
}

// mulDone checks a product of two int64-backed numbers: its exponent, and
// its charge when it overflowed into a decimal.
func (f *frame) mulDone(at int, v decexpr.Num) decexpr.Num {
	if e := expOf(v); e < -maxExponent || e > maxExponent {
		f.fail(at, errExponent(e))
		return decexpr.Num{}
	}
	f.charge(at, smallWide)
	return v
}

// neg returns -n.
func (f *frame) neg(at int, n decexpr.Num) decexpr.Num {
	if n.Wide() && !f.reserve(at, digitBytes(digitsOf(n))) {
		return decexpr.Num{}
	}
	return decexpr.Neg(n)
}

// abs returns |n|.
func (f *frame) abs(at int, n decexpr.Num) decexpr.Num {
	if n.Sign() < 0 {
		return f.neg(at, n)
	}
	return n
}

// cmp returns -1, 0 or +1 as a < b, a == b, a > b.
func (f *frame) cmp(at int, a, b decexpr.Num) int {
	if fast(a, b) {
		return decexpr.Cmp(a, b)
	}
	return f.cmpSlow(at, a, b)
}

func (f *frame) cmpSlow(at int, a, b decexpr.Num) int {
	ea, eb := expOf(a), expOf(b)
	if ea != eb && a.Sign() == b.Sign() && a.Sign() != 0 {
		// the operand with the larger exponent is scaled to the other's
		hi := a
		if eb > ea {
			hi = b
		}
		d := max(ea, eb) - min(ea, eb)
		if !f.reserve(at, digitBytes(digitsOf(hi)+d)+pow10Bytes(d)) {
			return 0
		}
	}
	return decexpr.Cmp(a, b)
}

// minNum returns the smaller of a and b (a when equal).
func (f *frame) minNum(at int, a, b decexpr.Num) decexpr.Num {
	if f.cmp(at, b, a) < 0 {
		return b
	}
	return a
}

// maxNum returns the larger of a and b (a when equal).
func (f *frame) maxNum(at int, a, b decexpr.Num) decexpr.Num {
	if f.cmp(at, b, a) > 0 {
		return b
	}
	return a
}

// round returns n rounded half away from zero to places (|places| ≤ 18).
func (f *frame) round(at int, n decexpr.Num, places int32) decexpr.Num {
	if _, e, ok := n.Parts(); ok {
		if d := int64(e) + int64(places); d <= fastAlign && d >= -fastAlign {
			v := decexpr.Round(n, places)
			if v.Wide() {
				f.charge(at, smallWide)
			}
			return v
		}
	}
	// shopspring rescales to -places-1 digits, then adds and divides
	k := max(expOf(n)+int64(places)+1, 0)
	if !f.reserve(at, 3*digitBytes(digitsOf(n)+k)+pow10Bytes(k)) {
		return decexpr.Num{}
	}
	return decexpr.Round(n, places)
}

// divRound returns a ÷ b rounded half away from zero to places, or part ÷
// whole × 100 when percent.
func (f *frame) divRound(at int, a, b decexpr.Num, places int32, percent bool) decexpr.Num {
	if percent {
		a = f.mul(at, a, decexpr.FromInt(100))
	}
	if b.Sign() == 0 {
		f.fail(at, ErrDivisionByZero)
		return decexpr.Num{}
	}
	_, ea, oka := a.Parts()
	_, eb, okb := b.Parts()
	if k := int64(ea) - int64(eb) + int64(places); !oka || !okb || k > fastAlign || k < -fastAlign {
		// the dividend is scaled by 10^k, or the divisor by 10^-k; then
		// the quotient, the remainder and twice the remainder
		k = expOf(a) - expOf(b) + int64(places)
		da, db := digitsOf(a)+max(k, 0), digitsOf(b)+max(-k, 0)
		if !f.reserve(at, digitBytes(da)+3*digitBytes(db)+digitBytes(da-db+1)+pow10Bytes(max(k, -k))) {
			return decexpr.Num{}
		}
	}
	v, err := decexpr.DivRound(a, b, places)
	if err != nil {
		f.fail(at, ErrDivisionByZero)
	}
	if v.Wide() && oka && okb {
		f.charge(at, smallWide)
	}
	return v
}

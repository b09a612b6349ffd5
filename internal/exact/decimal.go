package exact

import (
	"math"

	"github.com/shopspring/decimal"
)

// The decimal-level shortcuts: decimal.Decimal in and out, each the
// shopspring/decimal operation it is named after, computed on the kernel
// where the figures fit and by that operation where they do not, so a
// caller never needs a fallback of its own. Each gives what decimal gives,
// coefficient and exponent alike (so the same text), which
// FuzzKernelEqualsDecimal and TestDecimalShortcutsEqualDecimal check. On
// the kernel they allocate nothing beyond the result's own big.Int.

// EqualValue reports whether two decimals are equal in value (1.0 = 1.00),
// without allocating, when their coefficients fit in an int64.
func EqualValue(a, b decimal.Decimal) (equal, ok bool) {
	c, ok := cmpDecimals(a, b)
	return c == 0, ok
}

// CmpDecimal is a.Cmp(b), on the kernel without allocating when both
// coefficients fit in an int64 and aligning them does not overflow.
func CmpDecimal(a, b decimal.Decimal) int {
	x, ok := FromDecimal(a)
	return CmpConverted(a, x, ok, b)
}

// CmpConverted is CmpDecimal(a, b) for an a that FromDecimal has already
// converted to (x, ok), so that a figure compared with many others is
// converted once: a score with the lower bounds of a grading scheme's
// bands (BenchmarkSchemeGrade in performance; a struct holding a, x and
// ok cost that benchmark a tenth more in copying).
func CmpConverted(a decimal.Decimal, x Fixed, ok bool, b decimal.Decimal) int {
	// b as Parts gives it (a zero keeps its exponent, which Cmp does not
	// mind), written out here to save a call per figure
	if ok && b.NumDigits() <= 18 {
		if r, ok := Cmp(x, Fixed{C: b.CoefficientInt64(), E: b.Exponent()}); ok {
			return r
		}
	}
	return a.Cmp(b)
}

func cmpDecimals(a, b decimal.Decimal) (int, bool) {
	x, ok1 := FromDecimal(a)
	y, ok2 := FromDecimal(b)
	if !ok1 || !ok2 {
		return 0, false
	}
	return Cmp(x, y)
}

// SubDecimal is a.Sub(b), exact (no rounding): the difference at the
// smaller of the two exponents, as Sub gives it. Taking away a zero whose
// exponent is not below a's gives a itself, allocating nothing (Sub would
// allocate the same value).
func SubDecimal(a, b decimal.Decimal) decimal.Decimal {
	if x, ok := Parts(a); ok {
		if y, ok := Parts(b); ok {
			if y.C == 0 && y.E >= x.E {
				return a
			}
			if d, ok := Sub(x, y); ok {
				return d.Decimal()
			}
		}
	}
	return a.Sub(b)
}

// AddDecimal is a.Add(b), exact (no rounding): the sum at the smaller of
// the two exponents, as Add gives it. Adding a zero whose exponent is not
// below the other term's gives that term itself, allocating nothing.
func AddDecimal(a, b decimal.Decimal) decimal.Decimal {
	if x, ok := Parts(a); ok {
		if y, ok := Parts(b); ok {
			switch {
			case y.C == 0 && y.E >= x.E:
				return a
			case x.C == 0 && x.E >= y.E:
				return b
			}
			if d, ok := Add(x, y); ok {
				return d.Decimal()
			}
		}
	}
	return a.Add(b)
}

// RoundDecimal is d.Round(places): rounded half away from zero (四舍五入)
// to places decimal places (a negative places rounds to tens, hundreds
// and so on), at exponent −places. RoundDecimal(d, 2) rounds an amount in
// yuan to the fen (四舍五入到分). A figure already at exponent −places is d
// itself, as Round returns it.
func RoundDecimal(d decimal.Decimal, places int32) decimal.Decimal {
	if d.Exponent() == -places {
		return d
	}
	if v, ok := Parts(d); ok && places != math.MinInt32 { // −MinInt32 is no exponent
		if c, ok := roundAt(v, places); ok {
			return decimal.New(c, -places)
		}
	}
	return d.Round(places)
}

// roundAt returns v's coefficient at exponent −places, rounded half away
// from zero; false when it does not fit an int64.
func roundAt(v Fixed, places int32) (int64, bool) {
	k := int64(v.E) + int64(places) // the coefficient's shift: × 10^k
	switch {
	case v.C == 0:
		return 0, true
	case k >= 0:
		if k >= int64(len(pow10)) {
			return 0, false
		}
		return Scale(v.C, int32(k))
	case -k >= int64(len(pow10)):
		return 0, true // |v.C| < 10^19, below half of 10^20
	}
	return RoundUnits(v.C, int32(-k), 0), true
}

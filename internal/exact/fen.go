package exact

import "github.com/shopspring/decimal"

// MaxFen bounds the fen figures of the fast paths: 10^15 fen is ten
// trillion yuan (十万亿元), more than any budget line, and sums of 9,000 such
// figures stay inside an int64. A larger amount takes the decimal path.
const MaxFen = 1_000_000_000_000_000

// Fen returns d in fen (分) when d is a whole number of fen of at most
// MaxFen in absolute value.
func Fen(d decimal.Decimal) (int64, bool) {
	if d.NumDigits() > 17 {
		return 0, false
	}
	c, e := d.CoefficientInt64(), d.Exponent()+2
	switch {
	case e >= 0:
		f, ok := Scale(c, e)
		return f, ok && f <= MaxFen && f >= -MaxFen
	case -e <= 18:
		p := int64(pow10[-e])
		if c%p != 0 {
			return 0, false
		}
		c /= p
	default:
		return 0, c == 0
	}
	return c, c <= MaxFen && c >= -MaxFen
}

// RoundFen returns d in fen rounded half away from zero (四舍五入到分), when
// the result is at most MaxFen in absolute value and d has at most 17
// digits.
func RoundFen(d decimal.Decimal) (int64, bool) {
	if d.NumDigits() > 17 {
		return 0, false
	}
	return RoundFenParts(d.CoefficientInt64(), d.Exponent())
}

// RoundFenParts is RoundFen of c × 10^e: it reports false, as RoundFen does
// for more than 17 digits, when |c| ≥ 10^17.
func RoundFenParts(c int64, e int32) (int64, bool) {
	if c >= 1e17 || c <= -1e17 {
		return 0, false
	}
	e += 2
	switch {
	case e >= 0:
		f, ok := Scale(c, e)
		return f, ok && f <= MaxFen && f >= -MaxFen
	case -e <= 18:
		return RoundUnits(c, -e, 0), true
	}
	return 0, true // |d| < 10^-17 yuan
}

// MulFen returns q × p rounded half away from zero to the fen, for q and p
// of at most 9 digits each, so that the product of their coefficients is
// below 10^18; false when the product has more than 18 places or, scaled
// up to fen, exceeds MaxFen.
func MulFen(q, p decimal.Decimal) (int64, bool) {
	if q.NumDigits() > 9 || p.NumDigits() > 9 {
		return 0, false
	}
	return roundProduct(q.CoefficientInt64()*p.CoefficientInt64(), q.Exponent()+p.Exponent())
}

// roundProduct is RoundFenParts without its 17-digit bound on c, for
// products below 10^18, and false beyond 18 places.
func roundProduct(c int64, e int32) (int64, bool) {
	e += 2
	switch {
	case e >= 0:
		f, ok := Scale(c, e)
		return f, ok && f <= MaxFen && f >= -MaxFen
	case -e <= 18:
		return RoundUnits(c, -e, 0), true
	}
	return 0, false
}

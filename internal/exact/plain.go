package exact

import (
	"math"

	"github.com/shopspring/decimal"
)

// Plain reads the plain form of a decimal, "-?d+(.d+)?" of at most 18
// digits (17 when negative), as its coefficient and exponent: "-12.50" is
// (-1250, -2), the pair decimal.NewFromString builds for the text on its
// int64 shortcut, so that decimal.New(n, exp) is the decimal the text
// reads as, coefficient and exponent alike, without parsing a string. Any
// other text (a sign +, an exponent, a leading or trailing point, too
// many digits, grouping, units) gives ok = false, for the caller's full
// parser. It allocates nothing. internal/intern's Plain builds the
// library's readers' decimals of the common form from it.
func Plain(s []byte) (n int64, exp int32, ok bool) {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	digits, point := 0, -1
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9':
			n = n*10 + int64(c-'0')
			digits++
		case c == '.' && point < 0 && i > 0 && i < len(s)-1:
			point = i
		default:
			return 0, 0, false
		}
	}
	if digits == 0 || digits > 18 || neg && digits > 17 {
		return 0, 0, false
	}
	if point >= 0 {
		exp = -int32(len(s) - point - 1)
	}
	if neg {
		n = -n
	}
	return n, exp, true
}

// AppendFixed appends the plain form of c × 10^-places written with
// exactly places decimals, as decimal.New(c, -places).StringFixed(places)
// writes it: (-5, 2) is "-0.05", (1250, 2) "12.50", (7, 0) "7". It
// allocates nothing beyond dst's growth. places must be 0 to 18, else ok
// is false and dst is returned as it was, for the caller's decimal path.
func AppendFixed(dst []byte, c int64, places int32) (out []byte, ok bool) {
	if places < 0 || places > 18 {
		return dst, false
	}
	var digits [20]byte // |c| ≤ 2^63 has at most 19 digits
	u := Abs(c)
	i := len(digits)
	for u > 0 || i == len(digits) {
		i--
		digits[i] = byte('0' + u%10)
		u /= 10
	}
	d := digits[i:]
	if c < 0 {
		dst = append(dst, '-')
	}
	p := int(places)
	if len(d) <= p { // no integer digits: "0." and the leading zeros
		dst = append(dst, '0')
		if p > 0 {
			dst = append(dst, '.')
			for range p - len(d) {
				dst = append(dst, '0')
			}
		}
		return append(dst, d...), true
	}
	dst = append(dst, d[:len(d)-p]...)
	if p > 0 {
		dst = append(append(dst, '.'), d[len(d)-p:]...)
	}
	return dst, true
}

// AppendRounded appends d × 10^shift rounded half away from zero to places
// decimals (0 to 18), as d.Shift(shift).StringFixed(places) writes it: an
// amount in yuan shown in 万元 to two places is AppendRounded(dst, d, -4,
// 2). ok is false, and dst returned as it was, when d's coefficient or the
// rounded figure does not fit an int64, or places is outside 0–18, for the
// caller's decimal path.
func AppendRounded(dst []byte, d decimal.Decimal, shift, places int32) (out []byte, ok bool) {
	v, ok := Parts(d)
	if !ok || places < 0 || places > 18 {
		return dst, false
	}
	e := int64(v.E) + int64(shift)
	if e < math.MinInt32 || e > math.MaxInt32 {
		return dst, false
	}
	c, ok := roundAt(Fixed{C: v.C, E: int32(e)}, places)
	if !ok {
		return dst, false
	}
	return AppendFixed(dst, c, places)
}

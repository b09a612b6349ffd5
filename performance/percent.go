package performance

import (
	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/exact"
)

// percentSuffixes lists the percent signs ParsePercent accepts: the ASCII
// and full-width signs, and the "o/o" that OCR makes of a printed % (seen in
// the seed report).
var percentSuffixes = [...]string{"%", "％", "o/o", "O/O"}

// ParsePercent reads a percentage as printed and returns it in percentage
// points, exactly: "19.13%" → 19.13.
//
// The number follows the rules of [ParseAmount] (sign, ASCII or full-width
// digits, ． as a decimal point, spaces ignored, complete thousands grouping)
// and must be followed by a percent sign: %, full-width ％, or o/o (or O/O),
// the form OCR gives a printed %. A number without a percent sign is an
// [ErrUnit] error, since 0.1913 and 19.13 cannot be told apart otherwise.
//
// OCR also turns % into "9毛", but that form is not accepted: "19.139毛"
// may be 19.13% with "9毛" for the sign or 19.139% with "毛" alone, and only
// the document's stated number of places could tell. It is an [ErrUnit]
// error at the 毛, so that a person looks at it.
//
// Errors are of type [*ParseError].
func ParsePercent(s string) (decimal.Decimal, error) {
	n, err := scanNumber(s)
	if err != nil {
		return decimal.Decimal{}, err
	}
	_, ok, perr := matchUnit(s, n.end, percentSuffixes[:])
	if perr != nil {
		return decimal.Decimal{}, perr
	}
	if !ok {
		return decimal.Decimal{}, &ParseError{Input: s, Offset: n.end, Err: ErrUnit}
	}
	if err := n.checkExp(s, 0); err != nil {
		return decimal.Decimal{}, err
	}
	return n.decimal(0), nil
}

// FormatPercent prints a percentage given in percentage points, rounded half
// away from zero (四舍五入) to places decimals, with a % sign:
// FormatPercent(19.125, 2) is "19.13%". A negative places is taken as 0.
func FormatPercent(p decimal.Decimal, places int32) string {
	if places < 0 {
		places = 0
	}
	var buf [48]byte
	b, ok := exact.AppendRounded(buf[:0], p, 0, places)
	if !ok {
		b = append(buf[:0], p.StringFixed(places)...) // rounds half away from zero
	}
	return string(append(b, '%'))
}

// FormatPercent prints the ratio as a percentage rounded half away from zero
// (四舍五入) to places decimals, as reports print rates: 3,386.97 ÷ 17,702.19
// at two places is "19.13%". An invalid ratio (zero denominator) prints as
// the empty string, never as a number.
func (r Ratio) FormatPercent(places int32) string {
	if !r.Valid() {
		return ""
	}
	if places < 0 {
		places = 0
	}
	// On the exact kernel the percentage's digits are written without a
	// decimal built for them: a monitoring report prints two for each of
	// its projects.
	if q, ok := r.exactly(100, places); ok {
		var buf [48]byte
		if b, ok := exact.AppendFixed(buf[:0], q, places); ok { // places 0–18
			return string(append(b, '%'))
		}
	}
	return FormatPercent(r.Percent(places), places)
}

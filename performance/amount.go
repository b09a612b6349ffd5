package performance

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/shopspring/decimal"
)

// AmountUnit is the unit an amount is printed in: 元 (yuan), 万元 (ten
// thousand yuan) or 亿元 (a hundred million yuan). Amounts are always held in
// yuan; the unit is a presentation concern. The zero value is Yuan.
type AmountUnit uint8

const (
	// Yuan is 元, the unit amounts are held in. It is the zero value.
	Yuan AmountUnit = iota
	// Wan is 万元, 10,000 yuan: the usual unit of budget reports.
	Wan
	// Yi is 亿元, 100,000,000 yuan: the unit of large totals.
	Yi
)

var amountUnits = [...]struct {
	symbol string // as printed after the number
	name   string // ASCII name for text encodings
	exp    int32  // yuan = number × 10^exp
}{
	Yuan: {"元", "yuan", 0},
	Wan:  {"万元", "wan", 4},
	Yi:   {"亿元", "yi", 8},
}

// String returns the unit's symbol as printed in reports: "元", "万元" or
// "亿元".
func (u AmountUnit) String() string {
	if int(u) < len(amountUnits) {
		return amountUnits[u].symbol
	}
	return fmt.Sprintf("AmountUnit(%d)", uint8(u))
}

// Valid reports whether u is Yuan, Wan or Yi.
func (u AmountUnit) Valid() bool { return int(u) < len(amountUnits) }

// Exp returns the power of ten that converts a number in u into yuan: 0 for
// Yuan, 4 for Wan, 8 for Yi.
func (u AmountUnit) Exp() int32 {
	if !u.Valid() {
		return 0
	}
	return amountUnits[u].exp
}

// MarshalText encodes the unit as its symbol ("万元").
func (u AmountUnit) MarshalText() ([]byte, error) {
	if !u.Valid() {
		return nil, fmt.Errorf("performance: invalid amount unit %d", uint8(u))
	}
	return []byte(amountUnits[u].symbol), nil
}

// ParseAmountUnit reads a unit written as its symbol (元, 万元, 亿元), its
// ASCII name (yuan, wan, yi, in any case). Bare 万 and 亿 are rejected, as
// [ParseAmount] rejects them. Surrounding spaces are ignored; the empty
// string is an error.
// An unknown unit is an error wrapping [ErrUnit] that names the allowed
// values.
func ParseAmountUnit(s string) (AmountUnit, error) {
	if u, ok := amountUnitTable.Parse(s); ok && strings.TrimSpace(s) != "" {
		return u, nil
	}
	return Yuan, fmt.Errorf("%w %q (%s)", ErrUnit, s, amountUnitTable.Want())
}

// amountUnitTable lists the units by ASCII name, with the symbols as the
// Chinese names.
var amountUnitTable = enum.Table[AmountUnit]{
	{V: Yuan, Code: "yuan", Zh: "元"},
	{V: Wan, Code: "wan", Zh: "万元"},
	{V: Yi, Code: "yi", Zh: "亿元"},
}

// amountUnitSpellings is the symbols and ASCII names, read without an
// allocation.
var amountUnitSpellings = enum.MustSpellings(ParseAmountUnit, amountUnitTable.Texts(false)...)

// UnmarshalText decodes any form [ParseAmountUnit] accepts.
func (u *AmountUnit) UnmarshalText(b []byte) error { return amountUnitSpellings.Decode(u, b) }

// Errors wrapped by [ParseError]. Match them with errors.Is.
var (
	// ErrSyntax reports text that is not a number where one is expected:
	// no digits, a misplaced sign or decimal point, text after the unit.
	ErrSyntax = errors.New("performance: invalid syntax")
	// ErrGrouping reports thousands separators in the wrong places (see
	// [ParseAmount] for the rule).
	ErrGrouping = errors.New("performance: misplaced thousands separator")
	// ErrUnit reports a unit that is missing where one is required, or
	// that is not recognised (for amounts: anything but 元, 万元 and 亿元; for
	// percentages: anything but %, ％ and o/o).
	ErrUnit = errors.New("performance: unknown unit")
)

// A ParseError records a failure to read an amount or a percentage as
// printed. Offset is the byte offset in Input (0-indexed) of the character
// where the problem was found, or len(Input) when the text ended too soon.
// Err is [ErrSyntax], [ErrGrouping] or [ErrUnit], or a [*LimitError] for
// a number with more than [MaxExponent] decimals.
//
// Parsers of this package return it as a *ParseError.
type ParseError struct {
	Input  string // the text being parsed
	Offset int    // byte offset of the problem in Input
	Err    error  // the reason: ErrSyntax, ErrGrouping or ErrUnit
}

// Error returns, for example,
// `performance: parsing "1,23万元": misplaced thousands separator at byte 4`.
func (e *ParseError) Error() string {
	reason := "invalid input"
	if e.Err != nil {
		reason = strings.TrimPrefix(e.Err.Error(), "performance: ")
	}
	return fmt.Sprintf("performance: parsing %q: %s at byte %d", e.Input, reason, e.Offset)
}

// Unwrap returns the reason, so that errors.Is(err, ErrGrouping) works.
func (e *ParseError) Unwrap() error { return e.Err }

// ParseAmount reads an amount as printed in Chinese budget documents and
// returns it exactly, in yuan:
//
//	"17,702.19万元"    → 177021900 (17,702.19 × 10,000)
//	"115 ,346.26 万元" → 1153462600
//	"3.5亿元"          → 350000000
//	"１２，３４５．６元" → 12345.6
//	"-1,761.29"        → -1761.29 (no unit: yuan)
//
// The number has an optional leading sign (-, －, −, +, ＋), digits (ASCII or
// full-width ０–９), an optional decimal point (. or ．) followed by at least
// one digit, and is followed by an optional unit: 元, 万元 or 亿元. Bare 万 or
// 亿 are rejected, since the unit of a money amount is written in full.
//
// Spaces (any Unicode space, including the full-width U+3000) are ignored
// wherever they appear: before and after the number, between its digits and
// separators, and inside the unit, as scanned reports print them.
//
// Thousands separators (, and ，, which may be mixed) are optional, but where
// the integer part has any, it must be grouped completely: the first group has
// one to three digits and does not start with 0, every later group has
// exactly three digits, and no separator appears after the decimal point.
// "1,234,567.8" and "1234567.8" are accepted; "12,34", "1,2345" and "0,123"
// are not.
//
// Any other text gives a [*ParseError] whose Err is [ErrSyntax], [ErrGrouping]
// or [ErrUnit] and whose Offset points at the problem.
func ParseAmount(s string) (decimal.Decimal, error) {
	return parseAmount(s, Yuan)
}

// ParseNumber reads a number cell of a table (a quantity, a unit price in a
// column of its own, a score, a month's spending) with the number syntax of
// [ParseAmount] and no unit: ASCII or full-width digits and point,
// optional sign, spaces ignored, and thousands separators only in complete
// groups of three. A decimal comma is an error, never a separator:
//
//	"1,234"       → 1234
//	"1,234,567.5" → 1234567.5
//	"１２．５"      → 12.5
//	"1,5", "12,34", "1,2,3" → ErrGrouping
//
// Text after the number gives a [*ParseError] with [ErrSyntax].
func ParseNumber(s string) (decimal.Decimal, error) {
	n, err := scanNumber(s)
	if err != nil {
		return decimal.Decimal{}, err
	}
	if n.end < len(s) {
		return decimal.Decimal{}, &ParseError{Input: s, Offset: n.end, Err: ErrSyntax}
	}
	return n.decimal(0), nil
}

// ParseAmountIn is [ParseAmount] for text whose unit may be given elsewhere,
// such as a table cell under a "单位：万元" heading: a number without a unit
// is read in unit u. A unit printed in s wins over u.
//
//	ParseAmountIn("17,702.19", Wan) → 177021900
func ParseAmountIn(s string, u AmountUnit) (decimal.Decimal, error) {
	return parseAmount(s, u)
}

func parseAmount(s string, u AmountUnit) (decimal.Decimal, error) {
	n, err := scanNumber(s)
	if err != nil {
		return decimal.Decimal{}, err
	}
	if n.end < len(s) {
		unit, ok, perr := matchUnit(s, n.end, amountSuffixes[:])
		if perr != nil {
			return decimal.Decimal{}, perr
		}
		if !ok {
			return decimal.Decimal{}, &ParseError{Input: s, Offset: n.end, Err: ErrUnit}
		}
		u = AmountUnit(unit)
	}
	if err := n.checkExp(s, u.Exp()); err != nil {
		return decimal.Decimal{}, err
	}
	return n.decimal(u.Exp()), nil
}

// checkExp reports a number whose decimal, × 10^exp, would have an exponent
// beyond ±MaxExponent: more than MaxExponent fraction digits, in practice.
func (n number) checkExp(s string, exp int32) *ParseError {
	if e := int64(exp) - int64(n.frac); e < -MaxExponent || e > MaxExponent {
		return &ParseError{Input: s, Offset: n.end,
			Err: &LimitError{Name: "exponent", Value: e, Min: -MaxExponent, Max: MaxExponent}}
	}
	return nil
}

// amountSuffixes lists the units ParseAmount accepts, indexed by AmountUnit.
var amountSuffixes = [...]string{Yuan: "元", Wan: "万元", Yi: "亿元"}

// number is the scanned numeric part of an amount or a percentage.
type number struct {
	neg  bool
	mant uint64 // the digits as an integer, when there are at most 18
	ndig int    // number of digits, integer part and fraction
	frac int32  // number of fraction digits
	text string // the text scanned, up to end
	end  int    // byte offset just past the number, spaces after it skipped
}

// maxFastDigits is the most digits mant holds exactly: 10^18 < 2^63.
const maxFastDigits = 18

// decimal returns the number × 10^exp.
func (n number) decimal(exp int32) decimal.Decimal {
	exp -= n.frac
	if n.ndig <= maxFastDigits {
		v := int64(n.mant)
		if n.neg {
			v = -v
		}
		return decimal.New(v, exp)
	}
	// Rare: collect the digits again for math/big.
	digits := make([]byte, 0, n.ndig)
	for _, r := range n.text {
		if d, ok := digitValue(r); ok {
			digits = append(digits, '0'+d)
		}
	}
	v, _ := new(big.Int).SetString(string(digits), 10) // ASCII digits by construction
	if n.neg {
		v.Neg(v)
	}
	return decimal.NewFromBigInt(v, exp)
}

// digitValue returns the value of an ASCII or full-width digit.
func digitValue(r rune) (byte, bool) {
	switch {
	case r >= '0' && r <= '9':
		return byte(r - '0'), true
	case r >= '０' && r <= '９':
		return byte(r - '０'), true
	}
	return 0, false
}

// isSpace reports whether r is a space to ignore: any Unicode space,
// including the ideographic space U+3000 of full-width text.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r >= '\t' && r <= '\r'
	}
	return unicode.IsSpace(r)
}

func isSign(r rune) bool {
	return r == '-' || r == '－' || r == '−' || r == '+' || r == '＋'
}

func isSeparator(r rune) bool { return r == ',' || r == '，' }

func isPoint(r rune) bool { return r == '.' || r == '．' }

// scanNumber reads the number at the start of s (see ParseAmount for the
// syntax). It stops at the first character that cannot belong to a number;
// n.end is that character's offset (or len(s)).
func scanNumber(s string) (number, *ParseError) {
	var (
		n          number
		signSeen   bool
		pointSeen  bool
		intDigits  int  // digits before the point
		group      int  // digits since the last separator (integer part)
		grouped    bool // a separator has been seen
		groupStart int  // offset of the first digit of the current group
		last       int  // offset just past the last character of the number
		first      byte // value of the first digit
	)
	fail := func(off int, err error) (number, *ParseError) {
		return number{}, &ParseError{Input: s, Offset: off, Err: err}
	}
	i := 0
scan:
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case isSpace(r):
			// Ignored anywhere: scanned reports scatter spaces.
		case isSign(r):
			if signSeen || intDigits > 0 || pointSeen {
				return fail(i, ErrSyntax)
			}
			signSeen = true
			n.neg = r == '-' || r == '－' || r == '−'
			last = i + size
		default:
			if d, ok := digitValue(r); ok {
				if pointSeen {
					n.frac++
				} else {
					if grouped && group == 3 {
						return fail(i, ErrGrouping) // a group of four or more
					}
					if group == 0 {
						groupStart = i
					}
					group++
					intDigits++
				}
				if n.ndig == 0 {
					first = d
				}
				n.ndig++
				if n.ndig <= maxFastDigits {
					n.mant = n.mant*10 + uint64(d)
				}
				last = i + size
				break
			}
			switch {
			case isSeparator(r):
				if pointSeen || group == 0 {
					return fail(i, ErrGrouping) // in the fraction, leading or doubled
				}
				if !grouped {
					if group > 3 {
						return fail(i, ErrGrouping) // first group too long
					}
					if first == 0 {
						return fail(groupStart, ErrGrouping) // "0,123"
					}
				} else if group != 3 {
					return fail(i, ErrGrouping)
				}
				grouped = true
				group = 0
				last = i + size
			case isPoint(r):
				if pointSeen || intDigits == 0 {
					return fail(i, ErrSyntax)
				}
				if grouped && group != 3 {
					return fail(i, ErrGrouping)
				}
				pointSeen = true
				last = i + size
			default:
				break scan
			}
		}
		i += size
	}
	switch {
	case intDigits == 0:
		return fail(i, ErrSyntax)
	case pointSeen && n.frac == 0:
		return fail(last, ErrSyntax) // "12." needs a digit after the point
	case grouped && !pointSeen && group != 3:
		return fail(last, ErrGrouping)
	}
	n.end = i
	n.text = s[:i]
	return n, nil
}

// matchUnit reports which of units the text s[from:] is, ignoring spaces. A
// recognised unit followed by more text gives ErrSyntax at that text.
func matchUnit(s string, from int, units []string) (int, bool, *ParseError) {
	for k, unit := range units {
		i, j := from, 0 // i in s, j in unit
		for i < len(s) && j < len(unit) {
			r, size := utf8.DecodeRuneInString(s[i:])
			if isSpace(r) {
				i += size
				continue
			}
			w, wsize := utf8.DecodeRuneInString(unit[j:])
			if r != w {
				break
			}
			i += size
			j += wsize
		}
		if j < len(unit) {
			continue
		}
		for i < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !isSpace(r) {
				return 0, false, &ParseError{Input: s, Offset: i, Err: ErrSyntax}
			}
			i += size
		}
		return k, true, nil
	}
	return 0, false, nil
}

// FormatAmount prints an amount held in yuan in unit u as reports do: rounded
// half away from zero (四舍五入) to two decimals, with thousands separators and
// the unit's symbol:
//
//	FormatAmount(177021900, Wan)  → "17,702.19万元"
//	FormatAmount(1234.565, Yuan)  → "1,234.57元"
//	FormatAmount(-350000000, Yi)  → "-3.50亿元"
//
// [ParseAmount] reads the result back; the round trip is exact when the
// amount has at most two decimals in u.
func FormatAmount(d decimal.Decimal, u AmountUnit) string {
	return FormatAmountPlaces(d, u, 2)
}

// FormatAmountPlaces is [FormatAmount] with a chosen number of decimals,
// rounded half away from zero; a negative places is taken as 0. Reports in
// 亿元 sometimes print four decimals, and six decimals of 万元 show every fen.
func FormatAmountPlaces(d decimal.Decimal, u AmountUnit, places int32) string {
	if places < 0 {
		places = 0
	}
	num := d.Shift(-u.Exp()).StringFixed(places) // StringFixed rounds half away from zero
	var b strings.Builder
	b.Grow(len(num) + len(num)/3 + len(u.String()))
	if num[0] == '-' {
		b.WriteByte('-')
		num = num[1:]
	}
	intPart, frac, hasPoint := strings.Cut(num, ".")
	for k := 0; k < len(intPart); k++ {
		if k > 0 && (len(intPart)-k)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(intPart[k])
	}
	if hasPoint {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	b.WriteString(u.String())
	return b.String()
}

package intern

import (
	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/exact"
)

// MaxWhole is the largest whole number [Plain] answers with a shared
// decimal.
const MaxWhole = 1000

// wholes holds the decimals 0 to MaxWhole with exponent 0, built once and
// never changed: a decimal.Decimal is immutable, so one value serves every
// text that reads as it.
var wholes = func() (t [MaxWhole + 1]decimal.Decimal) {
	for i := range t {
		t[i] = decimal.New(int64(i), 0)
	}
	return t
}()

// Plain reads the plain form of a decimal ("-12.50", see [exact.Plain]) as
// the decimal decimal.NewFromString gives for it, coefficient and exponent
// alike, without parsing a string; false for any other text, which the
// caller's full parser reads. A whole number from 0 to MaxWhole written
// without a point ("100", "90", "30": most targets, weights and scores) is
// the one decimal shared for it and costs no allocation. The library's
// decimal readers (performance's ParseDecimal and strict JSON decoder, the
// command's CSV cells) read the common form through it.
func Plain(text []byte) (decimal.Decimal, bool) {
	n, exp, ok := exact.Plain(text)
	switch {
	case !ok:
		return decimal.Decimal{}, false
	case exp == 0 && n >= 0 && n <= MaxWhole:
		return wholes[n], true
	}
	return decimal.New(n, exp), true
}

package report

import (
	"html"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/performance"
)

// AmountPlaces is the number of decimals of 万元 the report prints, rounded
// half away from zero (四舍五入), as the bureau's reports print amounts.
const AmountPlaces = 2

// RatePlaces is the number of decimals of a percentage (rates, shares,
// points), rounded half away from zero.
const RatePlaces = 2

// wan prints a yuan amount in 万元 without the unit (the column header
// names it): 177021900 → "17,702.19".
func wan(d decimal.Decimal) string {
	return strings.TrimSuffix(performance.FormatAmountPlaces(d, performance.Wan, AmountPlaces), performance.Wan.String())
}

// wanFloat is the amount in 万元 for chart geometry only.
func wanFloat(d decimal.Decimal) float64 { return d.Shift(-4).InexactFloat64() }

// pct prints a percentage held as a percent figure (19.13 for 19.13%).
func pct(p decimal.Decimal) string { return performance.FormatPercent(p, RatePlaces) }

// ratio prints an exact ratio as a percentage, "-" when it is invalid.
func ratio(r performance.Ratio) string {
	if !r.Valid() {
		return "-"
	}
	return pct(r.Percent(RatePlaces))
}

// ratioFloat is the ratio in percent for chart geometry only.
func ratioFloat(r performance.Ratio) float64 {
	if !r.Valid() {
		return 0
	}
	return r.Num.Mul(decimal.NewFromInt(100)).DivRound(r.Den, 6).InexactFloat64()
}

// esc escapes text for HTML.
func esc(s string) string { return html.EscapeString(s) }

// nullFixed prints a stated figure to two decimals, "-" when not stated.
func nullFixed(d decimal.NullDecimal) string {
	if !d.Valid {
		return "-"
	}
	return d.Decimal.StringFixed(2)
}

package evaluation

import (
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/enum"
)

// RoundDirection is the way a stated score was rounded (舍入方向), as a
// reconciliation recognises it. The zero value, RoundHalfUp, is 四舍五入.
type RoundDirection uint8

const (
	// RoundHalfUp rounds half away from zero (四舍五入): 9.5 → 10, 9.14 → 9.
	// It is the zero value.
	RoundHalfUp RoundDirection = iota
	// RoundDown drops the digits beyond the places (去尾, 向下取整):
	// 9.87 → 9.
	RoundDown
	// RoundUp raises any remainder to the next unit (进一, 向上取整):
	// 9.14 → 10.
	RoundUp
)

var roundDirectionTable = enum.Table[RoundDirection]{
	{V: RoundHalfUp, Code: "half_up", Zh: "四舍五入"},
	{V: RoundDown, Code: "down", Zh: "向下取整", Aliases: []string{"去尾"}},
	{V: RoundUp, Code: "up", Zh: "向上取整", Aliases: []string{"进一"}},
}

// String returns the direction's code: "half_up", "down" or "up".
func (d RoundDirection) String() string {
	if int(d) < len(roundDirectionTable) {
		return roundDirectionTable[d].Code
	}
	return "RoundDirection(" + strconv.Itoa(int(d)) + ")"
}

// MarshalText encodes the direction as its code.
func (d RoundDirection) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes any form [ParseRoundDirection] accepts.
func (d *RoundDirection) UnmarshalText(b []byte) error {
	return enum.DecodeTable(d, roundDirectionTable, false, ParseRoundDirection, b)
}

// ParseRoundDirection reads "half_up" (四舍五入), "down" (向下取整, 去尾) or
// "up" (向上取整, 进一). Anything else is an error wrapping [ErrUnknownName].
func ParseRoundDirection(s string) (RoundDirection, error) {
	if v, ok := roundDirectionTable.Parse(s); ok {
		return v, nil
	}
	return RoundHalfUp, unknown("round direction", s, roundDirectionTable)
}

// A ScoreRounding is how a stated score was rounded from the exact one:
// to Places decimal places (0: whole points, 1: one place) in Direction.
type ScoreRounding struct {
	Places    int32          `json:"places"`
	Direction RoundDirection `json:"direction"`
}

// roundingCandidates are the roundings a reconciliation recognises, in the
// order it tries them: whole points before one place, and at each, half up
// (the 四舍五入 of reports) before down before up, so a stated figure that
// several explain is classed by the most usual.
var roundingCandidates = [...]ScoreRounding{
	{0, RoundHalfUp}, {0, RoundDown}, {0, RoundUp},
	{1, RoundHalfUp}, {1, RoundDown}, {1, RoundUp},
}

// roundFraction rounds num ÷ den (den positive, num not negative) to places
// in direction d, exactly: the quotient is truncated by QuoRem and the
// remainder decides.
func roundFraction(num, den decimal.Decimal, places int32, d RoundDirection) decimal.Decimal {
	if d == RoundHalfUp {
		return num.DivRound(den, places)
	}
	q, r := num.Shift(places).QuoRem(den, 0)
	if d == RoundUp && !r.IsZero() {
		q = q.Add(decimal.NewFromInt(1))
	}
	return q.Shift(-places)
}

// classifyRounding returns the first rounding of num ÷ den (see
// roundingCandidates) that gives stated, or false. noUpTo, when positive,
// is a value rounding up may not reach: an unmet indicator stated at its
// full weight reads as full marks for a missed target, not as rounding.
func classifyRounding(stated, num, den, noUpTo decimal.Decimal) (ScoreRounding, bool) {
	if !den.IsPositive() || num.IsNegative() {
		return ScoreRounding{}, false
	}
	for _, c := range roundingCandidates {
		if c.Places < 0 || -stated.Exponent() > c.Places && !stated.Equal(stated.Truncate(c.Places)) {
			continue // stated carries more places than this rounding keeps
		}
		v := roundFraction(num, den, c.Places, c.Direction)
		if !v.Equal(stated) {
			continue
		}
		if c.Direction == RoundUp && noUpTo.IsPositive() && v.Equal(noUpTo) {
			continue
		}
		return c, true
	}
	return ScoreRounding{}, false
}

// roundingText names a rounded score's deviation, with its rounding:
// "执行率得分取整（向下取整）", "indicator score rounded down to 1 place".
func roundingText(k DeviationKind, r *ScoreRounding) (zh, en string) {
	zh, en = "执行率得分取整", "execution score rounded"
	if k == DeviationRoundedScore {
		zh, en = "指标得分舍入不同", "indicator score rounded"
	}
	if r == nil || *r == (ScoreRounding{}) && k == DeviationRoundedExecution {
		// half up to a whole number, the one rounding recognised before
		// directions were: its wording is kept.
		return zh, en + " to a whole number"
	}
	dirZh, dirEn := roundDirectionTable[0].Zh, "half up"
	if int(r.Direction) < len(roundDirectionTable) {
		dirZh = roundDirectionTable[r.Direction].Zh
	}
	switch r.Direction {
	case RoundDown:
		dirEn = "down"
	case RoundUp:
		dirEn = "up"
	}
	placesZh, placesEn := "取整", "to a whole number"
	if r.Places > 0 {
		placesZh = "保留" + strconv.Itoa(int(r.Places)) + "位小数"
		placesEn = "to " + strconv.Itoa(int(r.Places)) + " place"
		if r.Places > 1 {
			placesEn += "s"
		}
	}
	return zh + "（" + dirZh + placesZh + "）", en + " " + dirEn + " " + placesEn
}

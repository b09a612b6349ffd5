package performance

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/internal/exact"
)

// ErrZeroDenominator is returned when a rate or share is taken over zero: an
// execution rate of a zero budget, a reduction rate of nothing submitted.
var ErrZeroDenominator = errors.New("performance: zero denominator")

var hundred = decimal.NewFromInt(100)

// A Ratio is an exact quotient Num ÷ Den, such as an execution rate (预算执行率),
// a reduction rate (审减率) or a grade share. It is kept unrounded; rounding
// happens only when it is shown ([Ratio.Percent]) or when a regulation says a
// rounded figure is used. The zero value is not a valid ratio (its
// denominator is zero); build one with [NewRatio].
type Ratio struct {
	Num decimal.Decimal `json:"num"`
	Den decimal.Decimal `json:"den"`
}

// NewRatio returns num ÷ den, or ErrZeroDenominator when den is zero.
func NewRatio(num, den decimal.Decimal) (Ratio, error) {
	if den.IsZero() {
		return Ratio{}, ErrZeroDenominator
	}
	return Ratio{Num: num, Den: den}, nil
}

// Valid reports whether the ratio has a non-zero denominator.
func (r Ratio) Valid() bool { return !r.Den.IsZero() }

// Percent returns the ratio as a percentage rounded half up (half away from
// zero, the 四舍五入 of reports) to places decimals: 3386.97 ÷ 17702.19 at two
// places is 19.13. An invalid ratio gives zero.
func (r Ratio) Percent(places int32) decimal.Decimal {
	if !r.Valid() {
		return decimal.Decimal{}
	}
	// A monitoring report prints two percentages for each of its
	// projects: the big.Int multiplication and division were a tenth of
	// jixiao monitor's text output before the exact kernel.
	if q, ok := r.exactly(100, places); ok {
		return decimal.New(q, -places)
	}
	return r.Num.Mul(hundred).DivRound(r.Den, places)
}

// Round returns the ratio as a decimal fraction rounded half up to places
// decimals: 1 ÷ 3 at four places is 0.3333. An invalid ratio gives zero.
func (r Ratio) Round(places int32) decimal.Decimal {
	if !r.Valid() {
		return decimal.Decimal{}
	}
	if q, ok := r.exactly(1, places); ok { // BenchmarkApply, a replay's execution rates
		return decimal.New(q, -places)
	}
	return r.Num.DivRound(r.Den, places)
}

// exactly returns Num × by ÷ Den rounded half away from zero to places on
// the exact int64 kernel, as the coefficient at exponent −places that
// DivRound gives, without its big.Int divisions; false when a figure or the
// quotient does not fit, or places is negative, and the caller divides in
// decimals.
func (r Ratio) exactly(by int64, places int32) (int64, bool) {
	if places < 0 {
		return 0, false
	}
	n, ok := exact.FromDecimal(r.Num)
	if !ok {
		return 0, false
	}
	d, ok := exact.FromDecimal(r.Den)
	if !ok {
		return 0, false
	}
	return exact.MulDiv(n, exact.Fixed{C: by}, d, places)
}

// Cmp compares the exact values of r and s (-1, 0, +1) without rounding. Both
// must be valid.
func (r Ratio) Cmp(s Ratio) int {
	// a/b ? c/d  ⇔  a·d ? c·b, with the sign of b·d.
	c := r.Num.Mul(s.Den).Cmp(s.Num.Mul(r.Den))
	if r.Den.Sign()*s.Den.Sign() < 0 {
		c = -c
	}
	return c
}

// CmpDecimal compares the exact value of r with d (-1, 0, +1).
func (r Ratio) CmpDecimal(d decimal.Decimal) int {
	return r.Cmp(Ratio{Num: d, Den: decimal.NewFromInt(1)})
}

// BudgetBase selects the budget an execution rate is measured against. The
// zero value is the adjusted annual budget (全年预算数), the national default.
type BudgetBase uint8

const (
	// BaseAdjusted measures against the adjusted annual budget (全年预算数).
	BaseAdjusted BudgetBase = iota
	// BaseInitial measures against the initial budget (年初预算数).
	BaseInitial
)

// String returns "adjusted" or "initial".
func (b BudgetBase) String() string {
	if b == BaseInitial {
		return "initial"
	}
	return "adjusted"
}

// ErrUnknownBudgetBase is returned (wrapped) when text names no budget base.
var ErrUnknownBudgetBase = errors.New("performance: unknown budget base")

// ParseBudgetBase reads "adjusted" (also 全年预算数, 全年预算, 调整预算数) or
// "initial" (also 年初预算数, 年初预算), codes in any case, surrounding
// spaces ignored. The empty string gives the default, BaseAdjusted.
// Anything else is an error wrapping [ErrUnknownBudgetBase] that names the
// allowed values.
func ParseBudgetBase(s string) (BudgetBase, error) {
	if b, ok := budgetBaseTable.Parse(s); ok {
		return b, nil
	}
	return BaseAdjusted, fmt.Errorf("%w %q (%s)", ErrUnknownBudgetBase, s, budgetBaseTable.Want())
}

var budgetBaseTable = enum.Table[BudgetBase]{
	{V: BaseAdjusted, Code: "adjusted", Zh: "全年预算数", Aliases: []string{"", "全年预算", "调整预算数", "调整后预算数"}},
	{V: BaseInitial, Code: "initial", Zh: "年初预算数", Aliases: []string{"年初预算"}},
}

// MarshalText encodes the base as "adjusted" or "initial".
func (b BudgetBase) MarshalText() ([]byte, error) {
	if b > BaseInitial {
		return nil, fmt.Errorf("%w %d", ErrUnknownBudgetBase, uint8(b))
	}
	return []byte(b.String()), nil
}

// UnmarshalText decodes any form [ParseBudgetBase] accepts.
func (b *BudgetBase) UnmarshalText(text []byte) error {
	return enum.DecodeTable(b, budgetBaseTable, false, ParseBudgetBase, text)
}

// Execution holds a project's budget execution figures (预算执行) in yuan.
type Execution struct {
	// InitialBudget is the budget as first approved (年初预算数).
	InitialBudget decimal.Decimal `json:"initial_budget"`
	// AdjustedBudget is the budget after in-year adjustments (全年预算数).
	AdjustedBudget decimal.Decimal `json:"adjusted_budget"`
	// Executed is the amount spent (执行数).
	Executed decimal.Decimal `json:"executed"`
}

// Budget returns the budget of the given base.
func (e Execution) Budget(b BudgetBase) decimal.Decimal {
	if b == BaseInitial {
		return e.InitialBudget
	}
	return e.AdjustedBudget
}

// Rate returns the execution rate (预算执行率) executed ÷ budget of the given
// base, exactly, or ErrZeroDenominator for a zero budget.
func (e Execution) Rate(b BudgetBase) (Ratio, error) {
	return NewRatio(e.Executed, e.Budget(b))
}

// Unspent returns budget − executed for the given base (未执行数), exactly,
// as decimal's Sub gives it (at the smaller exponent); it is negative when
// more was spent than budgeted. It is on the exact kernel, without
// big.Int arithmetic, where the figures fit: results application takes it
// for every project of a history replay (BenchmarkApply in evaluation).
func (e Execution) Unspent(b BudgetBase) decimal.Decimal {
	return exact.SubDecimal(e.Budget(b), e.Executed)
}

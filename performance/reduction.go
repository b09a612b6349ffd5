package performance

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

// ErrTooFewFigures is returned (wrapped) by [ReductionFigures.Resolve] when
// fewer than two of submitted, approved and reduced are given.
var ErrTooFewFigures = errors.New("performance: a reduction needs two of submitted, approved and reduced")

// ReductionFigures are a reduction's amounts as a report prints them, each
// optional (an unset NullDecimal is not printed), in yuan: submitted (送审),
// approved (审定), reduced (审减) and increased (审增). They are tied by
//
//	approved = submitted − reduced + increased
//
// so any two of submitted, approved and reduced give the third (increased
// not printed is zero). Reports that print only 审定 and 审减 imply
// 送审 = 审定 + 审减; a net reduction (净审减) is reduced − increased.
type ReductionFigures struct {
	Submitted decimal.NullDecimal `json:"submitted"`
	Approved  decimal.NullDecimal `json:"approved"`
	Reduced   decimal.NullDecimal `json:"reduced"`
	Increased decimal.NullDecimal `json:"increased"`
}

// A Reduction is a resolved set of reduction figures: all four amounts, the
// net reduction, which figure was derived, and whether the printed figures
// agree.
type Reduction struct {
	Submitted decimal.Decimal `json:"submitted"`
	Approved  decimal.Decimal `json:"approved"`
	// Reduced is the gross reduction (审减); Increased the increases (审增).
	Reduced   decimal.Decimal `json:"reduced"`
	Increased decimal.Decimal `json:"increased"`
	// Net is Reduced − Increased (净审减), which the rate is taken of.
	Net decimal.Decimal `json:"net"`
	// Derived names the figure computed from the other two: "submitted",
	// "approved", "reduced", or "" when all three were printed.
	Derived string `json:"derived,omitempty"`
	// Consistent reports that the printed figures satisfy approved =
	// submitted − reduced + increased exactly; always true when one was
	// derived.
	Consistent bool `json:"consistent"`
	// Gap is (submitted − approved) − net: zero when consistent, else how
	// far the printed figures miss each other.
	Gap decimal.Decimal `json:"gap"`
}

// Resolve derives the missing figure exactly, or checks all three when all
// are printed. Fewer than two of submitted, approved and reduced is an
// error wrapping [ErrTooFewFigures]; a negative amount, or a derived
// submitted or reduced below zero, wraps [ErrInvalid].
func (f ReductionFigures) Resolve() (Reduction, error) {
	inc := decimal.Zero
	if f.Increased.Valid {
		inc = f.Increased.Decimal
	}
	n := 0
	for _, d := range []decimal.NullDecimal{f.Submitted, f.Approved, f.Reduced, f.Increased} {
		if d.Valid && d.Decimal.IsNegative() {
			return Reduction{}, fmt.Errorf("%w: negative reduction figure %s", ErrInvalid, d.Decimal)
		}
	}
	for _, d := range []decimal.NullDecimal{f.Submitted, f.Approved, f.Reduced} {
		if d.Valid {
			n++
		}
	}
	if n < 2 {
		return Reduction{}, ErrTooFewFigures
	}
	r := Reduction{Increased: inc, Consistent: true}
	switch {
	case n == 3:
		r.Submitted, r.Approved, r.Reduced = f.Submitted.Decimal, f.Approved.Decimal, f.Reduced.Decimal
	case !f.Submitted.Valid: // 送审 = 审定 + 审减 − 审增
		r.Approved, r.Reduced, r.Derived = f.Approved.Decimal, f.Reduced.Decimal, "submitted"
		r.Submitted = r.Approved.Add(r.Reduced).Sub(inc)
	case !f.Approved.Valid: // 审定 = 送审 − 审减 + 审增
		r.Submitted, r.Reduced, r.Derived = f.Submitted.Decimal, f.Reduced.Decimal, "approved"
		r.Approved = r.Submitted.Sub(r.Reduced).Add(inc)
	default: // 审减 = 送审 − 审定 + 审增
		r.Submitted, r.Approved, r.Derived = f.Submitted.Decimal, f.Approved.Decimal, "reduced"
		r.Reduced = r.Submitted.Sub(r.Approved).Add(inc)
	}
	if r.Submitted.IsNegative() || r.Reduced.IsNegative() || r.Approved.IsNegative() {
		return Reduction{}, fmt.Errorf("%w: derived %s is negative", ErrInvalid, r.Derived)
	}
	r.Net = r.Reduced.Sub(inc)
	r.Gap = r.Submitted.Sub(r.Approved).Sub(r.Net)
	r.Consistent = r.Gap.IsZero()
	return r, nil
}

// Rate returns the exact reduction rate (审减率) net ÷ submitted, or
// ErrZeroDenominator when nothing was submitted.
func (r Reduction) Rate() (Ratio, error) { return NewRatio(r.Net, r.Submitted) }

// CheckRate computes the rate at the places stated carries (91.4 → one
// place, 19.13 → two), rounded half up, at most [MaxPlaces], and reports
// whether it equals stated. stated is a percentage (19.13 for 19.13%).
func (r Reduction) CheckRate(stated decimal.Decimal) (computed decimal.Decimal, places int32, ok bool, err error) {
	ratio, err := r.Rate()
	if err != nil {
		return decimal.Decimal{}, 0, false, err
	}
	places = min(max(-stated.Exponent(), 0), MaxPlaces)
	computed = ratio.Percent(places)
	return computed, places, computed.Equal(stated), nil
}

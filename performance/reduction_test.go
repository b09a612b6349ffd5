package performance_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/performance"
)

// TestReductionFigures: any two of submitted, approved and reduced give
// the third; all three are checked; the rate is computed at the places the
// report printed. Amounts in 万元 (the rate is unitless). By hand:
//
//	seed 一上: 17,702.19 − 3,386.97 = 14,315.22 approved;
//	           3,386.97 ÷ 17,702.19 = 0.191330… → 19.13% (19.1 at one place, 19.133 at three)
//	seed 二上: 1,675.00 + 1,761.29 = 3,436.29 submitted;
//	           1,761.29 ÷ 3,436.29 = 0.512555… → 51.26% (51.3 at one place)
//	net:       100 − 30 + 5 = 75 approved; net 30 − 5 = 25; 25 ÷ 100 = 25%
func TestReductionFigures(t *testing.T) {
	n := func(s string) decimal.NullDecimal {
		if s == "" {
			return decimal.NullDecimal{}
		}
		return decimal.NewNullDecimal(decimal.RequireFromString(s))
	}
	tests := []struct {
		name                                string
		submitted, approved, reduced, incr  string
		wantSub, wantAppr, wantRed, wantNet string
		derived                             string
		consistent                          bool
		gap                                 string
		stated, computed                    string
		rateOK                              bool
	}{
		{"seed round 1 from submitted and reduced", "17702.19", "", "3386.97", "",
			"17702.19", "14315.22", "3386.97", "3386.97", "approved", true, "0", "19.13", "19.13", true},
		{"seed round 1 at one place", "17702.19", "", "3386.97", "",
			"17702.19", "14315.22", "3386.97", "3386.97", "approved", true, "0", "19.1", "19.1", true},
		{"seed round 1 at three places", "17702.19", "", "3386.97", "",
			"17702.19", "14315.22", "3386.97", "3386.97", "approved", true, "0", "19.133", "19.133", true},
		{"seed round 1 misprinted rate", "17702.19", "", "3386.97", "",
			"17702.19", "14315.22", "3386.97", "3386.97", "approved", true, "0", "19.14", "19.13", false},
		{"seed round 2 from approved and reduced", "", "1675.00", "1761.29", "",
			"3436.29", "1675.00", "1761.29", "1761.29", "submitted", true, "0", "51.26", "51.26", true},
		{"seed round 2 at one place", "", "1675.00", "1761.29", "",
			"3436.29", "1675.00", "1761.29", "1761.29", "submitted", true, "0", "51.3", "51.3", true},
		{"reduced from submitted and approved", "100", "80", "", "",
			"100", "80", "20", "20", "reduced", true, "0", "20.00", "20.00", true},
		{"net of increases", "100", "", "30", "5",
			"100", "75", "30", "25", "approved", true, "0", "25", "25", true},
		{"submitted net of increases", "", "75", "30", "5",
			"100", "75", "30", "25", "submitted", true, "0", "25.00", "25.00", true},
		{"all three agree", "100", "80", "20", "",
			"100", "80", "20", "20", "", true, "0", "20", "20", true},
		// 100 − 80 = 20 is not the printed 21: the gap is 20 − 21 = −1.
		{"all three disagree", "100", "80", "21", "",
			"100", "80", "21", "21", "", false, "-1", "21", "21", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := performance.ReductionFigures{Submitted: n(tt.submitted), Approved: n(tt.approved),
				Reduced: n(tt.reduced), Increased: n(tt.incr)}.Resolve()
			require.NoError(t, err)
			for _, c := range []struct {
				what      string
				got, want decimal.Decimal
			}{{"submitted", r.Submitted, rdec(tt.wantSub)}, {"approved", r.Approved, rdec(tt.wantAppr)},
				{"reduced", r.Reduced, rdec(tt.wantRed)}, {"net", r.Net, rdec(tt.wantNet)}, {"gap", r.Gap, rdec(tt.gap)}} {
				assert.True(t, c.got.Equal(c.want), "%s: got %s want %s", c.what, c.got, c.want)
			}
			assert.Equal(t, tt.derived, r.Derived)
			assert.Equal(t, tt.consistent, r.Consistent)
			computed, places, ok, err := r.CheckRate(rdec(tt.stated))
			require.NoError(t, err)
			assert.True(t, computed.Equal(rdec(tt.computed)), "rate: got %s want %s", computed, tt.computed)
			assert.Equal(t, -rdec(tt.stated).Exponent(), places)
			assert.Equal(t, tt.rateOK, ok)
		})
	}
}

func TestReductionFiguresErrors(t *testing.T) {
	one := decimal.NewNullDecimal(decimal.NewFromInt(1))
	_, err := performance.ReductionFigures{Reduced: one}.Resolve()
	assert.ErrorIs(t, err, performance.ErrTooFewFigures)
	_, err = performance.ReductionFigures{Reduced: one, Increased: one}.Resolve()
	assert.ErrorIs(t, err, performance.ErrTooFewFigures, "increases do not count as a second figure")
	_, err = performance.ReductionFigures{Submitted: one, Reduced: decimal.NewNullDecimal(decimal.NewFromInt(-1))}.Resolve()
	assert.ErrorIs(t, err, performance.ErrInvalid)
	// approved 1 above submitted 1 − reduced 2: the derived approved is negative.
	_, err = performance.ReductionFigures{Submitted: one, Reduced: decimal.NewNullDecimal(decimal.NewFromInt(2))}.Resolve()
	assert.ErrorIs(t, err, performance.ErrInvalid)
	r, err := performance.ReductionFigures{Approved: decimal.NewNullDecimal(decimal.Zero), Reduced: decimal.NewNullDecimal(decimal.Zero)}.Resolve()
	require.NoError(t, err)
	_, _, _, err = r.CheckRate(rdec("0"))
	assert.ErrorIs(t, err, performance.ErrZeroDenominator)
}

func rdec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

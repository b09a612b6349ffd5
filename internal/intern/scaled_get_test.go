package intern

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
)

func TestScaledGet(t *testing.T) {
	tb := Scaled{Step: 1}
	for _, c := range []int64{0, 1, -1, 914, -914, 10000, -10000, 255, 256, ScaledPages*ScaledPageLen - 1, -(ScaledPages*ScaledPageLen - 1)} {
		got := tb.Get(c, -2)
		want := decimal.New(c, -2)
		// Value and exponent both: 9.14 is not 9.140.
		assert.True(t, got.Equal(want) && got.Exponent() == -2, "Get(%d, -2) = %s (exp %d), want %s", c, got, got.Exponent(), want)
		again := tb.Get(c, -2)
		assert.Equal(t, got, again, "Get(%d, -2) twice gives the same decimal", c)
	}
	assert.Equal(t, 11, tb.Len(), "eleven coefficients interned")

	// Outside the bound and at another exponent: built anew, right all the same.
	for _, tc := range []struct {
		c   int64
		exp int32
	}{{ScaledPages * ScaledPageLen, -2}, {-ScaledPages * ScaledPageLen, -2}, {914, -1}, {914, 0}, {-7, -3}} {
		got := tb.Get(tc.c, tc.exp)
		assert.True(t, got.Equal(decimal.New(tc.c, tc.exp)) && got.Exponent() == tc.exp, "Get(%d, %d) = %s", tc.c, tc.exp, got)
	}
	assert.Equal(t, 11, tb.Len(), "nothing outside the bound or at another exponent is kept")
}

func TestScaledFirstExponent(t *testing.T) {
	tb := Scaled{Step: 1}
	got := tb.Get(95, -1) // the first call fixes the exponent: tenths
	assert.Equal(t, "9.5", got.String())
	assert.Equal(t, int32(-1), tb.Get(95, -1).Exponent())
	assert.Equal(t, int32(-2), tb.Get(950, -2).Exponent(), "another exponent is built, not confused with tenths")
	assert.Equal(t, 1, tb.Len())
}

func TestScaledNoAllocation(t *testing.T) {
	tb := Scaled{Step: 1}
	tb.Get(914, -2) // fills the slot and its page
	n := testing.AllocsPerRun(100, func() { tb.Get(914, -2) })
	assert.Zero(t, n, "an interned value costs no allocation")
}

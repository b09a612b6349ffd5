package intern

import (
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every value Get returns is decimal.New(c, exp), built or interned:
// compared by value and by exponent (its text), which is what a result's
// JSON shows.
func TestHashedValues(t *testing.T) {
	var tb Hashed
	for _, c := range []int64{0, 1, -1, 8567, -8567, 123456789012, math.MaxInt64, math.MinInt64} {
		want := decimal.New(c, -2)
		for range 2 { // built, then interned: the same value
			got := tb.Get(c, -2)
			assert.True(t, got.Equal(want), "Get(%d, -2) = %s, want %s", c, got, want)
			assert.Equal(t, int32(-2), got.Exponent())
			assert.Equal(t, want.String(), got.String())
		}
	}
}

// TestHashedCollisions fills the table several times over: a slot taken by
// another coefficient gives that coefficient's value, never the one it
// held before, and the table stays within its slots.
func TestHashedCollisions(t *testing.T) {
	var tb Hashed
	const n = 4 * HashedPages * HashedPageLen
	for round := range 2 {
		for c := int64(0); c < n; c++ {
			v := c*7919 + int64(round) // another set of coefficients each round
			got := tb.Get(v, -2)
			require.Equal(t, v, got.CoefficientInt64(), "Get(%d, -2)", v)
			require.Equal(t, int32(-2), got.Exponent())
		}
	}
	assert.LessOrEqual(t, tb.Len(), HashedPages*HashedPageLen)
}

func TestHashedInterns(t *testing.T) {
	var tb Hashed
	tb.Get(1234567, -2) // allocates the page and the value
	allocs := testing.AllocsPerRun(100, func() { _ = tb.Get(1234567, -2) })
	assert.Zero(t, allocs, "an interned value is not built again")
	assert.Equal(t, 1, tb.Len())
}

func TestHashedOneExponent(t *testing.T) {
	var tb Hashed
	assert.Equal(t, "85.67", tb.Get(8567, -2).String())
	// Another exponent is built, not read from the table: the same
	// coefficient is then 0.8567, never the 85.67 kept before.
	got := tb.Get(8567, -4)
	assert.Equal(t, "0.8567", got.String())
	assert.Equal(t, int32(-4), got.Exponent())
	assert.Equal(t, "85.67", tb.Get(8567, -2).String())
	allocs := testing.AllocsPerRun(100, func() { _ = tb.Get(8567, -4) })
	assert.NotZero(t, allocs, "values of another exponent are built each time")
}

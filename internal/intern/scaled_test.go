package intern

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScaledValues(t *testing.T) {
	for _, tt := range []struct {
		name string
		step int64
		c    int64
		exp  int32
		want string
	}{
		{"kept, step 1", 1, 8567, -2, "85.67"},
		{"kept, step 100", 100, 855000, -4, "85.5"},
		{"not a multiple of the step", 100, 855001, -4, "85.5001"},
		{"zero", 1, 0, -2, "0"},
		{"negative", 1, -5, -2, "-0.05"},
		{"past the pages", 1, ScaledPages * ScaledPageLen, -2, "163.84"}, // 16,384 hundredths
		{"off", 0, 8567, -2, "85.67"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tb := Scaled{Step: tt.step}
			for range 2 { // built, then (when kept) interned: the same value
				got := tb.Get(tt.c, tt.exp)
				assert.True(t, got.Equal(decimal.RequireFromString(tt.want)), "got %s, want %s", got, tt.want)
				assert.Equal(t, tt.exp, got.Exponent(), "the exponent asked for")
			}
		})
	}
}

func TestScaledInterns(t *testing.T) {
	tb := Scaled{Step: 1}
	tb.Get(8567, -2) // allocates the page and the value
	allocs := testing.AllocsPerRun(100, func() { _ = tb.Get(8567, -2) })
	assert.Zero(t, allocs, "an interned value is not built again")

	var off Scaled
	allocs = testing.AllocsPerRun(100, func() { _ = off.Get(8567, -2) })
	assert.NotZero(t, allocs, "the zero value builds every value")

	past := testing.AllocsPerRun(100, func() { _ = tb.Get(ScaledPages*ScaledPageLen, -2) })
	assert.NotZero(t, past, "values past the pages are built")
}

func TestScaledOneExponent(t *testing.T) {
	tb := Scaled{Step: 1}
	assert.Equal(t, "85.67", tb.Get(8567, -2).String())
	// Another exponent is built, not read from the table: the same
	// coefficient is then 0.8567, never the 85.67 kept before.
	got := tb.Get(8567, -4)
	assert.Equal(t, "0.8567", got.String())
	assert.Equal(t, int32(-4), got.Exponent())
	assert.Equal(t, "85.67", tb.Get(8567, -2).String())
}

// (Moved from evaluation/exante, where the table was its decimalCache.)
// An interned score is the same decimal, exponent included, as one built
// anew, and asking again costs no allocation.
func TestScaledLikeBuilt(t *testing.T) {
	for _, dc := range []*Scaled{{}, {Step: 1}, {Step: 100}} {
		for _, c := range []int64{0, 1, 99, 100, 8550, 8551, 1_000_000, 1_638_300, 1_638_400, 50_000_000, -5} {
			for _, exp := range []int32{-2, -4} {
				got, want := dc.Get(c, exp), decimal.New(c, exp)
				require.True(t, got.Equal(want) && got.Exponent() == want.Exponent(), "step %d: Get(%d, %d) = %s", dc.Step, c, exp, got)
				require.True(t, dc.Get(c, exp).Equal(want), "again")
			}
		}
	}
	dc := &Scaled{Step: 100}
	dc.Get(8500, -4)
	assert.Zero(t, testing.AllocsPerRun(100, func() { dc.Get(8500, -4) }))
	assert.NotZero(t, testing.AllocsPerRun(100, func() { dc.Get(8501, -4) }), "not whole hundredths: built each time")
}

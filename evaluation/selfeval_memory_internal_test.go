package evaluation

import (
	"strconv"
	"testing"
	"unsafe"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/decexpr"
	"github.com/jixiao-go/jixiao/internal/slab"
	"github.com/jixiao-go/jixiao/performance"
)

func TestResultMemoryKeep(t *testing.T) {
	var nilMem *resultMemory
	assert.Nil(t, nilMem.scratch(), "no memory: a list of its own")
	own := []Deviation{{Path: "total"}}
	assert.Equal(t, own, nilMem.keep(own), "no memory: the list as it is")

	mem := newResultMemory()
	m := &mem
	assert.Nil(t, m.keep(m.scratch()), "no deviations: nil, as the one-form path gives")

	// Two forms' lists from one block, each capped.
	a := m.keep(append(m.scratch(), Deviation{Path: "rate"}, Deviation{Path: "total"}))
	b := m.keep(append(m.scratch(), Deviation{Path: "execution"}))
	assert.Equal(t, []string{"rate", "total"}, []string{a[0].Path, a[1].Path})
	assert.Equal(t, "execution", b[0].Path, "the scratch reused for the next form does not change the first's list")
	assert.Equal(t, 2, cap(a))
	next := uintptr(unsafe.Pointer(&a[1])) + unsafe.Sizeof(Deviation{})
	assert.Equal(t, next, uintptr(unsafe.Pointer(&b[0])), "the second list follows the first in the block")

	// A list longer than slab.BlockLen/8 gets an array of its own.
	long := m.scratch()
	for i := range slab.BlockLen/8 + 1 {
		long = append(long, Deviation{Path: "indicators[" + strconv.Itoa(i) + "]"})
	}
	kept := m.keep(long)
	assert.Len(t, kept, slab.BlockLen/8+1)
	c := m.keep(append(m.scratch(), Deviation{Path: "rate"}))
	after := uintptr(unsafe.Pointer(&b[0])) + unsafe.Sizeof(Deviation{})
	assert.Equal(t, after, uintptr(unsafe.Pointer(&c[0])), "the block is not used for a long list: the next short list follows the second")
	assert.Equal(t, "indicators[64]", kept[64].Path)
}

func TestResultMemoryDecimal(t *testing.T) {
	mem := newResultMemory()
	m := &mem
	// 81.64 twice: one decimal, equal to decimal.New(8164, -2).
	x, y := m.decimal(decexpr.New(8164, -2)), m.decimal(decexpr.New(8164, -2))
	assert.Equal(t, "81.64", x.String())
	assert.Equal(t, x, y)
	assert.Equal(t, int32(-2), m.units(914, 2).Exponent(), "9.14: units of 10^-2")
	assert.Equal(t, "9.14", m.units(914, 2).String())
	// A number too large for int64 (wide) is built by decimal.
	wide := decexpr.Mul(decexpr.New(1e18, 0), decexpr.New(1e18, 0))
	assert.Equal(t, "1000000000000000000000000000000000000", m.decimal(wide).String())
	var nilMem *resultMemory
	assert.Equal(t, "81.64", nilMem.decimal(decexpr.New(8164, -2)).String())
	assert.Equal(t, "9.14", nilMem.units(914, 2).String())
}

// TestResultMemoryGrade grades totals held as integers against the national
// bands (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 ≥ 0) by hand, then every total
// 0.00–100.00 and a few beyond against scheme.Grade itself.
func TestResultMemoryGrade(t *testing.T) {
	scheme := performance.DefaultScheme()
	mem := newResultMemory()
	m := &mem
	for _, tc := range []struct {
		c     int64
		e     int32
		label string
	}{
		{9000, -2, "优"}, {8999, -2, "良"}, {8000, -2, "良"}, {7999, -2, "中"}, {6000, -2, "中"},
		{5999, -2, "差"}, {0, -2, "差"}, {10000, -2, "优"}, {900, -1, "优"}, {899, -1, "良"}, {60, 0, "中"},
	} {
		b, err := m.grade(scheme, decimal.New(tc.c, tc.e), decexpr.New(tc.c, tc.e))
		require.NoError(t, err)
		assert.Equal(t, tc.label, b.Label, "%d × 10^%d", tc.c, tc.e)
	}
	// Out of range: Grade's own errors.
	for _, c := range []int64{10001, -1} {
		_, err := m.grade(scheme, decimal.New(c, -2), decexpr.New(c, -2))
		assert.ErrorIs(t, err, performance.ErrScoreOutOfRange, "%d hundredths", c)
	}
	for c := int64(-5); c <= 10005; c++ {
		d := decimal.New(c, -2)
		want, wantErr := scheme.Grade(d)
		got, err := m.grade(scheme, d, decexpr.New(c, -2))
		require.Equal(t, wantErr, err, "%s", d)
		require.Equal(t, want, got, "%s", d)
	}

	// A floor of three places cannot be held in hundredths: Grade decides.
	odd := performance.Scheme{Bands: []performance.Band{
		{Label: "A", Min: decimal.RequireFromString("59.995")}, {Label: "B", Min: decimal.Zero}}}
	mem = newResultMemory()
	m = &mem
	b, err := m.grade(odd, decimal.New(5999, -2), decexpr.New(5999, -2))
	require.NoError(t, err)
	assert.Equal(t, "B", b.Label, "59.99 < 59.995")
	assert.False(t, m.bands.ok)
	// No band reached: Grade's ErrNoBand.
	high := performance.Scheme{Bands: []performance.Band{{Label: "A", Min: decimal.NewFromInt(50)}}}
	mem = newResultMemory()
	m = &mem
	_, err = m.grade(high, decimal.New(4000, -2), decexpr.New(4000, -2))
	assert.ErrorIs(t, err, performance.ErrNoBand)
}

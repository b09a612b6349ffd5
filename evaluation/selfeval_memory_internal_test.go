package evaluation

import (
	"strconv"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"

	"github.com/jixiao-go/jixiao/internal/decexpr"
)

func TestResultMemoryKeep(t *testing.T) {
	var nilMem *resultMemory
	assert.Nil(t, nilMem.scratch(), "no memory: a list of its own")
	own := []Deviation{{Path: "total"}}
	assert.Equal(t, own, nilMem.keep(own), "no memory: the list as it is")

	m := &resultMemory{}
	assert.Nil(t, m.keep(m.scratch()), "no deviations: nil, as the one-form path gives")

	// Two forms' lists from one block, each capped.
	a := m.keep(append(m.scratch(), Deviation{Path: "rate"}, Deviation{Path: "total"}))
	b := m.keep(append(m.scratch(), Deviation{Path: "execution"}))
	assert.Equal(t, []string{"rate", "total"}, []string{a[0].Path, a[1].Path})
	assert.Equal(t, "execution", b[0].Path, "the scratch reused for the next form does not change the first's list")
	assert.Equal(t, 2, cap(a))
	next := uintptr(unsafe.Pointer(&a[1])) + unsafe.Sizeof(Deviation{})
	assert.Equal(t, next, uintptr(unsafe.Pointer(&b[0])), "the second list follows the first in the block")

	// A list longer than devBlock/8 gets an array of its own.
	long := m.scratch()
	for i := range devBlock/8 + 1 {
		long = append(long, Deviation{Path: "indicators[" + strconv.Itoa(i) + "]"})
	}
	free := len(m.free)
	kept := m.keep(long)
	assert.Len(t, kept, devBlock/8+1)
	assert.Equal(t, free, len(m.free), "the block is not used for a long list")
	assert.Equal(t, "indicators[64]", kept[64].Path)
}

func TestResultMemoryDecimal(t *testing.T) {
	m := &resultMemory{}
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

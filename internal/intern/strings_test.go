package intern

import (
	"fmt"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
)

// TestStringsShared: equal bytes give one string (one allocation), and
// every answer equals its bytes, also for strings that differ only past
// the first word, by a zero byte, or in length.
func TestStringsShared(t *testing.T) {
	var tb Strings // the zero value is an empty table
	a := tb.String([]byte("ZJ15"))
	b := tb.String([]byte("ZJ15"))
	assert.Equal(t, "ZJ15", b)
	assert.Equal(t, unsafe.StringData(a), unsafe.StringData(b), "the second ZJ15 is the first one")

	for _, s := range []string{"", "a", "a\x00", "XM2021-000000", "XM2021-000001", "0123456789abcdef", "0123456789abcdeg", "0123456789abcdefg"} {
		for range 2 {
			assert.Equal(t, s, tb.String([]byte(s)))
		}
	}
}

// TestStringsBounded: many distinct strings never grow the table past its
// slots, and each answer is still its bytes.
func TestStringsBounded(t *testing.T) {
	tb := NewStrings(1 << 30)
	assert.Len(t, tb.slots, maxStrings)
	for i := range 3 * maxStrings {
		s := fmt.Sprintf("XM%06d", i)
		assert.Equal(t, s, tb.String([]byte(s)))
	}
	assert.Len(t, tb.slots, maxStrings)
	assert.Len(t, NewStrings(0).slots, minStrings)
	assert.Len(t, NewStrings(256*100).slots, 128) // 100 slots' worth, rounded up to a power of two
}

func TestStringsAllocs(t *testing.T) {
	tb := NewStrings(0)
	b := []byte("N1")
	tb.String(b)
	allocs := testing.AllocsPerRun(100, func() { _ = tb.String(b) })
	assert.Zero(t, allocs, "a string held is not allocated again")
}

// TestStringsLong: a string of MaxString to MaxLong bytes met again is
// the one held (no allocation), every answer equals its bytes (also for
// strings differing only in their last byte, in a middle word, or in
// length), short ones go to String's table and longer ones are not held.
func TestStringsLong(t *testing.T) {
	var tb Strings
	name := "服务对象满意度指标" // 27 bytes
	a := tb.Long([]byte(name))
	b := tb.Long([]byte(name))
	assert.Equal(t, name, b)
	assert.Equal(t, unsafe.StringData(a), unsafe.StringData(b), "the second name is the first one")
	nb := []byte(name)
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = tb.Long(nb) }), "a name held is not allocated again")

	base := "0123456789abcdefghijklmnopqrstuvwxyz" // 36 bytes
	for _, s := range []string{base, base[:35] + "Z", "0123456789abXdefghijklmnopqrstuvwxyz", base[:17], base[:24], base[:25],
		base + "0123456789abcdefghijklmnopqrstuvwxyz"[:28], "ZJ15", ""} {
		for range 2 {
			assert.Equal(t, s, tb.Long([]byte(s)), "%d bytes", len(s))
		}
	}
	tooLong := []byte(base + base)
	assert.Equal(t, string(tooLong), tb.Long(tooLong))
	assert.NotZero(t, testing.AllocsPerRun(10, func() { _ = tb.Long(tooLong) }), "over MaxLong bytes are not held")

	big := NewStrings(1 << 30)
	for i := range 3 * maxStrings {
		s := fmt.Sprintf("项目名称%012d", i) // 24 bytes
		assert.Equal(t, s, big.Long([]byte(s)))
	}
	assert.Len(t, big.long, maxStrings, "the long table is bounded as the first")
}

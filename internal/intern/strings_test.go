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

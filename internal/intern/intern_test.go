package intern

import (
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecimalsGetPut(t *testing.T) {
	var tb Decimals // the zero value is an empty table
	_, ok := tb.Get([]byte("9.5"))
	assert.False(t, ok, "an empty table holds nothing")

	d := decimal.RequireFromString("9.5")
	tb.Put([]byte("9.5"), d)
	got, ok := tb.Get([]byte("9.5"))
	require.True(t, ok)
	// The very value put, coefficient and exponent: 95 × 10^-1.
	assert.Equal(t, int64(95), got.CoefficientInt64())
	assert.Equal(t, int32(-1), got.Exponent())
	_, ok = tb.Get([]byte("9.50"))
	assert.False(t, ok, "texts are keys: 9.50 is not 9.5")

	long := []byte("123456789") // MaxText+1 bytes
	tb.Put(long, decimal.RequireFromString(string(long)))
	_, ok = tb.Get(long)
	assert.False(t, ok, "a text longer than MaxText is not kept")
	assert.Equal(t, 1, tb.Len())
}

// TestDecimalsBounded puts twice MaxDecimals distinct texts: the table
// keeps the first MaxDecimals and no more, and still answers for them.
func TestDecimalsBounded(t *testing.T) {
	var tb Decimals
	for i := range 2 * MaxDecimals {
		s := strconv.Itoa(i)
		tb.Put([]byte(s), decimal.New(int64(i), 0))
	}
	assert.Equal(t, MaxDecimals, tb.Len())
	got, ok := tb.Get([]byte(strconv.Itoa(MaxDecimals - 1)))
	require.True(t, ok, "the last text that fitted is kept")
	assert.True(t, got.Equal(decimal.New(MaxDecimals-1, 0)))
	_, ok = tb.Get([]byte(strconv.Itoa(MaxDecimals)))
	assert.False(t, ok, "the first text past the bound is not kept")
}

// TestDecimalsKeys: texts that pad to the same word are told apart, and a
// text with a zero byte is not kept (it would pad like a shorter one).
func TestDecimalsKeys(t *testing.T) {
	var tb Decimals
	tb.Put([]byte("1"), decimal.New(1, 0))
	_, ok := tb.Get([]byte("1\x00"))
	assert.False(t, ok, `"1\x00" is not "1"`)
	tb.Put([]byte("1\x00"), decimal.New(2, 0))
	got, ok := tb.Get([]byte("1"))
	require.True(t, ok)
	assert.True(t, got.Equal(decimal.New(1, 0)), "got %s for 1, want 1", got)
	assert.Equal(t, 1, tb.Len())
	tb.Put([]byte("12345678"), decimal.New(12345678, 0)) // MaxText bytes: one full word
	got, ok = tb.Get([]byte("12345678"))
	require.True(t, ok)
	assert.True(t, got.Equal(decimal.New(12345678, 0)))
	_, ok = tb.Get([]byte("1234567"))
	assert.False(t, ok)
}

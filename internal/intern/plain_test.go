package intern

import (
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPlain checks Plain against decimal.NewFromString, coefficient and
// exponent alike, around the shared wholes (0 to MaxWhole, and past them)
// and for fractions, negatives and texts it leaves to the full parser;
// the shared wholes cost no allocation.
func TestPlain(t *testing.T) {
	var texts []string
	for n := -2; n <= MaxWhole+2; n++ {
		texts = append(texts, strconv.Itoa(n))
	}
	texts = append(texts, "-0", "10.0", "0.5", "-12.50", "100.00", "123456789012345678")
	for _, s := range texts {
		got, ok := Plain([]byte(s))
		require.True(t, ok, s)
		want, err := decimal.NewFromString(s)
		require.NoError(t, err, s)
		require.True(t, got.Coefficient().Cmp(want.Coefficient()) == 0 && got.Exponent() == want.Exponent(),
			"%s: %s×10^%d, want %s×10^%d", s, got.Coefficient(), got.Exponent(), want.Coefficient(), want.Exponent())
	}
	for _, s := range []string{"", "+5", "1e3", ".5", "5.", "1,000", " 1", "1234567890123456789"} {
		_, ok := Plain([]byte(s))
		assert.False(t, ok, "%q", s)
	}
	for _, s := range []string{"0", "30", "100", "1000"} {
		b := []byte(s)
		assert.Zero(t, testing.AllocsPerRun(100, func() { _, _ = Plain(b) }), s)
	}
}

package exact

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests moved here from evaluation (gate_test.go, reduction_test.go)
// with the fen conversions they test.

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestToFen(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true}, {"1", 100, true}, {"1.5", 150, true}, {"1.50", 150, true}, {"1.500", 150, true},
		{"1.505", 0, false}, {"-2.01", -201, true}, {"10000000000000", 1_000_000_000_000_000, true},
		{"10000000000000.01", 0, false}, {"0.000000000000000000000", 0, true},
	}
	for _, tt := range tests {
		got, ok := Fen(dec(tt.in))
		assert.Equal(t, tt.ok, ok, tt.in)
		if ok {
			assert.Equal(t, tt.want, got, tt.in)
		}
	}
	// q × p to the fen, half away from zero: 0.5 × 0.01 = 0.005 → 0.01;
	// 3 × 33.333 = 99.999 → 100.00; 0.004 × 1 → 0.00.
	for _, c := range [][3]string{{"0.5", "0.01", "1"}, {"3", "33.333", "10000"}, {"0.004", "1", "0"}} {
		got, ok := MulFen(dec(c[0]), dec(c[1]))
		require.True(t, ok)
		assert.Equal(t, dec(c[2]).IntPart(), got, "%s × %s", c[0], c[1])
	}
}

func TestRoundFen(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int64
	}{
		{"0.005", 1}, {"0.0049", 0}, {"-0.005", -1}, {"12.345", 1235}, {"7", 700}, {"1e-30", 0}, {"0.015", 2},
	} {
		got, ok := RoundFen(dec(tt.in))
		require.True(t, ok, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
		// the same as decimal's half-away-from-zero Round(2)
		assert.Equal(t, dec(tt.in).Round(2).Shift(2).IntPart(), got, tt.in)
	}
	_, ok := RoundFen(dec("1e30"))
	assert.False(t, ok)
}

// RoundFenParts(c, e) is RoundFen(decimal.New(c, e)): same fen, same ok,
// around the 17-digit bound, the int64 extremes and every exponent.
func TestRoundFenPartsEqualsRoundFen(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	cs := []int64{0, 1, -1, 5, -5, 49, 50, -50, 1e17 - 1, 1e17, -(1e17 - 1), -1e17, 1<<63 - 1, -1 << 63, 99_999_999_999_999_995}
	for range 3000 {
		cs = append(cs, rng.Int64N(1e18)-5e17, rng.Int64N(1e9)-5e8, rng.Int64())
	}
	for _, c := range cs {
		for e := int32(-25); e <= 20; e++ {
			want, wantOK := RoundFen(decimal.New(c, e))
			got, ok := RoundFenParts(c, e)
			require.Equal(t, wantOK, ok, "%d e%d", c, e)
			require.Equal(t, want, got, "%d e%d", c, e)
		}
	}
}

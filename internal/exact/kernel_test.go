package exact

import (
	"math/big"
	"math/rand"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests moved here from goals/fixed_test.go with the kernel they test.

func TestMulDivAgainstBigInt(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	fellBack := 0
	for i := 0; i < 100_000; i++ {
		a := Fixed{C: rng.Int63n(1e12) - 5e11, E: int32(rng.Intn(9) - 6)}
		b := Fixed{C: rng.Int63n(1e12) - 5e11, E: int32(rng.Intn(9) - 6)}
		d := Fixed{C: rng.Int63n(1e12) + 1, E: int32(rng.Intn(9) - 6)}
		places := int32([]int{0, 2, 10}[rng.Intn(3)])
		got, ok := MulDiv(a, b, d, places)
		want := decimal.New(a.C, a.E).Mul(decimal.New(b.C, b.E)).DivRound(decimal.New(d.C, d.E), places)
		wantUnits := want.Shift(places).BigInt()
		if !ok {
			fellBack++ // too large for 64 bits: the caller uses decimals
			continue
		}
		require.Equal(t, wantUnits.String(), big.NewInt(got).String(), "%v × %v ÷ %v at %d", a, b, d, places)
	}
	assert.Less(t, fellBack, 50_000, "most products of 12-digit figures fit")
}

func TestCmpWide(t *testing.T) {
	tests := []struct {
		a, b Fixed
		want int
	}{
		{Fixed{100, 0}, Fixed{1, 2}, 0},
		{Fixed{-5, 0}, Fixed{3, 0}, -1},
		{Fixed{0, 0}, Fixed{-1, -30}, 1},
		{Fixed{95, 0}, Fixed{9500, -2}, 0},
		{Fixed{9501, -2}, Fixed{95, 0}, 1},
		{Fixed{-9501, -2}, Fixed{-95, 0}, -1},
	}
	for _, tt := range tests {
		got, ok := Cmp(tt.a, tt.b)
		require.True(t, ok)
		assert.Equal(t, tt.want, got, "%v ? %v", tt.a, tt.b)
	}
	_, ok := Cmp(Fixed{1, 30}, Fixed{1, -30})
	assert.False(t, ok, "a 60-digit alignment does not fit and must fall back")
}

func TestRoundUnits(t *testing.T) {
	assert.Equal(t, int64(667), RoundUnits(66666666667, 10, 2))
	assert.Equal(t, int64(4), RoundUnits(375, 2, 0))   // 3.75 → 4
	assert.Equal(t, int64(-4), RoundUnits(-375, 2, 0)) // half away from zero
	assert.Equal(t, int64(3), RoundUnits(349, 2, 0))
	assert.Equal(t, int64(1234), RoundUnits(1234, 2, 2))
}

func TestSumEqualsDecimal(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	for i := 0; i < 5000; i++ {
		var s Sum
		want := decimal.Zero
		for k := rng.Intn(30); k >= 0; k-- {
			x := randDec(rng, 18, 12, true)
			if rng.Intn(50) == 0 {
				x = x.Mul(decimal.New(1, 30)) // beyond int64: the sum moves to decimals
			}
			s.Add(x)
			want = want.Add(x)
		}
		require.True(t, s.Value().Equal(want), "got %s want %s", s.Value(), want)
		require.Equal(t, want.Cmp(decimal.NewFromInt(100)), s.Cmp(decimal.NewFromInt(100)))
	}
}

// randDec returns a random decimal with up to digits digits and an exponent
// in [-maxPlaces, 2], sometimes negative.
func randDec(rng *rand.Rand, digits int, maxPlaces int, neg bool) decimal.Decimal {
	var c int64 = 1
	n := 1 + rng.Intn(digits)
	for i := 0; i < n; i++ {
		c = c*10 + rng.Int63n(10)
	}
	c = c % 1_000_000_000_000_000_000
	if neg && rng.Intn(8) == 0 {
		c = -c
	}
	if rng.Intn(10) == 0 {
		c = 0
	}
	return decimal.New(c, int32(rng.Intn(maxPlaces+3)-maxPlaces))
}

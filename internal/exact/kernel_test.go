package exact

import (
	"math"
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
	_, ok := CmpWide(Fixed{1, 30}.Wide(), Fixed{1, -30}.Wide())
	assert.False(t, ok, "a 60-digit alignment does not fit 128 bits and must fall back")
	// 10^30 against 10^−30: 60 places apart, the signs decide (+1)
	got, ok := Cmp(Fixed{1, 30}, Fixed{1, -30})
	assert.True(t, ok, "exponents 20 or more apart are decided by the signs")
	assert.Equal(t, 1, got)
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

// TestAddSubEqualDecimal holds Add and Sub to decimal.Decimal's Add and
// Sub, coefficient and exponent alike (zeros of any exponent included,
// as Parts keeps them), and checks that they report false, never a wrong
// figure, when aligning or the sum overflows: sums of 18-digit figures and
// alignments across 20 places do not fit.
func TestAddSubEqualDecimal(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	fellBack := 0
	for i := 0; i < 100_000; i++ {
		x, y := randDec(rng, 18, 12, true), randDec(rng, 18, 12, true)
		if rng.Intn(20) == 0 {
			y = y.Shift(int32(rng.Intn(20))) // far apart: aligning may overflow
		}
		a, ok1 := Parts(x)
		b, ok2 := Parts(y)
		require.True(t, ok1 && ok2, "%s and %s have at most 18 digits", x, y)
		for _, op := range []struct {
			name string
			f    func(a, b Fixed) (Fixed, bool)
			want decimal.Decimal
		}{{"+", Add, x.Add(y)}, {"−", Sub, x.Sub(y)}} {
			got, ok := op.f(a, b)
			if !ok {
				fellBack++ // the caller computes op.want in decimals
				continue
			}
			require.Equal(t, op.want.Exponent(), got.E, "%s %s %s: exponent", x, op.name, y)
			require.Equal(t, op.want.String(), got.Decimal().String(), "%s %s %s", x, op.name, y)
		}
	}
	// Up to 18 digits at exponents 15 apart, about a quarter of the pairs
	// cannot be aligned in an int64.
	assert.Less(t, fellBack, 70_000, "most sums fit")
	assert.Greater(t, fellBack, 0, "the overflow checks are exercised")
	_, ok := Add(Fixed{C: math.MaxInt64 - 1}, Fixed{C: 2})
	assert.False(t, ok, "an overflowing sum falls back")
	_, ok = Sub(Fixed{C: -2}, Fixed{C: math.MaxInt64})
	assert.False(t, ok, "an overflowing difference falls back")
	z, ok := Parts(decimal.RequireFromString("0.00"))
	assert.True(t, ok)
	assert.Equal(t, Fixed{C: 0, E: -2}, z, "Parts keeps a zero's exponent")
}

// TestCmpShortcutsEqualWide holds Cmp's two shortcuts (equal exponents; the
// larger exponent's coefficient scaled into an int64) to CmpWide, the
// 128-bit alignment they skip (decimal.Cmp where 128 bits cannot align and
// the signs decide), at the edges of the int64 shortcut: a
// scaled coefficient just inside and just outside MaxInt64, MinInt64 on
// either side, 19 places (the last power of ten the table has), zeros and
// signs. Each pair is compared both ways round.
func TestCmpShortcutsEqualWide(t *testing.T) {
	const maxI, minI = math.MaxInt64, math.MinInt64
	pairs := [][2]Fixed{
		{{maxI, 0}, {maxI, 0}}, {{minI, 0}, {maxI, 0}}, {{minI, 0}, {minI, 0}},
		{{922337203685477580, 1}, {maxI, 0}},  // 9223372036854775800 < MaxInt64: fits
		{{922337203685477581, 1}, {maxI, 0}},  // 9223372036854775810 > MaxInt64: wide
		{{-922337203685477580, 1}, {minI, 0}}, // fits, above MinInt64
		{{-922337203685477581, 1}, {minI, 0}}, // below MinInt64: wide
		{{minI, 1}, {minI, 0}}, {{minI, 1}, {5, -3}},
		{{1, 19}, {maxI, 0}}, {{-1, 18}, {-999999999999999999, 0}},
		{{0, 5}, {0, -5}}, {{0, 3}, {-1, 0}}, {{3, 2}, {299, 0}}, {{-3, 2}, {-301, 0}},
		{{7, -1}, {70, -2}}, {{7, -1}, {71, -2}}, {{1, 40}, {maxI, -40}},
	}
	for _, p := range pairs {
		for _, q := range [][2]Fixed{p, {p[1], p[0]}} {
			want, wok := CmpWide(q[0].Wide(), q[1].Wide())
			got, ok := Cmp(q[0], q[1])
			if !wok && ok { // decided by the signs where 128 bits cannot align: decimal's answer
				wok, want = true, q[0].Decimal().Cmp(q[1].Decimal())
			}
			if ok != wok || ok && got != want {
				t.Errorf("Cmp(%v, %v) = %d, %v; CmpWide gives %d, %v", q[0], q[1], got, ok, want, wok)
			}
		}
	}
}

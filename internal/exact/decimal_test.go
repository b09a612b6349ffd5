package exact

import (
	"math"
	"math/big"
	"math/rand"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
)

// TestDecimalShortcutsEqualDecimal holds SubDecimal, AddDecimal and
// RoundDecimal to decimal's Sub, Add and Round, over generated figures:
// the expected value of each is the decimal operation itself, and the
// shortcut must give the same text and exponent as well as the same
// value. The figures are those of randDec (up to 18 digits, zeros of
// several exponents), some shifted far apart so that aligning overflows,
// and some of 19 to 31 digits, beyond the kernel, so that both the kernel
// and the fallback run (counted). Places run from −4 (to ten thousands)
// to 20, past the 19 places the power table has.
func TestDecimalShortcutsEqualDecimal(t *testing.T) {
	rng := rand.New(rand.NewSource(23))
	fig := func() decimal.Decimal {
		x := randDec(rng, 18, 12, true)
		switch rng.Intn(12) {
		case 0:
			x = x.Mul(decimal.New(1_000_000_007, 4)) // beyond 18 digits
		case 1:
			x = x.Shift(int32(rng.Intn(20))) // far from the other figure
		}
		return x
	}
	fast, slow := 0, 0
	for i := 0; i < 100_000; i++ {
		x, y := fig(), fig()
		places := int32(rng.Intn(25) - 4)
		sameAsDecimal(t, x, y, places)
		a, okA := Parts(x)
		b, okB := Parts(y)
		_, okS := Sub(a, b)
		if okA && okB && okS {
			fast++
		} else {
			slow++
		}
	}
	assert.Greater(t, fast, 50_000, "most pairs are on the kernel")
	assert.Greater(t, slow, 5_000, "the decimal fallback runs")
}

// sameAsDecimal fails t unless SubDecimal(x, y), AddDecimal(x, y) and
// RoundDecimal(x, places) give what decimal's x.Sub(y), x.Add(y) and
// x.Round(places) give: the same text and exponent (so the same value).
func sameAsDecimal(t *testing.T, x, y decimal.Decimal, places int32) {
	t.Helper()
	for _, op := range [...]struct {
		name      string
		got, want decimal.Decimal
	}{
		{"SubDecimal", SubDecimal(x, y), x.Sub(y)},
		{"AddDecimal", AddDecimal(x, y), x.Add(y)},
		{"RoundDecimal", RoundDecimal(x, places), x.Round(places)},
	} {
		if op.got.Exponent() != op.want.Exponent() || op.got.String() != op.want.String() {
			t.Fatalf("%s(%s, %s | %d) = %s at exponent %d, decimal %s at %d",
				op.name, x, y, places, op.got, op.got.Exponent(), op.want, op.want.Exponent())
		}
	}
}

// TestRoundAtFarExponents checks roundAt where an exponent and the places
// are near the int32 limits and their sum is not an int32: worked out by
// hand, 5 × 10^MinInt32 at exponent −MaxInt32 is half a unit, so 1; at
// exponent −MaxInt32 + 30 it is far below half a unit, so 0; and
// 7 × 10^MaxInt32 at exponent MaxInt32 − 1 (places 1 − MaxInt32) is 70.
// A shift past 19 places up does not fit.
func TestRoundAtFarExponents(t *testing.T) {
	for _, tt := range []struct {
		v      Fixed
		places int32
		want   int64
		ok     bool
	}{
		{Fixed{5, math.MinInt32}, math.MaxInt32, 1, true},
		{Fixed{-5, math.MinInt32}, math.MaxInt32, -1, true},
		{Fixed{5, math.MinInt32}, math.MaxInt32 - 30, 0, true},
		{Fixed{7, math.MaxInt32}, 1 - math.MaxInt32, 70, true},
		{Fixed{7, math.MaxInt32}, math.MaxInt32, 0, false},
		{Fixed{0, math.MaxInt32}, math.MaxInt32, 0, true},
	} {
		got, ok := roundAt(tt.v, tt.places)
		assert.Equal(t, tt.ok, ok, "%v at %d places", tt.v, tt.places)
		assert.Equal(t, tt.want, got, "%v at %d places", tt.v, tt.places)
	}
}

// TestCmpDecimalEdges moved here from performance (scheme_test.go, the
// test of its own comparison, which CmpDecimal replaced). The expected
// signs are worked out by hand; each pair is compared both ways round.
func TestCmpDecimalEdges(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"90", "89.99", 1},
		{"89.99", "90", -1},
		{"90", "90.000", 0},
		{"1e2", "100", 0},
		{"-1", "0", -1},
		{"0", "-0.0", 0},
		{"9223372036854775807", "9223372036854775806", 1},    // 19 digits: decimal's Cmp
		{"922337203685477580.7", "922337203685477580.8", -1}, // 19 digits
		{"123456789012345678", "1.23456789012345678e17", 0},  // 18 digits, exponent gap 17
		{"1e30", "1", 1}, // gap > 19: CmpWide
		{"-5e20", "-4e20", -1},
		{"100000000000000000", "1e-2", 1}, // 1e17 × 10² = 1e19 overflows int64: CmpWide
		{"99999999999999999", "0.01", 1},  // 17 digits scaled by 10²: > MaxInt64, CmpWide
	}
	for _, tt := range tests {
		a, b := dec(tt.a), dec(tt.b)
		assert.Equal(t, tt.want, CmpDecimal(a, b), "%s vs %s", tt.a, tt.b)
		assert.Equal(t, -tt.want, CmpDecimal(b, a), "%s vs %s", tt.b, tt.a)
	}
}

// TestCmpFarExponents holds Cmp where the two exponents are more than
// MaxInt32 apart, which an int32 difference gets wrong (it wraps, and
// 1 × 10^MaxInt32 compared as below 1 × 10^MinInt32): Cmp must give the
// sign worked out by hand, or decline. Different signs are decided by
// the signs alone.
func TestCmpFarExponents(t *testing.T) {
	for _, tt := range []struct {
		a, b Fixed
		want int
	}{
		{Fixed{1, math.MaxInt32}, Fixed{1, math.MinInt32}, 1},
		{Fixed{-1, math.MaxInt32}, Fixed{-1, math.MinInt32}, -1},
		{Fixed{1, math.MaxInt32}, Fixed{-1, math.MinInt32}, 1},
		{Fixed{123, math.MinInt32}, Fixed{1, math.MaxInt32 - 5}, -1},
		// 20 places apart, the larger exponent's nonzero value is the
		// larger in magnitude: 1 × 10^20 > MaxInt64 (9.2 × 10^18)
		{Fixed{1, 20}, Fixed{math.MaxInt64, 0}, 1},
		{Fixed{-1, 20}, Fixed{math.MaxInt64, 0}, -1},
		{Fixed{-1, 20}, Fixed{-math.MaxInt64, 0}, -1},
		{Fixed{0, 20}, Fixed{-5, 0}, 1},
		{Fixed{0, 20}, Fixed{5, 0}, -1},
		{Fixed{0, 20}, Fixed{0, 0}, 0},
	} {
		for _, q := range [...]struct {
			a, b Fixed
			want int
		}{{tt.a, tt.b, tt.want}, {tt.b, tt.a, -tt.want}} {
			if got, ok := Cmp(q.a, q.b); !ok || got != q.want {
				t.Errorf("Cmp(%v, %v) = %d, %v; want %d, true", q.a, q.b, got, ok, q.want)
			}
		}
	}
}

// TestMulFarExponents: a product's exponent is the sum of its factors'
// exponents, which an int32 cannot hold when both are far from zero.
// 1 × 10^MinInt32 times 1 × 10^−1 is 10^(MinInt32 − 1); summed in int32 the
// exponent wrapped to MaxInt32 and CmpWide found the product equal to
// 1 × 10^MaxInt32 (worked out by hand: it is far below it, −1). CmpWide
// must give the sign worked out by hand, or decline.
func TestMulFarExponents(t *testing.T) {
	for _, tt := range []struct {
		a, b, c Fixed
		want    int // sign of a·b − c
	}{
		{Fixed{1, math.MinInt32}, Fixed{1, -1}, Fixed{1, math.MaxInt32}, -1},
		{Fixed{-1, math.MinInt32}, Fixed{1, -1}, Fixed{-1, math.MaxInt32}, 1},
		{Fixed{1, math.MaxInt32}, Fixed{1, 1}, Fixed{1, math.MinInt32}, 1},
		{Fixed{5, math.MaxInt32}, Fixed{2, math.MaxInt32}, Fixed{1, math.MaxInt32}, 1},
		{Fixed{5, math.MinInt32}, Fixed{2, math.MinInt32}, Fixed{1, math.MinInt32}, -1},
		// near zero the product is compared exactly: 0.5 × 0.2 = 0.10 = 0.1
		{Fixed{5, -1}, Fixed{2, -1}, Fixed{1, -1}, 0},
	} {
		got, ok := CmpWide(Mul(tt.a, tt.b), tt.c.Wide())
		if ok && got != tt.want {
			t.Errorf("CmpWide(%v × %v, %v) = %d, want %d", tt.a, tt.b, tt.c, got, tt.want)
		}
		if got, ok := CmpWide(tt.c.Wide(), Mul(tt.a, tt.b)); ok && got != -tt.want {
			t.Errorf("CmpWide(%v, %v × %v) = %d, want %d", tt.c, tt.a, tt.b, got, -tt.want)
		}
		if tt.want == 0 && !ok {
			t.Errorf("CmpWide(%v × %v, %v) declined an exact comparison", tt.a, tt.b, tt.c)
		}
	}
}

// TestScaleAgainstBigInt moved here from performance (scheme_scale_test.go,
// the test of its scale10, which was exact.Scale): c × 10^k is returned
// exactly when it lies in [−MaxInt64, MaxInt64], and reported as not
// fitting otherwise, for k beyond 18 too. The expected products are
// big.Int's.
func TestScaleAgainstBigInt(t *testing.T) {
	cs := []int64{0, 1, -1, 7, -7, 922, 9_223_372_036_854_775, math.MaxInt64, -math.MaxInt64, math.MinInt64}
	for _, c := range cs {
		for k := int32(0); k <= 21; k++ {
			got, ok := Scale(c, k)
			want := new(big.Int).Mul(big.NewInt(c), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil))
			fits := want.IsInt64() && want.Int64() != math.MinInt64 || c == 0
			if ok != fits {
				t.Errorf("Scale(%d, %d): ok = %v, want %v (the product is %s)", c, k, ok, fits, want)
				continue
			}
			if ok && got != want.Int64() {
				t.Errorf("Scale(%d, %d) = %d, want %s", c, k, got, want)
			}
		}
	}
}

// FuzzCmpDecimalText moved here from performance (FuzzCmpDecimal): it
// holds CmpDecimal to decimal.Cmp on decimals parsed from text, so of any
// number of digits (FuzzKernelEqualsDecimal's are int64 coefficients),
// with exponents to ±1000.
func FuzzCmpDecimalText(f *testing.F) {
	for _, s := range [][2]string{{"90", "89.99"}, {"1e2", "100"}, {"-3.5", "-3.50"}, {"9223372036854775807", "1"}, {"1e-19", "0"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, as, bs string) {
		a, err := decimal.NewFromString(as)
		if err != nil {
			return
		}
		b, err := decimal.NewFromString(bs)
		if err != nil {
			return
		}
		if a.Exponent() < -1000 || b.Exponent() < -1000 || a.Exponent() > 1000 || b.Exponent() > 1000 {
			return // keep Cmp's big.Int scaling cheap
		}
		if got, want := CmpDecimal(a, b), a.Cmp(b); got != want {
			t.Fatalf("CmpDecimal(%s, %s) = %d, Cmp = %d", a, b, got, want)
		}
	})
}

// TestMulDivFarExponents holds MulDiv where the exponents of a, b and d
// and the places sum beyond int32, which an int32 sum wraps: 1 × 10^MaxInt32
// × 10 ÷ 1 is 10^(2^31), no int64, so MulDiv must decline it (its shift
// wrapped to MinInt32, and −MinInt32 indexed the powers of ten below zero).
// Where the sum fits, the answers are worked by hand: 3 × 10^MaxInt32 ×
// 10^(−MaxInt32) ÷ 2 = 1.5, at one place 15, at none 2 (half away from zero).
func TestMulDivFarExponents(t *testing.T) {
	for _, tt := range []struct {
		a, b, d Fixed
		places  int32
	}{
		{Fixed{1, math.MaxInt32}, Fixed{1, 1}, Fixed{1, 0}, 0},
		{Fixed{1, math.MaxInt32}, Fixed{1, 0}, Fixed{1, -1}, 0},
		{Fixed{1, math.MinInt32}, Fixed{1, -1}, Fixed{1, 0}, 0},
		{Fixed{1, 0}, Fixed{1, 0}, Fixed{1, math.MinInt32}, math.MaxInt32},
	} {
		if got, ok := MulDiv(tt.a, tt.b, tt.d, tt.places); ok {
			t.Errorf("MulDiv(%v, %v, %v, %d) = %d, want declined", tt.a, tt.b, tt.d, tt.places, got)
		}
	}
	for _, tt := range []struct {
		places int32
		want   int64
	}{{1, 15}, {0, 2}} {
		got, ok := MulDiv(Fixed{3, math.MaxInt32}, Fixed{1, -math.MaxInt32}, Fixed{2, 0}, tt.places)
		if !ok || got != tt.want {
			t.Errorf("MulDiv(3e%d, 1e-%d, 2, %d) = %d, %v; want %d", math.MaxInt32, math.MaxInt32, tt.places, got, ok, tt.want)
		}
	}
}

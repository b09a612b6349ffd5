package performance_test

import (
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"

	"github.com/jixiao-go/jixiao/performance"
)

// TestRatioPercent: percentages worked by hand, rounded half away from
// zero: 3,386.97 ÷ 17,702.19 = 19.1331…% → 19.13 (the seed's 一上 rate);
// 1 ÷ 8 = 12.5% → 13 at no places; −1 ÷ 8 → −13; 2 ÷ 3 = 66.666…% → 66.667
// at three places; a zero denominator gives zero.
func TestRatioPercent(t *testing.T) {
	d := decimal.RequireFromString
	tests := []struct {
		num, den string
		places   int32
		want     string
	}{
		{"3386.97", "17702.19", 2, "19.13"},
		{"1", "8", 0, "13"},
		{"-1", "8", 0, "-13"},
		{"2", "3", 3, "66.667"},
		{"0", "5", 2, "0.00"},
		{"5", "0", 2, "0"},
	}
	for _, tt := range tests {
		p := performance.Ratio{Num: d(tt.num), Den: d(tt.den)}.Percent(tt.places)
		got := p.String()
		if tt.places > 0 && tt.den != "0" {
			got = p.StringFixed(tt.places)
		}
		assert.Equal(t, tt.want, got, "%s ÷ %s", tt.num, tt.den)
	}
}

// FuzzRatioKernel holds Percent, Round and FormatPercent, which answer on
// the exact int64 kernel when they can, to decimal arithmetic: the same
// value and the same exponent as Num×100 ÷ Den and Num ÷ Den with
// DivRound, and the same text, for any coefficients (overflowing ones take
// the decimal path) and places.
func FuzzRatioKernel(f *testing.F) {
	f.Add(int64(338697), int8(-2), int64(1770219), int8(-2), int8(2))
	f.Add(int64(math.MaxInt64), int8(0), int64(3), int8(-5), int8(4))
	f.Add(int64(-1), int8(0), int64(8), int8(0), int8(0))
	f.Add(int64(5), int8(3), int64(-7), int8(-9), int8(18))
	f.Fuzz(func(t *testing.T, nc int64, ne int8, dc int64, de int8, pl int8) {
		num, den := decimal.New(nc, int32(ne)%30), decimal.New(dc, int32(de)%30)
		places := int32(pl) % 20
		r := performance.Ratio{Num: num, Den: den}
		if den.IsZero() {
			if !r.Percent(places).IsZero() || !r.Round(places).IsZero() {
				t.Fatalf("%s ÷ 0: not zero", num)
			}
			return
		}
		for _, c := range []struct {
			name      string
			got, want decimal.Decimal
		}{
			{"Percent", r.Percent(places), num.Mul(decimal.NewFromInt(100)).DivRound(den, places)},
			{"Round", r.Round(places), num.DivRound(den, places)},
		} {
			if c.got.String() != c.want.String() || c.got.Exponent() != c.want.Exponent() {
				t.Fatalf("%s(%s ÷ %s, %d) = %s (e%d), decimal %s (e%d)", c.name, num, den, places,
					c.got, c.got.Exponent(), c.want, c.want.Exponent())
			}
		}
		// FormatPercent writes the kernel's digits itself: the text of the
		// decimal percentage at the places (a negative places is 0).
		shown := max(places, 0)
		want := num.Mul(decimal.NewFromInt(100)).DivRound(den, shown).StringFixed(shown) + "%"
		if got := r.FormatPercent(places); got != want {
			t.Fatalf("FormatPercent(%s ÷ %s, %d) = %s, decimal %s", num, den, places, got, want)
		}
	})
}

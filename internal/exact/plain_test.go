package exact

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPlain holds Plain to worked-out pairs and refusals.
func TestPlain(t *testing.T) {
	for _, tt := range []struct {
		in  string
		n   int64
		exp int32
		ok  bool
	}{
		{"0", 0, 0, true},
		{"-0.00", 0, -2, true},
		{"12", 12, 0, true},
		{"-12.50", -1250, -2, true},
		{"00012", 12, 0, true},
		{"2361301.00", 236130100, -2, true},
		{"999999999999999999", 999999999999999999, 0, true},
		{"-99999999999999999", -99999999999999999, 0, true},
		{"0.000000000000000001", 0, 0, false}, // 19 digits
		{"-999999999999999999", 0, 0, false},  // 18 digits, negative
		{"", 0, 0, false},
		{"-", 0, 0, false},
		{"+1", 0, 0, false},
		{"1.", 0, 0, false},
		{".5", 0, 0, false},
		{"1.2.3", 0, 0, false},
		{"1e3", 0, 0, false},
		{"1,234", 0, 0, false},
		{" 1", 0, 0, false},
		{"１２", 0, 0, false},
	} {
		n, exp, ok := Plain([]byte(tt.in))
		assert.Equal(t, []any{tt.n, tt.exp, tt.ok}, []any{n, exp, ok}, "Plain(%q)", tt.in)
	}
}

// TestPlainEqualsNewFromString generates texts of digits, points and
// signs, and checks that every one Plain reads is the decimal
// decimal.NewFromString reads, coefficient and exponent alike, and that
// Plain reads every text of the plain form that fits.
func TestPlainEqualsNewFromString(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 17))
	const alphabet = "0123456789012345678901234567890123456789.-+e,"
	read := 0
	for range 200000 {
		var b strings.Builder
		for range 1 + r.IntN(21) {
			b.WriteByte(alphabet[r.IntN(len(alphabet))])
		}
		s := b.String()
		n, exp, ok := Plain([]byte(s))
		if !ok {
			require.False(t, plainShape(s), "Plain refused %q", s)
			continue
		}
		read++
		want, err := decimal.NewFromString(s)
		require.NoError(t, err, "Plain read %q, NewFromString did not", s)
		got := decimal.New(n, exp)
		require.True(t, got.Coefficient().Cmp(want.Coefficient()) == 0 && got.Exponent() == want.Exponent(),
			"Plain(%q) = %s×10^%d, NewFromString gives %s×10^%d", s, got.Coefficient(), exp, want.Coefficient(), want.Exponent())
	}
	assert.Greater(t, read, 1000, "texts read")
}

// plainShape reports whether s is "-?d+(.d+)?" with at most 18 digits,
// 17 when negative: the texts Plain must read.
func plainShape(s string) bool {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasPoint := strings.Cut(s, ".")
	digits := func(p string) bool {
		return p != "" && strings.Trim(p, "0123456789") == ""
	}
	if !digits(whole) || hasPoint && !digits(frac) {
		return false
	}
	n := len(whole) + len(frac)
	return n <= 18 && (!neg || n <= 17)
}

// TestAppendFixed holds AppendFixed to forms worked out by hand: the sign,
// zeros before and after the point, no point at 0 places, the extremes of
// an int64, and refusals outside 0–18 places.
func TestAppendFixed(t *testing.T) {
	for _, tt := range []struct {
		c      int64
		places int32
		want   string
		ok     bool
	}{
		{0, 0, "0", true},
		{0, 2, "0.00", true},
		{7, 0, "7", true},
		{-7, 0, "-7", true},
		{1250, 2, "12.50", true},
		{-5, 2, "-0.05", true},
		{5, 1, "0.5", true},
		{123, 3, "0.123", true},
		{-123, 3, "-0.123", true},
		{9000, 2, "90.00", true},
		{1, 18, "0.000000000000000001", true},
		{math.MaxInt64, 0, "9223372036854775807", true},
		{math.MinInt64, 0, "-9223372036854775808", true},
		{math.MinInt64, 18, "-9.223372036854775808", true},
		{1, 19, "", false},
		{1, -1, "", false},
	} {
		got, ok := AppendFixed([]byte("x"), tt.c, tt.places)
		require.Equal(t, tt.ok, ok, "%d, %d", tt.c, tt.places)
		if ok {
			assert.Equal(t, "x"+tt.want, string(got), "%d, %d", tt.c, tt.places)
		} else {
			assert.Equal(t, "x", string(got))
		}
	}
}

// FuzzAppendFixed holds AppendFixed to shopspring/decimal's StringFixed
// of the same value, the form the library wrote before it.
func FuzzAppendFixed(f *testing.F) {
	for _, s := range []struct {
		c int64
		p int8
	}{{0, 0}, {-5, 2}, {1250, 2}, {math.MinInt64, 18}, {math.MaxInt64, 10}, {1, 19}, {3, -1}} {
		f.Add(s.c, s.p)
	}
	f.Fuzz(func(t *testing.T, c int64, p int8) {
		places := int32(p)
		got, ok := AppendFixed(nil, c, places)
		if places < 0 || places > 18 {
			require.False(t, ok)
			require.Empty(t, got)
			return
		}
		require.True(t, ok)
		require.Equal(t, decimal.New(c, -places).StringFixed(places), string(got), "%d, %d", c, places)
	})
}

// TestAppendRounded holds AppendRounded to figures rounded by hand: yuan
// in 万元 to two places, half away from zero on both sides, a figure that
// rounds to zero (no sign), no point at 0 places, and refusals.
func TestAppendRounded(t *testing.T) {
	for _, tt := range []struct {
		d             string
		shift, places int32
		want          string
		ok            bool
	}{
		{"1234567.89", -4, 2, "123.46", true}, // 123.456789 万元
		{"1234450", -4, 2, "123.45", true},    // 123.445 → half away: 123.45
		{"1234550", -4, 2, "123.46", true},    // 123.455 → 123.46
		{"-1234550", -4, 2, "-123.46", true},
		{"-0.004", 0, 2, "0.00", true},
		{"0.005", 0, 2, "0.01", true},
		{"-0.005", 0, 2, "-0.01", true},
		{"19.125", 0, 2, "19.13", true},
		{"2.5", 0, 0, "3", true},
		{"0", -4, 2, "0.00", true},
		{"1E+3", 0, 1, "1000.0", true},
		{"1", 0, 19, "", false},
		{"123456789012345678901", 0, 2, "", false}, // 21 digits
		{"1E+17", 0, 2, "", false},                 // 10^19 fen does not fit
	} {
		d := decimal.RequireFromString(tt.d)
		got, ok := AppendRounded([]byte("x"), d, tt.shift, tt.places)
		require.Equal(t, tt.ok, ok, tt.d)
		if ok {
			assert.Equal(t, "x"+tt.want, string(got), tt.d)
			assert.Equal(t, d.Shift(tt.shift).StringFixed(tt.places), tt.want, "the worked figure is decimal's")
		} else {
			assert.Equal(t, "x", string(got))
		}
	}
}

// FuzzAppendRounded holds AppendRounded to shopspring/decimal's
// Shift(shift).StringFixed(places) of the same decimal, the form the
// library's reports wrote before it, wherever it answers.
func FuzzAppendRounded(f *testing.F) {
	for _, s := range []struct {
		c      int64
		e, sh  int32
		places int8
	}{{123456789, -2, -4, 2}, {-1234550, 0, -4, 2}, {5, -3, 0, 2}, {math.MaxInt64, 0, 0, 0}, {math.MinInt64, -18, 0, 18}, {1, math.MaxInt32, 0, 2}} {
		f.Add(s.c, s.e, s.sh, s.places)
	}
	f.Fuzz(func(t *testing.T, c int64, e, shift int32, p int8) {
		if e > 1000 || e < -1000 || shift > 1000 || shift < -1000 {
			return // decimal's own Shift and Round of such exponents take long; AppendRounded refuses or answers at once
		}
		d, places := decimal.New(c, e), int32(p)
		got, ok := AppendRounded(nil, d, shift, places)
		if !ok {
			require.Empty(t, got)
			return
		}
		require.Equal(t, d.Shift(shift).StringFixed(places), string(got), "%d e%d shift %d places %d", c, e, shift, places)
	})
}

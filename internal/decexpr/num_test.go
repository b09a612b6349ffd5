package decexpr

import (
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// same asserts that the fast result equals the decimal result in value and
// in exponent (String shows both).
func same(t *testing.T, got Num, want decimal.Decimal, what string) {
	t.Helper()
	g := got.Decimal()
	require.True(t, g.Equal(want), "%s: got %s want %s", what, g, want)
	require.Equal(t, want.Exponent(), g.Exponent(), "%s: exponent of %s vs %s", what, g, want)
}

func TestArithmetic(t *testing.T) {
	tests := []struct{ a, b, sum, diff, prod string }{
		{"0.1", "0.2", "0.3", "-0.1", "0.02"},
		{"1.0", "1.00", "2.00", "0.00", "1.000"},
		{"120.50", "100.00", "220.50", "20.50", "12050.0000"},
		{"1000000", "0.2", "1000000.2", "999999.8", "200000.0"},
		// near the int64 limit: 9e18 + 9e18 overflows int64 and widens
		{"9000000000000000000", "9000000000000000000", "18000000000000000000", "0", "81000000000000000000000000000000000000"},
		{"-5", "3", "-2", "-8", "-15"},
	}
	for _, tt := range tests {
		a, b := FromDecimal(d(tt.a)), FromDecimal(d(tt.b))
		same(t, Add(a, b), d(tt.a).Add(d(tt.b)), tt.a+"+"+tt.b)
		same(t, Sub(a, b), d(tt.a).Sub(d(tt.b)), tt.a+"-"+tt.b)
		same(t, Mul(a, b), d(tt.a).Mul(d(tt.b)), tt.a+"*"+tt.b)
		assert.True(t, Add(a, b).Decimal().Equal(d(tt.sum)))
		assert.True(t, Sub(a, b).Decimal().Equal(d(tt.diff)))
		assert.True(t, Mul(a, b).Decimal().Equal(d(tt.prod)))
	}
	assert.Equal(t, 0, Cmp(FromDecimal(d("1.0")), FromDecimal(d("1.00"))), "1.0 == 1.00")
	assert.Equal(t, 0, Cmp(Add(FromDecimal(d("0.1")), FromDecimal(d("0.2"))), FromDecimal(d("0.3"))), "0.1 + 0.2 == 0.3")
	assert.False(t, Mul(FromInt(math.MaxInt64), FromInt(2)).Decimal().IsZero())
	assert.True(t, Mul(FromInt(math.MaxInt64), FromInt(2)).Wide())
}

func TestRounding(t *testing.T) {
	tests := []struct {
		x      string
		places int32
		want   string
	}{
		{"2.345", 2, "2.35"}, {"-2.345", 2, "-2.35"}, {"2.344", 2, "2.34"}, {"2.5", 0, "3"}, {"-2.5", 0, "-3"},
		{"5", 2, "5.00"}, {"1234.5", -2, "1200"}, {"0.005", 2, "0.01"},
	}
	for _, tt := range tests {
		got := Round(FromDecimal(d(tt.x)), tt.places)
		same(t, got, d(tt.x).Round(tt.places), "round "+tt.x)
		assert.Equal(t, tt.want, got.Decimal().StringFixed(max(tt.places, 0)))
	}
	div := []struct {
		a, b   string
		places int32
		want   string
	}{
		{"2", "3", 2, "0.67"}, {"-2", "3", 2, "-0.67"}, {"1", "8", 2, "0.13"}, {"1000000", "3", 2, "333333.33"},
		{"3386.97", "17702.19", 4, "0.1913"}, // the seed's 19.13% reduction rate
		{"1", "-8", 2, "-0.13"}, {"0.5", "0.25", 0, "2"},
	}
	for _, tt := range div {
		got, err := DivRound(FromDecimal(d(tt.a)), FromDecimal(d(tt.b)), tt.places)
		require.NoError(t, err)
		same(t, got, d(tt.a).DivRound(d(tt.b), tt.places), "div "+tt.a+"/"+tt.b)
		assert.True(t, got.Decimal().Equal(d(tt.want)), "%s/%s got %s want %s", tt.a, tt.b, got, tt.want)
	}
	_, err := DivRound(FromInt(1), FromInt(0), 2)
	assert.ErrorIs(t, err, ErrDivisionByZero)
	p, err := Percent(FromDecimal(d("3386.97")), FromDecimal(d("17702.19")), 2)
	require.NoError(t, err)
	assert.True(t, p.Decimal().Equal(d("19.13")), "got %s", p)
}

// FuzzFastEqualsDecimal checks the int64 fast path against shopspring
// decimal arithmetic for every operation, value and exponent.
func FuzzFastEqualsDecimal(f *testing.F) {
	f.Add(int64(1), int32(-1), int64(2), int32(-1), int32(2))
	f.Add(int64(12050), int32(-2), int64(10000), int32(-2), int32(0))
	f.Add(int64(math.MaxInt64), int32(0), int64(-3), int32(-5), int32(4))
	f.Add(int64(999999999999999999), int32(-18), int64(7), int32(3), int32(18))
	f.Fuzz(func(t *testing.T, ac int64, ae int32, bc int64, be int32, places int32) {
		ae, be = ae%40, be%40 // keep exponents where decimal arithmetic is quick
		places = places % 20
		a, b := New(ac, ae), New(bc, be)
		da, db := decimal.New(ac, ae), decimal.New(bc, be)
		same(t, a, da, "new a")
		same(t, Add(a, b), da.Add(db), "add")
		same(t, Sub(a, b), da.Sub(db), "sub")
		same(t, Mul(a, b), da.Mul(db), "mul")
		assert.Equal(t, da.Cmp(db), Cmp(a, b), "cmp %s %s", da, db)
		same(t, Round(a, places), da.Round(places), "round")
		same(t, Neg(a), da.Neg(), "neg")
		if !db.IsZero() {
			q, err := DivRound(a, b, places)
			require.NoError(t, err)
			same(t, q, da.DivRound(db, places), "divround")
		}
		// widened inputs give the same results
		same(t, Add(a.Widen(), b), da.Add(db), "add wide")
		same(t, Mul(a, b.Widen()), da.Mul(db), "mul wide")
		assert.Equal(t, da.Cmp(db), Cmp(a.Widen(), b), "cmp wide")
	})
}

package exact

import (
	"math"
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
)

// FuzzKernelEqualsDecimal holds every function of the kernel to
// shopspring/decimal arithmetic: whenever a function answers (ok), its
// answer is what decimal arithmetic gives, value for value; and where it
// declines, the caller's decimal path gives the answer. The decimal-level
// shortcuts (CmpDecimal, SubDecimal, AddDecimal, RoundDecimal) always
// answer and must give decimal's result, the exponent and text as well. Exponents are kept
// to ±40 so that decimal's own arithmetic stays cheap.
func FuzzKernelEqualsDecimal(f *testing.F) {
	f.Add(int64(12345), int8(-2), int64(-7), int8(0), int64(3), int8(-1), int8(2))
	f.Add(int64(math.MaxInt64), int8(0), int64(math.MinInt64), int8(-3), int64(1), int8(5), int8(0))
	f.Add(int64(50), int8(-1), int64(1), int8(-18), int64(999999999), int8(-9), int8(18))
	f.Add(int64(1_000_000_000_000_000), int8(-2), int64(0), int8(3), int64(-1), int8(-20), int8(-3))
	f.Fuzz(func(t *testing.T, c1 int64, e1 int8, c2 int64, e2 int8, c3 int64, e3 int8, pl int8) {
		e := func(x int8) int32 { return int32(x) % 41 }
		da, db, dd := decimal.New(c1, e(e1)), decimal.New(c2, e(e2)), decimal.New(c3, e(e3))
		places := int32(pl) % 20
		a, okA := FromDecimal(da)
		b, okB := FromDecimal(db)
		d, okD := FromDecimal(dd)
		if okA && !a.Decimal().Equal(da) {
			t.Fatalf("FromDecimal(%s) = %v", da, a)
		}
		if c := CmpDecimal(da, db); c != da.Cmp(db) {
			t.Fatalf("CmpDecimal(%s, %s) = %d", da, db, c)
		}
		if okA && okB {
			if c, ok := Cmp(a, b); ok && c != da.Cmp(db) {
				t.Fatalf("Cmp(%s, %s) = %d", da, db, c)
			}
			if eq, ok := EqualValue(da, db); ok && eq != da.Equal(db) {
				t.Fatalf("EqualValue(%s, %s) = %v", da, db, eq)
			}
		}
		if okA && okB && okD && dd.Sign() != 0 && places >= 0 {
			if got, ok := MulDiv(a, b, d, places); ok {
				want := da.Mul(db).DivRound(dd, places)
				if !decimal.New(got, -places).Equal(want) {
					t.Fatalf("MulDiv(%s, %s, %s, %d) = %d, decimal %s", da, db, dd, places, got, want)
				}
			}
		}
		if okA && places >= 0 {
			if got, ok := AtPlaces(a, places); ok && !decimal.New(got, -places).Equal(da) {
				t.Fatalf("AtPlaces(%s, %d) = %d", da, places, got)
			} else if !ok && a.E+places >= 0 {
				// declined although v's coefficient is at most places: only when it does not fit
				x := da.Shift(places)
				if x.BigInt().IsInt64() {
					t.Fatalf("AtPlaces(%s, %d) declined, fits as %s", da, places, x)
				}
			}
			if places > 0 {
				if got := RoundUnits(c1, places, 0); !decimal.NewFromInt(got).Equal(decimal.New(c1, -places).Round(0)) {
					t.Fatalf("RoundUnits(%d, %d, 0) = %d", c1, places, got)
				}
			}
		}
		if k := places; k >= 0 {
			if got, ok := Scale(c1, k); ok {
				if !decimal.NewFromInt(got).Equal(decimal.New(c1, k)) {
					t.Fatalf("Scale(%d, %d) = %d", c1, k, got)
				}
			} else if decimal.New(c1, k).BigInt().IsInt64() {
				t.Fatalf("Scale(%d, %d) declined a value that fits", c1, k)
			}
		}
		// the decimal-level shortcuts (places −19 to 19)
		sameAsDecimal(t, da, db, places)
		hundred := decimal.NewFromInt(100)
		maxFen := decimal.NewFromInt(MaxFen)
		if got, ok := Fen(da); ok {
			if !decimal.New(got, -2).Equal(da) {
				t.Fatalf("Fen(%s) = %d", da, got)
			}
		} else if x := da.Mul(hundred); x.IsInteger() && x.Abs().LessThanOrEqual(maxFen) && da.NumDigits() <= 17 {
			t.Fatalf("Fen(%s) declined a whole number of fen within MaxFen", da)
		}
		if got, ok := RoundFen(da); ok && !decimal.New(got, -2).Equal(da.Round(2)) {
			t.Fatalf("RoundFen(%s) = %d, decimal %s", da, got, da.Round(2))
		}
		if da.Sign() >= 0 && db.Sign() >= 0 {
			if got, ok := MulFen(da, db); ok && !decimal.New(got, -2).Equal(da.Mul(db).Round(2)) {
				t.Fatalf("MulFen(%s, %s) = %d, decimal %s", da, db, got, da.Mul(db).Round(2))
			}
		}
		var s Sum
		want := decimal.Zero
		for _, x := range []decimal.Decimal{da, db, dd} {
			s.Add(x)
			want = want.Add(x)
		}
		if !s.Value().Equal(want) || s.Cmp(want) != 0 || s.Cmp(want.Add(decimal.New(1, -50))) != -1 {
			t.Fatalf("Sum of %s, %s, %s = %s, decimal %s", da, db, dd, s.Value(), want)
		}
		wantP := new(big.Int).Sub(new(big.Int).Mul(big.NewInt(c1), big.NewInt(c2)), new(big.Int).Mul(big.NewInt(c3), big.NewInt(int64(pl))))
		if got := CmpProducts(c1, c2, c3, int64(pl)); got != wantP.Sign() {
			t.Fatalf("CmpProducts(%d, %d, %d, %d) = %d, big %d", c1, c2, c3, pl, got, wantP.Sign())
		}
	})
}

// TestLimits pins the documented limits at their edges: MaxFen itself is
// a fen figure and one fen more is not; 18 digits are a Fixed, 19 are not.
func TestLimits(t *testing.T) {
	if f, ok := Fen(decimal.New(MaxFen, -2)); !ok || f != MaxFen {
		t.Errorf("Fen(MaxFen fen) = %d, %v", f, ok)
	}
	if _, ok := Fen(decimal.New(MaxFen+1, -2)); ok {
		t.Error("Fen above MaxFen answered")
	}
	if _, ok := Fen(decimal.RequireFromString("0.005")); ok {
		t.Error("Fen of half a fen answered")
	}
	if _, ok := FromDecimal(decimal.New(999_999_999_999_999_999, 0)); !ok {
		t.Error("18 digits declined")
	}
	if _, ok := FromDecimal(decimal.RequireFromString("1000000000000000000")); ok {
		t.Error("19 digits answered")
	}
	if p, ok := Pow10(18); !ok || p != 1e18 {
		t.Error("Pow10(18)")
	}
	if _, ok := Pow10(19); ok {
		t.Error("Pow10(19) does not fit an int64")
	}
	// 2.5 fen rounds half away from zero to 3; −2.5 to −3
	if f, _ := RoundFen(decimal.RequireFromString("0.025")); f != 3 {
		t.Errorf("RoundFen(0.025) = %d", f)
	}
	if f, _ := RoundFen(decimal.RequireFromString("-0.025")); f != -3 {
		t.Errorf("RoundFen(-0.025) = %d", f)
	}
}

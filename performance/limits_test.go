package performance

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// requireLimit checks that err holds a *LimitError with the given path,
// name, value and maximum, and matches ErrLimit.
func requireLimit(t *testing.T, err error, path, name string, value, maxv int64) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrLimit)
	var le *LimitError
	require.ErrorAs(t, err, &le, "got %v", err)
	assert.Equal(t, path, le.Path, "path")
	assert.Equal(t, name, le.Name, "name")
	assert.Equal(t, value, le.Value, "value")
	assert.Equal(t, maxv, le.Max, "max")
}

func TestValidatePlaces(t *testing.T) {
	for _, n := range []int64{0, 2, MaxPlaces} {
		assert.NoError(t, ValidatePlaces("places", n), "places %d", n)
	}
	for _, n := range []int64{-1, MaxPlaces + 1, 100000000} {
		requireLimit(t, ValidatePlaces("criteria.places", n), "criteria.places", "places", n, MaxPlaces)
	}
	err := ValidatePlaces("criteria.places", 100000000)
	assert.EqualError(t, err, "performance: criteria.places: places 100000000 outside 0 to 10")
	// As a problem: the path and the code, and errors.As still finds it.
	var ps Problems
	ps.AddLimit(err)
	ps.AddLimit(nil)
	require.Len(t, ps, 1)
	assert.Equal(t, CodeLimit, ps[0].Code)
	assert.Equal(t, "小数位数 100000000 超出允许范围 0 至 10", ps[0].Message.ZH)
	requireLimit(t, ps.Err(), "criteria.places", "places", 100000000, MaxPlaces)
	// Prefix moves the wrapped error's path along with the problem's.
	requireLimit(t, ps.Prefix("policy"), "policy.criteria.places", "places", 100000000, MaxPlaces)
	assert.ErrorIs(t, ps.Err(), ErrInvalid)
}

func TestValidateCount(t *testing.T) {
	assert.NoError(t, ValidateCount("n", 0))
	assert.NoError(t, ValidateCount("n", MaxCount))
	requireLimit(t, ValidateCount("counts[0]", MaxCount+1), "counts[0]", "count", MaxCount+1, MaxCount)
	requireLimit(t, ValidateCount("counts[0]", -1), "counts[0]", "count", -1, MaxCount)
}

func TestParseDecimalExponent(t *testing.T) {
	for _, s := range []string{"1e30", "1e-30", "12.5", "-3", "1.2e3"} {
		_, err := ParseDecimal(s)
		assert.NoError(t, err, s)
	}
	for s, e := range map[string]int64{"1e31": 31, "1e-31": -31, "1e999999999": 999999999} {
		_, err := ParseDecimal(s)
		requireLimit(t, err, "", "exponent", e, MaxExponent)
	}
	_, err := ParseDecimal("x")
	assert.Error(t, err)
	assert.NotErrorIs(t, err, ErrLimit)
}

// limitsDoc is a host type with decimals in every position the strict
// decoder walks: a nested slice, a map, a pointer and a NullDecimal.
type limitsDoc struct {
	A struct {
		B []decimal.Decimal `json:"b"`
	} `json:"a"`
	M map[string]decimal.Decimal `json:"m"`
	P *decimal.Decimal           `json:"p"`
	N decimal.NullDecimal        `json:"n"`
	T []Tally                    `json:"t"`
}

// TestDecodeJSONExponent: a decimal with exponent ±MaxExponent decodes, one
// step beyond is a problem with its path in both strict and lenient mode,
// wherever the decimal sits, as a JSON number or string, and nothing is
// decoded.
func TestDecodeJSONExponent(t *testing.T) {
	at := func(v string) string {
		return `{"a":{"b":["1",` + v + `]},"m":{"x":` + v + `},"p":` + v + `,"n":` + v + `,"t":[{"label":"优","count":1,"amount":` + v + `}]}`
	}
	paths := []string{"a.b[1]", "m.x", "p", "n", "t[0].amount"}
	for _, strict := range []bool{true, false} {
		for _, v := range []string{`1e30`, `"1e30"`, `1e-30`, `"-1E-30"`, `"0.` + strings.Repeat("0", 29) + `1"`} {
			var d limitsDoc
			require.NoError(t, DecodeJSON([]byte(at(v)), &d, strict), "%s strict=%v", v, strict)
			assert.Equal(t, int32(30), max(d.P.Exponent(), -d.P.Exponent()), v)
		}
		for v, e := range map[string]int64{`1e31`: 31, `"1e31"`: 31, `1e-31`: -31, `"0.` + strings.Repeat("0", 30) + `1"`: -31} {
			d := limitsDoc{P: new(decimal.Decimal)}
			err := DecodeJSON([]byte(at(v)), &d, strict)
			var ps Problems
			require.ErrorAs(t, err, &ps, "%s strict=%v", v, strict)
			require.Len(t, ps, len(paths))
			for i, p := range ps {
				assert.Equal(t, paths[i], p.Path)
				assert.Equal(t, CodeLimit, p.Code)
			}
			requireLimit(t, err, "a.b[1]", "exponent", e, MaxExponent)
			assert.Nil(t, d.A.B, "nothing decoded")
		}
	}
}

// TestDecodeJSONHugeExponentRegression: "1e999999999" is a valid JSON
// number; decoded, rounding it to the fen would build a billion-digit
// number. It is rejected at once.
func TestDecodeJSONHugeExponentRegression(t *testing.T) {
	start := time.Now()
	var tl Tally
	err := DecodeJSON([]byte(`{"label":"优","count":1,"amount":1e999999999}`), &tl, false)
	requireLimit(t, err, "amount", "exponent", 999999999, MaxExponent)
	err = DecodeJSON([]byte(`{"label":"优","count":1,"amount":"1e999999999"}`), &tl, true)
	requireLimit(t, err, "amount", "exponent", 999999999, MaxExponent)
	assert.Less(t, time.Since(start), time.Second)
}

// TestParseAmountExponent: ParseAmount and ParsePercent accept MaxExponent
// decimals and refuse one more, counting the unit's power of ten: 亿元
// allows 8 more decimals, since 1亿元 is 10^8 yuan.
func TestParseAmountExponent(t *testing.T) {
	frac := func(n int) string { return "0." + strings.Repeat("0", n-1) + "1" }
	for _, s := range []string{frac(30), frac(30) + "元", frac(38) + "亿元", frac(30) + "%"} {
		var err error
		if strings.HasSuffix(s, "%") {
			_, err = ParsePercent(s)
		} else {
			_, err = ParseAmount(s)
		}
		assert.NoError(t, err, s)
	}
	for _, s := range []string{frac(31) + " ", frac(31) + "元", frac(39) + "亿元", frac(31) + "%"} {
		var err error
		if strings.HasSuffix(s, "%") {
			_, err = ParsePercent(s)
		} else {
			_, err = ParseAmount(s)
		}
		var pe *ParseError
		require.ErrorAs(t, err, &pe, s)
		want := strings.IndexAny(s, "元亿%") // just past the number and its spaces
		if want < 0 {
			want = len(s)
		}
		assert.Equal(t, want, pe.Offset, s)
		requireLimit(t, err, "", "exponent", -31, MaxExponent)
	}
	// 1亿 with 38 decimals is 10^-30 yuan: the limit is on the result.
	d, err := ParseAmount(frac(38) + "亿元")
	require.NoError(t, err)
	assert.True(t, d.Equal(decimal.New(1, -30)), "got %s", d)
}

// TestShareCountPlacesLimit: Shares, AmountShares and Published refuse
// places beyond MaxPlaces (a billion places used to hang in DivRound) and
// give the same shares as before at or below it: 8 of 66 at MaxPlaces is
// 800 ÷ 66 = 12.1212121212 (ten places, the next digit 1 rounds down).
func TestShareCountPlacesLimit(t *testing.T) {
	d := GradeDistribution()
	for i, n := range []int{8, 35, 20, 3} {
		for range n {
			require.NoError(t, d.Add(d.Tallies[i].Label, decimal.NewFromInt(1)))
		}
	}
	s, err := d.Shares(MaxPlaces)
	require.NoError(t, err)
	assert.Equal(t, "12.1212121212", s[0].String())
	for _, places := range []int32{MaxPlaces + 1, 1000000000, -1} {
		_, err := d.Shares(places)
		requireLimit(t, err, "places", "places", int64(places), MaxPlaces)
		_, err = d.AmountShares(places)
		requireLimit(t, err, "places", "places", int64(places), MaxPlaces)
		_, err = d.Published(places)
		requireLimit(t, err, "places", "places", int64(places), MaxPlaces)
	}
	assert.Equal(t, "performance: places: places 11 outside 0 to 10", fmt.Sprint(ValidatePlaces("places", 11)))
	assert.True(t, errors.Is(ValidatePlaces("x", 11), ErrLimit))
}

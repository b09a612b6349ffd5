package performance

import (
	"errors"
	"fmt"
	"github.com/jixiao-go/jixiao/internal/cputime"
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
	for _, mode := range []decodeMode{strict, lenient} {
		for _, v := range []string{`1e30`, `"1e30"`, `1e-30`, `"-1E-30"`, `"0.` + strings.Repeat("0", 29) + `1"`} {
			var d limitsDoc
			require.NoError(t, decodeJSON([]byte(at(v)), &d, mode), "%s mode=%v", v, mode)
			assert.Equal(t, int32(30), max(d.P.Exponent(), -d.P.Exponent()), v)
		}
		for v, e := range map[string]int64{`1e31`: 31, `"1e31"`: 31, `1e-31`: -31, `"0.` + strings.Repeat("0", 30) + `1"`: -31} {
			d := limitsDoc{P: new(decimal.Decimal)}
			err := decodeJSON([]byte(at(v)), &d, mode)
			var ps Problems
			require.ErrorAs(t, err, &ps, "%s mode=%v", v, mode)
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
	err := decodeJSON([]byte(`{"label":"优","count":1,"amount":1e999999999}`), &tl, lenient)
	requireLimit(t, err, "amount", "exponent", 999999999, MaxExponent)
	err = DecodeJSON([]byte(`{"label":"优","count":1,"amount":"1e999999999"}`), &tl)
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

// TestDistributionCountRegression: jixiao audit with counts
// [2000000000,0,0,0] added the projects one by one, two billion times. AddN
// counts them in one step and refuses a total beyond MaxCount; at the bound
// the shares are what they were: 1,000,000 of 1,000,000 is 100.00%.
func TestDistributionCountRegression(t *testing.T) {
	start := time.Now()
	d := GradeDistribution()
	err := d.AddN("优", 2000000000, decimal.Zero)
	requireLimit(t, err, "", "count", 2000000000, MaxCount)
	assert.Equal(t, 0, d.Total(), "nothing counted")
	require.NoError(t, d.AddN("优", MaxCount, decimal.NewFromInt(5)))
	s, err := d.Shares(2)
	require.NoError(t, err)
	assert.Equal(t, []string{"100", "0", "0", "0"}, decStrings(s))
	// One more project, by Add or AddN, is refused and changes nothing.
	requireLimit(t, d.Add("良", decimal.NewFromInt(1)), "", "count", MaxCount+1, MaxCount)
	requireLimit(t, d.AddN("良", 1, decimal.NewFromInt(1)), "", "count", MaxCount+1, MaxCount)
	requireLimit(t, d.AddN("良", -1, decimal.Zero), "", "count", -1, MaxCount)
	assert.Equal(t, MaxCount, d.Total())
	assert.True(t, d.TotalAmount().Equal(decimal.NewFromInt(5)))
	assert.Less(t, time.Since(start), time.Second)
}

func decStrings(ds []decimal.Decimal) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.String()
	}
	return out
}

// TestAddNEqualsRepeatedAdd: AddN(l, n, a) gives the distribution that n
// calls of Add with amounts summing to a give, for every class and n up to
// 40 (the property the command relies on when it tallies stated counts).
func TestAddNEqualsRepeatedAdd(t *testing.T) {
	for n := range 41 {
		for _, l := range []string{"优", "良", "中", "差"} {
			one, bulk := GradeDistribution(), GradeDistribution()
			require.NoError(t, one.Add("中", decimal.NewFromInt(3)))
			require.NoError(t, bulk.Add("中", decimal.NewFromInt(3)))
			for range n {
				require.NoError(t, one.Add(l, decimal.RequireFromString("1.25")))
			}
			require.NoError(t, bulk.AddN(l, n, decimal.RequireFromString("1.25").Mul(decimal.NewFromInt(int64(n)))))
			for i := range one.Tallies {
				assert.Equal(t, one.Tallies[i].Count, bulk.Tallies[i].Count)
				assert.True(t, one.Tallies[i].Amount.Equal(bulk.Tallies[i].Amount))
			}
			a, errA := one.Shares(2)
			b, errB := bulk.Shares(2)
			require.NoError(t, errA)
			require.NoError(t, errB)
			assert.Equal(t, decStrings(a), decStrings(b))
		}
	}
	_, err := GradeDistribution(), GradeDistribution().AddN("甲", 1, decimal.Zero)
	assert.ErrorIs(t, err, ErrUnknownGrade)
}

// TestAddNScaling: the cost of AddN does not grow with n. Counting
// MaxCount projects a thousand times is a thousand steps, where adding
// them one by one would be 10^9; it allocates nothing beyond the amount.
func TestAddNScaling(t *testing.T) {
	d := GradeDistribution()
	start := time.Now()
	for range 1000 {
		d.Tallies[0].Count = 0
		require.NoError(t, d.AddN("优", MaxCount, decimal.Zero))
	}
	assert.Less(t, time.Since(start), time.Second, "1000 × AddN(MaxCount)")
	assert.Equal(t, MaxCount, d.Total())
}

// TestShareCheckCountLimits: the share check accepts a stated total and a
// search bound of MaxCount and refuses one more, and refuses a search of
// more than MaxSearchSteps (MaxTotal × shares) before searching; places are
// bounded by MaxPlaces like everywhere else.
func TestShareCheckCountLimits(t *testing.T) {
	p := PublishedShares{Shares: []decimal.Decimal{decimal.NewFromInt(50), decimal.NewFromInt(50)}, Total: MaxCount}
	f, err := ShareCheck{MaxTotal: MaxCount}.Check(p)
	require.NoError(t, err)
	assert.Equal(t, CodeSharesConsistent, f.Code)
	assert.Equal(t, 2, f.Smallest.Total, "1 + 1 gives 50/50")
	// 50% of 10^6 is any c with 495,000 ≤ c < 505,000; the first class
	// gets as many as allowed, the second the rest.
	assert.Equal(t, []int{504999, 495001}, f.Fit.Counts)

	for _, tt := range []struct {
		check ShareCheck
		p     PublishedShares
		path  string
		name  string
		value int64
		max   int64
	}{
		{ShareCheck{}, PublishedShares{Shares: p.Shares, Total: MaxCount + 1}, "total", "count", MaxCount + 1, MaxCount},
		{ShareCheck{MaxTotal: MaxCount + 1}, PublishedShares{Shares: p.Shares}, "max_total", "count", MaxCount + 1, MaxCount},
		{ShareCheck{}, PublishedShares{Shares: p.Shares, Places: MaxPlaces + 1}, "places", "places", MaxPlaces + 1, MaxPlaces},
		// 101 classes × a million totals is 1.01 × 10^8 steps.
		{ShareCheck{MaxTotal: MaxCount}, PublishedShares{Shares: make([]decimal.Decimal, 101)}, "max_total", "search steps", 101 * MaxCount, MaxSearchSteps},
	} {
		start := time.Now()
		_, err := tt.check.Check(tt.p)
		assert.ErrorIs(t, err, ErrInvalidShare)
		requireLimit(t, err, tt.path, tt.name, tt.value, tt.max)
		_, err = tt.check.Totals(tt.p)
		requireLimit(t, err, tt.path, tt.name, tt.value, tt.max)
		assert.Less(t, time.Since(start), 100*time.Millisecond, "refused before searching")
	}
	// 100 classes × a million is exactly the limit: accepted. Each class at
	// 1% is first reached by 100 projects, one each.
	ones := make([]decimal.Decimal, 100)
	for i := range ones {
		ones[i] = decimal.NewFromInt(1)
	}
	f, err = ShareCheck{MaxTotal: MaxCount}.Check(PublishedShares{Shares: ones})
	require.NoError(t, err)
	assert.Equal(t, 100, f.Smallest.Total)
}

// TestShareCheckSearchScaling: a search that finds nothing tries every
// total up to MaxTotal; its time grows linearly with the bound and stays
// within a second or so at the largest bound allowed. 50.0000000001% needs
// c ÷ n within 5·10^-13 of 0.500000000001, so no n up to 10^6 gives it.
func TestShareCheckSearchScaling(t *testing.T) {
	if testing.Short() {
		t.Skip("times a search of 2·10^6 steps")
	}
	p := PublishedShares{Places: MaxPlaces, Shares: []decimal.Decimal{
		decimal.RequireFromString("50.0000000001"), decimal.RequireFromString("49.9999999999")}}
	timeAt := func(bound int) time.Duration { // the best of three runs
		best := time.Hour
		for range 3 {
			start := cputime.Now()
			f, err := ShareCheck{MaxTotal: bound}.Check(p)
			require.NoError(t, err)
			require.Equal(t, CodeSharesUnreachable, f.Code)
			best = min(best, cputime.Now()-start)
		}
		return best
	}
	small, large := timeAt(MaxCount/4), timeAt(MaxCount)
	t.Logf("unreachable search: %v at %d, %v at %d", small, MaxCount/4, large, MaxCount)
	assert.Less(t, large, 5*time.Second, "the largest search allowed")
	// Linear: four times the bound, about four times the time (slack for
	// a shared machine; a quadratic search would be 16×).
	assert.Less(t, large, 8*small+20*time.Millisecond)
}

// sameParse reports whether ParseDecimal(s) gives what the long way
// (parseDecimalLong, how it read every text before its shortcut) gives:
// the same coefficient and exponent, or the same error text.
func sameParse(s string) (got, want string, same bool) {
	g, gerr := ParseDecimal(s)
	w, werr := parseDecimalLong(s)
	show := func(d decimal.Decimal, err error) string {
		if err != nil {
			return "error: " + err.Error()
		}
		return d.Coefficient().String() + "e" + fmt.Sprint(d.Exponent())
	}
	got, want = show(g, gerr), show(w, werr)
	return got, want, got == want
}

// FuzzParseDecimalShortcut checks that ParseDecimal's plain-form shortcut
// and its shared small wholes read every text as the long way does,
// coefficient and exponent alike (10 is 10e0, 10.0 is 100e-1), and that
// a shared small whole is not changed by arithmetic on the values it was
// handed out as.
func FuzzParseDecimalShortcut(f *testing.F) {
	for _, s := range []string{"0", "-0", "10", "100", "1000", "1001", "010", "10.0", "-12.50", "+5", "1e3", ".5", "5.",
		"123456789012345678", "1234567890123456789", "-12345678901234567", "-123456789012345678", "1,000", " 1", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want, ok := sameParse(s); !ok {
			t.Fatalf("ParseDecimal(%q) = %s, the long way %s", s, got, want)
		}
		if d, err := ParseDecimal(s); err == nil {
			_ = d.Add(decimal.New(1, 0)).Mul(d)
			if got, want, ok := sameParse(s); !ok {
				t.Fatalf("after arithmetic, ParseDecimal(%q) = %s, the long way %s", s, got, want)
			}
		}
	})
}

// TestParseDecimalSmallWholesShared checks that the whole numbers up to
// intern.MaxWhole, as targets and weights are mostly written, parse
// without an allocation, and that a fraction still parses to its own.
func TestParseDecimalSmallWholesShared(t *testing.T) {
	for _, s := range []string{"0", "30", "100", "1000"} {
		assert.Zero(t, testing.AllocsPerRun(100, func() { _, _ = ParseDecimal(s) }), s)
	}
	d, err := ParseDecimal("12.50")
	require.NoError(t, err)
	assert.Equal(t, int64(1250), d.CoefficientInt64())
	assert.Equal(t, int32(-2), d.Exponent())
}

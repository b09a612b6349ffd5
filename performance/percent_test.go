package performance_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/performance"
)

func TestParsePercent(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"seed first round rate", "19.13%", "19.13"},
		{"seed second round rate", "51.26%", "51.26"},
		{"full-width sign", "19.13％", "19.13"},
		{"full-width digits", "１９．１３％", "19.13"},
		{"OCR o/o as in the seed", "19.13o/o", "19.13"},
		{"OCR upper case", "4.55O/O", "4.55"},
		{"OCR with spaces", "30.30 o / o", "30.30"},
		{"spaces", " 12.12 % ", "12.12"},
		{"integer", "100%", "100"},
		{"negative", "-0.5%", "-0.5"},
		{"over a hundred", "1,234.5%", "1234.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := performance.ParsePercent(tt.in)
			require.NoError(t, err)
			want := decimalOf(tt.want)
			assert.True(t, got.Equal(want), "ParsePercent(%q) = %s, want %s", tt.in, got, want)
		})
	}
}

func TestParsePercentErrors(t *testing.T) {
	tests := []struct {
		name, in string
		offset   int
		err      error
	}{
		{"no sign", "19.13", 5, performance.ErrUnit},
		{"OCR 9毛 is ambiguous", "19.139毛", 6, performance.ErrUnit},
		{"per mille", "1.5‰", 3, performance.ErrUnit},
		{"amount unit", "12万元", 2, performance.ErrUnit},
		{"half an o/o", "12o/", 2, performance.ErrUnit},
		{"text after sign", "12%x", 3, performance.ErrSyntax},
		{"two signs", "12%%", 3, performance.ErrSyntax},
		{"empty", "", 0, performance.ErrSyntax},
		{"sign only", "%", 0, performance.ErrSyntax},
		{"bad grouping", "1,23%", 4, performance.ErrGrouping},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := performance.ParsePercent(tt.in)
			require.Error(t, err, "ParsePercent(%q) = %s, want an error", tt.in, got)
			var pe *performance.ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.in, pe.Input)
			assert.Equal(t, tt.offset, pe.Offset, "offset")
			assert.ErrorIs(t, err, tt.err)
		})
	}
}

// TestSeedReductionRates recomputes both round reduction rates (审减率 =
// reduced ÷ submitted) of DOMAIN.md §7 from their printed amounts and checks
// them against the printed percentages.
func TestSeedReductionRates(t *testing.T) {
	tests := []struct {
		name                       string
		reduced, submitted, stated string
		// the rate at 1 and 0 places, worked out by hand
		onePlace, zeroPlaces string
	}{
		// 3,386.97 ÷ 17,702.19: 17,702.19 × 0.1913 = 3,386.428947, leaving
		// 0.541053; 0.541053 ÷ 17,702.19 ≈ 0.0000306, so the rate is
		// 19.1331…% → 19.13% (2 places), 19.1% (1 place), 19% (0 places).
		{"first round", "3,386.97万元", "17,702.19万元", "19.13%", "19.1%", "19%"},
		// 1,761.29 ÷ 3,436.29: 3,436.29 × 0.5125 = 1,761.098625, leaving
		// 0.191375; 0.191375 ÷ 3,436.29 ≈ 0.0000557, so the rate is
		// 51.2556…% → 51.26% (2 places, the third decimal 5 rounds up),
		// 51.3% (1 place), 51% (0 places).
		{"second round", "1,761.29万元", "3,436.29万元", "51.26%", "51.3%", "51%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reduced, err := performance.ParseAmount(tt.reduced)
			require.NoError(t, err)
			submitted, err := performance.ParseAmount(tt.submitted)
			require.NoError(t, err)
			stated, err := performance.ParsePercent(tt.stated)
			require.NoError(t, err)

			rate, err := performance.NewRatio(reduced, submitted)
			require.NoError(t, err)
			got := rate.Percent(2)
			assert.True(t, got.Equal(stated), "rate %s ÷ %s = %s%%, report states %s", reduced, submitted, got, stated)
			assert.Equal(t, tt.stated, rate.FormatPercent(2))
			assert.Equal(t, tt.onePlace, rate.FormatPercent(1))
			assert.Equal(t, tt.zeroPlaces, rate.FormatPercent(0))
		})
	}
}

func TestFormatPercent(t *testing.T) {
	tests := []struct {
		name   string
		p      string
		places int32
		want   string
	}{
		{"two places", "19.13", 2, "19.13%"},
		{"pads zeros", "30.3", 2, "30.30%"},
		{"half up", "19.125", 2, "19.13%"},
		{"half up, not banker's", "4.545", 2, "4.55%"}, // banker's would give 4.54
		{"half away from zero", "-0.125", 2, "-0.13%"},
		{"zero places", "99.5", 0, "100%"},
		{"negative places as zero", "12.5", -1, "13%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, performance.FormatPercent(decimalOf(tt.p), tt.places))
		})
	}
}

func TestRatioFormatPercent(t *testing.T) {
	// 8 of 66: 800 ÷ 66 = 12.1212…% → 12.12%.
	r, err := performance.NewRatio(decimalOf("8"), decimalOf("66"))
	require.NoError(t, err)
	assert.Equal(t, "12.12%", r.FormatPercent(2))
	// 3 of 66: 300 ÷ 66 = 4.5454…% → 4.55% at two places, 4.5% at one.
	r, err = performance.NewRatio(decimalOf("3"), decimalOf("66"))
	require.NoError(t, err)
	assert.Equal(t, "4.55%", r.FormatPercent(2))
	assert.Equal(t, "4.5%", r.FormatPercent(1))
	// 1 of 8 = 12.5% exactly → 13% at zero places (half up).
	r, err = performance.NewRatio(decimalOf("1"), decimalOf("8"))
	require.NoError(t, err)
	assert.Equal(t, "13%", r.FormatPercent(0))
	assert.Equal(t, "13%", r.FormatPercent(-2))

	assert.Equal(t, "", performance.Ratio{}.FormatPercent(2), "a zero denominator prints nothing")
}

// FuzzParsePercent checks that parsing never panics, that errors are
// *ParseError, and that FormatPercent of an accepted value parses back to it.
func FuzzParsePercent(f *testing.F) {
	for _, s := range []string{"19.13%", "19.13％", "19.13o/o", "19.139毛", "１９．１３％", "%", "1,23%", "o/o"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := performance.ParsePercent(s)
		if err != nil {
			var pe *performance.ParseError
			if !errors.As(err, &pe) || pe.Input != s || pe.Offset < 0 || pe.Offset > len(s) {
				t.Fatalf("ParsePercent(%q): bad error %v (%T)", s, err, err)
			}
			return
		}
		places := -p.Exponent()
		if places < 0 {
			places = 0
		}
		text := performance.FormatPercent(p, places)
		back, err := performance.ParsePercent(text)
		if err != nil || !back.Equal(p) {
			t.Fatalf("ParsePercent(%q) = %s; FormatPercent gives %q, which parses to %s, %v", s, p, text, back, err)
		}
	})
}

package performance_test

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/performance"
)

func decimalOf(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// TestParseAmountSeed parses every amount printed in DOMAIN.md §7 (the Lhasa
// 2021 work report) into exact yuan. 1 万元 = 10,000 元.
func TestParseAmountSeed(t *testing.T) {
	tests := []struct {
		in   string
		want string // yuan, worked out by hand
	}{
		{"17,702.19万元", "177021900"},     // 17,702.19 × 10,000 = 177,021,900
		{"3,386.97万元", "33869700"},       // 3,386.97 × 10,000 = 33,869,700
		{"3,436.29万元", "34362900"},       // 3,436.29 × 10,000 = 34,362,900
		{"1,761.29万元", "17612900"},       // 1,761.29 × 10,000 = 17,612,900
		{"115,346.26万元", "1153462600"},   // 115,346.26 × 10,000 = 1,153,462,600
		{"309,162.34万元", "3091623400"},   // 309,162.34 × 10,000 = 3,091,623,400
		{"115 ,346.26 万元", "1153462600"}, // the scanned form of DOMAIN.md §5: spaces ignored
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := performance.ParseAmount(tt.in)
			require.NoError(t, err)
			want := decimalOf(tt.want)
			assert.True(t, got.Equal(want), "ParseAmount(%q) = %s, want %s", tt.in, got, want)
		})
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain yuan", "1234.56", "1234.56"},
		{"yuan unit", "1,234.56元", "1234.56"},
		{"yi", "3.5亿元", "350000000"}, // 3.5 × 100,000,000
		{"yi with fen", "0.00000001亿元", "1"},
		{"wan to the fen", "0.000001万元", "0.01"}, // 10^-6 × 10^4 = 10^-2
		{"integer wan", "12万元", "120000"},
		{"full-width digits, comma and point", "１２，３４５．６元", "12345.6"},
		{"full-width minus", "－１，７６１．２９万元", "-17612900"},
		{"ascii minus", "-1,761.29", "-1761.29"},
		{"unicode minus sign", "−5元", "-5"},
		{"plus sign", "+5", "5"},
		{"mixed separators", "1,234，567元", "1234567"},
		{"spaces everywhere", "  1 2 , 3 4 5 . 6 7  万 元 ", "123456700"},
		{"ideographic space", "\u300012,345.67\u3000万元", "123456700"},
		{"space between sign and digits", "- 3", "-3"},
		{"no grouping, many digits", "1234567890.12", "1234567890.12"},
		{"leading zero, no grouping", "007", "7"},
		{"zero", "0", "0"},
		{"zero fraction", "0.00万元", "0"},
		{"long fraction", "1.123456789万元", "11234.56789"},
		{"beyond int64", "123,456,789,012,345,678,901.23亿元", "12345678901234567890123000000"},
		{"20 digits yuan", "12345678901234567890", "12345678901234567890"},
		{"negative beyond int64", "-12345678901234567890.5", "-12345678901234567890.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := performance.ParseAmount(tt.in)
			require.NoError(t, err)
			want := decimalOf(tt.want)
			assert.True(t, got.Equal(want), "ParseAmount(%q) = %s, want %s", tt.in, got, want)
		})
	}
}

func TestParseAmountIn(t *testing.T) {
	tests := []struct {
		in   string
		unit performance.AmountUnit
		want string
	}{
		{"17,702.19", performance.Wan, "177021900"}, // unit from the table heading
		{"3.5", performance.Yi, "350000000"},
		{"3.5", performance.Yuan, "3.5"},
		{"17,702.19元", performance.Wan, "17702.19"}, // a printed unit wins
		{"2万元", performance.Yi, "20000"},
	}
	for _, tt := range tests {
		t.Run(tt.in+"/"+tt.unit.String(), func(t *testing.T) {
			got, err := performance.ParseAmountIn(tt.in, tt.unit)
			require.NoError(t, err)
			want := decimalOf(tt.want)
			assert.True(t, got.Equal(want), "ParseAmountIn(%q, %v) = %s, want %s", tt.in, tt.unit, got, want)
		})
	}
}

func TestParseAmountErrors(t *testing.T) {
	tests := []struct {
		name, in string
		offset   int // byte offset of the problem
		err      error
	}{
		{"empty", "", 0, performance.ErrSyntax},
		{"only spaces", "   ", 3, performance.ErrSyntax},
		{"unit without number", "万元", 0, performance.ErrSyntax},
		{"sign alone", "-", 1, performance.ErrSyntax},
		{"two signs", "--1", 1, performance.ErrSyntax},
		{"sign inside", "12-3", 2, performance.ErrSyntax},
		{"sign after point", "1.-2", 2, performance.ErrSyntax},
		{"leading point", ".5", 0, performance.ErrSyntax},
		{"trailing point", "12.", 3, performance.ErrSyntax},
		{"trailing point before unit", "12.万元", 3, performance.ErrSyntax},
		{"two points", "1.2.3", 3, performance.ErrSyntax},
		{"text after unit", "12元3", 5, performance.ErrSyntax}, // "12" 2 bytes + "元" 3 bytes
		{"unit twice", "12元 元", 6, performance.ErrSyntax},
		{"bare wan", "12万", 2, performance.ErrUnit},
		{"bare yi", "3.5亿", 3, performance.ErrUnit},
		{"dollars", "12美元", 2, performance.ErrUnit},
		{"letter", "12 x", 3, performance.ErrUnit},
		{"letter inside number", "12x34", 2, performance.ErrUnit},
		{"percent is not an amount", "12%", 2, performance.ErrUnit},
		{"short last group", "12,34万元", 5, performance.ErrGrouping},
		{"short middle group", "1,23,456", 4, performance.ErrGrouping},
		{"long last group", "1,2345", 5, performance.ErrGrouping}, // the fourth digit of the group
		{"long first group", "1234,567", 4, performance.ErrGrouping},
		{"leading zero group", "0,123", 0, performance.ErrGrouping},
		{"leading separator", ",123", 0, performance.ErrGrouping},
		{"doubled separator", "1,,234", 2, performance.ErrGrouping},
		{"trailing separator", "1,234,", 6, performance.ErrGrouping},
		{"separator before point", "1,.5", 2, performance.ErrGrouping},
		{"short group before point", "1,23.5", 4, performance.ErrGrouping},
		{"separator in fraction", "1.234,5", 5, performance.ErrGrouping},
		{"european style", "1.234.567,89", 5, performance.ErrSyntax},
		{"separator after sign", "-,123", 1, performance.ErrGrouping},
		{"full-width short group", "12，34", 7, performance.ErrGrouping}, // "12" 2 + "，" 3 + "34" 2
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := performance.ParseAmount(tt.in)
			require.Error(t, err, "ParseAmount(%q) = %s, want an error", tt.in, got)
			var pe *performance.ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.in, pe.Input)
			assert.Equal(t, tt.offset, pe.Offset, "offset")
			assert.ErrorIs(t, err, tt.err)
		})
	}
}

func TestParseErrorMessage(t *testing.T) {
	_, err := performance.ParseAmount("1,23万元")
	require.Error(t, err)
	// "1,23" is 4 bytes: the short group ends where 万 starts.
	assert.EqualError(t, err, `performance: parsing "1,23万元": misplaced thousands separator at byte 4`)
	assert.True(t, errors.Is(err, performance.ErrGrouping))
	assert.False(t, errors.Is(err, performance.ErrSyntax))
}

func TestFormatAmount(t *testing.T) {
	tests := []struct {
		name   string
		yuan   string
		unit   performance.AmountUnit
		places int32
		want   string
	}{
		{"seed wan", "177021900", performance.Wan, 2, "17,702.19万元"},         // 177,021,900 ÷ 10,000
		{"seed large wan", "1153462600", performance.Wan, 2, "115,346.26万元"}, // 1,153,462,600 ÷ 10,000
		{"seed in yi", "3091623400", performance.Yi, 2, "30.92亿元"},           // 30.916234 → 30.92
		{"yi four places", "1153462600", performance.Yi, 4, "11.5346亿元"},     // 11.534626 → 11.5346
		{"yuan", "1234.5", performance.Yuan, 2, "1,234.50元"},
		{"half up at the fen", "1234.565", performance.Yuan, 2, "1,234.57元"},
		{"half away from zero when negative", "-1234.565", performance.Yuan, 2, "-1,234.57元"},
		{"half up, not banker's", "12250", performance.Wan, 2, "1.23万元"}, // 1.225 → 1.23 (banker's gives 1.22)
		{"below half", "12249.99", performance.Wan, 2, "1.22万元"},         // 1.224999 → 1.22
		{"carry adds a group", "999.995", performance.Yuan, 2, "1,000.00元"},
		{"no negative zero", "-0.004", performance.Yuan, 2, "0.00元"},
		{"zero", "0", performance.Wan, 2, "0.00万元"},
		{"exact group boundary", "100000000000", performance.Wan, 2, "10,000,000.00万元"},
		{"three digits", "999", performance.Yuan, 2, "999.00元"},
		{"four digits", "1000", performance.Yuan, 0, "1,000元"},
		{"zero places rounds", "177025000", performance.Wan, 0, "17,703万元"}, // 17,702.5 → 17,703
		{"negative places as zero", "177021900", performance.Wan, -3, "17,702万元"},
		{"every fen in wan", "0.01", performance.Wan, 6, "0.000001万元"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := performance.FormatAmountPlaces(decimalOf(tt.yuan), tt.unit, tt.places)
			assert.Equal(t, tt.want, got)
			if tt.places == 2 {
				assert.Equal(t, tt.want, performance.FormatAmount(decimalOf(tt.yuan), tt.unit))
			}
		})
	}
}

func TestAmountUnit(t *testing.T) {
	tests := []struct {
		unit   performance.AmountUnit
		symbol string
		exp    int32
	}{
		{performance.Yuan, "元", 0},
		{performance.Wan, "万元", 4},
		{performance.Yi, "亿元", 8},
	}
	for _, tt := range tests {
		t.Run(tt.symbol, func(t *testing.T) {
			assert.Equal(t, tt.symbol, tt.unit.String())
			assert.Equal(t, tt.exp, tt.unit.Exp())
			assert.True(t, tt.unit.Valid())
			text, err := tt.unit.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tt.symbol, string(text))
			var back performance.AmountUnit
			require.NoError(t, back.UnmarshalText(text))
			assert.Equal(t, tt.unit, back)
		})
	}
	var zero performance.AmountUnit
	assert.Equal(t, performance.Yuan, zero, "the zero unit is yuan")

	var u performance.AmountUnit
	require.NoError(t, u.UnmarshalText([]byte("wan")))
	assert.Equal(t, performance.Wan, u)
	assert.ErrorIs(t, u.UnmarshalText([]byte("万")), performance.ErrUnit)

	bad := performance.AmountUnit(9)
	assert.False(t, bad.Valid())
	assert.Equal(t, "AmountUnit(9)", bad.String())
	_, err := bad.MarshalText()
	assert.Error(t, err)
}

// FuzzParseAmount checks that parsing never panics, that every error is a
// *ParseError with a sensible offset and a known reason (a limit only
// beyond performance.MaxExponent), and that every
// accepted amount prints back (in yuan, with all its decimals) to text that
// parses to the same value.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{
		"17,702.19万元", "115 ,346.26 万元", "3.5亿元", "１２，３４５．６元", "－1,761.29",
		"1,23", "12.", "0,123", "12万", "12元3", "", "\xff", "1\u30002", "9999999999999999999.99亿元",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := performance.ParseAmount(s)
		if err != nil {
			var pe *performance.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("ParseAmount(%q) error %v (%T) is not a *ParseError", s, err, err)
			}
			if pe.Input != s || pe.Offset < 0 || pe.Offset > len(s) {
				t.Fatalf("ParseAmount(%q): bad ParseError %+v", s, pe)
			}
			var le *performance.LimitError
			if errors.As(err, &le) {
				// Refused only beyond the limit, never within it.
				if le.Name != "exponent" || -performance.MaxExponent <= le.Value && le.Value <= performance.MaxExponent {
					t.Fatalf("ParseAmount(%q): limit error within the limit: %v", s, err)
				}
				return
			}
			if !errors.Is(err, performance.ErrSyntax) && !errors.Is(err, performance.ErrGrouping) && !errors.Is(err, performance.ErrUnit) {
				t.Fatalf("ParseAmount(%q): unknown reason %v", s, pe.Err)
			}
			return
		}
		places := -d.Exponent()
		if places < 0 {
			places = 0
		}
		text := performance.FormatAmountPlaces(d, performance.Yuan, places)
		back, err := performance.ParseAmount(text)
		if err != nil {
			t.Fatalf("ParseAmount(%q) = %s; its format %q does not parse: %v", s, d, text, err)
		}
		if !back.Equal(d) {
			t.Fatalf("ParseAmount(%q) = %s; format %q parses to %s", s, d, text, back)
		}
	})
}

// FuzzAmountRoundTrip checks that FormatAmount → ParseAmount is exact for
// every amount with at most two decimals in the unit it is printed in.
func FuzzAmountRoundTrip(f *testing.F) {
	f.Add(int64(1770219), uint8(1)) // 17,702.19万元
	f.Add(int64(-176129), uint8(0)) // -1,761.29元
	f.Add(int64(350), uint8(2))     // 3.50亿元
	f.Add(int64(0), uint8(0))       // 0.00元
	f.Add(int64(-9223372036854775808), uint8(1))
	f.Fuzz(func(t *testing.T, fen int64, unit uint8) {
		u := performance.AmountUnit(unit % 3)
		// fen hundredths of the unit, in yuan: fen × 10^-2 × 10^exp.
		d := decimal.New(fen, -2).Shift(u.Exp())
		text := performance.FormatAmount(d, u)
		back, err := performance.ParseAmount(text)
		if err != nil {
			t.Fatalf("FormatAmount(%s, %v) = %q does not parse: %v", d, u, text, err)
		}
		if !back.Equal(d) {
			t.Fatalf("FormatAmount(%s, %v) = %q parses to %s", d, u, text, back)
		}
	})
}

// TestParseNumber: the quantities of issue 16. "1,5" was read as 15 and
// "1,2,3" as 123 (commas dropped); a comma now only separates complete
// groups of three.
func TestParseNumber(t *testing.T) {
	ok := []struct{ in, want string }{
		{"1,234", "1234"},
		{"1,234,567.5", "1234567.5"},
		{"１２．５", "12.5"},  // full-width digits and point
		{"１，２３４", "1234"}, // full-width separator
		{"-0.25", "-0.25"},
		{" 12 ", "12"},
		{"007", "7"},
	}
	for _, tt := range ok {
		got, err := performance.ParseNumber(tt.in)
		require.NoError(t, err, tt.in)
		assert.True(t, got.Equal(decimalOf(tt.want)), "ParseNumber(%q) = %s, want %s", tt.in, got, tt.want)
	}
	bad := []struct {
		in  string
		err error
		off int
	}{
		// Offsets are where the short group is found: at the end, or at
		// the next separator.
		{"1,5", performance.ErrGrouping, 3},   // a decimal comma: "1,5" is not 15
		{"1,2,3", performance.ErrGrouping, 3}, // not 123
		{"12,34", performance.ErrGrouping, 5},
		{"1,2345", performance.ErrGrouping, 5},
		{"1.5,0", performance.ErrGrouping, 3},
		{"5元", performance.ErrSyntax, 1}, // no units in a number cell
		{"1e5", performance.ErrSyntax, 1},
		{"", performance.ErrSyntax, 0},
	}
	for _, tt := range bad {
		_, err := performance.ParseNumber(tt.in)
		var pe *performance.ParseError
		require.ErrorAs(t, err, &pe, tt.in)
		assert.ErrorIs(t, err, tt.err, tt.in)
		assert.Equal(t, tt.off, pe.Offset, tt.in)
	}
}

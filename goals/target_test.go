package goals

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestParseTarget(t *testing.T) {
	tests := []struct {
		in      string
		op      Operator
		value   string // "" for none
		upper   string
		unit    string
		implied bool
		dl      time.Time
	}{
		{in: "≥100人", op: AtLeast, value: "100", unit: "人"},
		{in: ">=90%", op: AtLeast, value: "90", unit: "%"},
		{in: "≥95％", op: AtLeast, value: "95", unit: "%"},
		{in: "＞＝95 %", op: AtLeast, value: "95", unit: "%"},
		{in: "≧95百分比", op: AtLeast, value: "95", unit: "%"},
		{in: "不低于95%", op: AtLeast, value: "95", unit: "%"},
		{in: "95%以上", op: AtLeast, value: "95", unit: "%"},
		{in: "≥95%以上", op: AtLeast, value: "95", unit: "%"},
		{in: "100%", op: AtLeast, value: "100", unit: "%", implied: true},
		{in: " 10辆 ", op: AtLeast, value: "10", unit: "辆", implied: true},
		{in: "１０辆", op: AtLeast, value: "10", unit: "辆", implied: true},
		{in: "=100%", op: Equal, value: "100", unit: "%"},
		{in: ">0起", op: Above, value: "0", unit: "起"},
		{in: "<5天", op: Below, value: "5", unit: "天"},
		{in: "≤30天", op: AtMost, value: "30", unit: "天"},
		{in: "5天以内", op: AtMost, value: "5", unit: "天"},
		{in: "不超过3次", op: AtMost, value: "3", unit: "次"},
		// Money through performance.ParseAmount: 90万元 = 90 × 10,000 元.
		{in: "≤90万元", op: AtMost, value: "900000", unit: "元"},
		// 1.5亿元 = 1.5 × 100,000,000 元.
		{in: "≤1.5亿元", op: AtMost, value: "150000000", unit: "元"},
		{in: "≤1,200元", op: AtMost, value: "1200", unit: "元"},
		{in: "≥80M", op: AtLeast, value: "80", unit: "米"},
		{in: "≥80米", op: AtLeast, value: "80", unit: "米"},
		{in: "≥12.5km", op: AtLeast, value: "12.5", unit: "公里"},
		{in: "≥1,200人次", op: AtLeast, value: "1200", unit: "人次"},
		{in: "≤-5%", op: AtMost, value: "-5", unit: "%"},
		{in: "80%-90%", op: Range, value: "80", upper: "90", unit: "%"},
		{in: "80-90%", op: Range, value: "80", upper: "90", unit: "%"},
		{in: "80％～90％", op: Range, value: "80", upper: "90", unit: "%"},
		{in: "80%至90%", op: Range, value: "80", upper: "90", unit: "%"},
		{in: "[80,90]", op: Range, value: "80", upper: "90"},
		{in: "[80%,90%]", op: Range, value: "80", upper: "90", unit: "%"},
		{in: "[80,90]%", op: Range, value: "80", upper: "90", unit: "%"},
		{in: "【80，90】%", op: Range, value: "80", upper: "90", unit: "%"},
		{in: "10-20万元", op: Range, value: "100000", upper: "200000", unit: "元"},
		// Deadlines: "前" means by the end of the named day or period.
		{in: "2022年12月31日前", op: AtMost, dl: date(2022, 12, 31)},
		{in: "2022年12月31日之前", op: AtMost, dl: date(2022, 12, 31)},
		{in: "≤2023年10月", op: AtMost, dl: date(2023, 10, 31)},
		{in: "2024年2月底前", op: AtMost, dl: date(2024, 2, 29)},
		{in: "2023年底前", op: AtMost, dl: date(2023, 12, 31)},
		{in: "2023年6月", op: AtMost, dl: date(2023, 6, 30), implied: true},
		{in: "2022-12-31", op: AtMost, dl: date(2022, 12, 31), implied: true},
		// "<2023年10月": strictly before October, so by 30 September.
		{in: "<2023年10月", op: AtMost, dl: date(2023, 9, 30)},
		// A zero printed without an operator is a ceiling: "0起" (no accidents).
		{in: "0起", op: AtMost, value: "0", unit: "起", implied: true},
		{in: "达到95%", op: AtLeast, value: "95", unit: "%"},
		{in: "控制在5%以内", op: AtMost, value: "5", unit: "%"},
		{in: "≥80M²", op: AtLeast, value: "80", unit: "平方米"},
		{in: "80％～90％之间", op: Range, value: "80", upper: "90", unit: "%"},
		{in: "2022.12.31前", op: AtMost, dl: date(2022, 12, 31)},
		{in: "2022／12／31", op: AtMost, dl: date(2022, 12, 31), implied: true},
		{in: "明显提升", op: Qualitative},
		{in: "达成预期指标", op: Qualitative},
		{in: "优良", op: Qualitative},
		{in: "及时", op: Qualitative},
		{in: "符合GB50300标准", op: Qualitative},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTarget(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.op, got.Op, "op")
			assert.Equal(t, tt.unit, got.Unit, "unit")
			assert.Equal(t, tt.implied, got.Implied, "implied")
			if tt.value != "" {
				assert.True(t, got.Value.Equal(dec(tt.value)), "value: got %s want %s", got.Value, tt.value)
			}
			if tt.upper != "" {
				assert.True(t, got.Upper.Equal(dec(tt.upper)), "upper: got %s want %s", got.Upper, tt.upper)
			}
			assert.True(t, got.Deadline.Equal(tt.dl), "deadline: got %s want %s", got.Deadline, tt.dl)
			assert.Equal(t, tt.in != "" && got.Text != "", true)
			if tt.op == Qualitative {
				assert.Equal(t, tt.in, got.Text)
			}
			// The canonical rendering parses back to the same target.
			back, err := ParseTarget(got.String())
			require.NoError(t, err, "re-parse %q", got.String())
			back.Text = got.Text
			assert.True(t, sameTarget(got, back), "round trip via %q: got %+v want %+v", got.String(), back, got)
		})
	}
}

func sameTarget(a, b Target) bool {
	return a.Op == b.Op && a.Value.Equal(b.Value) && a.Upper.Equal(b.Upper) && a.Unit == b.Unit &&
		a.Deadline.Equal(b.Deadline) && a.Implied == b.Implied && a.Text == b.Text
}

func TestParseTargetErrors(t *testing.T) {
	tests := []struct {
		in     string
		offset int
		err    error
	}{
		{"", 0, ErrEmpty},
		{"   ", 0, ErrEmpty},
		{"≥", 3, ErrSyntax},              // "≥" is 3 bytes; the number is missing at the end
		{"≥abc", 3, ErrSyntax},           // an operator needs a number or a date
		{">=良好", 2, ErrSyntax},           // ditto
		{"≥100人5", 6, ErrSyntax},         // a digit in the unit
		{"90%-80%", 4, ErrInvertedRange}, // lower above upper, reported at the upper bound
		{"80%-90人", 6, ErrInvertedRange}, // two units
		{"≥80-90%", 5, ErrSyntax},        // an operator before a range
		{"≤95%以上", 6, ErrSyntax},         // ≤ contradicts 以上
		{"2022年13月", 0, ErrDate},
		{"2023年2月30日前", 0, ErrDate},
		{"≥2023年10月", 0, ErrDate}, // a date target is a deadline
		{"2022年12月31日后", 17, ErrSyntax},
		{"≥12,34万元", 5, ErrSyntax}, // a comma that groups no thousands ends the number
		{"[80,90", 6, ErrSyntax},
		{"100%完成全部年度工作任务", 3, ErrSyntax}, // too long to be a unit
		{"≥1.2.3", 6, ErrSyntax},
		{"\xff", 0, ErrSyntax},
		{"≥5.", 4, ErrSyntax}, // "." is no unit
		{"12月底前", 0, ErrDate}, // a deadline needs a year
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseTarget(tt.in)
			var pe *TargetError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.in, pe.Input)
			assert.Equal(t, tt.offset, pe.Offset, "offset in %q", tt.in)
			assert.ErrorIs(t, err, tt.err)
		})
	}
}

func TestParseTargetMoneyFullWidth(t *testing.T) {
	// １,２００万元 = 1,200 × 10,000 = 12,000,000 元, read by performance.ParseAmount.
	tg, err := ParseTarget("≤１，２００万元")
	require.NoError(t, err)
	assert.True(t, tg.Value.Equal(dec("12000000")), "got %s", tg.Value)
	assert.Equal(t, "元", tg.Unit)
}

func TestTargetJSON(t *testing.T) {
	tg, err := ParseTarget("≤90万元")
	require.NoError(t, err)
	b, err := json.Marshal(tg)
	require.NoError(t, err)
	assert.JSONEq(t, `{"op":"le","value":"900000","unit":"元","text":"≤90万元"}`, string(b))
	var back Target
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, sameTarget(tg, back), "got %+v", back)

	// A string is parsed as published.
	require.NoError(t, json.Unmarshal([]byte(`"2022年12月31日前"`), &back))
	assert.True(t, back.Deadline.Equal(date(2022, 12, 31)))
	b, err = json.Marshal(back)
	require.NoError(t, err)
	assert.JSONEq(t, `{"op":"le","deadline":"2022-12-31","text":"2022年12月31日前"}`, string(b))

	var pe *TargetError
	assert.ErrorAs(t, json.Unmarshal([]byte(`"≥abc"`), &back), &pe)
}

func TestNormalizeUnit(t *testing.T) {
	tests := []struct {
		in, want string
		money    bool
	}{
		{"%", "%", false}, {"％", "%", false}, {"百分比", "%", false},
		{"M", "米", false}, {"m", "米", false}, {"米", "米", false},
		{"KM", "公里", false}, {"千米", "公里", false},
		{"元", "元", true}, {"万元", "元", true}, {"亿元", "元", true},
		{" 人 ", "人", false}, {"人次", "人次", false},
	}
	for _, tt := range tests {
		got, money := NormalizeUnit(tt.in)
		assert.Equal(t, tt.want, got, tt.in)
		assert.Equal(t, tt.money, money, tt.in)
	}
}

func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"≥100人", "≤90万元", "=100%", "≥95％", ">=90%", "100%", "2022年12月31日前",
		"≤2023年10月", "10辆", "≥80M", "明显提升", "80%-90%", "[80,90]", "2022-12-31", "5天以内", "≥12,34万元", "1e5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := ParseTarget(s)
		if err != nil {
			var pe *TargetError
			if !errors.As(err, &pe) {
				t.Fatalf("ParseTarget(%q): error %v is not a *ParseError", s, err)
			}
			if pe.Input != s || pe.Offset < 0 || pe.Offset > len(s) {
				t.Fatalf("ParseTarget(%q): bad ParseError %+v", s, pe)
			}
			if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrSyntax) && !errors.Is(err, ErrDate) && !errors.Is(err, ErrInvertedRange) && !errors.Is(err, ErrOperator) {
				t.Fatalf("ParseTarget(%q): unknown error %v", s, err)
			}
			return
		}
		if tg.Op == Range && tg.Value.GreaterThan(tg.Upper) {
			t.Fatalf("ParseTarget(%q): inverted range %s~%s", s, tg.Value, tg.Upper)
		}
		if tg.Op == Qualitative {
			return
		}
		back, err := ParseTarget(tg.String())
		if err != nil {
			t.Fatalf("ParseTarget(%q) = %q, which does not parse: %v", s, tg.String(), err)
		}
		back.Text = tg.Text
		if !sameTarget(tg, back) {
			t.Fatalf("ParseTarget(%q) = %+v; its rendering %q parses to %+v", s, tg, tg.String(), back)
		}
	})
}

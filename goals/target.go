package goals

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// A Target is an indicator's target value (年度指标值) as the goals table
// states it: a number with an operator and a unit (≥100人), a range
// (80%~90%), a deadline (2022年12月31日前) or a qualitative phrase (明显提升).
//
// Units are normalised (see [NormalizeUnit]): percentages use "%", lengths
// "米" or "公里", and money is held in yuan with the unit "元", whatever unit
// the table printed (≤90万元 is AtMost 900000 元).
//
// The zero value is "≥ 0, no unit", which validation rejects for want of a
// unit.
type Target struct {
	// Op is the operator. A deadline is AtMost its Deadline; a qualitative
	// target has Op Qualitative.
	Op Operator
	// Value is the target number, or the lower bound of a Range.
	Value decimal.Decimal
	// Upper is the upper bound of a Range; zero otherwise.
	Upper decimal.Decimal
	// Unit is the normalised unit, such as "人", "%", "元" or "米"; empty for
	// deadlines and qualitative targets.
	Unit string
	// Deadline is the last day (inclusive, UTC midnight) by which the work
	// must be done; zero unless the target is a deadline.
	Deadline time.Time
	// Implied reports that the published text gave no operator and Op is
	// the conventional reading (≥ for numbers, ≤ for dates).
	Implied bool
	// Text is the target as published, when it was parsed; for a qualitative
	// target it is the phrase itself.
	Text string
}

// IsDeadline reports whether the target is a deadline (a date that must not
// be passed).
func (t Target) IsDeadline() bool { return !t.Deadline.IsZero() }

// Quantitative reports whether the target is a number or a range (not a
// deadline and not qualitative).
func (t Target) Quantitative() bool { return t.Op != Qualitative && !t.IsDeadline() }

// String renders the target in the published style: "≥100人", "80%~90%",
// "2022年12月31日前", or the qualitative phrase. An implied operator is left
// out, so ParseTarget(t.String()) gives t back (apart from Text).
func (t Target) String() string {
	switch {
	case t.Op == Qualitative:
		return t.Text
	case t.IsDeadline():
		d := t.Deadline
		if t.Implied {
			return fmt.Sprintf("%d年%d月%d日", d.Year(), d.Month(), d.Day())
		}
		return fmt.Sprintf("%d年%d月%d日前", d.Year(), d.Month(), d.Day())
	case t.Op == Range:
		return t.Value.String() + t.Unit + "~" + t.Upper.String() + t.Unit
	case t.Implied && (t.Op == AtLeast || t.Op == AtMost && t.Value.IsZero()):
		return t.Value.String() + t.Unit
	}
	return t.Op.String() + t.Value.String() + t.Unit
}

// Errors of [ParseTarget], wrapped in a [*TargetError].
var (
	// ErrEmpty means the text was empty or only spaces.
	ErrEmpty = errors.New("goals: empty target")
	// ErrSyntax means the text is not a target the parser knows: an
	// operator without a number, a number followed by something that is not
	// a unit, a malformed range.
	ErrSyntax = errors.New("goals: invalid target")
	// ErrDate means a deadline names a date that does not exist, or is
	// combined with an operator other than ≤ or <.
	ErrDate = errors.New("goals: invalid deadline")
	// ErrInvertedRange means a range's lower bound is above its upper bound,
	// or its two ends carry different units.
	ErrInvertedRange = errors.New("goals: invalid range")
	// ErrOperator means a symbol the parser does not know stands before a
	// number ("≒100人"): an operator that cannot be read, reported at the
	// symbol rather than silently turning the target qualitative.
	ErrOperator = errors.New("goals: unknown operator")
)

// A TargetError records a failure to read a published target. Offset is the
// byte offset (0-indexed) in Input where the problem was found, or len(Input)
// when the text ended too soon. Err is one of ErrEmpty, ErrSyntax, ErrDate,
// ErrInvertedRange or ErrOperator, possibly wrapping the *performance.TargetError of a money
// amount.
type TargetError struct {
	// Input is the text as given.
	Input string
	// Offset is the byte offset of the problem in Input.
	Offset int
	// Err is the reason, one of the sentinels above.
	Err error
}

// Error returns `goals: target "≥abc": at byte 3: goals: invalid target`.
func (e *TargetError) Error() string {
	return "goals: target " + strconv.Quote(e.Input) + ": at byte " + strconv.Itoa(e.Offset) + ": " + fmt.Sprint(e.Err)
}

// Unwrap returns Err.
func (e *TargetError) Unwrap() error { return e.Err }

// unitSymbols are the non-letters a unit may begin with.
const unitSymbols = "%‰°℃²㎡"

// maxUnitRunes bounds the text read as a unit after a number: longer text is
// a sentence, not a unit, and is reported rather than silently kept.
const maxUnitRunes = 10

// ParseTarget reads a target as goals tables publish it:
//
//	"≥100人", ">=90%", "≥95％", "不低于95%", "95%以上" → AtLeast
//	"⩾", "≧", "＞=", "大于等于", "不少于", "达到"      → AtLeast
//	"⩽", "≦", "＜=", "不超过", "不高于", "以下", "以内" → AtMost
//	"=", "＝", "﹦", "═", "⩵", "等于", "约", "≈"      → Equal
//	"＞", "﹥", "大于" / "＜", "﹤", "小于"             → Above / Below
//	"100%", "10辆"                          → AtLeast, Implied
//	"0起"                                   → AtMost 0, Implied (zero is a ceiling)
//	"≤90万元"                                → AtMost 900000 元
//	"=100%", ">0", "<5天"                    → Equal, Above, Below
//	"80%-90%", "80~90%", "[80,90]"          → Range
//	"2022年12月31日前", "≤2023年10月"          → deadline (AtMost a date)
//	"2022-12-31", "2022.12.31前"             → deadline
//	"≥80M"                                  → AtLeast 80 米
//	"明显提升", "达成预期指标", "优良", "及时"     → Qualitative
//
// Full-width characters are read as their ASCII forms and spaces are ignored
// around the parts. Text that does not begin with an operator, a number or a
// date is a qualitative phrase, unless it begins with symbols the parser
// does not know followed by a number ("≒100人"): that is an ErrOperator at
// the first symbol. A deadline without day (2023年10月) lasts to
// the end of that month, a bare year (2023年底前) to the end of the year; "前"
// is read as "by the end of", as goals tables mean it. Money amounts are read
// with [performance.ParseAmount].
//
// Errors are *ParseError values (see [TargetError]); ParseTarget never panics.
func ParseTarget(s string) (Target, error) {
	p := parser{in: s}
	t, err := p.target()
	if err != nil {
		return Target{}, err
	}
	t.Text = strings.TrimSpace(s)
	return t, nil
}

// NormalizeUnit returns the canonical form of a unit as goals tables print
// it, and whether it is a unit of money:
//
//	"%", "％", "百分比"        → "%"
//	"M", "m", "米"            → "米"
//	"KM", "km", "千米", "公里" → "公里"
//	"M²", "㎡", "平方米", "平米" → "平方米"
//	"元", "万元", "亿元"        → "元", money (values are converted to yuan)
//
// Other units are returned trimmed and otherwise unchanged.
func NormalizeUnit(u string) (unit string, money bool) {
	u = strings.TrimSpace(u)
	switch strings.ToLower(strings.Map(norm, u)) {
	case "%", "百分比":
		return "%", false
	case "m", "米":
		return "米", false
	case "km", "千米", "公里":
		return "公里", false
	case "m²", "m2", "㎡", "平方米", "平米":
		return "平方米", false
	case "元", "万元", "亿元":
		return "元", true
	}
	return u, false
}

// amountUnit returns the money unit u names, for converting an actual given
// in 万元 or 亿元 to yuan.
func amountUnit(u string) (performance.AmountUnit, bool) {
	var a performance.AmountUnit
	if err := a.UnmarshalText([]byte(strings.TrimSpace(strings.Map(norm, u)))); err != nil {
		return 0, false
	}
	return a, true
}

package goals

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// Rating is an evaluator's rating of a qualitative indicator (定性指标评价
// 档次). The zero value, RatingNone, means not rated.
type Rating uint8

const (
	// RatingNone means not rated. It is the zero value.
	RatingNone Rating = iota
	// Achieved: the goal was achieved (达成预期指标), 80–100% of the
	// weight, 80 included (财预〔2020〕10号: 100-80%（含）).
	Achieved
	// PartlyAchieved: partly achieved with some effect (部分达成预期指标并具有
	// 一定效果), 60% (included) to below 80% of the weight (80-60%（含）).
	PartlyAchieved
	// NotAchieved: not achieved, poor effect (未达成预期指标且效果较差),
	// 0 to below 60% of the weight (60-0%).
	NotAchieved
)

var ratingTable = enum.Table[Rating]{
	{V: RatingNone, Code: "", Zh: "未评价", En: "not rated"},
	{V: Achieved, Code: "achieved", Zh: "达成"},
	{V: PartlyAchieved, Code: "partly_achieved", Zh: "部分达成", En: "partly achieved"},
	{V: NotAchieved, Code: "not_achieved", Zh: "未达成", En: "not achieved"},
}

// String returns the code: "achieved", "partly_achieved", "not_achieved" or "".
func (r Rating) String() string { return ratingTable.String(int(r), "Rating") }

// Name returns the rating's name in the given language: "部分达成".
func (r Rating) Name(l performance.Lang) string { return ratingTable.Name(int(r), l, "Rating") }

// Valid reports whether r is a rating or RatingNone.
func (r Rating) Valid() bool { return int(r) < len(ratingTable) }

// ratingWordings are the phrasings self-evaluation forms print in the
// rating column, read as the three tiers of the national form
// (财预〔2020〕10号 附件, 项目支出绩效自评表: 达成预期指标、部分达成预期指标并
// 具有一定效果、未达成预期指标且效果较差). The national form has no fourth
// tier: "basically achieved" (基本达成, 基本完成) is read as partly achieved,
// the tier below full achievement, and an evaluator who means more gives a
// point in the band. Matching is exact after spaces and a final 。 are
// trimmed; the codes and names of ratingTable are accepted as well.
var ratingWordings = []struct {
	word string
	r    Rating
}{
	{"达成预期指标", Achieved}, {"达成年度指标", Achieved}, {"达到预期", Achieved},
	{"达到预期目标", Achieved}, {"达到预期指标", Achieved}, {"达成预期", Achieved},
	{"已达成", Achieved}, {"已完成", Achieved}, {"完成", Achieved}, {"全部完成", Achieved},
	{"已实现", Achieved}, {"达标", Achieved},

	{"部分达成预期指标并具有一定效果", PartlyAchieved}, {"部分达成年度指标并具有一定效果", PartlyAchieved},
	{"部分达成预期指标", PartlyAchieved}, {"部分达成", PartlyAchieved}, {"部分完成", PartlyAchieved},
	{"部分实现", PartlyAchieved}, {"基本达成", PartlyAchieved}, {"基本达到", PartlyAchieved},
	{"基本完成", PartlyAchieved}, {"基本实现", PartlyAchieved}, {"基本达到预期", PartlyAchieved},

	{"未达成预期指标且效果较差", NotAchieved}, {"未达成年度指标且效果较差", NotAchieved},
	{"未达成预期指标", NotAchieved}, {"未达成", NotAchieved}, {"未完成", NotAchieved},
	{"未达到", NotAchieved}, {"未达到预期", NotAchieved}, {"未实现", NotAchieved}, {"未达标", NotAchieved},
}

// ParseRating reads a rating from its code, its Chinese or English name, or
// a phrasing forms print (see ratingWordings): 达成预期指标, 达到预期, 已完成
// → Achieved; 部分达成, 基本达成, 基本完成 → PartlyAchieved; 未达成, 未完成 →
// NotAchieved. The empty string is an error (UnmarshalText reads it as
// RatingNone); anything unknown is an error wrapping [ErrUnknownKind] that
// names the allowed values.
func ParseRating(s string) (Rating, error) {
	if r, ok := ratingTable[1:].ParseEn(s); ok {
		return r, nil
	}
	t := strings.TrimSuffix(strings.TrimSpace(s), "。")
	for _, w := range ratingWordings {
		if t == w.word {
			return w.r, nil
		}
	}
	return RatingNone, unknownKind("rating", s, ratingTable[1:])
}

// MarshalText encodes the rating as its code.
func (r Rating) MarshalText() ([]byte, error) {
	if !r.Valid() {
		return nil, fmt.Errorf("goals: invalid rating %d", uint8(r))
	}
	return []byte(r.String()), nil
}

// UnmarshalText decodes any form ParseRating accepts; empty text gives
// RatingNone.
func (r *Rating) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*r = RatingNone
		return nil
	}
	return ratingSpellings.Decode(r, b)
}

// ratingSpellings is the codes, names and wordings of the ratings, read
// without an allocation (a form's rating column repeats them row after
// row).
var ratingSpellings = enum.MustSpellings(ParseRating, ratingTexts()...)

// ratingTexts lists what ParseRating reads, as written: the table's rows
// after RatingNone, then the wordings.
func ratingTexts() []string {
	out := ratingTable[1:].Texts(true)
	for _, w := range ratingWordings {
		out = append(out, w.word)
	}
	return out
}

// An Actual is what was achieved on one indicator (实际完成值): a measured
// value for a quantitative target, a completion date for a deadline, or an
// evaluator's rating (with an optional point inside the rating's band) for a
// qualitative target. The zero value reports nothing: the indicator scores
// zero as missing.
type Actual struct {
	// Value is the measured value; not Valid when none was reported.
	Value decimal.NullDecimal `json:"value"`
	// Unit is the value's unit. Units are compared after [NormalizeUnit];
	// money in 万元 or 亿元 is converted to yuan. Empty against a target
	// with a unit is a missing_unit problem (the indicator scores zero),
	// unless Config.AssumeTargetUnit takes the unit the target printed
	// (85 against ≤90万元 is then 85万元); empty against a unitless target is
	// fine.
	Unit string `json:"unit,omitempty"`
	// Date is the completion date of a deadline indicator; zero when not
	// reported. Only the calendar day counts.
	Date time.Time `json:"-"`
	// Rating is the evaluator's rating of a qualitative indicator.
	Rating Rating `json:"rating,omitempty"`
	// Point is the evaluator's point inside the rating's band, in percent
	// of the weight (85 means 85% of the weight). Not Valid: 100 for
	// Achieved, the band's floor for the others.
	Point decimal.NullDecimal `json:"point"`
}

// Measured returns the actual of a quantitative indicator: value in unit
// (empty for the target's unit).
func Measured(value decimal.Decimal, unit string) Actual {
	return Actual{Value: decimal.NewNullDecimal(value), Unit: unit}
}

// DoneOn returns the actual of a deadline indicator completed on day.
func DoneOn(day time.Time) Actual { return Actual{Date: day} }

// Rated returns the actual of a qualitative indicator rated r, at point
// percent of the weight.
func Rated(r Rating, point decimal.Decimal) Actual {
	return Actual{Rating: r, Point: decimal.NewNullDecimal(point)}
}

type actualJSON struct {
	Value  *decimal.Decimal `json:"value,omitempty"`
	Unit   string           `json:"unit,omitempty"`
	Date   string           `json:"date,omitempty"`
	Rating Rating           `json:"rating,omitempty"`
	Point  *decimal.Decimal `json:"point,omitempty"`
}

func nullable(d decimal.NullDecimal) *decimal.Decimal {
	if !d.Valid {
		return nil
	}
	return &d.Decimal
}

// MarshalJSON encodes the actual with decimals as strings, the date as
// "2006-01-02" and what was not reported left out:
//
//	{"value":"95","unit":"%"}  {"date":"2022-12-20"}  {"rating":"achieved","point":"90"}
func (a Actual) MarshalJSON() ([]byte, error) { return json.Marshal(a.json()) }

// json is the actual's JSON form, which a score's encoding writes in its
// own pass (see scoreOut).
func (a *Actual) json() actualJSON {
	j := actualJSON{Value: nullable(a.Value), Unit: a.Unit, Rating: a.Rating, Point: nullable(a.Point)}
	if !a.Date.IsZero() {
		j.Date = a.Date.Format(time.DateOnly)
	}
	return j
}

// UnmarshalJSON decodes the form MarshalJSON writes.
func (a *Actual) UnmarshalJSON(b []byte) error {
	// One pass for the common document (UnmarshalStrictJSON); the long way,
	// with its errors, for anything the one pass refuses.
	var v Actual
	if actualDecoder.Decode(b, &v) == nil {
		*a = v
		return nil
	}
	return a.unmarshalLong(b)
}

// unmarshalLong is UnmarshalJSON the long way, through the library's
// strict decoder.
func (a *Actual) unmarshalLong(b []byte) error {
	// The decimals are read as text first, so that an exponent beyond
	// performance.MaxExponent is refused before a number is built.
	var j struct {
		actualJSON
		Value json.RawMessage `json:"value,omitempty"`
		Point json.RawMessage `json:"point,omitempty"`
	}
	// Strictly, as every JSON input: an unknown member is named.
	if err := performance.DecodeJSON(b, &j); err != nil {
		return fmt.Errorf("goals: actual: %w", err)
	}
	v := Actual{Unit: j.Unit, Rating: j.Rating}
	for _, d := range []struct {
		path string
		raw  json.RawMessage
		to   *decimal.NullDecimal
	}{{"value", j.Value, &v.Value}, {"point", j.Point, &v.Point}} {
		if len(d.raw) == 0 || string(d.raw) == "null" {
			continue
		}
		s := string(d.raw)
		if d.raw[0] == '"' {
			if err := json.Unmarshal(d.raw, &s); err != nil {
				return fmt.Errorf("goals: actual %s: %w", d.path, err)
			}
		}
		x, err := performance.ParseDecimal(s)
		if le := (*performance.LimitError)(nil); errors.As(err, &le) {
			le.Path = d.path
		}
		if err != nil {
			return fmt.Errorf("goals: actual %s: %w", d.path, err)
		}
		*d.to = decimal.NewNullDecimal(x)
	}
	if j.Date != "" {
		d, err := time.Parse(time.DateOnly, j.Date)
		if err != nil {
			return fmt.Errorf("goals: actual date %q: %w", j.Date, err)
		}
		v.Date = d
	}
	*a = v
	return nil
}

// ParseActual reads an actual as self-evaluation tables report it: a value
// with its unit ("96.5%", "120人", "85万元" → 850000 元), a completion date
// ("2022年11月30日", "2022-11-30"; a month stands for its last day), or a
// rating in any wording [ParseRating] reads (达成预期指标, 基本达成, 未完成 …).
// Errors are *ParseError values.
func ParseActual(s string) (Actual, error) {
	if r, err := ParseRating(s); err == nil {
		return Actual{Rating: r}, nil
	}
	t, err := ParseTarget(s)
	if err != nil {
		return Actual{}, err
	}
	switch {
	case t.IsDeadline() && t.Implied:
		return Actual{Date: t.Deadline}, nil
	case t.Implied && t.Quantitative():
		return Measured(t.Value, t.Unit), nil
	}
	return Actual{}, &TargetError{Input: s, Offset: 0, Err: ErrSyntax}
}

// value returns the actual value in the target's unit, or false when the
// units differ or the unit is missing (see [actualShift]).
func (a *Actual) value(t *Target, assume bool) (decimal.Decimal, bool) {
	tunit, _ := NormalizeUnit(t.Unit)
	shift, code := actualShift(a, t, tunit, assume)
	if code != "" {
		return a.Value.Decimal, false
	}
	return a.Value.Decimal.Shift(shift), true
}

// actualShift returns the power of ten that converts a's value to t's
// normalised unit, or the code of the problem: missing_unit when a has no
// unit, t has one and assume is false; unit_mismatch when the units
// differ. With assume, a unitless value is in the unit t printed: 万元 or
// 亿元 for money targets published so, else t's unit.
func actualShift(a *Actual, t *Target, tunit string, assume bool) (int32, string) {
	if a.Unit == "" && t.Unit != "" {
		if !assume {
			return 0, "missing_unit"
		}
		return printedShift(t), ""
	}
	shift, ok := unitShift(a.Unit, tunit)
	if !ok {
		return 0, "unit_mismatch"
	}
	return shift, ""
}

// printedShift returns the power of ten of the money unit a target was
// printed in (4 for "≤90万元", 8 for 亿元), 0 for any other target.
func printedShift(t *Target) int32 {
	if t.Unit != "元" {
		return 0
	}
	switch {
	case strings.Contains(t.Text, "亿元"):
		return 8
	case strings.Contains(t.Text, "万元"):
		return 4
	}
	return 0
}

// unitShift returns the power of ten that converts a value in unit a to the
// normalised target unit t (4 for 万元 to 元), or false when the units
// differ. The common cases allocate nothing.
func unitShift(a, t string) (int32, bool) {
	if a == "" || a == t {
		return 0, true
	}
	if t == "元" {
		switch a {
		case "万元":
			return 4, true
		case "亿元":
			return 8, true
		}
	}
	u, money := NormalizeUnit(a)
	if u != t {
		return 0, false
	}
	if money {
		au, ok := amountUnit(a)
		if !ok {
			return 0, false
		}
		return au.Exp(), true
	}
	return 0, true
}

// dayNumber returns the calendar day of t in its own location, as days
// since 1970-01-01: only the day counts when a completion date is compared
// with a deadline.
func dayNumber(t time.Time) int64 {
	_, off := t.Zone()
	s := t.Unix() + int64(off)
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return d
}

package goals

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/performance"
)

// fixed renders units of 10^-places at the places: 19.00, 7,
// 6.6666666667 (on the exact kernel; decimal's StringFixed past 18 places).
func fixed(units int64, places int32) string {
	var buf [40]byte // a sign, 19 digits, a point and the zeros of 18 places
	if b, ok := exact.AppendFixed(buf[:0], units, places); ok {
		return string(b)
	}
	return decimal.New(units, -places).StringFixed(places)
}

// actualText renders the actual as compared with the target: in the
// target's unit, money converted to yuan.
func actualText(a *Actual, t *Target, assume bool) string {
	switch {
	case t.Op == Qualitative:
		return a.Rating.Name(performance.LangZH)
	case t.IsDeadline():
		if a.Date.IsZero() {
			return ""
		}
		return a.Date.Format(time.DateOnly)
	case !a.Value.Valid:
		return ""
	}
	if v, ok := a.value(t, assume); ok {
		return v.String() + t.Unit
	}
	return a.Value.Decimal.String() + a.Unit
}

// assumeUnit reports whether the score's configuration reads a unitless
// actual in the target's unit.
func (s *Score) assumeUnit() bool { return s.cfg != nil && s.cfg.AssumeTargetUnit }

// Explain says in the given language how the score was reached: the
// target, the actual, the rule with its arithmetic, and the rounding. For
// example:
//
//	培训人数：指标值 ≥100人，实际完成值 95人；未达到指标值，得分 = 分值 20 × 实际完成值 95 ÷ 指标值 100 = 19.00（四舍五入保留2位小数）
func (s *Score) Explain(l performance.Lang) string {
	if s.text != nil { // decoded from JSON: the explanation as written
		if l == performance.LangEN {
			return s.text.EN
		}
		return s.text.ZH
	}
	if s.Indicator == nil {
		return "" // a zero Score explains nothing
	}
	in := s.Indicator
	tg := &in.Target
	en := l == performance.LangEN
	var b strings.Builder
	b.WriteString(in.Name)
	target := tg.String()
	if tg.IsDeadline() {
		target = tg.Deadline.Format(time.DateOnly)
	}
	act := actualText(&s.Actual, tg, s.assumeUnit())
	if en {
		fmt.Fprintf(&b, ": target %s", target)
		if act != "" {
			if tg.Op == Qualitative {
				act = s.Actual.Rating.Name(l)
			}
			fmt.Fprintf(&b, ", actual %s", act)
		}
		b.WriteString("; ")
	} else {
		fmt.Fprintf(&b, "：指标值 %s", target)
		if act != "" {
			fmt.Fprintf(&b, "，实际完成值 %s", act)
		}
		b.WriteString("；")
	}
	places := s.Rounding.Places()
	value := fixed(s.units, places)
	w := in.Weight.String()
	v, _ := s.Actual.value(tg, s.assumeUnit())
	rounding := s.Rounding.Name(l)
	num, den := "", ""
	switch s.Rule {
	case RuleMissing, RuleInvalid, RuleNotMet, RuleLate:
		b.WriteString(s.Rule.Name(l))
	case RuleMet:
		if en {
			fmt.Fprintf(&b, "target met: full weight %s", value)
		} else {
			fmt.Fprintf(&b, "达到指标值，得满分 %s", value)
		}
		if s.TooLow && s.cfg != nil {
			if en {
				fmt.Fprintf(&b, "; the actual is %s times the target or better: the target may have been set too low, and an evaluator may deduct points", s.cfg.TooLow)
			} else {
				fmt.Fprintf(&b, "；实际完成值达到指标值的 %s 倍及以上，指标值可能设定偏低，评价人可酌情扣分", s.cfg.TooLow)
			}
		}
	case RuleProportional:
		num, den = v.String(), tg.Value.String()
		if en {
			fmt.Fprintf(&b, "target not met: weight %s × actual %s ÷ target %s = %s (%s)", w, num, den, value, rounding)
		} else {
			fmt.Fprintf(&b, "未达到指标值，得分 = 分值 %s × 实际完成值 %s ÷ 指标值 %s = %s（%s）", w, num, den, value, rounding)
		}
	case RuleInverse:
		num, den = tg.Value.String(), v.String()
		if tg.Op == Range {
			num = tg.Upper.String()
		}
		if en {
			fmt.Fprintf(&b, "target exceeded: weight %s × target %s ÷ actual %s = %s (%s)", w, num, den, value, rounding)
		} else {
			fmt.Fprintf(&b, "超出指标值，得分 = 分值 %s × 指标值 %s ÷ 实际完成值 %s = %s（%s）", w, num, den, value, rounding)
		}
	case RuleOverFull:
		b.WriteString(s.Rule.Name(l))
		fmt.Fprintf(&b, " %s", value)
	case RuleOverLinear:
		up := tg.Value
		if tg.Op == Range {
			up = tg.Upper
		}
		if en {
			fmt.Fprintf(&b, "target exceeded: weight %s × (1 − (actual %s − target %s) ÷ target %s) = %s (%s)", w, v, up, up, value, rounding)
		} else {
			fmt.Fprintf(&b, "超出指标值，得分 = 分值 %s × (1 － (实际完成值 %s － 指标值 %s) ÷ 指标值 %s) = %s（%s）", w, v, up, up, value, rounding)
		}
	case RuleCustom:
		if en {
			fmt.Fprintf(&b, "custom scoring expression %s = %s, held to [0, %s] (%s)", in.Scoring, value, w, rounding)
		} else {
			fmt.Fprintf(&b, "按自定义评分公式 %s 计分 = %s，限于 0 至分值 %s（%s）", in.Scoring, value, w, rounding)
		}
	case RuleBand:
		lo, hi := s.band()
		if en {
			fmt.Fprintf(&b, "rated %s (band %s%%–%s%% of the weight), point %s%%: weight %s × %s%% = %s (%s)",
				s.Actual.Rating.Name(l), lo, hi, s.Point, w, s.Point, value, rounding)
		} else {
			fmt.Fprintf(&b, "评价为%s（分值的 %s%%–%s%%），评分点 %s%%，得分 = 分值 %s × %s%% = %s（%s）",
				s.Actual.Rating.Name(l), lo, hi, s.Point, w, s.Point, value, rounding)
		}
	}
	return b.String()
}

func (s *Score) band() (lo, hi decimal.Decimal) {
	var c Config
	if s.cfg != nil {
		c = *s.cfg
	}
	return (&Scorer{cfg: c}).band(s.Actual.Rating)
}

// scoreForm is the JSON form of a Score, its target and actual of types
// T and A. A score is read as a scoreJSON, its target and actual decoded
// as Target and Actual, and written as a scoreOut, their JSON forms in the
// score's own pass: a member whose type has a MarshalJSON method costs a
// document of its own, which encoding/json scans again to validate and
// compact into the enclosing one (the bytes are the same).
type scoreForm[T, A any] struct {
	Index    int              `json:"index"`
	ID       string           `json:"id,omitempty"`
	Name     string           `json:"name"`
	Level1   Level1           `json:"level1"`
	Level2   Level2           `json:"level2,omitempty"`
	Weight   decimal.Decimal  `json:"weight"`
	Target   T                `json:"target"`
	Actual   A                `json:"actual"`
	Rule     ScoreRule        `json:"rule"`
	Met      bool             `json:"met"`
	TooLow   bool             `json:"too_low,omitempty"`
	Point    *string          `json:"point,omitempty"`
	Rounding Rounding         `json:"rounding"`
	Value    string           `json:"value"`
	Text     performance.Text `json:"explanation"`
}

// scoreJSON is the form a score is read in; scoreOut the one it is
// written in (see scoreForm).
type (
	scoreJSON = scoreForm[Target, Actual]
	scoreOut  = scoreForm[targetJSON, actualJSON]
)

// MarshalJSON encodes the score with its inputs, rule, rounding, value (a
// string at the rounding's places) and explanation in both languages.
func (s *Score) MarshalJSON() ([]byte, error) {
	return json.Marshal(s.json())
}

// json is the score's JSON form. A Result's scores are encoded as these
// forms within the result's own encoding, which then writes each score
// once (through Score.MarshalJSON, encoding/json validates and copies a
// score's document again into the result's; the bytes are the same).
func (s *Score) json() scoreOut {
	in := s.Indicator
	if in == nil {
		in = &Indicator{}
	}
	j := scoreOut{
		Index: s.Index, ID: in.ID, Name: in.Name, Level1: in.Level1, Level2: in.Level2,
		Weight: in.Weight, Target: in.Target.json(), Actual: s.Actual.json(), Rule: s.Rule, Met: s.Met, TooLow: s.TooLow,
		Rounding: s.Rounding, Value: fixed(s.units, s.Rounding.Places()),
		Text: performance.Text{ZH: s.Explain(performance.LangZH), EN: s.Explain(performance.LangEN)},
	}
	if s.Rule == RuleBand {
		p := s.Point.String()
		j.Point = &p
	}
	return j
}

// UnmarshalJSON decodes the form MarshalJSON writes. The indicator is
// rebuilt from the fields written (id, name, kinds, weight, target); the
// explanation is kept as written, since it was rendered under a
// configuration JSON does not carry.
func (s *Score) UnmarshalJSON(b []byte) error {
	var j scoreJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	units, err := unitsAt(j.Value, j.Rounding.Places())
	if err != nil {
		return fmt.Errorf("goals: score %d value: %w", j.Index, err)
	}
	out := Score{Index: j.Index, Indicator: &Indicator{ID: j.ID, Name: j.Name, Level1: j.Level1, Level2: j.Level2, Weight: j.Weight, Target: j.Target},
		Actual: j.Actual, Rule: j.Rule, Met: j.Met, TooLow: j.TooLow, Rounding: j.Rounding, units: units, text: &j.Text}
	if j.Point != nil {
		if out.Point, err = decimal.NewFromString(*j.Point); err != nil {
			return fmt.Errorf("goals: score %d point: %w", j.Index, err)
		}
	}
	*s = out
	return nil
}

// fixedUnits reads a decimal string written as fixed writes it, with the
// places its digits after the point say, as units of 10^-places.
func fixedUnits(s string) (units int64, places int32, err error) {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		places = int32(min(len(s)-i-1, performance.MaxPlaces+1))
	}
	if err := performance.ValidatePlaces("places", int64(places)); err != nil {
		return 0, 0, err
	}
	units, err = unitsAt(s, places)
	return units, places, err
}

// unitsAt reads a decimal string written with exactly places decimals as
// an integer count of 10^-places.
func unitsAt(s string, places int32) (int64, error) {
	d, err := decimal.NewFromString(s)
	if err != nil {
		return 0, err
	}
	if fixed(d.Shift(places).IntPart(), places) != s {
		return 0, fmt.Errorf("%q is not written with %d decimal places", s, places)
	}
	return d.Shift(places).IntPart(), nil
}

// subtotalJSON is the JSON form of a Subtotal.
type subtotalJSON struct {
	Level1     Level1          `json:"level1"`
	Level2     Level2          `json:"level2,omitempty"`
	Level2Name string          `json:"level2_name,omitempty"`
	Weight     decimal.Decimal `json:"weight"`
	Indicators []int           `json:"indicators"`
	Value      string          `json:"value"`
}

// MarshalJSON encodes the subtotal with its value as a string.
func (s *Subtotal) MarshalJSON() ([]byte, error) { return json.Marshal(s.json()) }

// json is the subtotal's JSON form, which a result's encoding writes in
// its own pass (see scoreOut).
func (s *Subtotal) json() subtotalJSON {
	return subtotalJSON{s.Level1, s.Level2, s.Level2Name, s.Weight, s.Indicators, fixed(s.units, s.places)}
}

// UnmarshalJSON decodes the form MarshalJSON writes.
func (s *Subtotal) UnmarshalJSON(b []byte) error {
	var j subtotalJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	units, places, err := fixedUnits(j.Value)
	if err != nil {
		return fmt.Errorf("goals: subtotal value: %w", err)
	}
	*s = Subtotal{Level1: j.Level1, Level2: j.Level2, Level2Name: j.Level2Name, Weight: j.Weight, Indicators: j.Indicators, places: places, units: units}
	return nil
}

// UnmarshalJSON decodes the form MarshalJSON writes.
func (r *Result) UnmarshalJSON(b []byte) error {
	var j struct {
		Scores   []Score    `json:"scores"`
		Level1   []Subtotal `json:"level1"`
		Level2   []Subtotal `json:"level2"`
		Rounding Rounding   `json:"rounding"`
		Total    string     `json:"total"`
	}
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	total, places, err := fixedUnits(j.Total)
	if err != nil {
		return fmt.Errorf("goals: result total: %w", err)
	}
	*r = Result{Scores: j.Scores, Level1: j.Level1, Level2: j.Level2, Rounding: j.Rounding, totalPlaces: places, total: total}
	return nil
}

// MarshalJSON encodes the result: scores, subtotals, total (a string) and
// the total's rounding.
func (r *Result) MarshalJSON() ([]byte, error) {
	scores := make([]scoreOut, len(r.Scores))
	for i := range r.Scores {
		scores[i] = r.Scores[i].json()
	}
	return json.Marshal(struct {
		Scores   []scoreOut     `json:"scores"`
		Level1   []subtotalJSON `json:"level1"`
		Level2   []subtotalJSON `json:"level2"`
		Rounding Rounding       `json:"rounding"`
		Total    string         `json:"total"`
	}{scores, subtotalsJSON(r.Level1), subtotalsJSON(r.Level2), r.Rounding, fixed(r.total, r.totalPlaces)})
}

// subtotalsJSON returns the JSON forms of subtotals, never nil: a result
// writes [] for no subtotals.
func subtotalsJSON(subtotals []Subtotal) []subtotalJSON {
	js := make([]subtotalJSON, len(subtotals))
	for i := range subtotals {
		js[i] = subtotals[i].json()
	}
	return js
}

// Explain lists every indicator's explanation, the level-1 subtotals and the
// total with its rounding, one per line.
func (r *Result) Explain(l performance.Lang) string {
	var b strings.Builder
	for i := range r.Scores {
		b.WriteString(r.Scores[i].Explain(l))
		b.WriteByte('\n')
	}
	parts := make([]string, len(r.Level1))
	for i := range r.Level1 {
		g := &r.Level1[i]
		parts[i] = fixed(g.units, g.places)
		if l == performance.LangEN {
			fmt.Fprintf(&b, "%s: %s of %s\n", g.Level1.Name(l), parts[i], g.Weight)
		} else {
			fmt.Fprintf(&b, "%s：%s（分值 %s）\n", g.Level1.Name(l), parts[i], g.Weight)
		}
	}
	total := fixed(r.total, r.totalPlaces)
	if l == performance.LangEN {
		fmt.Fprintf(&b, "total = %s = %s (%s)", strings.Join(parts, " + "), total, r.Rounding.Name(l))
	} else {
		fmt.Fprintf(&b, "合计 = %s = %s（%s）", strings.Join(parts, " + "), total, r.Rounding.Name(l))
	}
	return b.String()
}

var baseNames = [...]performance.Text{
	performance.BaseAdjusted: {ZH: "全年预算数", EN: "adjusted budget"},
	performance.BaseInitial:  {ZH: "年初预算数", EN: "initial budget"},
}

// Explain says how the execution item was scored:
//
//	预算执行率 = 执行数 913700 ÷ 全年预算数 1000000 = 91.37%；得分 = 分值 10 × 913700 ÷ 1000000 = 9.14（四舍五入保留2位小数）
func (e *ExecutionScore) Explain(l performance.Lang) string {
	base := ""
	if int(e.Base) < len(baseNames) {
		base = baseNames[e.Base].In(l)
	}
	x, bud := e.Execution.Executed, e.Execution.Budget(e.Base)
	value := fixed(e.units, e.Rounding.Places())
	rate := e.Rate.Percent(2).StringFixed(2)
	if l == performance.LangEN {
		s := fmt.Sprintf("execution rate = executed %s ÷ %s %s = %s%%; ", x, base, bud, rate)
		if e.Capped {
			return s + fmt.Sprintf("above 100%%: full weight %s", value)
		}
		return s + fmt.Sprintf("score = weight %s × %s ÷ %s = %s (%s)", e.Weight, x, bud, value, e.Rounding.Name(l))
	}
	s := fmt.Sprintf("预算执行率 = 执行数 %s ÷ %s %s = %s%%；", x, base, bud, rate)
	if e.Capped {
		return s + fmt.Sprintf("超过100%%，得满分 %s", value)
	}
	return s + fmt.Sprintf("得分 = 分值 %s × %s ÷ %s = %s（%s）", e.Weight, x, bud, value, e.Rounding.Name(l))
}

// MarshalJSON encodes the execution item with its figures, rate (exact, and
// in percent at two places), value and explanation.
func (e *ExecutionScore) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Weight    decimal.Decimal       `json:"weight"`
		Execution performance.Execution `json:"execution"`
		Base      string                `json:"budget_base"`
		Rate      performance.Ratio     `json:"rate"`
		Percent   string                `json:"rate_percent"`
		Capped    bool                  `json:"capped,omitempty"`
		Rounding  Rounding              `json:"rounding"`
		Value     string                `json:"value"`
		Text      performance.Text      `json:"explanation"`
	}{e.Weight, e.Execution, e.Base.String(), e.Rate, e.Rate.Percent(2).StringFixed(2), e.Capped, e.Rounding,
		fixed(e.units, e.Rounding.Places()),
		performance.Text{ZH: e.Explain(performance.LangZH), EN: e.Explain(performance.LangEN)}})
}

// Explain explains the execution item, every indicator, the subtotals and
// the form's total.
func (r *FormResult) Explain(l performance.Lang) string {
	if r.Indicators == nil {
		r = &FormResult{Execution: r.Execution, Indicators: &Result{}, Rounding: r.Rounding, totalPlaces: r.totalPlaces, total: r.total}
	}
	var b strings.Builder
	b.WriteString(r.Execution.Explain(l))
	b.WriteByte('\n')
	b.WriteString(r.Indicators.Explain(l))
	b.WriteByte('\n')
	exec := fixed(r.Execution.units, r.Execution.Rounding.Places())
	ind := fixed(r.Indicators.sum(), r.Execution.Rounding.Places())
	total := fixed(r.total, r.totalPlaces)
	if l == performance.LangEN {
		fmt.Fprintf(&b, "form total = execution %s + indicators %s = %s (%s)", exec, ind, total, r.Rounding.Name(l))
	} else {
		fmt.Fprintf(&b, "自评总分 = 预算执行率得分 %s + 指标得分 %s = %s（%s）", exec, ind, total, r.Rounding.Name(l))
	}
	return b.String()
}

// UnmarshalJSON decodes the form MarshalJSON writes. The rate in percent
// and the explanation are computed from the other fields; those read must
// agree with them.
func (e *ExecutionScore) UnmarshalJSON(b []byte) error {
	var j struct {
		Weight    decimal.Decimal        `json:"weight"`
		Execution performance.Execution  `json:"execution"`
		Base      performance.BudgetBase `json:"budget_base"`
		Rate      performance.Ratio      `json:"rate"`
		Percent   string                 `json:"rate_percent"`
		Capped    bool                   `json:"capped,omitempty"`
		Rounding  Rounding               `json:"rounding"`
		Value     string                 `json:"value"`
		Text      *performance.Text      `json:"explanation"`
	}
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	units, err := unitsAt(j.Value, j.Rounding.Places())
	if err != nil {
		return fmt.Errorf("goals: execution score value: %w", err)
	}
	out := ExecutionScore{Weight: j.Weight, Execution: j.Execution, Base: j.Base, Rate: j.Rate, Capped: j.Capped, Rounding: j.Rounding, units: units}
	if j.Percent != "" && j.Percent != j.Rate.Percent(2).StringFixed(2) {
		return fmt.Errorf("goals: execution score: rate_percent %s is not the rate %s", j.Percent, j.Rate.Percent(2).StringFixed(2))
	}
	if j.Text != nil && (j.Text.ZH != out.Explain(performance.LangZH) || j.Text.EN != out.Explain(performance.LangEN)) {
		return fmt.Errorf("goals: execution score: the explanation does not match the figures")
	}
	*e = out
	return nil
}

// UnmarshalJSON decodes the form MarshalJSON writes.
func (r *FormResult) UnmarshalJSON(b []byte) error {
	var j struct {
		Execution  ExecutionScore `json:"execution"`
		Indicators *Result        `json:"indicators"`
		Rounding   Rounding       `json:"rounding"`
		Total      string         `json:"total"`
	}
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	total, places, err := fixedUnits(j.Total)
	if err != nil {
		return fmt.Errorf("goals: form total: %w", err)
	}
	*r = FormResult{Execution: j.Execution, Indicators: j.Indicators, Rounding: j.Rounding, totalPlaces: places, total: total}
	return nil
}

// MarshalJSON encodes the form's result with the total as a string.
func (r *FormResult) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Execution  *ExecutionScore `json:"execution"`
		Indicators *Result         `json:"indicators"`
		Rounding   Rounding        `json:"rounding"`
		Total      string          `json:"total"`
	}{&r.Execution, r.Indicators, r.Rounding, fixed(r.total, r.totalPlaces)})
}

// sum returns the unrounded sum of the scores, at the indicator places.
func (r *Result) sum() int64 {
	var s int64
	for i := range r.Scores {
		s += r.Scores[i].units
	}
	return s
}

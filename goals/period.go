package goals

import (
	"fmt"
	"strconv"

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
)

// Accumulation says how a multi-year project's annual targets relate to its
// whole-period target (总体目标与年度目标的关系). The zero value,
// AccumulateAuto, decides by the indicator's kind (see [PeriodGoals.Check]).
type Accumulation uint8

const (
	// AccumulateAuto decides by kind. It is the zero value.
	AccumulateAuto Accumulation = iota
	// AccumulateSum (累计): the annual targets add up to the whole-period
	// target, as counts and amounts do (培训人数, 新建里程, 成本).
	AccumulateSum
	// AccumulateProgress (递进): each year's target moves towards the
	// whole-period target and the last year's reaches it, as rates do.
	AccumulateProgress
	// AccumulateNone: not checked, as qualitative targets are.
	AccumulateNone
)

var accumulationTable = enum.Table[Accumulation]{
	{V: AccumulateAuto, Code: "auto", Zh: "自动"},
	{V: AccumulateSum, Code: "sum", Zh: "累计"},
	{V: AccumulateProgress, Code: "progress", Zh: "递进"},
	{V: AccumulateNone, Code: "none", Zh: "不校验"},
}

// String returns the code: "auto", "sum", "progress" or "none".
func (a Accumulation) String() string { return accumulationTable.String(int(a), "Accumulation") }

// MarshalText encodes the accumulation as its code.
func (a Accumulation) MarshalText() ([]byte, error) {
	if int(a) >= len(accumulationTable) {
		return nil, fmt.Errorf("goals: invalid accumulation %d", uint8(a))
	}
	return []byte(a.String()), nil
}

// UnmarshalText reads a code or Chinese name; empty text gives
// AccumulateAuto; anything unknown is an error wrapping [ErrUnknownKind].
func (a *Accumulation) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*a = AccumulateAuto
		return nil
	}
	v, ok := accumulationTable.ParseEn(string(b))
	if !ok {
		return unknownKind("accumulation", string(b), accumulationTable)
	}
	*a = v
	return nil
}

// AnnualGoals are one year's goals of a multi-year project (年度绩效目标).
type AnnualGoals struct {
	Year int   `json:"year"`
	Tree *Tree `json:"tree"`
}

// PeriodGoals are a multi-year project's whole-period goals (总体绩效目标,
// over the implementation period 实施周期) and its annual goals (年度绩效
// 目标), the mid- or long-term (中长期) and annual goals 财预〔2015〕88号
// distinguishes by period (article not checked verbatim here). Indicators are matched
// across trees by ID, or by name when they have no ID.
type PeriodGoals struct {
	ProjectID string `json:"project_id"`
	// Whole is the whole-period goals.
	Whole *Tree `json:"whole"`
	// Annual are the annual goals, years strictly increasing.
	Annual []AnnualGoals `json:"annual"`
	// Accumulate sets an indicator's accumulation by its ID or name,
	// overriding the rule by kind.
	Accumulate map[string]Accumulation `json:"accumulate,omitempty"`
}

// accumulation returns how whole-period indicator in is checked: the
// override, else by kind — none for qualitative targets, progress for
// deadlines and for rates (unit %), sum for quantity (数量) and cost
// indicators, progress for the rest. A unit cost (人均成本, 单位造价) does
// not add up over the years: set it to AccumulateProgress in Accumulate.
func (p *PeriodGoals) accumulation(in *Indicator) Accumulation {
	if a, ok := p.Accumulate[label(in)]; ok && a != AccumulateAuto {
		return a
	}
	if a, ok := p.Accumulate[in.Name]; ok && a != AccumulateAuto {
		return a
	}
	switch t := in.Target; {
	case t.Op == Qualitative:
		return AccumulateNone
	case t.IsDeadline(), t.Unit == "%":
		return AccumulateProgress
	case in.Level2 == Quantity, in.Level2 == OutputCost, in.Level1 == Cost:
		return AccumulateSum
	}
	return AccumulateProgress
}

// Check checks the annual goals against the whole-period goals and
// returns every problem at once as [performance.Problems], or nil. Codes:
// no_whole, no_annual, year_order; each tree's own problems under "whole"
// and "annual[k].tree"; not_in_annual (a whole-period indicator in no
// annual tree); unit_mismatch, op_mismatch (an annual target in another
// unit or direction); and by accumulation —
//
//	sum:      sum_short (Σ annual ≥ targets below the whole-period
//	          target), sum_over (Σ annual ≤ targets above it)
//	progress: regress (a year asks less than the year before),
//	          last_short (the last year does not reach the whole-period
//	          target), deadline_after (an annual deadline after the
//	          whole-period one)
//
// The work is linear in the trees.
func (p *PeriodGoals) Check(opts ...rules.Option) error {
	var ps performance.Problems
	if p == nil {
		ps.Add("no_whole", "whole", "缺少总体绩效目标", "whole-period goals missing")
		return ps
	}
	if p.Whole == nil {
		ps.Add("no_whole", "whole", "缺少总体绩效目标", "whole-period goals missing")
	} else if err := p.Whole.Validate(opts...); err != nil {
		ps = append(ps, performance.ProblemsOf(err).Prefix("whole")...)
	}
	if len(p.Annual) == 0 {
		ps.Add("no_annual", "annual", "缺少年度绩效目标", "annual goals missing")
	}
	for k, a := range p.Annual {
		path := "annual[" + strconv.Itoa(k) + "]"
		if k > 0 && a.Year <= p.Annual[k-1].Year {
			ps.Add("year_order", path+".year", "年度应逐年递增", "years must increase")
		}
		if a.Tree == nil {
			ps.Add("no_annual", path+".tree", "缺少年度绩效目标", "annual goals missing")
		} else if err := a.Tree.Validate(opts...); err != nil {
			ps = append(ps, performance.ProblemsOf(err).Prefix(path+".tree")...)
		}
	}
	if p.Whole == nil {
		return ps.Err()
	}
	idx := p.annualIndex()
	for i := range p.Whole.Indicators {
		w := &p.Whole.Indicators[i]
		wpath := "whole." + ipath(i, ".target")
		acc := p.accumulation(w)
		found := false
		var sum decimal.Decimal
		var prev *Target
		var last *Target
		for k := range p.Annual {
			j, ok := idx[k][indicatorKey(w)]
			if !ok {
				continue
			}
			found = true
			a := &p.Annual[k].Tree.Indicators[j]
			apath := "annual[" + strconv.Itoa(k) + "].tree." + ipath(j, ".target")
			if acc == AccumulateNone {
				continue
			}
			if w.Target.IsDeadline() {
				if a.Target.IsDeadline() && a.Target.Deadline.After(w.Target.Deadline) {
					ps.Add("deadline_after", apath, fmt.Sprintf("指标“%s”的年度完成时限晚于总体目标 %s", a.Name, w.Target),
						fmt.Sprintf("indicator %q: the annual deadline is after the whole-period %s", a.Name, w.Target))
				}
				continue
			}
			if !a.Target.Quantitative() || !w.Target.Quantitative() {
				continue
			}
			if a.Target.Unit != w.Target.Unit {
				ps.Add("unit_mismatch", apath+".unit", fmt.Sprintf("单位“%s”与总体目标“%s”不一致", a.Target.Unit, w.Target.Unit),
					fmt.Sprintf("unit %q differs from the whole-period %q", a.Target.Unit, w.Target.Unit))
				continue
			}
			if direction(a.Target.Op) != direction(w.Target.Op) {
				ps.Add("op_mismatch", apath+".op", fmt.Sprintf("比较方式 %s 与总体目标 %s 不一致", a.Target.Op, w.Target.Op),
					fmt.Sprintf("operator %s differs from the whole-period %s", a.Target.Op, w.Target.Op))
				continue
			}
			sum = sum.Add(a.Target.Value)
			if acc == AccumulateProgress && prev != nil && laxer(a.Target, prev.Value) {
				ps.Add("regress", apath, fmt.Sprintf("指标“%s”的年度指标值 %s 低于上一年度 %s", a.Name, a.Target, prev),
					fmt.Sprintf("indicator %q: the annual target %s asks less than the year before's %s", a.Name, a.Target, prev))
			}
			prev, last = &a.Target, &a.Target
		}
		switch {
		case !found:
			ps.Add("not_in_annual", "whole."+ipath(i, ""), fmt.Sprintf("总体目标指标“%s”未分解到任何年度", w.Name),
				fmt.Sprintf("whole-period indicator %q is in no annual goals", w.Name))
		case acc == AccumulateSum && last != nil:
			if d := direction(w.Target.Op); d > 0 && sum.LessThan(w.Target.Value) {
				ps.Add("sum_short", wpath, fmt.Sprintf("指标“%s”各年度指标值合计 %s%s，低于总体目标 %s", w.Name, sum, w.Target.Unit, w.Target),
					fmt.Sprintf("indicator %q: the annual targets add up to %s%s, short of the whole-period %s", w.Name, sum, w.Target.Unit, w.Target))
			} else if d < 0 && sum.GreaterThan(w.Target.Value) {
				ps.Add("sum_over", wpath, fmt.Sprintf("指标“%s”各年度指标值合计 %s%s，超过总体目标 %s", w.Name, sum, w.Target.Unit, w.Target),
					fmt.Sprintf("indicator %q: the annual targets add up to %s%s, above the whole-period %s", w.Name, sum, w.Target.Unit, w.Target))
			}
		case acc == AccumulateProgress && last != nil && laxer(*last, w.Target.Value):
			ps.Add("last_short", wpath, fmt.Sprintf("指标“%s”最后一年的指标值 %s 未达到总体目标 %s", w.Name, last, w.Target),
				fmt.Sprintf("indicator %q: the last year's target %s does not reach the whole-period %s", w.Name, last, w.Target))
		}
	}
	return ps.Err()
}

// direction is +1 for operators where more is better, −1 for ≤ and <, 0
// for the others.
func direction(o Operator) int {
	switch o {
	case AtLeast, Above:
		return 1
	case AtMost, Below:
		return -1
	}
	return 0
}

// annualIndex maps each annual tree's indicator keys to their index.
func (p *PeriodGoals) annualIndex() []map[string]int {
	idx := make([]map[string]int, len(p.Annual))
	for k, a := range p.Annual {
		if a.Tree == nil {
			continue
		}
		m := make(map[string]int, len(a.Tree.Indicators))
		for j := range a.Tree.Indicators {
			if key := indicatorKey(&a.Tree.Indicators[j]); !has(m, key) {
				m[key] = j
			}
		}
		idx[k] = m
	}
	return idx
}

func has(m map[string]int, k string) bool { _, ok := m[k]; return ok }

// YearActuals are one year's actuals of a multi-year project, one per
// indicator of that year's annual tree, in its order.
type YearActuals struct {
	Year    int      `json:"year"`
	Actuals []Actual `json:"actuals"`
}

// A PeriodAttainment is the whole-period attainment (总体目标完成情况) the
// last year's evaluation reports: for each whole-period indicator its
// whole-period actual — the sum of the years' actuals for a summed
// indicator, the last reported year's actual for the others — and the
// whole-period tree scored with them.
type PeriodAttainment struct {
	ProjectID string `json:"project_id"`
	// Years are the years whose actuals were used.
	Years []int `json:"years"`
	// Actuals are the whole-period actuals, in the whole tree's order.
	Actuals []Actual `json:"actuals"`
	// Result is the whole tree scored with Actuals under the config given.
	Result *Result `json:"result"`
}

// Attainment computes the whole-period attainment from the years' actuals
// (each year's in its annual tree's order; a year without annual goals is
// a problem). The goals are checked first (see Check) and their problems
// are the error with a nil result; problems of single actuals come back
// beside the complete result, as from [Scorer.Score]. Actuals in another
// unit than their target (万元 for 元) are converted; a summed actual in a
// unit that cannot be converted is a problem and left out.
func (p *PeriodGoals) Attainment(years []YearActuals, cfg Config, opts ...rules.Option) (*PeriodAttainment, error) {
	if err := p.Check(opts...); err != nil {
		return nil, fmt.Errorf("goals: period goals: %w", err)
	}
	var ps performance.Problems
	byYear := make(map[int]int, len(p.Annual))
	for k, a := range p.Annual {
		byYear[a.Year] = k
	}
	idx := p.annualIndex()
	type src struct{ year, annual int }
	var used []src
	for y, ya := range years {
		k, ok := byYear[ya.Year]
		path := "years[" + strconv.Itoa(y) + "]"
		switch {
		case !ok:
			ps.Add("unknown_year", path+".year", fmt.Sprintf("%d 年没有年度绩效目标", ya.Year), fmt.Sprintf("no annual goals for %d", ya.Year))
		case len(ya.Actuals) != len(p.Annual[k].Tree.Indicators):
			ps.Add("actual_count", path+".actuals", fmt.Sprintf("实际完成值 %d 个，年度指标 %d 个", len(ya.Actuals), len(p.Annual[k].Tree.Indicators)),
				fmt.Sprintf("%d actuals for %d annual indicators", len(ya.Actuals), len(p.Annual[k].Tree.Indicators)))
		default:
			used = append(used, src{y, k})
		}
	}
	at := &PeriodAttainment{ProjectID: p.ProjectID, Years: []int{}, Actuals: make([]Actual, len(p.Whole.Indicators))}
	for _, u := range used {
		at.Years = append(at.Years, years[u.year].Year)
	}
	for i := range p.Whole.Indicators {
		w := &p.Whole.Indicators[i]
		sum := p.accumulation(w) == AccumulateSum
		var total decimal.Decimal
		any := false
		for _, u := range used {
			j, ok := idx[u.annual][indicatorKey(w)]
			if !ok {
				continue
			}
			a := years[u.year].Actuals[j]
			if !sum {
				if a.Value.Valid || !a.Date.IsZero() || a.Rating != RatingNone {
					at.Actuals[i] = a // the latest year reported wins
				}
				continue
			}
			if !a.Value.Valid {
				continue
			}
			v, ok := a.value(&w.Target, false)
			if !ok {
				ps.Add("unit_mismatch", "years["+strconv.Itoa(u.year)+"].actuals["+strconv.Itoa(j)+"].unit",
					fmt.Sprintf("单位“%s”与指标值单位“%s”不一致", a.Unit, w.Target.Unit),
					fmt.Sprintf("unit %q differs from the target's %q", a.Unit, w.Target.Unit))
				continue
			}
			total, any = total.Add(v), true
		}
		if sum && any {
			// the sum is in the target's unit, as value gives it
			tu, _ := NormalizeUnit(w.Target.Unit)
			at.Actuals[i] = Measured(total, tu)
		}
	}
	s, err := NewScorer(p.Whole, cfg, opts...)
	if err != nil {
		return nil, fmt.Errorf("goals: period goals of %s: %w", p.ProjectID, err)
	}
	res, err := s.Score(at.Actuals)
	if res == nil {
		return nil, err
	}
	at.Result = res
	if err != nil {
		ps = append(ps, performance.ProblemsOf(err)...)
	}
	return at, ps.Err()
}

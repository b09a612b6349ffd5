package evaluation

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/internal/decexpr"
	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

// DeviationKind classifies how a figure a unit stated on its self-evaluation
// form differs from the figure the rules compute. Published forms rarely
// reconcile; the kinds name the usual reasons. The zero value,
// DeviationOther, is a difference none of the other kinds explains.
type DeviationKind uint8

const (
	// DeviationOther: the stated figure differs for no recognised reason.
	// Zero value.
	DeviationOther DeviationKind = iota
	// DeviationDockedMetTarget: points docked from an indicator whose
	// target was met (达成目标仍扣分).
	DeviationDockedMetTarget
	// DeviationRoundedExecution: the execution score rounded another way
	// than the configuration says (执行率得分取整): to whole points or one
	// place, half up, down or up; Deviation.Rounding says which.
	DeviationRoundedExecution
	// DeviationTotalNotSum: the stated total is not the sum of the stated
	// parts (总分不等于各项之和).
	DeviationTotalNotSum
	// DeviationWeights: the form's weights are not the national 10/50/30/10
	// (分值非默认).
	DeviationWeights
	// DeviationRate: the stated execution rate differs from executed ÷
	// budget (执行率与执行数÷预算数不符).
	DeviationRate
	// DeviationInitialBase: the execution rate or score was measured against
	// the initial budget (年初预算数) instead of the adjusted one (全年预算数).
	DeviationInitialBase
	// DeviationGrade: the stated grade is not the grade of the computed
	// total.
	DeviationGrade
	// DeviationRoundedScore: an indicator's score rounded another way than
	// the configuration says (指标得分舍入不同): to whole points or one
	// place, half up, down or up; Deviation.Rounding says which. Rounding
	// an unmet indicator up to its full weight is not this kind: it reads
	// as full marks for a missed target.
	DeviationRoundedScore
	// DeviationTotalOutOfRange: the computed total lies outside 0–100
	// (总分超出0–100分), as on a form whose level-1 weights add to more than
	// 100. Stated is the computed total, Computed the nearest end of the
	// range and Size the excess; no grade is computed, so the stated grade
	// is not compared.
	DeviationTotalOutOfRange
)

// String returns the kind's stable code, such as "docked_met_target".
func (k DeviationKind) String() string { return deviationTable.String(int(k), "DeviationKind") }

// Name returns the kind's name in the given language.
func (k DeviationKind) Name(l performance.Lang) string {
	return deviationTable.Name(int(k), l, "DeviationKind")
}

// MarshalText encodes the kind as its code.
func (k DeviationKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText decodes any form [ParseDeviationKind] accepts.
func (k *DeviationKind) UnmarshalText(b []byte) error {
	return enum.DecodeTable(k, deviationTable, false, ParseDeviationKind, b)
}

// A Deviation is one difference between a stated and a computed figure:
// where (Path, as in the form's JSON: "rate", "execution", "indicators[3]",
// "total", "grade", "weights.output"), its kind, both figures and the size
// Stated − Computed. A grade deviation carries the grades instead, with zero
// figures. Message renders it for finance staff.
type Deviation struct {
	Path     string          `json:"path"`
	Kind     DeviationKind   `json:"kind"`
	Stated   decimal.Decimal `json:"stated"`
	Computed decimal.Decimal `json:"computed"`
	Size     decimal.Decimal `json:"size"`
	// Indicator names the indicator of an indicator deviation.
	Indicator string `json:"indicator,omitempty"`
	// TooLow marks points docked from a met target that goals flags as
	// possibly set too low (指标值设定偏低): the deduction may be justified.
	TooLow bool `json:"too_low,omitempty"`
	// Rounding says how a rounded execution or indicator score was rounded
	// (DeviationRoundedExecution, DeviationRoundedScore); nil otherwise.
	Rounding *ScoreRounding `json:"rounding,omitempty"`
	// StatedGrade and ComputedGrade are the grades of a grade deviation.
	StatedGrade   performance.Grade `json:"stated_grade,omitempty"`
	ComputedGrade performance.Grade `json:"computed_grade,omitempty"`
}

// Message describes the deviation in Chinese and English, naming the form's
// field rather than its path, such as "预算执行率得分：执行率得分取整，填报 9，
// 计算 9.14".
func (d Deviation) Message() performance.Text {
	var zh, en string
	switch d.Kind {
	case DeviationWeights:
		part := fieldName(d.Path)
		return performance.Text{
			ZH: fmt.Sprintf("%s分值 %s，全国通用表为 %s", part.ZH, d.Stated, d.Computed),
			EN: fmt.Sprintf("%s: weight %s, the national form %s", part.EN, d.Stated, d.Computed)}
	case DeviationGrade:
		return performance.Text{
			ZH: fmt.Sprintf("填报等级 %s，计算等级 %s", d.StatedGrade.Name(performance.LangZH), d.ComputedGrade.Name(performance.LangZH)),
			EN: fmt.Sprintf("stated grade %s, computed %s", d.StatedGrade.Name(performance.LangEN), d.ComputedGrade.Name(performance.LangEN))}
	case DeviationTotalNotSum:
		return performance.Text{
			ZH: fmt.Sprintf("填报总分 %s 不等于各项填报得分之和 %s", d.Stated, d.Computed),
			EN: fmt.Sprintf("stated total %s is not the sum %s of the stated parts", d.Stated, d.Computed)}
	case DeviationTotalOutOfRange:
		return performance.Text{
			ZH: fmt.Sprintf("计算总分 %s 超出0–100分（超出 %s），无法评定等级", d.Stated, d.Size.Abs()),
			EN: fmt.Sprintf("computed total %s is outside 0–100 (by %s): no grade", d.Stated, d.Size.Abs())}
	case DeviationRate:
		zh, en = "执行率与执行数÷预算数不符", "stated rate differs from executed ÷ budget"
	case DeviationInitialBase:
		zh, en = "按年初预算数计算执行率", "measured against the initial budget"
	case DeviationRoundedExecution, DeviationRoundedScore:
		zh, en = roundingText(d.Kind, d.Rounding)
	case DeviationDockedMetTarget:
		zh, en = "指标已达成目标仍扣分", "points docked from a met target"
		if d.TooLow {
			zh += "（目标值可能偏低）"
			en += " (the target may have been set too low)"
		}
	default:
		zh, en = "填报数与计算数不符", "stated figure differs from the computed one"
	}
	what := fieldName(d.Path)
	if d.Indicator != "" {
		what = performance.Text{ZH: d.Indicator, EN: d.Indicator}
	}
	return performance.Text{
		ZH: fmt.Sprintf("%s：%s，填报 %s，计算 %s", what.ZH, zh, d.Stated, d.Computed),
		EN: fmt.Sprintf("%s: %s, stated %s, computed %s", what.EN, en, d.Stated, d.Computed)}
}

// fieldNames names the self-evaluation form's fields, by path, for finance
// staff: the rate and scores, and the level-1 kinds whose weights a form
// may change.
var fieldNames = [...]struct{ path, zh, en string }{
	{"rate", "预算执行率", "budget execution rate"},
	{"execution", "预算执行率得分", "budget execution score"},
	{"total", "总分", "total score"},
	{"weights.execution", "预算执行率", "budget execution"},
	{"weights.output", "产出指标", "output indicators"},
	{"weights.benefit", "效益指标", "benefit indicators"},
	{"weights.satisfaction", "满意度指标", "satisfaction indicators"},
	{"weights.cost", "成本指标", "cost indicators"},
}

// fieldName names a field of the form by its path; a path fieldNames does
// not know is its own name.
func fieldName(path string) performance.Text {
	for _, n := range fieldNames {
		if n.path == path {
			return performance.Text{ZH: n.zh, EN: n.en}
		}
	}
	return performance.Text{ZH: path, EN: path}
}

// MarshalJSON encodes the deviation with its message.
func (d Deviation) MarshalJSON() ([]byte, error) {
	type plain Deviation
	return json.Marshal(struct {
		plain
		Message performance.Text `json:"message"`
	}{plain(d), d.Message()})
}

// UnmarshalJSON reads a deviation as MarshalJSON writes it. The message is
// computed from the other fields, so the one read is checked against it
// rather than kept: a message that does not match them is an error.
func (d *Deviation) UnmarshalJSON(data []byte) error {
	type plain Deviation
	var v struct {
		plain
		Message *performance.Text `json:"message"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	dv := Deviation(v.plain)
	if v.Message != nil && *v.Message != dv.Message() {
		return fmt.Errorf("evaluation: deviation %s: the message does not match its fields (want %q)", dv.Path, dv.Message().EN)
	}
	*d = dv
	return nil
}

// StatedForm holds the figures a unit printed on its self-evaluation form
// (自评表所填数), each optional: an unset NullDecimal or GradeNone means not
// stated. They are kept as stated and never overwritten.
type StatedForm struct {
	// Rate is the stated execution rate in percent (91.37 for 91.37%).
	Rate decimal.NullDecimal `json:"rate"`
	// Execution is the stated execution score.
	Execution decimal.NullDecimal `json:"execution"`
	// Indicators are the stated indicator scores in tree order; shorter
	// than the tree (or nil) leaves the rest unstated.
	Indicators []decimal.NullDecimal `json:"indicators,omitempty"`
	// Total is the stated total score.
	Total decimal.NullDecimal `json:"total"`
	// Grade is the stated grade.
	Grade performance.Grade `json:"grade"`
}

// A SelfEvaluation is a unit's self-evaluation of one project (单位自评): the
// form as the rules score it (goals, actuals, execution, weights) and the
// figures the unit stated.
type SelfEvaluation struct {
	ProjectID string     `json:"project_id"`
	UnitID    string     `json:"unit_id"`
	Form      goals.Form `json:"form"`
	Stated    StatedForm `json:"stated"`
	// GoalVersions is the history of the project's goals, if the caller
	// keeps one: the form is then scored against the version in force on
	// Date (财预〔2015〕88号 第二十九条), not Form.Tree, and the result names
	// it. Nil scores Form.Tree as submitted, as before.
	GoalVersions *goals.Versions `json:"goal_versions,omitempty"`
	// Date is the day of the self-evaluation (自评日期), which picks the
	// version in force; used only with GoalVersions.
	Date time.Time `json:"date,omitzero"`
	// Period holds a multi-year project's whole-period and annual goals
	// (总体目标/年度目标), and PeriodActuals the actuals of the years so
	// far; given in the last year, the reconciliation reports the
	// whole-period attainment. Nil: not reported, as before.
	Period        *goals.PeriodGoals  `json:"period,omitempty"`
	PeriodActuals []goals.YearActuals `json:"period_actuals,omitempty"`
}

// A Reconciliation is a self-evaluation scored, graded and set beside what
// the unit stated: the computed score (goals' form result), its grade under
// the scheme, and every deviation of a stated figure. The stated figures are
// in the SelfEvaluation, untouched.
type Reconciliation struct {
	ProjectID string `json:"project_id"`
	// Execution is the budget-execution item's score (预算执行率得分) and
	// Rate the exact execution rate it rests on, as goals computes them.
	Execution decimal.Decimal   `json:"execution"`
	Rate      performance.Ratio `json:"rate"`
	// Indicators are the indicators' scores, as goals computes them.
	// [SelfBatch] leaves them nil unless asked to keep them.
	Indicators *goals.Result `json:"indicators,omitempty"`
	// Total is the computed total; Rating and Grade its band under the
	// scheme.
	Total  decimal.Decimal   `json:"total"`
	Rating string            `json:"rating"`
	Grade  performance.Grade `json:"grade"`
	// Deviations lists every stated figure that differs, in form order:
	// weights, rate, execution, indicators, total, grade.
	Deviations []Deviation `json:"deviations"`
	// Policy names the fiscal-year policy that decided this result; zero
	// (and left out of the JSON) when the stage ran outside package policy.
	Policy performance.PolicyRef `json:"policy,omitzero"`
	// GoalVersion names the version of the goals scored against; zero (and
	// left out of the JSON) when no versions were given: as submitted.
	GoalVersion goals.VersionRef `json:"goal_version,omitzero"`
	// Period is the whole-period attainment (总体目标完成情况), when the
	// self-evaluation carried period goals; nil otherwise.
	Period *goals.PeriodAttainment `json:"period,omitempty"`
}

// Reconcile scores the self-evaluation form with goals under cfg, grades the
// total under scheme, and compares every stated figure with the computed
// one, classifying each difference (see [DeviationKind]). The form's
// problems are returned as by goals.Form.Score: a form that cannot be scored
// gives a nil Reconciliation; problems of single actuals come back beside a
// complete Reconciliation. Custom scoring expressions compile with opts, the
// host's rules options (see goals.NewScorer). With GoalVersions the form is
// scored against the version in force on Date (an invalid history, or none
// in force, is an error and no Reconciliation); with Period the result
// carries the whole-period attainment, whose problems come back beside it.
func (s *SelfEvaluation) Reconcile(cfg goals.Config, scheme performance.Scheme, opts ...rules.Option) (*Reconciliation, error) {
	form, ref, err := s.scoredForm()
	if err != nil {
		return nil, err
	}
	fr, err := form.Score(cfg, opts...)
	if fr == nil {
		return nil, fmt.Errorf("evaluation: self-evaluation %s: %w", s.ProjectID, err)
	}
	r := &Reconciliation{ProjectID: s.ProjectID, Execution: fr.Execution.Value(), Rate: fr.Execution.Rate,
		Indicators: fr.Indicators, Total: fr.Total(), GoalVersion: ref}
	if gerr := s.finish(r, decexpr.FromDecimal(r.Total), &fr.Execution, fr.Indicators, cfg, scheme, nil); gerr != nil {
		return nil, gerr
	}
	perr := s.period(r, cfg, opts)
	if err != nil {
		return r, errors.Join(fmt.Errorf("evaluation: self-evaluation %s: %w", s.ProjectID, err), perr)
	}
	return r, perr
}

// finish grades r's total and lists the deviations. A total outside 0–100
// (a form whose level-1 weights add to more than 100) is not graded: it is
// one more deviation, after the others, and the review goes on. total is
// r.Total as a decexpr.Num. With m the total is graded and the deviations'
// sizes and list come from a batch worker's memory; nil builds them anew.
func (s *SelfEvaluation) finish(r *Reconciliation, total decexpr.Num, es *goals.ExecutionScore, res *goals.Result, cfg goals.Config, scheme performance.Scheme, m *resultMemory) error {
	b, err := m.grade(scheme, r.Total, total)
	out := errors.Is(err, performance.ErrScoreOutOfRange)
	if err != nil && !out {
		return fmt.Errorf("evaluation: self-evaluation %s: %w", s.ProjectID, err)
	}
	r.Rating, r.Grade = b.Label, b.Grade
	ds := s.deviations(r, total, es, res, cfg, !out, m)
	if out {
		end := decimal.Zero
		if r.Total.IsPositive() {
			end = decimal.NewFromInt(100)
		}
		ds = append(ds, newDeviation(m, "total", DeviationTotalOutOfRange, r.Total, end))
	}
	r.Deviations = m.keep(ds)
	return nil
}

// newDeviation returns the deviation of stated from computed, its size
// from m (nil: built anew).
func newDeviation(m *resultMemory, path string, k DeviationKind, stated, computed decimal.Decimal) Deviation {
	// decexpr subtracts in int64 while the figures fit, exactly as decimal does.
	size := m.decimal(decexpr.Sub(decexpr.FromDecimal(stated), decexpr.FromDecimal(computed)))
	return Deviation{Path: path, Kind: k, Stated: stated, Computed: computed, Size: size}
}

// deviations lists the deviations of fr, whose total is total, appended to
// m's scratch (nil: a list of its own); pass the list to m.keep.
func (s *SelfEvaluation) deviations(fr *Reconciliation, total decexpr.Num, es *goals.ExecutionScore, res *goals.Result, cfg goals.Config, graded bool, m *resultMemory) []Deviation {
	ds := m.scratch()
	st := &s.Stated
	if w := s.Form.Weights; w != (goals.Weights{}) {
		n := goals.NationalWeights()
		for _, p := range []struct {
			name      string
			got, want decimal.Decimal
		}{{"execution", w.Execution, n.Execution}, {"output", w.Output, n.Output},
			{"benefit", w.Benefit, n.Benefit}, {"satisfaction", w.Satisfaction, n.Satisfaction}, {"cost", w.Cost, n.Cost}} {
			if !p.got.Equal(p.want) {
				ds = append(ds, newDeviation(m, "weights."+p.name, DeviationWeights, p.got, p.want))
			}
		}
	}
	ex := s.Form.Execution
	if st.Rate.Valid {
		stated := st.Rate.Decimal
		// Compared at the places stated, up to performance.MaxPlaces: a
		// rate stated more finely than that (only trailing zeros are
		// plausible) is compared by value at MaxPlaces.
		places := min(max(-stated.Exponent(), 0), performance.MaxPlaces)
		if rate, err := ex.Rate(cfg.Base); err == nil {
			computed := rate.Percent(places)
			if !stated.Equal(computed) {
				k := DeviationRate
				if alt, err := ex.Rate(otherBase(cfg.Base)); err == nil && cfg.Base == performance.BaseAdjusted && alt.Percent(places).Equal(stated) {
					k = DeviationInitialBase
				}
				ds = append(ds, newDeviation(m, "rate", k, stated, computed))
			}
		}
	}
	if st.Execution.Valid && !st.Execution.Decimal.Equal(fr.Execution) {
		stated, execScore := st.Execution.Decimal, fr.Execution
		k := DeviationOther
		w := es.Weight
		num, den := w, decimal.NewFromInt(1)
		if !es.Capped {
			num, den = w.Mul(es.Rate.Num), es.Rate.Den
		}
		rc, rounded := classifyRounding(stated, num, den, decimal.Zero)
		switch {
		case rounded:
			k = DeviationRoundedExecution
		case cfg.Base == performance.BaseAdjusted:
			alt := cfg
			alt.Base = performance.BaseInitial
			if es, err := goals.ScoreExecution(w, ex, alt); err == nil && es.Value().Equal(stated) {
				k = DeviationInitialBase
			}
		}
		d := newDeviation(m, "execution", k, stated, execScore)
		if rounded {
			d.Rounding = &rc
		}
		ds = append(ds, d)
	}
	var scores []goals.Score
	if res != nil && len(st.Indicators) > 0 {
		scores = res.Scores
	}
	statedSum, allParts := decimal.Zero, st.Execution.Valid && len(scores) > 0 && len(st.Indicators) >= len(scores)
	if st.Execution.Valid {
		statedSum = st.Execution.Decimal
	}
	for i := range scores {
		if i >= len(st.Indicators) || !st.Indicators[i].Valid {
			allParts = false
			continue
		}
		stated, computed := st.Indicators[i].Decimal, scores[i].Value()
		statedSum = statedSum.Add(stated)
		if stated.Equal(computed) {
			continue
		}
		d := newDeviation(m, "indicators["+strconv.Itoa(i)+"]", DeviationOther, stated, computed)
		d.Indicator = scores[i].Indicator.Name
		num, den := scores[i].Exact()
		noUp := decimal.Zero
		if !scores[i].Met {
			noUp = scores[i].Indicator.Weight
		}
		if rc, ok := classifyRounding(stated, num, den, noUp); ok {
			d.Kind, d.Rounding = DeviationRoundedScore, &rc
		} else if scores[i].Met && stated.LessThan(computed) {
			d.Kind, d.TooLow = DeviationDockedMetTarget, scores[i].TooLow
		}
		ds = append(ds, d)
	}
	if st.Total.Valid {
		stated := st.Total.Decimal
		if allParts && !stated.Equal(statedSum) {
			ds = append(ds, newDeviation(m, "total", DeviationTotalNotSum, stated, statedSum))
		}
		// As newDeviation gives it, from the total as a number: in a batch
		// fr.Total is an interned decimal, better not read back.
		if sn := decexpr.FromDecimal(stated); decexpr.Cmp(sn, total) != 0 {
			ds = append(ds, Deviation{Path: "total", Kind: DeviationOther, Stated: stated, Computed: fr.Total,
				Size: m.decimal(decexpr.Sub(sn, total))})
		}
	}
	if graded && st.Grade != performance.GradeNone && st.Grade != fr.Grade {
		ds = append(ds, Deviation{Path: "grade", Kind: DeviationGrade, StatedGrade: st.Grade, ComputedGrade: fr.Grade})
	}
	return ds
}

func otherBase(b performance.BudgetBase) performance.BudgetBase {
	if b == performance.BaseInitial {
		return performance.BaseAdjusted
	}
	return performance.BaseInitial
}

package evaluation

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
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
	// DeviationRoundedExecution: the execution score rounded to a whole
	// number (执行率得分取整).
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
)

var deviationNames = [...]struct{ code, zh string }{
	DeviationOther:            {"other", "其他不符"},
	DeviationDockedMetTarget:  {"docked_met_target", "达成目标仍扣分"},
	DeviationRoundedExecution: {"rounded_execution", "执行率得分取整"},
	DeviationTotalNotSum:      {"total_not_sum", "总分不等于各项之和"},
	DeviationWeights:          {"non_default_weights", "分值非默认"},
	DeviationRate:             {"rate_mismatch", "执行率计算不符"},
	DeviationInitialBase:      {"initial_budget_base", "按年初预算数计算执行率"},
	DeviationGrade:            {"grade_mismatch", "等级与得分不符"},
}

// String returns the kind's stable code, such as "docked_met_target".
func (k DeviationKind) String() string {
	if int(k) < len(deviationNames) {
		return deviationNames[k].code
	}
	return "DeviationKind(" + strconv.Itoa(int(k)) + ")"
}

// Name returns the kind's name in the given language.
func (k DeviationKind) Name(l performance.Lang) string {
	if l == performance.LangZH && int(k) < len(deviationNames) {
		return deviationNames[k].zh
	}
	return k.String()
}

// MarshalText encodes the kind as its code.
func (k DeviationKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// A Deviation is one difference between a stated and a computed figure:
// where (Path, as in the form's JSON: "rate", "execution", "indicators[3]",
// "total", "grade", "weights.output"), its kind, both figures and the size
// Stated − Computed. For a grade deviation the figures are zero and the
// grades are in the message.
type Deviation struct {
	Path     string           `json:"path"`
	Kind     DeviationKind    `json:"kind"`
	Stated   decimal.Decimal  `json:"stated"`
	Computed decimal.Decimal  `json:"computed"`
	Size     decimal.Decimal  `json:"size"`
	Message  performance.Text `json:"message"`
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
}

// A Reconciliation is a self-evaluation scored, graded and set beside what
// the unit stated: the computed score (goals' form result), its grade under
// the scheme, and every deviation of a stated figure. The stated figures are
// in the SelfEvaluation, untouched.
type Reconciliation struct {
	ProjectID string `json:"project_id"`
	// Result is the form's score as goals computes it.
	Result *goals.FormResult `json:"-"`
	// Total is the computed total; Rating and Grade its band under the
	// scheme.
	Total  decimal.Decimal   `json:"total"`
	Rating string            `json:"rating"`
	Grade  performance.Grade `json:"grade"`
	// Deviations lists every stated figure that differs, in form order:
	// weights, rate, execution, indicators, total, grade.
	Deviations []Deviation `json:"deviations"`
}

// Reconcile scores the self-evaluation form with goals under cfg, grades the
// total under scheme, and compares every stated figure with the computed
// one, classifying each difference (see [DeviationKind]). The form's
// problems are returned as by goals.Form.Score: a form that cannot be scored
// gives a nil Reconciliation; problems of single actuals come back beside a
// complete Reconciliation.
func (s *SelfEvaluation) Reconcile(cfg goals.Config, scheme performance.Scheme) (*Reconciliation, error) {
	fr, err := s.Form.Score(cfg)
	if fr == nil {
		return nil, fmt.Errorf("evaluation: self-evaluation %s: %w", s.ProjectID, err)
	}
	r := &Reconciliation{ProjectID: s.ProjectID, Result: fr, Total: fr.Total()}
	b, gerr := scheme.Grade(r.Total)
	if gerr != nil {
		return nil, fmt.Errorf("evaluation: self-evaluation %s: %w", s.ProjectID, gerr)
	}
	r.Rating, r.Grade = b.Label, b.Grade
	r.Deviations = s.deviations(fr, cfg, r.Grade)
	if err != nil {
		return r, fmt.Errorf("evaluation: self-evaluation %s: %w", s.ProjectID, err)
	}
	return r, nil
}

func newDeviation(path string, k DeviationKind, stated, computed decimal.Decimal, zh, en string) Deviation {
	return Deviation{Path: path, Kind: k, Stated: stated, Computed: computed, Size: stated.Sub(computed),
		Message: performance.Text{ZH: zh, EN: en}}
}

func (s *SelfEvaluation) deviations(fr *goals.FormResult, cfg goals.Config, grade performance.Grade) []Deviation {
	var ds []Deviation
	st := &s.Stated
	if w := s.Form.Weights; w != (goals.Weights{}) {
		n := goals.NationalWeights()
		for _, p := range []struct {
			name      string
			got, want decimal.Decimal
		}{{"execution", w.Execution, n.Execution}, {"output", w.Output, n.Output},
			{"benefit", w.Benefit, n.Benefit}, {"satisfaction", w.Satisfaction, n.Satisfaction}, {"cost", w.Cost, n.Cost}} {
			if !p.got.Equal(p.want) {
				ds = append(ds, newDeviation("weights."+p.name, DeviationWeights, p.got, p.want,
					fmt.Sprintf("%s 分值 %s，默认为 %s", p.name, p.got, p.want),
					fmt.Sprintf("%s weighs %s, the national form %s", p.name, p.got, p.want)))
			}
		}
	}
	ex := s.Form.Execution
	if st.Rate.Valid {
		stated := st.Rate.Decimal
		places := max(-stated.Exponent(), 0)
		rate, err := ex.Rate(cfg.Base)
		if err == nil {
			computed := rate.Percent(places)
			if !stated.Equal(computed) {
				k, zh, en := DeviationRate, "执行率与执行数÷预算数不符", "stated rate differs from executed ÷ budget"
				if alt, err := ex.Rate(otherBase(cfg.Base)); err == nil && cfg.Base == performance.BaseAdjusted && alt.Percent(places).Equal(stated) {
					k, zh, en = DeviationInitialBase, "执行率按年初预算数计算", "rate measured against the initial budget"
				}
				ds = append(ds, newDeviation("rate", k, stated, computed,
					fmt.Sprintf("%s：填报 %s%%，计算 %s%%", zh, stated, computed),
					fmt.Sprintf("%s: stated %s%%, computed %s%%", en, stated, computed)))
			}
		}
	}
	execScore := fr.Execution.Value()
	if st.Execution.Valid && !st.Execution.Decimal.Equal(execScore) {
		stated := st.Execution.Decimal
		k, zh, en := DeviationOther, "执行率得分不符", "execution score differs"
		w := fr.Execution.Weight
		exact := w
		if !fr.Execution.Capped {
			exact = w.Mul(fr.Execution.Rate.Num).DivRound(fr.Execution.Rate.Den, 0)
		}
		switch {
		case stated.Equal(exact):
			k, zh, en = DeviationRoundedExecution, "执行率得分取整", "execution score rounded to a whole number"
		case cfg.Base == performance.BaseAdjusted:
			alt := cfg
			alt.Base = performance.BaseInitial
			if es, err := goals.ScoreExecution(w, ex, alt); err == nil && es.Value().Equal(stated) {
				k, zh, en = DeviationInitialBase, "执行率得分按年初预算数计算", "execution scored against the initial budget"
			}
		}
		ds = append(ds, newDeviation("execution", k, stated, execScore,
			fmt.Sprintf("%s：填报 %s，计算 %s", zh, stated, execScore),
			fmt.Sprintf("%s: stated %s, computed %s", en, stated, execScore)))
	}
	scores := fr.Indicators.Scores
	statedSum, allParts := decimal.Zero, st.Execution.Valid && len(st.Indicators) >= len(scores)
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
		k, zh, en := DeviationOther, "指标得分不符", "indicator score differs"
		if scores[i].Met && stated.LessThan(computed) {
			k, zh, en = DeviationDockedMetTarget, "指标已达成目标仍扣分", "points docked from a met target"
			if scores[i].TooLow {
				zh += "（目标值可能偏低）"
				en += " (the target may have been set too low)"
			}
		}
		name := scores[i].Indicator.Name
		ds = append(ds, newDeviation("indicators["+strconv.Itoa(i)+"]", k, stated, computed,
			fmt.Sprintf("%s：%s，填报 %s，计算 %s", name, zh, stated, computed),
			fmt.Sprintf("%s: %s, stated %s, computed %s", name, en, stated, computed)))
	}
	if st.Total.Valid {
		stated := st.Total.Decimal
		if allParts && !stated.Equal(statedSum) {
			ds = append(ds, newDeviation("total", DeviationTotalNotSum, stated, statedSum,
				fmt.Sprintf("填报总分 %s 不等于各项填报得分之和 %s", stated, statedSum),
				fmt.Sprintf("stated total %s is not the sum %s of the stated parts", stated, statedSum)))
		}
		if total := fr.Total(); !stated.Equal(total) {
			ds = append(ds, newDeviation("total", DeviationOther, stated, total,
				fmt.Sprintf("填报总分 %s，计算总分 %s", stated, total),
				fmt.Sprintf("stated total %s, computed %s", stated, total)))
		}
	}
	if st.Grade != performance.GradeNone && st.Grade != grade {
		ds = append(ds, newDeviation("grade", DeviationGrade, decimal.Zero, decimal.Zero,
			fmt.Sprintf("填报等级 %s，计算等级 %s", st.Grade, grade),
			fmt.Sprintf("stated grade %s, computed %s", st.Grade.Name(performance.LangEN), grade.Name(performance.LangEN))))
	}
	return ds
}

func otherBase(b performance.BudgetBase) performance.BudgetBase {
	if b == performance.BaseInitial {
		return performance.BaseAdjusted
	}
	return performance.BaseInitial
}

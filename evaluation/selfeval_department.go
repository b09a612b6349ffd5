package evaluation

import (
	"fmt"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// A DepartmentEvaluation is a department's self-evaluation of its whole
// spending (部门整体支出绩效自评): its scoring sheet over a department
// framework ([DepartmentFramework] or a bureau's own) and the total it
// stated, kept apart from the total the framework computes.
type DepartmentEvaluation struct {
	DepartmentID string `json:"department_id"`
	Year         int    `json:"year"`
	// Sheet is the department's own scoring of every leaf criterion.
	Sheet Sheet `json:"sheet"`
	// StatedTotal is the total the department printed, if any.
	StatedTotal decimal.NullDecimal `json:"stated_total"`
	// Form is the department-wide self-evaluation form scored from actuals
	// against targets (部门整体支出绩效自评表, [goals.DepartmentForm]), if
	// the department filled one in; its stated total is its own.
	Form *goals.DepartmentForm `json:"form,omitempty"`
	// Bureau holds the finance bureau's (or its third party's) sheets of
	// its department evaluation (财政部门整体绩效评价) over the same
	// framework, one per evaluator; empty when the bureau did not evaluate.
	Bureau []Sheet `json:"bureau,omitempty"`
}

// Score scores the department's sheet under f and grades it with f's
// scheme. When a total was stated and differs from the computed one, the
// returned deviation (kind [DeviationOther], path "total") records both;
// otherwise it is nil. Sheet problems are returned as by [Framework.Score].
func (d *DepartmentEvaluation) Score(f *Framework) (*Scorecard, *Deviation, error) {
	sc, err := f.Score([]Sheet{d.Sheet}, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("evaluation: department %s: %w", d.DepartmentID, err)
	}
	if d.StatedTotal.Valid && !d.StatedTotal.Decimal.Equal(sc.Total) {
		dv := newDeviation(nil, "total", DeviationOther, d.StatedTotal.Decimal, sc.Total)
		return sc, &dv, nil
	}
	return sc, nil, nil
}

// ExecutionCriterion is the criterion of [DepartmentFramework] that rates
// budget execution (预算执行率, "DP1"). When the bureau's sheet leaves it
// unrated and the department's form gives the execution figures,
// [DepartmentEvaluation.Evaluate] rates it weight × executed ÷ budget, at
// most the weight, rounded half up to the framework's places: the bureau
// takes the ledger's figure rather than a judgement.
const ExecutionCriterion = "DP1"

// A DepartmentResult is a department's year under department-wide
// performance (部门整体绩效): the self-evaluation form's score and grade,
// the scorecard of its own sheet, the bureau's scorecard, the deviations of
// stated totals from computed ones, and the final score and grade (the
// bureau's where it evaluated, otherwise the form's, otherwise the own
// sheet's). It feeds results application through [DepartmentResult.Outcome].
type DepartmentResult struct {
	DepartmentID string                  `json:"department_id"`
	Year         int                     `json:"year"`
	Form         *goals.DepartmentResult `json:"form,omitempty"`
	FormGrade    performance.Grade       `json:"form_grade,omitempty"`
	Sheet        *Scorecard              `json:"sheet,omitempty"`
	Bureau       *Scorecard              `json:"bureau,omitempty"`
	Deviations   []Deviation             `json:"deviations"`
	Score        decimal.Decimal         `json:"score"`
	Grade        performance.Grade       `json:"grade"`
	// By says which result is final: "bureau", "form" or "sheet".
	By string `json:"by"`
}

// Evaluate scores everything the department and the bureau gave under f
// (nil means [DepartmentFramework]) and cfg (the form's roundings and
// bands): the form ([goals.DepartmentForm.Score]) graded by f's scheme, the
// department's own sheet when it has ratings ([DepartmentEvaluation.Score]),
// and the bureau's sheets, with [ExecutionCriterion] filled from the form
// where left unrated. Deviations have paths "form.total" and "total". An
// evaluation with nothing to score is an error wrapping
// [performance.ErrInvalid]; problems of single actuals of the form are
// returned beside the result, as [goals.DepartmentForm.Score] returns them.
func (d *DepartmentEvaluation) Evaluate(f *Framework, cfg goals.Config) (*DepartmentResult, error) {
	if f == nil {
		f = DepartmentFramework()
	}
	r := &DepartmentResult{DepartmentID: d.DepartmentID, Year: d.Year, Deviations: []Deviation{}}
	var formErr error
	if d.Form != nil {
		fr, err := d.Form.Score(cfg)
		if fr == nil {
			return nil, fmt.Errorf("evaluation: department %s: form: %w", d.DepartmentID, err)
		}
		formErr = err
		b, err := f.Scheme.Grade(fr.Total)
		if err != nil {
			return nil, fmt.Errorf("evaluation: department %s: form: %w", d.DepartmentID, err)
		}
		r.Form, r.FormGrade = fr, b.Grade
		r.Score, r.Grade, r.By = fr.Total, b.Grade, "form"
		if fr.StatedTotal.Valid && !fr.StatedTotal.Decimal.Equal(fr.Total) {
			r.Deviations = append(r.Deviations, newDeviation(nil, "form.total", DeviationOther, fr.StatedTotal.Decimal, fr.Total))
		}
	}
	if len(d.Sheet.Ratings) > 0 {
		sc, dv, err := d.Score(f)
		if err != nil {
			return nil, err
		}
		r.Sheet = sc
		if dv != nil {
			r.Deviations = append(r.Deviations, *dv)
		}
		if r.By == "" {
			r.Score, r.Grade, r.By = sc.Total, sc.Grade, "sheet"
		}
	}
	if len(d.Bureau) > 0 {
		sheets := d.Bureau
		if d.Form != nil {
			sheets = withExecution(f, sheets, d.Form, cfg)
		}
		sc, err := f.Score(sheets, nil)
		if err != nil {
			return nil, fmt.Errorf("evaluation: department %s: bureau: %w", d.DepartmentID, err)
		}
		r.Bureau = sc
		r.Score, r.Grade, r.By = sc.Total, sc.Grade, "bureau"
	}
	if r.By == "" {
		return nil, fmt.Errorf("evaluation: department %s: no form, sheet or bureau sheets to score: %w", d.DepartmentID, performance.ErrInvalid)
	}
	return r, formErr
}

// withExecution returns copies of the sheets with [ExecutionCriterion]
// rated from the form's execution where a sheet leaves it out and f has it.
func withExecution(f *Framework, sheets []Sheet, form *goals.DepartmentForm, cfg goals.Config) []Sheet {
	var w decimal.Decimal
	found := false
	var walk func(cs []Criterion)
	walk = func(cs []Criterion) {
		for i := range cs {
			if cs[i].ID == ExecutionCriterion && len(cs[i].Sub) == 0 {
				w, found = cs[i].Weight, true
			}
			walk(cs[i].Sub)
		}
	}
	walk(f.Criteria)
	budget := form.Execution.Budget(cfg.Base)
	if !found || budget.IsZero() {
		return sheets
	}
	pts := decimal.Min(w.Mul(form.Execution.Executed).DivRound(budget, 12), w)
	pts = decimal.Max(pts, decimal.Zero).Round(f.Places)
	out := make([]Sheet, len(sheets))
	for i, s := range sheets {
		out[i] = s
		rated := false
		for _, rt := range s.Ratings {
			rated = rated || rt.Criterion == ExecutionCriterion
		}
		if !rated {
			out[i].Ratings = append(append([]CriterionRating(nil), s.Ratings...), CriterionRating{Criterion: ExecutionCriterion, Points: pts,
				Note: "预算执行率取自部门整体支出绩效自评表"})
		}
	}
	return out
}

// Outcome returns the department's outcome for results application: its
// final grade and score with the carry-over balances given (this year's
// and last year's, in yuan).
func (r *DepartmentResult) Outcome(carryOver, priorCarryOver decimal.Decimal) DepartmentOutcome {
	return DepartmentOutcome{DepartmentID: r.DepartmentID, CarryOver: carryOver, PriorCarryOver: priorCarryOver,
		Grade: r.Grade, Score: decimal.NewNullDecimal(r.Score)}
}

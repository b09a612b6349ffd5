package evaluation

import (
	"fmt"

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
		dv := newDeviation("total", DeviationOther, d.StatedTotal.Decimal, sc.Total)
		return sc, &dv, nil
	}
	return sc, nil, nil
}

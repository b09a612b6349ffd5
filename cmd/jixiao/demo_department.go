package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/goals"
)

// demoDepartments scores the sample department-wide self-evaluation forms
// (部门整体支出绩效自评表, testdata/expost/department_forms.json): each
// form's execution item, its kinds' subtotals, the total against the stated
// one, and the grade under the national scheme.
func (o *opts) demoDepartments(w io.Writer, dir string) error {
	data, err := os.ReadFile(filepath.Join(dir, "department_forms.json"))
	if err != nil {
		return err
	}
	forms, err := goals.ParseDepartmentForms(data)
	if err != nil {
		return err
	}
	for i := range forms {
		f := &forms[i]
		d := evaluation.DepartmentEvaluation{DepartmentID: f.Goals.DepartmentID, Year: f.Goals.Year, Form: f}
		r, err := d.Evaluate(nil, goals.Config{})
		if err != nil {
			return err
		}
		method := o.t("按完成比例计分", "scored in proportion")
		if f.Method == goals.MethodCoefficient {
			method = o.t("得分系数 × 权重", "coefficient × weight")
		}
		fr := r.Form
		fmt.Fprintf(w, o.t("部门 %s（%d 年度），%s：\n", "Department %s (%d), %s:\n"), f.Goals.DepartmentID, f.Goals.Year, method)
		fmt.Fprintf(w, o.t("  预算执行率 %s%%，得分 %s\n", "  execution rate %s%%, %s points\n"), fr.ExecutionRate.Shift(2).StringFixed(2), fr.ExecutionPoints.StringFixed(2))
		for _, k := range fr.Kinds {
			fmt.Fprintf(w, "  %s %s / %s\n", k.Name, k.Points.StringFixed(2), k.Weight)
		}
		fmt.Fprintf(w, o.t("  总分 %s，等级 %s", "  total %s, grade %s"), fr.Total.StringFixed(2), r.Grade.Name(o.lang))
		if fr.StatedTotal.Valid {
			fmt.Fprintf(w, o.t("；填报 %s，相差 %s", "; stated %s, off by %s"), fr.StatedTotal.Decimal, fr.StatedTotal.Decimal.Sub(fr.Total))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, o.t("（得分系数档次 1.0/0.8/0.6/0 为示例，非国家规定。）", "(The coefficient bands 1.0/0.8/0.6/0 are illustrative, not national.)"))
	return nil
}

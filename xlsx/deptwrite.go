package xlsx

import (
	"io"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/goals"
)

// WriteDepartmentForms writes the forms in the layout of the
// department-wide self-evaluation form (部门整体支出绩效自评表), one sheet per
// form named by its Sheet (or department): title and year, 部门（单位）名称
// (and 部门编码 when the ID differs from the name), 年度主要任务, the budget
// block in 万元, the overall goal, the indicator table (with a 得分系数
// column for the coefficient method) and the 总分 and 自评等级 rows, every
// stated figure printed with its own places, so that [ReadDepartmentForms]
// (with the same kinds) reads back exactly the forms written.
func WriteDepartmentForms(out io.Writer, forms []*DepartmentForm) error {
	w := newWriter()
	for _, f := range forms {
		writeDepartment(w, f)
	}
	return w.finish(out)
}

func writeDepartment(w *writer, f *DepartmentForm) {
	gl := &f.Form.Goals
	sh := w.sheet(cmpOr(f.Sheet, cmpOr(f.Department, gl.DepartmentID)))
	coef := f.Form.Method == goals.MethodCoefficient
	last := 8
	if coef {
		last = 9
	}
	r := 0
	w.label(sh, r, 0, "部门整体支出绩效自评表")
	w.merge(sh, r, 0, r, last)
	r++
	w.text(sh, r, 0, deptTitle(gl.Year))
	w.merge(sh, r, 0, r, last)
	r++
	header := func(l, v string) {
		w.label(sh, r, 0, l)
		w.text(sh, r, 1, v)
		w.merge(sh, r, 1, r, last)
		r++
	}
	header("部门（单位）名称", f.Department)
	if gl.DepartmentID != "" && gl.DepartmentID != f.Department {
		header("部门编码", gl.DepartmentID)
	}
	if !trimmed(gl.Tasks) {
		header("年度主要任务", gl.Tasks)
	}

	// The budget block.
	top := r
	w.label(sh, r, 0, "年度部门整体支出预算（万元）")
	for i, c := range []string{"年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"} {
		w.label(sh, r, 2+i, c)
	}
	r++
	ex := f.Form.Execution
	ew := f.Form.ExecutionWeight
	if ew.IsZero() {
		ew = decimal.NewFromInt(10)
	}
	w.text(sh, r, 1, "年度资金总额")
	w.num(sh, r, 2, wanAmount(ex.InitialBudget), false)
	w.num(sh, r, 3, wanAmount(ex.AdjustedBudget), false)
	w.num(sh, r, 4, wanAmount(ex.Executed), false)
	w.num(sh, r, 5, valid(ew), false)
	w.num(sh, r, 6, f.StatedRate, true)
	w.num(sh, r, 7, f.StatedExecution, false)
	r++
	r = w.fundsAndGoal(sh, r, top, last, f.Funds, gl.Goal, f.GoalActual)

	// The indicator table.
	top = r
	w.label(sh, r, 0, "绩效指标")
	cols := []string{"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值"}
	if coef {
		cols = append(cols, "得分系数")
	}
	cols = append(cols, "得分", "偏差原因分析及改进措施")
	for i, c := range cols {
		w.label(sh, r, 1+i, c)
	}
	r++
	kinds := gl.KindsOrDefault()
	l1s, l2s := make([]string, len(gl.Indicators)), make([]string, len(gl.Indicators))
	for i, in := range gl.Indicators {
		l1s[i] = kindName(kinds, in.Kind)
		l2s[i] = cmpOr(in.Group, l1s[i])
	}
	w.levelCells(sh, r, 1, l1s, l2s)
	for i := range gl.Indicators {
		in := &gl.Indicators[i]
		w.text(sh, r, 3, in.Name)
		w.text(sh, r, 4, targetText(in.Target))
		w.text(sh, r, 5, nth(f.Actuals, i))
		w.num(sh, r, 6, valid(in.Weight), false)
		c := 7
		if coef {
			var v decimal.NullDecimal
			if i < len(f.StatedCoefficients) {
				v = f.StatedCoefficients[i]
			}
			w.num(sh, r, c, v, false)
			c++
		}
		var st decimal.NullDecimal
		if i < len(f.StatedScores) {
			st = f.StatedScores[i]
		}
		w.num(sh, r, c, st, false)
		w.text(sh, r, c+1, nth(f.Reasons, i))
		r++
	}
	w.merge(sh, top, 0, r-1, 0)
	w.label(sh, r, 0, "总分")
	w.merge(sh, r, 0, r, 5)
	total := gl.Total
	if total.IsZero() {
		total = decimal.NewFromInt(90)
	}
	w.num(sh, r, 6, valid(total.Add(ew)), false)
	sc := 7
	if coef {
		sc = 8
	}
	w.num(sh, r, sc, f.Form.StatedTotal, false)
	r++
	if f.StatedGrade != 0 {
		w.label(sh, r, 0, "自评等级")
		w.text(sh, r, 1, gradeText(f.StatedGrade))
	}
	w.keep(w.f.SetColWidth(sh, "A", "A", 12))
	w.keep(w.f.SetColWidth(sh, "B", "J", 14))
}

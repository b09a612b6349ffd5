package xlsx

import (
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
)

// A DepartmentForm is one department-wide self-evaluation form
// (部门整体支出绩效自评表) as printed on one sheet: the goals.DepartmentForm
// the library scores, with every stated figure (执行率, each 得分 and
// 得分系数, 总分, 等级) exactly as printed, and what the form prints beside
// it that the scoring does not use. Amounts are in yuan whatever unit the
// form printed (万元 is read ×10,000, exactly).
type DepartmentForm struct {
	// Sheet is the sheet the form was read from, or is written to.
	Sheet string `json:"sheet"`
	// Department is the 部门（单位）名称 as printed; Form.Goals.DepartmentID
	// is the 部门编码 row when the form has one, else this name.
	Department string `json:"department"`
	// Funds are the budget block's rows other than 年度资金总额, whose
	// figures are Form.Execution.
	Funds []Fund `json:"funds,omitempty"`
	// GoalActual is the 实际完成情况 text of the overall goal
	// (Form.Goals.Goal holds the 预期目标 text, Form.Goals.Tasks the
	// 年度主要任务).
	GoalActual string `json:"goal_actual"`
	// Actuals are the 实际完成值 cells as written, Reasons the
	// 偏差原因分析及改进措施 cells, one per indicator.
	Actuals []string `json:"actuals"`
	Reasons []string `json:"reasons"`
	// StatedRate and StatedExecution are the budget row's 执行率 and 得分.
	StatedRate      decimal.NullDecimal `json:"stated_rate"`
	StatedExecution decimal.NullDecimal `json:"stated_execution"`
	// StatedScores and StatedCoefficients are each indicator's 得分 and
	// 得分系数 (the latter only on forms with that column).
	StatedScores       []decimal.NullDecimal `json:"stated_scores"`
	StatedCoefficients []decimal.NullDecimal `json:"stated_coefficients,omitempty"`
	// StatedGrade is the 自评等级, if printed.
	StatedGrade performance.Grade `json:"stated_grade,omitempty"`
	// Form is the form as the rules score it; its StatedTotal is the 总分
	// row's 得分.
	Form goals.DepartmentForm `json:"form"`
}

// Labels of the department-wide form.
var (
	lDeptName  = label{names: []string{"部门(单位)名称", "部门名称", "单位名称", "部门(单位)"}}
	lDeptCode  = label{names: []string{"部门编码", "部门代码", "单位编码"}}
	lTasks     = label{names: []string{"年度主要任务", "主要任务"}}
	lDeptFunds = label{names: []string{"年度部门整体支出预算", "部门整体支出预算", "年度预算"}, prefix: true}
	lYear      = label{names: []string{"年度"}}
	deptStops  = []label{lDeptName, lDeptCode, lTasks, lDeptFunds, lGoal, lGrade}
	yearRe     = regexp.MustCompile(`([12][0-9]{3})\s*年度`)
)

// ReadDepartmentForms reads every sheet of the workbook r as one
// department-wide self-evaluation form, locating each block by its label
// as [ReadSelfForms] does: the year from the title ((2025年度)), the header
// (部门（单位）名称, optional 部门编码 and 年度主要任务), the budget block
// (年度部门整体支出预算（万元）: 年初预算数, 全年预算数, 全年执行数, 分值,
// 执行率, 得分 and the 年度资金总额 row), the overall goal (年度总体目标,
// 预期目标, 实际完成情况), the indicator table (一级指标 … 得分, optional
// 得分系数 and 偏差原因分析及改进措施) and the 总分 row, and an optional
// 自评等级. A level-1 cell names one of kinds by its name or code (nil
// kinds means goals.DefaultDepartmentKinds, and the forms then leave Kinds
// empty); a 得分系数 column makes the form's method
// goals.MethodCoefficient with the default bands.
//
// It returns the forms of the sheets that could be read, in sheet order,
// and every problem of the others as [Problems] with sheet, cell and
// label; a workbook that cannot be opened or exceeds lim is an error
// wrapping [ErrWorkbook] or [ErrLimit] with no forms.
func ReadDepartmentForms(r io.Reader, lim Limits, kinds []goals.DepartmentKind) ([]*DepartmentForm, error) {
	return readSheets(r, lim, func(g *grid) (*DepartmentForm, Problems) { return readDepartmentSheet(g, kinds) })
}

func readDepartmentSheet(g *grid, kinds []goals.DepartmentKind) (*DepartmentForm, Problems) {
	var ps Problems
	f := &DepartmentForm{Sheet: g.sheet}
	gl := &f.Form.Goals
	gl.Kinds = kinds
	known := kinds
	if known == nil {
		known = goals.DefaultDepartmentKinds()
	}
	// The year, from the title block.
	for r := 0; r < len(g.rows) && r < 4 && gl.Year == 0; r++ {
		for c := range g.rows[r] {
			if m := yearRe.FindStringSubmatch(g.at(r, c)); m != nil {
				gl.Year, _ = strconv.Atoi(m[1])
				break
			}
		}
	}
	if gl.Year == 0 {
		ps.add(g.sheet, "A2", lYear.String(), ErrMissingLabel, "no (YYYY年度) in the first four rows")
	}
	get := func(l label, required bool) string {
		r, c, ok := g.find(l, 0)
		if !ok {
			if required {
				ps.add(g.sheet, "A1", l.String(), ErrMissingLabel, "")
			}
			return ""
		}
		v, _ := g.valueRight(r, c, deptStops)
		if v == "" && required {
			ps.add(g.sheet, cellName(r, c+1), l.String(), ErrBadValue, "empty")
		}
		return v
	}
	f.Department = get(lDeptName, true)
	gl.DepartmentID = cmpOr(get(lDeptCode, false), f.Department)
	gl.Tasks = get(lTasks, false)

	bd := readBudget(g, &ps, lDeptFunds)
	f.Funds, f.Form.Execution = bd.funds, bd.exec
	f.StatedRate, f.StatedExecution = bd.rate, bd.score
	f.Form.ExecutionWeight = bd.weight

	gl.Goal, f.GoalActual = readGoalText(g, &ps, true)
	byName := map[string]goals.DepartmentKind{}
	for _, k := range known {
		byName[norm(k.Name)], byName[norm(k.Code)] = k, k
	}
	kindOf := func(s string) (goals.Level1, error) {
		k, ok := byName[norm(s)]
		if !ok {
			return goals.Level1None, goals.ErrUnknownKind
		}
		return k.Level1, nil
	}
	tbl := readTable(g, &ps, true, kindOf)
	coefficients := false
	for _, row := range tbl.rows {
		k := byName[norm(row.level1)]
		code, group := k.Code, row.level2
		if group == k.Name {
			group = ""
		}
		gl.Indicators = append(gl.Indicators, goals.DepartmentIndicator{ID: row.ind.ID, Kind: code, Group: group,
			Name: row.ind.Name, Target: row.ind.Target, Weight: row.ind.Weight})
		f.Form.Actuals = append(f.Form.Actuals, row.actual)
		f.StatedScores = append(f.StatedScores, row.score)
		f.StatedCoefficients = append(f.StatedCoefficients, row.coefficient)
		coefficients = coefficients || row.coefficient.Valid
		f.Actuals = append(f.Actuals, row.actualText)
		f.Reasons = append(f.Reasons, row.reason)
	}
	if _, ok := g.findIn(lCoefficient, headerRow(g)); ok || coefficients {
		f.Form.Method = goals.MethodCoefficient
	} else {
		f.StatedCoefficients = nil
	}
	if tbl.totalWeight.Valid {
		gl.Total = tbl.totalWeight.Decimal.Sub(f.Form.ExecutionWeight)
	}
	f.Form.StatedTotal = tbl.totalScore
	if r, c, ok := g.find(lGrade, 0); ok {
		if v, vc := g.valueRight(r, c, []label{lComputedGrade}); v != "" {
			gr, err := performance.ParseGrade(v)
			if err != nil {
				ps.add(g.sheet, cellName(r, vc), lGrade.String(), ErrBadValue, "%q: %v", v, err)
			}
			f.StatedGrade = gr
		}
	}
	// Normalise what the writer leaves implicit, so a form reads back as
	// written: the default execution weight and indicator total.
	if f.Form.ExecutionWeight.Equal(decimal.NewFromInt(10)) {
		f.Form.ExecutionWeight = decimal.Zero
	}
	if gl.Total.Equal(decimal.NewFromInt(90)) && f.Form.ExecutionWeight.IsZero() {
		gl.Total = decimal.Zero
	}
	return f, ps
}

// headerRow is the row of the indicator table's header (三级指标), or -1.
func headerRow(g *grid) int {
	r, _, ok := g.find(lLevel3, 0)
	if !ok {
		return -1
	}
	return r
}

// kindName is the kind's printed name for a department indicator.
func kindName(kinds []goals.DepartmentKind, code string) string {
	for _, k := range kinds {
		if k.Code == code {
			return k.Name
		}
	}
	return code
}

// deptTitle is the form's title with its year.
func deptTitle(year int) string {
	return "（" + strconv.Itoa(year) + "年度）"
}

// trimmed reports whether s is empty after trimming, for the writer.
func trimmed(s string) bool { return strings.TrimSpace(s) == "" }

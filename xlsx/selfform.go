package xlsx

import (
	"io"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
)

// A SelfForm is one project self-evaluation form (项目支出绩效自评表,
// 财预〔2020〕10号 附件) as printed on one sheet: the self-evaluation the
// library scores, and what the form prints beside it that the scoring does
// not use (the names, the goal text, the other budget rows, the reasons
// for deviations and the actuals as written). Amounts are in yuan whatever
// unit the form printed (项目资金（万元） is read ×10,000, exactly).
type SelfForm struct {
	// Sheet is the sheet the form was read from, or is written to.
	Sheet string `json:"sheet"`
	// ProjectName (项目名称), Department (主管部门) and Unit (实施单位) as
	// printed. Evaluation.ProjectID is the 项目编码 row when the form has
	// one, else the project name; Evaluation.UnitID the unit's name.
	ProjectName string `json:"project_name"`
	Department  string `json:"department"`
	Unit        string `json:"unit"`
	// Funds are the budget block's rows other than 年度资金总额, whose
	// figures are Evaluation.Form.Execution: 当年财政拨款, 上年结转资金,
	// 其他资金 …, as printed.
	Funds []Fund `json:"funds,omitempty"`
	// GoalExpected (预期目标) and GoalActual (实际完成情况) are the annual
	// goal's text (年度总体目标).
	GoalExpected string `json:"goal_expected"`
	GoalActual   string `json:"goal_actual"`
	// Actuals are the 实际完成值 cells as written, and Reasons the
	// 偏差原因分析及改进措施 cells, one per indicator in tree order.
	Actuals []string `json:"actuals"`
	Reasons []string `json:"reasons"`
	// Evaluation is the form as the rules score it, with the stated
	// figures (执行率, 得分 of each row, 总分, 等级) exactly as printed.
	Evaluation evaluation.SelfEvaluation `json:"evaluation"`
}

// A Fund is one row of a form's budget block (项目资金): its label and its
// initial budget (年初预算数), adjusted budget (全年预算数) and executed
// amount (全年执行数) in yuan, each optional.
type Fund struct {
	Label    string              `json:"label"`
	Initial  decimal.NullDecimal `json:"initial"`
	Adjusted decimal.NullDecimal `json:"adjusted"`
	Executed decimal.NullDecimal `json:"executed"`
}

// The labels of the self-evaluation and goal forms, with the local
// variants read.
var (
	lProjectName = label{names: []string{"项目名称"}}
	lProjectCode = label{names: []string{"项目编码", "项目代码", "项目编号"}}
	lDepartment  = label{names: []string{"主管部门", "主管部门及代码", "主管部门(单位)"}}
	lUnit        = label{names: []string{"实施单位", "项目实施单位"}}
	lFunds       = label{names: []string{"项目资金", "项目资金(万元)", "项目资金(元)"}, prefix: true}
	lInitial     = label{names: []string{"年初预算数"}}
	lAdjusted    = label{names: []string{"全年预算数", "调整后预算数"}}
	lExecuted    = label{names: []string{"全年执行数", "执行数"}}
	lWeight      = label{names: []string{"分值", "权重", "权重(%)"}}
	lRate        = label{names: []string{"执行率", "预算执行率"}}
	lScore       = label{names: []string{"得分", "自评得分"}}
	lFundsTotal  = label{names: []string{"年度资金总额", "资金总额", "年度资金总额:"}}
	lGoal        = label{names: []string{"年度总体目标", "总体目标"}}
	lExpected    = label{names: []string{"预期目标", "年度目标"}}
	lAchieved    = label{names: []string{"实际完成情况"}}
	lLevel1      = label{names: []string{"一级指标"}}
	lLevel2      = label{names: []string{"二级指标"}}
	lLevel3      = label{names: []string{"三级指标"}}
	lTarget      = label{names: []string{"年度指标值", "指标值"}}
	lActual      = label{names: []string{"实际完成值"}}
	lReason      = label{names: []string{"偏差原因分析及改进措施", "偏差原因"}, prefix: true}
	lTotal       = label{names: []string{"总分", "合计"}}
	lGrade       = label{names: []string{"自评等级", "评价等级", "等级"}}
	// lIndicatorCode is a goal table's optional column of indicator codes
	// (指标代码), as the indicator library or the integration system
	// assigns them.
	// lComputedGrade heads the computed grade of a reviewed form, which
	// the reader does not take for the stated one.
	lComputedGrade = label{names: []string{"复算等级"}}
	lIndicatorCode = label{names: []string{"指标代码", "指标编码", "三级指标代码"}}
	// lCoefficient heads the coefficient column of department forms
	// scored 得分系数 × 权重.
	lCoefficient = label{names: []string{"得分系数", "系数"}}
)

// headerStops are the labels that end a header value: an empty value
// followed by the next label is empty, not the label.
var headerStops = []label{lProjectName, lProjectCode, lDepartment, lUnit, lFunds, lGoal, lGrade}

// ReadSelfForms reads every sheet of the workbook r as one self-evaluation
// form, locating each block by its label, not by a fixed cell: the header
// (项目名称, 主管部门, 实施单位, optional 项目编码), the budget block (a row
// holding 年初预算数, 全年预算数, 全年执行数, 分值 or 权重, 执行率, 得分; the
// 年度资金总额 row below it), the annual goal (年度总体目标, 预期目标,
// 实际完成情况), the indicator table (a row holding 一级指标, 二级指标,
// 三级指标, 年度指标值, 实际完成值, 分值 or 权重, 得分 and optionally
// 偏差原因分析及改进措施, in any column order, with extra columns ignored)
// and the 总分 row, plus an optional 等级. Level-1 and level-2 cells left
// empty (merged cells print only their first) take the value above.
//
// It returns the forms of the sheets that could be read, in sheet order,
// and every problem of the others as [Problems], each with sheet, cell and
// the label expected: a sheet with any problem gives no form, and costs no
// other sheet. A workbook that cannot be opened, or exceeds lim, is an
// error wrapping [ErrWorkbook] or [ErrLimit] with no forms.
func ReadSelfForms(r io.Reader, lim Limits) ([]*SelfForm, error) {
	return readSheets(r, lim, readSelfSheet)
}

// amountScale is 10,000 for a budget block in 万元 (the national form) and
// 1 for one in 元.
func amountScale(text string) decimal.Decimal {
	t := norm(text)
	if strings.Contains(t, "(元)") || strings.HasSuffix(t, "元)") && !strings.Contains(t, "万元") {
		return decimal.NewFromInt(1)
	}
	if strings.Contains(t, "亿元") {
		return decimal.NewFromInt(100000000)
	}
	return decimal.NewFromInt(10000)
}

func readSelfSheet(g *grid) (*SelfForm, Problems) {
	var ps Problems
	f := &SelfForm{Sheet: g.sheet}
	h := readHeader(g, &ps)
	f.ProjectName, f.Department, f.Unit = h.name, h.department, h.unit
	se := &f.Evaluation
	se.ProjectID, se.UnitID = cmpOr(h.code, h.name), h.unit

	bd := readBudget(g, &ps, lFunds)
	f.Funds, se.Form.Execution = bd.funds, bd.exec
	se.Stated.Rate, se.Stated.Execution = bd.rate, bd.score
	execWeight := bd.weight

	f.GoalExpected, f.GoalActual = readGoalText(g, &ps, true)
	tbl := readTable(g, &ps, true, nil)
	tree := &goals.Tree{Framework: goals.SelfEvaluation}
	for _, row := range tbl.rows {
		tree.Indicators = append(tree.Indicators, row.ind)
		se.Form.Actuals = append(se.Form.Actuals, row.actual)
		se.Stated.Indicators = append(se.Stated.Indicators, row.score)
		f.Actuals = append(f.Actuals, row.actualText)
		f.Reasons = append(f.Reasons, row.reason)
	}
	se.Form.Tree = tree
	if tbl.totalWeight.Valid {
		tree.Total = tbl.totalWeight.Decimal.Sub(execWeight)
	} else {
		for _, in := range tree.Indicators {
			tree.Total = tree.Total.Add(in.Weight)
		}
	}
	se.Stated.Total = tbl.totalScore
	se.Form.Weights = formWeights(execWeight, tree)
	if r, c, ok := g.find(lGrade, 0); ok {
		if v, vc := g.valueRight(r, c, []label{lComputedGrade}); v != "" {
			gr, err := performance.ParseGrade(v)
			if err != nil {
				ps.add(g.sheet, cellName(r, vc), lGrade.String(), ErrBadValue, "%q: %v", v, err)
			}
			se.Stated.Grade = gr
		}
	}
	return f, ps
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// formWeights are the form's weights: zero (national) when they are the
// national 10/50/30/10, else the execution weight and each level-1 part's
// sum.
func formWeights(exec decimal.Decimal, t *goals.Tree) goals.Weights {
	var w goals.Weights
	w.Execution = exec
	for _, in := range t.Indicators {
		switch in.Level1 {
		case goals.Output:
			w.Output = w.Output.Add(in.Weight)
		case goals.Benefit:
			w.Benefit = w.Benefit.Add(in.Weight)
		case goals.Satisfaction:
			w.Satisfaction = w.Satisfaction.Add(in.Weight)
		case goals.Cost:
			w.Cost = w.Cost.Add(in.Weight)
		}
	}
	n := goals.NationalWeights()
	if w.Execution.Equal(n.Execution) && w.Output.Equal(n.Output) && w.Benefit.Equal(n.Benefit) &&
		w.Satisfaction.Equal(n.Satisfaction) && w.Cost.Equal(n.Cost) {
		return goals.Weights{}
	}
	return w
}

// firstText returns the first non-empty cell of row r and its column.
func firstText(g *grid, r int) (string, int) {
	for c := range g.rows[r] {
		if v := g.at(r, c); v != "" {
			return v, c
		}
	}
	return "", -1
}

type header struct{ name, code, department, unit string }

// readHeader reads the header block; 项目名称 is required, the others
// optional.
func readHeader(g *grid, ps *Problems) header {
	var h header
	get := func(l label, required bool) string {
		r, c, ok := g.find(l, 0)
		if !ok {
			if required {
				ps.add(g.sheet, "A1", l.String(), ErrMissingLabel, "")
			}
			return ""
		}
		v, _ := g.valueRight(r, c, headerStops)
		if v == "" && required {
			ps.add(g.sheet, cellName(r, c+1), l.String(), ErrBadValue, "empty")
		}
		return v
	}
	h.name = get(lProjectName, true)
	h.code = get(lProjectCode, false)
	h.department = get(lDepartment, false)
	h.unit = get(lUnit, false)
	return h
}

// readGoalText reads the goal block: the text under 预期目标 and 实际完成情况
// (or 年度目标), or right of 年度总体目标 when the form has no sub-headers.
func readGoalText(g *grid, ps *Problems, achieved bool) (expected, actual string) {
	r, c, ok := g.find(lGoal, 0)
	if !ok {
		ps.add(g.sheet, "A1", lGoal.String(), ErrMissingLabel, "")
		return "", ""
	}
	below := func(l label) (string, bool) {
		hr, hc, ok := g.find(l, r)
		if !ok || hr > r+1 {
			return "", false
		}
		for k := hr + 1; k < len(g.rows) && k <= hr+3; k++ {
			if v := g.at(k, hc); v != "" {
				if lLevel1.match(v) || lLevel3.match(v) {
					break
				}
				return v, true
			}
		}
		return "", true
	}
	var ok1 bool
	if expected, ok1 = below(lExpected); !ok1 {
		expected, _ = g.valueRight(r, c, nil)
	}
	if achieved {
		actual, _ = below(lAchieved)
	}
	return expected, actual
}

// tableRow is one indicator row as read.
type tableRow struct {
	ind        goals.Indicator
	actual     goals.Actual
	actualText string
	score      decimal.NullDecimal
	reason     string
	// level1 and level2 are the level cells as printed (or carried down
	// from above); coefficient the 得分系数 cell, if the table has one.
	level1, level2 string
	coefficient    decimal.NullDecimal
}

type table struct {
	rows                    []tableRow
	totalWeight, totalScore decimal.NullDecimal
}

// readTable reads the indicator table; self adds the columns a
// self-evaluation form has (实际完成值, 得分, 偏差原因, and the optional
// 得分系数 of department forms). kind reads a level-1 cell; nil means
// goals.ParseLevel1.
func readTable(g *grid, ps *Problems, self bool, kind func(string) (goals.Level1, error)) table {
	if kind == nil {
		kind = goals.ParseLevel1
	}
	var t table
	hr, _, ok := g.find(lLevel3, 0)
	if !ok {
		ps.add(g.sheet, "A1", lLevel3.String(), ErrMissingLabel, "no indicator table")
		return t
	}
	need := []label{lLevel1, lLevel2, lLevel3, lTarget, lWeight}
	opt := []label{}
	if self {
		need = append(need, lActual, lScore)
		opt = append(opt, lReason, lCoefficient)
	} else {
		need = need[:4]
		opt = append(opt, lWeight, lIndicatorCode)
	}
	cols := map[string]int{}
	for _, l := range need {
		c, ok := g.findIn(l, hr)
		if !ok {
			ps.add(g.sheet, cellName(hr, 0), l.String(), ErrMissingLabel, "not in the indicator header row %d", hr+1)
			continue
		}
		cols[l.String()] = c
	}
	for _, l := range opt {
		if c, ok := g.findIn(l, hr); ok {
			cols[l.String()] = c
		}
	}
	col := func(l label) (int, bool) { c, ok := cols[l.String()]; return c, ok }
	var level1, level2 string
	end := len(g.rows)
	for r := hr + 1; r < len(g.rows); r++ {
		if _, ok := g.findIn(lTotal, r); ok {
			end = r
			break
		}
	}
	if end == len(g.rows) && self {
		ps.add(g.sheet, cellName(len(g.rows), 0), lTotal.String(), ErrMissingLabel, "no total row under the indicator table")
	}
	for r := hr + 1; r < end; r++ {
		get := func(l label) string {
			if c, ok := col(l); ok {
				return g.at(r, c)
			}
			return ""
		}
		name := get(lLevel3)
		if v := get(lLevel1); v != "" {
			level1 = v
		}
		if v := get(lLevel2); v != "" {
			level2 = v
		}
		if name == "" {
			if rowEmptyFrom(g, r, cols) {
				continue
			}
			c, _ := col(lLevel3)
			ps.add(g.sheet, cellName(r, c), lLevel3.String(), ErrBadValue, "empty indicator name")
			continue
		}
		var row tableRow
		row.ind.Name = name
		row.level1, row.level2 = level1, level2
		cell := func(l label) string {
			c, _ := col(l)
			return cellName(r, c)
		}
		if level1 == "" {
			ps.add(g.sheet, cell(lLevel1), lLevel1.String(), ErrBadValue, "empty, and no level 1 above")
		} else if k, err := kind(level1); err != nil {
			ps.add(g.sheet, cell(lLevel1), lLevel1.String(), ErrBadValue, "%q: %v", level1, err)
		} else {
			row.ind.Level1 = k
		}
		if k, err := goals.ParseLevel2(level2); err == nil {
			row.ind.Level2 = k
			if k.Name(performance.LangZH) != level2 {
				row.ind.Level2Name = level2
			}
		} else {
			row.ind.Level2, row.ind.Level2Name = goals.Level2Other, level2
		}
		if code, ok := col(lIndicatorCode); ok {
			row.ind.ID = g.at(r, code)
		}
		if v := get(lTarget); v == "" {
			ps.add(g.sheet, cell(lTarget), lTarget.String(), ErrBadValue, "empty")
		} else if tg, err := goals.ParseTarget(v); err != nil {
			ps.add(g.sheet, cell(lTarget), lTarget.String(), ErrBadValue, "%q: %v", v, err)
		} else {
			row.ind.Target = tg
		}
		if _, ok := col(lWeight); ok {
			if v, err := number(get(lWeight)); err != nil {
				ps.add(g.sheet, cell(lWeight), lWeight.String(), ErrNotNumber, "%q: %v", get(lWeight), err)
			} else if !v.Valid && self {
				ps.add(g.sheet, cell(lWeight), lWeight.String(), ErrNotNumber, "empty")
			} else {
				row.ind.Weight = v.Decimal
			}
		}
		if self {
			row.actualText = get(lActual)
			if row.actualText != "" {
				a, err := goals.ParseActual(row.actualText)
				if err != nil {
					ps.add(g.sheet, cell(lActual), lActual.String(), ErrBadValue, "%q: %v", row.actualText, err)
				}
				row.actual = a
			}
			v, err := number(get(lScore))
			if err != nil {
				ps.add(g.sheet, cell(lScore), lScore.String(), ErrNotNumber, "%q: %v", get(lScore), err)
			}
			row.score = v
			row.reason = get(lReason)
			if _, ok := col(lCoefficient); ok {
				v, err := number(get(lCoefficient))
				if err != nil {
					ps.add(g.sheet, cell(lCoefficient), lCoefficient.String(), ErrNotNumber, "%q: %v", get(lCoefficient), err)
				}
				row.coefficient = v
			}
		}
		t.rows = append(t.rows, row)
	}
	if end < len(g.rows) {
		for _, p := range []struct {
			l  label
			to *decimal.NullDecimal
		}{{lWeight, &t.totalWeight}, {lScore, &t.totalScore}} {
			c, ok := col(p.l)
			if !ok {
				continue
			}
			v, err := number(g.at(end, c))
			if err != nil {
				ps.add(g.sheet, cellName(end, c), lTotal.String()+"/"+p.l.String(), ErrNotNumber, "%q: %v", g.at(end, c), err)
			}
			*p.to = v
		}
	}
	return t
}

// rowEmptyFrom reports whether row r is empty in every column the table
// reads.
func rowEmptyFrom(g *grid, r int, cols map[string]int) bool {
	for _, c := range cols {
		if g.at(r, c) != "" {
			return false
		}
	}
	return true
}

// budget is a form's budget block as read: the fund rows other than the
// total, the total row's figures, the execution item's weight and the
// stated rate and score.
type budget struct {
	funds       []Fund
	exec        performance.Execution
	weight      decimal.Decimal
	rate, score decimal.NullDecimal
}

// readBudget reads the budget block: a row holding 年初预算数, 全年预算数,
// 全年执行数, 分值 or 权重, 执行率 and 得分, the fund rows below it and the
// 年度资金总额 row among them; fundsLabel heads the block and says its unit.
func readBudget(g *grid, ps *Problems, fundsLabel label) budget {
	var bd budget
	scale := decimal.NewFromInt(10000)
	if r, c, ok := g.find(fundsLabel, 0); ok {
		scale = amountScale(g.at(r, c))
	}
	hr, _, ok := g.find(lInitial, 0)
	if !ok {
		ps.add(g.sheet, "A1", lInitial.String(), ErrMissingLabel, "no budget block")
	} else {
		cols := map[string]int{}
		for _, l := range []label{lInitial, lAdjusted, lExecuted, lWeight, lRate, lScore} {
			c, ok := g.findIn(l, hr)
			if !ok {
				ps.add(g.sheet, cellName(hr, 0), l.String(), ErrMissingLabel, "not in the budget header row %d", hr+1)
				continue
			}
			cols[l.String()] = c
		}
		// The budget rows run from below the header to the goal block (or
		// the indicator table).
		end := len(g.rows)
		if r, _, ok := g.find(lGoal, hr+1); ok {
			end = r
		}
		if r, _, ok := g.find(lLevel3, hr+1); ok {
			end = min(end, r)
		}
		total := false
		for r := hr + 1; r < end; r++ {
			lab, lc := firstText(g, r)
			if lab == "" || lc >= cols[lInitial.String()] {
				continue
			}
			amount := func(l label) decimal.NullDecimal {
				c, ok := cols[l.String()]
				if !ok {
					return decimal.NullDecimal{}
				}
				v, err := number(g.at(r, c))
				if err != nil {
					ps.add(g.sheet, cellName(r, c), l.String(), ErrNotNumber, "%q: %v", g.at(r, c), err)
					return decimal.NullDecimal{}
				}
				if v.Valid {
					v.Decimal = v.Decimal.Mul(scale)
				}
				return v
			}
			fd := Fund{Label: lab, Initial: amount(lInitial), Adjusted: amount(lAdjusted), Executed: amount(lExecuted)}
			if !lFundsTotal.match(lab) || total {
				bd.funds = append(bd.funds, fd)
				continue
			}
			total = true
			bd.exec = performance.Execution{InitialBudget: fd.Initial.Decimal, AdjustedBudget: fd.Adjusted.Decimal, Executed: fd.Executed.Decimal}
			for _, p := range []struct {
				l  label
				to *decimal.NullDecimal
			}{{lWeight, nil}, {lRate, &bd.rate}, {lScore, &bd.score}} {
				c, ok := cols[p.l.String()]
				if !ok {
					continue
				}
				v, err := number(g.at(r, c))
				if err != nil {
					ps.add(g.sheet, cellName(r, c), p.l.String(), ErrNotNumber, "%q: %v", g.at(r, c), err)
					continue
				}
				if p.to != nil {
					*p.to = v
				} else if v.Valid {
					bd.weight = v.Decimal
				} else {
					ps.add(g.sheet, cellName(r, c), p.l.String(), ErrNotNumber, "empty")
				}
			}
		}
		if !total {
			ps.add(g.sheet, cellName(hr+1, 0), lFundsTotal.String(), ErrMissingLabel, "no total row under the budget header")
		}
	}

	return bd
}

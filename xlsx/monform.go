package xlsx

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
)

// A MonitorForm is one monitoring form (项目支出绩效目标执行监控表, the form
// annexed to 财预〔2019〕136号) as printed on one sheet: the
// monitoring.Form the bureau reviews, and what the form prints beside it
// that the review does not use (the names, the budget rows, the goal text,
// each indicator's levels and target, and the actuals as written). Amounts
// are in yuan whatever unit the form printed.
type MonitorForm struct {
	// Sheet is the sheet the form was read from, or is written to.
	Sheet string `json:"sheet"`
	// ProjectName (项目名称), Department (主管部门) and Unit (实施单位) as
	// printed. Form.ProjectID is the 项目编码 row when the form has one,
	// else the project name; Form.UnitID the unit's name.
	ProjectName string `json:"project_name"`
	Department  string `json:"department"`
	Unit        string `json:"unit"`
	// Funds are the budget block's rows (项目资金: 年度资金总额, 其中：财政拨款,
	// 其他资金 …) as printed. The 年度资金总额 row's executed figure is
	// Form.Executed; on writing, Form.Executed is printed there.
	Funds []MonitorFund `json:"funds,omitempty"`
	// GoalAnnual (全年预期目标) and GoalProgress (1-X月执行情况) are the
	// annual goal's text (年度总体目标).
	GoalAnnual   string `json:"goal_annual"`
	GoalProgress string `json:"goal_progress"`
	// Indicators are the indicator table's levels, names, codes and
	// targets (年度指标值), one per line of Form.Indicators in the same
	// order; weights are zero (the form has no 分值).
	Indicators []goals.Indicator `json:"indicators"`
	// Actuals (1-X月执行情况) and Projections (全年预计完成情况) are the
	// cells as written, one per indicator: a qualitative indicator's text
	// is kept here, its figure in Form left null.
	Actuals     []string `json:"actuals"`
	Projections []string `json:"projections"`
	// Form is the form as the bureau reviews it ([monitoring.Monitor]'s
	// ReviewForms).
	Form monitoring.Form `json:"form"`
}

// A MonitorFund is one row of a monitoring form's budget block, in yuan:
// the initial budget (年初预算数), the adjusted budget (全年预算数), the
// execution to date (1-X月执行数), the stated execution rate in percent
// (1-X月执行率, as printed) and the year's expected execution (全年预计执行数),
// each optional.
type MonitorFund struct {
	Label     string              `json:"label"`
	Initial   decimal.NullDecimal `json:"initial"`
	Adjusted  decimal.NullDecimal `json:"adjusted"`
	Executed  decimal.NullDecimal `json:"executed"`
	Rate      decimal.NullDecimal `json:"rate"`
	Projected decimal.NullDecimal `json:"projected"`
}

// The labels of the monitoring form, with the local variants read.
var (
	lMonExecuted  = label{names: []string{"执行数"}, suffix: true}
	lMonRate      = label{names: []string{"执行率"}, suffix: true}
	lMonForecast  = label{names: []string{"全年预计执行数", "预计全年执行数"}}
	lAsOf         = label{names: []string{"截至日期", "截止日期", "监控截至日期"}}
	lMonExpected  = label{names: []string{"全年预期目标", "预期目标", "年度目标"}}
	lMonProgress  = label{names: []string{"执行情况"}, suffix: true}
	lMonActual    = label{names: []string{"执行情况", "实际完成值", "截至目前完成值"}, suffix: true}
	lMonProjected = label{names: []string{"全年预计完成情况", "全年预计完成值", "预计完成情况"}}
	lLikelihood   = label{names: []string{"完成目标可能性", "完成可能性"}}
	lCause        = label{names: []string{"偏差原因", "偏差原因分析"}}
	lCauseNote    = label{names: []string{"原因说明"}}
	lMeasure      = label{names: []string{"纠偏措施", "改进措施", "纠偏措施及改进计划"}}
)

// ReadMonitorForms reads every sheet of the workbook r as one monitoring
// form, locating each block by its label as [ReadSelfForms] does: the
// header (项目名称 required; 项目编码, 主管部门, 实施单位), the budget block
// (a row holding 年初预算数 and 1-X月执行数, optionally 全年预算数,
// 1-X月执行率 and 全年预计执行数, with the 年度资金总额 row and the others
// below it), the as-of date (a 截至日期 cell, else the last day of month X
// of the year in the title's "YYYY年度"), the annual goal (年度总体目标 with
// 全年预期目标 and 1-X月执行情况) and the indicator table (一级指标, 二级指标,
// 三级指标, 年度指标值, 1-X月执行情况 or 实际完成值, 全年预计完成情况 and
// 完成目标可能性 required; 偏差原因, 原因说明, 纠偏措施 and 指标代码 optional,
// in any column order, extra columns ignored). An indicator is named in
// the form by its 指标代码 when printed, else by its name.
//
// Results and errors are as ReadSelfForms': the forms of the sheets that
// could be read, and every problem of the others as [Problems] with sheet,
// cell and the label expected.
func ReadMonitorForms(r io.Reader, lim Limits) ([]*MonitorForm, error) {
	return readSheets(r, lim, readMonitorSheet)
}

// Forms returns the forms' monitoring.Form values, in order, for
// [monitoring.Monitor]'s ReviewForms.
func Forms(fs []*MonitorForm) []monitoring.Form {
	out := make([]monitoring.Form, len(fs))
	for i, f := range fs {
		out[i] = f.Form
	}
	return out
}

func readMonitorSheet(g *grid) (*MonitorForm, Problems) {
	var ps Problems
	h := readHeader(g, &ps)
	f := &MonitorForm{Sheet: g.sheet, ProjectName: h.name, Department: h.department, Unit: h.unit}
	f.Form.ProjectID, f.Form.UnitID = cmpOr(h.code, h.name), h.unit

	months := 0
	scale := decimal.NewFromInt(10000)
	if r, c, ok := g.find(lFunds, 0); ok {
		scale = amountScale(g.at(r, c))
	}
	hr, ic, ok := g.find(lInitial, 0)
	if !ok {
		ps.add(g.sheet, "A1", lInitial.String(), ErrMissingLabel, "no budget block")
	} else {
		cols := map[string]int{lInitial.String(): ic}
		// 1-X月执行数, not 全年预计执行数, which also ends in 执行数.
		ec := -1
		for c := range g.rows[hr] {
			if v := g.at(hr, c); lMonExecuted.match(v) && !lMonForecast.match(v) {
				ec = c
				break
			}
		}
		if ec >= 0 {
			cols[lMonExecuted.String()] = ec
			months = monthsOf(g.at(hr, ec))
		} else {
			ps.add(g.sheet, cellName(hr, 0), "1-X月执行数", ErrMissingLabel, "not in the budget header row %d", hr+1)
		}
		for _, l := range []label{lAdjusted, lMonRate, lMonForecast} {
			if c, ok := g.findIn(l, hr); ok {
				cols[l.String()] = c
			}
		}
		end := len(g.rows)
		for _, l := range []label{lGoal, lLevel3, lAsOf} {
			if r, _, ok := g.find(l, hr+1); ok {
				end = min(end, r)
			}
		}
		for r := hr + 1; r < end; r++ {
			lab, lc := firstText(g, r)
			if lab == "" || lc >= ic {
				continue
			}
			amount := func(l label, sc decimal.Decimal) decimal.NullDecimal {
				c, ok := cols[l.String()]
				if !ok {
					return decimal.NullDecimal{}
				}
				v, err := number(g.at(r, c))
				if err != nil {
					ps.add(g.sheet, cellName(r, c), g.at(hr, c), ErrNotNumber, "%q: %v", g.at(r, c), err)
					return decimal.NullDecimal{}
				}
				if v.Valid {
					v.Decimal = v.Decimal.Mul(sc)
				}
				return v
			}
			one := decimal.NewFromInt(1)
			fd := MonitorFund{Label: lab, Initial: amount(lInitial, scale), Adjusted: amount(lAdjusted, scale),
				Executed: amount(lMonExecuted, scale), Rate: amount(lMonRate, one), Projected: amount(lMonForecast, scale)}
			if lFundsTotal.match(lab) && !f.Form.Executed.Valid {
				f.Form.Executed = fd.Executed
			}
			f.Funds = append(f.Funds, fd)
		}
	}

	f.Form.AsOf = readAsOf(g, &ps, months)
	f.GoalAnnual, f.GoalProgress = readMonitorGoal(g)
	readMonitorTable(g, &ps, f)
	return f, ps
}

// monthsOf returns X of a "1-X月…" header, 0 when there is none.
func monthsOf(s string) int {
	t := norm(s)
	for _, sep := range []string{"1-", "1—", "1–", "1至", "1~"} {
		if rest, ok := strings.CutPrefix(t, sep); ok {
			if i := strings.Index(rest, "月"); i > 0 {
				if n, err := strconv.Atoi(rest[:i]); err == nil && n >= 1 && n <= 12 {
					return n
				}
			}
		}
	}
	return 0
}

// yearOf returns the year of a "YYYY年度" cell in the sheet's first rows.
func yearOf(g *grid) int {
	for r := 0; r < len(g.rows) && r < 5; r++ {
		for c := range g.rows[r] {
			t := norm(g.rows[r][c])
			if i := strings.Index(t, "年度"); i >= 4 {
				if n, err := strconv.Atoi(t[i-4 : i]); err == nil && n >= 1900 && n <= 9999 {
					return n
				}
			}
		}
	}
	return 0
}

// readAsOf reads the 截至日期 cell (YYYY-MM-DD or YYYY年M月D日), else
// derives the last day of month months of the title's year.
func readAsOf(g *grid, ps *Problems, months int) time.Time {
	if r, c, ok := g.find(lAsOf, 0); ok {
		v, vc := g.valueRight(r, c, nil)
		d, err := parseFormDate(v)
		if err != nil {
			ps.add(g.sheet, cellName(r, max(vc, c+1)), lAsOf.String(), ErrBadValue, "%q: want YYYY-MM-DD or YYYY年M月D日", v)
		}
		return d
	}
	y := yearOf(g)
	if y == 0 || months == 0 {
		ps.add(g.sheet, "A1", lAsOf.String(), ErrMissingLabel, "no 截至日期, and no YYYY年度 title with a 1-X月 header to derive it from")
		return time.Time{}
	}
	return time.Date(y, time.Month(months)+1, 0, 0, 0, 0, 0, time.UTC)
}

func parseFormDate(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", "2006年1月2日", "2006/1/2", "2006.1.2"} {
		if d, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return d, nil
		}
	}
	return time.Time{}, ErrBadValue
}

// readMonitorGoal reads the text under 全年预期目标 and 1-X月执行情况, or
// right of 年度总体目标 when the form has no sub-headers.
func readMonitorGoal(g *grid) (annual, progress string) {
	r, c, ok := g.find(lGoal, 0)
	if !ok {
		return "", ""
	}
	below := func(l label) (string, bool) {
		hc, ok := g.findIn(l, r)
		hr := r
		if !ok {
			hc, ok = g.findIn(l, r+1)
			hr = r + 1
		}
		if !ok {
			return "", false
		}
		for k := hr + 1; k < len(g.rows) && k <= hr+3; k++ {
			if _, table := g.findIn(lLevel3, k); table {
				break // the indicator table's header: the goal cell was empty
			}
			if v := g.at(k, hc); v != "" {
				return v, true
			}
		}
		return "", true
	}
	var ok1 bool
	if annual, ok1 = below(lMonExpected); !ok1 {
		annual, _ = g.valueRight(r, c, nil)
	}
	progress, _ = below(lMonProgress)
	return annual, progress
}

// readMonitorTable reads the indicator table into f.
func readMonitorTable(g *grid, ps *Problems, f *MonitorForm) {
	f.Indicators, f.Actuals, f.Projections, f.Form.Indicators = []goals.Indicator{}, []string{}, []string{}, []monitoring.FormIndicator{}
	hr, _, ok := g.find(lLevel3, 0)
	if !ok {
		ps.add(g.sheet, "A1", lLevel3.String(), ErrMissingLabel, "no indicator table")
		return
	}
	cols := map[string]int{}
	for _, l := range []label{lLevel1, lLevel2, lLevel3, lTarget, lMonActual, lMonProjected, lLikelihood} {
		c, ok := g.findIn(l, hr)
		if !ok {
			ps.add(g.sheet, cellName(hr, 0), l.String(), ErrMissingLabel, "not in the indicator header row %d", hr+1)
			continue
		}
		cols[l.String()] = c
	}
	for _, l := range []label{lCause, lCauseNote, lMeasure, lIndicatorCode} {
		if c, ok := g.findIn(l, hr); ok {
			cols[l.String()] = c
		}
	}
	col := func(l label) (int, bool) { c, ok := cols[l.String()]; return c, ok }
	var level1, level2 string
	for r := hr + 1; r < len(g.rows); r++ {
		get := func(l label) string {
			if c, ok := col(l); ok {
				return g.at(r, c)
			}
			return ""
		}
		cell := func(l label) string {
			c, _ := col(l)
			return cellName(r, c)
		}
		name := get(lLevel3)
		if v := get(lLevel1); v != "" {
			level1 = v
		}
		if v := get(lLevel2); v != "" {
			level2 = v
		}
		if name == "" {
			if !rowEmptyFrom(g, r, cols) {
				ps.add(g.sheet, cell(lLevel3), lLevel3.String(), ErrBadValue, "empty indicator name")
			}
			continue
		}
		in := goals.Indicator{Name: name}
		if level1 == "" {
			ps.add(g.sheet, cell(lLevel1), lLevel1.String(), ErrBadValue, "empty, and no level 1 above")
		} else if k, err := goals.ParseLevel1(level1); err != nil {
			ps.add(g.sheet, cell(lLevel1), lLevel1.String(), ErrBadValue, "%q: %v", level1, err)
		} else {
			in.Level1 = k
		}
		if k, err := goals.ParseLevel2(level2); err == nil {
			in.Level2 = k
			if k.Name(performance.LangZH) != level2 {
				in.Level2Name = level2
			}
		} else {
			in.Level2, in.Level2Name = goals.Level2Other, level2
		}
		in.ID = get(lIndicatorCode)
		if v := get(lTarget); v == "" {
			ps.add(g.sheet, cell(lTarget), lTarget.String(), ErrBadValue, "empty")
		} else if tg, err := goals.ParseTarget(v); err != nil {
			ps.add(g.sheet, cell(lTarget), lTarget.String(), ErrBadValue, "%q: %v", v, err)
		} else {
			in.Target = tg
		}
		line := monitoring.FormIndicator{Indicator: cmpOr(in.ID, name), Measure: get(lMeasure), CauseNote: get(lCauseNote)}
		line.Actual = formValue(g, ps, get(lMonActual), cell(lMonActual), g.at(hr, cols[lMonActual.String()]), in.Target)
		line.Projected = formValue(g, ps, get(lMonProjected), cell(lMonProjected), lMonProjected.String(), in.Target)
		if v := get(lLikelihood); v != "" {
			lk, err := monitoring.ParseLikelihood(v)
			if err != nil {
				ps.add(g.sheet, cell(lLikelihood), lLikelihood.String(), ErrBadValue, "%q: %v", v, err)
			}
			line.Likelihood = lk
		}
		if v := get(lCause); v != "" {
			cs, err := monitoring.ParseCause(v)
			if err != nil {
				ps.add(g.sheet, cell(lCause), lCause.String(), ErrBadValue, "%q: %v", v, err)
			}
			line.Cause = cs
		}
		f.Indicators = append(f.Indicators, in)
		f.Actuals = append(f.Actuals, get(lMonActual))
		f.Projections = append(f.Projections, get(lMonProjected))
		f.Form.Indicators = append(f.Form.Indicators, line)
	}
}

// formValue reads an actual or projected cell: a number, or a number in
// the target's unit ("60人" against ≥100人); text against a qualitative
// target is kept as written with no figure, and against a quantitative
// one is a problem.
func formValue(g *grid, ps *Problems, text, cell, lab string, tg goals.Target) decimal.NullDecimal {
	if text == "" {
		return decimal.NullDecimal{}
	}
	if v, err := number(text); err == nil {
		return v
	}
	if a, err := goals.ParseActual(text); err == nil && a.Value.Valid && (a.Unit == "" || a.Unit == tg.Unit) {
		return a.Value
	}
	if tg.Quantitative() {
		ps.add(g.sheet, cell, lab, ErrNotNumber, "%q: a figure in %q expected", text, tg.Unit)
	}
	return decimal.NullDecimal{}
}

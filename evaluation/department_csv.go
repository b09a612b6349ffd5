package evaluation

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/internal/csvio/scan"
	"github.com/jixiao-go/jixiao/performance"
)

// RowError is a CSV row, or one of its cells, that cannot be used: the
// file, the 1-based line and column (the field number for a cell, as
// spreadsheets number columns; 0 when the file has no such column), the
// column's name and the cause. It is the row error of the command's CSV
// reader and of the xlsx package.
type RowError = scan.RowError

// ErrHeader is wrapped by the error of a CSV file whose header cannot be
// read, lacks a required column, names a column twice or names a column
// the layout does not have.
var ErrHeader = errors.New("evaluation: bad CSV header")

// ErrDepartmentRow is wrapped by the [RowError] of a row of a department
// form that cannot be used: a cell that does not parse, a form-wide cell
// that disagrees with an earlier row's, a kind that is not one of the
// default kinds. Problems of the form as a whole ([goals.DepartmentForm.Validate])
// are *performance.Problem causes instead, with their codes.
var ErrDepartmentRow = errors.New("evaluation: bad department form row")

// departmentColumns are the columns of the department forms CSV layout,
// with the headings 部门整体支出绩效自评表 print for them, in the order
// [DepartmentCSVColumns] lists them.
var departmentColumns = scan.Layout{
	{Name: "department_id", Aliases: []string{"部门编号", "部门编码", "部门代码"}, Need: true},
	{Name: "year", Aliases: []string{"年度"}, Need: true},
	{Name: "kind", Aliases: []string{"一级指标"}, Need: true},
	{Name: "group", Aliases: []string{"二级指标"}},
	{Name: "indicator_id", Aliases: []string{"指标编号"}},
	{Name: "indicator", Aliases: []string{"三级指标", "指标名称"}, Need: true},
	{Name: "target", Aliases: []string{"年度指标值", "指标值"}, Need: true},
	{Name: "weight", Aliases: []string{"分值", "权重"}, Need: true},
	{Name: "actual", Aliases: []string{"实际完成值"}},
	{Name: "tasks", Aliases: []string{"年度主要任务"}},
	{Name: "goal", Aliases: []string{"年度总体目标"}},
	{Name: "total", Aliases: []string{"指标总分值"}},
	{Name: "execution_weight", Aliases: []string{"预算执行率分值"}},
	{Name: "initial_budget", Aliases: []string{"年初预算数"}},
	{Name: "adjusted_budget", Aliases: []string{"全年预算数"}},
	{Name: "executed", Aliases: []string{"全年执行数"}},
	{Name: "method", Aliases: []string{"计分方法"}},
	{Name: "coefficients", Aliases: []string{"得分系数档次"}},
	{Name: "stated_total", Aliases: []string{"自评总分", "总分"}},
}

// departmentWide are the form-wide columns besides the key (department_id
// and year): given on any row of the form, agreeing where given on
// several.
var departmentWide = []string{"tasks", "goal", "total", "execution_weight", "initial_budget",
	"adjusted_budget", "executed", "method", "coefficients", "stated_total"}

// DepartmentCSVColumns returns the columns of the department forms CSV
// layout ([ReadDepartmentCSV]) in the order of the bundled example. It
// returns a fresh slice.
func DepartmentCSVColumns() []string { return departmentColumns.Names() }

// A DepartmentCSV is what [ReadDepartmentCSV] read: the forms without
// problems as department evaluations (DepartmentID, Year and Form set), in
// order of department ID and year whatever the order of the file, and the
// counts. Read counts the forms met (distinct department and year) and the
// rows that name none (they cannot be split, or have no department ID or
// no valid year); Accepted the forms returned; Rejected the rest, each
// with at least one error in Errors. Rows counts every record after the
// header. Nothing is dropped silently.
type DepartmentCSV struct {
	Evaluations []DepartmentEvaluation `json:"evaluations"`
	Rows        int                    `json:"rows"`
	Read        int                    `json:"read"`
	Accepted    int                    `json:"accepted"`
	Rejected    int                    `json:"rejected"`
	// Errors are every problem of the file, in line order, each with
	// file, line, column and the column's name.
	Errors []*RowError `json:"-"`
}

// MaxCSVIndicators is the most indicator rows one department form may
// have in CSV; more are rejected, each with its line.
const MaxCSVIndicators = 10_000

// ReadDepartmentCSV reads department-wide self-evaluation forms
// (部门整体支出绩效自评表) from CSV: UTF-8 (a byte order mark at the start
// is dropped), a header naming the columns in any order, by name or by
// the Chinese heading of the form, then one row per level-3 indicator.
// name names the file in errors.
//
// Columns (heading in brackets; * required):
//
//	department_id* (部门编号)   the department; with year it keys the form
//	year* (年度)                the fiscal year, 1900–9999
//	kind* (一级指标)            effectiveness 履职效能, efficiency 管理效率,
//	                            running_cost 运行成本, social_effect 社会效应
//	                            or satisfaction 服务对象满意度 (code or name;
//	                            goals.DefaultDepartmentKinds)
//	group (二级指标)            the level-2 group as printed
//	indicator_id (指标编号)     the indicator's ID
//	indicator* (三级指标)       the indicator's name
//	target* (年度指标值)        as goals.ParseTarget reads it: ≥20项, ≤10%
//	weight* (分值)              the indicator's weight (分值, 权重)
//	actual (实际完成值)         as goals.ParseActual reads it: 17项, 95%,
//	                            450万元, 达成预期指标; empty: not reported
//
// and the form-wide cells, which may be given on any row of the form and
// must agree where given on several: tasks (年度主要任务), goal
// (年度总体目标), total (指标总分值; empty means 90), execution_weight
// (预算执行率分值; empty means 10), initial_budget (年初预算数),
// adjusted_budget (全年预算数), executed (全年执行数), all in yuan,
// method (计分方法: proportional, or coefficient for 得分系数 × 权重; 得分系数
// is read as coefficient), coefficients (得分系数档次: "min:coefficient"
// pairs separated by ";", highest first, as 1:1.0;0.8:0.8;0.6:0.6;0:0;
// empty means goals.DefaultCoefficients) and stated_total (自评总分, the
// total the department printed, kept apart from the computed one). A
// department with kinds of its own is given in JSON (schema
// department-evaluations), as the CSV layout names only the default kinds.
// testdata/expost/department_forms.csv is an example.
//
// Each form is then validated as [goals.DepartmentForm.Validate] does
// under the zero goals.Config, and each problem is reported on the row it
// concerns: an indicator's on the indicator's row, the form's (form_total,
// zero_budget, …) on the form's first row, in the column that holds the
// figure; the cause is the *performance.Problem with its code. A form with
// any problem is rejected whole (a form missing one of its indicators
// would score wrongly), with every problem of every row reported at once;
// the other forms are returned. The error is for the header (wrapping
// [ErrHeader]) or a read failure; then nothing is returned.
//
// Memory grows with the forms read; the work is linear in the input. At
// most [goals.MaxDepartmentForms] forms and [MaxCSVIndicators] rows per
// form are read; rows beyond are rejected.
func ReadDepartmentCSV(name string, r io.Reader) (*DepartmentCSV, error) {
	sr := scan.NewReader(r)
	col, err := departmentColumns.Header(name, sr, ErrHeader)
	if err != nil {
		return nil, err
	}
	rd := &deptReader{
		Groups: scan.Groups[deptKey, goals.DepartmentForm]{
			Records: scan.Records{File: name, Col: col, Kind: ErrDepartmentRow},
			Max:     goals.MaxDepartmentForms, MaxColumn: "department_id", Noun: "forms",
		},
		failed: map[deptSpot]bool{},
	}
	for row := range rd.All(sr) {
		rd.row(row)
	}
	if err := rd.Err(); err != nil {
		return nil, err
	}
	return rd.finish(), nil
}

type deptKey struct {
	id   string
	year int
}

// deptForm is one form being assembled: the lines of its indicator rows
// (Lines), the lines that gave each form-wide cell, and whether any row
// failed.
type deptForm = scan.Group[deptKey, goals.DepartmentForm]

type deptSpot struct {
	line int
	col  string
}

type deptReader struct {
	scan.Groups[deptKey, goals.DepartmentForm]
	// failed holds the cells with errors of their own, so that the forms'
	// validation does not report them twice.
	failed map[deptSpot]bool
}

func (rd *deptReader) row(row *scan.Row) {
	id, _ := row.Code("department_id", "the row names no department")
	ys := row.Cell("year")
	year, err := strconv.Atoi(ys)
	if err != nil || year < 1900 || year > 9999 {
		row.Fail("year", fmt.Errorf("year %q is not a year 1900–9999", ys))
	}
	if len(row.Errs) > 0 {
		rd.Orphan(row)
		return
	}
	f, fresh := rd.Join(row, deptKey{id, year})
	if f == nil {
		return
	}
	if fresh {
		f.Val.Goals = goals.DepartmentGoals{DepartmentID: id, Year: year}
	}
	if len(f.Lines) >= MaxCSVIndicators {
		row.Fail("indicator", fmt.Errorf("more than %d indicators in one form", MaxCSVIndicators))
		rd.Refuse(f, row)
		return
	}
	in := goals.DepartmentIndicator{}
	ks := row.Cell("kind")
	if code, ok := defaultKindCode(ks); ok {
		in.Kind = code
	} else {
		row.Fail("kind", fmt.Errorf("unknown kind %q (want a code or name of the default kinds: %s)", ks, kindNames()))
	}
	in.Group = row.Cell("group")
	in.ID = row.Cell("indicator_id")
	if err := scan.CheckCode(in.ID); err != nil {
		row.Fail("indicator_id", err)
	}
	in.Name = row.Cell("indicator")
	if ts := row.Cell("target"); ts != "" {
		if in.Target, err = goals.ParseTarget(ts); err != nil {
			row.Fail("target", err)
		}
	}
	if ws := row.Cell("weight"); ws != "" {
		if in.Weight, err = performance.ParseDecimal(ws); err != nil {
			row.Fail("weight", err)
		}
	}
	var act goals.Actual
	if as := row.Cell("actual"); as != "" {
		if act, err = goals.ParseActual(as); err != nil {
			row.Fail("actual", err)
		}
	}
	f.Agree(row, departmentWide, setFormCell)
	f.Val.Goals.Indicators = append(f.Val.Goals.Indicators, in)
	f.Val.Actuals = append(f.Val.Actuals, act)
	for _, e := range row.Errs {
		rd.failed[deptSpot{row.Line, e.Field}] = true
	}
	rd.Add(f, row)
}

// setFormCell sets the form-wide cell c of f from s.
func setFormCell(f *goals.DepartmentForm, c, s string) error {
	dec := func(to *decimal.Decimal) error {
		d, err := performance.ParseDecimal(s)
		if err == nil {
			*to = d
		}
		return err
	}
	switch c {
	case "tasks":
		f.Goals.Tasks = s
	case "goal":
		f.Goals.Goal = s
	case "total":
		return dec(&f.Goals.Total)
	case "execution_weight":
		return dec(&f.ExecutionWeight)
	case "initial_budget":
		return dec(&f.Execution.InitialBudget)
	case "adjusted_budget":
		return dec(&f.Execution.AdjustedBudget)
	case "executed":
		return dec(&f.Execution.Executed)
	case "stated_total":
		var d decimal.Decimal
		if err := dec(&d); err != nil {
			return err
		}
		f.StatedTotal = decimal.NewNullDecimal(d)
	case "method":
		switch strings.ToLower(s) {
		case "proportional", "按完成比例":
			f.Method = goals.MethodProportional
		case "coefficient", "得分系数", "得分系数×权重", "得分系数 × 权重":
			f.Method = goals.MethodCoefficient
		default:
			return fmt.Errorf("unknown method %q (want proportional or coefficient)", s)
		}
	case "coefficients":
		bands, err := parseBands(s)
		if err != nil {
			return err
		}
		f.Coefficients = bands
	}
	return nil
}

// parseBands reads "min:coefficient" pairs separated by ";". More than
// goals.MaxCoefficientBands pairs is an error before they are parsed.
func parseBands(s string) ([]goals.CoefficientBand, error) {
	parts := strings.Split(strings.TrimSuffix(s, ";"), ";")
	if len(parts) > goals.MaxCoefficientBands {
		return nil, fmt.Errorf("%d bands, at most %d", len(parts), goals.MaxCoefficientBands)
	}
	bands := make([]goals.CoefficientBand, 0, len(parts))
	for _, p := range parts {
		lo, co, ok := strings.Cut(p, ":")
		if !ok {
			return nil, fmt.Errorf("band %q is not min:coefficient", strings.TrimSpace(p))
		}
		m, err := performance.ParseDecimal(strings.TrimSpace(lo))
		if err != nil {
			return nil, fmt.Errorf("band %q: %w", strings.TrimSpace(p), err)
		}
		c, err := performance.ParseDecimal(strings.TrimSpace(co))
		if err != nil {
			return nil, fmt.Errorf("band %q: %w", strings.TrimSpace(p), err)
		}
		bands = append(bands, goals.CoefficientBand{Min: m, Coefficient: c})
	}
	return bands, nil
}

// defaultKindCode returns the code of the default kind s names by code
// (any case) or name.
func defaultKindCode(s string) (string, bool) {
	for _, k := range goals.DefaultDepartmentKinds() {
		if strings.EqualFold(s, k.Code) || s == k.Name {
			return k.Code, true
		}
	}
	return "", false
}

func kindNames() string {
	var out []string
	for _, k := range goals.DefaultDepartmentKinds() {
		out = append(out, k.Code+" "+k.Name)
	}
	return strings.Join(out, ", ")
}

// finish validates every form, places its problems on its rows and
// returns the result.
func (rd *deptReader) finish() *DepartmentCSV {
	out := &DepartmentCSV{}
	for _, f := range rd.Sorted(func(a, b deptKey) int {
		return cmp.Or(strings.Compare(a.id, b.id), cmp.Compare(a.year, b.year))
	}) {
		var ps performance.Problems
		if err := f.Val.Validate(goals.Config{}); err != nil && !errors.As(err, &ps) {
			ps = performance.Problems{{Code: "invalid", Message: performance.Text{ZH: err.Error(), EN: err.Error()}}}
		}
		for _, p := range ps {
			line, c := rd.place(f, p)
			if rd.failed[deptSpot{line, c}] {
				continue // the cell's own error says it
			}
			rd.Errors = append(rd.Errors, rd.RowErr(line, c, p))
		}
		if f.Bad || len(ps) > 0 {
			continue
		}
		f.Val.Goals.Indicators = slices.Clip(f.Val.Goals.Indicators)
		form := f.Val
		out.Evaluations = append(out.Evaluations, DepartmentEvaluation{DepartmentID: f.Key.id, Year: f.Key.year, Form: &form})
	}
	rd.SortErrors()
	out.Errors = rd.Errors
	out.Rows = rd.Rows
	out.Read = rd.Read()
	out.Accepted = len(out.Evaluations)
	out.Rejected = out.Read - out.Accepted
	return out
}

// indicatorFields maps a goals indicator's member to its column.
var indicatorFields = map[string]string{
	"id": "indicator_id", "kind": "kind", "group": "group", "name": "indicator",
	"target": "target", "weight": "weight", "level1": "kind", "level2": "group", "standard": "target",
}

// formFields maps a form problem's path to the columns that hold the
// figure, the first the file has taking the blame: the weights, when the
// file has no total column, for a form_total.
var formFields = map[string][]string{
	"goals.department_id": {"department_id"}, "goals.year": {"year"}, "goals.total": {"total", "weight"},
	"execution_weight": {"execution_weight", "weight"}, "execution": {"adjusted_budget", "initial_budget", "executed"},
	"actuals": {"actual", "indicator"}, "method": {"method"}, "coefficients": {"coefficients"},
}

// place returns the line and column of a form problem: an indicator's
// row ("goals.indicators[2].target") or the row that gave the form-wide
// figure, else the form's first row.
func (rd *deptReader) place(f *deptForm, p *performance.Problem) (int, string) {
	path := p.Path
	if rest, ok := strings.CutPrefix(path, "goals.indicators["); ok {
		if n, field, ok := strings.Cut(rest, "]"); ok {
			if i, err := strconv.Atoi(n); err == nil && i >= 0 && i < len(f.Lines) {
				c := indicatorFields[strings.TrimPrefix(field, ".")]
				if c == "" {
					c = "indicator"
				}
				return f.Lines[i], c
			}
		}
	}
	cs := formFields[path]
	if path == "goals.indicators" {
		// The tree as a whole: its weights, or its kinds (no_output, …).
		cs = []string{"kind"}
		if strings.Contains(p.Code, "weight") {
			cs = []string{"weight"}
		}
	}
	if cs == nil && strings.HasPrefix(path, "coefficients") {
		cs = formFields["coefficients"]
	}
	c := "department_id"
	for _, x := range cs {
		if _, ok := rd.Col[x]; ok {
			c = x
			break
		}
	}
	if g, ok := f.Given(c); ok {
		return g.Line, c
	}
	return f.First, c
}

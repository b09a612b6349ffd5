package evaluation_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
)

func readDeptCSV(t *testing.T) *evaluation.DepartmentCSV {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "expost", "department_forms.csv"))
	require.NoError(t, err)
	defer f.Close()
	got, err := evaluation.ReadDepartmentCSV("department_forms.csv", f)
	require.NoError(t, err)
	return got
}

// TestReadDepartmentCSVExample reads the bundled example: two forms, given
// city-wsj first, returned by department ID. Worked by hand:
//
//	city-edu (coefficient, the form of department_forms.json; goals'
//	ExampleDepartmentForm_Score): 9.14 + 24 + 12 + 10 + 20 + 6 = 81.14, 良,
//	stated 82, so one deviation "form.total".
//	city-wsj (proportional): execution 6,000,000 ÷ 8,000,000 = 75% × 10 = 7.50;
//	重点任务完成数 10 of ≥10项: met, 40; 预算调整率 8% against ≤5%: 20 × 5/8 =
//	12.50; 门诊预约率 60% of ≥80%: 20 × 60/80 = 15.00; 患者满意度 92% ≥ 90%:
//	met, 10. Total 7.50 + 40 + 12.50 + 15 + 10 = 85.00, 良 (80–<90), as
//	stated: no deviation.
func TestReadDepartmentCSVExample(t *testing.T) {
	got := readDeptCSV(t)
	assert.Empty(t, got.Errors)
	assert.Equal(t, 9, got.Rows)
	assert.Equal(t, [3]int{2, 2, 0}, [3]int{got.Read, got.Accepted, got.Rejected})
	require.Len(t, got.Evaluations, 2)

	edu := got.Evaluations[0]
	assert.Equal(t, "city-edu", edu.DepartmentID)
	assert.Equal(t, 2021, edu.Year)
	require.NotNil(t, edu.Form)
	assert.Equal(t, goals.MethodCoefficient, edu.Form.Method)
	assert.Len(t, edu.Form.Coefficients, 4)
	r, err := edu.Evaluate(nil, goals.Config{})
	require.NoError(t, err)
	assert.Equal(t, "81.14", r.Score.StringFixed(2))
	assert.Equal(t, performance.Good, r.Grade)
	assert.Equal(t, "form", r.By)
	require.Len(t, r.Deviations, 1)
	assert.Equal(t, "form.total", r.Deviations[0].Path)

	wsj := got.Evaluations[1]
	assert.Equal(t, "city-wsj", wsj.DepartmentID)
	assert.Equal(t, "推进分级诊疗", wsj.Form.Goals.Tasks)
	r, err = wsj.Evaluate(nil, goals.Config{})
	require.NoError(t, err)
	assert.Equal(t, "7.50", r.Form.ExecutionPoints.StringFixed(2))
	points := make([]string, len(r.Form.Lines))
	for i, l := range r.Form.Lines {
		points[i] = l.Points.StringFixed(2)
	}
	assert.Equal(t, []string{"40.00", "12.50", "15.00", "10.00"}, points)
	assert.Equal(t, "85.00", r.Score.StringFixed(2))
	assert.Equal(t, performance.Good, r.Grade)
	assert.Empty(t, r.Deviations)
}

// TestReadDepartmentCSVMatchesJSON: the CSV example's city-edu form is
// the JSON example's, line for line, once scored.
func TestReadDepartmentCSVMatchesJSON(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "expost", "department_forms.json"))
	require.NoError(t, err)
	forms, err := goals.ParseDepartmentForms(data)
	require.NoError(t, err)
	want, err := forms[0].Score(goals.Config{})
	require.NoError(t, err)
	got, err := readDeptCSV(t).Evaluations[0].Form.Score(goals.Config{})
	require.NoError(t, err)
	wj, _ := json.Marshal(want)
	gj, _ := json.Marshal(got)
	assert.JSONEq(t, string(wj), string(gj))
}

// TestReadDepartmentCSVChineseHeadings: the form's own headings name the
// columns, in any order.
func TestReadDepartmentCSVChineseHeadings(t *testing.T) {
	in := "\uFEFF年度,部门编号,一级指标,三级指标,年度指标值,分值,实际完成值,全年预算数,全年执行数,计分方法\n" +
		"2022,D9,履职效能,任务数,≥10项,60,10项,200,200,得分系数\n" +
		"2022,D9,社会效应,效果,≥1项,30,1项,,,\n"
	got, err := evaluation.ReadDepartmentCSV("zh.csv", strings.NewReader(in))
	require.NoError(t, err)
	require.Empty(t, got.Errors)
	require.Len(t, got.Evaluations, 1)
	f := got.Evaluations[0].Form
	assert.Equal(t, "D9", f.Goals.DepartmentID)
	assert.Equal(t, goals.MethodCoefficient, f.Method)
	assert.Equal(t, []string{"effectiveness", "social_effect"}, []string{f.Goals.Indicators[0].Kind, f.Goals.Indicators[1].Kind})
	// 200 of 200 executed: 10; both indicators met: 60 + 30. Total 100.
	r, err := f.Score(goals.Config{})
	require.NoError(t, err)
	assert.Equal(t, "100", r.Total.String())
}

// deptErr is a row error as the tests compare it.
type deptErr struct {
	Line   int
	Column int
	Field  string
	Code   string // the problem's code, or "row" for ErrDepartmentRow, or "split"
}

func deptErrs(errs []*evaluation.RowError) []deptErr {
	out := make([]deptErr, len(errs))
	for i, e := range errs {
		d := deptErr{Line: e.Line, Column: e.Column, Field: e.Field, Code: "split"}
		var p *performance.Problem
		switch {
		case errors.Is(e, evaluation.ErrDepartmentRow):
			d.Code = "row"
		case errors.As(e, &p):
			d.Code = p.Code
		}
		out[i] = d
	}
	return out
}

// TestReadDepartmentCSVBadInput: every problem of the file at once, each
// with its line and column, and the counts. What each line deserves:
//
//	line 3  weight "abc" does not parse                       (column 6)
//	line 4  kind "unknown" is none of the five                (column 3)
//	line 5  adjusted_budget 200 disagrees with line 2's 100    (column 8)
//	        → form D1 rejected whole (three bad rows), no double report
//	line 6  no department ID: a row of no form                (column 1)
//	line 7  year 20x1: a row of no form                       (column 2)
//	line 8  form D3: its one weight 50 is not the 90 declared
//	        (weight_total, on the weight column) and it has no
//	        benefit indicator (no_benefit, on the kind column)
//	line 9  a bare quote at character 27: a row of no form
//	lines 10–11  form D5: 60 + 30 = 90, budget 100 spent 100: kept
//
// Forms met D1, D3, D5 and rows of no form 6, 7, 9: read 6, accepted 1
// (D5), rejected 5; 10 rows after the header.
func TestReadDepartmentCSVBadInput(t *testing.T) {
	in := "department_id,year,kind,indicator,target,weight,actual,adjusted_budget,executed,stated_total\n" +
		"D1,2021,effectiveness,任务数,≥10项,40,10项,100,90,\n" +
		"D1,2021,efficiency,调整率,≤5%,abc,4%,,,\n" +
		"D1,2021,unknown,x,≥1,10,1,,,\n" +
		"D1,2021,social_effect,入学率,≥98%,40,98%,200,,\n" +
		",2021,effectiveness,x,≥1,10,1,,,\n" +
		"D2,20x1,effectiveness,x,≥1,10,1,,,\n" +
		"D3,2021,effectiveness,a,≥10项,50,10项,100,100,\n" +
		"D4,2021,effectiveness,bad \"quote\",≥1,10,1,,,\n" +
		"D5,2021,effectiveness,任务,≥1项,60,1项,100,100,90\n" +
		"D5,2021,social_effect,效果,≥1项,30,1项,,,\n"
	got, err := evaluation.ReadDepartmentCSV("bad.csv", strings.NewReader(in))
	require.NoError(t, err)
	assert.Equal(t, []deptErr{
		{3, 6, "weight", "row"},
		{4, 3, "kind", "row"},
		{5, 8, "adjusted_budget", "row"},
		{6, 1, "department_id", "row"},
		{7, 2, "year", "row"},
		{8, 6, "weight", "weight_total"},
		{8, 3, "kind", "no_benefit"},
		{9, 27, "", "split"},
	}, deptErrs(got.Errors))
	for _, e := range got.Errors {
		assert.True(t, strings.HasPrefix(e.Error(), "bad.csv:"), "%v names the file", e)
	}
	assert.Equal(t, 10, got.Rows)
	assert.Equal(t, [3]int{6, 1, 5}, [3]int{got.Read, got.Accepted, got.Rejected})
	require.Len(t, got.Evaluations, 1)
	assert.Equal(t, "D5", got.Evaluations[0].DepartmentID)
	assert.True(t, got.Evaluations[0].Form.StatedTotal.Decimal.Equal(decimal.RequireFromString("90")))
}

// TestReadDepartmentCSVFormProblems: problems of the form as a whole land
// on the row that gave the figure: a zero budget on the adjusted_budget
// cell of line 3 (where it was given), unknown bands on the coefficients
// cell, a band list not ending at 0 (no_floor).
func TestReadDepartmentCSVFormProblems(t *testing.T) {
	in := "department_id,year,kind,indicator,target,weight,adjusted_budget,coefficients,method\n" +
		"D1,2021,effectiveness,任务数,≥10项,60,,,coefficient\n" +
		"D1,2021,social_effect,效果,≥1项,30,0,1:1;0.5:0.5,\n" +
		"D2,2021,effectiveness,任务数,≥10项,60,100,1:x,\n" +
		"D2,2021,social_effect,效果,≥1项,30,,,\n" +
		"D3,2021,effectiveness,任务数,≥10项,60,100,,points\n" +
		"D3,2021,social_effect,效果,≥1项,30,,,\n"
	got, err := evaluation.ReadDepartmentCSV("form.csv", strings.NewReader(in))
	require.NoError(t, err)
	assert.Equal(t, []deptErr{
		{3, 7, "adjusted_budget", "zero_budget"},
		{3, 8, "coefficients", "no_floor"},
		{4, 8, "coefficients", "row"},
		{6, 9, "method", "row"},
	}, deptErrs(got.Errors))
	assert.Equal(t, [3]int{3, 0, 3}, [3]int{got.Read, got.Accepted, got.Rejected})
}

func TestReadDepartmentCSVHeader(t *testing.T) {
	for name, in := range map[string]string{
		"empty":     "",
		"missing":   "department_id,year,kind,indicator,target\n",
		"unknown":   "department_id,year,kind,indicator,target,weight,得分\n",
		"twice":     "department_id,year,kind,indicator,target,weight,分值\n",
		"bad quote": "department_id,\"year\n",
	} {
		got, err := evaluation.ReadDepartmentCSV("h.csv", strings.NewReader(in))
		assert.ErrorIs(t, err, evaluation.ErrHeader, name)
		assert.Nil(t, got, name)
	}
	_, err := evaluation.ReadDepartmentCSV("h.csv", strings.NewReader("department_id,year,kind,indicator,target\n"))
	assert.ErrorContains(t, err, "h.csv:1: evaluation: bad CSV header: missing column weight")
}

// FuzzReadDepartmentCSV: whatever the input, nothing is lost: read =
// accepted + rejected, each rejected form or row has an error, and every
// accepted form validates.
func FuzzReadDepartmentCSV(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "expost", "department_forms.csv"))
	require.NoError(f, err)
	f.Add(data)
	f.Add([]byte("department_id,year,kind,indicator,target,weight\nD,2021,履职效能,a,≥1,90\n"))
	f.Add([]byte("department_id,year,kind,indicator,target,weight,coefficients\nD,2021,x,\"a\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := evaluation.ReadDepartmentCSV("f.csv", bytes.NewReader(in))
		if err != nil {
			require.ErrorIs(t, err, evaluation.ErrHeader)
			return
		}
		require.Equal(t, got.Read, got.Accepted+got.Rejected)
		require.Equal(t, got.Accepted, len(got.Evaluations))
		require.GreaterOrEqual(t, len(got.Errors), got.Rejected)
		require.LessOrEqual(t, got.Read, got.Rows)
		for _, e := range got.Evaluations {
			require.NoError(t, e.Form.Validate(goals.Config{}))
		}
	})
}

// A department's self-evaluation form (部门整体支出绩效自评表) from CSV, one
// row per indicator, scored and graded. Worked by hand: execution 180 of
// 200 = 90% × 10 = 9; 重点任务 18 of ≥20项: 60 × 18/20 = 54; 知晓率 95% ≥
// 90%: met, 30. Total 9 + 54 + 30 = 93, 优 (90–100). (A department's goals
// need an output-like and a benefit-like kind: 履职效能 and 社会效应.)
func ExampleReadDepartmentCSV() {
	in := "部门编号,年度,一级指标,三级指标,年度指标值,分值,实际完成值,全年预算数,全年执行数\n" +
		"D1,2022,履职效能,重点任务完成数,≥20项,60,18项,200,180\n" +
		"D1,2022,社会效应,政策知晓率,≥90%,30,95%,,\n" +
		",2022,履职效能,无部门的行,≥1项,10,1项,,\n"
	got, err := evaluation.ReadDepartmentCSV("dept.csv", strings.NewReader(in))
	if err != nil {
		panic(err)
	}
	for _, e := range got.Errors {
		fmt.Println(e)
	}
	fmt.Printf("forms read %d, accepted %d, rejected %d\n", got.Read, got.Accepted, got.Rejected)
	for _, d := range got.Evaluations {
		r, err := d.Evaluate(nil, goals.Config{})
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s %d: %s %s\n", r.DepartmentID, r.Year, r.Score.StringFixed(2), r.Grade)
	}
	// Output:
	// dept.csv:4:1: department_id: evaluation: bad department form row: the row names no department
	// forms read 2, accepted 1, rejected 1
	// D1 2022: 93.00 优
}

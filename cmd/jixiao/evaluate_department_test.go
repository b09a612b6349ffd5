package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/performance"
)

// TestEvaluateDepartments: evaluate --framework department reads
// department forms from CSV, JSON and XLSX and prints each department's
// score and grade. Worked by hand (evaluation's
// TestReadDepartmentCSVExample has the lines):
//
//	city-edu 2021 (coefficient): 9.14 + 24 + 12 + 10 + 20 + 6 = 81.14, 良;
//	stated 82: one deviation, so exit 1.
//	city-wsj 2021 (proportional): 7.50 + 40 + 12.50 + 15 + 10 = 85.00, 良,
//	as stated.
//
// The same forms as JSON evaluations (department_evaluations.json) give
// the same table. The workbook's 教育局 sheet is the same city-edu form
// (81.14, 良); its city-health sheet is scored by xlsx's tests.
func TestEvaluateDepartments(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"evaluate_department_csv_zh", []string{"evaluate", "--framework", "department", "../../testdata/expost/department_forms.csv"}},
		{"evaluate_department_csv_en", []string{"evaluate", "--lang", "en", "--framework", "department", "../../testdata/expost/department_forms.csv"}},
		{"evaluate_department_csv_csv", []string{"evaluate", "--format", "csv", "--framework", "department", "../../testdata/expost/department_forms.csv"}},
		{"evaluate_department_xlsx_en", []string{"evaluate", "--lang", "en", "--framework", "department", "../../xlsx/testdata/dept_national.xlsx"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, _ := runCmd(t, tt.args...)
			assert.Equal(t, exitFindings, code, "a stated total differs")
			golden(t, tt.name, out)
		})
	}
	_, fromCSV, _ := runCmd(t, "evaluate", "--lang", "en", "--framework", "department", "../../testdata/expost/department_forms.csv")
	_, fromJSON, errOut := runCmd(t, "evaluate", "--lang", "en", "--framework", "department", "../../testdata/expost/department_evaluations.json")
	assert.Equal(t, fromCSV, fromJSON, errOut)

	code, out, _ := runCmd(t, "evaluate", "--format", "json", "--framework", "department", "../../testdata/expost/department_forms.csv")
	assert.Equal(t, exitFindings, code)
	var run struct {
		Results []struct {
			DepartmentID string            `json:"department_id"`
			Score        string            `json:"score"`
			Grade        performance.Grade `json:"grade"`
			By           string            `json:"by"`
		} `json:"results"`
		Rows, Read, Accepted, Rejected int
	}
	require.NoError(t, json.Unmarshal([]byte(out), &run))
	require.Len(t, run.Results, 2)
	assert.Equal(t, "city-edu", run.Results[0].DepartmentID)
	assert.Equal(t, "81.14", run.Results[0].Score)
	assert.Equal(t, performance.Good, run.Results[0].Grade)
	assert.Equal(t, "85", run.Results[1].Score)
	assert.Equal(t, [4]int{9, 2, 2, 0}, [4]int{run.Rows, run.Read, run.Accepted, run.Rejected})

	// A key report under the department framework is evaluated as before.
	code, _, errOut = runCmd(t, "evaluate", "--framework", "department", "../../testdata/expost/key2020.json")
	assert.NotEqual(t, exitUsage, code, errOut)
}

// TestEvaluateDepartmentsBadCSV: every bad row at once on stderr with
// file:line:column, then the counts; the good form (D5) is still scored.
// What each line deserves is worked in evaluation's
// TestReadDepartmentCSVBadInput (the same file). D5: budget 100 spent 100,
// 10; both indicators met, 60 + 30: 100.00, 优; stated 90, one deviation.
func TestEvaluateDepartmentsBadCSV(t *testing.T) {
	code, out, errOut := runCmd(t, "evaluate", "--lang", "en", "--framework", "department", "testdata/department_bad.csv")
	assert.Equal(t, exitFindings, code)
	golden(t, "evaluate_department_bad_en", out)
	golden(t, "evaluate_department_bad_en.stderr", errOut)
	assert.Contains(t, out, "D5          2021  100.00  excellent")

	code, _, errOut = runCmd(t, "evaluate", "--framework", "department", "testdata/nothing.csv")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "nothing.csv")
}

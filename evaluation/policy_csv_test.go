package evaluation_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/performance"
)

// TestReadPolicyCSVMatchesJSON: the bundled CSV example, P-TOUR first in
// the file, is the JSON example, P-MACH first, field for field: the
// evaluations come back by policy ID.
func TestReadPolicyCSVMatchesJSON(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "policy_evaluations.csv"))
	require.NoError(t, err)
	defer f.Close()
	got, err := evaluation.ReadPolicyCSV("policy_evaluations.csv", f)
	require.NoError(t, err)
	assert.Empty(t, got.Errors)
	assert.Equal(t, [4]int{2, 2, 2, 0}, [4]int{got.Rows, got.Read, got.Accepted, got.Rejected})
	data, err := os.ReadFile(filepath.Join("testdata", "policy_evaluations.json"))
	require.NoError(t, err)
	var want []evaluation.PolicyEvaluation
	require.NoError(t, json.Unmarshal(data, &want))
	wj, _ := json.Marshal(want)
	gj, _ := json.Marshal(got.Evaluations)
	assert.JSONEq(t, string(wj), string(gj))
}

// TestReadPolicyCSVFindingRows: an evaluation with two findings on two
// rows, the evaluation-wide cells on the second only, Chinese headings in
// any order.
func TestReadPolicyCSVFindingRows(t *testing.T) {
	in := "\uFEFF评价得分,政策编号,评价年度,目标实现程度,问题类别,严重问题,问题描述\n" +
		",P1,2024,,late,是,拨付滞后\n" +
		"60,P1,2024,0.5,idle,,资金闲置\n"
	got, err := evaluation.ReadPolicyCSV("zh.csv", strings.NewReader(in))
	require.NoError(t, err)
	require.Empty(t, got.Errors)
	require.Len(t, got.Evaluations, 1)
	e := got.Evaluations[0]
	assert.Equal(t, "60", e.Score.String())
	assert.Equal(t, "0.5", e.Attainment.String())
	assert.Equal(t, []evaluation.PolicyFinding{
		{Code: "late", Serious: true, Text: performance.Text{ZH: "拨付滞后"}},
		{Code: "idle", Text: performance.Text{ZH: "资金闲置"}},
	}, e.Findings)
}

// TestReadPolicyCSVBadInput: every problem of the file at once, each with
// its line and column, and the counts. Columns: policy_id 1, year 2,
// start_year 3, end_year 4, project_ids 5, score 6, grade 7, attainment 8,
// finding_code 9, finding 10. What each line deserves:
//
//	line 2  A 2024 good, score 80
//	line 3  A 2024 score 81 disagrees with line 2's 80 (6) → A rejected
//	line 4  B: score 101 outside 0–100 (6), attainment 1.2 outside 0–1 (8)
//	line 5  C: grade 甲 unknown (7), project X twice (5)
//	line 6  no policy (1): a row of no evaluation
//	line 7  D year 24 (2): a row of no evaluation
//	line 8  E: a finding text without its code (10); no score (6) and no
//	        attainment (8), reported on this, its first row
//	line 9  F: term 2025–2023, end before start (4)
//	line 10 G good: kept
//	line 11 one field too many: a record that cannot be split
//
// Evaluations A, B, C, E, F, G and rows of no evaluation 6, 7, 11: read 9,
// accepted 1 (G), rejected 8; 10 rows after the header.
func TestReadPolicyCSVBadInput(t *testing.T) {
	in := "policy_id,year,start_year,end_year,project_ids,score,grade,attainment,finding_code,finding\n" +
		"A,2024,,,,80,,0.9,,\n" +
		"A,2024,,,,81,,,,\n" +
		"B,2024,,,,101,,1.2,,\n" +
		"C,2024,,,X;X,70,甲,0.5,,\n" +
		",2024,,,,70,,0.5,,\n" +
		"D,24,,,,70,,0.5,,\n" +
		"E,2024,,,,,,,,资金闲置\n" +
		"F,2024,2025,2023,,70,,0.5,,\n" +
		"G,2024,2023,2025,P1；P2,70,中,0.5,late,拨付滞后\n" +
		"H,2024,,,,70,,0.5,,,\n"
	got, err := evaluation.ReadPolicyCSV("bad.csv", strings.NewReader(in))
	require.NoError(t, err)
	assert.Equal(t, []rowErr{
		{3, 6, "score", "row"},
		{4, 6, "score", "row"},
		{4, 8, "attainment", "row"},
		{5, 5, "project_ids", "row"},
		{5, 7, "grade", "row"},
		{6, 1, "policy_id", "row"},
		{7, 2, "year", "row"},
		{8, 10, "finding", "row"},
		{8, 6, "score", "row"},
		{8, 8, "attainment", "row"},
		{9, 4, "end_year", "row"},
		{11, 11, "", "split"},
	}, rowErrs(got.Errors, evaluation.ErrPolicyRow))
	for _, e := range got.Errors {
		assert.True(t, strings.HasPrefix(e.Error(), "bad.csv:"), "%v names the file", e)
	}
	assert.ErrorIs(t, got.Errors[4], performance.ErrUnknownGrade)
	assert.Equal(t, 10, got.Rows)
	assert.Equal(t, [3]int{9, 1, 8}, [3]int{got.Read, got.Accepted, got.Rejected})
	require.Len(t, got.Evaluations, 1)
	g := got.Evaluations[0]
	assert.Equal(t, "G", g.Policy.ID)
	assert.Equal(t, []string{"P1", "P2"}, g.Policy.ProjectIDs)
	assert.Equal(t, performance.Fair, g.Grade)
}

func TestReadPolicyCSVHeader(t *testing.T) {
	for name, in := range map[string]string{
		"empty":   "",
		"missing": "policy_id,year,score\n",
		"unknown": "policy_id,year,score,attainment,x\n",
		"twice":   "policy_id,year,score,attainment,得分\n",
	} {
		got, err := evaluation.ReadPolicyCSV("h.csv", strings.NewReader(in))
		assert.ErrorIs(t, err, evaluation.ErrHeader, name)
		assert.Nil(t, got, name)
	}
}

// TestReadPolicyCSVOrder: the rows in reverse order give the same
// evaluations, by policy and year, and the same findings' order within
// one evaluation is the file's (here one finding each).
func TestReadPolicyCSVOrder(t *testing.T) {
	rows := []string{"B,2024,70,0.5,a", "A,2025,70,0.5,b", "A,2024,60,0.4,c"}
	read := func(rs []string) *evaluation.PolicyCSV {
		got, err := evaluation.ReadPolicyCSV("o.csv", strings.NewReader("policy_id,year,score,attainment,finding_code\n"+strings.Join(rs, "\n")+"\n"))
		require.NoError(t, err)
		return got
	}
	a := read(rows)
	slices.Reverse(rows)
	b := read(rows)
	require.Len(t, a.Evaluations, 3)
	assert.Equal(t, a.Evaluations, b.Evaluations)
	assert.Equal(t, [3]string{"A", "A", "B"}, [3]string{a.Evaluations[0].Policy.ID, a.Evaluations[1].Policy.ID, a.Evaluations[2].Policy.ID})
	assert.Equal(t, 2024, a.Evaluations[0].Year)
}

// FuzzReadPolicyCSV: whatever the input, nothing is lost: read = accepted
// + rejected ≤ rows, each rejected evaluation or row has an error, and
// every accepted evaluation is in range.
func FuzzReadPolicyCSV(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "policy_evaluations.csv"))
	require.NoError(f, err)
	f.Add(data)
	f.Add([]byte("policy_id,year,score,attainment,finding_code,finding\nP,2024,50,0.5,a,x\nP,2024,,,,\"y\n"))
	one := decimal.NewFromInt(1)
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := evaluation.ReadPolicyCSV("f.csv", bytes.NewReader(in))
		if err != nil {
			require.ErrorIs(t, err, evaluation.ErrHeader)
			return
		}
		require.Equal(t, got.Read, got.Accepted+got.Rejected)
		require.Equal(t, got.Accepted, len(got.Evaluations))
		require.GreaterOrEqual(t, len(got.Errors), got.Rejected)
		require.LessOrEqual(t, got.Read, got.Rows)
		for _, e := range got.Evaluations {
			require.NotEmpty(t, e.Policy.ID)
			require.False(t, e.Score.IsNegative() || e.Score.GreaterThan(decimal.NewFromInt(100)))
			require.False(t, e.Attainment.IsNegative() || e.Attainment.GreaterThan(one))
		}
	})
}

// Public-policy evaluations (政策绩效评价) from CSV, one row per policy and
// year: the good one is kept, the one scored 120 is rejected with its
// line and column.
func ExampleReadPolicyCSV() {
	in := "政策编号,评价年度,政策名称,评价得分,目标实现程度\n" +
		"P-MACH,2024,农机购置补贴,78.5,0.9\n" +
		"P-X,2024,某政策,120,1\n"
	got, err := evaluation.ReadPolicyCSV("policies.csv", strings.NewReader(in))
	if err != nil {
		panic(err)
	}
	for _, e := range got.Errors {
		fmt.Println(e)
	}
	fmt.Printf("evaluations read %d, accepted %d, rejected %d\n", got.Read, got.Accepted, got.Rejected)
	for _, e := range got.Evaluations {
		fmt.Println(e.Policy.ID, e.Year, e.Policy.Name, e.Score)
	}
	// Output:
	// policies.csv:3:4: score: evaluation: bad policy evaluation row: score 120 outside 0–100
	// evaluations read 2, accepted 1, rejected 1
	// P-MACH 2024 农机购置补贴 78.5
}

package goals_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/goals"
)

// TestReadAdjustmentCSVMatchesJSON: the bundled CSV example is the JSON
// example's request, field for field (the five indicators, the by, cause
// and reason given once on the first row), with each indicator's line.
func TestReadAdjustmentCSVMatchesJSON(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "testdata", "goallife", "adjustments.csv"))
	require.NoError(t, err)
	defer f.Close()
	got, err := goals.ReadAdjustmentCSV("adjustments.csv", f)
	require.NoError(t, err)
	assert.Empty(t, got.Errors)
	assert.Equal(t, [4]int{5, 1, 1, 0}, [4]int{got.Rows, got.Read, got.Accepted, got.Rejected})
	assert.Equal(t, [][]int{{2, 3, 4, 5, 6}}, got.Lines)

	data, err := os.ReadFile(filepath.Join("..", "testdata", "goallife", "adjustments.json"))
	require.NoError(t, err)
	var want []goals.AdjustmentRequest
	require.NoError(t, json.Unmarshal(data, &want))
	wj, _ := json.Marshal(want)
	gj, _ := json.Marshal(got.Requests)
	assert.JSONEq(t, string(wj), string(gj))
}

// TestReadAdjustmentCSVChineseHeadings: the form's own headings in any
// order, request-wide cells on a later row, an unknown level-2 group kept
// by name, two requests of one project on two dates returned by date.
func TestReadAdjustmentCSVChineseHeadings(t *testing.T) {
	in := "\uFEFF三级指标,一级指标,二级指标,年度指标值,分值,项目编号,申请日期,申请单位,调整理由\n" +
		"人数,产出指标,数量指标,≥10人,60,P1,2022-09-01,,\n" +
		"效果,效益指标,自定组,明显提升,40,P1,2022-09-01,单位,政策调整\n" +
		"人数,产出指标,数量指标,≥8人,60,P1,2022-05-01,单位,预算调减\n"
	got, err := goals.ReadAdjustmentCSV("zh.csv", strings.NewReader(in))
	require.NoError(t, err)
	require.Empty(t, got.Errors)
	require.Len(t, got.Requests, 2)
	assert.Equal(t, day("2022-05-01"), got.Requests[0].Date)
	r := got.Requests[1]
	assert.Equal(t, [3]string{"P1", "单位", "政策调整"}, [3]string{r.ProjectID, r.By, r.Reason})
	require.Len(t, r.Tree.Indicators, 2)
	assert.Equal(t, goals.Output, r.Tree.Indicators[0].Level1)
	assert.Equal(t, goals.Quantity, r.Tree.Indicators[0].Level2)
	assert.Equal(t, goals.Level2Other, r.Tree.Indicators[1].Level2)
	assert.Equal(t, "自定组", r.Tree.Indicators[1].Level2Name)
	assert.Equal(t, [][]int{{4}, {2, 3}}, got.Lines)
}

type adjErr struct {
	Line   int
	Column int
	Field  string
	Code   string // "row" for ErrAdjustmentRow, "split" for a record that cannot be split
}

func adjErrs(errs []*goals.RowError) []adjErr {
	out := make([]adjErr, len(errs))
	for i, e := range errs {
		d := adjErr{Line: e.Line, Column: e.Column, Field: e.Field, Code: "split"}
		if errors.Is(e, goals.ErrAdjustmentRow) {
			d.Code = "row"
		}
		out[i] = d
	}
	return out
}

// TestReadAdjustmentCSVBadInput: every problem of the file at once, each
// with its line and column, and the counts. Columns: project_id 1, date 2,
// by 3, reason 4, level1 5, indicator 6, target 7, weight 8. What each
// line deserves:
//
//	line 2  P1 2022-06-01, good
//	line 3  P1: weight "abc" (8) → request P1 rejected whole
//	line 4  P1: reason "别的" disagrees with line 2's "调减" (4)
//	line 5  no project ID (1): a row of no request
//	line 6  date 2022-02-30 (2): a row of no request
//	line 7  P2: level1 "其他" unknown (5), target empty (7)
//	line 8  a quote closed at character 17 and 位 after it (18): a record
//	        that cannot be split
//	line 9  P3: good, but no row of P3 gives by (3, on its first row)
//	line 10 P4 good: kept
//
// Requests P1, P2, P3, P4 and rows of no request 5, 6, 8: read 7,
// accepted 1 (P4), rejected 6; 9 rows after the header.
func TestReadAdjustmentCSVBadInput(t *testing.T) {
	in := "project_id,date,by,reason,level1,indicator,target,weight\n" +
		"P1,2022-06-01,单位,调减,output,人数,≥10人,60\n" +
		"P1,2022-06-01,,,benefit,效果,明显提升,abc\n" +
		"P1,2022-06-01,,别的,satisfaction,满意度,≥90%,10\n" +
		",2022-06-01,单位,调减,output,人数,≥10人,60\n" +
		"P9,2022-02-30,单位,调减,output,人数,≥10人,60\n" +
		"P2,2022-06-01,单位,调减,其他,人数,,60\n" +
		"P5,2022-06-01,\"单\"位,调减,output,人数,≥10人,60\n" +
		"P3,2022-06-01,,调减,output,人数,≥10人,60\n" +
		"P4,2022-06-01,单位,调减,output,人数,≥10人,100\n"
	got, err := goals.ReadAdjustmentCSV("bad.csv", strings.NewReader(in))
	require.NoError(t, err)
	assert.Equal(t, []adjErr{
		{3, 8, "weight", "row"},
		{4, 4, "reason", "row"},
		{5, 1, "project_id", "row"},
		{6, 2, "date", "row"},
		{7, 5, "level1", "row"},
		{7, 7, "target", "row"},
		{8, 18, "", "split"},
		{9, 3, "by", "row"},
	}, adjErrs(got.Errors))
	for _, e := range got.Errors {
		assert.True(t, strings.HasPrefix(e.Error(), "bad.csv:"), "%v names the file", e)
	}
	assert.ErrorIs(t, got.Errors[4], goals.ErrUnknownKind)
	assert.Equal(t, 9, got.Rows)
	assert.Equal(t, [3]int{7, 1, 6}, [3]int{got.Read, got.Accepted, got.Rejected})
	require.Len(t, got.Requests, 1)
	assert.Equal(t, "P4", got.Requests[0].ProjectID)
}

func TestReadAdjustmentCSVHeader(t *testing.T) {
	for name, in := range map[string]string{
		"empty":     "",
		"missing":   "project_id,date,by,reason,level1,indicator,target\n",
		"unknown":   "project_id,date,by,reason,level1,indicator,target,weight,x\n",
		"twice":     "project_id,date,by,reason,level1,indicator,target,weight,分值\n",
		"bad quote": "project_id,\"date\n",
	} {
		got, err := goals.ReadAdjustmentCSV("h.csv", strings.NewReader(in))
		assert.ErrorIs(t, err, goals.ErrAdjustmentHeader, name)
		assert.Nil(t, got, name)
	}
	_, err := goals.ReadAdjustmentCSV("h.csv", strings.NewReader("project_id,date,by,reason,level1,indicator,target\n"))
	assert.ErrorContains(t, err, "h.csv:1: goals: bad adjustment requests header: missing column weight")
}

// TestReadAdjustmentCSVOrder: the requests (one row each here) in reverse
// order give the same requests.
func TestReadAdjustmentCSVOrder(t *testing.T) {
	rows := []string{"B,2022-06-01,u,r,output,a,≥1人,10", "A,2022-07-01,u,r,output,a,≥1人,10", "A,2022-06-01,u,r,output,a,≥2人,10"}
	read := func(rs []string) *goals.AdjustmentCSV {
		got, err := goals.ReadAdjustmentCSV("o.csv", strings.NewReader("project_id,date,by,reason,level1,indicator,target,weight\n"+strings.Join(rs, "\n")+"\n"))
		require.NoError(t, err)
		return got
	}
	a := read(rows)
	slices.Reverse(rows)
	b := read(rows)
	require.Len(t, a.Requests, 3)
	assert.Equal(t, a.Requests, b.Requests)
	assert.Equal(t, "2022-06-01", a.Requests[0].Date.Format("2006-01-02"))
	assert.Equal(t, "B", a.Requests[2].ProjectID)
}

// FuzzReadAdjustmentCSV: whatever the input, nothing is lost: read =
// accepted + rejected ≤ rows, each rejected request or row has an error,
// and every accepted request has a project, a date, by, a reason and one
// line per indicator.
func FuzzReadAdjustmentCSV(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "goallife", "adjustments.csv"))
	require.NoError(f, err)
	f.Add(data)
	f.Add([]byte("project_id,date,by,reason,level1,indicator,target,weight\nP,2022-01-01,u,r,产出指标,a,≥1,90\nP,2022-01-01,v,r,x,b,\"c\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := goals.ReadAdjustmentCSV("f.csv", bytes.NewReader(in))
		if err != nil {
			require.ErrorIs(t, err, goals.ErrAdjustmentHeader)
			return
		}
		require.Equal(t, got.Read, got.Accepted+got.Rejected)
		require.Equal(t, got.Accepted, len(got.Requests))
		require.Equal(t, got.Accepted, len(got.Lines))
		require.GreaterOrEqual(t, len(got.Errors), got.Rejected)
		require.LessOrEqual(t, got.Read, got.Rows)
		for i, r := range got.Requests {
			require.NotEmpty(t, r.ProjectID)
			require.NotEmpty(t, r.By)
			require.NotEmpty(t, r.Reason)
			require.False(t, r.Date.IsZero())
			require.Len(t, got.Lines[i], len(r.Tree.Indicators))
		}
	})
}

// A goal adjustment request (绩效目标调整申请) from CSV, one row per
// indicator of the goals as requested, decided under the default rules
// against the history of testdata/goallife/versions.json as approved
// (versions 1 submitted and 2 approved, 10 January 2022). The request
// lowers 培训人数 from ≥500人次 to ≥400人次 and changes nothing else: a
// lowering, which the default rules allow for a budget adjustment
// (LowerCauses), dated 15 June, before the October limit, the first
// adjustment of at most two: approved, as version 3, with one change.
func ExampleReadAdjustmentCSV() {
	in := "项目编号,申请日期,申请单位,调整原因类别,调整理由,指标编号,一级指标,二级指标,三级指标,年度指标值,分值\n" +
		"XM2022001,2022-06-15,市教育局,budget_adjustment,预算调减20%,core-train-count,产出指标,数量指标,培训人数,≥400人次,30\n" +
		"XM2022001,2022-06-15,,,,core-train-pass,产出指标,质量指标,培训合格率,≥90%,20\n" +
		"XM2022001,2022-06-15,,,,fee,产出指标,成本指标,培训费,≤50000元,10\n" +
		"XM2022001,2022-06-15,,,,,效益指标,社会效益指标,业务能力,明显提升,20\n" +
		"XM2022001,2022-06-15,,,,core-train-satisfaction,满意度指标,服务对象满意度指标,参训人员满意度,≥90%,20\n"
	got, err := goals.ReadAdjustmentCSV("adj.csv", strings.NewReader(in))
	if err != nil {
		panic(err)
	}
	fmt.Printf("requests read %d, accepted %d, rejected %d\n", got.Read, got.Accepted, got.Rejected)
	data, err := os.ReadFile(filepath.Join("..", "testdata", "goallife", "versions.json"))
	if err != nil {
		panic(err)
	}
	var hs []goals.Versions
	if err := json.Unmarshal(data, &hs); err != nil {
		panic(err)
	}
	vs := &goals.Versions{ProjectID: hs[0].ProjectID, Versions: hs[0].Versions[:2]}
	rules := goals.DefaultAdjustmentRules()
	d, err := rules.Decide(vs, &got.Requests[0])
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Approved, d.Version.Number, len(d.Changes), len(d.Refusals))
	// Output:
	// requests read 1, accepted 1, rejected 0
	// true 3 1 0
}

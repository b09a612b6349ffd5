package history_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/performance"
)

// TestCSVRoundTrip writes the first 60 bundled records in the CSV layout and
// reads them back: the facts and the recorded decisions come back equal.
func TestCSVRoundTrip(t *testing.T) {
	var want []*history.Record
	for r, err := range history.ReadFile(records()) {
		require.NoError(t, err)
		want = append(want, r)
		if len(want) == 60 {
			break
		}
	}
	var recs, lines bytes.Buffer
	w := history.NewCSVWriter(&recs, &lines)
	for _, r := range want {
		require.NoError(t, w.Write(r))
	}
	require.NoError(t, w.Flush())
	var got []*history.Record
	for r, err := range history.ReadCSV(&recs, &lines) {
		require.NoError(t, err)
		got = append(got, r)
	}
	require.Len(t, got, len(want))
	for i := range want {
		wj, err := json.Marshal(want[i])
		require.NoError(t, err)
		gj, err := json.Marshal(got[i])
		require.NoError(t, err)
		assert.JSONEq(t, string(wj), string(gj), "record %d", i)
	}
}

func TestReadCSVErrors(t *testing.T) {
	recs := "fiscal_year,project_id,unit_id,amount,score,m01\n" +
		"2022,A,u1,100,80,50\n" +
		"2022,B,u1,abc,80,\n" +
		"2022,C,u1,300,90,\n"
	lines := "fiscal_year,project_id,item,amount\n" +
		"2022,A,x,100\n" +
		"2022,C,z,300\n" +
		"2022,Z,orphan,1\n"
	var ids []string
	var errs []string
	for r, err := range history.ReadCSV(strings.NewReader(recs), strings.NewReader(lines)) {
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		ids = append(ids, r.Project.ID)
		if r.Project.ID == "A" {
			require.Len(t, r.Project.CostLines, 1)
			assert.Equal(t, "x", r.Project.CostLines[0].Item)
			require.Len(t, r.Execution.Monthly, 1)
			assert.True(t, r.Execution.Monthly[0].Equal(num("50")))
		}
	}
	assert.Equal(t, []string{"A", "C"}, ids)
	require.Len(t, errs, 2)
	assert.Contains(t, errs[0], "records line 3, column amount")
	assert.Contains(t, errs[1], "cost_lines line 4")

	_, err := func() (*history.Record, error) {
		for r, err := range history.ReadCSV(strings.NewReader("project_id\nA\n"), nil) {
			return r, err
		}
		return nil, nil
	}()
	require.Error(t, err)
	assert.ErrorIs(t, err, history.ErrRecord)
	assert.Contains(t, err.Error(), "column fiscal_year: history: bad record: missing column")
}

// TestReadCSVNumbers: number cells take the syntax of performance.ParseNumber:
// grouped thousands and full-width digits are read, a decimal comma is an
// error (it was one before too, for decimal.NewFromString; "1,234" was
// refused with it).
func TestReadCSVNumbers(t *testing.T) {
	recs := "fiscal_year,project_id,unit_id,amount,m01\n" +
		"2022,A,u1,\"1,234,567.5\",１２．５\n" +
		"２０２２,B,u1,\"1,5\",\n" +
		"2022,C,u1,300,\n"
	var got []*history.Record
	var errs []error
	for r, err := range history.ReadCSV(strings.NewReader(recs), nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, r)
	}
	require.Len(t, got, 2)
	assert.True(t, got[0].Project.Amount.Equal(num("1234567.5")), "%s", got[0].Project.Amount)
	assert.True(t, got[0].Execution.Monthly[0].Equal(num("12.5")))
	assert.Equal(t, "C", got[1].Project.ID)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], performance.ErrGrouping)
	assert.Contains(t, errs[0].Error(), "records line 3, column amount")
}

// TestReadCSVInvisible: a byte order mark in the middle of a records file
// (two exports concatenated) rejects its row instead of making a project
// "\ufeffB".
func TestReadCSVInvisible(t *testing.T) {
	recs := "\ufefffiscal_year,project_id,unit_id,amount\n" +
		"2022,A,u1,1\n" +
		"\ufeff2022,B,u1,2\n" +
		"2022,\ufeffB,u1,2\n" +
		"2022,C,u\u200d1,3\n" +
		"2022,D,u1,4\n"
	var ids []string
	var errs []string
	for r, err := range history.ReadCSV(strings.NewReader(recs), nil) {
		if err != nil {
			assert.ErrorIs(t, err, history.ErrRecord)
			errs = append(errs, err.Error())
			continue
		}
		ids = append(ids, r.Project.ID)
	}
	assert.Equal(t, []string{"A", "D"}, ids)
	assert.Equal(t, []string{
		`history: records line 3, column fiscal_year: history: bad record: performance: parsing "\ufeff2022": invalid syntax at byte 0`,
		`history: records line 4, column project_id: history: bad record: invisible character U+FEFF (byte order mark) at character 1 of "\ufeffB"`,
		`history: records line 5, column unit_id: history: bad record: invisible character U+200D (zero width joiner) at character 2 of "u\u200d1"`,
	}, errs)
}

// TestCSVRoundTripEveryMember: records carrying every optional member — a
// department's year with its form (Record.Department), goal versions,
// goal experts, prior actuals, monitoring forms, rectification items and
// the decisions v1 takes for them, the department's among them — go from
// JSON lines to CSV and back unchanged: JSONL → records → CSV → records,
// compared as JSON lines.
func TestCSVRoundTripEveryMember(t *testing.T) {
	b := loadBundle(t)
	v1 := b.Program(t, "policy_v1.json")
	recs := formRecords(t)
	rec := recs[0]
	rec.Department = departmentRecord(t)
	day := time.Date(2022, 1, 10, 0, 0, 0, 0, time.UTC)
	rec.GoalVersions = &goals.Versions{ProjectID: rec.Project.ID, Versions: []goals.Version{
		{Number: 1, Kind: goals.VersionSubmitted, Date: day.AddDate(0, -2, 0), By: "单位", Tree: rec.Goals},
		{Number: 2, Kind: goals.VersionApproved, Date: day, By: "财政局", Tree: rec.Goals},
	}}
	rec.PriorActuals = []goals.PriorValue{{Indicator: "培训人数", Value: num("90")}}
	rec.GoalExperts = []goals.ReviewExpert{{ID: "E1", Score: num("88"), Comments: []goals.ExpertComment{{Text: "目标偏低"}}}}
	ds, err := v1.Decide(recs)
	require.NoError(t, err)
	for i := range recs {
		recs[i].Decisions = ds[i]
	}
	require.NotNil(t, rec.Decisions.NextYear.Department, "v1 decides the department")

	var jsonl bytes.Buffer
	for _, r := range recs {
		line, err := json.Marshal(r)
		require.NoError(t, err)
		jsonl.Write(append(line, '\n'))
	}
	want := jsonl.String()
	var fromJSONL []*history.Record
	for r, err := range history.Read(strings.NewReader(want)) {
		require.NoError(t, err)
		fromJSONL = append(fromJSONL, r)
	}
	var rb, lb bytes.Buffer
	w := history.NewCSVWriter(&rb, &lb)
	for _, r := range fromJSONL {
		require.NoError(t, w.Write(r))
	}
	require.NoError(t, w.Flush())
	var got bytes.Buffer
	n := 0
	for r, err := range history.ReadCSV(&rb, &lb) {
		require.NoError(t, err)
		line, err := json.Marshal(r)
		require.NoError(t, err)
		got.Write(append(line, '\n'))
		n++
	}
	require.Equal(t, len(recs), n)
	assert.Equal(t, want, got.String())
	// The department's decision came back with the rest: 良 by the form,
	// 30,000 cut (TestReplayDepartment works it).
	var back []*history.Record
	for r, err := range history.Read(&got) {
		require.NoError(t, err)
		back = append(back, r)
	}
	dd := back[0].Decisions.NextYear.Department
	require.NotNil(t, dd)
	assert.Equal(t, performance.Good, dd.Grade)
	assert.True(t, dd.Cut.Equal(num("30000")), "cut %s", dd.Cut)
	require.NotNil(t, back[0].Department)
	assert.Equal(t, "city-jyj", back[0].Department.Evaluation.DepartmentID)
	assert.Len(t, back[0].GoalVersions.Versions, 2)
}

package history_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/performance"
)

func departmentRecord(t *testing.T) *history.DepartmentRecord {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "expost", "department_forms.json"))
	require.NoError(t, err)
	forms, err := goals.ParseDepartmentForms(data)
	require.NoError(t, err)
	return &history.DepartmentRecord{
		Evaluation: evaluation.DepartmentEvaluation{DepartmentID: "city-jyj", Year: 2022, Form: &forms[0]},
		CarryOver:  num("200000"), PriorCarryOver: num("100000"),
	}
}

// TestReplayDepartment: T-001 carries its department's year. The form
// scores 81.14 (coefficient method; worked by hand in goals'
// ExampleDepartmentForm_Score): 良, by the form. v1's department rule cuts
// 30% of the carry-over growth: (200,000 − 100,000) × 0.3 = 30,000. T-002
// carries nothing.
func TestReplayDepartment(t *testing.T) {
	b := loadBundle(t)
	v1 := b.Program(t, "policy_v1.json")
	recs := handRecords(t)
	recs[0].Department = departmentRecord(t)
	ds, err := v1.Decide(recs)
	require.NoError(t, err)
	dd := ds[0].NextYear.Department
	require.NotNil(t, dd)
	assert.Equal(t, "city-jyj", dd.DepartmentID)
	assert.Equal(t, "81.14", dd.Score.StringFixed(2))
	assert.Equal(t, performance.Good, dd.Grade)
	assert.Equal(t, "form", dd.By)
	assert.True(t, dd.Cut.Equal(num("30000")), "cut %s", dd.Cut)
	assert.Equal(t, "cut_carry_over_growth", dd.Rule)
	assert.Nil(t, ds[1].NextYear.Department)

	// Without the member the decisions are those of before.
	plain, err := v1.Decide(handRecords(t))
	require.NoError(t, err)
	ds[0].NextYear.Department = nil
	assert.Equal(t, plain[0].NextYear.Amount.String(), ds[0].NextYear.Amount.String())
}

// TestReplayDepartmentTwice: a department carried by two records is an
// error of the second; the first stands.
func TestReplayDepartmentTwice(t *testing.T) {
	b := loadBundle(t)
	v1 := b.Program(t, "policy_v1.json")
	recs := handRecords(t)
	recs[0].Department, recs[1].Department = departmentRecord(t), departmentRecord(t)
	ds, err := v1.Decide(recs)
	var re *history.RecordError
	require.True(t, errors.As(err, &re), "got %v", err)
	assert.Equal(t, "department", re.Stage)
	assert.Equal(t, recs[1].Key(), re.Key)
	require.NotNil(t, ds[0].NextYear.Department)
	assert.Nil(t, ds[1].NextYear.Department)
}

// TestCompareDepartment: Compare reports a department whose cut or grade
// changes between two policies, and only then. Worked by hand: a cut of
// 30,000 under A and 50,000 under B, both 良, is a department change of
// +20,000; the same decision on both sides is no change; a department
// decided under B only is a change of its whole cut, +30,000.
func TestCompareDepartment(t *testing.T) {
	rec := handRecords(t)[0]
	side := func(grade performance.Grade, cut string) *history.Decisions {
		return &history.Decisions{NextYear: &history.NextYearDecision{Department: &history.DepartmentDecision{
			DepartmentID: "city-jyj", Score: num("81.14"), Grade: grade, By: "form", Cut: num(cut), Rule: "cut_carry_over_growth"}}}
	}
	c := history.Compare(rec, side(performance.Good, "30000"), side(performance.Good, "50000"))
	require.NotNil(t, c)
	assert.Equal(t, []history.ChangeKind{history.ChangeDepartment}, c.Kinds)
	assert.Equal(t, "20000", c.DepartmentCutDelta.String())

	assert.Nil(t, history.Compare(rec, side(performance.Good, "30000"), side(performance.Good, "30000.00")))

	c = history.Compare(rec, side(performance.Fair, "30000"), side(performance.Poor, "30000"))
	require.NotNil(t, c)
	assert.Equal(t, []history.ChangeKind{history.ChangeDepartment}, c.Kinds)
	assert.True(t, c.DepartmentCutDelta.IsZero())

	c = history.Compare(rec, &history.Decisions{NextYear: &history.NextYearDecision{}}, side(performance.Good, "30000"))
	require.NotNil(t, c)
	assert.Equal(t, []history.ChangeKind{history.ChangeDepartment}, c.Kinds)
	assert.Equal(t, "30000", c.DepartmentCutDelta.String())
}

// TestDiffDepartmentGrade: v1 and v2 grade the same department-wide form
// differently. The form of department_forms.json with nothing executed and
// 满意度 at 50% scores, by hand (coefficient method): execution 0 ÷
// 10,000,000 × 10 = 0; 重点工作 17/20 = 0.85 → 0.8 × 30 = 24; 预算调整率
// 10/12 = 0.833 → 0.8 × 15 = 12; 公用经费 met → 10; 入学率 95/98 = 0.969 →
// 0.8 × 25 = 20; 满意度 50/90 = 0.556 < 0.6 → 0. Total 66: 中 under v1
// (中 from 60), 差 under v2 (中 from 70). Both cut 30% of the carry-over
// growth, (200,000 − 100,000) × 0.3 = 30,000: the cut does not change.
func TestDiffDepartmentGrade(t *testing.T) {
	b := loadBundle(t)
	v1, v2 := b.Program(t, "policy_v1.json"), b.Program(t, "policy_v2.json")
	recs := handRecords(t)
	dr := departmentRecord(t)
	dr.Evaluation.Form.Execution.Executed = num("0")
	dr.Evaluation.Form.Actuals[4] = goals.Measured(num("50"), "%")
	recs[0].Department = dr
	changes, err := history.DiffBatch(v1, v2, recs)
	require.NoError(t, err)
	var c *history.Change
	for _, x := range changes {
		if x.ProjectID == "T-001" {
			c = x
		}
	}
	require.NotNil(t, c)
	assert.True(t, c.Has(history.ChangeDepartment), "kinds %v", c.Kinds)
	da, db := c.A.NextYear.Department, c.B.NextYear.Department
	assert.Equal(t, "66.00", da.Score.StringFixed(2))
	assert.Equal(t, performance.Fair, da.Grade)
	assert.Equal(t, performance.Poor, db.Grade)
	assert.True(t, da.Cut.Equal(num("30000")) && db.Cut.Equal(num("30000")), "cuts %s %s", da.Cut, db.Cut)
	assert.True(t, c.DepartmentCutDelta.IsZero())

	var buf bytes.Buffer
	cw := history.NewChangeWriter(&buf)
	require.NoError(t, cw.Write(c))
	require.NoError(t, cw.Flush())
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 2)
	head, row := rows[0], rows[1]
	got := map[string]string{}
	for i, h := range head {
		got[h] = row[i]
	}
	assert.Equal(t, map[string]string{"department_id": "city-jyj", "department_grade_a": "中", "department_grade_b": "差",
		"department_cut_a": "30000.00", "department_cut_b": "30000.00"},
		map[string]string{"department_id": got["department_id"], "department_grade_a": got["department_grade_a"],
			"department_grade_b": got["department_grade_b"], "department_cut_a": got["department_cut_a"], "department_cut_b": got["department_cut_b"]})
	assert.Contains(t, got["kinds"], "department")

	// Across the batch the report counts one department change, and the
	// sample shows both sides' department decisions.
	seq := func(yield func(*history.Record, error) bool) {
		for _, r := range recs {
			if !yield(r, nil) {
				return
			}
		}
	}
	rep, err := history.Diff(context.Background(), v1, v2, seq, history.StreamOptions{Sample: 4})
	require.NoError(t, err)
	for _, kc := range rep.Counts {
		if kc.Kind == history.ChangeDepartment {
			assert.Equal(t, 1, kc.Count)
		}
	}
	var text bytes.Buffer
	require.NoError(t, rep.WriteText(&text, performance.LangZH))
	assert.Contains(t, text.String(), "部门 city-jyj 中 66.00 压减 30000.00")
	assert.Contains(t, text.String(), "部门 city-jyj 差 66.00 压减 30000.00")
}

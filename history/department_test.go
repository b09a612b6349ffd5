package history_test

import (
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

package evaluation_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

func xpDepartmentForm(t *testing.T) *goals.DepartmentForm {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "expost", "department_forms.json"))
	require.NoError(t, err)
	forms, err := goals.ParseDepartmentForms(data)
	require.NoError(t, err)
	return &forms[0]
}

// xpBureauSheet is the bureau's sheet: full marks but DO1 14 of 20 and DB2 6
// of 10, and DP1 left for the form's execution rate.
func xpBureauSheet() evaluation.Sheet {
	s := xpFullSheet(evaluation.DepartmentFramework(), "财政局", map[string]string{"DO1": "14", "DB2": "6"})
	out := s.Ratings[:0]
	for _, r := range s.Ratings {
		if r.Criterion != evaluation.ExecutionCriterion {
			out = append(out, r)
		}
	}
	s.Ratings = out
	return s
}

// TestDepartmentEvaluate works the department's year by hand:
//
//	form (coefficient method, goals' example): 81.14 → 良; stated 82: +0.86
//	bureau: DP1 from the form, 10 × 9,137,000 ÷ 10,000,000 = 9.137 → 9.14;
//	        100 − (10 − 9.14) − (20 − 14) − (10 − 6) = 89.14 → 良, final
func TestDepartmentEvaluate(t *testing.T) {
	d := &evaluation.DepartmentEvaluation{DepartmentID: "city-edu", Year: 2025, Form: xpDepartmentForm(t),
		Bureau: []evaluation.Sheet{xpBureauSheet()}}
	r, err := d.Evaluate(nil, goals.Config{})
	require.NoError(t, err)
	require.NotNil(t, r.Form)
	xpAssertDec(t, "81.14", r.Form.Total)
	assert.Equal(t, performance.Good, r.FormGrade)
	require.Len(t, r.Deviations, 1)
	assert.Equal(t, "form.total", r.Deviations[0].Path)
	xpAssertDec(t, "0.86", r.Deviations[0].Size)
	require.NotNil(t, r.Bureau)
	for _, l := range r.Bureau.Lines {
		if l.Criterion == evaluation.ExecutionCriterion {
			xpAssertDec(t, "9.14", l.Points)
		}
	}
	xpAssertDec(t, "89.14", r.Score)
	assert.Equal(t, performance.Good, r.Grade)
	assert.Equal(t, "bureau", r.By)

	// Without the bureau the form decides.
	d.Bureau = nil
	r, err = d.Evaluate(nil, goals.Config{})
	require.NoError(t, err)
	assert.Equal(t, "form", r.By)
	xpAssertDec(t, "81.14", r.Score)

	// A bureau sheet that rates DP1 itself keeps its own figure: 8 points,
	// total 100 − 2 = 98.
	d.Bureau = []evaluation.Sheet{xpFullSheet(evaluation.DepartmentFramework(), "财政局", map[string]string{"DP1": "8"})}
	r, err = d.Evaluate(nil, goals.Config{})
	require.NoError(t, err)
	xpAssertDec(t, "98", r.Score)
	assert.Equal(t, performance.Excellent, r.Grade)
}

func TestDepartmentEvaluateNothing(t *testing.T) {
	_, err := (&evaluation.DepartmentEvaluation{DepartmentID: "x", Year: 2025}).Evaluate(nil, goals.Config{})
	assert.True(t, errors.Is(err, performance.ErrInvalid), "got %v", err)
	bad := xpDepartmentForm(t)
	bad.Actuals = bad.Actuals[:2]
	_, err = (&evaluation.DepartmentEvaluation{DepartmentID: "x", Year: 2025, Form: bad}).Evaluate(nil, goals.Config{})
	var ps performance.Problems
	require.True(t, errors.As(err, &ps), "got %v", err)
	assert.Equal(t, []string{"actual_count"}, ps.Codes())
}

// TestApplyDepartmentGrade: a department evaluated below 90 has its
// project budget cut by 5%; an unevaluated one is not. city-edu's projects
// after the project rules: P1 1,000,000 + P2 1,111,111.10 + P7 180,000 =
// 2,291,111.10; × 0.05 = 114,555.555 → 114,555.56.
func TestApplyDepartmentGrade(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "expost", "policy.json"))
	require.NoError(t, err)
	p, err := evaluation.ParseApplyPolicy(data)
	require.NoError(t, err)
	p.Departments, err = rules.ParseSet([]byte(`{"id": "dept-grade", "version": "2025",
		"rules": [{"id": "cut_department_below_90", "name": "部门整体绩效低于90分，压减5%",
		  "when": "Evaluated && Score < 90", "outputs": [{"name": "cut", "type": "money", "expr": "round(Amount * 0.05, 2)"}]}]}`))
	require.NoError(t, err)
	prog, err := evaluation.CompileApplyPolicy(p)
	require.NoError(t, err)
	res := &evaluation.DepartmentResult{DepartmentID: "city-edu", Score: xpDec("89.14"), Grade: performance.Good}
	depts := []evaluation.DepartmentOutcome{res.Outcome(xpDec("0"), xpDec("0")), {DepartmentID: "city-health"}}
	ny, err := prog.Apply(xpOutcomes(), depts, xpOrg(t), time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	got := map[string]evaluation.Adjustment{}
	for _, a := range ny.Departments {
		got[a.Node.ID] = a
	}
	xpAssertDec(t, "2291111.10", got["city-edu"].Amount)
	xpAssertDec(t, "114555.56", got["city-edu"].CarryOverCut)
	assert.Equal(t, "cut_department_below_90", got["city-edu"].Rule)
	xpAssertDec(t, "0", got["city-health"].CarryOverCut)
	assert.Empty(t, got["city-health"].Rule)
}

package goals_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sampleDepartmentForm(t *testing.T) goals.DepartmentForm {
	t.Helper()
	data, err := os.ReadFile("../testdata/expost/department_forms.json")
	require.NoError(t, err)
	forms, err := goals.ParseDepartmentForms(data)
	require.NoError(t, err)
	require.Len(t, forms, 1)
	return forms[0]
}

// TestDepartmentCoefficientEdges checks each band owns its lower edge: a
// weight of 10 against ≥100 with actuals 100, 99.99, 80, 79.99, 60, 59.99
// gives coefficients 1, 0.8, 0.8, 0.6, 0.6, 0 and points 10, 8, 8, 6, 6, 0.
func TestDepartmentCoefficientEdges(t *testing.T) {
	f := sampleDepartmentForm(t)
	f.Method = goals.MethodCoefficient
	tg, err := goals.ParseTarget("≥100项")
	require.NoError(t, err)
	for _, tc := range []struct{ actual, coef, points string }{
		{"100", "1", "10"}, {"99.99", "0.8", "8"}, {"80", "0.8", "8"},
		{"79.99", "0.6", "6"}, {"60", "0.6", "6"}, {"59.99", "0", "0"},
	} {
		f.Goals.Indicators[4].Target = tg
		f.Actuals[4] = goals.Measured(decimal.RequireFromString(tc.actual), "项")
		r, err := f.Score(goals.Config{})
		require.NoError(t, err)
		ln := r.Lines[4]
		assert.True(t, ln.Coefficient.Decimal.Equal(decimal.RequireFromString(tc.coef)), "actual %s: coefficient %s, want %s", tc.actual, ln.Coefficient.Decimal, tc.coef)
		assert.True(t, ln.Points.Equal(decimal.RequireFromString(tc.points)), "actual %s: points %s, want %s", tc.actual, ln.Points, tc.points)
	}
}

// TestDepartmentFormsBadInput: every problem of every form at once, with
// paths, and the good form still read.
func TestDepartmentFormsBadInput(t *testing.T) {
	good, err := os.ReadFile("../testdata/expost/department_forms.json")
	require.NoError(t, err)
	bad := `{"goals": {"department_id": "", "year": 20,
	  "kinds": [{"code": "a", "name": "履职效能", "level1": "output"}, {"code": "a", "name": "", "level1": "benefit"}],
	  "indicators": [{"kind": "nope", "name": "x", "target": "≥1项", "weight": "90"}]},
	 "execution_weight": "10", "execution": {"adjusted_budget": "0", "executed": "1"},
	 "actuals": [], "method": "weird",
	 "coefficients": [{"min": "0.5", "coefficient": "0.5"}, {"min": "0.8", "coefficient": "1.2"}]}`
	// good is an array of one form: splice the bad one in after it.
	text := strings.TrimSpace(string(good))
	forms, err := goals.ParseDepartmentForms([]byte(text[:len(text)-1] + "," + bad + "]"))
	require.Error(t, err)
	require.True(t, errors.Is(err, performance.ErrInvalid))
	require.Len(t, forms, 1, "the good form is kept")
	var ps performance.Problems
	require.True(t, errors.As(err, &ps))
	got := map[string]bool{}
	for _, p := range ps {
		got[p.Path+" "+p.Code] = true
	}
	for _, w := range []string{
		"[1].goals.department_id missing_department_id",
		"[1].goals.year invalid_year",
		"[1].goals.kinds[1].code duplicate_code",
		"[1].goals.kinds[1].name missing_name",
		"[1].goals.indicators[0].kind unknown_kind",
		"[1].execution zero_budget",
		"[1].actuals actual_count",
		"[1].method invalid_method",
		"[1].coefficients[1].min bands_order",
		"[1].coefficients[1].coefficient invalid_coefficient",
		"[1].coefficients[1].min no_floor",
	} {
		assert.True(t, got[w], "want problem %s; got %v", w, ps.Codes())
	}
	assert.Len(t, ps, 12, "%v", ps) // the eleven above and the coefficient rising
}

// TestDepartmentFormsUnknownMember: strict decoding names the member.
func TestDepartmentFormsUnknownMember(t *testing.T) {
	_, err := goals.ParseDepartmentForms([]byte(`[{"goals": {"department_id": "D", "year": 2025, "indicatorz": []}}]`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "indicatorz")
}

// TestDepartmentTreeNeedsOutputAndBenefit: kinds mapping to neither output
// nor benefit fail as a tree would.
func TestDepartmentTreeNeedsOutputAndBenefit(t *testing.T) {
	f := sampleDepartmentForm(t)
	f.Goals.Kinds = []goals.DepartmentKind{{Code: "effectiveness", Name: "履职效能", Level1: goals.Process},
		{Code: "efficiency", Name: "管理效率", Level1: goals.Process}, {Code: "running_cost", Name: "运行成本", Level1: goals.Cost},
		{Code: "social_effect", Name: "社会效应", Level1: goals.Satisfaction}, {Code: "satisfaction", Name: "满意度", Level1: goals.Satisfaction}}
	err := f.Validate(goals.Config{})
	var ps performance.Problems
	require.True(t, errors.As(err, &ps))
	assert.ElementsMatch(t, []string{"no_output", "no_benefit"}, ps.Codes())
}

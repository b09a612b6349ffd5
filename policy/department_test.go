package policy_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/policy"
)

// TestDepartmentInPolicy: the department member is optional (a policy
// without it hashes as before: the base hash is pinned by the other hash
// tests), changes the hash when present, and its method applies to a form
// that names none: the sample form scored proportionally is 87.37, under
// the policy's coefficient method 81.14 (both worked by hand in goals'
// ExampleDepartmentForm_Score). A bad band fails Compile with its stage.
func TestDepartmentInPolicy(t *testing.T) {
	d0, org := base(t)
	h0 := hashOf(t, d0, org)
	d, _ := base(t)
	d["department"] = map[string]any{"method": "coefficient"}
	h1 := hashOf(t, d, org)
	assert.NotEqual(t, h0, h1)

	data, err := os.ReadFile(filepath.Join("..", "testdata", "expost", "department_forms.json"))
	require.NoError(t, err)
	forms, err := goals.ParseDepartmentForms(data)
	require.NoError(t, err)
	form := forms[0]
	form.Method = goals.MethodProportional
	de := &evaluation.DepartmentEvaluation{DepartmentID: "city-edu", Year: 2025, Form: &form}
	for _, tc := range []struct {
		doc   doc
		total string
	}{{d0, "87.37"}, {d, "81.14"}} {
		pr := compileDoc(t, tc.doc, org)
		r, err := pr.EvaluateDepartment(de)
		require.NoError(t, err)
		assert.Equal(t, tc.total, r.Score.StringFixed(2))
		assert.Equal(t, "form", r.By)
	}
	assert.Equal(t, goals.MethodProportional, form.Method, "the caller's form is not modified")

	d, _ = base(t)
	d["department"] = map[string]any{"method": "coefficient", "coefficients": []any{map[string]any{"min": "0.5", "coefficient": "2"}}}
	p, err := policy.Parse(mustJSON(t, d))
	require.NoError(t, err)
	_, err = p.Compile(nil, nil)
	var pe *policy.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "department", pe.Stage)
	assert.ErrorContains(t, err, "coefficients[0]")

	d["department"] = map[string]any{"methd": "coefficient"}
	_, err = policy.Parse(mustJSON(t, d))
	assert.ErrorContains(t, err, "methd")
}

func compileDoc(t *testing.T, d doc, org []any) *policy.Program {
	t.Helper()
	p, err := policy.Parse(mustJSON(t, d))
	require.NoError(t, err)
	var nodes []performance.Node
	require.NoError(t, json.Unmarshal(mustJSON(t, org), &nodes))
	o, err := performance.NewOrg(nodes)
	require.NoError(t, err)
	pr, err := p.Compile(o, nil)
	require.NoError(t, err)
	return pr
}

package exante

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAssessmentJSON(t *testing.T) {
	a := exAssessor(t, AssessOptions{})
	p := exProject("P1", exLine("培训", "一类", "20", "560", "TRAIN"))
	p.Category = "设备"
	as, err := a.Assess(&Submission{Round: 2, Project: p}, exGoals(t))
	require.NoError(t, err)
	b, err := json.Marshal(as)
	require.NoError(t, err)
	s := string(b)
	for _, frag := range []string{`"project_id":"P1"`, `"round":2`, `"submitted":"11200"`, `"reduced":"1200"`,
		`"approved":"10000"`, `"rule_id":"L-STD"`, `"kind":"standard"`, `"line":0`, `"fundable":true`, `"verdict":""`,
		`"rule_set":{"id":"t","version":"1","hash":"`} {
		assert.Contains(t, s, frag)
	}
	b2, err := json.Marshal(as)
	require.NoError(t, err)
	assert.Equal(t, b, b2)
}

// Assessments round-trip through JSON: what a service stores, it reads back.
func TestAssessmentJSONRoundTrip(t *testing.T) {
	pol, stds, subs, trees, _ := loadPolicy(t)
	res, err := Assess(pol, stds, subs, trees, AssessOptions{Explain: true})
	require.NoError(t, err)
	b, err := json.Marshal(res)
	require.NoError(t, err)
	var back []*Assessment
	require.NoError(t, json.Unmarshal(b, &back))
	b2, err := json.Marshal(back)
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(b2))
	assert.Contains(t, string(b), `"explanation":{"zh":`)
}

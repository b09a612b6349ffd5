package evaluation_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/performance"
)

// Skipping explanations changes nothing but the explanations: the same
// actions, amounts, recoveries, blocks, rules fired, department cuts and
// totals, and the same errors, as Apply, for the bundled policy's eight
// projects (two of them with problems beside the results: a duplicate ID
// and an unknown unit).
func TestApplyWithSkipExplanations(t *testing.T) {
	prog := xpPolicy(t, "policy.json")
	outs := append(xpOutcomes(),
		evaluation.ProjectOutcome{ProjectID: "P1", UnitID: "u1"},      // duplicate
		evaluation.ProjectOutcome{ProjectID: "P9", UnitID: "nowhere"}, // no department
	)
	depts := []evaluation.DepartmentOutcome{
		{DepartmentID: "city-edu", CarryOver: xpDec("5000000"), PriorCarryOver: xpDec("4000000")},
		{DepartmentID: "city-health", CarryOver: xpDec("1000000"), PriorCarryOver: xpDec("1200000")},
	}
	asOf := time.Date(2022, 1, 15, 0, 0, 0, 0, time.UTC)
	full, errFull := prog.Apply(outs, depts, xpOrg(t), asOf)
	quiet, errQuiet := prog.ApplyWith(outs, depts, xpOrg(t), asOf, evaluation.ApplyOptions{SkipExplanations: true})
	require.Error(t, errFull)
	require.Equal(t, errFull.Error(), errQuiet.Error())
	require.Len(t, quiet.Projects, 8)
	explained := 0
	for i := range full.Projects {
		if full.Projects[i].Explanation != (performance.Text{}) {
			explained++
		}
		require.Equal(t, performance.Text{}, quiet.Projects[i].Explanation, quiet.Projects[i].ProjectID)
		full.Projects[i].Explanation = performance.Text{}
	}
	require.Equal(t, 8, explained, "Apply explains every project")
	a, err := json.Marshal(full)
	require.NoError(t, err)
	b, err := json.Marshal(quiet)
	require.NoError(t, err)
	require.JSONEq(t, string(a), string(b))
	// ApplyWith's zero options are Apply.
	zero, _ := prog.ApplyWith(outs, depts, xpOrg(t), asOf, evaluation.ApplyOptions{})
	full2, _ := prog.Apply(outs, depts, xpOrg(t), asOf)
	a, _ = json.Marshal(full2)
	b, _ = json.Marshal(zero)
	require.JSONEq(t, string(a), string(b))
}

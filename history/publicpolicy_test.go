package history_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/internal/historytest"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/policy"
)

// programWithPublicPolicies is policy v1 with the bundled public_policies
// (policy.DefaultPublicPolicies) and a first project rule cancelling
// projects whose policy exits.
func programWithPublicPolicies(t *testing.T, b historytest.Bundle) *history.Program {
	data, err := os.ReadFile(filepath.Join(dir, "policy_v1.json"))
	require.NoError(t, err)
	var d map[string]any
	require.NoError(t, json.Unmarshal(data, &d))
	pp, err := json.Marshal(policy.DefaultPublicPolicies())
	require.NoError(t, err)
	d["public_policies"] = json.RawMessage(pp)
	apply := d["apply"].(map[string]any)["projects"].(map[string]any)
	apply["rules"] = append([]any{map[string]any{"id": "policy_exit", "priority": 1000, "group": "action",
		"when": `PolicyConclusion == "exit"`, "outputs": []any{
			map[string]any{"name": "action", "type": "string", "expr": `"cancel"`},
			map[string]any{"name": "amount", "type": "money", "expr": "0"}}}}, apply["rules"].([]any)...)
	data, err = json.Marshal(d)
	require.NoError(t, err)
	p, err := history.ParsePolicy(data)
	require.NoError(t, err)
	pr, err := history.Compile(p, b.Org, b.Standards)
	require.NoError(t, err)
	return pr
}

// TestReplayPublicPolicy: both hand records are funded under one policy
// whose term ends in 2022 and which scored 70: under the bundled rules,
// expired and below 80, it exits (exit_expired), so results application
// cancels both projects (policy_exit, amount 0) whatever their own grades.
// The same policy evaluated differently in the second record is an error
// of that record, and the first record's evaluation decides. Policy v1,
// without public_policies, records no standing.
func TestReplayPublicPolicy(t *testing.T) {
	b := loadBundle(t)
	pr := programWithPublicPolicies(t, b)
	recs := handRecords(t)
	ev := &evaluation.PolicyEvaluation{Policy: performance.PublicPolicy{ID: "P-TRAIN", StartYear: 2020, EndYear: 2022,
		Amount: num("170000"), ProjectIDs: []string{"T-001", "T-002"}}, Year: 2022, Score: num("70"), Attainment: num("0.8")}
	recs[0].PolicyEvaluation, recs[1].PolicyEvaluation = ev, ev
	ds, err := pr.Decide(recs)
	require.NoError(t, err)
	for i := range ds {
		require.NotNil(t, ds[i].PublicPolicy, recs[i].Project.ID)
		assert.Equal(t, evaluation.PolicyExit, ds[i].PublicPolicy.Conclusion)
		assert.True(t, ds[i].PublicPolicy.NoFunding && ds[i].PublicPolicy.Recover)
		assert.Equal(t, evaluation.ActionCancel, ds[i].NextYear.Action)
		assert.Equal(t, "policy_exit", ds[i].NextYear.Rule)
		assert.True(t, ds[i].NextYear.Amount.IsZero(), "amount %s", ds[i].NextYear.Amount)
	}

	other := *ev
	other.Score = num("90")
	recs[1].PolicyEvaluation = &other
	ds, err = pr.Decide(recs)
	var re *history.RecordError
	require.True(t, errors.As(err, &re), "got %v", err)
	assert.Equal(t, "public_policies", re.Stage)
	assert.Equal(t, "T-002", re.Key.ProjectID)
	require.NotNil(t, ds[1].PublicPolicy)
	assert.Equal(t, evaluation.PolicyExit, ds[1].PublicPolicy.Conclusion, "the first record's evaluation decides")

	// A project the policy lists without a record this year is reported;
	// the projects that have one keep their standing.
	wide := *ev
	wide.Policy.ProjectIDs = []string{"T-001", "T-002", "T-999"}
	recs[0].PolicyEvaluation, recs[1].PolicyEvaluation = &wide, &wide
	ds, err = pr.Decide(recs)
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{evaluation.CodePolicyProject}, ps.Codes())
	require.NotNil(t, ds[0].PublicPolicy)
	assert.Equal(t, evaluation.ActionCancel, ds[0].NextYear.Action)

	v1 := b.Program(t, "policy_v1.json")
	recs[1].PolicyEvaluation = ev
	ds, err = v1.Decide(recs)
	require.NoError(t, err)
	assert.Nil(t, ds[0].PublicPolicy)
	assert.NotEqual(t, "policy_exit", ds[0].NextYear.Rule)

	// The member round-trips through JSON lines and through CSV (its
	// policy_evaluation column).
	line, err := json.Marshal(recs[0])
	require.NoError(t, err)
	for r, err := range history.Read(bytes.NewReader(line)) {
		require.NoError(t, err)
		require.NotNil(t, r.PolicyEvaluation)
		assert.Equal(t, "P-TRAIN", r.PolicyEvaluation.Policy.ID)
	}
	var recsBuf, linesBuf bytes.Buffer
	cw := history.NewCSVWriter(&recsBuf, &linesBuf)
	require.NoError(t, cw.Write(recs[0]))
	require.NoError(t, cw.Flush())
	n := 0
	for r, err := range history.ReadCSV(&recsBuf, &linesBuf) {
		require.NoError(t, err)
		require.NotNil(t, r.PolicyEvaluation)
		assert.Equal(t, mustJSON(t, recs[0].PolicyEvaluation), mustJSON(t, r.PolicyEvaluation))
		n++
	}
	assert.Equal(t, 1, n)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

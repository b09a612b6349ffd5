package policy_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPublicPoliciesKeepsOldHashes: the bundled 2021 policy, which has no
// public_policies, hashes as it did before the member existed (the figure
// printed by the code of f530d20 for testdata/policy/2021.json), and a
// null member is the same as none.
func TestPublicPoliciesKeepsOldHashes(t *testing.T) {
	p, err := policy.Load("../testdata/policy/2021.json")
	require.NoError(t, err)
	pr, err := p.Compile(nil, nil)
	require.NoError(t, err)
	assert.Equal(t, "0d747511803dfea9185591f5373787581a5a1349fa879a6bd1c440f331482572", pr.Ref().Hash)

	d, org := base(t)
	h0 := hashOf(t, d, org)
	d["public_policies"] = nil
	assert.Equal(t, h0, hashOf(t, d, org))
}

// TestPublicPoliciesInPolicy: the member is optional; with it the hash
// changes, a display-only change (a source, a rule's name, an item's name)
// does not, a deciding one (a cut share, a threshold) does, and the policy
// sheet named hashes as the default; the program runs both halves and
// stamps the policy ref; bad members fail with their stage, every problem
// at once.
func TestPublicPoliciesInPolicy(t *testing.T) {
	d0, org := base(t)
	h0 := hashOf(t, d0, org)

	pp := policy.DefaultPublicPolicies()
	d, _ := base(t)
	d["public_policies"] = asDoc(t, pp)
	h1 := hashOf(t, d, org)
	assert.NotEqual(t, h0, h1)

	pp.ExAnte = exante.AssessCriteria{} // the default sheet: the policy sheet
	d["public_policies"] = asDoc(t, pp)
	assert.Equal(t, h1, hashOf(t, d, org), "the policy sheet named is the default")
	sh := exante.PolicySheet() // the sheet written out, an item renamed
	pp.ExAnte = exante.AssessCriteria{Dimensions: sh.Dimensions, Items: sh.Items}
	pp.ExAnte.Items[0].Name = "改写的要点"
	pp.ExPost.Sources = []string{"another"}
	pp.ExPost.Conclusions.Rules[0].Name = "另一个名称"
	d["public_policies"] = asDoc(t, pp)
	assert.Equal(t, h1, hashOf(t, d, org), "display-only changes keep the hash")
	pp.ExAnte.Thresholds = exante.VerdictThresholds{Support: dec("85"), Adjust: dec("60")}
	d["public_policies"] = asDoc(t, pp)
	h2 := hashOf(t, d, org)
	assert.NotEqual(t, h1, h2, "a threshold decides")
	pp.ExPost.Conclusions.Rules[2].Outputs[1].Expr = "0.25"
	d["public_policies"] = asDoc(t, pp)
	assert.NotEqual(t, h2, hashOf(t, d, org), "a cut share decides")

	data, err := json.Marshal(d)
	require.NoError(t, err)
	p, err := policy.Parse(data)
	require.NoError(t, err)
	pr, err := p.Compile(nil, nil)
	require.NoError(t, err)
	outs, err := pr.ConcludePublicPolicies([]evaluation.PolicyEvaluation{{Policy: performance.PublicPolicy{ID: "P", ProjectIDs: []string{"x"}},
		Year: 2021, Score: dec("70"), Attainment: dec("1")}}, time.Time{})
	require.NoError(t, err)
	// 70 is 中: adjust_fair, whose share is now 0.25.
	require.Len(t, outs, 1)
	assert.Equal(t, evaluation.PolicyAdjust, outs[0].Conclusion)
	assert.Equal(t, "0.25", outs[0].CutShare.String())
	assert.Equal(t, pr.Ref(), outs[0].Policy)
	// 80 points is below the raised support line of 85: adjust first.
	full := exante.Expert{ID: "A"}
	for _, it := range exante.PolicySheet().Items {
		full.Scores = append(full.Scores, exante.ItemScore{Item: it.ID, Score: it.Weight.Mul(dec("0.8"))})
	}
	as, err := pr.AssessPublicPolicies([]exante.PolicyProposal{{Policy: performance.PublicPolicy{ID: "N", New: true}, Experts: []exante.Expert{full}}})
	require.NoError(t, err)
	assert.Equal(t, pr.Ref(), as[0].Policy)
	assert.Equal(t, "80", as[0].Score.Total.String())
	assert.Equal(t, exante.SupportAfterAdjustment, as[0].Verdict)

	// Without the member the stage is absent.
	data, err = json.Marshal(d0)
	require.NoError(t, err)
	p0, err := policy.Parse(data)
	require.NoError(t, err)
	pr0, err := p0.Compile(nil, nil)
	require.NoError(t, err)
	_, err = pr0.ConcludePublicPolicies(nil, time.Time{})
	assert.ErrorIs(t, err, policy.ErrNoStage)
	_, err = pr0.AssessPublicPolicies(nil)
	assert.ErrorIs(t, err, policy.ErrNoStage)

	// Bad members: reported by Parse (unknown members in both halves, a
	// bad item) and by Compile (no conclusion rules, an output of the
	// wrong type), each naming the stage.
	d, _ = base(t)
	d["public_policies"] = map[string]any{"ex_ante": map[string]any{"itemz": []any{}},
		"ex_post": map[string]any{"conclusionz": map[string]any{}}, "extra": 1}
	data, _ = json.Marshal(d)
	_, err = policy.Parse(data)
	var pe *policy.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "public_policies", pe.Stage)
	assert.Contains(t, err.Error(), "extra")
	d["public_policies"] = map[string]any{"ex_ante": map[string]any{"itemz": []any{}}, "ex_post": map[string]any{"conclusionz": map[string]any{}}}
	data, _ = json.Marshal(d)
	_, err = policy.Parse(data)
	require.ErrorAs(t, err, &pe)
	assert.Contains(t, err.Error(), "itemz")
	assert.Contains(t, err.Error(), "conclusionz")

	d["public_policies"] = map[string]any{"ex_ante": map[string]any{"sheet": "nope"}}
	data, _ = json.Marshal(d)
	_, err = policy.Parse(data)
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"sheet_unknown"}, ps.Codes())

	d["public_policies"] = map[string]any{"ex_post": map[string]any{"conclusions": map[string]any{"id": "c", "rules": []any{
		map[string]any{"id": "r", "when": "true", "outputs": []any{map[string]any{"name": "conclusion", "type": "bool", "expr": "true"}}}}}}}
	data, _ = json.Marshal(d)
	p, err = policy.Parse(data)
	require.NoError(t, err)
	_, err = p.Compile(nil, nil)
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, "public_policies", pe.Stage)
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"wrong_output_type"}, ps.Codes())

	d["public_policies"] = map[string]any{}
	data, _ = json.Marshal(d)
	p, err = policy.Parse(data)
	require.NoError(t, err)
	_, err = p.Compile(nil, nil)
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{evaluation.CodeNoConclusionRules}, ps.Codes())
}

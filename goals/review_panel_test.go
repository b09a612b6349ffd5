package goals_test

import (
	"encoding/json"
	"testing"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReviewPanelMembersOnly(t *testing.T) {
	// A panel of E1 and E2, drawn with seed 77. E9 is not on it: its
	// score and its comment are left out, and its judgement is an input
	// problem at its path; E1 and E2 still count.
	panel := &performance.PanelRef{PanelID: "GR-1", Seed: 77, Algorithm: "chacha8-fisher-yates-v1", Experts: []string{"E1", "E2"}}
	in := &goals.ReviewInput{ProjectID: "P1", Tree: trainingTree(t), Panel: panel,
		Experts: []goals.ReviewExpert{
			{ID: "E1", Score: dec("90")},
			{ID: "E9", Score: dec("10"), Comments: []goals.ExpertComment{{Text: "不在专家组"}}},
			{ID: "E2", Score: dec("80"), Comments: []goals.ExpertComment{{Path: "indicators[1]", Text: "合格率偏低"}}},
		}}
	r := goals.DefaultReviewRules()
	r.Checks = r.Checks[len(r.Checks)-1:] // experts only
	require.Equal(t, goals.CheckExperts, r.Checks[0].Code)
	rv, err := r.Review(in, nil)
	require.NotNil(t, rv)
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	require.Len(t, ps, 1)
	assert.Equal(t, performance.CodeNotOnPanel, ps[0].Code)
	assert.Equal(t, "experts[1].id", ps[0].Path)
	assert.Contains(t, ps[0].Message.EN, "E9")

	// By hand: mean of the members' scores (90 + 80) ÷ 2 = 85.00; E9's 10
	// would have made it (90 + 10 + 80) ÷ 3 = 60.
	require.NotNil(t, rv.ExpertScore)
	assert.True(t, rv.ExpertScore.Equal(dec("85")), "expert score %s, want 85", rv.ExpertScore)
	require.Len(t, rv.Findings, 1, "only E2's comment: E9's is left out")
	assert.Equal(t, "tree.indicators[1]", rv.Findings[0].Path)
	assert.Contains(t, rv.Findings[0].Message.ZH, "E2")

	// The review carries the panel and its seed, as a copy.
	require.NotNil(t, rv.Panel)
	assert.Equal(t, *panel, *rv.Panel)
	assert.Equal(t, uint64(77), rv.Panel.Seed)
	panel.Experts[0] = "X"
	assert.Equal(t, "E1", rv.Panel.Experts[0], "the review's panel does not alias the input's")

	b, err := json.Marshal(rv)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"panel":{"panel_id":"GR-1","seed":77,"algorithm":"chacha8-fisher-yates-v1","experts":["E1","E2"]}`)
}

func TestReviewNoPanelAcceptsAnyExpert(t *testing.T) {
	// Without a panel every expert's judgement counts and the review names
	// no panel; with the zero panel (nobody seated) none does.
	in := &goals.ReviewInput{Tree: trainingTree(t), Experts: []goals.ReviewExpert{{ID: "E9", Score: dec("70")}}}
	r := goals.DefaultReviewRules()
	rv, err := r.Review(in, nil)
	require.NoError(t, err)
	assert.Nil(t, rv.Panel)
	require.NotNil(t, rv.ExpertScore)
	assert.True(t, rv.ExpertScore.Equal(dec("70")))
	assert.NotContains(t, mustJSON(t, rv), `"panel"`)

	in.Panel = &performance.PanelRef{}
	rv, err = r.Review(in, nil)
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{performance.CodeNotOnPanel}, ps.Codes())
	assert.Nil(t, rv.ExpertScore, "no member scored")
}

func TestReviewInputPanelJSON(t *testing.T) {
	// The input's panel decodes strictly under its JSON names.
	var in goals.ReviewInput
	err := performance.DecodeJSON([]byte(`{"project_id":"P","tree":null,"panel":{"panel_id":"X","seed":5,"experts":["A"]}}`), &in)
	require.NoError(t, err)
	require.NotNil(t, in.Panel)
	assert.Equal(t, performance.PanelRef{PanelID: "X", Seed: 5, Experts: []string{"A"}}, *in.Panel)
	err = performance.DecodeJSON([]byte(`{"panel":{"members":["A"]}}`), &in)
	assert.Error(t, err, "members is not a member of a panel reference")
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

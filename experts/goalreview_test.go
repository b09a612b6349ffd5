package experts_test

import (
	"testing"

	"github.com/jixiao-go/jixiao/experts"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGoalReviewNamesDrawnPanel(t *testing.T) {
	// A panel drawn for a goal review is carried by the review as drawn:
	// experts.Ref is performance.PanelRef, so the drawn panel's Ref is the
	// goal review's panel, and a judgement by an expert who was not drawn
	// is refused at its path.
	r := request(42)
	r.Stage = experts.StageGoalReview
	p, err := experts.Draw(library(), r)
	require.NoError(t, err)
	var ref performance.PanelRef = p.Ref()
	require.Len(t, ref.Experts, 3)
	var outsider string
	for _, id := range []string{"E12", "E11", "E10", "E09"} {
		if !p.Has(id) {
			outsider = id
			break
		}
	}
	require.False(t, p.Has(outsider))

	tree := &goals.Tree{Indicators: []goals.Indicator{{ID: "a", Level1: goals.Output, Level2: goals.Quantity, Name: "人数",
		Target: goals.Target{Op: goals.AtLeast, Value: decimal.NewFromInt(10), Unit: "人"}, Weight: decimal.NewFromInt(100)}}}
	in := &goals.ReviewInput{ProjectID: "P1", Tree: tree, Panel: &ref, Experts: []goals.ReviewExpert{
		{ID: ref.Experts[0], Score: decimal.NewFromInt(80)}, {ID: outsider, Score: decimal.NewFromInt(20)}}}
	rules := goals.DefaultReviewRules()
	rv, err := rules.Review(in, nil)
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{performance.CodeNotOnPanel}, ps.Codes())
	assert.Equal(t, "experts[1].id", ps[0].Path)
	require.NotNil(t, rv.Panel)
	assert.Equal(t, uint64(42), rv.Panel.Seed)
	assert.Equal(t, experts.DrawAlgorithm, rv.Panel.Algorithm)
	assert.Equal(t, p.IDs(), rv.Panel.Experts)
	// Only the member's 80 counts.
	assert.True(t, rv.ExpertScore.Equal(decimal.NewFromInt(80)), "expert score %s", rv.ExpertScore)
}

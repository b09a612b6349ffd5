package exante

import (
	"testing"

	"github.com/jixiao-go/jixiao/experts"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The seed sample's assessments, through PanelScores, into the expert
// deviation check: every scored submission of the sample gives one panel
// of its five experts, and the check runs over all of them.
func TestPanelScoresOfSeed(t *testing.T) {
	pol, std, subs, trees, _ := loadPolicy(t)
	a, err := NewAssessor(pol, std, AssessOptions{})
	require.NoError(t, err)
	as, err := a.AssessAll(subs, trees)
	require.NoError(t, err)
	scored := 0
	for _, s := range subs {
		if len(s.Experts) > 0 {
			scored++
		}
	}
	ps := PanelScores(as)
	require.Len(t, ps, scored)
	for _, p := range ps {
		assert.Len(t, p.Scores, 5, p.ProjectID)
	}
	// The sample has seven projects where one expert handed in two sheets
	// (XM2021-1-003 ZJ26, 1-006 ZJ35, 1-015 ZJ15, 1-023 ZJ01, 1-025 ZJ39,
	// 1-032 ZJ05, 2-040 ZJ39, read off portfolio.json); without a panel
	// the assessment takes them, the deviation check does not.
	_, err = experts.Deviations(ps, experts.DeviationPolicy{})
	var probs performance.Problems
	require.ErrorAs(t, err, &probs)
	assert.Len(t, probs, 7)
	// Without those seven, the other panels compare.
	var clean []experts.PanelScores
	for _, p := range ps {
		ids := map[string]bool{}
		for _, s := range p.Scores {
			ids[s.ExpertID] = true
		}
		if len(ids) == len(p.Scores) {
			clean = append(clean, p)
		}
	}
	require.Len(t, clean, scored-7)
	devs, err := experts.Deviations(clean, experts.DeviationPolicy{})
	require.NoError(t, err)
	assert.NotEmpty(t, devs)

	// By hand: one panel of totals 90, 80, 70 (the trimmed mean drops two,
	// yet all three are compared): deviations +15, 0, −15.
	one := []*Assessment{{ProjectID: "P", Score: &CombinedScore{Experts: []ExpertTotal{
		{Expert: "A", Total: exDec("90"), Dropped: true}, {Expert: "B", Total: exDec("80")},
		{Expert: "C", Total: exDec("70"), Dropped: true}, {Expert: RuleExpert, Total: exDec("1")}}}}, nil, {ProjectID: "Q"}}
	devs, err = experts.Deviations(PanelScores(one), experts.DeviationPolicy{MinPanels: 1})
	require.NoError(t, err)
	require.Len(t, devs, 3)
	assert.Equal(t, []string{"15", "0", "-15"}, []string{devs[0].Mean.String(), devs[1].Mean.String(), devs[2].Mean.String()})
	assert.True(t, devs[0].Flagged && devs[2].Flagged && !devs[1].Flagged)
}

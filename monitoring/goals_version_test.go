package monitoring_test

import (
	"encoding/json"
	"testing"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGoalsAtVersionInForce: on 30 September the adjusted target (800
// people, from 1 July) is in force, not the submitted 1000: 640 ÷ 800 =
// 80%, ahead of the expected 75%, so on track; against the submitted 1000
// it would be 64%, 11 points behind (more than the 10-point gap): at risk.
func TestGoalsAtVersionInForce(t *testing.T) {
	tree := func(people string) *goals.Tree {
		return &goals.Tree{Indicators: []goals.Indicator{
			{ID: "i1", Level1: goals.Output, Level2: goals.Quantity, Name: "培训人数", Target: target(t, "≥"+people+"人"), Weight: dec("60")},
			{ID: "i5", Level1: goals.Benefit, Level2: goals.SocialBenefit, Name: "社会效益", Target: target(t, "明显提升"), Weight: dec("40")},
		}}
	}
	vs := &goals.Versions{ProjectID: "P", Versions: []goals.Version{
		{Number: 1, Kind: goals.VersionSubmitted, Date: day(2020, 11, 1), By: "单位", Tree: tree("1000")},
		{Number: 2, Kind: goals.VersionApproved, Date: day(2021, 1, 10), By: "财政局", Tree: tree("1000")},
		{Number: 3, Kind: goals.VersionAdjusted, Date: day(2021, 7, 1), By: "单位", Reason: "预算调减", Tree: tree("800")},
	}}
	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), nil, []monitoring.Budget{budget("P", "U", "100"), budget("Q", "U", "100")}, nil)
	require.NoError(t, err)
	reports := []monitoring.GoalReport{{ProjectID: "P", Indicator: "i1", Date: day(2021, 9, 30), Value: nd("640")}}

	old := m.Goals(day(2021, 9, 30), map[string]*goals.Tree{"P": tree("1000")}, reports)
	assert.Equal(t, monitoring.GoalAtRisk, old.Indicators[0].Status)
	assert.Nil(t, old.Versions)
	b, err := json.Marshal(old)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "versions", "no versions given: the JSON reads as before")

	g := m.GoalsAt(day(2021, 9, 30), map[string]*goals.Tree{"P": tree("1000"), "Q": tree("5")}, map[string]*goals.Versions{"P": vs}, reports)
	require.Empty(t, g.Problems)
	assert.Equal(t, monitoring.GoalOnTrack, g.Indicators[0].Status)
	assert.True(t, g.Indicators[0].Target.Value.Equal(decimal.NewFromInt(800)))
	assert.Equal(t, goals.VersionRef{Number: 3, Kind: goals.VersionAdjusted, Date: day(2021, 7, 1)}, g.Versions["P"])
	assert.True(t, g.Versions["Q"].IsZero(), "Q has no history: as submitted")

	// Before the adjustment the approved 1000 is in force: at risk on 30 June
	// with 300 of 1000 = 30% against 50% expected.
	g = m.GoalsAt(day(2021, 6, 30), nil, map[string]*goals.Versions{"P": vs},
		[]monitoring.GoalReport{{ProjectID: "P", Indicator: "i1", Date: day(2021, 6, 30), Value: nd("300")}})
	assert.Equal(t, 2, g.Versions["P"].Number)
	assert.Equal(t, monitoring.GoalAtRisk, g.Indicators[0].Status)

	// No version yet in force, and an invalid history: problems with paths.
	bad := &goals.Versions{Versions: []goals.Version{{Number: 2, Kind: goals.VersionSubmitted, Date: day(2020, 1, 1), By: "u", Tree: tree("1")}}}
	g = m.GoalsAt(day(2019, 1, 1), nil, map[string]*goals.Versions{"P": vs, "Q": bad}, nil)
	assert.Equal(t, []string{"no_goal_version", "bad_number"}, g.Problems.Codes()[:2])
	assert.Equal(t, "goal_versions.P", g.Problems[0].Path)
	assert.Equal(t, "goal_versions.Q.versions[0].number", g.Problems[1].Path)
}

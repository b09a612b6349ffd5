package monitoring_test

import (
	"fmt"
	"time"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/shopspring/decimal"
)

// Monitoring on 30 September against the goals in force that day: the
// target adjusted on 1 July from 1000 to 800 people.
func ExampleMonitor_GoalsAt() {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	tree := func(people string) *goals.Tree {
		t, _ := goals.ParseTarget("≥" + people + "人")
		b, _ := goals.ParseTarget("明显提升")
		return &goals.Tree{Indicators: []goals.Indicator{
			{ID: "i1", Level1: goals.Output, Level2: goals.Quantity, Name: "培训人数", Target: t, Weight: decimal.NewFromInt(60)},
			{ID: "i2", Level1: goals.Benefit, Level2: goals.SocialBenefit, Name: "能力提升", Target: b, Weight: decimal.NewFromInt(40)},
		}}
	}
	vs := &goals.Versions{ProjectID: "P", Versions: []goals.Version{
		{Number: 1, Kind: goals.VersionSubmitted, Date: day("2020-11-01"), By: "单位", Tree: tree("1000")},
		{Number: 2, Kind: goals.VersionApproved, Date: day("2021-01-10"), By: "财政局", Tree: tree("1000")},
		{Number: 3, Kind: goals.VersionAdjusted, Date: day("2021-07-01"), By: "单位", Reason: "预算调减", Tree: tree("800")},
	}}
	m, _ := monitoring.New(2021, monitoring.DefaultPolicy(), nil,
		[]monitoring.Budget{{ProjectID: "P", Name: "培训", UnitID: "U", Initial: decimal.NewFromInt(100)}}, nil)
	reports := []monitoring.GoalReport{{ProjectID: "P", Indicator: "i1", Date: day("2021-09-30"), Value: decimal.NewNullDecimal(decimal.NewFromInt(640))}}

	// As submitted: 640 ÷ 1000 = 64%, 11 points behind the expected 75%.
	g := m.Goals(day("2021-09-30"), map[string]*goals.Tree{"P": tree("1000")}, reports)
	fmt.Println(g.Indicators[0].Status)
	// In force: 640 ÷ 800 = 80%, ahead of 75%.
	g = m.GoalsAt(day("2021-09-30"), nil, map[string]*goals.Versions{"P": vs}, reports)
	fmt.Println(g.Indicators[0].Status, g.Versions["P"].Label().EN)
	// Output:
	// at_risk
	// on_track adjusted goals, version 3 (from 2021-07-01)
}

package monitoring_test

import (
	"testing"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func target(t *testing.T, s string) goals.Target {
	t.Helper()
	tg, err := goals.ParseTarget(s)
	require.NoError(t, err)
	return tg
}

func nd(s string) decimal.NullDecimal { return decimal.NewNullDecimal(dec(s)) }

func TestGoalProgress(t *testing.T) {
	ind := func(id string, l1 goals.Level1, l2 goals.Level2, name, tg string, w string) goals.Indicator {
		return goals.Indicator{ID: id, Level1: l1, Level2: l2, Name: name, Target: target(t, tg), Weight: dec(w)}
	}
	tree, err := goals.NewTree(goals.SelfEvaluation, decimal.Zero,
		ind("i1", goals.Output, goals.Quantity, "培训人数", "≥1000人", "30"),
		ind("i2", goals.Output, goals.Quality, "合格率", "≥95%", "20"),
		ind("i3", goals.Output, goals.OutputCost, "人均成本", "≤500元", "10"),
		ind("i4", goals.Output, goals.Timeliness, "完工时间", "2021年6月30日前", "10"),
		ind("i5", goals.Benefit, goals.SocialBenefit, "社会效益", "明显提升", "20"),
		ind("i6", goals.Satisfaction, goals.ServedSatisfaction, "满意度", "≥90%", "10"),
	)
	require.NoError(t, err)
	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), nil, []monitoring.Budget{budget("P", "U", "100")}, nil)
	require.NoError(t, err)
	trees := map[string]*goals.Tree{"P": tree}

	status := func(g *monitoring.Goals) map[string]string {
		out := map[string]string{}
		for _, p := range g.Indicators {
			out[p.Indicator] = p.Status.String() + "/" + p.Reason
		}
		return out
	}
	t.Run("Q3, expected 75%", func(t *testing.T) {
		reports := []monitoring.GoalReport{
			// 640 of 1000 = 64%: behind 75% by 11 points > 10: at risk.
			{ProjectID: "P", Indicator: "i1", Date: day(2021, 9, 30), Value: nd("640")},
			{ProjectID: "P", Indicator: "i1", Date: day(2021, 6, 30), Value: nd("900")}, // older: ignored
			// 96% ≥ 95%: on track.
			{ProjectID: "P", Indicator: "i2", Date: day(2021, 9, 20), Value: nd("96")},
			// 510 > 500: a cost over its cap.
			{ProjectID: "P", Indicator: "i3", Date: day(2021, 9, 20), Value: nd("510")},
			// Completed 2021-06-20, before the deadline.
			{ProjectID: "P", Indicator: "i4", Date: day(2021, 7, 1), Done: day(2021, 6, 20)},
			// i6 not reported (a report after the as-of date is ignored):
			// a rate without a report is not assessed. i1 without any
			// report would be at risk (see below).
			{ProjectID: "P", Indicator: "i6", Date: day(2021, 10, 5), Value: nd("95")},
		}
		g := m.Goals(day(2021, 9, 30), trees, reports)
		assert.Equal(t, map[string]string{
			"i1": "at_risk/behind", "i2": "on_track/", "i3": "at_risk/off_target",
			"i4": "on_track/", "i5": "not_assessed/", "i6": "not_assessed/not_reported",
		}, status(g))
		assert.Equal(t, []string{"P/i1", "P/i3"}, g.AtRisk)
		assert.Equal(t, "64.00", g.Indicators[0].Attainment.Percent(2).StringFixed(2))
		assert.Empty(t, g.Problems)
	})
	t.Run("boundary: exactly 10 points behind is on track", func(t *testing.T) {
		// 650 ÷ 1000 = 65% = 75% − 10.
		g := m.Goals(day(2021, 9, 30), trees, []monitoring.GoalReport{{ProjectID: "P", Indicator: "i1", Date: day(2021, 9, 30), Value: nd("650")}})
		assert.Equal(t, monitoring.GoalOnTrack, g.Indicators[0].Status)
	})
	t.Run("deadline passed, units and problems", func(t *testing.T) {
		reports := []monitoring.GoalReport{
			{ProjectID: "P", Indicator: "i3", Date: day(2021, 7, 31), Value: nd("0.045"), Unit: "万元"}, // 450 元
			{ProjectID: "P", Indicator: "i2", Date: day(2021, 7, 31), Value: nd("96"), Unit: "人"},
			{ProjectID: "P", Indicator: "i9", Date: day(2021, 7, 31), Value: nd("1")},
			{ProjectID: "X", Indicator: "i1", Date: day(2021, 7, 31), Value: nd("1")},
			{ProjectID: "P", Indicator: "i6", Date: day(2021, 7, 1), Value: nd("80")},
			{ProjectID: "P", Indicator: "i6", Date: day(2021, 7, 1), Value: nd("91")},
		}
		g := m.Goals(day(2021, 7, 31), trees, reports)
		s := status(g)
		assert.Equal(t, "on_track/", s["i3"], "0.045万元 = 450元 ≤ 500")
		assert.Equal(t, "at_risk/deadline_missed", s["i4"], "not done by 30 June")
		assert.Equal(t, "not_assessed/not_reported", s["i2"], "the unit mismatch is not used")
		assert.Equal(t, "at_risk/not_reported", s["i1"], "a count with no report")
		assert.Equal(t, "on_track/", s["i6"], "the larger of a same-day pair, 91")
		// Sorted by path: reports 1, 2, 3, then 5.
		assert.Equal(t, []string{"unit_mismatch", "unknown_indicator", "unknown_project", "duplicate_report"}, g.Problems.Codes())
	})
}

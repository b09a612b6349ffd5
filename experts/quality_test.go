package experts_test

import (
	"testing"

	"github.com/jixiao-go/jixiao/experts"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func scores(panel string, kv ...any) experts.PanelScores {
	p := experts.PanelScores{PanelID: panel, ProjectID: "P-" + panel}
	for i := 0; i < len(kv); i += 2 {
		p.Scores = append(p.Scores, experts.ExpertScore{ExpertID: kv[i].(string), Total: d(kv[i+1].(string))})
	}
	return p
}

func TestDeviations(t *testing.T) {
	// Worked by hand, deviation = x − mean of the others = (n·x − S)/(n−1):
	//   G1: A 90, B 80, C 70, S 240: A (270−240)/2 = 15,   B 0,    C −15
	//   G2: A 88, B 78, C 80, S 246: A (264−246)/2 = 9,    B −6,   C −3
	//   G3: A 95, B 85, C 84, S 264: A (285−264)/2 = 10.5, B −4.5, C −6
	//   G4: D 100, E 60:             D 40, E −40 (one panel each)
	// Means: A 34.5/3 = 11.5 (> 10: flagged high), B −10.5/3 = −3.5,
	// C −24/3 = −8, D 40 and E −40 over one panel (below the 3 panels
	// needed: not flagged).
	got, err := experts.Deviations([]experts.PanelScores{
		scores("G1", "A", "90", "B", "80", "C", "70"),
		scores("G2", "A", "88", "B", "78", "C", "80"),
		scores("G3", "A", "95", "B", "85", "C", "84"),
		scores("G4", "D", "100", "E", "60"),
		scores("G5", "A", "99"), // alone: no comparison
	}, experts.DeviationPolicy{})
	require.NoError(t, err)
	want := []struct {
		id, mean  string
		n         int
		flagged   bool
		direction string
	}{{"A", "11.5", 3, true, "high"}, {"B", "-3.5", 3, false, ""}, {"C", "-8", 3, false, ""}, {"D", "40", 1, false, ""}, {"E", "-40", 1, false, ""}}
	require.Len(t, got, len(want))
	for i, w := range want {
		g := got[i]
		assert.Equal(t, w.id, g.ExpertID)
		assert.True(t, d(w.mean).Equal(g.Mean), "%s mean %s, want %s", w.id, g.Mean, w.mean)
		assert.Equal(t, w.n, g.Panels, w.id)
		assert.Equal(t, w.flagged, g.Flagged, w.id)
		assert.Equal(t, w.direction, g.Direction, w.id)
	}
	// A threshold of 12 clears A; one panel is enough to flag D (40) high
	// and E low.
	got, err = experts.Deviations([]experts.PanelScores{
		scores("G1", "A", "90", "B", "80", "C", "70"), scores("G2", "A", "88", "B", "78", "C", "80"),
		scores("G3", "A", "95", "B", "85", "C", "84"), scores("G4", "D", "100", "E", "60"),
	}, experts.DeviationPolicy{Threshold: d("12"), MinPanels: 1})
	require.NoError(t, err)
	flags := map[string]string{}
	for _, g := range got {
		if g.Flagged {
			flags[g.ExpertID] = g.Direction
		}
	}
	assert.Equal(t, map[string]string{"D": "high", "E": "low"}, flags)

	_, err = experts.Deviations([]experts.PanelScores{scores("G1", "A", "1", "A", "2", "", "3")}, experts.DeviationPolicy{})
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"[0].scores[1].expert_id", "[0].scores[2].expert_id"}, []string{ps[0].Path, ps[1].Path})
}

func TestApplyRatingsSuspends(t *testing.T) {
	lib := library()
	// E06: 50 and 65, mean 57.50 < 60: suspended. E07: 60, not below 60.
	// E04 is suspended already and stays as it is.
	ratings := []experts.Rating{
		{ExpertID: "E06", Date: "2021-06-01", Score: d("50")},
		{ExpertID: "E06", Date: "2021-07-01", Score: d("65")},
		{ExpertID: "E07", Date: "2021-07-01", Score: d("60")},
		{ExpertID: "E04", Date: "2021-07-01", Score: d("10")},
	}
	next, sus, err := experts.ApplyRatings(lib, ratings, experts.RatingPolicy{}, "2021-08-01")
	require.NoError(t, err)
	require.Len(t, sus, 1)
	assert.Equal(t, "E06", sus[0].ExpertID)
	assert.True(t, d("57.5").Equal(sus[0].Mean))
	assert.Equal(t, "mean rating 57.50 below 60 (2 ratings)", sus[0].Reason.EN)
	assert.Equal(t, experts.StatusActive, lib.Experts[5].Status, "the library given is not changed")
	assert.Equal(t, experts.StatusSuspended, next.Experts[5].Status)
	assert.Equal(t, "2021-08-01", next.Experts[5].StatusDate)
	// The suspension feeds the next draw.
	p, err := experts.Draw(next, request(1))
	require.NoError(t, err)
	assert.Contains(t, p.Exclusions, experts.Exclusion{ExpertID: "E06", Reason: experts.ExcludeStatus,
		Detail: performance.Text{ZH: "专家状态为 suspended：履职评价均分 57.50 低于 60（2 次）", EN: "expert is suspended: 履职评价均分 57.50 低于 60（2 次）"}})

	_, _, err = experts.ApplyRatings(lib, []experts.Rating{{ExpertID: "Z", Date: "x", Score: d("101")}}, experts.RatingPolicy{}, "")
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"bad_date", "unknown_expert", "score_out_of_range", "bad_date"}, ps.Codes())
}

package history_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/internal/historytest"
)

// programWithReview is policy v1 with the default goal-review rules.
func programWithReview(t *testing.T, b historytest.Bundle) *history.Program {
	data, err := os.ReadFile(filepath.Join(dir, "policy_v1.json"))
	require.NoError(t, err)
	var d map[string]any
	require.NoError(t, json.Unmarshal(data, &d))
	rules, err := json.Marshal(goals.DefaultReviewRules())
	require.NoError(t, err)
	d["goal_review"] = json.RawMessage(rules)
	data, err = json.Marshal(d)
	require.NoError(t, err)
	p, err := history.ParsePolicy(data)
	require.NoError(t, err)
	pr, err := history.Compile(p, b.Org, b.Standards)
	require.NoError(t, err)
	return pr
}

// TestReplayGoalReview: a policy with review rules reviews each record's
// submitted goals before the ex-ante assessment. T-001's goals have the
// three levels, quantitative outputs and no prior or expert: 100, 优, and
// the assessment is as without review (5,000 reduced, as TestDiffByHand
// works it). With last year's 150 people (target ≥100: −5) and an expert
// scoring 50: 50 − 5 = 45, 差: not fundable, reduced in full (50,000).
// Policy v1 itself, without review rules, records no review.
func TestReplayGoalReview(t *testing.T) {
	b := loadBundle(t)
	pr := programWithReview(t, b)
	recs := handRecords(t)
	ds, err := pr.Decide(recs)
	require.NoError(t, err)
	require.NotNil(t, ds[0].GoalReview)
	assert.Equal(t, "excellent", ds[0].GoalReview.Grade)
	assert.True(t, ds[0].GoalReview.Pass)
	assert.True(t, ds[0].ExAnte.Fundable)
	assert.True(t, ds[0].ExAnte.Reduced.Equal(num("5000")), "reduced %s", ds[0].ExAnte.Reduced)

	recs[0].PriorActuals = []goals.PriorValue{{Indicator: "培训人数", Value: num("150")}}
	recs[0].GoalExperts = []goals.ReviewExpert{{ID: "E1", Score: num("50")}}
	ds, err = pr.Decide(recs)
	require.NoError(t, err)
	assert.Equal(t, []string{"below_prior_actual"}, ds[0].GoalReview.Findings)
	assert.True(t, ds[0].GoalReview.Score.Equal(num("45")))
	assert.False(t, ds[0].GoalReview.Pass)
	assert.False(t, ds[0].ExAnte.Fundable)
	assert.True(t, ds[0].ExAnte.Reduced.Equal(num("50000")), "reduced %s", ds[0].ExAnte.Reduced)
	assert.True(t, ds[1].GoalReview.Pass, "T-002 is not affected")

	v1 := b.Program(t, "policy_v1.json")
	ds, err = v1.Decide(handRecords(t))
	require.NoError(t, err)
	assert.Nil(t, ds[0].GoalReview)
}

// TestRecordGoalLifeMembers: the new members round-trip through the JSON
// lines, old records (the bundled file) still read (TestBundledHistoryShape),
// and the CSV writer now writes them too (TestCSVRoundTripEveryMember reads
// them back).
func TestRecordGoalLifeMembers(t *testing.T) {
	rec := handRecords(t)[0]
	day := time.Date(2022, 1, 10, 0, 0, 0, 0, time.UTC)
	rec.GoalVersions = &goals.Versions{ProjectID: rec.Project.ID, Versions: []goals.Version{
		{Number: 1, Kind: goals.VersionSubmitted, Date: day.AddDate(0, -2, 0), By: "单位", Tree: rec.Goals},
		{Number: 2, Kind: goals.VersionApproved, Date: day, By: "财政局", Tree: rec.Goals},
	}}
	rec.PriorActuals = []goals.PriorValue{{Indicator: "培训人数", Value: num("90")}}
	line, err := json.Marshal(rec)
	require.NoError(t, err)
	var got []*history.Record
	for r, err := range history.Read(bytes.NewReader(line)) {
		require.NoError(t, err)
		got = append(got, r)
	}
	require.Len(t, got, 1)
	require.NotNil(t, got[0].GoalVersions)
	assert.Equal(t, goals.VersionApproved, got[0].GoalVersions.Versions[1].Kind)
	assert.Equal(t, "培训人数", got[0].PriorActuals[0].Indicator)

	var recsBuf, linesBuf bytes.Buffer
	w := history.NewCSVWriter(&recsBuf, &linesBuf)
	assert.NoError(t, w.Write(rec))
	assert.NoError(t, w.Write(handRecords(t)[1]))
}

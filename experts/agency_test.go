package experts_test

import (
	"testing"

	"github.com/jixiao-go/jixiao/experts"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func agencies() []experts.Agency {
	ag := func(id string, q ...string) experts.Agency {
		return experts.Agency{ID: id, Name: "机构" + id, Qualifications: q, Staff: 20, Status: experts.StatusActive}
	}
	eng := func(p string, k experts.EngagementKind, start, end string) experts.Engagement {
		return experts.Engagement{ProjectID: p, Kind: k, Amount: d("100000"), Start: start, End: end}
	}
	as := []experts.Agency{
		ag("A1", "evaluation"), ag("A2", "cpa"), ag("A3", "evaluation"), ag("A4", "evaluation"),
		ag("A5", "evaluation", "cpa"), ag("A6", "evaluation"), ag("A7", "evaluation"), ag("A8", "evaluation"), ag("A9", "evaluation"),
	}
	as[0].Engagements = []experts.Engagement{eng("P1", experts.EngageFeasibility, "2019-01-01", "2019-06-30")}
	as[2].Engagements = []experts.Engagement{
		eng("P2", experts.EngageKeyEvaluation, "2021-05-01", "2021-12-31"),
		eng("P3", experts.EngageKeyEvaluation, "2021-06-01", "2021-10-31"),
		eng("P4", experts.EngageExAnte, "2021-09-01", "2021-09-30"),
		eng("P5", experts.EngageExAnte, "2021-01-01", "2021-03-31"), // ended
	}
	as[3].Status, as[3].StatusReason, as[3].StatusDate = experts.StatusSuspended, "财政部门通报", "2021-04-01"
	// A6 designed another project and evaluated P1 before: neither bars it.
	as[5].Engagements = []experts.Engagement{eng("P9", experts.EngageDesign, "2020-01-01", "2020-03-01"),
		eng("P1", experts.EngageExAnte, "2020-05-01", "2020-06-01")}
	return as
}

// sheet is a reviewer's scores for the default framework's five items:
// process, evidence, analysis, conclusions, recommendations.
func sheet(who string, s ...string) experts.ReviewSheet {
	items := []string{"process", "evidence", "analysis", "conclusions", "recommendations"}
	rs := experts.ReviewSheet{Reviewer: who}
	for i, v := range s {
		rs.Scores = append(rs.Scores, experts.ItemScore{Item: items[i], Score: d(v)})
	}
	return rs
}

func TestReportScore(t *testing.T) {
	f := experts.DefaultFramework()
	r := &experts.Report{ID: "R1", AgencyID: "A5", ProjectID: "P2", Kind: experts.EngageKeyEvaluation, Sheets: []experts.ReviewSheet{
		sheet("甲", "18", "16", "20", "17", "12"), // 83
		sheet("乙", "15", "14", "18", "15", "10"), // 72
		sheet("丙", "19", "18", "22", "18", "13"), // 90
	}}
	// Mean of the totals: (83 + 72 + 90)/3 = 245/3 = 81.666… → 81.67.
	// Items: process 52/3 = 17.33, evidence 48/3 = 16, analysis 60/3 = 20,
	// conclusions 50/3 = 16.67, recommendations 35/3 = 11.67.
	rs, err := f.Score(r)
	require.NoError(t, err)
	assert.Equal(t, "81.67", rs.Total.StringFixed(2))
	var items []string
	for _, it := range rs.Items {
		items = append(items, it.Item+"="+it.Score.StringFixed(2))
	}
	assert.Equal(t, []string{"process=17.33", "evidence=16.00", "analysis=20.00", "conclusions=16.67", "recommendations=11.67"}, items)
	assert.False(t, rs.Poor)
	assert.Equal(t, "mean", rs.Method)

	// Trimmed: 90 and 72 dropped, 83 left.
	f.Method = "trimmed_mean"
	rs, err = f.Score(r)
	require.NoError(t, err)
	assert.Equal(t, "83.00", rs.Total.StringFixed(2))
	assert.Equal(t, []bool{false, true, true}, []bool{rs.Reviewers[0].Dropped, rs.Reviewers[1].Dropped, rs.Reviewers[2].Dropped})

	// A poor report: 10+10+15+10+10 = 55 < 60.
	f = experts.DefaultFramework()
	rs, err = f.Score(&experts.Report{ID: "R2", AgencyID: "A8", Sheets: []experts.ReviewSheet{sheet("甲", "10", "10", "15", "10", "10")}})
	require.NoError(t, err)
	assert.True(t, rs.Poor)

	// Bad sheets: every problem at once.
	bad := experts.ReviewSheet{Reviewer: "甲", Scores: []experts.ItemScore{
		{Item: "process", Score: d("21")}, {Item: "process", Score: d("1")}, {Item: "style", Score: d("1")}}}
	_, err = f.Score(&experts.Report{ID: "R3", Sheets: []experts.ReviewSheet{bad, sheet("甲", "1", "1", "1", "1", "1")}})
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	var got []string
	for _, p := range ps {
		got = append(got, p.Path+":"+p.Code)
	}
	assert.Equal(t, []string{"sheets[0].scores[0].score:score_out_of_range", "sheets[0].scores[1].item:item_scored_twice",
		"sheets[0].scores[2].item:unknown_item", "sheets[0].scores:item_not_scored", "sheets[0].scores:item_not_scored",
		"sheets[0].scores:item_not_scored", "sheets[0].scores:item_not_scored", "sheets[1].reviewer:reviewer_invalid"}, got)
}

func scored(agency, report, total string, poor bool) experts.ReportScore {
	return experts.ReportScore{ReportID: report, AgencyID: agency, Total: d(total), Poor: poor}
}

func standings(t *testing.T) []experts.Standing {
	st, err := experts.Standings(agencies(), []experts.ReportScore{
		scored("A5", "R1", "85", false), scored("A5", "R2", "85", false),
		scored("A6", "R3", "70", false),
		scored("A8", "R4", "50", true), scored("A8", "R5", "58", true), // mean 54 < 60
		scored("A9", "R6", "55", true), scored("A9", "R7", "58", true), scored("A9", "R8", "95", false), // mean 69.33, 2 poor
	}, experts.StandingPolicy{})
	require.NoError(t, err)
	return st
}

func TestStandings(t *testing.T) {
	st := standings(t)
	var got []string
	for _, s := range st {
		got = append(got, s.AgencyID+"="+s.Mean.StringFixed(2))
	}
	// By mean: A5 85, A6 70, A9 (55+58+95)/3 = 69.33, A8 54; then the
	// agencies with no report by ID.
	assert.Equal(t, []string{"A5=85.00", "A6=70.00", "A9=69.33", "A8=54.00", "A1=0.00", "A2=0.00", "A3=0.00", "A4=0.00", "A7=0.00"}, got)
	assert.Equal(t, 1, st[0].Rank)
	assert.True(t, st[2].Exclude)
	assert.Equal(t, "2 poor reports, the limit is 2", st[2].Reason.EN)
	assert.Equal(t, []string{"R6", "R7"}, st[2].PoorReports)
	assert.True(t, st[3].Exclude)
	assert.Equal(t, "mean report score 54.00 below 60", st[3].Reason.EN)
	assert.False(t, st[0].Exclude || st[1].Exclude)

	_, err := experts.Standings(agencies(), []experts.ReportScore{scored("ZZ", "R", "1", true)}, experts.StandingPolicy{})
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, "[0].agency_id", ps[0].Path)
}

func TestSelectConflicts(t *testing.T) {
	req := experts.SelectionRequest{ProjectID: "P1", Kind: experts.EngageKeyEvaluation, Qualifications: []string{"evaluation"},
		AsOf: "2021-09-15", Seed: 3}
	sel, err := experts.Select(agencies(), standings(t), req)
	require.NoError(t, err)
	var ex []string
	for _, e := range sel.Exclusions {
		ex = append(ex, e.AgencyID+":"+e.Reason)
	}
	// A1 did P1's feasibility study; A2 lacks "evaluation"; A3 has three
	// engagements running on 2021-09-15 (the fourth ended in March), the
	// cap is 3; A4 is suspended; A8 and A9 are on the exclusion list.
	assert.Equal(t, []string{"A1:prepared", "A2:qualification", "A3:concurrent_cap", "A4:status", "A8:poor_quality", "A9:poor_quality"}, ex)
	var ranked []string
	for _, c := range sel.Candidates {
		ranked = append(ranked, c.AgencyID)
	}
	// A5 (85) before A6 (70) before A7 (no report).
	assert.Equal(t, []string{"A5", "A6", "A7"}, ranked)
	assert.Equal(t, 3, sel.Candidates[2].Rank)

	// A cap of 4 lets A3 in; ties among unscored agencies (A3, A7) are
	// ordered by the seed, the same for the same seed.
	req.MaxConcurrent = 4
	a, err := experts.Select(agencies(), standings(t), req)
	require.NoError(t, err)
	b, err := experts.Select(agencies(), standings(t), req)
	require.NoError(t, err)
	assert.Equal(t, a, b)
	assert.Len(t, a.Candidates, 4)
	orders := map[string]bool{}
	for s := range uint64(16) {
		req.Seed = s
		c, err := experts.Select(agencies(), standings(t), req)
		require.NoError(t, err)
		orders[c.Candidates[2].AgencyID+c.Candidates[3].AgencyID] = true
	}
	assert.Equal(t, map[string]bool{"A3A7": true, "A7A3": true}, orders, "both orders of the tie occur over 16 seeds")

	// Design counts too; a custom list can widen it to ex-ante work.
	req.ConflictKinds = []experts.EngagementKind{experts.EngageExAnte}
	c, err := experts.Select(agencies(), nil, req)
	require.NoError(t, err)
	assert.Contains(t, c.Exclusions, experts.AgencyExclusion{AgencyID: "A6", Reason: experts.ExcludePrepared,
		Detail: performance.Text{ZH: "承担过本项目的 exante（2020-05-01）", EN: "did this project's exante (2020-05-01)"}})

	_, err = experts.Select(agencies(), nil, experts.SelectionRequest{Kind: "audit", AsOf: "soon", MaxConcurrent: -1})
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"no_project", "unknown_kind", "bad_date", "bad_cap"}, ps.Codes())
}

func TestValidateAgencies(t *testing.T) {
	as := []experts.Agency{
		{ID: "A", Qualifications: []string{"x"}, Status: experts.StatusActive, Engagements: []experts.Engagement{
			{Kind: "audit", Amount: d("-1"), Start: "2021-05-01", End: "2021-04-01"}}},
		{ID: "A", Staff: -1, Status: experts.StatusRemoved},
	}
	var ps performance.Problems
	require.ErrorAs(t, experts.ValidateAgencies(as), &ps)
	var got []string
	for _, p := range ps {
		got = append(got, p.Path+":"+p.Code)
	}
	assert.Equal(t, []string{"[0].engagements[0].project_id:engagement_no_project", "[0].engagements[0].kind:unknown_kind",
		"[0].engagements[0].amount:amount_negative", "[0].engagements[0].end:period_inverted",
		"[1].id:agency_id_invalid", "[1].qualifications:no_qualification", "[1].staff:bad_staff",
		"[1].status_reason:status_no_reason", "[1].status_date:bad_date"}, got)
	_, err := experts.ParseAgencies([]byte(`[{"id":"A","qualifications":["x"],"status":"active","fee":1}]`))
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, "[0].fee", ps[0].Path)
}

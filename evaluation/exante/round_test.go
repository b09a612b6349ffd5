package exante

import (
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/testflag"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules/ruletest"
)

var update = testflag.Update()

func exOrg(t *testing.T) *performance.Org {
	org, err := performance.NewOrg([]performance.Node{
		{ID: "lhasa", Name: "拉萨市", Kind: performance.NodeRegion},
		{ID: "city", Name: "市本级", Kind: performance.NodeRegion, Parent: "lhasa"},
		{ID: "cg", Name: "城关区", Kind: performance.NodeRegion, Parent: "lhasa"},
		{ID: "city-edu", Name: "教育局", Kind: performance.NodeDepartment, Parent: "city"},
		{ID: "city-hc", Name: "卫健委", Kind: performance.NodeDepartment, Parent: "city"},
		{ID: "cg-edu", Name: "教育局", Kind: performance.NodeDepartment, Parent: "cg"},
		{ID: "u1", Name: "一中", Kind: performance.NodeUnit, Parent: "city-edu"},
		{ID: "u2", Name: "医院", Kind: performance.NodeUnit, Parent: "city-hc"},
		{ID: "u3", Name: "城关一小", Kind: performance.NodeUnit, Parent: "cg-edu"},
	})
	require.NoError(t, err)
	return org
}

func exAssessment(unit string, round int, submitted, reduced, increased string) *Assessment {
	a := &Assessment{UnitID: unit, Round: round, Submitted: exDec(submitted), Reduced: exDec(reduced), Increased: exDec(increased)}
	a.Approved = a.Submitted.Sub(a.Reduced)
	return a
}

func TestSummarizeRounds(t *testing.T) {
	as := []*Assessment{
		exAssessment("u1", 1, "300", "100", "0"),  // 33.33%
		exAssessment("u2", 1, "200", "25", "10"),  // 12.5%
		exAssessment("u3", 1, "100", "0", "0"),    // 0%
		exAssessment("u3", 2, "800", "100", "0"),  // 12.5%
		exAssessment("nowhere", 2, "0", "0", "0"), // nothing submitted
	}
	sums, err := SummarizeRounds(as, exOrg(t), 2)
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"unknown_unit"}, ps.Codes())
	assert.Equal(t, "assessments[4].unit_id", ps[0].Path)
	require.Len(t, sums, 3)

	r1 := sums[0]
	assert.Equal(t, 1, r1.Round)
	// 125 ÷ 600 = 20.8333…% → 20.83; the pooled rate, not the mean of
	// 33.33, 12.5 and 0 (15.28).
	assert.Equal(t, 3, r1.Total.Projects)
	assert.Equal(t, "600", r1.Total.Submitted.String())
	assert.Equal(t, "125", r1.Total.Reduced.String())
	assert.Equal(t, "10", r1.Total.Increased.String())
	assert.Equal(t, "475", r1.Total.Approved.String())
	assert.Equal(t, "115", r1.Total.NetReduced.String())
	assert.Equal(t, "20.83", r1.Total.ReductionRate.String())
	// departments in the org's tree order (depth first, siblings by ID):
	// 城关区 (cg) before 市本级 (city), then 教育局 (city-edu), 卫健委 (city-hc)
	var got []string
	for _, d := range r1.Departments {
		got = append(got, d.ID+" "+d.Name+" "+d.ReductionRate.String())
	}
	assert.Equal(t, []string{"cg-edu 教育局 0", "city-edu 教育局 33.33", "city-hc 卫健委 12.5"}, got)
	got = nil
	for _, d := range r1.Regions {
		got = append(got, d.ID+" "+d.Submitted.String()+" "+d.ReductionRate.String())
	}
	// 市本级: 125 ÷ 500 = 25%; 城关区: 0 ÷ 100
	assert.Equal(t, []string{"cg 100 0", "city 500 25"}, got)
	exAssertRollsUp(t, r1.Total, r1.Departments)
	exAssertRollsUp(t, r1.Total, r1.Regions)

	r2 := sums[1]
	assert.Equal(t, 2, r2.Round)
	assert.Equal(t, "12.5", r2.Total.ReductionRate.String())
	require.Len(t, r2.Departments, 2)
	assert.Equal(t, Unassigned, r2.Departments[1].Name, "unknown units are kept, last")
	exAssertRollsUp(t, r2.Total, r2.Departments)
	exAssertRollsUp(t, r2.Total, r2.Regions)

	all := sums[2]
	assert.Equal(t, 0, all.Round)
	assert.Equal(t, 5, all.Total.Projects)
	// 225 ÷ 1,400 = 16.0714…% → 16.07
	assert.Equal(t, "16.07", all.Total.ReductionRate.String())
	exAssertRollsUp(t, all.Total, all.Departments)
	exAssertRollsUp(t, all.Total, all.Regions)
}

func TestSummarizeRoundsRounding(t *testing.T) {
	tests := []struct {
		submitted, reduced string
		places             int32
		want               string
	}{
		{"8", "1", 0, "13"},    // 12.5 half up → 13 (banker's would give 12)
		{"16", "1", 1, "6.3"},  // 6.25 → 6.3
		{"3", "2", 2, "66.67"}, // 66.666…
		{"3", "1", 1, "33.3"},  // 33.333…
		{"200", "1", 2, "0.5"}, // 0.50
		{"0", "0", 2, "0"},     // nothing submitted: zero, no error
		{"1000", "1000", 2, "100"},
	}
	for _, tt := range tests {
		t.Run(tt.reduced+"/"+tt.submitted, func(t *testing.T) {
			sums, err := SummarizeRounds([]*Assessment{exAssessment("u", 1, tt.submitted, tt.reduced, "0")}, nil, tt.places)
			require.NoError(t, err)
			assert.Equal(t, tt.want, sums[0].Total.ReductionRate.String())
			assert.Nil(t, sums[0].Departments, "no org, no departments")
		})
	}
}

// The seed's round summaries, rendered as JSON, against a golden file
// (go test -run TestSeedRoundsGolden -update-exante rewrites it).
func TestSeedRoundsGolden(t *testing.T) {
	pol, stds, subs, trees, org := loadPolicy(t)
	res, err := Assess(pol, stds, subs, trees, AssessOptions{})
	require.NoError(t, err)
	sums, err := SummarizeRounds(res, org, 2)
	require.NoError(t, err)
	got, err := json.MarshalIndent(sums, "", "  ")
	require.NoError(t, err)
	got = append(got, '\n')
	ruletest.Golden(t, "testdata/exante_rounds.golden.json", got, *update)
}

// TestSeedRounds reproduces the seed's ex-ante figures (拉财字〔2022〕9号) from
// project-level data through the bundled policy:
//
//	一上 35 projects, 17,702.19万元 submitted, 3,386.97万元 reduced: 3386.97 ÷ 17702.19 = 19.1331…% → 19.13%
//	二上  5 projects,  3,436.29万元 submitted, 1,761.29万元 reduced: 1761.29 ÷ 3436.29  = 51.2555…% → 51.26%
//	pooled 40 projects, 21,138.48万元, 5,148.26万元: 24.3549…% → 24.35%
func TestSeedRounds(t *testing.T) {
	pol, stds, subs, trees, org := loadPolicy(t)
	res, err := Assess(pol, stds, subs, trees, AssessOptions{})
	require.NoError(t, err)
	require.Len(t, res, 40)
	sums, err := SummarizeRounds(res, org, 2)
	require.NoError(t, err)
	require.Len(t, sums, 3)
	want := []struct {
		round                         int
		n                             int
		submitted, reduced, rate, wan string
	}{
		{1, 35, "177021900", "33869700", "19.13", "3,386.97万元"},
		{2, 5, "34362900", "17612900", "51.26", "1,761.29万元"},
		{0, 40, "211384800", "51482600", "24.35", "5,148.26万元"},
	}
	for i, w := range want {
		s := sums[i]
		assert.Equal(t, w.round, s.Round)
		assert.Equal(t, w.n, s.Total.Projects)
		assert.True(t, s.Total.Submitted.Equal(exDec(w.submitted)), "round %d submitted %s", w.round, s.Total.Submitted)
		assert.True(t, s.Total.Reduced.Equal(exDec(w.reduced)), "round %d reduced %s", w.round, s.Total.Reduced)
		assert.Equal(t, w.rate, s.Total.ReductionRate.StringFixed(2))
		assert.Equal(t, w.wan, performance.FormatAmount(s.Total.Reduced, performance.Wan))
		assert.True(t, s.Total.Approved.Equal(s.Total.Submitted.Sub(s.Total.Reduced)))
		exAssertRollsUp(t, s.Total, s.Departments)
		exAssertRollsUp(t, s.Total, s.Regions)
		assert.Greater(t, len(s.Departments), 1)
		assert.Greater(t, len(s.Regions), 1)
	}
	// The reductions come from the rules acting on the lines: the seed says
	// every project was assessed, so every project is scored, fundable and
	// not rejected, every reduction names a line rule or policy rule of the
	// policy and a cost line, and the four line-level kinds all occur.
	ids := map[string]bool{}
	for _, r := range pol.Rules.Rules {
		ids[r.ID] = true
	}
	kinds := map[ReductionKind]bool{}
	for _, a := range res {
		assert.True(t, a.Score != nil && a.Fundable && a.Verdict != Reject && a.Verdict != VerdictNone, "%s: verdict %s", a.ProjectID, a.Verdict)
		for _, r := range a.Reductions {
			assert.True(t, ids[r.RuleID], "reduction by %q", r.RuleID)
			assert.NotEqual(t, WholeProject, r.Line, "%s: whole-project reduction by %s", a.ProjectID, r.RuleID)
			kinds[r.Kind] = true
		}
	}
	for _, k := range []ReductionKind{ReductionPolicy, ReductionStandard, ReductionUnsupported, ReductionDuplicate} {
		assert.True(t, kinds[k], "no %s reduction in the sample", k)
	}
	for _, k := range []ReductionKind{ReductionRejected, ReductionNotFundable} {
		assert.False(t, kinds[k], "a %s reduction in the sample", k)
	}
}

func exAssertRollsUp(t *testing.T, total RoundFigures, parts []RoundFigures) {
	t.Helper()
	var sum RoundFigures
	for _, p := range parts {
		sum.Projects += p.Projects
		sum.Submitted = sum.Submitted.Add(p.Submitted)
		sum.Reduced = sum.Reduced.Add(p.Reduced)
		sum.Increased = sum.Increased.Add(p.Increased)
		sum.Approved = sum.Approved.Add(p.Approved)
		sum.NetReduced = sum.NetReduced.Add(p.NetReduced)
	}
	assert.Equal(t, total.Projects, sum.Projects)
	for _, pair := range [][2]decimal.Decimal{{total.Submitted, sum.Submitted}, {total.Reduced, sum.Reduced},
		{total.Increased, sum.Increased}, {total.Approved, sum.Approved}, {total.NetReduced, sum.NetReduced}} {
		assert.True(t, pair[0].Equal(pair[1]), "parts sum to %s, total %s", pair[1], pair[0])
	}
}

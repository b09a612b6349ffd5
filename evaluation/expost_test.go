package evaluation_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/internal/testflag"
	"github.com/jixiao-go/jixiao/performance"
)

var xpUpdate = testflag.Update()

func xpReport(t *testing.T, file string) *evaluation.KeyReport {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "expost", file))
	require.NoError(t, err)
	r, err := evaluation.ParseKeyReport(data)
	require.NoError(t, err)
	return r
}

func xpEvaluate(t *testing.T, file string) (*evaluation.KeyReport, *evaluation.KeyReportResult) {
	t.Helper()
	r := xpReport(t, file)
	res, err := r.Evaluate(evaluation.KeyFramework(), xpPolicy(t, "policy.json"), performance.ShareCheck{},
		time.Date(r.Year+1, 12, 31, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	return r, res
}

func xpCounts(d *performance.Distribution) []int {
	var c []int
	for _, t := range d.Tallies {
		c = append(c, t.Count)
	}
	return c
}

// TestSeedDeepEvaluation reproduces the seed's 2021 deep evaluation from the
// bundled project-level data: 15 department projects, 115,346.26万元,
// 1 优, 12 良, 2 中, 0 差.
func TestSeedDeepEvaluation(t *testing.T) {
	_, res := xpEvaluate(t, "deep2021.json")
	assert.Len(t, res.Graded, 15)
	assert.Equal(t, []int{1, 12, 2, 0}, xpCounts(res.Distribution))
	assert.Equal(t, "115,346.26万元", performance.FormatAmount(res.Distribution.TotalAmount(), performance.Wan))
	assert.True(t, res.Check.TotalMatches)
	assert.True(t, res.Check.AmountMatches)
	assert.True(t, res.Check.SharesMatch, "no shares were published")
	for _, sc := range res.Scorecards {
		assert.Equal(t, 3, sc.Evaluators, "deep evaluations have three experts")
	}
	xpCheckNextYear(t, res)
}

// TestSeedKeyEvaluation reproduces the 2020 key evaluation: 309,162.34万元 over
// 66 projects graded 8/35/20/3 give the published shares exactly, and the
// published "56 projects" cannot be right: no split of 56 gives them.
func TestSeedKeyEvaluation(t *testing.T) {
	_, res := xpEvaluate(t, "key2020.json")
	assert.Len(t, res.Graded, 66)
	assert.Equal(t, []int{8, 35, 20, 3}, xpCounts(res.Distribution))
	assert.Equal(t, "309,162.34万元", performance.FormatAmount(res.Distribution.TotalAmount(), performance.Wan))
	// 8/66 = 12.1212…% → 12.12; 35/66 = 53.0303…% → 53.03; 20/66 = 30.3030…% → 30.30;
	// 3/66 = 4.5454…% → 4.55.
	want := []decimal.Decimal{xpDec("12.12"), xpDec("53.03"), xpDec("30.30"), xpDec("4.55")}
	for i, s := range res.Check.Computed.Shares {
		xpAssertDec(t, want[i].String(), s)
	}
	assert.True(t, res.Check.SharesMatch)
	assert.True(t, res.Check.AmountMatches)
	assert.False(t, res.Check.TotalMatches, "66 projects reproduce the shares, not 56")
	assert.Equal(t, 66, res.Check.Computed.Total)

	f := res.Check.Finding
	assert.False(t, f.Consistent)
	assert.Equal(t, performance.CodeSharesInconsistent, f.Code)
	require.NotNil(t, f.Smallest)
	assert.Equal(t, 66, f.Smallest.Total)
	assert.Equal(t, []int{8, 35, 20, 3}, f.Smallest.Counts)
	xpCheckNextYear(t, res)
}

// xpCheckNextYear checks results application over a report against the
// bundled policy's rules, independently of how Apply computes them.
func xpCheckNextYear(t *testing.T, res *evaluation.KeyReportResult) {
	t.Helper()
	ny := res.NextYear
	require.NotNil(t, ny)
	require.Len(t, ny.Projects, len(res.Graded))
	var sumProjects, sumDepts, sumRegions decimal.Decimal
	for _, c := range ny.Projects {
		sc := res.Scorecards[c.ProjectID]
		require.NotNil(t, sc)
		switch sc.Grade {
		case performance.Poor:
			assert.Contains(t, []evaluation.BudgetAction{evaluation.ActionCancel, evaluation.ActionSuspend}, c.Action, c.ProjectID)
			assert.True(t, c.Amount.IsZero())
		case performance.Fair:
			assert.Equal(t, evaluation.ActionCut, c.Action, c.ProjectID)
			xpAssertDec(t, c.Requested.Mul(xpDec("0.8")).Round(2).String(), c.Amount, c.ProjectID)
		case performance.Excellent:
			// The generator gives 优 at least 95% execution and attainment.
			assert.Equal(t, evaluation.ActionPrioritize, c.Action, c.ProjectID)
			xpAssertDec(t, c.Requested.String(), c.Amount, c.ProjectID)
		case performance.Good:
			assert.Contains(t, []evaluation.BudgetAction{evaluation.ActionAsNeeded, evaluation.ActionCut}, c.Action, c.ProjectID)
		}
		sumProjects = sumProjects.Add(c.Amount)
	}
	for _, d := range ny.Departments {
		sumDepts = sumDepts.Add(d.Amount)
		if d.CarryOverGrowth.IsPositive() {
			xpAssertDec(t, d.CarryOverGrowth.Mul(xpDec("0.3")).Round(2).String(), d.CarryOverCut, d.Node.ID)
		} else {
			assert.True(t, d.CarryOverCut.IsZero(), d.Node.ID)
		}
	}
	for _, r := range ny.Regions {
		sumRegions = sumRegions.Add(r.Amount)
	}
	xpAssertDec(t, sumProjects.String(), sumDepts, "departments add up to the projects")
	xpAssertDec(t, sumProjects.String(), sumRegions, "regions add up to the projects")
	xpAssertDec(t, sumProjects.String(), ny.Total.Amount, "the total adds up to the projects")
}

// TestSeedGolden renders both rounds as a report page and compares it with
// testdata/expost_seed.golden (rewrite with go test -update).
func TestSeedGolden(t *testing.T) {
	var b strings.Builder
	for _, file := range []string{"deep2021.json", "key2020.json"} {
		r, res := xpEvaluate(t, file)
		fmt.Fprintf(&b, "%s (%d)\n", r.Title, r.Year)
		for _, tl := range res.Distribution.Tallies {
			fmt.Fprintf(&b, "  %s %3d  %s\n", tl.Label, tl.Count, performance.FormatAmount(tl.Amount, performance.Wan))
		}
		fmt.Fprintf(&b, "  合计 %d  %s\n", res.Distribution.Total(), performance.FormatAmount(res.Distribution.TotalAmount(), performance.Wan))
		fixed := func(ds []decimal.Decimal) string {
			var parts []string
			for _, d := range ds {
				parts = append(parts, d.StringFixed(r.Published.Places))
			}
			return "[" + strings.Join(parts, " ") + "]"
		}
		fmt.Fprintf(&b, "  computed shares %s (published %s, %d projects)\n", fixed(res.Check.Computed.Shares),
			fixed(r.Published.Shares), r.Published.Projects)
		if res.Check.Finding.Code != "" {
			fmt.Fprintf(&b, "  %s\n  %s\n", res.Check.Finding.Text.ZH, res.Check.Finding.Text.EN)
		}
		for _, a := range append(res.NextYear.Regions, res.NextYear.Total) {
			name := a.Node.Name
			if name == "" {
				name = "合计"
			}
			fmt.Fprintf(&b, "  next year %s: requested %s, total %s, change %s, recovered %s\n", name,
				a.Requested.StringFixed(2), a.Total.StringFixed(2), a.Change.StringFixed(2), a.Recovered.StringFixed(2))
		}
	}
	golden := filepath.Join("testdata", "expost_seed.golden")
	if *xpUpdate {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, []byte(b.String()), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), b.String())
}

func TestDistribute(t *testing.T) {
	gs := []evaluation.Graded{
		{ProjectID: "a", Amount: xpDec("100.10"), Grade: performance.Excellent},
		{ProjectID: "b", Amount: xpDec("200.20"), Grade: performance.Good},
		{ProjectID: "c", Amount: xpDec("300.30"), Grade: performance.Good},
		{ProjectID: "d", Amount: xpDec("5")}, // not graded
	}
	d, err := evaluation.Distribute(gs)
	assert.Equal(t, []string{"ungraded"}, xpCodes(t, err))
	assert.Equal(t, []int{1, 2, 0, 0}, xpCounts(d))
	xpAssertDec(t, "600.60", d.TotalAmount()) // 100.10 + 200.20 + 300.30
	good, _ := d.Tally("良")
	xpAssertDec(t, "500.50", good.Amount)
}

func TestDistributeBands(t *testing.T) {
	s := evaluation.PARTFramework().Scheme
	gs := []evaluation.Graded{
		{ProjectID: "a", Amount: xpDec("10"), Rating: "Effective"},
		{ProjectID: "b", Amount: xpDec("20"), Rating: "Results Not Demonstrated"},
		{ProjectID: "c", Amount: xpDec("30"), Rating: "Results Not Demonstrated"},
		{ProjectID: "d", Amount: xpDec("40"), Rating: "Great"},
	}
	d, err := evaluation.DistributeBands(gs, s)
	assert.Equal(t, []string{"unknown_rating"}, xpCodes(t, err))
	// Bands in order, then the override's label.
	assert.Equal(t, []int{1, 0, 0, 0, 2}, xpCounts(d))
	assert.Equal(t, "Results Not Demonstrated", d.Tallies[4].Label)
	xpAssertDec(t, "50", d.Tallies[4].Amount)
}

func TestCheckPublishedCountsOnly(t *testing.T) {
	d := performance.GradeDistribution()
	require.NoError(t, d.AddGrade(performance.Good, xpDec("1")))
	pc, err := evaluation.CheckPublished(d, performance.PublishedShares{Total: 2}, xpDec("2"), performance.ShareCheck{})
	require.NoError(t, err)
	assert.True(t, pc.SharesMatch, "no shares stated")
	assert.False(t, pc.TotalMatches, "1 project, 2 stated")
	assert.False(t, pc.AmountMatches, "1 yuan, 2 stated")
	assert.Empty(t, pc.Finding.Code)
}

func TestParseKeyReportProblems(t *testing.T) {
	_, err := evaluation.ParseKeyReport([]byte(`{"id":"r","evaluations":[{"project_id":"a","amount":"-1"},{"project_id":"a","amount":"1"}]}`))
	assert.Equal(t, []string{"negative_amount", "bad_project_id"}, xpCodes(t, err))
	_, err = evaluation.ParseKeyReport([]byte(`{"id":"r","evaluatons":[]}`))
	assert.Equal(t, []string{"unknown_field"}, xpCodes(t, err))
}

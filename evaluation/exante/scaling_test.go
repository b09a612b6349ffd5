package exante

import (
	"strconv"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/internal/cputime"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bestOf returns the shortest of five runs of f, to keep a shared
// machine's noise out of a scaling comparison.
func bestOf(f func()) time.Duration {
	best := time.Hour
	for range 5 {
		start := cputime.Now()
		f()
		best = min(best, cputime.Now()-start)
	}
	return best
}

// manyRounds is n assessments of unit u1 (教育局 under 市本级), one per
// round 1…n, each 100 submitted and 1 reduced.
func manyRounds(n int) []*Assessment {
	as := make([]*Assessment, n)
	for i := range as {
		as[i] = exAssessment("u1", n-i, "100", "1", "0") // rounds given in descending order
	}
	return as
}

// TestSummarizeRoundsManyRounds: every assessment in a round of its own.
// The summaries are what they were (one per round in ascending order, each
// 1 ÷ 100 = 1.00%, then the total of all n), and the time grows linearly
// with n: each round used to scan every assessment and the whole org.
func TestSummarizeRoundsManyRounds(t *testing.T) {
	org := exOrg(t)
	sums, err := SummarizeRounds(manyRounds(500), org, 2)
	require.NoError(t, err)
	require.Len(t, sums, 501)
	for i, s := range sums[:500] {
		require.Equal(t, i+1, s.Round)
		assert.Equal(t, 1, s.Total.Projects)
		assert.Equal(t, "1", s.Total.ReductionRate.String())
		require.Len(t, s.Departments, 1)
		assert.Equal(t, "city-edu 教育局 1", s.Departments[0].ID+" "+s.Departments[0].Name+" "+s.Departments[0].ReductionRate.String())
		require.Len(t, s.Regions, 1)
		assert.Equal(t, "city", s.Regions[0].ID)
	}
	total := sums[500]
	assert.Equal(t, 0, total.Round)
	assert.Equal(t, 500, total.Total.Projects)
	assert.Equal(t, "50000", total.Total.Submitted.String())
	assert.Equal(t, "1", total.Total.ReductionRate.String()) // 500 ÷ 50,000

	if testing.Short() {
		t.Skip("timing")
	}
	// n rounds of one assessment each, in an org of n units: each round
	// used to visit all n assessments and copy all n org nodes, twice.
	wide := func(n int) ([]*Assessment, *performance.Org) {
		nodes := []performance.Node{
			{ID: "city", Name: "市本级", Kind: performance.NodeRegion},
			{ID: "edu", Name: "教育局", Kind: performance.NodeDepartment, Parent: "city"},
		}
		as := manyRounds(n)
		for i := range n {
			id := "u" + strconv.Itoa(i)
			nodes = append(nodes, performance.Node{ID: id, Name: id, Kind: performance.NodeUnit, Parent: "edu"})
			as[i].UnitID = id
		}
		org, err := performance.NewOrg(nodes)
		require.NoError(t, err)
		return as, org
	}
	smallAs, smallOrg := wide(1000)
	largeAs, largeOrg := wide(4000)
	ts := bestOf(func() { _, _ = SummarizeRounds(smallAs, smallOrg, 2) })
	tl := bestOf(func() { _, _ = SummarizeRounds(largeAs, largeOrg, 2) })
	t.Logf("SummarizeRounds: %v for 1,000 rounds and units, %v for 4,000", ts, tl)
	// Linear: four times the rounds, about four times the time; quadratic
	// would be sixteen.
	assert.Less(t, tl, 9*ts+50*time.Millisecond)
}

// wideSheet is a sheet of n items of weight 1 and an expert who scores
// them in reverse order, item i getting i mod 2 points (0 or 1).
func wideSheet(n int) (*scoreSheet, []Expert) {
	c := AssessCriteria{Method: CombineMean, Places: 2}
	ex := Expert{ID: "e"}
	for i := range n {
		c.Items = append(c.Items, AssessItem{ID: "i" + strconv.Itoa(i), Dimension: Necessity, Weight: decimal.NewFromInt(1)})
	}
	for i := n - 1; i >= 0; i-- {
		ex.Scores = append(ex.Scores, ItemScore{Item: "i" + strconv.Itoa(i), Score: decimal.NewFromInt(int64(i % 2))})
	}
	return c.sheet(), []Expert{ex}
}

// TestCombineScoresOutOfOrder: an expert listing the items in another order
// than the sheet's gets the same total, and finding each item costs the
// same however long the sheet: it used to be a scan of the sheet per score.
func TestCombineScoresOutOfOrder(t *testing.T) {
	sh, experts := wideSheet(1001)
	cs, err := sh.combine(experts, nil)
	require.NoError(t, err)
	// Items 1, 3, …, 999 score 1: 500 points.
	assert.Equal(t, "500", cs.Total.String())

	if testing.Short() {
		t.Skip("timing")
	}
	shS, exS := wideSheet(5000)
	shL, exL := wideSheet(20000)
	ts := bestOf(func() { _, _ = shS.combine(exS, nil) })
	tl := bestOf(func() { _, _ = shL.combine(exL, nil) })
	t.Logf("combine: %v for 5,000 items out of order, %v for 20,000", ts, tl)
	// A scan per score was 2·10^8 comparisons at 20,000 items.
	assert.Less(t, tl, 9*ts+50*time.Millisecond)
}

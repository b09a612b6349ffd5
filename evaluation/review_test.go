package evaluation_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/performance"
)

func xpCandidates() []evaluation.Candidate {
	c := []evaluation.Candidate{
		{ProjectID: "A1", Department: "教育局", Amount: xpDec("50000")},
		{ProjectID: "A2", Department: "教育局", Amount: xpDec("200000")},
		{ProjectID: "A3", Department: "教育局", Amount: xpDec("3000000")},
		{ProjectID: "A4", Department: "教育局", Amount: xpDec("6000000")},
		{ProjectID: "A5", Department: "教育局", Amount: xpDec("1000000")}, // exactly the bound: band 1
	}
	for i := 1; i <= 7; i++ {
		c = append(c, evaluation.Candidate{ProjectID: fmt.Sprintf("B%d", i), Department: "卫健委", Amount: xpDec("10000")})
	}
	return c
}

func xpSpec(seed uint64) evaluation.SampleSpec {
	return evaluation.SampleSpec{Seed: seed, Rate: xpDec("0.3"),
		AmountBands: []decimal2{xpDec("1000000"), xpDec("5000000")}}
}

func TestDrawSampleCountsPerStratum(t *testing.T) {
	s, err := evaluation.DrawSample(xpCandidates(), xpSpec(42))
	require.NoError(t, err)
	// Strata sorted by department (卫健委 < 教育局 in byte order) then band.
	// 卫健委 band 0: 7 projects × 0.3 = 2.1 → 3.
	// 教育局 band 0: A1, A2 → 0.6 → 1; band 1 [1M, 5M): A3, A5 → 0.6 → 1; band 2: A4 → 0.3 → 1.
	type row struct {
		dept       string
		band, size int
		drawn      int
	}
	var got []row
	for _, st := range s.Strata {
		got = append(got, row{st.Department, st.Band, st.Size, len(st.Drawn)})
	}
	assert.Equal(t, []row{{"卫健委", 0, 7, 3}, {"教育局", 0, 2, 1}, {"教育局", 1, 2, 1}, {"教育局", 2, 1, 1}}, got)
	assert.Len(t, s.ProjectIDs, 6)
	assert.True(t, slices.IsSorted(s.ProjectIDs))
	// Band membership: the 教育局 band-1 draw is A3 or A5, band 2 is A4.
	assert.Contains(t, []string{"A3", "A5"}, s.Strata[2].Drawn[0])
	assert.Equal(t, []string{"A4"}, s.Strata[3].Drawn)
}

func TestDrawSampleReproducible(t *testing.T) {
	a, err := evaluation.DrawSample(xpCandidates(), xpSpec(7))
	require.NoError(t, err)
	// Same seed, candidates in reverse order: the same sample.
	rev := xpCandidates()
	slices.Reverse(rev)
	b, err := evaluation.DrawSample(rev, xpSpec(7))
	require.NoError(t, err)
	assert.Equal(t, a, b)

	// More candidates in another department leave this one's draw unchanged.
	more := append(xpCandidates(), evaluation.Candidate{ProjectID: "C1", Department: "交通局", Amount: xpDec("1")})
	c, err := evaluation.DrawSample(more, xpSpec(7))
	require.NoError(t, err)
	assert.Equal(t, a.Strata, c.Strata[1:]) // 交通局 sorts first

	// Different seeds do not all give the same sample.
	distinct := map[string]bool{}
	for seed := uint64(0); seed < 20; seed++ {
		s, err := evaluation.DrawSample(xpCandidates(), xpSpec(seed))
		require.NoError(t, err)
		distinct[fmt.Sprint(s.ProjectIDs)] = true
	}
	assert.Greater(t, len(distinct), 1)
}

func TestDrawSampleUniform(t *testing.T) {
	// One of four drawn, over 4,000 seeds: each is drawn about 1,000 times.
	// With p = 1/4 the standard deviation is √(4000·¼·¾) ≈ 27.4, so ±150 is
	// more than five deviations.
	cands := []evaluation.Candidate{{ProjectID: "a", Department: "d"}, {ProjectID: "b", Department: "d"},
		{ProjectID: "c", Department: "d"}, {ProjectID: "e", Department: "d"}}
	counts := map[string]int{}
	for seed := uint64(0); seed < 4000; seed++ {
		s, err := evaluation.DrawSample(cands, evaluation.SampleSpec{Seed: seed, MinPerStratum: 1})
		require.NoError(t, err)
		require.Len(t, s.ProjectIDs, 1)
		counts[s.ProjectIDs[0]]++
	}
	for id, n := range counts {
		assert.InDelta(t, 1000, n, 150, id)
	}
	assert.Len(t, counts, 4)
}

func TestDrawSampleProblems(t *testing.T) {
	cands := []evaluation.Candidate{
		{ProjectID: "A", Department: "d", Amount: xpDec("1")},
		{ProjectID: "A", Department: "d", Amount: xpDec("1")},
		{ProjectID: "B", Amount: xpDec("-1")},
	}
	_, err := evaluation.DrawSample(cands, evaluation.SampleSpec{Rate: xpDec("1.5"), MinPerStratum: -1,
		AmountBands: []decimal2{xpDec("5"), xpDec("5")}})
	assert.Equal(t, []string{"rate_out_of_range", "negative_minimum", "bands_not_ascending",
		"bad_project_id", "missing_department", "negative_amount"}, xpCodes(t, err))
}

func TestReviewSelfEvaluations(t *testing.T) {
	rechecks := []evaluation.Recheck{
		{ProjectID: "P1", UnitID: "U1", Self: xpDec("95"), Bureau: xpDec("82")},  // gap 13 > 10: inflated; 优 → 良
		{ProjectID: "P2", UnitID: "U1", Self: xpDec("88"), Bureau: xpDec("86")},  // gap 2; 良 both
		{ProjectID: "P3", UnitID: "U2", Self: xpDec("70"), Bureau: xpDec("75")},  // gap −5; 中 both
		{ProjectID: "P4", UnitID: "U2", Self: xpDec("91"), Bureau: xpDec("81")},  // gap 10, not above 10; 优 → 良
		{ProjectID: "P5", UnitID: "U3", SelfMissing: true, Bureau: xpDec("60")},  // not self-evaluated
		{ProjectID: "P6", UnitID: "U3", Self: xpDec("101"), Bureau: xpDec("90")}, // bad: reported, left out
	}
	r, err := evaluation.ReviewSelfEvaluations(rechecks, evaluation.ReviewCriteria{
		Inflation: xpDec("10"), Scheme: performance.DefaultScheme()})
	assert.Equal(t, []string{"score_out_of_range"}, xpCodes(t, err))
	require.NotNil(t, r)
	require.Len(t, r.Lines, 5)
	assert.True(t, r.Lines[0].Inflated)
	xpAssertDec(t, "13", r.Lines[0].Gap)
	assert.Equal(t, performance.Excellent, r.Lines[0].SelfGrade)
	assert.Equal(t, performance.Good, r.Lines[0].BureauGrade)
	assert.False(t, r.Lines[3].Inflated, "a gap equal to the threshold is not inflation")
	xpAssertDec(t, "-5", r.Lines[2].Gap)

	// U1: |13| + |2| = 15 / 2 = 7.5, 1 inflated; U2: |−5| + |10| = 15 / 2 = 7.5, 0 inflated;
	// U3: one missing. Ties on the mean absolute gap go to fewer inflated: U2, U1, U3.
	require.Len(t, r.Units, 3)
	var order []string
	for _, u := range r.Units {
		order = append(order, fmt.Sprintf("%d:%s", u.Rank, u.UnitID))
	}
	assert.Equal(t, []string{"1:U2", "2:U1", "3:U3"}, order)
	xpAssertDec(t, "7.5", r.Units[0].MeanAbsGap.Round(2))
	xpAssertDec(t, "2.5", r.Units[0].MeanGap.Round(2)) // (−5 + 10) / 2
	assert.Equal(t, 1, r.Units[0].GradeChanged)
	assert.Equal(t, 1, r.Units[1].Inflated)
	assert.Equal(t, 1, r.Units[2].Missing)
	assert.False(t, r.Units[2].MeanAbsGap.Valid())
}

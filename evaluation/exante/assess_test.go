package exante

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sheet is a two-dimension sheet: necessity 40 (N1 20, N2 20), economy 60 (C1).
func exSheet() []AssessItem {
	return []AssessItem{
		{ID: "N1", Dimension: Necessity, Weight: exDec("20")},
		{ID: "N2", Dimension: Necessity, Weight: exDec("20")},
		{ID: "C1", Dimension: Economy, Weight: exDec("60")},
	}
}

func exExpert(id, n1, n2, c1 string) Expert {
	return Expert{ID: id, Scores: []ItemScore{{"N1", exDec(n1)}, {"N2", exDec(n2)}, {"C1", exDec(c1)}}}
}

func TestCombine(t *testing.T) {
	// totals: e1 18+17+50 = 85, e2 20+20+55 = 95, e3 10+10+40 = 60, e4 15+15+50 = 80
	experts := []Expert{exExpert("e1", "18", "17", "50"), exExpert("e2", "20", "20", "55"),
		exExpert("e3", "10", "10", "40"), exExpert("e4", "15", "15", "50")}
	t.Run("mean", func(t *testing.T) {
		c := AssessCriteria{Items: exSheet()}
		s, err := c.Combine(experts)
		require.NoError(t, err)
		// (85+95+60+80)/4 = 320/4 = 80
		assert.Equal(t, "80", s.Total.String())
		assert.Equal(t, CombineMean, s.Method)
		// necessity (35+40+20+30)/4 = 31.25; economy (50+55+40+50)/4 = 48.75
		require.Len(t, s.Dimensions, 2)
		assert.Equal(t, Necessity, s.Dimensions[0].Dimension)
		assert.Equal(t, "31.25", s.Dimensions[0].Score.String())
		assert.Equal(t, "40", s.Dimensions[0].Weight.String())
		assert.Equal(t, "48.75", s.Dimensions[1].Score.String())
		assert.Equal(t, Support, c.Thresholds.Verdict(s.Total), "80 is inclusive")
	})
	t.Run("trimmed mean drops highest and lowest", func(t *testing.T) {
		c := AssessCriteria{Items: exSheet(), Method: CombineTrimmedMean}
		s, err := c.Combine(experts)
		require.NoError(t, err)
		// drop e2 (95) and e3 (60): (85+80)/2 = 82.5
		assert.Equal(t, "82.5", s.Total.String())
		assert.Equal(t, []bool{false, true, true, false},
			[]bool{s.Experts[0].Dropped, s.Experts[1].Dropped, s.Experts[2].Dropped, s.Experts[3].Dropped})
		// necessity (35+30)/2 = 32.5, economy (50+50)/2 = 50
		assert.Equal(t, "32.5", s.Dimensions[0].Score.String())
		assert.Equal(t, "50", s.Dimensions[1].Score.String())
	})
	t.Run("trimmed mean with two experts is the mean", func(t *testing.T) {
		c := AssessCriteria{Items: exSheet(), Method: CombineTrimmedMean}
		s, err := c.Combine(experts[:2])
		require.NoError(t, err)
		assert.Equal(t, "90", s.Total.String()) // (85+95)/2
		assert.Equal(t, CombineMean, s.Method)
	})
	t.Run("rounding half up to the named places", func(t *testing.T) {
		// totals 85, 95, 81: mean 261/3 = 87, need a repeating one: 85, 95, 80 → 260/3 = 86.666…
		ex := []Expert{experts[0], experts[1], exExpert("e5", "15", "15", "50")}
		c := AssessCriteria{Items: exSheet()}
		s, err := c.Combine(ex)
		require.NoError(t, err)
		assert.Equal(t, "86.67", s.Total.String())
		c.Places = 1
		s, err = c.Combine(ex)
		require.NoError(t, err)
		assert.Equal(t, "86.7", s.Total.String())
		c.Places = -1 // whole points
		s, err = c.Combine(ex)
		require.NoError(t, err)
		assert.Equal(t, "87", s.Total.String())
	})
	t.Run("every problem at once", func(t *testing.T) {
		c := AssessCriteria{Items: exSheet()}
		_, err := c.Combine([]Expert{
			{ID: "x", Scores: []ItemScore{{"N1", exDec("21")}, {"N1", exDec("1")}, {"Z9", exDec("1")}}},
		})
		var ps performance.Problems
		require.ErrorAs(t, err, &ps)
		assert.Equal(t, []string{"score_out_of_range", "item_scored_twice", "unknown_item", "item_not_scored", "item_not_scored"}, ps.Codes())
		assert.Equal(t, "experts[0].scores[0].score", ps[0].Path)
		_, err = c.Combine(nil)
		require.ErrorAs(t, err, &ps)
		assert.Equal(t, []string{"no_experts"}, ps.Codes())
	})
}

func TestVerdictThresholds(t *testing.T) {
	tests := []struct {
		th    VerdictThresholds
		score string
		want  Verdict
	}{
		{VerdictThresholds{}, "80", Support},
		{VerdictThresholds{}, "79.99", SupportAfterAdjustment},
		{VerdictThresholds{}, "60", SupportAfterAdjustment},
		{VerdictThresholds{}, "59.99", Reject},
		{VerdictThresholds{Support: exDec("85"), Adjust: exDec("70")}, "84.99", SupportAfterAdjustment},
		{VerdictThresholds{Support: exDec("85"), Adjust: exDec("70")}, "85", Support},
		{VerdictThresholds{Support: exDec("85"), Adjust: exDec("70")}, "69.99", Reject},
	}
	for _, tt := range tests {
		t.Run(tt.score, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.th.Verdict(exDec(tt.score)))
		})
	}
}

func TestAssessCriteriaValidate(t *testing.T) {
	require.NoError(t, (&AssessCriteria{}).Validate())
	var total = exDec("0")
	for _, it := range ThreeEItems() {
		total = total.Add(it.Weight)
	}
	assert.Equal(t, "100", total.String(), "default sheet is out of 100")
	c := AssessCriteria{
		Items:      []AssessItem{{ID: "A", Dimension: Necessity, Weight: exDec("0")}, {ID: "A"}},
		Thresholds: VerdictThresholds{Support: exDec("50"), Adjust: exDec("60")},
	}
	var ps performance.Problems
	require.ErrorAs(t, c.Validate(), &ps)
	assert.Equal(t, []string{"item_weight_invalid", "item_id_duplicate", "item_dimension_invalid", "item_weight_invalid", "thresholds_inverted"}, ps.Codes())

	// Combine on a sheet that Validate rejects still answers: an item of
	// an unknown dimension counts in the total (4 + 6 = 10) and in no
	// dimension.
	bad := AssessCriteria{Items: []AssessItem{{ID: "A", Dimension: Necessity, Weight: exDec("5")}, {ID: "B", Dimension: Dimension("beauty"), Weight: exDec("10")}}}
	cs, err := bad.Combine([]Expert{{ID: "e", Scores: []ItemScore{{Item: "A", Score: exDec("4")}, {Item: "B", Score: exDec("6")}}}})
	require.NoError(t, err)
	assert.Equal(t, "10", cs.Total.String())
	require.Len(t, cs.Dimensions, 1)
	assert.Equal(t, "4", cs.Dimensions[0].Score.String())
}

func TestEnumsJSON(t *testing.T) {
	b, err := json.Marshal(struct {
		D Dimension
		V Verdict
		M CombineMethod
	}{Economy, SupportAfterAdjustment, CombineTrimmedMean})
	require.NoError(t, err)
	assert.JSONEq(t, `{"D":"economy","V":"support_after_adjustment","M":"trimmed_mean"}`, string(b))
	var v Verdict
	require.NoError(t, v.UnmarshalText([]byte("不予支持")))
	assert.Equal(t, Reject, v)
	assert.Equal(t, "调整完善后予以支持", SupportAfterAdjustment.Name(performance.LangZH))
	var d Dimension
	require.NoError(t, d.UnmarshalText([]byte("效益性")))
	assert.Equal(t, Effectiveness, d)
	// Dimensions are data: an unknown name decodes as a code, and the
	// sheet's Validate rejects it unless a dimension is declared so. (This
	// assertion was an error from UnmarshalText while dimensions were a
	// closed list.)
	require.NoError(t, d.UnmarshalText([]byte("beauty")))
	assert.Equal(t, Dimension("beauty"), d)
}

// The int64 fast path and the decimal path of Combine agree: the same scores
// written with five decimals (which the fast path declines) give the same
// figures.
func TestCombineFastPathAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	items := ThreeEItems()
	for round := range 200 {
		var short, long []Expert
		for e := range 2 + rng.IntN(6) {
			var a, b Expert
			a.ID, b.ID = "e"+strconv.Itoa(e), "e"+strconv.Itoa(e)
			for _, it := range items {
				// quarter points from 0 to the weight
				v := decimal.New(rng.Int64N(it.Weight.IntPart()*4+1)*25, -2)
				a.Scores = append(a.Scores, ItemScore{it.ID, v})
				b.Scores = append(b.Scores, ItemScore{it.ID, exDec(v.StringFixed(5))})
			}
			short, long = append(short, a), append(long, b)
		}
		// the int64 path given up midway: the last expert's scores in
		// reverse order, the last of them with five places
		mixed := slices.Clone(short)
		last := &mixed[len(mixed)-1]
		last.Scores = slices.Clone(last.Scores)
		slices.Reverse(last.Scores)
		last.Scores[len(last.Scores)-1].Score = exDec(last.Scores[len(last.Scores)-1].Score.StringFixed(5))
		for _, m := range []CombineMethod{CombineMean, CombineTrimmedMean} {
			c := AssessCriteria{Sheet: SheetThreeE, Method: m, Places: 3}
			x, err := c.Combine(short)
			require.NoError(t, err)
			z, err := c.Combine(mixed)
			require.NoError(t, err)
			require.Equal(t, mustJSON(t, x), mustJSON(t, z), "round %d: mixed", round)
			y, err := c.Combine(long)
			require.NoError(t, err)
			require.True(t, x.Total.Equal(y.Total), "round %d: %s vs %s", round, x.Total, y.Total)
			for i := range x.Dimensions {
				require.True(t, x.Dimensions[i].Score.Equal(y.Dimensions[i].Score))
			}
			for i := range x.Experts {
				require.True(t, x.Experts[i].Total.Equal(y.Experts[i].Total))
				require.Equal(t, x.Experts[i].Dropped, y.Experts[i].Dropped)
			}
		}
	}
}

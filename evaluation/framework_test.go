package evaluation_test

import (
	"encoding/json"
	"errors"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/experts"
	"github.com/jixiao-go/jixiao/performance"
)

func xpDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func xpAssertDec(t *testing.T, want string, got decimal.Decimal, msg ...any) {
	t.Helper()
	assert.True(t, got.Equal(xpDec(want)), "got %s want %s %v", got, want, msg)
}

func xpCodes(t *testing.T, err error) []string {
	t.Helper()
	var ps performance.Problems
	require.True(t, errors.As(err, &ps), "want performance.Problems, got %v", err)
	return ps.Codes()
}

// fullSheet rates every leaf of f at its full weight except those in
// overrides (criterion ID → points).
func xpFullSheet(f *evaluation.Framework, who string, overrides map[string]string) evaluation.Sheet {
	s := evaluation.Sheet{Evaluator: who}
	var walk func(c evaluation.Criterion)
	walk = func(c evaluation.Criterion) {
		if len(c.Sub) == 0 {
			p := c.Weight
			if v, ok := overrides[c.ID]; ok {
				p = xpDec(v)
			}
			s.Ratings = append(s.Ratings, evaluation.CriterionRating{Criterion: c.ID, Points: p})
			return
		}
		for _, sc := range c.Sub {
			walk(sc)
		}
	}
	for _, c := range f.Criteria {
		walk(c)
	}
	return s
}

func TestBuiltinFrameworksValidate(t *testing.T) {
	for _, f := range []*evaluation.Framework{evaluation.KeyFramework(), evaluation.DepartmentFramework(),
		evaluation.LoanFramework(), evaluation.PARTFramework()} {
		t.Run(f.ID, func(t *testing.T) { assert.NoError(t, f.Validate()) })
	}
}

func TestFrameworkValidateReportsEverything(t *testing.T) {
	f := evaluation.KeyFramework()
	// Decision 20 → 25 and output 30 → 25: output + benefit = 25 + 30 = 55 < 60;
	// the top-level total stays 25 + 20 + 25 + 30 = 100, but decision's
	// sub-indicators still add up to 20 and output's to 30.
	f.Criteria[0].Weight = xpDec("25")
	f.Criteria[2].Weight = xpDec("25")
	f.Criteria[1].Sub[0].Sub[0].ID = "D11" // duplicate of decision's first leaf
	f.Criteria[3].Sub[1].Weight = xpDec("0")
	err := f.Validate()
	require.Error(t, err)
	assert.ErrorIs(t, err, performance.ErrInvalid)
	// benefit's sub weights are now 20 + 0 = 20 ≠ 30 and top total 25+20+25+30 = 100.
	assert.ElementsMatch(t, []string{"sub_weights_mismatch", "sub_weights_mismatch", "duplicate_id",
		"non_positive_weight", "sub_weights_mismatch", "output_benefit_below_floor"}, xpCodes(t, err))
}

func TestKeyEvaluationRejectsLowOutputBenefit(t *testing.T) {
	f := evaluation.KeyFramework()
	f.MinOutputBenefit = decimal.Zero // even without the framework's own floor
	f.Criteria[0].Weight, f.Criteria[0].Sub = xpDec("30"), []evaluation.Criterion{{ID: "D1", Weight: xpDec("30")}}
	f.Criteria[3].Weight, f.Criteria[3].Sub = xpDec("20"), []evaluation.Criterion{{ID: "B1", Weight: xpDec("20")}}
	// output 30 + benefit 20 = 50 < 60.
	k := &evaluation.KeyEvaluation{ProjectID: "P1", Sheets: []evaluation.Sheet{xpFullSheet(f, "a", nil)}}
	_, err := k.Score(f)
	assert.Equal(t, []string{"output_benefit_below_floor"}, xpCodes(t, err))
}

func TestKeyEvaluationScore(t *testing.T) {
	f := evaluation.KeyFramework()
	// Evaluator A docks D11 0.5, P12 1, O1 2, B1 3: 100 − 6.5 = 93.5.
	a := xpFullSheet(f, "A", map[string]string{"D11": "2.5", "P12": "3", "O1": "8", "B1": "17"})
	// Evaluator B docks P12 2, O1 1, B1 4.5, B2 2: 100 − 9.5 = 90.5.
	b := xpFullSheet(f, "B", map[string]string{"P12": "2", "O1": "9", "B1": "15.5", "B2": "8"})
	// Evaluator C docks O1 5, O2 4, B1 6: 100 − 15 = 85.
	c := xpFullSheet(f, "C", map[string]string{"O1": "5", "O2": "6", "B1": "14"})

	tests := []struct {
		name   string
		sheets []evaluation.Sheet
		total  string
		grade  performance.Grade
		lines  map[string]string
	}{
		// (93.5 + 90.5) / 2 = 92 → 优.
		{"two evaluators", []evaluation.Sheet{a, b}, "92", performance.Excellent,
			// D: (19.5 + 20)/2 = 19.75; P12: (3+2)/2 = 2.5; O1: (8+9)/2 = 8.5; B: (27+23.5)/2 = 25.25.
			map[string]string{"D": "19.75", "P12": "2.5", "O1": "8.5", "B": "25.25"}},
		// (93.5 + 90.5 + 85) / 3 = 269 / 3 = 89.666… → 89.67 half up → 良.
		{"three evaluators", []evaluation.Sheet{a, b, c}, "89.67", performance.Good,
			// O: (28 + 29 + 21) / 3 = 26; B1: (17 + 15.5 + 14)/3 = 15.5.
			map[string]string{"O": "26", "B1": "15.5", "P": "19"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := &evaluation.KeyEvaluation{ProjectID: "P1", Depth: evaluation.DepthDeep, ThirdParty: "某会计师事务所",
				Sheets: tt.sheets, Findings: []string{"绩效目标不够细化"}, Recommendations: []string{"细化量化指标"}}
			sc, err := k.Score(f)
			require.NoError(t, err)
			xpAssertDec(t, tt.total, sc.Total)
			assert.Equal(t, tt.grade, sc.Grade)
			assert.Equal(t, len(tt.sheets), sc.Evaluators)
			got := map[string]decimal.Decimal{}
			for _, l := range sc.Lines {
				got[l.Criterion] = l.Points
			}
			for id, want := range tt.lines {
				xpAssertDec(t, want, got[id], id)
			}
		})
	}
	// P for three evaluators: (20−1) + (20−2) + 20 = 57 / 3 = 19 — listed above.
}

func TestFrameworkScoreProblems(t *testing.T) {
	f := evaluation.LoanFramework()
	s := evaluation.Sheet{Evaluator: "x", Ratings: []evaluation.CriterionRating{
		{Criterion: "relevance", Label: "相关"},
		{Criterion: "relevance", Label: "相关"},             // duplicate
		{Criterion: "efficiency", Label: "很好"},            // unknown label
		{Criterion: "effectiveness", Points: xpDec("21")}, // above weight 20
		{Criterion: "nonsense", Points: xpDec("1")},       // unknown criterion
		// sustainability left unrated
	}}
	_, err := f.Score([]evaluation.Sheet{s}, nil)
	assert.Equal(t, []string{"duplicate_rating", "unknown_label", "points_out_of_range", "unknown_criterion",
		"unrated_criterion"}, xpCodes(t, err))
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, "sheets[0].ratings[3].points", ps[2].Path)

	_, err = f.Score(nil, nil)
	assert.Equal(t, []string{"no_sheets"}, xpCodes(t, err))
}

func TestLoanFramework(t *testing.T) {
	f := evaluation.LoanFramework()
	// 高度相关 20×1 = 20; 有效率 50×0.75 = 37.5; 部分有效 20×0.5 = 10; 可能 10×0.75 = 7.5;
	// total 75 → 成功 (≥ 75), grade 良.
	s := evaluation.Sheet{Evaluator: "mission", Ratings: []evaluation.CriterionRating{
		{Criterion: "relevance", Label: "高度相关"}, {Criterion: "efficiency", Label: "有效率"},
		{Criterion: "effectiveness", Label: "部分有效"}, {Criterion: "sustainability", Label: "可能"},
	}}
	sc, err := f.Score([]evaluation.Sheet{s}, nil)
	require.NoError(t, err)
	xpAssertDec(t, "75", sc.Total)
	assert.Equal(t, "成功", sc.Rating)
	assert.Equal(t, performance.Good, sc.Grade)

	// One step down in efficiency: 部分有效率 50×0.5 = 25 → 62.5 → 部分成功, 中.
	s.Ratings[1].Label = "部分有效率"
	sc, err = f.Score([]evaluation.Sheet{s}, nil)
	require.NoError(t, err)
	xpAssertDec(t, "62.5", sc.Total)
	assert.Equal(t, "部分成功", sc.Rating)
	assert.Equal(t, performance.Fair, sc.Grade)
}

func TestWeightedTotalRoundsHalfUpExactly(t *testing.T) {
	// A loan-style framework whose sustainability label is worth 23.45% of 10:
	// 20×1 + 50×0.8 + 20×0.5 + 10×0.2345 = 20 + 40 + 10 + 2.345 = 72.345 exactly,
	// which rounds half up to 72.35.
	f := evaluation.LoanFramework()
	f.Criteria[1].Scale = append(f.Criteria[1].Scale, evaluation.Label{Name: "较高效", Share: xpDec("0.8")})
	f.Criteria[3].Scale = append(f.Criteria[3].Scale, evaluation.Label{Name: "较难", Share: xpDec("0.2345")})
	require.NoError(t, f.Validate())
	s := evaluation.Sheet{Ratings: []evaluation.CriterionRating{
		{Criterion: "relevance", Label: "高度相关"}, {Criterion: "efficiency", Label: "较高效"},
		{Criterion: "effectiveness", Label: "部分有效"}, {Criterion: "sustainability", Label: "较难"},
	}}
	sc, err := f.Score([]evaluation.Sheet{s}, nil)
	require.NoError(t, err)
	xpAssertDec(t, "72.345", sc.Exact.Num.Div(sc.Exact.Den))
	xpAssertDec(t, "72.35", sc.Total)

	// The same sum in float64 is 72.34499999999999886…, which prints as 72.34:
	// the case is one float arithmetic gets wrong.
	x := 20*1.0 + 50*0.8 + 20*0.5 + 10*0.2345
	assert.Equal(t, "72.34", strconv.FormatFloat(x, 'f', 2, 64))
}

func TestPARTFramework(t *testing.T) {
	f := evaluation.PARTFramework()
	yes := func(id string) evaluation.CriterionRating {
		return evaluation.CriterionRating{Criterion: id, Label: "Yes"}
	}
	r := func(id, l string) evaluation.CriterionRating {
		return evaluation.CriterionRating{Criterion: id, Label: l}
	}
	s := evaluation.Sheet{Ratings: []evaluation.CriterionRating{
		yes("purpose.1"), yes("purpose.2"), yes("purpose.3"), yes("purpose.4"), yes("purpose.5"), // 5×4 = 20
		yes("planning.1"), yes("planning.2"), yes("planning.3"), r("planning.4", "No"), // 3×2.5 = 7.5
		yes("management.1"), yes("management.2"), yes("management.3"), yes("management.4"), // 4×5 = 20
		// 10 + 6.7 + 6.7 + 3.3 + 0 = 26.7
		yes("results.1"), r("results.2", "Large Extent"), r("results.3", "Large Extent"),
		r("results.4", "Small Extent"), r("results.5", "No"),
	}}
	// 20 + 7.5 + 20 + 26.7 = 74.2 → Moderately Effective (70 ≤ 74.2 < 85).
	sc, err := f.Score([]evaluation.Sheet{s}, nil)
	require.NoError(t, err)
	xpAssertDec(t, "74.2", sc.Total)
	assert.Equal(t, "Moderately Effective", sc.Rating)
	assert.Empty(t, sc.Override)

	// Missing baselines: Results Not Demonstrated whatever the score; the score stays.
	sc, err = f.Score([]evaluation.Sheet{s}, []string{evaluation.FlagMissingMeasures})
	require.NoError(t, err)
	xpAssertDec(t, "74.2", sc.Total)
	assert.Equal(t, "Results Not Demonstrated", sc.Rating)
	assert.Equal(t, performance.GradeNone, sc.Grade)
	assert.Equal(t, evaluation.FlagMissingMeasures, sc.Override)

	// All Yes: 100 → Effective even with an unrelated flag.
	for i := range s.Ratings {
		s.Ratings[i].Label = "Yes"
	}
	sc, err = f.Score([]evaluation.Sheet{s}, []string{"late_report"})
	require.NoError(t, err)
	xpAssertDec(t, "100", sc.Total)
	assert.Equal(t, "Effective", sc.Rating)
	assert.Equal(t, performance.Excellent, sc.Grade)
}

func TestDepartmentFramework(t *testing.T) {
	f := evaluation.DepartmentFramework()
	// Docks DP1 (execution) 1.5, DP3 2, DO1 3, DB2 0.5: 100 − 7 = 93 → 优;
	// with DO1 at 10 instead (−10): 100 − 14 = 86 → 良.
	s := xpFullSheet(f, "教育局", map[string]string{"DP1": "8.5", "DP3": "3", "DO1": "17", "DB2": "9.5"})
	sc, err := f.Score([]evaluation.Sheet{s}, nil)
	require.NoError(t, err)
	xpAssertDec(t, "93", sc.Total)
	assert.Equal(t, performance.Excellent, sc.Grade)
	s = xpFullSheet(f, "教育局", map[string]string{"DP1": "8.5", "DP3": "3", "DO1": "10", "DB2": "9.5"})
	sc, err = f.Score([]evaluation.Sheet{s}, nil)
	require.NoError(t, err)
	xpAssertDec(t, "86", sc.Total)
	assert.Equal(t, performance.Good, sc.Grade)
}

func TestParseFrameworkRoundTrip(t *testing.T) {
	for _, f := range []*evaluation.Framework{evaluation.KeyFramework(), evaluation.LoanFramework(), evaluation.PARTFramework()} {
		t.Run(f.ID, func(t *testing.T) {
			data, err := json.Marshal(f)
			require.NoError(t, err)
			g, err := evaluation.ParseFramework(data)
			require.NoError(t, err)
			again, err := json.Marshal(g)
			require.NoError(t, err)
			assert.JSONEq(t, string(data), string(again))
		})
	}
	_, err := evaluation.ParseFramework([]byte(`{"id":"x","criteria":[{"id":"a","weight":"100","wieght":"1"}],"places":2,
		"scheme":{"name":"n","bands":[{"label":"A","grade":"优","min":"0"}]}}`))
	assert.Equal(t, []string{"unknown_field"}, xpCodes(t, err))
	// Weights that do not add up to 100 and a negative share: both reported.
	_, err = evaluation.ParseFramework([]byte(`{"id":"x","criteria":[{"id":"a","weight":"90",
		"scale":[{"name":"好","share":"-0.5"}]}],"places":2,"scheme":{"name":"n","bands":[{"label":"A","grade":"优","min":"0"}]}}`))
	assert.ElementsMatch(t, []string{"weights_not_total", "share_out_of_range"}, xpCodes(t, err))
}

func TestDepartmentEvaluation(t *testing.T) {
	f := evaluation.DepartmentFramework()
	// Docks DP1 1.5 and DO1 3: 100 − 4.5 = 95.5; the department stated 98.
	d := &evaluation.DepartmentEvaluation{DepartmentID: "city-edu", Year: 2021,
		Sheet:       xpFullSheet(f, "教育局", map[string]string{"DP1": "8.5", "DO1": "17"}),
		StatedTotal: decimal.NewNullDecimal(xpDec("98"))}
	sc, dv, err := d.Score(f)
	require.NoError(t, err)
	xpAssertDec(t, "95.5", sc.Total)
	assert.Equal(t, performance.Excellent, sc.Grade)
	require.NotNil(t, dv)
	xpAssertDec(t, "2.5", dv.Size)
	assert.Equal(t, "总分：填报数与计算数不符，填报 98，计算 95.5", dv.Message().ZH)

	d.StatedTotal = decimal.NewNullDecimal(xpDec("95.50"))
	_, dv, err = d.Score(f)
	require.NoError(t, err)
	assert.Nil(t, dv, "95.50 equals 95.5")
}

func TestFrameworkRoundingPlaces(t *testing.T) {
	// Two evaluators: 100 − 10.5 = 89.5 and 89.5: mean 89.5 exactly.
	f := evaluation.KeyFramework()
	s := xpFullSheet(f, "A", map[string]string{"B1": "9.5"})
	tests := []struct {
		places int32
		total  string
		grade  performance.Grade
	}{
		{2, "89.5", performance.Good},    // shown 89.50: 良
		{0, "90", performance.Excellent}, // 89.5 half up to 90 (banker's would give 90 too: 89.5 → 90 even)
		{1, "89.5", performance.Good},    // unchanged
	}
	for _, tt := range tests {
		f.Places = tt.places
		sc, err := f.Score([]evaluation.Sheet{s, s}, nil)
		require.NoError(t, err)
		xpAssertDec(t, tt.total, sc.Total)
		assert.Equal(t, tt.grade, sc.Grade, "places %d", tt.places)
	}
	// 88.5 at whole points: half up gives 89 where banker's rounding gives 88.
	s = xpFullSheet(f, "A", map[string]string{"B1": "8.5"})
	f.Places = 0
	sc, err := f.Score([]evaluation.Sheet{s}, nil)
	require.NoError(t, err)
	xpAssertDec(t, "89", sc.Total)
	assert.True(t, xpDec("88.5").RoundBank(0).Equal(xpDec("88")), "the banker's rounding this is not")
}

func TestKeyEvaluationPanel(t *testing.T) {
	f := evaluation.KeyFramework()
	a := xpFullSheet(f, "A", map[string]string{"D11": "2.5", "P12": "3", "O1": "8", "B1": "17"}) // 93.5, as above
	b := xpFullSheet(f, "B", map[string]string{"P12": "2", "O1": "9", "B1": "15.5", "B2": "8"})  // 90.5
	panel := &experts.Panel{Request: experts.Request{PanelID: "K1", ProjectID: "P1", Seed: 9}, Algorithm: experts.DrawAlgorithm,
		Members: []experts.Member{{ExpertID: "A"}, {ExpertID: "B"}}}
	k := &evaluation.KeyEvaluation{ProjectID: "P1", Sheets: []evaluation.Sheet{a, b}, Panel: panel}
	sc, err := k.Score(f)
	require.NoError(t, err)
	xpAssertDec(t, "92", sc.Total) // (93.5 + 90.5)/2, unchanged by the panel
	assert.Equal(t, &experts.Ref{PanelID: "K1", Seed: 9, Algorithm: experts.DrawAlgorithm, Experts: []string{"A", "B"}}, sc.Panel)

	c := xpFullSheet(f, "C", nil)
	k.Sheets = []evaluation.Sheet{a, c}
	_, err = k.Score(f)
	assert.Equal(t, []string{exante.CodeNotOnPanel}, xpCodes(t, err))

	k.Sheets = []evaluation.Sheet{a, a}
	_, err = k.Score(f)
	assert.Equal(t, []string{exante.CodeSheetTwice}, xpCodes(t, err))

	k.Sheets, k.Panel = []evaluation.Sheet{a, c}, nil
	sc, err = k.Score(f)
	require.NoError(t, err)
	assert.Nil(t, sc.Panel, "without a panel any evaluator is taken, as before")
}

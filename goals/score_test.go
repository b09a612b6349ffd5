package goals

import (
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustTarget(t testing.TB, s string) Target {
	t.Helper()
	tg, err := ParseTarget(s)
	require.NoError(t, err, s)
	return tg
}

// oneIndicatorTree is a valid tree around one scored indicator: the
// indicator under output, plus a benefit indicator to satisfy validation.
func oneIndicatorTree(t testing.TB, target string, weight string) *Tree {
	t.Helper()
	w := dec(weight)
	rest := hundred.Sub(w)
	tree, err := NewTree(SelfEvaluation, decimal.Zero,
		Indicator{Level1: Output, Level2: Quality, Name: "测试指标", Target: mustTarget(t, target), Weight: w},
		Indicator{Level1: Benefit, Level2: SocialBenefit, Name: "社会效益", Target: mustTarget(t, "明显提升"), Weight: rest},
	)
	require.NoError(t, err)
	return tree
}

func TestScoreIndicator(t *testing.T) {
	q := func(v, unit string) Actual { return Measured(dec(v), unit) }
	tests := []struct {
		name   string
		target string
		weight string
		cfg    Config
		actual Actual
		want   string
		rule   ScoreRule
		met    bool
		tooLow bool
	}{
		// ≥: met gives the full weight; not met, weight × actual ÷ target.
		{"ge met", "≥100人", "10", Config{}, q("120", "人"), "10", RuleMet, true, false},
		{"ge met exactly", "≥100人", "10", Config{}, q("100", "人"), "10", RuleMet, true, false},
		{"ge not met", "≥100人", "10", Config{}, q("90", "人"), "9", RuleProportional, false, false}, // 10 × 90 ÷ 100 = 9
		// 15 × 90.5 ÷ 95 = 1357.5 ÷ 95 = 14.289473… → 14.29
		{"ge percent", "≥95％", "15", Config{}, q("90.5", "%"), "14.29", RuleProportional, false, false},
		{"ge percent alias unit", ">=95%", "15", Config{}, q("96", "％"), "15", RuleMet, true, false},
		{"implied ge", "100%", "10", Config{}, q("80", "百分比"), "8", RuleProportional, false, false}, // 10 × 80 ÷ 100
		{"ge length", "≥80M", "10", Config{}, q("60", "米"), "7.5", RuleProportional, false, false},  // 10 × 60 ÷ 80
		{"ge negative actual", "≥10%", "10", Config{}, q("-5", "%"), "0", RuleProportional, false, false},
		{"ge zero target not met", "≥0起", "10", Config{}, q("-1", "起"), "0", RuleNotMet, false, false},
		// ≤: met gives the full weight; exceeded, weight × target ÷ actual.
		{"le met", "≤30天", "5", Config{}, q("28", "天"), "5", RuleMet, true, false},
		// 10 × 900000 ÷ 950000 = 9.473684… → 9.47; 95万元 is 950000 元.
		{"le money", "≤90万元", "10", Config{}, q("95", "万元"), "9.47", RuleInverse, false, false},
		{"le money yuan", "≤90万元", "10", Config{}, q("900000", "元"), "10", RuleMet, true, false},
		{"le money yi", "≤90万元", "10", Config{}, q("0.009", "亿元"), "10", RuleMet, true, false}, // 0.009亿 = 900000
		{"le zero target", "≤0起", "10", Config{}, q("2", "起"), "0", RuleNotMet, false, false},
		// =: equal within the tolerance; otherwise the smaller over the larger.
		{"eq met", "=100%", "5", Config{}, q("100", "%"), "5", RuleMet, true, false},
		{"eq below", "=100%", "5", Config{}, q("98", "%"), "4.9", RuleProportional, false, false}, // 5 × 98 ÷ 100
		{"eq above", "=100%", "5", Config{}, q("102", "%"), "4.9", RuleInverse, false, false},     // 5 × 100 ÷ 102 = 4.9019… → 4.90
		{"eq tolerance", "=100%", "5", Config{Tolerance: dec("2")}, q("102", "%"), "5", RuleMet, true, false},
		{"eq outside tolerance", "=100%", "5", Config{Tolerance: dec("2")}, q("97.5", "%"), "4.88", RuleProportional, false, false}, // 5 × 97.5 ÷ 100 = 4.875 → 4.88
		// > and <: the bound itself is not met, yet its proportion is 1.
		{"gt met", ">90%", "10", Config{}, q("91", "%"), "10", RuleMet, true, false},
		{"gt at bound", ">90%", "10", Config{}, q("90", "%"), "10", RuleProportional, false, false},
		{"gt below", ">90%", "10", Config{}, q("85", "%"), "9.44", RuleProportional, false, false}, // 10 × 85 ÷ 90 = 9.444…
		{"lt met", "<5天", "10", Config{}, q("4", "天"), "10", RuleMet, true, false},
		{"lt above", "<5天", "10", Config{}, q("6", "天"), "8.33", RuleInverse, false, false}, // 10 × 5 ÷ 6 = 8.333…
		// Range: inside met; below, ÷ the lower bound; above, the upper bound ÷.
		{"range met", "80%-90%", "10", Config{}, q("85", "%"), "10", RuleMet, true, false},
		{"range below", "80%-90%", "10", Config{}, q("70", "%"), "8.75", RuleProportional, false, false}, // 10 × 70 ÷ 80
		{"range above", "80%-90%", "10", Config{}, q("95", "%"), "9.47", RuleInverse, false, false},      // 10 × 90 ÷ 95 = 9.4736…
		// Deadlines by date.
		{"deadline met", "2022年12月31日前", "5", Config{}, DoneOn(date(2022, 12, 31)), "5", RuleMet, true, false},
		{"deadline late", "2022年12月31日前", "5", Config{}, DoneOn(date(2023, 1, 1)), "0", RuleLate, false, false},
		{"deadline month", "≤2023年10月", "5", Config{}, DoneOn(date(2023, 10, 31)), "5", RuleMet, true, false},
		{"deadline month late", "≤2023年10月", "5", Config{}, DoneOn(date(2023, 11, 1)), "0", RuleLate, false, false},
		// Qualitative by band: 80–100, 60–80, 0–60 percent of the weight.
		{"achieved default", "明显提升", "10", Config{}, Actual{Rating: Achieved}, "10", RuleBand, true, false},
		{"achieved point", "明显提升", "10", Config{}, Rated(Achieved, dec("85")), "8.5", RuleBand, true, false},
		{"partly point", "达成预期指标", "15", Config{}, Rated(PartlyAchieved, dec("75")), "11.25", RuleBand, false, false}, // 15 × 75%
		{"partly default floor", "优良", "10", Config{}, Actual{Rating: PartlyAchieved}, "6", RuleBand, false, false},
		{"not achieved", "及时", "10", Config{}, Rated(NotAchieved, dec("30")), "3", RuleBand, false, false},
		{"not achieved default", "及时", "10", Config{}, Actual{Rating: NotAchieved}, "0", RuleBand, false, false},
		{"custom bands", "及时", "10", Config{AchievedMin: dec("90"), PartlyMin: dec("70")}, Actual{Rating: PartlyAchieved}, "7", RuleBand, false, false},
		{"point outside band", "明显提升", "10", Config{}, Rated(PartlyAchieved, dec("85")), "0", RuleInvalid, false, false},
		// Missing and mismatched actuals score zero.
		{"missing", "≥100人", "10", Config{}, Actual{}, "0", RuleMissing, false, false},
		{"unit mismatch", "≥95%", "10", Config{}, q("95", "人"), "0", RuleInvalid, false, false},
		{"rating for a number", "≥95%", "10", Config{}, Actual{Rating: Achieved}, "0", RuleMissing, false, false},
		// Too-low targets: flagged, not deducted.
		{"too low ge", "≥100人", "10", Config{TooLow: dec("2")}, q("200", "人"), "10", RuleMet, true, true},
		{"not too low ge", "≥100人", "10", Config{TooLow: dec("2")}, q("199", "人"), "10", RuleMet, true, false},
		{"too low le", "≤30天", "10", Config{TooLow: dec("2")}, q("15", "天"), "10", RuleMet, true, true}, // 15 × 2 ≤ 30
		{"not too low le", "≤30天", "10", Config{TooLow: dec("2")}, q("16", "天"), "10", RuleMet, true, false},
		// Rounding modes: 10 × 2 ÷ 3 = 6.666…
		{"round hundredths", "≥3个", "10", Config{}, q("2", "个"), "6.67", RuleProportional, false, false},
		{"round whole", "≥3个", "10", Config{Indicator: RoundWhole}, q("2", "个"), "7", RuleProportional, false, false},
		{"round none", "≥3个", "10", Config{Indicator: RoundNone}, q("2", "个"), "6.6666666667", RuleProportional, false, false},
		// 10 × 3 ÷ 8 = 3.75: half up at whole points gives 4.
		{"round whole half up", "≥8个", "10", Config{Indicator: RoundWhole}, q("3", "个"), "4", RuleProportional, false, false},
		// 10 × 1 ÷ 8 = 1.25 → 1.25; 10 × 1 ÷ 16 = 0.625 → 0.63 (half up, not to even).
		{"round hundredths half up", "≥16个", "10", Config{}, q("1", "个"), "0.63", RuleProportional, false, false},
		// Figures beyond int64 take the decimal path: 10 × 5e29 ÷ 1e30 = 5.
		{"huge figures", "≥1000000000000000000000000000000元", "10", Config{}, q("500000000000000000000000000000", "元"), "5", RuleProportional, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree := oneIndicatorTree(t, tt.target, tt.weight)
			s, err := NewScorer(tree, tt.cfg)
			require.NoError(t, err)
			r, _ := s.Score([]Actual{tt.actual, {Rating: Achieved}})
			got := r.Scores[0]
			assert.True(t, got.Value().Equal(dec(tt.want)), "score: got %s want %s", got.Value(), tt.want)
			assert.Equal(t, tt.rule, got.Rule, "rule")
			assert.Equal(t, tt.met, got.Met, "met")
			assert.Equal(t, tt.tooLow, got.TooLow, "too low")
			assert.Equal(t, tt.cfg.Indicator, got.Rounding)
		})
	}
}

func TestScoreActualProblems(t *testing.T) {
	tree := oneIndicatorTree(t, "≥95%", "10")
	s, err := NewScorer(tree, Config{})
	require.NoError(t, err)

	_, err = s.Score([]Actual{Measured(dec("95"), "人"), {}})
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"unit_mismatch", "missing_actual"}, ps.Codes())
	assert.Equal(t, "actuals[0].unit", ps[0].Path)
	assert.Equal(t, "actuals[1]", ps[1].Path)

	r, err := s.Score([]Actual{Measured(dec("95"), "%")})
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"actual_count"}, ps.Codes())
	require.Len(t, r.Scores, 2, "every indicator is scored")
	assert.True(t, r.Scores[0].Value().Equal(dec("10")))
	assert.Equal(t, RuleMissing, r.Scores[1].Rule)
}

// sampleTree is a self-evaluation tree under the national weights: output
// 50, benefit 30, satisfaction 10, total 90 (the execution item adds 10).
func sampleTree(t testing.TB) *Tree {
	t.Helper()
	tr, err := NewTree(SelfEvaluation, dec("90"),
		Indicator{ID: "q1", Level1: Output, Level2: Quantity, Name: "培训人数", Target: mustTarget(t, "≥100人"), Weight: dec("20"), Standard: PlanStandard},
		Indicator{ID: "q2", Level1: Output, Level2: Quality, Name: "培训合格率", Target: mustTarget(t, "≥95%"), Weight: dec("15"), Standard: IndustryStandard},
		Indicator{ID: "t1", Level1: Output, Level2: Timeliness, Name: "完成时间", Target: mustTarget(t, "2022年12月31日前"), Weight: dec("10"), Standard: PlanStandard},
		Indicator{ID: "c1", Level1: Output, Level2: OutputCost, Name: "项目成本", Target: mustTarget(t, "≤90万元"), Weight: dec("5"), Standard: HistoricalStandard},
		Indicator{ID: "b1", Level1: Benefit, Level2: SocialBenefit, Name: "就业能力", Target: mustTarget(t, "明显提升"), Weight: dec("15")},
		Indicator{ID: "b2", Level1: Benefit, Level2: EconomicBenefit, Name: "带动增收", Target: mustTarget(t, "≥200万元"), Weight: dec("15")},
		Indicator{ID: "s1", Level1: Satisfaction, Level2: ServedSatisfaction, Name: "学员满意度", Target: mustTarget(t, "≥90%"), Weight: dec("10")},
	)
	require.NoError(t, err)
	return tr
}

func sampleActuals() []Actual {
	return []Actual{
		Measured(dec("95"), "人"),         // 20 × 95 ÷ 100 = 19.00
		Measured(dec("96"), "%"),         // met: 15
		DoneOn(date(2022, 12, 20)),       // met: 10
		Measured(dec("95"), "万元"),        // 5 × 900000 ÷ 950000 = 4.7368… → 4.74
		Rated(PartlyAchieved, dec("70")), // 15 × 70% = 10.50
		Measured(dec("150"), "万元"),       // 15 × 1500000 ÷ 2000000 = 11.25
		Measured(dec("92"), "%"),         // met: 10
	}
}

func TestScoreTree(t *testing.T) {
	s, err := NewScorer(sampleTree(t), Config{})
	require.NoError(t, err)
	r, err := s.Score(sampleActuals())
	require.NoError(t, err)

	want := []string{"19", "15", "10", "4.74", "10.5", "11.25", "10"}
	require.Len(t, r.Scores, len(want))
	for i, w := range want {
		assert.True(t, r.Scores[i].Value().Equal(dec(w)), "score %d: got %s want %s", i, r.Scores[i].Value(), w)
		assert.Equal(t, i, r.Scores[i].Index)
	}
	// Level 1: output 19 + 15 + 10 + 4.74 = 48.74; benefit 10.5 + 11.25 =
	// 21.75; satisfaction 10.
	require.Len(t, r.Level1, 3)
	for i, w := range []struct {
		k      Level1
		weight string
		value  string
	}{{Output, "50", "48.74"}, {Benefit, "30", "21.75"}, {Satisfaction, "10", "10"}} {
		assert.Equal(t, w.k, r.Level1[i].Level1)
		assert.True(t, r.Level1[i].Weight.Equal(dec(w.weight)), "weight %s", r.Level1[i].Weight)
		assert.True(t, r.Level1[i].Value().Equal(dec(w.value)), "%s: got %s want %s", w.k, r.Level1[i].Value(), w.value)
	}
	// Level 2 in table order: quantity, quality, timeliness, cost, social,
	// economic, served satisfaction.
	var l2 []Level2
	for _, g := range r.Level2 {
		l2 = append(l2, g.Level2)
	}
	assert.Equal(t, []Level2{Quantity, Quality, Timeliness, OutputCost, SocialBenefit, EconomicBenefit, ServedSatisfaction}, l2)
	assert.True(t, r.Level2[5].Value().Equal(dec("11.25")), "economic: %s", r.Level2[5].Value())
	assert.Equal(t, []int{5}, r.Level2[5].Indicators)
	// Total 48.74 + 21.75 + 10 = 80.49.
	assert.True(t, r.Total().Equal(dec("80.49")), "total %s", r.Total())
}

func TestScoreTreeRounding(t *testing.T) {
	// Three indicators of 10 × 2 ÷ 3 = 6.666… each, plus a met one of 70.
	tree, err := NewTree(SelfEvaluation, decimal.Zero,
		Indicator{Level1: Output, Level2: Quantity, Name: "a", Target: mustTarget(t, "≥3个"), Weight: dec("10")},
		Indicator{Level1: Output, Level2: Quantity, Name: "b", Target: mustTarget(t, "≥3个"), Weight: dec("10")},
		Indicator{Level1: Output, Level2: Quantity, Name: "c", Target: mustTarget(t, "≥3个"), Weight: dec("10")},
		Indicator{Level1: Benefit, Level2: SocialBenefit, Name: "d", Target: mustTarget(t, "明显提升"), Weight: dec("70")},
	)
	require.NoError(t, err)
	acts := []Actual{Measured(dec("2"), "个"), Measured(dec("2"), "个"), Measured(dec("2"), "个"), {Rating: Achieved}}
	tests := []struct {
		name       string
		cfg        Config
		score      string
		total      string
		totalPlace int32
	}{
		// 6.67 × 3 + 70 = 90.01
		{"hundredths", Config{}, "6.67", "90.01", 2},
		// 7 × 3 + 70 = 91
		{"whole", Config{Indicator: RoundWhole, Total: RoundWhole}, "7", "91", 0},
		// 6.6666666667 × 3 + 70 = 90.0000000001, total at 2 places = 90.00
		{"none then hundredths", Config{Indicator: RoundNone}, "6.6666666667", "90", 2},
		{"none throughout", Config{Indicator: RoundNone, Total: RoundNone}, "6.6666666667", "90.0000000001", 10},
		// 6.67 × 3 + 70 = 90.01 → whole 90
		{"hundredths then whole", Config{Total: RoundWhole}, "6.67", "90", 0},
		// Scores at whole points stay whole even when the total allows 2 places.
		{"whole then hundredths", Config{Indicator: RoundWhole}, "7", "91", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewScorer(tree, tt.cfg)
			require.NoError(t, err)
			r, err := s.Score(acts)
			require.NoError(t, err)
			assert.True(t, r.Scores[0].Value().Equal(dec(tt.score)), "score %s", r.Scores[0].Value())
			assert.True(t, r.Total().Equal(dec(tt.total)), "total %s want %s", r.Total(), tt.total)
			assert.Equal(t, -tt.totalPlace, r.Total().Exponent(), "total places")
		})
	}
}

func TestScoreExecution(t *testing.T) {
	e := performance.Execution{InitialBudget: dec("800000"), AdjustedBudget: dec("1000000"), Executed: dec("913700")}
	tests := []struct {
		name   string
		weight string
		cfg    Config
		want   string
		capped bool
	}{
		// 913700 ÷ 1000000 = 91.37%; 10 × 0.9137 = 9.137 → 9.14.
		{"adjusted", "10", Config{}, "9.14", false},
		{"adjusted whole", "10", Config{Indicator: RoundWhole}, "9", false},
		{"adjusted none", "10", Config{Indicator: RoundNone}, "9.137", false},
		// 913700 ÷ 800000 = 114.2125% → held at the weight.
		{"initial capped", "10", Config{Base: performance.BaseInitial}, "10", true},
		// 20 × 0.9137 = 18.274 → 18.27.
		{"weight 20", "20", Config{}, "18.27", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ScoreExecution(dec(tt.weight), e, tt.cfg)
			require.NoError(t, err)
			assert.True(t, got.Value().Equal(dec(tt.want)), "got %s want %s", got.Value(), tt.want)
			assert.Equal(t, tt.capped, got.Capped)
			assert.Equal(t, tt.cfg.Base, got.Base)
		})
	}
	_, err := ScoreExecution(dec("10"), performance.Execution{Executed: dec("1")}, Config{})
	assert.ErrorIs(t, err, performance.ErrZeroDenominator)
	_, err = ScoreExecution(decimal.Zero, e, Config{})
	assert.ErrorIs(t, err, ErrWeight)
	_, err = ScoreExecution(dec("2.5"), e, Config{Indicator: RoundWhole})
	assert.ErrorIs(t, err, ErrWeight, "2.5 points cannot be scored in whole points")
}

func TestFormScore(t *testing.T) {
	f := &Form{
		Tree:      sampleTree(t),
		Execution: performance.Execution{InitialBudget: dec("800000"), AdjustedBudget: dec("1000000"), Executed: dec("913700")},
		Actuals:   sampleActuals(),
	}
	r, err := f.Score(Config{})
	require.NoError(t, err)
	// execution 9.14 + indicators 80.49 = 89.63
	assert.True(t, r.Execution.Value().Equal(dec("9.14")), "execution %s", r.Execution.Value())
	assert.True(t, r.Indicators.Total().Equal(dec("80.49")), "indicators %s", r.Indicators.Total())
	assert.True(t, r.Total().Equal(dec("89.63")), "total %s", r.Total())

	// Measured against the initial budget (年初预算数) the rate is 114.21%,
	// held at 10: 10 + 80.49 = 90.49.
	r, err = f.Score(Config{Base: performance.BaseInitial})
	require.NoError(t, err)
	assert.True(t, r.Total().Equal(dec("90.49")), "total %s", r.Total())

	// Published forms that round to whole points: 9 + 19 + 15 + 10 + 5 +
	// 11 (15 × 70% = 10.5 → 11) + 11 (11.25 → 11) + 10 = 90.
	r, err = f.Score(Config{Indicator: RoundWhole, Total: RoundWhole})
	require.NoError(t, err)
	assert.True(t, r.Total().Equal(dec("90")), "total %s", r.Total())
}

func TestFormValidate(t *testing.T) {
	tree := sampleTree(t)
	f := &Form{
		Tree:      tree,
		Weights:   Weights{Execution: dec("20"), Output: dec("40"), Benefit: dec("30"), Satisfaction: dec("10")},
		Execution: performance.Execution{Executed: dec("1")},
		Actuals:   sampleActuals()[:3],
	}
	err := f.Validate(Config{})
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	// 90 + 20 ≠ 100; output weighs 50 not 40; zero budget; 3 actuals for 7.
	assert.Equal(t, []string{"form_total", "part_weight", "zero_budget", "actual_count"}, ps.Codes())
	assert.Equal(t, "weights.output", ps[1].Path)
	_, err = f.Score(Config{})
	assert.ErrorIs(t, err, performance.ErrInvalid)

	// An actual in another unit is a validation problem, while Score still
	// scores the form and reports it beside the result.
	good := &Form{Tree: tree, Execution: performance.Execution{AdjustedBudget: dec("100"), Executed: dec("100")}, Actuals: sampleActuals()}
	good.Actuals[1] = Measured(dec("96"), "人") // the pass rate is in %
	require.ErrorAs(t, good.Validate(Config{}), &ps)
	assert.Equal(t, []string{"unit_mismatch"}, ps.Codes())
	assert.Equal(t, "actuals[1].unit", ps[0].Path)
	r, err := good.Score(Config{})
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"unit_mismatch"}, ps.Codes())
	require.NotNil(t, r)
	// 10 + 80.49 − 15 (the pass rate now scores zero) = 75.49
	assert.True(t, r.Total().Equal(dec("75.49")), "total %s", r.Total())
}

func TestNewScorerWeightPrecision(t *testing.T) {
	tree, err := NewTree(SelfEvaluation, decimal.Zero,
		Indicator{Level1: Output, Level2: Quantity, Name: "a", Target: mustTarget(t, "≥3个"), Weight: dec("2.5")},
		Indicator{Level1: Benefit, Level2: SocialBenefit, Name: "b", Target: mustTarget(t, "明显提升"), Weight: dec("97.5")},
	)
	require.NoError(t, err)
	_, err = NewScorer(tree, Config{Indicator: RoundWhole})
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"weight_precision", "weight_precision"}, ps.Codes())
	assert.Equal(t, "tree.indicators[0].weight", ps[0].Path)
	_, err = NewScorer(tree, Config{})
	assert.NoError(t, err)
}

func TestDeadlineComparesCalendarDays(t *testing.T) {
	s, err := NewScorer(oneIndicatorTree(t, "2022年12月31日前", "10"), Config{})
	require.NoError(t, err)
	beijing := time.FixedZone("CST", 8*3600)
	for _, tt := range []struct {
		done time.Time
		met  bool
	}{
		{time.Date(2022, 12, 31, 23, 59, 0, 0, time.UTC), true},
		{time.Date(2022, 12, 31, 23, 59, 0, 0, beijing), true}, // 15:59 UTC, still the 31st in Beijing
		{time.Date(2023, 1, 1, 0, 30, 0, 0, beijing), false},   // 16:30 UTC on the 31st, but the 1st in Beijing
		{time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), true},
	} {
		r, _ := s.Score([]Actual{DoneOn(tt.done), {Rating: Achieved}})
		assert.Equal(t, tt.met, r.Scores[0].Met, "%s", tt.done)
	}
}

func TestScorerConcurrentUse(t *testing.T) {
	s, err := NewScorer(sampleTree(t), Config{TooLow: dec("1.01")})
	require.NoError(t, err)
	want, err := s.Score(sampleActuals())
	require.NoError(t, err)
	done := make(chan *Result)
	for g := 0; g < 4; g++ {
		go func() {
			var r Result
			for i := 0; i < 200; i++ {
				_ = s.ScoreTo(&r, sampleActuals())
			}
			done <- &r
		}()
	}
	for g := 0; g < 4; g++ {
		r := <-done
		assert.True(t, r.Total().Equal(want.Total()), "total %s want %s", r.Total(), want.Total())
		for i := range r.Scores {
			assert.Equal(t, want.Scores[i].units, r.Scores[i].units)
			assert.Equal(t, want.Scores[i].TooLow, r.Scores[i].TooLow)
		}
	}
}

func TestSubtotalsFollowTableOrder(t *testing.T) {
	// A key-evaluation table: decision, process, output, benefit, with a
	// level-2 group that reappears after another.
	tree, err := NewTree(FinanceEvaluation, decimal.Zero,
		Indicator{Level1: Decision, Level2Name: "项目立项", Name: "立项依据充分性", Target: mustTarget(t, "充分"), Weight: dec("10")},
		Indicator{Level1: Process, Level2Name: "资金管理", Name: "资金到位率", Target: mustTarget(t, "=100%"), Weight: dec("10")},
		Indicator{Level1: Output, Level2: Quantity, Name: "a", Target: mustTarget(t, "≥10个"), Weight: dec("20")},
		Indicator{Level1: Output, Level2: Quality, Name: "b", Target: mustTarget(t, "≥90%"), Weight: dec("20")},
		Indicator{Level1: Output, Level2: Quantity, Name: "c", Target: mustTarget(t, "≥5个"), Weight: dec("10")},
		Indicator{Level1: Benefit, Level2: SocialBenefit, Name: "d", Target: mustTarget(t, "明显提升"), Weight: dec("30")},
	)
	require.NoError(t, err)
	s, err := NewScorer(tree, Config{})
	require.NoError(t, err)
	r, _ := s.Score(make([]Actual, 6))
	var l1 []Level1
	for _, g := range r.Level1 {
		l1 = append(l1, g.Level1)
	}
	assert.Equal(t, []Level1{Decision, Process, Output, Benefit}, l1)
	var l2 []string
	for _, g := range r.Level2 {
		l2 = append(l2, g.Level1.String()+"/"+g.Level2.String()+g.Level2Name)
	}
	assert.Equal(t, []string{"decision/项目立项", "process/资金管理", "output/quantity", "output/quality", "benefit/social_benefit"}, l2)
	assert.Equal(t, []int{2, 4}, r.Level2[2].Indicators)
	assert.True(t, r.Level2[2].Weight.Equal(dec("30")))
}

func TestNewScorerTotalTooLarge(t *testing.T) {
	huge := dec("1000000000000000000000")
	tree, err := NewTree(SelfEvaluation, huge,
		Indicator{Level1: Output, Level2: Quantity, Name: "a", Target: mustTarget(t, "≥3个"), Weight: huge.Sub(dec("1"))},
		Indicator{Level1: Benefit, Level2: SocialBenefit, Name: "b", Target: mustTarget(t, "明显提升"), Weight: dec("1")},
	)
	require.NoError(t, err, "a tree may declare any total")
	_, err = NewScorer(tree, Config{})
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"total_too_large"}, ps.Codes())
	_, err = ScoreExecution(huge, performance.Execution{AdjustedBudget: dec("1"), Executed: dec("1")}, Config{})
	assert.ErrorIs(t, err, ErrWeight)
}

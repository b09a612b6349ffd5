package goals_test

import (
	"fmt"
	"time"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

func ExampleParseTarget() {
	for _, s := range []string{"≥100人", "≤90万元", "100%", "≥95％", "80%-90%", "≤2023年10月", "明显提升", "≥abc"} {
		t, err := goals.ParseTarget(s)
		switch {
		case err != nil:
			fmt.Printf("%s → error: %v\n", s, err)
		case t.IsDeadline():
			fmt.Printf("%s → deadline %s\n", s, t.Deadline.Format(time.DateOnly))
		case t.Op == goals.Qualitative:
			fmt.Printf("%s → qualitative %q\n", s, t.Text)
		case t.Op == goals.Range:
			fmt.Printf("%s → %s..%s %s\n", s, t.Value, t.Upper, t.Unit)
		default:
			fmt.Printf("%s → %s %s %s implied=%v\n", s, t.Op, t.Value, t.Unit, t.Implied)
		}
	}
	// Output:
	// ≥100人 → ≥ 100 人 implied=false
	// ≤90万元 → ≤ 900000 元 implied=false
	// 100% → ≥ 100 % implied=true
	// ≥95％ → ≥ 95 % implied=false
	// 80%-90% → 80..90 %
	// ≤2023年10月 → deadline 2023-10-31
	// 明显提升 → qualitative "明显提升"
	// ≥abc → error: goals: target "≥abc": at byte 3: goals: invalid target
}

func ExampleScoreExecution() {
	e := performance.Execution{AdjustedBudget: decimal.NewFromInt(1_000_000), Executed: decimal.NewFromInt(913_700)}
	s, err := goals.ScoreExecution(decimal.NewFromInt(10), e, goals.Config{})
	if err != nil {
		panic(err)
	}
	fmt.Println(s.Value().StringFixed(2))
	fmt.Println(s.Explain(performance.LangEN))
	// Output:
	// 9.14
	// execution rate = executed 913700 ÷ adjusted budget 1000000 = 91.37%; score = weight 10 × 913700 ÷ 1000000 = 9.14 (rounded half up to 2 places)
}

// A self-evaluation form under the national weights: execution 10, output
// 50, benefit 30, satisfaction 10.
func ExampleForm_Score() {
	target := func(s string) goals.Target {
		t, err := goals.ParseTarget(s)
		if err != nil {
			panic(err)
		}
		return t
	}
	d := decimal.RequireFromString
	tree, err := goals.NewTree(goals.SelfEvaluation, d("90"),
		goals.Indicator{Level1: goals.Output, Level2: goals.Quantity, Name: "培训人数", Target: target("≥100人"), Weight: d("30")},
		goals.Indicator{Level1: goals.Output, Level2: goals.OutputCost, Name: "培训成本", Target: target("≤90万元"), Weight: d("20")},
		goals.Indicator{Level1: goals.Benefit, Level2: goals.SocialBenefit, Name: "就业能力", Target: target("明显提升"), Weight: d("30")},
		goals.Indicator{Level1: goals.Satisfaction, Level2: goals.ServedSatisfaction, Name: "学员满意度", Target: target("≥90%"), Weight: d("10")},
	)
	if err != nil {
		panic(err)
	}
	form := &goals.Form{
		Tree:      tree,
		Execution: performance.Execution{AdjustedBudget: d("900000"), Executed: d("846000")},
		Actuals: []goals.Actual{
			goals.Measured(d("96"), "人"),
			goals.Measured(d("85"), "万元"),
			goals.Rated(goals.PartlyAchieved, d("75")),
			goals.Measured(d("93.5"), "%"),
		},
	}
	r, err := form.Score(goals.Config{})
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Explain(performance.LangZH))
	// Output:
	// 预算执行率 = 执行数 846000 ÷ 全年预算数 900000 = 94.00%；得分 = 分值 10 × 846000 ÷ 900000 = 9.40（四舍五入保留2位小数）
	// 培训人数：指标值 ≥100人，实际完成值 96人；未达到指标值，得分 = 分值 30 × 实际完成值 96 ÷ 指标值 100 = 28.80（四舍五入保留2位小数）
	// 培训成本：指标值 ≤900000元，实际完成值 850000元；达到指标值，得满分 20.00
	// 就业能力：指标值 明显提升，实际完成值 部分达成；评价为部分达成（分值的 60%–80%），评分点 75%，得分 = 分值 30 × 75% = 22.50（四舍五入保留2位小数）
	// 学员满意度：指标值 ≥90%，实际完成值 93.5%；达到指标值，得满分 10.00
	// 产出指标：48.80（分值 50）
	// 效益指标：22.50（分值 30）
	// 满意度指标：10.00（分值 10）
	// 合计 = 48.80 + 22.50 + 10.00 = 81.30（四舍五入保留2位小数）
	// 自评总分 = 预算执行率得分 9.40 + 指标得分 81.30 = 90.70（四舍五入保留2位小数）
}

func ExampleLibrary_Search() {
	d := decimal.RequireFromString
	lib, err := goals.NewLibrary("demo", []goals.Definition{
		{ID: "edu-train-count", Industry: "教育", Category: "培训类", Level1: goals.Output, Level2: goals.Quantity, Name: "培训人数", Unit: "人", Weight: d("10"), Keywords: []string{"培训"}},
		{ID: "edu-pass-rate", Industry: "教育", Category: "培训类", Level1: goals.Output, Level2: goals.Quality, Name: "考核合格率", Unit: "%", Weight: d("10"), Keywords: []string{"培训", "考核"}},
		{ID: "road-length", Industry: "交通运输", Category: "基础设施建设类", Level1: goals.Output, Level2: goals.Quantity, Name: "公路里程", Unit: "公里", Weight: d("20")},
	})
	if err != nil {
		panic(err)
	}
	for _, def := range lib.Search(goals.Query{Keyword: "培训"}) {
		fmt.Println(def.ID, def.Name, def.Unit)
	}
	// Output:
	// edu-train-count 培训人数 人
	// edu-pass-rate 考核合格率 %
}

// Prepare a scorer once per tree, then score many sets of actuals, reusing
// one Result: nothing is allocated per call.
func ExampleScorer_ScoreTo() {
	d := decimal.RequireFromString
	must := func(t goals.Target, err error) goals.Target {
		if err != nil {
			panic(err)
		}
		return t
	}
	tree, err := goals.NewTree(goals.SelfEvaluation, decimal.Zero,
		goals.Indicator{Level1: goals.Output, Level2: goals.Quantity, Name: "新改建农村公路里程", Target: must(goals.ParseTarget("≥120公里")), Weight: d("40")},
		goals.Indicator{Level1: goals.Output, Level2: goals.Timeliness, Name: "完工时间", Target: must(goals.ParseTarget("≤2022年11月")), Weight: d("20")},
		goals.Indicator{Level1: goals.Benefit, Level2: goals.EconomicBenefit, Name: "出行时间节约", Target: must(goals.ParseTarget("≥15分钟")), Weight: d("30")},
		goals.Indicator{Level1: goals.Satisfaction, Level2: goals.ServedSatisfaction, Name: "群众满意度", Target: must(goals.ParseTarget("≥90%")), Weight: d("10")},
	)
	if err != nil {
		panic(err)
	}
	s, err := goals.NewScorer(tree, goals.Config{Indicator: goals.RoundWhole, Total: goals.RoundWhole})
	if err != nil {
		panic(err)
	}
	var r goals.Result
	for _, actuals := range [][]goals.Actual{
		{goals.Measured(d("126.5"), "km"), goals.DoneOn(time.Date(2022, 11, 28, 0, 0, 0, 0, time.UTC)), goals.Measured(d("18"), "分钟"), goals.Measured(d("95.2"), "%")},
		{goals.Measured(d("98"), "公里"), goals.DoneOn(time.Date(2022, 12, 20, 0, 0, 0, 0, time.UTC)), goals.Measured(d("12"), "分钟"), goals.Measured(d("88"), "%")},
	} {
		if err := s.ScoreTo(&r, actuals); err != nil {
			panic(err)
		}
		for _, g := range r.Level1 {
			fmt.Printf("%s %s/%s  ", g.Level1, g.Value(), g.Weight)
		}
		fmt.Println("total", r.Total())
	}
	// The second year, at whole points: 40 × 98 ÷ 120 = 32.67 → 33, finished
	// late → 0; 30 × 12 ÷ 15 = 24; 10 × 88 ÷ 90 = 9.78 → 10.

	// Output:
	// output 60/60  benefit 30/30  satisfaction 10/10  total 100
	// output 33/60  benefit 24/30  satisfaction 10/10  total 67
}

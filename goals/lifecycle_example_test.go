package goals_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

func exTarget(s string) goals.Target {
	t, err := goals.ParseTarget(s)
	if err != nil {
		panic(err)
	}
	return t
}

func exTree(people, rate string) *goals.Tree {
	w := decimal.NewFromInt
	return &goals.Tree{Indicators: []goals.Indicator{
		{ID: "core-train-count", Level1: goals.Output, Level2: goals.Quantity, Name: "培训人数", Target: exTarget("≥" + people + "人次"), Weight: w(30)},
		{ID: "core-train-pass", Level1: goals.Output, Level2: goals.Quality, Name: "培训合格率", Target: exTarget("≥" + rate + "%"), Weight: w(20)},
		{Level1: goals.Benefit, Level2: goals.SocialBenefit, Name: "业务能力", Target: exTarget("明显提升"), Weight: w(30)},
		{ID: "core-train-satisfaction", Level1: goals.Satisfaction, Level2: goals.ServedSatisfaction, Name: "参训人员满意度", Target: exTarget("≥90%"), Weight: w(20)},
	}}
}

// A training project's goals reviewed under the default rules with the
// bundled core indicators, one expert scoring 92.
func ExampleReviewRules_Review() {
	core, _ := goals.CoreLibrary()
	r := goals.DefaultReviewRules()
	in := &goals.ReviewInput{ProjectID: "P1", Category: "培训类", Tree: exTree("500", "95"),
		Prior:   []goals.PriorValue{{Indicator: "培训人数", Value: decimal.NewFromInt(450)}},
		Experts: []goals.ReviewExpert{{ID: "E1", Score: decimal.NewFromInt(92)}}}
	rv, _ := r.Review(in, core)
	fmt.Println(rv.Score, rv.GradeName.ZH, rv.Pass, len(rv.Findings))

	// The same goals with the pass rate at 85% (core value 90%) and last
	// year's 600 people: 92 − 5 (below the core value) − 5 (below last
	// year) = 82, 良, which still passes.
	in.Tree = exTree("500", "85")
	in.Prior[0].Value = decimal.NewFromInt(600)
	rv, _ = r.Review(in, core)
	fmt.Println(rv.Score, rv.GradeName.ZH, rv.Pass)
	for _, f := range rv.Findings {
		fmt.Println(f.Code, f.Path)
	}
	// Output:
	// 92 优 true 0
	// 82 良 true
	// below_prior_actual tree.indicators[0].target
	// below_core_value tree.indicators[1].target
}

// The bundled core indicators of a category, and a bureau's own list read
// from CSV.
func ExampleCoreLibrary() {
	core, _ := goals.CoreLibrary()
	for _, d := range core.Core("培训类") {
		fmt.Println(d.ID, d.Name, strings.HasPrefix(d.Source, "illustrative"))
	}
	csv := "id,category,level1,level2,name,unit,target,core,source\n" +
		"c1,绿化类,产出,数量,新增绿地面积,平方米,≥1000平方米,是,city practice\n" +
		"c2,绿化类,产出,质量,苗木成活率,%,≥95,maybe,\n"
	defs, err := goals.ReadLibraryCSV("core.csv", strings.NewReader(csv))
	fmt.Println(len(defs), err)
	// Output:
	// core-train-count 培训人数 true
	// core-train-pass 培训合格率 true
	// core-train-satisfaction 参训人员满意度 true
	// 1 1 problem
	// core.csv:3:8: column core: want 是 or 否, not "maybe" (invalid_core)
}

// Goals submitted, approved with the budget, then adjusted; monitoring on
// 30 June scores against the version in force that day.
func ExampleAdjustmentRules_Decide() {
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	vs := &goals.Versions{ProjectID: "P1", Versions: []goals.Version{
		{Number: 1, Kind: goals.VersionSubmitted, Date: d("2021-11-01"), By: "单位", Tree: exTree("500", "95")},
		{Number: 2, Kind: goals.VersionApproved, Date: d("2022-01-10"), By: "财政局", Tree: exTree("600", "95")},
	}}
	rules := goals.DefaultAdjustmentRules()
	dec, _ := rules.Decide(vs, &goals.AdjustmentRequest{ProjectID: "P1", Date: d("2022-06-01"), By: "单位",
		Cause: "budget_adjustment", Reason: "预算调减", Tree: exTree("480", "95")})
	fmt.Println(dec.Approved, dec.Changes[0].Field, dec.Changes[0].Old, "→", dec.Changes[0].New)
	vs.Versions = append(vs.Versions, *dec.Version)

	// A policy change may not lower a target under the default rules.
	dec, _ = rules.Decide(vs, &goals.AdjustmentRequest{ProjectID: "P1", Date: d("2022-07-01"), By: "单位",
		Cause: "policy_change", Reason: "政策调整", Tree: exTree("480", "90")})
	fmt.Println(dec.Approved, dec.Refusals.Codes())

	_, ref, _ := vs.Resolve(d("2022-06-30"), nil)
	fmt.Println(ref.Label().In(performance.LangEN))
	// Output:
	// true target ≥600人次 → ≥480人次
	// false [target_lowered]
	// adjusted goals, version 3 (from 2022-06-01)
}

// A three-year project: annual targets checked against the whole-period
// target, then the whole-period attainment after the last year.
func ExamplePeriodGoals_Attainment() {
	tree := func(km string) *goals.Tree {
		return &goals.Tree{Indicators: []goals.Indicator{
			{ID: "km", Level1: goals.Output, Level2: goals.Quantity, Name: "新建里程", Target: exTarget("≥" + km + "公里"), Weight: decimal.NewFromInt(60)},
			{ID: "use", Level1: goals.Benefit, Level2: goals.SocialBenefit, Name: "通行改善", Target: exTarget("明显改善"), Weight: decimal.NewFromInt(40)},
		}}
	}
	p := &goals.PeriodGoals{ProjectID: "R1", Whole: tree("30"),
		Annual: []goals.AnnualGoals{{Year: 2022, Tree: tree("10")}, {Year: 2023, Tree: tree("10")}, {Year: 2024, Tree: tree("8")}}}
	fmt.Println(p.Check()) // 10 + 10 + 8 = 28 < 30

	p.Annual[2].Tree = tree("10")
	y := func(year int, km string) goals.YearActuals {
		return goals.YearActuals{Year: year, Actuals: []goals.Actual{goals.Measured(decimal.RequireFromString(km), "公里"), goals.Rated(goals.Achieved, decimal.NewFromInt(100))}}
	}
	at, _ := p.Attainment([]goals.YearActuals{y(2022, "11"), y(2023, "10"), y(2024, "6")}, goals.Config{})
	// 11 + 10 + 6 = 27 km: 60 × 27 ÷ 30 = 54; achieved at 100%: 40.
	fmt.Println(at.Actuals[0].Value.Decimal, at.Result.Total())
	// Output:
	// 1 problem
	// whole.indicators[0].target: indicator "新建里程": the annual targets add up to 28公里, short of the whole-period ≥30公里 (sum_short)
	// 27 94
}

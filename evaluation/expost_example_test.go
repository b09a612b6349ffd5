package evaluation_test

import (
	"fmt"
	"os"
	"time"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
)

// Scoring PART: sections weighted 20/10/20/50, and the Results Not
// Demonstrated override when measures are missing.
func ExampleFramework_Score() {
	f := evaluation.PARTFramework()
	var s evaluation.Sheet
	for _, c := range f.Criteria {
		for _, q := range c.Sub {
			label := "Yes"
			if c.ID == "results" {
				label = "Large Extent" // 10 × 0.67 = 6.7 each
			}
			s.Ratings = append(s.Ratings, evaluation.CriterionRating{Criterion: q.ID, Label: label})
		}
	}
	sc, _ := f.Score([]evaluation.Sheet{s}, nil)
	fmt.Println(sc.Total, sc.Rating) // 20 + 10 + 20 + 5 × 6.7 = 83.5
	sc, _ = f.Score([]evaluation.Sheet{s}, []string{evaluation.FlagMissingMeasures})
	fmt.Println(sc.Total, sc.Rating)
	// Output:
	// 83.5 Moderately Effective
	// 83.5 Results Not Demonstrated
}

// A unit's self-evaluation form: the stated figures are kept beside the
// computed ones, and every difference is classified.
func ExampleSelfEvaluation_Reconcile() {
	must := func(t goals.Target, err error) goals.Target {
		if err != nil {
			panic(err)
		}
		return t
	}
	d := decimal.RequireFromString
	tree, err := goals.NewTree(goals.SelfEvaluation, d("90"),
		goals.Indicator{Level1: goals.Output, Level2: goals.Quantity, Name: "培训人数", Target: must(goals.ParseTarget("≥100人")), Weight: d("50")},
		goals.Indicator{Level1: goals.Benefit, Level2: goals.SocialBenefit, Name: "就业率", Target: must(goals.ParseTarget("≥80%")), Weight: d("30")},
		goals.Indicator{Level1: goals.Satisfaction, Level2: goals.ServedSatisfaction, Name: "满意度", Target: must(goals.ParseTarget("≥90%")), Weight: d("10")},
	)
	if err != nil {
		panic(err)
	}
	se := evaluation.SelfEvaluation{ProjectID: "P1",
		Form: goals.Form{Tree: tree,
			Execution: performance.Execution{InitialBudget: d("1000000"), AdjustedBudget: d("1200000"), Executed: d("1096440")},
			Actuals:   []goals.Actual{goals.Measured(d("120"), "人"), goals.Measured(d("80"), "%"), goals.Measured(d("90"), "%")}},
		Stated: evaluation.StatedForm{
			Rate:       decimal.NewNullDecimal(d("109.64")), // against the initial budget
			Execution:  decimal.NewNullDecimal(d("9")),      // 9.137 rounded
			Indicators: []decimal.NullDecimal{decimal.NewNullDecimal(d("48"))},
		}}
	r, err := se.Reconcile(goals.Config{}, performance.DefaultScheme())
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Total, r.Grade)
	for _, dv := range r.Deviations {
		fmt.Println(dv.Kind, dv.Message().EN)
	}
	// Output:
	// 99.14 优
	// initial_budget_base budget execution rate: measured against the initial budget, stated 109.64, computed 91.37
	// rounded_execution budget execution score: execution score rounded to a whole number, stated 9, computed 9.14
	// docked_met_target 培训人数: points docked from a met target, stated 48, computed 50
}

// The seed's 2020 key evaluation printed 56 projects with shares
// 12.12/53.03/30.30/4.55%; 66 projects graded 8/35/20/3 give those shares,
// and no split of 56 does.
func ExampleCheckPublished() {
	d := performance.GradeDistribution()
	for g, n := range map[performance.Grade]int{performance.Excellent: 8, performance.Good: 35, performance.Fair: 20, performance.Poor: 3} {
		for range n {
			_ = d.AddGrade(g, decimal.NewFromInt(1000000))
		}
	}
	stated := performance.PublishedShares{Total: 56, Labels: []string{"优", "良", "中", "差"}, Places: 2,
		Shares: []decimal.Decimal{decimal.RequireFromString("12.12"), decimal.RequireFromString("53.03"),
			decimal.RequireFromString("30.30"), decimal.RequireFromString("4.55")}}
	pc, err := evaluation.CheckPublished(d, stated, decimal.Zero, performance.ShareCheck{})
	if err != nil {
		panic(err)
	}
	fmt.Println("shares reproduced:", pc.SharesMatch, "count", pc.Computed.Total, "matches 56:", pc.TotalMatches)
	fmt.Println(pc.Finding.Code, pc.Finding.Smallest.Total, pc.Finding.Smallest.Counts)
	// Output:
	// shares reproduced: true count 66 matches 56: false
	// shares_inconsistent 66 [8 35 20 3]
}

// Results application with the bundled policy: a project graded 中 is cut
// by 20%, and its carry-over is recovered.
func ExampleApplyProgram_Apply() {
	data, err := os.ReadFile("../testdata/expost/policy.json")
	if err != nil {
		panic(err)
	}
	p, err := evaluation.ParseApplyPolicy(data)
	if err != nil {
		panic(err)
	}
	prog, err := evaluation.CompileApplyPolicy(p)
	if err != nil {
		panic(err)
	}
	org, err := performance.NewOrg([]performance.Node{
		{ID: "city", Name: "市本级", Kind: performance.NodeRegion},
		{ID: "city-edu", Name: "教育局", Kind: performance.NodeDepartment, Parent: "city"},
		{ID: "u1", Name: "一中", Kind: performance.NodeUnit, Parent: "city-edu"},
	})
	if err != nil {
		panic(err)
	}
	d := decimal.RequireFromString
	ny, err := prog.Apply([]evaluation.ProjectOutcome{{
		ProjectID: "P1", UnitID: "u1", Grade: performance.Fair, Score: d("72.5"), Attainment: d("0.9"),
		Execution: performance.Execution{InitialBudget: d("500000"), AdjustedBudget: d("500000"), Executed: d("450000")},
		CarryOver: d("30000"), Requested: d("600000.05"),
	}}, nil, org, time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		panic(err)
	}
	c := ny.Projects[0]
	fmt.Println(c.Action.Name(performance.LangZH), c.Amount.StringFixed(2), c.Change.StringFixed(2), c.Recovered.StringFixed(2), c.Rule)
	fmt.Println(ny.Departments[0].Node.Name, ny.Departments[0].Total.StringFixed(2))
	// Output:
	// 调减 480000.04 -120000.01 30000.00 cut_fair
	// 教育局 480000.04
}

// A stratified sample for the review of self-evaluations: 30% of each
// department × amount band, rounded up; the same seed draws the same
// projects.
func ExampleDrawSample() {
	var cands []evaluation.Candidate
	for i := range 10 {
		cands = append(cands, evaluation.Candidate{ProjectID: fmt.Sprintf("E%02d", i), Department: "教育局",
			Amount: decimal.NewFromInt(int64(i) * 1000000)})
	}
	spec := evaluation.SampleSpec{Seed: 2022, Rate: decimal.RequireFromString("0.3"),
		AmountBands: []decimal.Decimal{decimal.NewFromInt(5000000)}}
	a, _ := evaluation.DrawSample(cands, spec)
	b, _ := evaluation.DrawSample(cands, spec)
	for _, st := range a.Strata {
		fmt.Println(st.Department, st.Band, st.Size, len(st.Drawn))
	}
	fmt.Println(len(a.ProjectIDs), fmt.Sprint(a.ProjectIDs) == fmt.Sprint(b.ProjectIDs))
	// Output:
	// 教育局 0 5 2
	// 教育局 1 5 2
	// 4 true
}

// The bureau re-evaluates a sample of self-evaluations: gaps beyond 10
// points are flagged as inflated, and units are ranked by how close their
// self-scores came.
func ExampleReviewSelfEvaluations() {
	d := decimal.RequireFromString
	r, _ := evaluation.ReviewSelfEvaluations([]evaluation.Recheck{
		{ProjectID: "P1", UnitID: "一中", Self: d("96"), Bureau: d("82")},
		{ProjectID: "P2", UnitID: "一中", Self: d("90"), Bureau: d("88")},
		{ProjectID: "P3", UnitID: "人民医院", Self: d("85"), Bureau: d("84")},
	}, evaluation.ReviewCriteria{Inflation: d("10"), Scheme: performance.DefaultScheme()})
	for _, l := range r.Lines {
		fmt.Println(l.ProjectID, l.Gap, l.Inflated, l.SelfGrade, "→", l.BureauGrade)
	}
	for _, u := range r.Units {
		fmt.Println(u.Rank, u.UnitID, u.MeanAbsGap.Round(2), u.Inflated)
	}
	// Output:
	// P1 14 true 优 → 良
	// P2 2 false 优 → 良
	// P3 1 false 良 → 良
	// 1 人民医院 1 0
	// 2 一中 8 1
}

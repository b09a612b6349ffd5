package exante_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
)

func ExampleAssessor_Assess() {
	d := decimal.RequireFromString
	policy := &exante.Policy{
		ID: "demo",
		Rules: rules.Set{ID: "demo-exante", Version: "1", Rules: []rules.Rule{
			{ID: "EA-M03", Name: "500万元以上项目须评估", When: "Amount >= 5000000", Tags: []string{exante.TagMustAssess}},
			{ID: "EA-L01", Name: "单价超过支出标准的，按标准核减", When: "HasStandard && UnitPrice > StandardCap",
				Tags:    []string{exante.TagLine, "standard"},
				Outputs: []rules.Output{{Name: exante.OutReduce, Type: rules.TypeMoney, Expr: "(UnitPrice - StandardCap) * Quantity"}}},
		}},
	}
	standards := []performance.ExpenditureStandard{{ID: "TRAIN", Name: "培训费（一类）", Unit: "人·天", Cap: d("550")}}
	a, err := exante.NewAssessor(policy, standards, exante.AssessOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}

	line := performance.CostLine{Item: "培训费", Specification: "基层干部培训", Quantity: d("1000"), Unit: "人·天",
		UnitPrice: d("600"), Amount: d("600000"), StandardID: "TRAIN"}
	sub := &exante.Submission{Round: 1, Project: performance.Project{
		ID: "XM-001", Name: "基层干部培训", UnitID: "city-edu-0", FiscalYear: 2021, Category: "培训",
		Basis: "年度培训计划", Content: "培训基层干部1000人·天",
		Period:          performance.Period{Start: performance.Month{Year: 2021, Month: time.March}, End: performance.Month{Year: 2021, Month: time.November}},
		TotalInvestment: d("600000"), Amount: d("600000"), CostLines: []performance.CostLine{line},
	}}
	tree := demoGoals()

	as, err := a.Assess(sub, tree)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range as.Reductions {
		fmt.Printf("%s line %d: %s yuan (%s)\n", r.RuleID, r.Line, r.Amount.StringFixed(2), r.Reason.ZH)
	}
	rate, _ := as.ReductionRate()
	fmt.Printf("submitted %s, reduced %s, approved %s, rate %s%%\n",
		performance.FormatAmount(as.Submitted, performance.Wan), performance.FormatAmount(as.Reduced, performance.Wan),
		performance.FormatAmount(as.Approved, performance.Wan), rate.Percent(2))

	sub.Project.CostLines = nil // no detailed cost estimate: not fundable
	as, _ = a.Assess(sub, nil)
	fmt.Println(as.Fundable, as.Gates.Codes(), as.Reduced.StringFixed(2))
	// Output:
	// EA-L01 line 0: 50000.00 yuan (单价超过支出标准的，按标准核减)
	// submitted 60.00万元, reduced 5.00万元, approved 55.00万元, rate 8.33%
	// false [no_cost_lines no_goals] 600000.00
}

func demoGoals() *goals.Tree {
	ind := func(l1, l2, name, target, w string) goals.Indicator {
		k1, _ := goals.ParseLevel1(l1)
		k2, _ := goals.ParseLevel2(l2)
		t, _ := goals.ParseTarget(target)
		return goals.Indicator{Level1: k1, Level2: k2, Name: name, Target: t, Weight: decimal.RequireFromString(w)}
	}
	t, err := goals.NewTree(goals.SelfEvaluation, decimal.Decimal{},
		ind("产出指标", "数量指标", "培训人次", "≥1000人次", "60"),
		ind("效益指标", "社会效益指标", "培训合格率", "≥95%", "30"),
		ind("满意度指标", "服务对象满意度指标", "学员满意度", "≥90%", "10"))
	if err != nil {
		panic(err)
	}
	return t
}

func ExampleAllocate() {
	d := decimal.RequireFromString
	// 1,000,000 yuan split among three districts by four factors weighted
	// 30/20/20/30 (every factor sums to 100, so the scores are easy to check:
	// 城关区 .3×.5 + .2×.2 + .2×.3 + .3×.4 = .37).
	plan := exante.FactorPlan{
		Total: d("1000000"),
		Factors: []exante.FactorNode{
			{Factor: "population", Weight: d("30")}, {Factor: "area", Weight: d("20")},
			{Factor: "students", Weight: d("20")}, {Factor: "performance", Weight: d("30")},
		},
	}
	districts := []exante.Recipient{
		{ID: "城关区", Factors: map[string]decimal.Decimal{"population": d("50"), "area": d("20"), "students": d("30"), "performance": d("40")}},
		{ID: "堆龙德庆区", Factors: map[string]decimal.Decimal{"population": d("30"), "area": d("30"), "students": d("50"), "performance": d("40")}},
		{ID: "达孜区", Factors: map[string]decimal.Decimal{"population": d("20"), "area": d("50"), "students": d("20"), "performance": d("20")}},
	}
	a, err := exante.Allocate(context.Background(), plan, districts)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range a.Shares {
		fmt.Println(s.ID, s.Rank, s.Score, s.Amount.StringFixed(2))
	}
	// Output:
	// 城关区 1 0.37 370000.00
	// 堆龙德庆区 2 0.37 370000.00
	// 达孜区 3 0.26 260000.00
}

// The seed's round figures (拉财字〔2022〕9号), reproduced from the bundled
// sample's cost lines by the bundled policy.
func ExampleSummarizeRounds() {
	dir := "../../testdata/exante/"
	read := func(name string, v any) {
		b, err := os.ReadFile(dir + name)
		if err == nil {
			err = performance.DecodeJSON(b, v)
		}
		if err != nil {
			panic(err)
		}
	}
	b, err := os.ReadFile(dir + "policy.json")
	if err != nil {
		panic(err)
	}
	policy, err := exante.ParsePolicy(b)
	if err != nil {
		panic(err)
	}
	var standards []performance.ExpenditureStandard
	var subs []exante.Submission
	var trees map[string]*goals.Tree
	var org performance.Org
	read("standards.json", &standards)
	read("portfolio.json", &subs)
	read("goals.json", &trees)
	read("org.json", &org)

	res, err := exante.Assess(policy, standards, subs, trees, exante.AssessOptions{})
	if err != nil {
		fmt.Println(err)
	}
	sums, err := exante.SummarizeRounds(res, &org, 2)
	if err != nil {
		fmt.Println(err)
	}
	names := map[int]string{0: "合计", 1: "一上", 2: "二上"}
	for _, s := range sums {
		t := s.Total
		fmt.Printf("%s: %d个项目，送审%s，审减%s，审减率%s%%\n", names[s.Round], t.Projects,
			performance.FormatAmount(t.Submitted, performance.Wan), performance.FormatAmount(t.Reduced, performance.Wan),
			t.ReductionRate.StringFixed(2))
	}
	// Output:
	// 一上: 35个项目，送审17,702.19万元，审减3,386.97万元，审减率19.13%
	// 二上: 5个项目，送审3,436.29万元，审减1,761.29万元，审减率51.26%
	// 合计: 40个项目，送审21,138.48万元，审减5,148.26万元，审减率24.35%
}

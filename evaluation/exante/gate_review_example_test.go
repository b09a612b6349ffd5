package exante_test

import (
	"fmt"
	"time"

	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// The goals of a training project reviewed with the bundled core
// indicators, then checked at the gates with the review's result.
func ExampleCheckGatesReviewed() {
	d := decimal.RequireFromString
	p := &performance.Project{
		ID: "XM-001", Name: "基层干部培训", UnitID: "city-edu-0", FiscalYear: 2021, Category: "培训类",
		Basis: "年度培训计划", Content: "培训基层干部1000人·天",
		Period:          performance.Period{Start: performance.Month{Year: 2021, Month: time.March}, End: performance.Month{Year: 2021, Month: time.November}},
		TotalInvestment: d("500000"), Amount: d("500000"),
		CostLines: []performance.CostLine{{Item: "培训费", Quantity: d("1000"), Unit: "人·天", UnitPrice: d("500"), Amount: d("500000")}},
	}
	tree := demoGoals()
	core, _ := goals.CoreLibrary()
	rules := goals.DefaultReviewRules()
	in := &goals.ReviewInput{ProjectID: p.ID, Category: p.Category, Tree: tree, CostLines: p.CostLines}

	// 培训人数 and 参训人员满意度, core indicators of 培训类, are missing
	// (the tree says 培训人次 and 学员满意度): 100 − 10 − 10 = 80, 良.
	rv, _ := rules.Review(in, core)
	fmt.Println(rv.Score, rv.GradeName.ZH, rv.Pass)
	fmt.Println(exante.CheckGatesReviewed(p, tree, rv, nil))

	// An expert scoring 70: 70 − 20 = 50, 差: the gate fails.
	in.Experts = []goals.ReviewExpert{{ID: "E1", Score: d("70")}}
	rv, _ = rules.Review(in, core)
	err := exante.CheckGatesReviewed(p, tree, rv, nil)
	fmt.Println(rv.Score, rv.GradeName.ZH)
	fmt.Println(err.(performance.Problems)[0].Message.ZH)
	// Output:
	// 80 良 true
	// <nil>
	// 50 差
	// 绩效目标审核结果为“差”（50 分，2 条审核意见），不予安排预算
}

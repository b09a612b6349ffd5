package history_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/performance"
)

// ExampleDiff replays the bundled policy (v1) and its proposed revision
// (v2) over one training project and prints what the revision changes.
func ExampleDiff() {
	load := func(f string, v any) {
		data, err := os.ReadFile("../testdata/history/" + f)
		if err != nil {
			panic(err)
		}
		if err := json.Unmarshal(data, v); err != nil {
			panic(err)
		}
	}
	var nodes []performance.Node
	var standards []performance.ExpenditureStandard
	load("org.json", &nodes)
	load("standards.json", &standards)
	org, _ := performance.NewOrg(nodes)
	compile := func(f string) *history.Program {
		data, _ := os.ReadFile("../testdata/history/" + f)
		p, err := history.ParsePolicy(data)
		if err != nil {
			panic(err)
		}
		pr, err := history.Compile(p, org, standards)
		if err != nil {
			panic(err)
		}
		return pr
	}
	v1, v2 := compile("policy_v1.json"), compile("policy_v2.json")

	d := decimal.RequireFromString
	ind := func(l1 goals.Level1, l2 goals.Level2, name, target, weight string) goals.Indicator {
		t, _ := goals.ParseTarget(target)
		return goals.Indicator{Level1: l1, Level2: l2, Name: name, Target: t, Weight: d(weight)}
	}
	tree, err := goals.NewTree(goals.SelfEvaluation, decimal.Decimal{},
		ind(goals.Output, goals.Quantity, "培训人数", "≥100人", "50"),
		ind(goals.Benefit, goals.SocialBenefit, "服务覆盖人数", "≥5000人", "40"),
		ind(goals.Satisfaction, goals.ServedSatisfaction, "服务对象满意度", "≥90%", "10"))
	if err != nil {
		panic(err)
	}
	rec := &history.Record{
		Round: 1,
		Project: performance.Project{ID: "T-001", Name: "教师培训", UnitID: "city-jyj-0", FiscalYear: 2022,
			Kind: performance.KindRoutine, Category: "培训", Basis: "年度培训计划", Content: "培训100人",
			Period:          performance.Period{Start: performance.Month{Year: 2022, Month: 1}, End: performance.Month{Year: 2022, Month: 12}},
			TotalInvestment: d("50000"), Amount: d("50000"),
			CostLines: []performance.CostLine{{Item: "培训费", Specification: "一类培训", Quantity: d("100"), Unit: "人·天",
				UnitPrice: d("500"), Amount: d("50000"), StandardID: "STD-TRAIN"}}},
		Goals: tree,
		// 34,000 spent by 30 September: 68% against 75% expected.
		Execution: history.ExecutionRecord{InitialBudget: d("50000"), Monthly: []decimal.Decimal{
			d("4000"), d("4000"), d("4000"), d("4000"), d("4000"), d("4000"), d("4000"), d("4000"), d("2000"), d("4000"), d("4000"), d("4000")}},
		Evaluation: history.Evaluation{Source: "self", Score: d("65"), Attainment: d("0.9")},
		Requested:  d("60000"),
	}
	rep, err := history.Diff(context.Background(), v1, v2, history.Slice([]*history.Record{rec}), history.StreamOptions{})
	if err != nil {
		panic(err)
	}
	c := rep.Sample[0]
	kinds := make([]string, len(c.Kinds))
	for i, k := range c.Kinds {
		kinds[i] = k.String()
	}
	fmt.Println(strings.Join(kinds, " "))
	fmt.Println("grade:", c.A.Grade.Rating, "→", c.B.Grade.Rating)
	fmt.Println("alert:", c.A.Alert.Level, "→", c.B.Alert.Level)
	fmt.Println("action:", c.A.NextYear.Action, "→", c.B.NextYear.Action)
	fmt.Println("approved Δ", c.ApprovedDelta.StringFixed(2), "next year Δ", c.AmountDelta.StringFixed(2), "recovered Δ", c.RecoveredDelta.StringFixed(2))
	fmt.Println(rep.Departments[0].Name, rep.Departments[0].NextYearDelta.StringFixed(2))
	// Output:
	// reduction grade alert action amount recovery rules
	// grade: 中 → 差
	// alert: yellow → red
	// action: cut → suspend
	// approved Δ -2500.00 next year Δ -48000.00 recovered Δ 4000.00
	// 市本级·教育局 -48000.00
}

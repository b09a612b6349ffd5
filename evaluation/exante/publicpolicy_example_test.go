package exante_test

import (
	"fmt"

	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// policySheet is one expert's points over the policy sheet, in its order
// PN1 PN2 PO1 PO2 PI1 PI2 PF1 PF2 PB1 PB2.
func policySheet(id string, points ...int64) exante.Expert {
	ids := []string{"PN1", "PN2", "PO1", "PO2", "PI1", "PI2", "PF1", "PF2", "PB1", "PB2"}
	e := exante.Expert{ID: id}
	for i, p := range points {
		e.Scores = append(e.Scores, exante.ItemScore{Item: ids[i], Score: decimal.NewFromInt(p)})
	}
	return e
}

// ExamplePolicyAssessor assesses a new subsidy policy before adoption
// (政策事前绩效评估) on the bundled policy sheet.
//
// By hand: expert A gives 9+8 | 8+7 | 9+8 | 8+9 | 10+6 = 82, expert B
// 8+7 | 7+6 | 8+7 | 7+8 | 9+5 = 72; the mean is (82+72)/2 = 77.00, at
// least 60 and below 80, so 调整完善后予以支持, which may request a budget.
// Dimensions are the means per dimension: 政策必要性 (17+15)/2 = 16,
// 政策目标合理性 (15+13)/2 = 14, 政策工具可行性 (17+15)/2 = 16,
// 资金保障与筹资合规性 (17+15)/2 = 16, 预期效益 (16+14)/2 = 15;
// 16+14+16+16+15 = 77. A continuing policy nobody scored has no verdict
// and may not request a budget.
func ExamplePolicyAssessor() {
	a, err := exante.NewPolicyAssessor(exante.AssessCriteria{})
	if err != nil {
		panic(err)
	}
	as, err := a.Assess([]exante.PolicyProposal{
		{Policy: performance.PublicPolicy{ID: "P-NEW", Name: "高标准农田建设补助", New: true, Amount: decimal.NewFromInt(5000000)},
			Experts: []exante.Expert{policySheet("A", 9, 8, 8, 7, 9, 8, 8, 9, 10, 6), policySheet("B", 8, 7, 7, 6, 8, 7, 7, 8, 9, 5)}},
		{Policy: performance.PublicPolicy{ID: "P-OLD", Name: "创业担保贷款贴息", StartYear: 2022, EndYear: 2024}},
	})
	if err != nil {
		panic(err)
	}
	for _, r := range as {
		fmt.Println(r.PolicyID, r.Verdict.Name(performance.LangZH), "fundable:", r.Fundable)
		if r.Score == nil {
			continue
		}
		fmt.Println("  total", r.Score.Total)
		for _, d := range r.Score.Dimensions {
			fmt.Printf("  %s %s/%s\n", d.Dimension.Name(performance.LangZH), d.Score, d.Weight)
		}
	}
	// Output:
	// P-NEW 调整完善后予以支持 fundable: true
	//   total 77
	//   政策必要性 16/20
	//   政策目标合理性 14/20
	//   政策工具可行性 16/20
	//   资金保障与筹资合规性 16/20
	//   预期效益 15/20
	// P-OLD 未评估 fundable: false
}

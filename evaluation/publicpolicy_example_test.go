package evaluation_test

import (
	"fmt"
	"time"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
)

// Example_publicPolicy concludes the ex-post evaluations of four public
// policies (政策绩效评价: continue, adjust or exit) and carries the
// conclusions into results application for the projects they fund. The
// ex-ante half is exante.PolicyAssessor's example.
//
// By hand, fiscal year 2024, under the bundled rules:
//   - P1 ends in 2024 (expired) and scored 78.5 < 80 (中, below 良): the
//     first rule by priority, exit_expired, concludes exit
//     and recovery;
//   - P2 scored 72, graded 中 by the national bands (60–79): adjust_fair,
//     cut 20%;
//   - P3 scored 91 (优) with idle money: adjust_findings, cut 10%;
//   - P4 scored 88 (良), no findings: continue.
//
// Projects: PR1 under P1; PR2 under P1 and P2, so the graver exit; PR3
// under P2; PR4 under P3; PR5 under P4. Each requests 100,000 yuan and
// has 30,000 unspent (budget 100,000, spent 70,000). The application
// rules then give PR1 and PR2 0 with 30,000.00 recovered, PR3
// 100,000 × (1 − 0.2) = 80,000.00, PR4 100,000 × 0.9 = 90,000.00, PR5
// its request.
func Example_publicPolicy() {
	prog, err := evaluation.DefaultPolicyRules().Compile()
	if err != nil {
		panic(err)
	}
	d := decimal.RequireFromString
	pol := func(id string, end int, projects ...string) performance.PublicPolicy {
		return performance.PublicPolicy{ID: id, StartYear: 2022, EndYear: end, Amount: d("1000000"), ProjectIDs: projects}
	}
	outs, err := prog.Conclude([]evaluation.PolicyEvaluation{
		{Policy: pol("P4", 2026, "PR5"), Year: 2024, Score: d("88"), Attainment: d("0.95")},
		{Policy: pol("P3", 2026, "PR4"), Year: 2024, Score: d("91"), Attainment: d("1"),
			Findings: []evaluation.PolicyFinding{{Code: evaluation.FindingIdleFunds}}},
		{Policy: pol("P2", 2026, "PR3", "PR2"), Year: 2024, Score: d("72"), Attainment: d("0.8")},
		{Policy: pol("P1", 2024, "PR1", "PR2"), Year: 2024, Score: d("78.5"), Attainment: d("0.9")},
	}, time.Time{})
	if err != nil {
		panic(err)
	}
	for _, o := range outs {
		fmt.Println(o.PolicyID, o.Grade, o.Conclusion.Name(performance.LangZH), o.Rule, "cut", o.CutShare, "recover", o.Recover)
	}

	var projects []evaluation.ProjectOutcome
	for _, id := range []string{"PR1", "PR2", "PR3", "PR4", "PR5"} {
		projects = append(projects, evaluation.ProjectOutcome{ProjectID: id, UnitID: "u1", Grade: performance.Good,
			Score: d("85"), Attainment: d("1"), Requested: d("100000"),
			Execution: performance.Execution{AdjustedBudget: d("100000"), Executed: d("70000")}})
	}
	projects, err = evaluation.WithPolicyOutcomes(projects, outs)
	if err != nil {
		panic(err)
	}
	apply := &evaluation.ApplyPolicy{Projects: &rules.Set{ID: "policy-consequences", Rules: []rules.Rule{
		{ID: "policy_exit", Priority: 20, When: `PolicyConclusion == "exit"`, Outputs: []rules.Output{
			{Name: "action", Type: rules.TypeString, Expr: `"cancel"`}, {Name: "amount", Type: rules.TypeMoney, Expr: "0"}}},
		{ID: "policy_recover", Priority: 20, When: `PolicyConclusion == "exit" && PolicyRecover`, Outputs: []rules.Output{
			{Name: "recover", Type: rules.TypeMoney, Expr: "Unspent"}}},
		{ID: "policy_adjust", Priority: 10, When: `PolicyConclusion == "adjust"`, Outputs: []rules.Output{
			{Name: "action", Type: rules.TypeString, Expr: `"cut"`},
			{Name: "amount", Type: rules.TypeMoney, Expr: "round(Requested * (1 - PolicyCutShare), 2)"}}},
	}}}
	ap, err := apply.Compile()
	if err != nil {
		panic(err)
	}
	org, err := performance.NewOrg([]performance.Node{
		{ID: "city", Name: "市本级", Kind: performance.NodeRegion},
		{ID: "agri", Name: "农业农村局", Kind: performance.NodeDepartment, Parent: "city"},
		{ID: "u1", Name: "农技站", Kind: performance.NodeUnit, Parent: "agri"},
	})
	if err != nil {
		panic(err)
	}
	ny, err := ap.Apply(projects, nil, org, time.Time{})
	if err != nil {
		panic(err)
	}
	for _, c := range ny.Projects {
		fmt.Println(c.ProjectID, c.Action.Name(performance.LangZH), c.Amount.StringFixed(2), "recovered", c.Recovered.StringFixed(2))
	}
	// Output:
	// P1 中 退出 exit_expired cut 0 recover true
	// P2 中 调整完善 adjust_fair cut 0.2 recover false
	// P3 优 调整完善 adjust_findings cut 0.1 recover false
	// P4 良 继续实施 continue cut 0 recover false
	// PR1 取消 0.00 recovered 30000.00
	// PR2 取消 0.00 recovered 30000.00
	// PR3 调减 80000.00 recovered 0.00
	// PR4 调减 90000.00 recovered 0.00
	// PR5 未调整 100000.00 recovered 0.00
}

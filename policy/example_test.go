package policy_test

import (
	"fmt"
	"time"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/policy"
	"github.com/shopspring/decimal"
)

// The whole year: load the policy once, compile it with the organisation
// (and the host's rules.Options), then run each stage with its date.
func Example() {
	p, err := policy.Load("../testdata/policy/2021.json") // standards_file read beside it
	if err != nil {
		panic(err)
	}
	org, _ := performance.NewOrg([]performance.Node{
		{ID: "city", Name: "市本级", Kind: performance.NodeRegion},
		{ID: "jyj", Name: "教育局", Kind: performance.NodeDepartment, Parent: "city"},
		{ID: "jyj-0", Name: "教育局本级", Kind: performance.NodeUnit, Parent: "jyj"}})
	prog, err := p.Compile(org, nil)
	if err != nil {
		panic(err) // every problem, each with its stage, rule id, line and column
	}
	ny, err := prog.Apply(time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC), []evaluation.ProjectOutcome{{
		ProjectID: "XM1", UnitID: "jyj-0", Grade: performance.Fair, Score: decimal.NewFromInt(72),
		Requested: decimal.NewFromInt(1_000_000)}}, nil)
	if err != nil {
		panic(err)
	}
	c := ny.Projects[0] // 中: cut_fair keeps 80% of 1,000,000
	fmt.Println(prog.Ref().ID, c.Action, c.Amount, ny.Policy == prog.Ref())
	// Output: lhasa-2021 cut 800000 true
}

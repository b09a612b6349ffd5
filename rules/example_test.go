package rules_test

import (
	"errors"
	"fmt"

	"github.com/jixiao-go/jixiao/internal/lang"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/rules"
)

// Project is the environment the rules see: the caller's own struct, with
// money as decimal.Decimal.
type Project struct {
	ID            string
	Category      string
	Requested     decimal.Decimal
	ExecutionRate decimal.Decimal
	PriorGrade    string
}

// Load a rule set from JSON, compile it against the project type, evaluate
// one project and print the explanation.
func Example() {
	data := []byte(`{
	  "id": "results-application", "version": "2025.1", "hit_policy": "collect",
	  "rules": [
	    {"id": "R03", "name": "prior grade poor", "when": "PriorGrade == \"差\"",
	     "outputs": [{"name": "reduce", "type": "money", "expr": "Requested * 0.2"}]},
	    {"id": "R10", "name": "IT project with low execution",
	     "when": "Category == \"信息化\" && ExecutionRate < 0.5",
	     "outputs": [{"name": "reduce", "type": "money", "expr": "round(Requested * (0.5 - ExecutionRate), 2)"}]}
	  ]}`)
	set, err := rules.ParseSet(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	prog, err := rules.Compile[Project](set)
	if err != nil {
		fmt.Println(err)
		return
	}
	p := Project{ID: "P000001", Category: "信息化", Requested: decimal.RequireFromString("1200000"),
		ExecutionRate: decimal.RequireFromString("0.42"), PriorGrade: "良"}
	res, err := prog.Eval(&p, rules.EvalOptions{Explain: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range res.Fired {
		reduce, _ := f.Output("reduce")
		fmt.Println(f.RuleID, "reduce", reduce.Decimal().StringFixed(2))
		fmt.Println(f.Explanation.Text(lang.EN))
		fmt.Println(f.Explanation.Text(lang.ZH))
	}
	for _, s := range res.Skipped {
		fmt.Println(s.RuleID, s.Reason)
	}
	// Output:
	// R10 reduce 96000.00
	// rule R10 (IT project with low execution): (Category ("信息化") == "信息化" → true) && (ExecutionRate (0.42) < 0.5 → true) → true → fired; reduce = round(Requested (1200000) * (0.5 - ExecutionRate (0.42) = 0.08) = 96000.00) = 96000.00
	// 规则 R10「IT project with low execution」：(Category ("信息化") == "信息化" → 是) 且 (ExecutionRate (0.42) < 0.5 → 是) → 是，命中; reduce = round(Requested (1200000) * (0.5 - ExecutionRate (0.42) = 0.08) = 96000.00) = 96000.00
	// R03 condition_false
}

// Compile reports every problem at once, each with its rule, field,
// position and a caret under the problem.
func ExampleCompile_error() {
	set := &rules.Set{ID: "s", Rules: []rules.Rule{
		{ID: "R1", When: "ExecRate < 0.5"},
		{ID: "R2", When: "true", Outputs: []rules.Output{{Name: "reduce", Type: rules.TypeMoney, Expr: "Requested / 3"}}},
	}}
	_, err := rules.Compile[Project](set)
	fmt.Println(err)
	var re *rules.Error
	if errors.As(err, &re) {
		fmt.Println(re.RuleID, re.Line, re.Column, re.Suggestion, errors.Is(err, rules.ErrUnknownName))
	}
	// Output:
	// rules: rule R1: when (1:1): unknown name: ExecRate (did you mean ExecutionRate?)
	//  | ExecRate < 0.5
	//  | ^
	// rules: rule R2: reduce (1:11): type error: a division of exact numbers must name its rounding: write round(Requested / 3, 2) or div(Requested, 3, 2)
	//  | Requested / 3
	//  | ..........^
	// R1 1 1 ExecutionRate true
}

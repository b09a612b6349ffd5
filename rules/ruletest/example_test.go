package ruletest_test

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/rules"
	"github.com/jixiao-go/jixiao/rules/ruletest"
)

// ExampleCheck runs one JSON case against a rule set and prints what did not
// hold. Under go test, ruletest.Run does the same for a whole file, one
// subtest per case.
func ExampleCheck() {
	set, _ := rules.ParseSet([]byte(`{"id": "apply", "version": "1", "rules": [
	  {"id": "cut_fair", "when": "Grade == \"中\"",
	   "outputs": [{"name": "amount", "type": "money", "expr": "round(Requested * 0.8, 2)"}]}]}`))
	type env struct {
		Grade     string
		Requested decimal.Decimal
	}
	p, _ := rules.Compile[env](set)
	cases, _ := ruletest.ReadCases[env](strings.NewReader(`{"cases": [
	  {"name": "fair", "env": {"Grade": "中", "Requested": "1000"},
	   "fired": ["cut_fair"], "outputs": {"cut_fair": {"amount": "750"}}}]}`))
	out := ruletest.Check(p, cases[0])
	for _, m := range out.Mismatches {
		fmt.Println(m)
	}
	// Output:
	// cut_fair.amount: got 800.00, want 750
}

// ExampleCoverage measures how well cases cover a rule set.
func ExampleCoverage() {
	set, _ := rules.ParseSet([]byte(`{"id": "s", "rules": [
	  {"id": "big", "when": "New && Amount >= 5000000"},
	  {"id": "small", "when": "Amount < 1000"}]}`))
	type env struct {
		New    bool
		Amount decimal.Decimal
	}
	p, _ := rules.Compile[env](set)
	cov := ruletest.NewCoverage(set)
	for _, e := range []env{{true, decimal.NewFromInt(6000000)}, {false, decimal.NewFromInt(2000)}} {
		r, _ := p.Eval(&e, rules.EvalOptions{Explain: true})
		cov.Add(r)
	}
	// big: root true then false, New true then false, Amount >= 5000000
	// only true (5 of 6 outcomes); small: false twice (1 of 2): 6 of 8.
	fmt.Println("rules:", cov.RulePercent(), "conditions:", cov.ConditionPercent())
	for _, g := range cov.Gaps() {
		fmt.Println(g.RuleID, g.Kind, g.Expr)
	}
	// Output:
	// rules: 50 conditions: 75
	// big never_false Amount >= 5000000
	// small never_fired
}

// Backtest replays a policy change against history before it takes effect:
// the bundled 2020 key evaluation (66 graded projects) is run through the
// results-application policy in force and through a draft that cuts projects
// graded 中 by 30% instead of 20%, and the two next-year budgets are compared
// project by project. The draft is made from the policy as data, by editing
// one rule's output expression: no code changes.
package main

import (
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

func main() {
	dir := "testdata"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	if err := run(os.Stdout, dir); err != nil {
		log.Fatal(err)
	}
}

// nextYear evaluates the report and applies policy p to its results.
func nextYear(rep *evaluation.KeyReport, p *evaluation.ApplyPolicy) (*evaluation.NextYear, error) {
	prog, err := evaluation.CompileApplyPolicy(p)
	if err != nil {
		return nil, err
	}
	res, err := rep.Evaluate(evaluation.KeyFramework(), prog, performance.ShareCheck{}, time.Date(rep.Year+1, 12, 31, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return nil, err
	}
	return res.NextYear, nil
}

func run(w io.Writer, dir string) error {
	data, err := os.ReadFile(filepath.Join(dir, "expost", "key2020.json"))
	if err != nil {
		return err
	}
	var rep evaluation.KeyReport
	if err := performance.DecodeJSON(data, &rep, true); err != nil {
		return err
	}
	policyJSON, err := os.ReadFile(filepath.Join(dir, "expost", "policy.json"))
	if err != nil {
		return err
	}
	current, err := evaluation.ParseApplyPolicy(policyJSON)
	if err != nil {
		return err
	}
	draft, err := evaluation.ParseApplyPolicy(policyJSON)
	if err != nil {
		return err
	}
	// The draft: 中 cut by 30%, a change of one expression.
	for i := range draft.Projects.Rules {
		r := &draft.Projects.Rules[i]
		if r.ID != "cut_fair" {
			continue
		}
		for j := range r.Outputs {
			if r.Outputs[j].Name == "amount" {
				r.Outputs[j].Expr = "round(Requested * 0.7, 2)"
			}
		}
	}
	draft.Projects.Version = "draft"

	before, err := nextYear(&rep, current)
	if err != nil {
		return err
	}
	after, err := nextYear(&rep, draft)
	if err != nil {
		return err
	}
	total := func(ny *evaluation.NextYear) (req, amt decimal.Decimal) {
		for _, c := range ny.Projects {
			req, amt = req.Add(c.Requested), amt.Add(c.Amount)
		}
		return req, amt
	}
	req, amtBefore := total(before)
	_, amtAfter := total(after)
	fmt.Fprintf(w, "%s: %d projects, %s requested for next year\n", rep.Title, len(before.Projects), performance.FormatAmount(req, performance.Wan))
	fmt.Fprintf(w, "policy in force: %s funded\n", performance.FormatAmount(amtBefore, performance.Wan))
	fmt.Fprintf(w, "draft (中 cut by 30%%): %s funded\n", performance.FormatAmount(amtAfter, performance.Wan))

	// Projects are sorted by ID in both results.
	changed := 0
	var delta decimal.Decimal
	rules := map[string]int{}
	for i, b := range before.Projects {
		a := after.Projects[i]
		if a.Amount.Equal(b.Amount) {
			continue
		}
		changed++
		delta = delta.Add(a.Amount.Sub(b.Amount))
		rules[a.Rule]++
	}
	fmt.Fprintf(w, "projects whose amount changes: %d, all by rule cut_fair: %t; change %s\n",
		changed, rules["cut_fair"] == changed, performance.FormatAmount(delta, performance.Wan))
	return nil
}

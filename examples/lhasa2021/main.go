// Lhasa2021 reproduces the published figures of the Lhasa finance bureau's
// 2021 performance-budgeting report (拉财字〔2022〕9号) from project-level data
// with the library: both ex-ante rounds and their reduction rates (审减率),
// the deep evaluation's grades, the 2020 key evaluation's grade shares, and
// the check that finds its printed project count (56) impossible.
//
// It reads the bundled sample in the repository's testdata folder: run it
// from the repository root (go run ./examples/lhasa2021) or pass the folder.
//
// Which figures are real: only the report's published totals — each
// round's count, submitted and reduced amounts and rate, and the
// evaluations' counts, amounts and grade figures — which this program
// prints and its test checks by hand. The projects, cost lines, expert
// sheets and scores they are computed from are synthetic fixtures
// calibrated to those totals (testdata/exante/README.md); no figure of one
// project in them is Lhasa's. In the ex-ante sample every project is
// assessed and every reduction is a cut the policy makes on its cost lines.
package main

import (
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
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

// read decodes a bundled JSON file strictly: an unknown field is an error.
func read(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := performance.DecodeJSON(data, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func run(w io.Writer, dir string) error {
	fmt.Fprintln(w, "Lhasa finance bureau, 2021 (拉财字〔2022〕9号), from project-level data")
	fmt.Fprintln(w, "(the totals are the report's, checked by hand; the projects behind them are synthetic fixtures calibrated to them)")

	// Ex-ante assessment of both budget rounds (一上, 二上).
	ex := filepath.Join(dir, "exante")
	data, err := os.ReadFile(filepath.Join(ex, "policy.json"))
	if err != nil {
		return err
	}
	policy, err := exante.ParsePolicy(data)
	if err != nil {
		return err
	}
	var standards []performance.ExpenditureStandard
	var subs []exante.Submission
	var trees map[string]*goals.Tree
	var org performance.Org
	for _, f := range []struct {
		name string
		v    any
	}{{"standards.json", &standards}, {"portfolio.json", &subs}, {"goals.json", &trees}, {"org.json", &org}} {
		if err := read(filepath.Join(ex, f.name), f.v); err != nil {
			return err
		}
	}
	assessments, err := exante.Assess(policy, standards, subs, trees, exante.AssessOptions{})
	if err != nil {
		return err
	}
	rounds, err := exante.SummarizeRounds(assessments, &org, 2)
	if err != nil {
		return err
	}
	for _, r := range rounds {
		if r.Round == 0 {
			continue // all rounds pooled
		}
		f := r.Total
		fmt.Fprintf(w, "ex-ante round %d: %d projects, %s submitted, %s reduced, rate %s\n", r.Round, f.Projects,
			performance.FormatAmount(f.Submitted, performance.Wan), performance.FormatAmount(f.Reduced, performance.Wan),
			performance.FormatPercent(f.ReductionRate, 2))
	}
	// The seed says every project was assessed: in the sample every
	// reduction is a line cut of an assessed project.
	assessed, whole := 0, 0
	for _, a := range assessments {
		if a.Score != nil && a.Fundable {
			assessed++
		}
		for _, r := range a.Reductions {
			if r.Line == exante.WholeProject {
				whole++
			}
		}
	}
	fmt.Fprintf(w, "  %d of %d projects assessed and fundable; reductions not on a cost line: %d\n",
		assessed, len(assessments), whole)

	// The 2021 deep evaluation and the 2020 key evaluation, graded under the
	// national key-evaluation framework and set beside what was published.
	for _, name := range []string{"deep2021.json", "key2020.json"} {
		var rep evaluation.KeyReport
		if err := read(filepath.Join(dir, "expost", name), &rep); err != nil {
			return err
		}
		res, err := rep.Evaluate(evaluation.KeyFramework(), nil, performance.ShareCheck{}, time.Date(rep.Year+1, 12, 31, 0, 0, 0, 0, time.UTC))
		if err != nil {
			return err
		}
		d := res.Distribution
		shares, err := d.Shares(2)
		if err != nil {
			return err
		}
		var parts []string
		for i, t := range d.Tallies {
			parts = append(parts, fmt.Sprintf("%s %d (%s)", t.Label, t.Count, performance.FormatPercent(shares[i], 2)))
		}
		fmt.Fprintf(w, "%s: %d projects, %s: %s\n", rep.ID, d.Total(), performance.FormatAmount(d.TotalAmount(), performance.Wan), strings.Join(parts, ", "))
		c := res.Check
		fmt.Fprintf(w, "  published %d projects: count matches %t, amount matches %t, shares match %t\n",
			c.Stated.Total, c.TotalMatches, c.AmountMatches, c.SharesMatch)
		if len(c.Stated.Shares) > 0 {
			fmt.Fprintf(w, "  %s\n", c.Finding.Text.In(performance.LangEN))
		}
	}
	return nil
}

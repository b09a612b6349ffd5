// Command backtest shows a policy change replayed against history (政策回测)
// before it goes live: it checks that the policy in force (v1) reproduces
// every decision recorded in the bundled 2021–2023 history, then replays a
// proposed revision (v2: 中 from 70, 中 cut 30%, training cut 15%, yellow
// within 5 points, low-execution cut below 70%, and a host rule over the
// bureau's own fields PriorGrade and StrategicPriority: 中 two years running
// and not ranked first is cut by half) and prints what it would
// have changed: grade flips, alerts, next year's budget by year and the
// departments hit hardest, with one project explained.
//
// Usage, from the module root:
//
//	go run ./examples/backtest [-dir testdata/history]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"sort"

	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/performance"
)

func main() {
	dir := flag.String("dir", "testdata/history", "the bundled history")
	flag.Parse()
	if err := run(os.Stdout, *dir); err != nil {
		log.Fatal(err)
	}
}

func run(w io.Writer, dir string) error {
	var nodes []performance.Node
	var standards []performance.ExpenditureStandard
	for f, v := range map[string]any{"org.json": &nodes, "standards.json": &standards} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return err
		}
		if err := performance.DecodeJSON(data, v); err != nil {
			return err
		}
	}
	org, err := performance.NewOrg(nodes)
	if err != nil {
		return err
	}
	compile := func(f string) (*history.Program, error) {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return nil, err
		}
		p, err := history.ParsePolicy(data)
		if err != nil {
			return nil, err
		}
		return history.Compile(p, org, standards)
	}
	v1, err := compile("policy_v1.json")
	if err != nil {
		return err
	}
	v2, err := compile("policy_v2.json")
	if err != nil {
		return err
	}
	records := filepath.Join(dir, "records.jsonl.gz")

	// 1. The regression guard: the recorded policy reproduces its decisions.
	ver, err := history.Verify(context.Background(), []*history.Program{v1}, history.ReadFile(records), history.StreamOptions{})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "verify %s %s: %d of %d recorded decisions reproduced exactly\n", v1.Ref().ID, v1.Ref().Version, ver.Verified, ver.Records)

	// 2. The proposed revision against the same years.
	rep, err := history.Diff(context.Background(), v1, v2, history.ReadFile(records), history.StreamOptions{Workers: 2, Sample: -1})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "replay %s → %s: %d of %d project-years change\n", rep.A.Version, rep.B.Version, rep.Changed, rep.Records)
	for _, c := range rep.Counts {
		if c.Count > 0 {
			fmt.Fprintf(w, "  %-26s %5d\n", c.Kind.Name(performance.LangEN), c.Count)
		}
	}
	fmt.Fprintln(w, "grade flips:")
	for i, row := range rep.Grades.Counts {
		for j, n := range row {
			if i != j && n > 0 {
				fmt.Fprintf(w, "  %s → %s  %d\n", rep.Grades.Labels[i], rep.Grades.Labels[j], n)
			}
		}
	}
	fmt.Fprintln(w, "next year's budget (yuan):")
	for _, y := range rep.Years {
		fmt.Fprintf(w, "  %s  %s → %s  (%s)\n", y.Name, y.NextYearA.StringFixed(2), y.NextYearB.StringFixed(2), y.NextYearDelta.StringFixed(2))
	}
	depts := rep.Departments
	sort.SliceStable(depts, func(i, j int) bool { return depts[i].NextYearDelta.LessThan(depts[j].NextYearDelta) })
	fmt.Fprintln(w, "departments cut most:")
	for _, d := range depts[:3] {
		fmt.Fprintf(w, "  %s  %s\n", d.Name, d.NextYearDelta.StringFixed(2))
	}
	// 3. One project explained: the first whose grade and next year's
	// action change, found by a second pass, record by record.
	c, _, err := firstChange(v1, v2, records, func(c *history.Change) bool { return c.Has(history.ChangeGrade) && c.Has(history.ChangeAction) })
	if err != nil {
		return err
	}
	if c != nil {
		fmt.Fprintf(w, "for example %s %d (%s, %s):\n", c.ProjectID, c.FiscalYear, c.Name, c.Department)
		fmt.Fprintf(w, "  v1: %s\n", c.A.NextYear.Explanation.EN)
		fmt.Fprintf(w, "  v2: %s\n", c.B.NextYear.Explanation.EN)
	}
	// 4. The bureau's own rule over its own data: v2's cut_fair_again reads
	// the host fields PriorGrade and StrategicPriority that the bureau's
	// system attached to each project-year, declared in v2's "fields".
	n := 0
	for _, rc := range rep.Rules {
		if rc.Rule == "apply:cut_fair_again" {
			n = rc.FiredB
		}
	}
	fmt.Fprintf(w, "host rule cut_fair_again (中 two years running, StrategicPriority < 3) decides %d project-years\n", n)
	h, hr, err := firstChange(v1, v2, records, func(c *history.Change) bool {
		return c.B.NextYear != nil && c.B.NextYear.Rule == "cut_fair_again"
	})
	if err != nil {
		return err
	}
	if h != nil {
		fmt.Fprintf(w, "for example %s %d (%s, %s), PriorGrade %v, StrategicPriority %v:\n", h.ProjectID, h.FiscalYear, h.Name, h.Department,
			hr.Project.Host["PriorGrade"], hr.Project.Host["StrategicPriority"])
		fmt.Fprintf(w, "  v1: %s\n", h.A.NextYear.Explanation.EN)
		fmt.Fprintf(w, "  v2: %s\n", h.B.NextYear.Explanation.EN)
	}
	return nil
}

// firstChange streams the history in batches of one year and returns the
// first changed record that want accepts.
func firstChange(a, b *history.Program, records string, want func(*history.Change) bool) (*history.Change, *history.Record, error) {
	var batch []*history.Record
	find := func() (*history.Change, *history.Record, error) {
		cs, err := history.DiffBatch(a, b, batch)
		defer func() { batch = batch[:0] }()
		for _, c := range cs {
			if want(c) {
				for _, r := range batch {
					if r.Key() == c.Key {
						return c, r, err
					}
				}
			}
		}
		return nil, nil, err
	}
	for r, err := range history.ReadFile(records) {
		if err != nil {
			return nil, nil, err
		}
		if len(batch) == 256 || len(batch) > 0 && batch[0].Project.FiscalYear != r.Project.FiscalYear {
			if c, rec, err := find(); c != nil || err != nil {
				return c, rec, err
			}
		}
		batch = append(batch, r)
	}
	return find()
}

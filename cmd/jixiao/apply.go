package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/internal/table"
	"github.com/jixiao-go/jixiao/performance"
)

// outcomesFile is the CLI's input of results application: the year's
// outcomes per project (grade, score, attainment, execution, next year's
// request) and per department (carried-over balances), with the organisation.
type outcomesFile struct {
	Year        int                            `json:"year"`
	Org         []performance.Node             `json:"org"`
	Outcomes    []evaluation.ProjectOutcome    `json:"outcomes"`
	Departments []evaluation.DepartmentOutcome `json:"departments,omitempty"`
}

func applyCmd() *command {
	return &command{
		name:     "apply",
		summary:  "apply evaluation results to next year's budget (结果应用)",
		synopsis: "apply [--lang zh|en] [--format text|json|csv] --policy POLICY [--as-of DATE] OUTCOMES",
		about: `Apply runs the results-application policy (结果应用) over the year's outcomes:
each project's grade and score, goal attainment and execution decide next
year's action (优先保障, 按需安排, 调减, 暂缓安排, 取消) and amount, one-off
projects graded 差 block similar new projects, unspent funds are recovered
(收回), and a department's growth in carried-over balances cuts its next
budget. Every project's consequence names the rule that decided it and why.
OUTCOMES is JSON {"year", "org": [...], "outcomes": [...], "departments":
[...]}; POLICY is {"projects": rule set, "departments": rule set,
"carry_over_floor": "0.3"}, as testdata/expost/policy.json.
Exit 1 when some project or department could not be placed or evaluated.`,
		example: `jixiao apply --policy testdata/expost/policy.json cmd/jixiao/testdata/apply/outcomes.json
jixiao apply --lang en --format csv --policy testdata/expost/policy.json cmd/jixiao/testdata/apply/outcomes.json`,
		setup: func(fs *flag.FlagSet, o *opts) func([]string) int {
			o.common(fs)
			policy := fs.String("policy", "", "results-application policy JSON, or a whole-year policy (its apply stage) (required)")
			asOf := fs.String("as-of", "", "date that selects the rules in force (default: 31 December of the year after the outcomes')")
			return func(args []string) int {
				if len(args) != 1 {
					return o.fail("apply", errors.New("want one OUTCOMES file; run 'jixiao help apply'"))
				}
				if *policy == "" {
					return o.fail("apply", errors.New("--policy is required"))
				}
				yp, err := loadYearPolicyIf(*policy)
				if err != nil {
					return o.fail("apply", err)
				}
				var ap *evaluation.ApplyProgram
				if yp == nil {
					if ap, err = loadApplyPolicy(*policy); err != nil {
						return o.fail("apply", err)
					}
				}
				var in outcomesFile
				if err := readJSON(args[0], &in); err != nil {
					return o.fail("apply", err)
				}
				org, err := performance.NewOrg(in.Org)
				if err != nil {
					return o.fail("apply", &fileError{file: args[0], err: err})
				}
				at, err := parseAsOf(*asOf, in.Year)
				if err != nil {
					return o.fail("apply", err)
				}
				var ny *evaluation.NextYear
				if yp != nil {
					// A whole-year policy: its apply stage, with this org.
					year, cerr := compileYear(*policy, yp, org, nil)
					if cerr != nil {
						return o.fail("apply", cerr)
					}
					ny, err = year.Apply(at, in.Outcomes, in.Departments)
				} else {
					ny, err = ap.Apply(in.Outcomes, in.Departments, org, at)
				}
				if ny == nil {
					return o.fail("apply", &fileError{file: args[0], err: err})
				}
				code := exitOK
				if err != nil {
					code = exitFindings
					for _, l := range (&fileError{file: args[0], err: err}).lines(o.lang) {
						fmt.Fprintln(o.stderr, l)
					}
				}
				return o.printApply(ny, code)
			}
		},
	}
}

func (o *opts) printApply(ny *evaluation.NextYear, code int) int {
	return o.report("apply", code, ny,
		func(w io.Writer) error { o.writeApplyText(w, ny); return nil },
		func(w io.Writer) error { return o.consequences(ny, true).WriteCSV(w) })
}

// consequences is one row per project; why adds the explanation column.
func (o *opts) consequences(ny *evaluation.NextYear, why bool) *table.Table {
	t := table.New(o.t("项目", "project"), o.t("措施", "action"), o.t("申报", "requested"), o.t("安排", "funded"),
		o.t("收回", "recovered"), o.t("规则", "rule")).Right(2, 3, 4)
	if why {
		t.Header = append(t.Header, o.t("说明", "why"))
	}
	for _, c := range ny.Projects {
		row := []string{c.ProjectID, c.Action.Name(o.lang), performance.FormatAmount(c.Requested, performance.Wan),
			performance.FormatAmount(c.Amount, performance.Wan), performance.FormatAmount(c.Recovered, performance.Wan), c.Rule}
		if why {
			row = append(row, c.Explanation.In(o.lang))
		}
		t.Add(row...)
	}
	return t
}

func (o *opts) writeApplyText(w io.Writer, ny *evaluation.NextYear) {
	_ = o.consequences(ny, false).WriteText(w)
	fmt.Fprintln(w, o.t("\n说明：", "\nWhy:"))
	for _, c := range ny.Projects {
		fmt.Fprintf(w, "  %s  %s\n", c.ProjectID, c.Explanation.In(o.lang))
	}
	o.writeNextYear(w, ny)
	if len(ny.Blocks) > 0 {
		fmt.Fprintln(w, o.t("\n限制同类新增项目：", "\nSimilar new projects blocked:"))
		t := table.New(o.t("项目", "project"), o.t("部门", "department"), o.t("类别", "category"), o.t("规则", "rule"))
		for _, b := range ny.Blocks {
			t.Add(b.ProjectID, b.Department, b.Category, b.Rule)
		}
		_ = t.WriteText(w)
	}
}

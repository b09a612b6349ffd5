package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/internal/table"
	"github.com/jixiao-go/jixiao/performance"
	yearpolicy "github.com/jixiao-go/jixiao/policy"
	"github.com/shopspring/decimal"
)

func frameworkByName(name string) (*evaluation.Framework, error) {
	switch name {
	case "", "key":
		return evaluation.KeyFramework(), nil
	case "department":
		return evaluation.DepartmentFramework(), nil
	case "loan":
		return evaluation.LoanFramework(), nil
	case "part":
		return evaluation.PARTFramework(), nil
	}
	return nil, fmt.Errorf("--framework: unknown framework %q (want key, department, loan or part)", name)
}

func loadApplyPolicy(name string) (*evaluation.ApplyProgram, error) {
	if name == "" {
		return nil, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	p, err := evaluation.ParseApplyPolicy(data)
	if err == nil {
		var ap *evaluation.ApplyProgram
		if ap, err = evaluation.CompileApplyPolicy(p); err == nil {
			return ap, nil
		}
	}
	return nil, &fileError{file: name, err: err}
}

// parseAsOf reads --as-of, defaulting to 31 December of the year after def.
func parseAsOf(s string, year int) (time.Time, error) {
	if s == "" {
		return time.Date(year+1, 12, 31, 0, 0, 0, 0, time.UTC), nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--as-of: %q is not a date YYYY-MM-DD", s)
	}
	return d, nil
}

// evaluation runs one key or deep evaluation report through the library.
type evaluationRun struct {
	Report *evaluation.KeyReport       `json:"-"`
	Result *evaluation.KeyReportResult `json:"result"`
	// Errors are the problems of the report, in English for the JSON
	// output; err is the same, printed in the report's language.
	Errors []string `json:"errors,omitempty"`
	err    *fileError
}

func evaluateReport(file, framework, policy, asOf string) (*evaluationRun, error) {
	f, err := frameworkByName(framework)
	if err != nil {
		return nil, err
	}
	var year *yearpolicy.Program
	var ap *evaluation.ApplyProgram
	if yp, err := loadYearPolicyIf(policy); err != nil {
		return nil, err
	} else if yp != nil {
		// A whole-year policy: its framework and results application.
		if year, err = compileYear(policy, yp, nil, nil); err != nil {
			return nil, err
		}
	} else if ap, err = loadApplyPolicy(policy); err != nil {
		return nil, err
	}
	var r evaluation.KeyReport
	if err := readJSON(file, &r); err != nil {
		return nil, err
	}
	at, err := parseAsOf(asOf, r.Year)
	if err != nil {
		return nil, err
	}
	var res *evaluation.KeyReportResult
	if year != nil {
		res, err = year.EvaluateKey(at, &r)
	} else {
		res, err = r.Evaluate(f, ap, performance.ShareCheck{}, at)
	}
	if res == nil {
		return nil, &fileError{file: file, err: err}
	}
	run := &evaluationRun{Report: &r, Result: res}
	if err != nil {
		run.err = &fileError{file: file, err: err}
		run.Errors = run.err.lines(performance.LangEN)
	}
	return run, nil
}

func evaluateCmd() *command {
	return &command{
		name:     "evaluate",
		summary:  "score key and deep evaluations, grade them, check the published figures (重点/深度绩效评价)",
		synopsis: "evaluate [--lang zh|en] [--format text|json|csv] [--framework key|department|loan|part] [--policy APPLY.json] [--as-of DATE] [--projects] [--write-forms DIR] REPORT",
		about: `Evaluate scores every evaluation of a key or deep evaluation round (重点评价,
深度绩效评价) under a framework (the national key-evaluation framework by
default: decision 决策, process 过程, output 产出, benefit 效益), grades each
project (优/良/中/差), tallies the distribution by count and amount, and sets
it beside the figures the report published: a stated total that no
whole-number split can give is a finding. With --policy it also applies the
results-application rules (结果应用) to next year's budget.
REPORT is JSON: {"id", "title", "year", "org", "evaluations", "outcomes",
"departments", "published"}, as testdata/expost/key2020.json. A file of
units' self-evaluation forms ({"self_evaluations": [{"form", "stated"}]}, as
cmd/jixiao/data/self2021.json), or a workbook (.xlsx, or a folder of
them) of national self-evaluation forms (项目支出绩效自评表), one per sheet,
is reconciled instead: each form scored under
the national rule (execution 10, output 50, benefit 30, satisfaction 10),
graded, and every figure the unit stated that differs from the computed one
listed with its likely cause, stated figures never overwritten;
--write-forms DIR writes them back in the national layout with the
computed figures beside the stated ones and each deviation as a comment.
With --framework department, a CSV file, a workbook or a JSON array holds
departments' self-evaluations of their whole spending (部门整体支出绩效自评)
instead: the CSV layout of testdata/expost/department_forms.csv (one row
per indicator: department_id, year, kind 一级指标, group, indicator_id,
indicator, target, weight, actual, and the form-wide tasks, goal, total,
execution_weight, initial_budget, adjusted_budget, executed, method
proportional or coefficient 得分系数 × 权重, coefficients and stated_total,
by name or Chinese heading; bad rows listed with file:line:column and the
counts on stderr), a workbook of national forms (部门整体支出绩效自评表, one
per sheet), or JSON department forms (schema department-forms) or
department evaluations (schema department-evaluations, with the
department's and the bureau's sheets). Each department's score and grade
(优/良/中/差) is printed, by department and year, with who gave it (the
bureau's sheets, the form or the department's own sheet) and every stated
total that differs from the computed one.
Exit 1 when the published figures or stated self-evaluation figures do not
reconcile, an evaluation failed, or (department forms) rows or forms were
rejected.`,
		example: `jixiao evaluate testdata/expost/key2020.json
jixiao evaluate --lang en --policy testdata/expost/policy.json testdata/expost/deep2021.json
jixiao evaluate cmd/jixiao/data/self2021.json
jixiao evaluate --framework department testdata/expost/department_forms.csv`,
		setup: func(fs *flag.FlagSet, o *opts) func([]string) int {
			o.common(fs)
			framework := fs.String("framework", "key", "evaluation framework: key, department, loan or part")
			policy := fs.String("policy", "", "results-application policy JSON, or a whole-year policy (its framework and apply stage); applies the results to next year")
			asOf := fs.String("as-of", "", "date that selects the rules in force (default: 31 December of the year after the report's)")
			projects := fs.Bool("projects", false, "list every project's score and grade")
			writeForms := fs.String("write-forms", "", "with self-evaluation forms: write the reviewed forms (computed beside stated, deviations as comments) to DIR/reviewed.xlsx")
			return func(args []string) int {
				if len(args) != 1 {
					return o.fail("evaluate", errors.New("want one REPORT; run 'jixiao help evaluate'"))
				}
				if _, err := frameworkByName(*framework); err != nil {
					return o.fail("evaluate", err)
				}
				if *framework == "department" && isDepartmentInput(args[0]) {
					return o.evaluateDepartments(args[0])
				}
				if code, ok := o.evaluateSelf(args[0], *writeForms); ok {
					return code
				}
				run, err := evaluateReport(args[0], *framework, *policy, *asOf)
				if err != nil {
					return o.fail("evaluate", err)
				}
				return o.printEvaluate(run, *projects)
			}
		},
	}
}

func (run *evaluationRun) findings() bool {
	c := run.Result.Check
	return len(run.Errors) > 0 || c != nil && (!c.SharesMatch || !c.TotalMatches || !c.AmountMatches ||
		len(c.Stated.Shares) > 0 && !c.Finding.Consistent)
}

func (o *opts) printEvaluate(run *evaluationRun, projects bool) int {
	code := exitOK
	if run.findings() {
		code = exitFindings
	}
	if run.err != nil {
		for _, l := range run.err.lines(o.lang) {
			fmt.Fprintln(o.stderr, l)
		}
	}
	return o.report("evaluate", code, run,
		func(w io.Writer) error { o.writeEvaluateText(w, run, projects); return nil },
		func(w io.Writer) error { return o.scoreTable(run).WriteCSV(w) })
}

func (o *opts) scoreTable(run *evaluationRun) *table.Table {
	t := table.New(o.t("项目", "project"), o.t("金额", "amount"), o.t("得分", "score"), o.t("等级", "rating"), o.t("国家等级", "grade")).Right(1, 2)
	for _, g := range run.Result.Graded {
		score := ""
		if sc := run.Result.Scorecards[g.ProjectID]; sc != nil {
			score = sc.Total.StringFixed(2)
		}
		t.Add(g.ProjectID, performance.FormatAmount(g.Amount, performance.Wan), score, g.Rating, g.Grade.Name(o.lang))
	}
	return t
}

func (o *opts) writeEvaluateText(w io.Writer, run *evaluationRun, projects bool) {
	r, res := run.Report, run.Result
	fmt.Fprintln(w, r.Title)
	d := res.Distribution
	fmt.Fprintf(w, o.t("评价项目 %d 个，金额 %s\n", "%d projects evaluated, %s\n"), d.Total(), performance.FormatAmount(d.TotalAmount(), performance.Wan))
	shares, _ := d.Shares(2)
	amountShares, _ := d.AmountShares(2)
	t := table.New(o.t("等级", "grade"), o.t("个数", "projects"), o.t("占比", "share"), o.t("金额", "amount"), o.t("金额占比", "amount share")).Right(1, 2, 3, 4)
	for i, tl := range d.Tallies {
		sh, ash := "", ""
		if i < len(shares) {
			sh = performance.FormatPercent(shares[i], 2)
		}
		if i < len(amountShares) {
			ash = performance.FormatPercent(amountShares[i], 2)
		}
		label := tl.Label
		if g, err := performance.ParseGrade(tl.Label); err == nil && o.lang == performance.LangEN {
			label = g.Name(o.lang)
		}
		t.Add(label, fmt.Sprint(tl.Count), sh, performance.FormatAmount(tl.Amount, performance.Wan), ash)
	}
	_ = t.WriteText(w)
	if c := res.Check; c != nil {
		o.writePublishedCheck(w, c)
	}
	if projects {
		fmt.Fprintln(w)
		_ = o.scoreTable(run).WriteText(w)
	}
	if ny := res.NextYear; ny != nil {
		o.writeNextYear(w, ny)
	}
}

func (o *opts) writePublishedCheck(w io.Writer, c *evaluation.PublishedCheck) {
	fmt.Fprintln(w, o.t("\n与公布数据比对", "\nAgainst the published figures"))
	yes := func(ok bool) string { return o.verdict(ok) }
	stated := fmt.Sprint(c.Stated.Total)
	if c.Stated.Total == 0 {
		stated = "-"
	}
	fmt.Fprintf(w, o.t("  项目数：公布 %s，数据 %d，%s\n", "  projects: stated %s, data %d, %s\n"), stated, c.Computed.Total, yes(c.TotalMatches))
	if !c.StatedAmount.IsZero() {
		fmt.Fprintf(w, o.t("  金额：公布 %s，数据 %s，%s\n", "  amount: stated %s, data %s, %s\n"),
			performance.FormatAmount(c.StatedAmount, performance.Wan), performance.FormatAmount(c.Amount, performance.Wan), yes(c.AmountMatches))
	}
	if len(c.Stated.Shares) > 0 {
		fmt.Fprintf(w, o.t("  占比：公布 %s，数据 %s，%s\n", "  shares: stated %s, data %s, %s\n"),
			joinShares(c.Stated.Shares, c.Stated.Places), joinShares(c.Computed.Shares, c.Stated.Places), yes(c.SharesMatch))
		fmt.Fprintf(w, "  %s\n", c.Finding.Text.In(o.lang))
	}
}

func (o *opts) writeNextYear(w io.Writer, ny *evaluation.NextYear) {
	fmt.Fprintln(w, o.t("\n结果应用：下年度预算安排", "\nUse of results: next year's budget"))
	counts := map[evaluation.BudgetAction]int{}
	var requested, amount, recovered decimal.Decimal
	for _, c := range ny.Projects {
		counts[c.Action]++
		requested = requested.Add(c.Requested)
		amount = amount.Add(c.Amount)
		recovered = recovered.Add(c.Recovered)
	}
	t := table.New(o.t("措施", "action"), o.t("项目数", "projects")).Right(1)
	for _, a := range []evaluation.BudgetAction{evaluation.ActionPrioritize, evaluation.ActionAsNeeded, evaluation.ActionCut,
		evaluation.ActionSuspend, evaluation.ActionCancel, evaluation.ActionNone} {
		if counts[a] > 0 {
			t.Add(a.Name(o.lang), fmt.Sprint(counts[a]))
		}
	}
	_ = t.WriteText(w)
	fmt.Fprintf(w, o.t("  申报 %s，安排 %s，调整 %s，收回 %s；限制同类新增项目 %d 个\n",
		"  requested %s, funded %s, change %s, recovered %s; similar new projects blocked: %d\n"),
		performance.FormatAmount(requested, performance.Wan), performance.FormatAmount(amount, performance.Wan),
		performance.FormatAmount(amount.Sub(requested), performance.Wan), performance.FormatAmount(recovered, performance.Wan), len(ny.Blocks))
	if len(ny.Regions) > 0 {
		dt := table.New(o.t("地区", "region"), o.t("申报", "requested"), o.t("项目安排", "after actions"),
			o.t("结转增长压减", "carry-over cut"), o.t("下年度", "next year"), o.t("增减", "change")).Right(1, 2, 3, 4, 5)
		for _, d := range ny.Regions {
			dt.Add(d.Node.Name, performance.FormatAmount(d.Requested, performance.Wan), performance.FormatAmount(d.Amount, performance.Wan),
				performance.FormatAmount(d.CarryOverCut, performance.Wan), performance.FormatAmount(d.Total, performance.Wan),
				performance.FormatAmount(d.Change, performance.Wan))
		}
		fmt.Fprintln(w)
		_ = dt.WriteText(w)
	}
}

package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/report"
)

func reportCmd() *command {
	return &command{
		name:     "report",
		summary:  "write the disclosure report (信息公开) as one HTML file",
		synopsis: "report --out FILE [--lang zh|en] [--data DIR | --results FILE] [--save FILE]",
		about: `Report writes the year's disclosure report (信息公开): one self-contained
HTML file, with no scripts, fonts or network requests, that portal staff
publish and reviewers open offline. It shows the ex-ante rounds by region
and department, the quarters of monitoring against the schedule with the
alert levels and the laggards, the evaluations' grade distributions with
the check of the published figures, the self-evaluations reviewed, next
year's budget after the results, and the public tables (project goals,
self-evaluation results, key evaluation results) as a portal prints them.
Every chart is SVG with a text alternative and its figures in a table
beside it; amounts in 万元 to two decimals, rounded half up.

The figures come from running the stages over the bundled sample in DIR
(the repository's testdata, as "jixiao demo" does), or from FILE, results
saved earlier with --save (JSON). --out - writes to standard output.`,
		example: `jixiao report --out /tmp/report.html
jixiao report --lang en --out /tmp/report-en.html --save /tmp/results.json
jixiao report --results /tmp/results.json --lang en --out -`,
		setup: func(fs *flag.FlagSet, o *opts) func([]string) int {
			fs.StringVar(&o.langFlag, "lang", "zh", "language of the report: zh (中文) or en")
			out := fs.String("out", "", "the HTML file to write (- for standard output)")
			data := fs.String("data", "testdata", "folder of the bundled sample data (the repository's testdata)")
			results := fs.String("results", "", "render results saved with --save instead of running the stages")
			save := fs.String("save", "", "also save the results the report shows, as JSON, to this file")
			return func(args []string) int {
				if len(args) > 0 {
					return o.fail("report", fmt.Errorf("unexpected argument %q", args[0]))
				}
				if *out == "" {
					return o.fail("report", errors.New("--out is required"))
				}
				var in *report.Input
				var err error
				if *results != "" {
					in = &report.Input{}
					err = readJSON(*results, in)
				} else {
					in, err = demoReportInput(*data, o.lang)
				}
				if err != nil {
					return o.fail("report", err)
				}
				if *save != "" {
					var b bytes.Buffer
					if err := writeJSON(&b, in); err != nil {
						return o.fail("report", err)
					}
					if err := os.WriteFile(*save, b.Bytes(), 0o644); err != nil {
						return o.fail("report", err)
					}
				}
				return o.writeReport(in, *out)
			}
		},
	}
}

// writeReport renders in to the file out, or to standard output for "-".
func (o *opts) writeReport(in *report.Input, out string) int {
	var b bytes.Buffer
	if err := report.Render(&b, in, o.lang); err != nil {
		return o.fail("report", err)
	}
	var err error
	if out == "-" {
		_, err = o.stdout.Write(b.Bytes())
	} else {
		err = os.WriteFile(out, b.Bytes(), 0o644)
	}
	if err != nil {
		return o.fail("report", err)
	}
	return exitOK
}

// demoHTML writes the demo's report into dir as report.html.
func (o *opts) demoHTML(data, dir string) int {
	in, err := demoReportInput(data, o.lang)
	if err != nil {
		return o.fail("demo", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return o.fail("demo", err)
	}
	return o.writeReport(in, filepath.Join(dir, "report.html"))
}

// demoReportInput runs the stages over the bundled sample in dir as the demo
// does and gathers their results for the report. A stage whose sample
// folder is missing is left out of the report, as the demo skips it.
func demoReportInput(dir string, l performance.Lang) (*report.Input, error) {
	t := func(zh, en string) string {
		if l == performance.LangEN {
			return en
		}
		return zh
	}
	in := &report.Input{
		Title:     t("拉萨市财政局2021年度预算绩效管理信息公开（样例）", "Lhasa finance bureau: performance budgeting disclosure 2021 (sample)"),
		Publisher: t("拉萨市财政局（样例）", "Lhasa finance bureau (sample)"),
		Year:      2021,
		Source: t("样例数据依据《拉萨市财政局2021年度预算绩效管理工作报告》（拉财字〔2022〕9号）编制。",
			"Sample data shaped after the bureau's 2021 work report (拉财字〔2022〕9号)."),
	}
	if sub := filepath.Join(dir, "exante"); exists(sub) {
		if err := demoReportExAnte(in, sub); err != nil {
			return nil, err
		}
	}
	if sub := filepath.Join(dir, "monitoring"); exists(sub) {
		res, p, _, err := demoMonitor(sub, l)
		if err != nil {
			return nil, err
		}
		in.Monitoring = &report.Monitoring{Checks: res.Checks, YearEnd: res.YearEnd, Org: p.Org}
	}
	if sub := filepath.Join(dir, "expost"); exists(sub) {
		for _, f := range []string{"deep2021", "key2020"} {
			run, err := evaluateReport(filepath.Join(sub, f+".json"), "key", "", "")
			if err != nil {
				return nil, err
			}
			in.Evaluations = append(in.Evaluations, report.Evaluation{ID: f, Title: run.Report.Title, Result: run.Result})
		}
		run, err := evaluateReport(filepath.Join(sub, "key2020.json"), "key", demoPolicy(sub), "")
		if err != nil {
			return nil, err
		}
		in.Application = &report.Application{
			Basis: t("依据2020年度重点项目评价结果安排下年度预算：优先保障优、按需安排良、调减中、暂缓或取消差；部门结转结余增长部分按不低于30%压减。",
				"Next year's budget from the 2020 key evaluation: 优 prioritised, 良 as needed, 中 cut, 差 suspended or cancelled; a department's growth in carried-over balances cut by at least 30%."),
			NextYear: run.Result.NextYear,
		}
	}
	self, err := demoReportSelf()
	if err != nil {
		return nil, err
	}
	in.Self = self
	return in, nil
}

// demoReportExAnte adds the assessed rounds and the submitted projects'
// goals.
func demoReportExAnte(in *report.Input, dir string) error {
	res, err := demoAssess(dir)
	if err != nil {
		return err
	}
	if len(res.Errors) > 0 {
		return fmt.Errorf("%s: %v", dir, res.Errors)
	}
	x, err := (&exAnteFiles{}).demo(dir)
	if err != nil {
		return err
	}
	in.ExAnte = &report.ExAnte{Rounds: res.Rounds, Assessments: res.Assessments, Org: x.org}
	seen := map[string]bool{}
	for _, s := range x.subs {
		pr := s.Project
		tree := x.trees[pr.ID]
		if tree == nil || seen[pr.ID] {
			continue
		}
		seen[pr.ID] = true
		dept := ""
		if x.org != nil {
			if d, ok := x.org.Ancestor(pr.UnitID, performance.NodeDepartment); ok {
				dept = d.Name
			}
		}
		in.Goals = append(in.Goals, report.ProjectGoal{ProjectID: pr.ID, Name: pr.Name, Department: dept, Amount: pr.Amount, Tree: tree})
	}
	return nil
}

// demoReportSelf reconciles the bundled self-evaluation forms, each beside
// the form it came from (a form that cannot be scored keeps a nil
// reconciliation), as reconcileSelf does for the demo's text.
func demoReportSelf() (*report.Self, error) {
	var f selfFile
	if err := decodeStrict("data/self2021.json", selfSample, &f); err != nil {
		return nil, err
	}
	s := &report.Self{Title: f.Title}
	for _, se := range f.SelfEvaluations {
		r, err := se.Reconcile(goals.Config{}, performance.DefaultScheme())
		if r == nil && err == nil {
			return nil, errors.New("data/self2021.json: " + se.ProjectID + ": no reconciliation")
		}
		s.Reviews = append(s.Reviews, report.SelfReview{Form: se, Reconciliation: r})
	}
	return s, nil
}

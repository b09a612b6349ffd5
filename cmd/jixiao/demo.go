package main

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/internal/csvio"
	"github.com/jixiao-go/jixiao/internal/table"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/policy"
)

//go:embed data/lhasa2021.json
var seedFigures []byte

// selfSample is a handful of units' self-evaluation forms as units fill them
// in, each with a mistake the seed report's reviewers met (DOMAIN §5).
//
//go:embed data/self2021.json
var selfSample []byte

func demoCmd() *command {
	return &command{
		name:     "demo",
		summary:  "run the whole cycle on the bundled sample after the Lhasa 2021 report (演示)",
		synopsis: "demo [--lang zh|en] [--data DIR] [--html DIR]",
		about: `Demo runs the performance-budgeting cycle on the bundled sample shaped
after the Lhasa finance bureau's 2021 work report (拉财字〔2022〕9号) and prints
a readable report: the validation gates before money, the ex-ante rounds
(一上 19.13%, 二上 51.26% reduced), a year of quarterly monitoring with alerts
and rectifications, units' self-evaluations reconciled, the key and deep evaluations with their grades, the
published figures checked (the 56-vs-66 finding) and the use of results in
next year's budget. DIR is the repository's testdata folder; a stage whose
sample is missing is skipped with a note. The demo exits 0 though it shows
findings: showing them is its job.`,
		example: `jixiao demo
jixiao demo --lang en
jixiao demo --html /tmp/report`,
		setup: func(fs *flag.FlagSet, o *opts) func([]string) int {
			fs.StringVar(&o.langFlag, "lang", "zh", "language of the report: zh (中文) or en")
			data := fs.String("data", "testdata", "folder of the bundled sample data (the repository's testdata)")
			html := fs.String("html", "", "also write the demo's disclosure report, as report.html, into this folder (see 'jixiao help report')")
			return func(args []string) int {
				if len(args) > 0 {
					return o.fail("demo", fmt.Errorf("unexpected argument %q", args[0]))
				}
				if code := o.demo(*data); code != exitOK || *html == "" {
					return code
				}
				return o.demoHTML(*data, *html)
			}
		},
	}
}

// demo writes the report. A stage that cannot run is an input error, exit
// 2, except a missing sample folder, which is noted and skipped.
func (o *opts) demo(dir string) int {
	w := o.stdout
	fmt.Fprintln(w, o.t("吉效（Jixiao）演示：拉萨市财政局 2021 年度预算绩效管理全过程", "Jixiao demo: the Lhasa finance bureau's 2021 performance budgeting, the whole cycle"))
	fmt.Fprintln(w, o.t("样例数据依据《拉萨市财政局2021年度预算绩效管理工作报告》（拉财字〔2022〕9号）编制。",
		"Sample data shaped after the bureau's 2021 work report (拉财字〔2022〕9号)."))
	fmt.Fprintln(w, o.t("真实数据仅为报告公布的合计数（事前评估各轮项目数、送审、审减、审减率，评价项目数、金额和等级分布），已逐项核对；各项目、测算明细、专家评分及按部门、县区的分项数均为按上述合计数校准的合成样例，不代表拉萨市的实际项目。",
		"Real are only the report's published totals (each ex-ante round's count, submitted, reduced and rate; the evaluations' counts, amounts and grades), checked figure by figure; every project, cost line, expert score and figure by department or district is a synthetic fixture calibrated to those totals, not a real Lhasa project."))
	fmt.Fprintln(w, o.t("默认规则的来源——国家规定：等级 优 90–100、良 80–89、中 60–79、差 0–59（财政部预算司统一的评价结果等级标准），自评权重 10/50/30/10、按比例计分、定性指标三档以 80%（含）、60%（含）为界（财预〔2020〕10号），执行率以全年预算数为基数，连续两年未用完的结转资金作为结余收回（预算法）；地方做法：预算 200 万元以上项目 8 月底支出低于 60%（太原，2020）、三季度末低于 60%（朔州，2015）、500 万元以上项目事前评估（北京）、结转结余增量按不低于 30% 压减（某市）；示例设定：监控黄灯 10 个百分点与升级次数、3 个月整改期、60% 结转收回线、事前评估 80/60 结论线及各项调减比例。",
		"Where the defaults come from. National: grades 优 90–100, 良 80–89, 中 60–79, 差 0–59 (the Ministry's Budget Department's unified bands); self-evaluation weights 10/50/30/10, proportional scoring and qualitative tiers split at 80% and 60% (included) (财预〔2020〕10号); execution measured against the adjusted budget; carry-overs unspent for two years recovered as surpluses (Budget Law). Local practice: budgets of 2,000,000 yuan or more below 60% at the end of August (Taiyuan, 2020); below 60% at the end of Q3 (Shuozhou, 2015); ex-ante assessment from 5,000,000 yuan (Beijing); cutting at least 30% of the growth of carry-overs (one city). Illustrative: monitoring's 10-point yellow gap and escalation streaks, the three-month rectification period, the 60% carry-over cut, the ex-ante 80/60 verdict lines and every cut share."))
	stages := []struct {
		zh, en, folder string
		run            func(w io.Writer, dir string) error
	}{
		{"项目入库校验与前置关口", "Validation gates before money", "exante", o.demoGates},
		{"事前绩效评估（一上、二上）", "Ex-ante assessment, rounds 1 and 2", "exante", o.demoExAnte},
		{"绩效运行监控（按季度）", "In-year monitoring, quarter by quarter", "monitoring", o.demoMonitoring},
		{"单位自评复核", "Review of units' self-evaluations", "", o.demoSelf},
		{"重点评价与深度绩效评价", "Key and deep evaluations", "expost", o.demoEvaluations},
		{"公布数据核对", "Published figures checked", "", o.demoAudit},
		{"结果应用：下年度预算", "Use of results in next year's budget", "expost", o.demoApply},
		{"部门整体绩效自评", "Department-wide self-evaluation", "expost", o.demoDepartments},
	}
	for i, s := range stages {
		fmt.Fprintf(w, "\n%s\n%d. %s\n", strings.Repeat("=", 72), i+1, o.t(s.zh, s.en))
		sub := filepath.Join(dir, s.folder)
		if s.folder != "" && !exists(sub) {
			fmt.Fprintln(w, o.t("（未找到样例数据 "+sub+"，本节从略）", "(no sample data at "+sub+"; skipped)"))
			continue
		}
		if err := s.run(w, sub); err != nil {
			return o.fail("demo", err)
		}
	}
	return exitOK
}

// demoGates validates every submitted project and lists the gates that
// stopped projects before money.
func (o *opts) demoGates(w io.Writer, dir string) error {
	var subs []exante.Submission
	if err := readJSON(filepath.Join(dir, "portfolio.json"), &subs); err != nil {
		return err
	}
	codes := map[string]int{}
	invalid := 0
	for i := range subs {
		var ps performance.Problems
		if errors.As(subs[i].Project.Validate(), &ps) {
			invalid++
			for _, p := range ps {
				codes[p.Code]++
			}
		}
	}
	fmt.Fprintf(w, o.t("申报项目 %d 个，校验通过 %d 个，有问题 %d 个。\n", "%d projects submitted: %d valid, %d with problems.\n"),
		len(subs), len(subs)-invalid, invalid)
	if len(codes) > 0 {
		t := table.New(o.t("问题代码", "problem code"), o.t("次数", "count")).Right(1)
		for _, c := range sortedKeys(codes) {
			t.Add(c, fmt.Sprint(codes[c]))
		}
		_ = t.WriteText(w)
	}
	res, err := demoAssess(dir)
	if err != nil {
		return err
	}
	stopped := 0
	for _, a := range res.Assessments {
		if !a.Fundable {
			stopped++
		}
	}
	if stopped == 0 {
		fmt.Fprintln(w, o.t("所有项目均经事前绩效评估并通过前置关口，无不予安排预算的项目（与报告所述一致）。",
			"Every project was assessed and passed the gates: none is stopped before money (as the report says)."))
		return nil
	}
	fmt.Fprintln(w, o.t("\n未通过前置关口、不予安排预算的项目：", "\nProjects stopped at a gate, not fundable:"))
	t := table.New(o.t("项目", "project"), o.t("名称", "name"), o.t("送审", "submitted"), o.t("原因", "reason")).Right(2)
	for _, a := range res.Assessments {
		if a.Fundable {
			continue
		}
		var why []string
		for _, g := range a.Gates {
			why = append(why, g.Message.In(o.lang))
		}
		t.Add(a.ProjectID, a.Name, performance.FormatAmount(a.Submitted, performance.Wan), strings.Join(why, o.t("；", "; ")))
	}
	return t.WriteText(w)
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// demo returns the bundled ex-ante files of dir.
func (f *exAnteFiles) demo(dir string) (*exAnteInput, error) {
	if err := f.resolve(dir); err != nil {
		return nil, err
	}
	return f.load()
}

func (o *opts) demoExAnte(w io.Writer, dir string) error {
	res, err := demoAssess(dir)
	if err != nil {
		return err
	}
	if len(res.Errors) > 0 {
		return fmt.Errorf("%s: %s", dir, strings.Join(res.Errors, "; "))
	}
	o.writeAssessText(w, res, false)
	fmt.Fprintln(w, o.t("说明：一上、二上的合计数（项目数、送审、审减、审减率）为报告公布数，已核对一致；按县区的分项数为合成样例。每一笔审减都是规则对已评估项目测算明细的核减（超支出标准、无测算依据、重复申报、培训类压减10%）。各笔审减和审减率均经手工核算的小样例见 testdata/exante/handround.json。",
		"Note: the round totals (count, submitted, reduced, rate) are the report's published figures, checked; the rows by region are synthetic fixtures. Every reduction is a cut the policy makes on an assessed project's cost lines (price above its standard, no basis for the estimate, a repeated line, training cut by 10%). A small round whose every reduction and rate is worked out by hand is testdata/exante/handround.json."))
	return o.demoDraw(w, dir)
}

// demoMonitor runs the bundled year of monitoring in dir through the
// whole-year policy: the checks at the four quarter ends and the year end,
// with the portfolio (for its org) and the records' tally.
func demoMonitor(dir string, lang performance.Lang) (*monitorResult, *monitorFile, *csvio.Tally, error) {
	in := &monitorInput{}
	if err := in.resolve([]string{dir}); err != nil {
		return nil, nil, nil, err
	}
	// The monitor of the whole-year policy's monitoring stage (its policy
	// and rule set; the folder's policy.json is the same policy).
	p, err := in.load(2021)
	if err != nil {
		return nil, nil, nil, err
	}
	name := demoPolicy(dir)
	yp, err := policy.Load(name)
	if err != nil {
		return nil, nil, nil, &policyError{file: name, err: err}
	}
	prog, err := compileYear(name, yp, p.Org, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	m, err := prog.Monitor(p.Year, p.Budgets, p.Adjustments)
	if m == nil {
		return nil, nil, nil, &fileError{file: in.portfolio, err: err}
	}
	run := &monitorRun{m: m, year: p.Year}
	if err := run.loadGoals(in); err != nil {
		return nil, nil, nil, err
	}
	// The sample's third-quarter monitoring forms (绩效监控情况表).
	if f := filepath.Join(dir, "forms_q3.csv"); exists(f) {
		in.forms = f
	}
	// The sample's balances carried in from 2019 and 2020, aged at the year
	// end.
	if f := filepath.Join(dir, "carry_overs.json"); exists(f) {
		if err := run.loadCarryOvers(f); err != nil {
			return nil, nil, nil, err
		}
	}
	fp := prog.FormPolicy()
	in.lang = lang
	if err := run.loadForms(in, &fp); err != nil {
		return nil, nil, nil, err
	}
	var dates []time.Time
	for _, m := range []time.Month{3, 6, 9, 12} {
		dates = append(dates, time.Date(run.year, m+1, 0, 0, 0, 0, 0, time.UTC))
	}
	lg := newLedgers(run.year, dates)
	tally, err := streamRecords(in.records, 0, true, run.year, lg.add)
	if err != nil {
		return nil, nil, nil, err
	}
	res, err := run.checkYear(lg)
	if err != nil {
		return nil, nil, nil, err
	}
	return res, p, tally, nil
}

func (o *opts) demoMonitoring(w io.Writer, dir string) error {
	res, _, tally, err := demoMonitor(dir, o.lang)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, o.t("监控项目 %d 个，支付记录 %d 条。\n", "%d projects monitored, %d payment records.\n"), len(res.Checks[0].Projects), tally.Accepted)
	t := table.New(o.t("季度", "quarter"), o.t("执行率", "executed"), o.t("滞后项目", "behind"), o.t("黄灯", "yellow"), o.t("红灯", "red"),
		o.t("重点监控", "key"), o.t("处理措施", "actions"), o.t("整改中", "rectifying"), o.t("已整改", "rectified"), o.t("逾期", "overdue"), o.t("目标风险", "goals at risk")).Right(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	for i, c := range res.Checks {
		levels := map[monitoring.Level]int{}
		key := 0
		for _, s := range c.Projects {
			levels[s.Level]++
			if s.Key {
				key++
			}
		}
		rect := map[monitoring.RectStatus]int{}
		for _, r := range c.Rectifications {
			rect[r.Status]++
		}
		risk := "-"
		if i < len(res.Goals) {
			risk = fmt.Sprint(len(res.Goals[i].AtRisk))
		}
		t.Add(fmt.Sprintf("Q%d", c.Quarter), performance.FormatPercent(c.Total.Rate.Percent(2), 2), fmt.Sprint(c.Total.Behind),
			fmt.Sprint(levels[monitoring.Yellow]), fmt.Sprint(levels[monitoring.Red]), fmt.Sprint(key), fmt.Sprint(len(c.Actions)),
			fmt.Sprint(rect[monitoring.RectOpen]), fmt.Sprint(rect[monitoring.RectDone]), fmt.Sprint(rect[monitoring.RectOverdue]), risk)
	}
	if err := t.WriteText(w); err != nil {
		return err
	}
	last := res.Checks[len(res.Checks)-1]
	kinds := map[string]int{}
	for _, c := range res.Checks {
		for _, a := range c.Actions {
			kinds[a.Kind.Name(o.lang)]++
		}
	}
	fmt.Fprint(w, o.t("全年处理措施：", "Actions over the year: "))
	for i, k := range sortedKeys(kinds) {
		if i > 0 {
			fmt.Fprint(w, o.t("，", ", "))
		}
		fmt.Fprintf(w, "%s %d", k, kinds[k])
	}
	fmt.Fprintln(w)
	if len(last.LaggingByMoney) > 0 {
		fmt.Fprintln(w, o.t("年末滞后金额最大的项目：", "Largest shortfalls at year end:"))
		lt := table.New(o.t("项目", "project"), o.t("名称", "name"), o.t("执行率", "executed"), o.t("偏离（百分点）", "points behind"), o.t("滞后金额", "shortfall")).Right(2, 3, 4)
		for _, id := range last.LaggingByMoney[:min(5, len(last.LaggingByMoney))] {
			s, _ := last.Status(id)
			lt.Add(s.ProjectID, s.Name, performance.FormatPercent(s.Rate.Percent(2), 2), s.Points(2).StringFixed(2), performance.FormatAmount(s.Shortfall, performance.Wan))
		}
		if err := lt.WriteText(w); err != nil {
			return err
		}
	}
	if ye := res.YearEnd; ye != nil {
		fmt.Fprintf(w, o.t("年终：未执行 %s，其中结转 %s、结余 %s；拟收回 %s。\n", "Year end: %s unspent, %s carried over, %s surplus; %s to be recovered.\n"),
			performance.FormatAmount(ye.Unspent, performance.Wan), performance.FormatAmount(ye.CarryOver, performance.Wan),
			performance.FormatAmount(ye.Surplus, performance.Wan), performance.FormatAmount(ye.Recover, performance.Wan))
	}
	if err := o.demoForms(w, res); err != nil {
		return err
	}
	if res.Aged != nil {
		fmt.Fprintln(w)
		return res.Aged.WriteText(w, o.lang)
	}
	return nil
}

func (o *opts) demoEvaluations(w io.Writer, dir string) error {
	for i, f := range []string{"deep2021.json", "key2020.json"} {
		run, err := evaluateReport(filepath.Join(dir, f), "key", "", "")
		if err != nil {
			return err
		}
		if i > 0 {
			fmt.Fprintln(w)
		}
		o.writeEvaluateText(w, run, false)
	}
	return o.demoReportQuality(w, dir)
}

func (o *opts) demoSelf(w io.Writer, _ string) error {
	var f selfFile
	if err := decodeStrict("data/self2021.json", selfSample, &f); err != nil {
		return err
	}
	run := reconcileSelf("data/self2021.json", &f)
	if len(run.Errors) > 0 {
		return errors.New(strings.Join(run.Errors, "\n"))
	}
	o.writeSelfText(w, run)
	return nil
}

func (o *opts) demoAudit(w io.Writer, _ string) error {
	var s statedFigures
	if err := decodeStrict("data/lhasa2021.json", seedFigures, &s); err != nil {
		return err
	}
	rep, err := audit(&s, performance.Yuan)
	if err != nil {
		return err
	}
	o.writeAuditText(w, rep)
	return nil
}

func (o *opts) demoApply(w io.Writer, dir string) error {
	// Results application through the year's policy (its apply stage is
	// testdata/expost/policy.json), compiled with policy.Compile.
	run, err := evaluateReport(filepath.Join(dir, "key2020.json"), "key", demoPolicy(dir), "")
	if err != nil {
		return err
	}
	fmt.Fprintln(w, o.t("依据 2020 年度重点项目评价结果安排下年度预算：优先保障优、按需安排良、调减中、暂缓或取消差；部门结转结余增长部分按不低于30%压减。",
		"Next year's budget from the 2020 key evaluation: 优 prioritised, 良 as needed, 中 cut, 差 suspended or cancelled; a department's growth in carried-over balances cut by at least 30%."))
	if ny := run.Result.NextYear; ny != nil {
		o.writeNextYear(w, ny)
	}
	return nil
}

// demoPolicy is the bundled whole-year policy beside a stage's sample
// folder.
func demoPolicy(stageDir string) string {
	return filepath.Join(filepath.Dir(stageDir), "policy", "2021.json")
}

// demoAssess assesses the bundled submissions through the whole-year
// policy: policy.Load, Compile with the sample's org (the standards are the
// policy's own), AssessRound.
func demoAssess(dir string) (*exAnteResult, error) {
	in, err := (&exAnteFiles{}).demo(dir)
	if err != nil {
		return nil, err
	}
	name := demoPolicy(dir)
	yp, err := policy.Load(name)
	if err != nil {
		return nil, &policyError{file: name, err: err}
	}
	prog, err := compileYear(name, yp, in.org, nil)
	if err != nil {
		return nil, err
	}
	round, err := prog.AssessRound(context.Background(), time.Time{}, in.subs, in.trees, 1)
	res := &exAnteResult{Assessments: round.Assessments, Rounds: round.Summaries}
	for _, e := range leaves(err) {
		res.Errors = append(res.Errors, e.Error())
	}
	return res, nil
}

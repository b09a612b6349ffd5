package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/internal/table"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/jixiao-go/jixiao/internal/csvio"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

// monitorFile is the CLI's monitoring portfolio: the fiscal year, the
// organisation tree, the approved budgets and the in-year adjustments, in
// the monitoring package's JSON.
type monitorFile struct {
	Year        int                     `json:"year,omitempty"`
	Org         *performance.Org        `json:"org,omitempty"`
	Budgets     []monitoring.Budget     `json:"budgets"`
	Adjustments []monitoring.Adjustment `json:"adjustments,omitempty"`
}

func monitorCmd() *command {
	return &command{
		name:     "monitor",
		summary:  "check execution against schedule as of dates; alerts, actions, rectifications (绩效运行监控)",
		synopsis: "monitor [--lang zh|en] [--format text|json] [--policy F] [--rules F] [--goals F --goal-reports F] [--forms F] [--carry-overs F] [--encoding E] [--strict] --as-of DATE[,DATE...] PORTFOLIO RECORDS | DIR",
		about: `Monitor runs in-year double monitoring (双监控) of budget execution: for each
as-of date, in order, it sums the execution records up to that date, compares
every project's execution rate with its expected progress (序时进度), raises
yellow and red alerts and absolute triggers (重点监控), issues escalating actions
(notify 通报, interview 约谈, rectify 整改, suspend 暂缓拨款) and tracks
rectifications from one check to the next. A check on 31 December adds the
year-end position: carry-overs and surpluses and what is recovered (收回).
With goals and progress reports it also checks goal progress, the second half
of double monitoring, and lists the indicators at risk. With --forms (units'
quarterly monitoring forms, 绩效监控情况表, JSON, CSV or XLSX: the printed
项目支出绩效目标执行监控表, one per sheet, or a folder of workbooks) it reviews each form at
the check of its date: causes and measures of deviating indicators,
projections against progress, and the recommendation (继续执行, 调整目标,
暂缓拨款, 收回资金). With --carry-overs (balances carried in from earlier
years) a 31 December check ages every balance; carry-overs unspent for two
years are recovered (预算法 第四十二条).
PORTFOLIO is JSON {"year": 2021, "org": [...], "budgets": [...],
"adjustments": [...]} (the year defaults to the first date's); RECORDS is CSV
with the columns project_id, date, amount and optionally classification, in
UTF-8 or GB18030, or a workbook (.xlsx: its sheet records or 支付记录, else
the first). DIR holds org.json, budgets.json, adjustments.json,
records.csv (or records.xlsx) and optionally policy.json, goals.json and goal_reports.json, as
testdata/monitoring does. The policy is the bundled default (local practice and
illustrative figures, not national: see monitoring.DefaultPolicy) unless --policy
or the folder names one; --rules sets alert levels by a rule set instead.
A budget's "host" object ({"ContractSigned": false}) carries the host's own
fields (宿主字段) that a whole-year policy (--policy YEAR.json) declares in
"fields" and its monitoring rules read; a budget without a value takes the
declared default, else that project's rule fails with an error.
Exit 1 when a check raised a red alert or an action, or a row was rejected.`,
		example: `jixiao monitor --as-of 2021-03-31,2021-06-30,2021-09-30,2021-12-31 testdata/monitoring
jixiao monitor --as-of 2021-06-30 cmd/jixiao/testdata/monitor/budgets.json cmd/jixiao/testdata/monitor/payments.csv
jixiao monitor --lang en --format json --as-of 2021-08-31 cmd/jixiao/testdata/monitor/budgets.json cmd/jixiao/testdata/monitor/payments.csv`,
		setup: func(fs *flag.FlagSet, o *opts) func([]string) int {
			o.common(fs)
			asOf := fs.String("as-of", "", "check dates YYYY-MM-DD, comma-separated, in order (required)")
			var in monitorInput
			fs.StringVar(&in.policy, "policy", "", "monitoring policy JSON, or a whole-year policy (its monitoring stage and rules) (default: the folder's policy.json, else the bundled default, which is not national)")
			fs.StringVar(&in.rules, "rules", "", "monitoring rule set JSON that sets alert levels and triggers")
			fs.StringVar(&in.goals, "goals", "", "goals JSON keyed by project ID, for goal monitoring (with --goal-reports)")
			fs.StringVar(&in.reports, "goal-reports", "", "goal progress reports JSON (绩效目标完成情况)")
			fs.StringVar(&in.carryOvers, "carry-overs", "", "balances carried in from earlier years JSON (上年结转), aged at a 31 December check")
			fs.StringVar(&in.forms, "forms", "", "units' monitoring forms (绩效监控情况表), JSON, .csv, or .xlsx (项目支出绩效目标执行监控表, one per sheet) or a folder of workbooks, reviewed at the check of their date (with goals)")
			enc := fs.String("encoding", "auto", "records CSV encoding: auto, utf-8, gb18030 or gbk")
			strict := fs.Bool("strict", false, "stop at the first bad records row instead of skipping it")
			return func(args []string) int {
				if err := in.resolve(args); err != nil {
					return o.fail("monitor", err)
				}
				dates, err := parseDates(*asOf)
				if err != nil {
					return o.fail("monitor", err)
				}
				e, err := csvio.ParseEncoding(*enc)
				if err != nil {
					return o.fail("monitor", fmt.Errorf("--encoding: %w", err))
				}
				in.enc, in.lang = e, o.lang
				run, err := loadMonitor(&in, dates[0].Year())
				if err != nil {
					return o.fail("monitor", err)
				}
				lg := newLedgers(run.year, dates)
				tally, err := streamRecords(in.records, e, *strict, run.year, lg.add)
				if err != nil {
					return o.fail("monitor", err)
				}
				for _, re := range tally.Errors {
					fmt.Fprintln(o.stderr, o.present(re))
				}
				fmt.Fprintln(o.stderr, tally.Summary(o.lang == performance.LangZH))
				formTally := o.reportFormInput(run)
				res, err := run.checkYearContext(o.context(), lg)
				if err != nil {
					return o.fail("monitor", err)
				}
				return withRows(withRows(o.printMonitor(res), tally), formTally)
			}
		},
	}
}

func parseDates(s string) ([]time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return nil, errors.New("--as-of is required, such as --as-of 2021-03-31,2021-06-30")
	}
	var out []time.Time
	for _, f := range strings.Split(s, ",") {
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(f))
		if err != nil {
			return nil, fmt.Errorf("--as-of: %q is not a date YYYY-MM-DD", f)
		}
		if len(out) > 0 && !d.After(out[len(out)-1]) {
			return nil, fmt.Errorf("--as-of: %s is not after %s", f, out[len(out)-1].Format(time.DateOnly))
		}
		out = append(out, d)
	}
	return out, nil
}

// monitorRun is a loaded monitor ready to check.
type monitorRun struct {
	m       *monitoring.Monitor
	year    int
	trees   map[string]*goals.Tree
	reports []monitoring.GoalReport
	// forms are the units' monitoring forms (--forms), reviewed under
	// formPolicy; formsIn is what reading them found.
	forms      []monitoring.Form
	formPolicy monitoring.FormPolicy
	formsIn    *formsInput
	// prior are the balances carried in from earlier years
	// (--carry-overs); nil when none were given.
	prior []monitoring.PriorBalance
}

// monitorInput names the files of a monitoring run. A folder given as
// PORTFOLIO supplies the bundled names (org.json, budgets.json,
// adjustments.json, policy.json, goals.json, goal_reports.json,
// records.csv) for those not given otherwise.
type monitorInput struct {
	portfolio, records, policy, rules, goals, reports, forms, carryOvers string
	dir                                                                  bool
	// enc is the CSV encoding and lang the language problems are worded
	// in, for the forms.
	enc  csvio.Encoding
	lang performance.Lang
}

func (in *monitorInput) resolve(args []string) error {
	if len(args) == 0 || len(args) > 2 {
		return errors.New("want PORTFOLIO and RECORDS, or a folder; run 'jixiao help monitor'")
	}
	in.portfolio = args[0]
	if len(args) == 2 {
		in.records = args[1]
	}
	st, err := os.Stat(in.portfolio)
	if err != nil {
		return err
	}
	in.dir = st.IsDir()
	if !in.dir {
		if in.records == "" {
			return errors.New("want PORTFOLIO and RECORDS, or a folder; run 'jixiao help monitor'")
		}
		return nil
	}
	opt := func(p *string, name string) {
		if *p != "" {
			return
		}
		if f := filepath.Join(in.portfolio, name); exists(f) {
			*p = f
		}
	}
	opt(&in.records, "records.csv")
	opt(&in.records, "records.xlsx")
	opt(&in.policy, "policy.json")
	opt(&in.goals, "goals.json")
	opt(&in.reports, "goal_reports.json")
	if in.records == "" {
		return fmt.Errorf("%s: no records.csv", in.portfolio)
	}
	return nil
}

func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// load reads the portfolio, from one file or from the folder's parts.
func (in *monitorInput) load(year int) (*monitorFile, error) {
	var p monitorFile
	if !in.dir {
		if err := readJSON(in.portfolio, &p); err != nil {
			return nil, err
		}
	} else {
		var nodes []performance.Node
		parts := []struct {
			name     string
			v        any
			required bool
		}{{"org.json", &nodes, false}, {"budgets.json", &p.Budgets, true}, {"adjustments.json", &p.Adjustments, false}}
		for _, part := range parts {
			f := filepath.Join(in.portfolio, part.name)
			if !part.required && !exists(f) {
				continue
			}
			if err := readJSON(f, part.v); err != nil {
				return nil, err
			}
		}
		if nodes != nil {
			org, err := performance.NewOrg(nodes)
			if err != nil {
				return nil, &fileError{file: filepath.Join(in.portfolio, "org.json"), err: err}
			}
			p.Org = org
		}
	}
	if p.Year == 0 {
		p.Year = year
	}
	return &p, nil
}

func loadMonitor(in *monitorInput, year int) (*monitorRun, error) {
	p, err := in.load(year)
	if err != nil {
		return nil, err
	}
	policy := monitoring.DefaultPolicy()
	var yearRules *rules.Set
	var hostOpts []rules.Option
	var yearForms *monitoring.FormPolicy
	if in.policy != "" {
		pd, err := os.ReadFile(in.policy)
		if err != nil {
			return nil, err
		}
		if policy, yearRules, hostOpts, err = monitoringPolicyOf(in.policy, pd); err != nil {
			return nil, err
		}
		yearForms = formPolicyOf(in.policy)
	}
	m, err := monitoring.New(p.Year, policy, p.Org, p.Budgets, p.Adjustments)
	if err != nil && m == nil {
		return nil, &fileError{file: in.portfolio, err: err}
	}
	if in.rules != "" {
		rd, err := os.ReadFile(in.rules)
		if err != nil {
			return nil, err
		}
		r, err := monitoring.ParseRules(rd)
		if err != nil {
			return nil, &fileError{file: in.rules, err: err}
		}
		m = m.WithRules(r)
	} else if yearRules != nil {
		r, err := monitoring.CompileRules(yearRules, hostOpts...)
		if err != nil {
			return nil, stageError(in.policy, "monitoring.rules", err)
		}
		m = m.WithRules(r)
	}
	run := &monitorRun{m: m, year: p.Year}
	if err := run.loadGoals(in); err != nil {
		return nil, err
	}
	if err := run.loadForms(in, yearForms); err != nil {
		return nil, err
	}
	if err := run.loadCarryOvers(in.carryOvers); err != nil {
		return nil, err
	}
	return run, nil
}

// loadGoals reads the goals and progress reports the input names, if both.
func (r *monitorRun) loadGoals(in *monitorInput) error {
	if in.goals == "" || in.reports == "" {
		return nil
	}
	if err := readJSON(in.goals, &r.trees); err != nil {
		return err
	}
	return readJSON(in.reports, &r.reports)
}

// streamRecords reads the records file, decoded to UTF-8 as it is read,
// and gives each good record of fiscal year year to add; see scanRecords.
func streamRecords(name string, enc csvio.Encoding, strict bool, year int, add func(monitoring.Record)) (*csvio.Tally, error) {
	if data, ref, ok, err := recordsSheet(name); ok {
		if err != nil {
			return nil, err
		}
		return scanRecords(ref, bytes.NewReader(data), strict, year, add)
	}
	f, _, err := csvio.Open(name, enc)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return scanRecords(name, f, strict, year, add)
}

// scanRecords streams the records CSV text r through
// monitoring.ReadRecordsIn for the fiscal year, giving each good record to
// add as it is read and reporting each bad row (among them a record dated
// outside the year or without a project ID) with the file, line and
// column; no record is held once add returns.
func scanRecords(name string, r io.Reader, strict bool, year int, add func(monitoring.Record)) (*csvio.Tally, error) {
	tally := &csvio.Tally{}
	for rec, err := range monitoring.ReadRecordsIn(r, year) {
		if err == nil {
			tally.Read++
			tally.Accept()
			add(rec)
			continue
		}
		var pe *monitoring.RowError
		if !errors.As(err, &pe) || errors.Is(err, monitoring.ErrHeader) {
			return tally, fmt.Errorf("%s: %w", name, err)
		}
		re := &csvio.RowError{File: name, Line: pe.Line, Column: pe.Index, Field: pe.Field, Err: pe.Err}
		tally.Read++
		tally.Reject(re)
		if strict {
			return tally, re
		}
	}
	return tally, nil
}

// ledgers is one ledger of the check dates (monitoring.NewLedgerDates),
// filled in one pass over the records, each record added once; each
// check takes its date's ledger from it (Ledger.At). Memory grows with
// the projects, never with the records.
type ledgers struct {
	dates []time.Time
	// l answers dates[:n], the dates in the fiscal year up to the first
	// that is not; nil when dates[0] is not.
	l *monitoring.Ledger
	n int
	// err is why dates[n] has no ledger (a date outside the fiscal year);
	// nil when every date has one.
	err error
}

func newLedgers(year int, dates []time.Time) *ledgers {
	lg := &ledgers{dates: dates}
	for _, d := range dates {
		// The error a ledger of this date alone gives.
		if _, err := monitoring.NewLedger(year, d); err != nil {
			lg.err = err
			break
		}
		lg.n++
	}
	if lg.n > 0 {
		lg.l, _ = monitoring.NewLedgerDates(year, dates[:lg.n]...) // in the year and in order
	}
	return lg
}

// add adds one record to the ledger. A record the ledger cannot use is
// kept among its problems, which checkYear reports.
func (lg *ledgers) add(r monitoring.Record) {
	if lg.l != nil {
		_ = lg.l.Add(r)
	}
}

// monitorResult is a year's checks, as --format json prints them.
type monitorResult struct {
	Checks  []*monitoring.Report `json:"checks"`
	Goals   []*monitoring.Goals  `json:"goals,omitempty"`
	YearEnd *monitoring.YearEnd  `json:"year_end,omitempty"`
	// Forms are the reviews of the units' monitoring forms, one per check;
	// FormProblems the forms dated on no check date.
	Forms        []*monitoring.FormReview `json:"forms,omitempty"`
	FormProblems performance.Problems     `json:"form_problems,omitempty"`
	// Aged is the year end with the balances carried in from earlier
	// years, by age (--carry-overs).
	Aged *monitoring.AgedYearEnd `json:"aged,omitempty"`
}

// checkYear runs the checks in date order, each continuing from the state
// of the one before, and the year end when the last date is 31 December.
// Each check takes its date's ledger; a ledger that could not be made, or
// that holds a record it could not use, fails the run at its date, after
// the checks before it, as aggregating date by date would.
func (r *monitorRun) checkYear(lg *ledgers) (*monitorResult, error) {
	return r.checkYearContext(context.Background(), lg)
}

// checkYearContext is checkYear stopping when ctx is cancelled. Each
// check runs on GOMAXPROCS goroutines (Monitor.CheckBatch), its report the
// one a single goroutine gives.
func (r *monitorRun) checkYearContext(ctx context.Context, lg *ledgers) (*monitorResult, error) {
	res := &monitorResult{}
	var state monitoring.State
	var ledger *monitoring.Ledger
	for i, d := range lg.dates {
		if i == lg.n {
			return nil, lg.err
		}
		l, err := lg.l.At(d)
		if err != nil {
			return nil, err
		}
		if err := l.Problems().Err(); err != nil {
			return nil, err
		}
		rep, err := r.m.CheckBatch(ctx, d, l, state, runtime.GOMAXPROCS(0))
		if err != nil {
			return nil, err
		}
		res.Checks = append(res.Checks, rep)
		if r.trees != nil {
			res.Goals = append(res.Goals, r.m.Goals(d, r.trees, r.reports))
		}
		state, ledger = rep.State, l
	}
	r.reviewForms(res, lg.dates)
	if last := lg.dates[len(lg.dates)-1]; last.Month() == time.December && last.Day() == 31 {
		ye, err := r.m.YearEnd(ledger)
		if err != nil {
			return nil, err
		}
		res.YearEnd = ye
		if err := r.ageYearEnd(res, ledger); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// findings reports whether any check raised a red alert or issued an action.
func (res *monitorResult) findings() bool {
	for _, c := range res.Checks {
		if len(c.Actions) > 0 {
			return true
		}
		for _, s := range c.Projects {
			if s.Level == monitoring.Red {
				return true
			}
		}
	}
	return res.YearEnd != nil && res.YearEnd.Recover.IsPositive() || res.formFindings()
}

func (o *opts) printMonitor(res *monitorResult) int {
	code := exitOK
	if res.findings() {
		code = exitFindings
	}
	switch o.format {
	case "json":
		if err := writeJSON(o.stdout, res); err != nil {
			return o.fail("monitor", err)
		}
		return code
	case "csv":
		return o.fail("monitor", errors.New("--format csv is not offered for monitor; use text or json"))
	}
	// Written as it is formatted: a year of checks of 100,000 projects is
	// 94 MB of text, which a buffer of the whole held twice over.
	bw := bufio.NewWriterSize(o.stdout, 64<<10)
	err := o.writeMonitorText(bw, res)
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return o.fail("monitor", err)
	}
	return code
}

func (o *opts) writeMonitorText(w io.Writer, res *monitorResult) error {
	for i, c := range res.Checks {
		if i > 0 {
			fmt.Fprintln(w)
		}
		if err := c.WriteText(w, o.lang); err != nil {
			return err
		}
		if i < len(res.Goals) {
			o.writeGoals(w, res.Goals[i])
		}
		o.writeForms(w, res, i)
	}
	o.writeFormProblems(w, res)
	if ye := res.YearEnd; ye != nil {
		fmt.Fprintf(w, "\n%s\n", o.t(fmt.Sprintf("%d 年终结转结余", ye.Year), fmt.Sprintf("Year end %d: carry-overs and surpluses", ye.Year)))
		fmt.Fprintf(w, "  %s %s  %s %s  %s %s  %s %s\n",
			o.t("未执行", "unspent"), performance.FormatAmount(ye.Unspent, performance.Wan),
			o.t("结转", "carry-over"), performance.FormatAmount(ye.CarryOver, performance.Wan),
			o.t("结余", "surplus"), performance.FormatAmount(ye.Surplus, performance.Wan),
			o.t("拟收回", "to recover"), performance.FormatAmount(ye.Recover, performance.Wan))
	}
	o.writeAged(w, res)
	return nil
}

// writeGoals prints the goal half of a check: how many indicators are on
// track or at risk, and which are at risk with the reason.
func (o *opts) writeGoals(w io.Writer, g *monitoring.Goals) {
	byStatus := map[string]int{}
	for _, ip := range g.Indicators {
		byStatus[ip.Status.Name(o.lang)]++
	}
	names := make([]string, 0, len(byStatus))
	for n := range byStatus {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "\n%s", o.t(fmt.Sprintf("目标运行监控：指标 %d 个", len(g.Indicators)), fmt.Sprintf("Goal monitoring: %d indicators", len(g.Indicators))))
	for _, n := range names {
		fmt.Fprintf(w, o.t("，%s %d", ", %s %d"), n, byStatus[n])
	}
	fmt.Fprintln(w)
	t := table.New(o.t("项目", "project"), o.t("指标", "indicator"), o.t("目标", "target"), o.t("实际", "actual"), o.t("原因", "reason"))
	for _, ip := range g.Indicators {
		if ip.Reason == "" {
			continue
		}
		actual := "-"
		if ip.Actual.Valid {
			actual = ip.Actual.Decimal.String()
		}
		t.Add(ip.ProjectID, ip.Name, ip.Target.String(), actual, o.goalReason(ip.Reason))
	}
	if len(t.Rows) > 0 {
		_ = t.WriteText(w)
	}
}

// goalReason names a reason code of goal monitoring for finance staff.
func (o *opts) goalReason(code string) string {
	switch code {
	case "behind":
		return o.t("进度滞后", "behind schedule")
	case "off_target":
		return o.t("未达目标", "off target")
	case "deadline_missed":
		return o.t("逾期未完成", "deadline missed")
	case "not_reported":
		return o.t("未报送", "not reported")
	}
	return code
}

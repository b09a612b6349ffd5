package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"

	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/internal/csvio"
	"github.com/jixiao-go/jixiao/internal/strictjson"
	"github.com/jixiao-go/jixiao/internal/table"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

// exAnteInput is everything an ex-ante run reads: the policy, the
// expenditure standards, the submissions of every round, their goals and
// the organisation tree.
type exAnteInput struct {
	policy    *exante.Policy
	standards []performance.ExpenditureStandard
	subs      []exante.Submission
	trees     map[string]*goals.Tree
	org       *performance.Org
	// opts declare a whole-year policy's host fields to the rules.
	opts []rules.Option
	// rows counts the records of the portfolio: the rows of a CSV one, the
	// submissions of a JSON one.
	rows *csvio.Tally
}

// exAnteFiles names the input files; a folder given as the argument supplies
// the bundled names (policy.json, standards.json, portfolio.json,
// goals.json, org.json) for those not given by flag.
type exAnteFiles struct {
	policy, standards, portfolio, goals, org string
	csv                                      csvInput
	encoding                                 string
}

func (f *exAnteFiles) flags(fs *flag.FlagSet) {
	fs.StringVar(&f.policy, "policy", "", "ex-ante policy JSON (criteria and rules), or a whole-year policy (its exante stage and standards)")
	fs.StringVar(&f.standards, "standards", "", "expenditure standards JSON (支出标准)")
	fs.StringVar(&f.goals, "goals", "", "goals JSON: indicator trees keyed by project ID (绩效目标), or a workbook of goal declaration forms (项目支出绩效目标申报表), one per sheet")
	fs.StringVar(&f.org, "org", "", "organisation tree JSON (regions, departments, units)")
	fs.StringVar(&f.encoding, "encoding", "auto", "CSV portfolio encoding: auto, utf-8, gb18030 or gbk")
	fs.BoolVar(&f.csv.strict, "strict", false, "stop at the first bad CSV portfolio row instead of skipping it")
}

// resolve fills unset names from the folder or file argument.
func (f *exAnteFiles) resolve(arg string) error {
	enc, err := csvio.ParseEncoding(f.encoding)
	if err != nil {
		return fmt.Errorf("--encoding: %w", err)
	}
	f.csv.enc = enc
	st, err := os.Stat(arg)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		f.portfolio = arg
		if f.policy == "" {
			return errors.New("--policy is required when SUBMISSIONS is a file")
		}
		return nil
	}
	def := func(p *string, name string) {
		if *p == "" {
			*p = filepath.Join(arg, name)
		}
	}
	def(&f.policy, "policy.json")
	def(&f.standards, "standards.json")
	if _, err := os.Stat(filepath.Join(arg, "portfolio.json")); errors.Is(err, os.ErrNotExist) {
		if csv := projectsCSVIn(arg); csv != "" && f.portfolio == "" {
			f.portfolio = csv
		}
	}
	def(&f.portfolio, "portfolio.json")
	def(&f.goals, "goals.json")
	def(&f.org, "org.json")
	return nil
}

// readJSON decodes the named file strictly into v (decodeStrict); a large
// array or object is read a run of elements at a time (readJSONRuns),
// with the same result and the same errors.
func readJSON(name string, v any) error {
	if ok, err := readJSONRuns(name, v, jsonRunSize(runtime.GOMAXPROCS(0))); ok || err != nil {
		return err
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	return decodeStrict(name, data, v)
}

// readPortfolioJSON reads a JSON portfolio, an array of submissions. A
// submission whose project and round an earlier one has already is rejected
// with the file, line, column and path of its project id, and counted, as
// the CSV reader rejects a repeated row; the rest are kept, in file order.
// The tally is nil when nothing was rejected.
func readPortfolioJSON(name string) ([]exante.Submission, *csvio.Tally, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, nil, err
	}
	var all []exante.Submission
	if err := decodeStrict(name, data, &all); err != nil {
		return nil, nil, err
	}
	type key struct {
		id    string
		round int
	}
	tally := &csvio.Tally{Read: len(all)}
	seen := make(map[key]bool, len(all))
	var subs []exante.Submission
	var ids []int64 // offset of each submission's project id, found when needed
	for i, sub := range all {
		k := key{sub.Project.ID, sub.Round}
		if !seen[k] || k.id == "" {
			seen[k] = true
			tally.Accept()
			subs = append(subs, sub)
			continue
		}
		if ids == nil {
			ids = idOffsets(strictjson.TrimBOM(data), len(all))
		}
		line, col := strictjson.Position(strictjson.TrimBOM(data), ids[i])
		tally.Reject(&csvio.RowError{File: name, Line: line, Column: col, Field: fmt.Sprintf("[%d].project.id", i),
			Err: say(fmt.Sprintf("项目 %q 第 %d 轮重复申报", k.id, k.round), fmt.Sprintf("project %q round %d is given twice", k.id, k.round))})
	}
	if tally.Rejected == 0 {
		return subs, nil, nil // nothing to report
	}
	return subs, tally, nil
}

// idOffsets returns the byte offset of the project id of each of the n
// submissions of a JSON portfolio, or of the submission where it has none.
func idOffsets(data []byte, n int) []int64 {
	offs := make([]int64, n)
	// The state is the depth of a value (1 for the array) and the index of
	// the submission it is in.
	type at struct{ depth, sub int }
	_, _ = strictjson.Walk(data, at{}, strictjson.Visitor[at]{
		Enter: func(parent at, v *strictjson.Value) (at, bool) {
			s := at{parent.depth + 1, parent.sub}
			switch s.depth {
			case 1:
				return s, true
			case 2:
				if v.Index < n {
					s.sub = v.Index
					offs[s.sub] = v.Offset
				}
				return s, true
			case 3:
				return s, v.Key == "project"
			case 4:
				if v.Key == "id" {
					offs[s.sub] = v.Offset
				}
			}
			return s, false
		},
	})
	return offs
}

func (f *exAnteFiles) load() (*exAnteInput, error) {
	in := &exAnteInput{}
	data, err := os.ReadFile(f.policy)
	if err != nil {
		return nil, err
	}
	var own []performance.ExpenditureStandard
	if in.policy, own, in.opts, err = exAntePolicyOf(f.policy, data); err != nil {
		return nil, err
	}
	optional := func(name string, v any) error {
		if name == "" {
			return nil
		}
		if _, err := os.Stat(name); errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return readJSON(name, v)
	}
	// The goals (as large as the portfolio) are decoded while the
	// portfolio is read, on the cores its reading leaves; their error, if
	// any, is reported where it always was, after the portfolio's and the
	// standards'.
	var trees map[string]*goals.Tree
	treesErr := make(chan error, 1)
	if isWorkbook(f.goals) {
		treesErr <- nil
	} else {
		go func() { treesErr <- optional(f.goals, &trees) }()
	}
	goalsRead := false
	defer func() {
		if !goalsRead {
			<-treesErr // an early return waits: no reading outlives load
		}
	}()
	if csv := projectsCSVIn(f.portfolio); csv != "" && !isDir(f.portfolio) {
		if in.subs, in.rows, err = readPortfolioCSV(csv, f.csv); err != nil {
			return in, err
		}
	} else if in.subs, in.rows, err = readPortfolioJSON(f.portfolio); err != nil {
		return nil, err
	}
	if err := optional(f.standards, &in.standards); err != nil {
		return nil, err
	}
	if own != nil {
		in.standards = own // a whole-year policy's own standards
	}
	goalsRead = true
	if err := <-treesErr; err != nil {
		return nil, err
	}
	in.trees = trees
	if isWorkbook(f.goals) {
		if in.trees, err = readGoalWorkbook(f.goals); err != nil {
			return nil, err
		}
	}
	if f.org != "" {
		var org performance.Org
		if _, err := os.Stat(f.org); err == nil {
			if err := readJSON(f.org, &org); err != nil {
				return nil, err
			}
			in.org = &org
		}
	}
	return in, nil
}

// exAnteResult is an ex-ante run, as --format json prints it.
type exAnteResult struct {
	Rounds      []exante.RoundSummary `json:"rounds"`
	Assessments []*exante.Assessment  `json:"assessments"`
	// Errors are the submissions that could not be assessed at all.
	Errors []string `json:"errors,omitempty"`
}

// streamedJSON makes --format json write the assessments one at a time
// (writeJSON).
func (r *exAnteResult) streamedJSON() (any, []jsonArray) {
	shell := *r
	shell.Assessments = r.Assessments[:0]
	return &shell, []jsonArray{arrayOf("assessments", r.Assessments)}
}

// run assesses every submission with the library's batch API on every
// core (exante.Assessor.AssessSeq), stepping a progress bar as the
// assessments come back in input order, and sums the rounds. ctx
// cancels it: the assessments finished are kept and the cancellation is
// one of the errors.
func (in *exAnteInput) run(ctx context.Context, stderr io.Writer) (*exAnteResult, error) {
	a, err := in.policy.Compile(in.standards, in.opts...)
	if err != nil {
		return nil, err
	}
	res := &exAnteResult{Assessments: make([]*exante.Assessment, 0, len(in.subs))}
	bar := newProgress(stderr, "assess", len(in.subs))
	subs := func(yield func(*exante.Submission) bool) {
		for i := range in.subs {
			if !yield(&in.subs[i]) {
				return
			}
		}
	}
	for as, err := range a.AssessSeq(ctx, subs, in.trees, runtime.GOMAXPROCS(0)) {
		if as != nil {
			res.Assessments = append(res.Assessments, as)
		}
		if err != nil {
			res.Errors = append(res.Errors, err.Error())
		}
		bar.step()
	}
	bar.finish()
	// By round, then project, whatever the order of the submissions.
	slices.SortStableFunc(res.Assessments, func(a, b *exante.Assessment) int {
		return cmp.Or(cmp.Compare(a.Round, b.Round), strings.Compare(a.ProjectID, b.ProjectID))
	})
	sums, err := exante.SummarizeRounds(res.Assessments, in.org, 2)
	if err != nil {
		var ps performance.Problems
		if !errors.As(err, &ps) {
			return nil, err
		}
		for _, p := range ps {
			res.Errors = append(res.Errors, p.Error())
		}
	}
	res.Rounds = sums
	slices.Sort(res.Errors)
	return res, nil
}

func assessCmd() *command {
	return &command{
		name:     "assess",
		summary:  "ex-ante assessment: gates, verdicts, reductions, round summaries (事前绩效评估)",
		synopsis: "assess [--lang zh|en] [--format text|json|csv] [--projects] [--policy F] [--standards F] [--goals F] [--org F] [--encoding E] [--strict] DIR|SUBMISSIONS",
		about: `Assess runs the ex-ante assessment (事前绩效评估) of every submission of every
budget round (一上, 二上): the gates before money (无明细测算不予安排, no goals, not
assessed), the experts' combined score and verdict (予以支持, 调整完善后予以支持,
不予支持), and the reductions the policy's rules make line by line, from the
submitted amount (送审) to the approved one (审定). It prints each round's
totals with the pooled reduction rate (审减率 = total reduced ÷ total
submitted, rounded half up), by department and region with --projects off,
and every project with --projects.
DIR holds policy.json, standards.json, portfolio.json (the submissions),
goals.json and org.json, as testdata/exante does; flags override single files.
A CSV portfolio may stand in for portfolio.json: projects.csv (one row per
project and round: project_id (id until this release), name, unit_id,
fiscal_year, kind, new, category,
basis, content, period_start, period_end, total_investment,
invested_to_date, amount, fund_source, round, and host.NAME columns) and
cost_lines.csv beside it (project_id, round, item, specification,
quantity, unit, unit_price, amount, standard_id), as DIR/projects.csv or
as SUBMISSIONS ending in .csv, with the experts' scoring sheets in
experts.json beside them ([{"project_id": ..., "round": 1, "experts":
[...]}]) when scored; Chinese headers (项目编码, 金额, …) are accepted, in
UTF-8 (with or without BOM) or GB18030/GBK (--encoding). Amounts may read
1,234.00 or 12.5万元.
A host.NAME column carries the host's own field NAME (宿主字段, such as
host.PriorGrade) that a whole-year policy (--policy YEAR.json) declares in
"fields": each cell is the text of the project's value, parsed as the
declared type (money, number, string, bool, date YYYY-MM-DD, grade
优/良/中/差) when a rule reads it; an empty cell is no value (the declared
default, else an error of that project alone for a rule that reads it).
Bad rows are printed with file:line:column and skipped (--strict: exit 2
at the first), with the counts of rows read, accepted and rejected.
A JSON portfolio's submission whose project and round came before is
rejected the same way, at its second project id.
Exit 1 when a submission could not be assessed or a row was rejected.`,
		example: `jixiao assess testdata/exante
jixiao assess --lang en --projects --format csv testdata/exante
jixiao assess --projects --policy testdata/exante/policy.json cmd/jixiao/testdata/portfolio_csv`,
		setup: func(fs *flag.FlagSet, o *opts) func([]string) int {
			o.common(fs)
			var files exAnteFiles
			files.flags(fs)
			projects := fs.Bool("projects", false, "list every project's assessment")
			return func(args []string) int {
				if len(args) != 1 {
					return o.fail("assess", errors.New("want one DIR or SUBMISSIONS file; run 'jixiao help assess'"))
				}
				if err := files.resolve(args[0]); err != nil {
					return o.fail("assess", err)
				}
				in, err := files.load()
				if err != nil {
					return o.fail("assess", err)
				}
				o.printRows(in.rows)
				res, err := in.run(o.context(), o.stderr)
				if err != nil {
					return o.fail("assess", &fileError{file: files.policy, err: err})
				}
				return withRows(o.printAssess(res, *projects), in.rows)
			}
		},
	}
}

func (o *opts) roundName(r int) string {
	switch r {
	case 0:
		return o.t("合计", "all rounds")
	case 1:
		return o.t("一上", "round 1")
	case 2:
		return o.t("二上", "round 2")
	}
	return o.t(fmt.Sprintf("第%d轮", r), fmt.Sprintf("round %d", r))
}

func (o *opts) printAssess(res *exAnteResult, projects bool) int {
	code := exitOK
	if len(res.Errors) > 0 {
		code = exitFindings
		for _, e := range res.Errors {
			fmt.Fprintln(o.stderr, bare(e))
		}
	}
	return o.report("assess", code, res,
		func(w io.Writer) error { o.writeAssessText(w, res, projects); return nil },
		func(w io.Writer) error { return o.assessProjects(res).WriteCSV(w) })
}

func (o *opts) roundTable(first string) *table.Table {
	return table.New(first, o.t("项目数", "projects"), o.t("送审", "submitted"), o.t("审减", "reduced"),
		o.t("审定", "approved"), o.t("审减率", "rate")).Right(1, 2, 3, 4, 5)
}

func (o *opts) addFigures(t *table.Table, name string, f exante.RoundFigures) {
	t.Add(name, fmt.Sprint(f.Projects), performance.FormatAmount(f.Submitted, performance.Wan),
		performance.FormatAmount(f.Reduced, performance.Wan), performance.FormatAmount(f.Approved, performance.Wan),
		performance.FormatPercent(f.ReductionRate, 2))
}

func (o *opts) writeAssessText(w io.Writer, res *exAnteResult, projects bool) {
	fmt.Fprintln(w, o.t("事前绩效评估：各轮次审核情况", "Ex-ante assessment by budget round"))
	t := o.roundTable(o.t("轮次", "round"))
	for _, r := range res.Rounds {
		o.addFigures(t, o.roundName(r.Round), r.Total)
	}
	_ = t.WriteText(w)
	verdicts := map[exante.Verdict]int{}
	notFundable := 0
	for _, a := range res.Assessments {
		verdicts[a.Verdict]++
		if !a.Fundable {
			notFundable++
		}
	}
	fmt.Fprintf(w, "%s", o.t("评估结论：", "Verdicts: "))
	for i, v := range []exante.Verdict{exante.Support, exante.SupportAfterAdjustment, exante.Reject, exante.VerdictNone} {
		if i > 0 {
			fmt.Fprint(w, o.t("，", ", "))
		}
		fmt.Fprintf(w, "%s %d", v.Name(o.lang), verdicts[v])
	}
	fmt.Fprintf(w, o.t("；未通过前置条件（不予安排）%d 个\n", "; failed the gates (not fundable): %d\n"), notFundable)
	if projects {
		fmt.Fprintln(w)
		_ = o.assessProjects(res).WriteText(w)
		return
	}
	for _, r := range res.Rounds {
		if r.Round == 0 || len(r.Regions) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s%s\n", o.roundName(r.Round), o.t("：按地区", ": by region"))
		t := o.roundTable(o.t("地区", "region"))
		for _, f := range r.Regions {
			o.addFigures(t, f.Name, f)
		}
		_ = t.WriteText(w)
	}
}

// assessProjects is one row per assessment, sorted by round then project.
func (o *opts) assessProjects(res *exAnteResult) *table.Table {
	as := append([]*exante.Assessment(nil), res.Assessments...)
	sort.SliceStable(as, func(i, j int) bool {
		if as[i].Round != as[j].Round {
			return as[i].Round < as[j].Round
		}
		return as[i].ProjectID < as[j].ProjectID
	})
	t := table.New(o.t("轮次", "round"), o.t("项目", "project"), o.t("名称", "name"), o.t("结论", "verdict"),
		o.t("送审", "submitted"), o.t("审减", "reduced"), o.t("审定", "approved"), o.t("审减率", "rate"), o.t("审减依据", "rules")).Right(4, 5, 6, 7)
	for _, a := range as {
		rate := "-"
		if r, err := a.ReductionRate(); err == nil {
			rate = performance.FormatPercent(r.Percent(2), 2)
		}
		var ids []string
		seen := map[string]bool{}
		for _, r := range a.Reductions {
			if !seen[r.RuleID] {
				seen[r.RuleID] = true
				ids = append(ids, r.RuleID)
			}
		}
		verdict := a.Verdict.Name(o.lang)
		if !a.Fundable {
			verdict = o.t("不予安排", "not fundable")
		}
		t.Add(o.roundName(a.Round), a.ProjectID, a.Name, verdict,
			performance.FormatAmount(a.Submitted, performance.Wan), performance.FormatAmount(a.Reduced, performance.Wan),
			performance.FormatAmount(a.Approved, performance.Wan), rate, strings.Join(ids, ","))
	}
	return t
}

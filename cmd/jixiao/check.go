package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/internal/csvio"
	"github.com/jixiao-go/jixiao/internal/strictjson"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/policy"
	"github.com/jixiao-go/jixiao/rules"
)

// portfolioFile is the CLI's portfolio form: the organisation tree, the
// expenditure standards and the projects of one fiscal year, each in the
// library's JSON.
type portfolioFile struct {
	FiscalYear int                               `json:"fiscal_year,omitempty"`
	Org        *performance.Org                  `json:"org,omitempty"`
	Standards  []performance.ExpenditureStandard `json:"standards,omitempty"`
	Projects   []*performance.Project            `json:"projects"`
}

func checkCmd() *command {
	return &command{
		name:     "check",
		summary:  "validate portfolios; parse, compile and lint policies (校验)",
		synopsis: "check [--lang zh|en] [--encoding E] [--strict] [--goals [--review-rules RULES.json]] FILE...",
		about: `Check validates each FILE and reports every problem at once, each with the
file, the field path or rule id, and for rule expressions the line and
column with a caret under the problem. The kind of file is told by its
top-level keys:
  - a whole-year policy ({"id", "exante", "monitoring", "apply", "scheme",
    "goals", "fields", "standards_file", ...}, as testdata/policy/2021.json
    and the history policies): every stage parsed strictly and compiled,
    each problem with its stage (exante, monitoring.rules, apply, ...), the
    rule id, line and column;
  - a portfolio ({"projects": [...], "org": [...], "standards": [...]}):
    every project validated (basis, content, period, amounts, cost lines
    that add up to the fen; 无明细测算不予安排), unknown fields rejected;
  - an ex-ante policy ({"criteria": ..., "rules": {...}}) or a
    results-application policy ({"projects": {rule set}, "departments":
    {rule set}}): parsed strictly and every rule compiled against its stage;
  - a bare rule set ({"id": ..., "rules": [...]}): a monitoring rule set,
    compiled against the monitoring environment;
  - a monitoring policy ({"triggers": [...], ...}): parsed and validated;
  - a CSV portfolio: a projects CSV (FILE ending in .csv, or a folder
    holding projects.csv) and the cost_lines.csv beside it, with
    standards.json and org.json from the same folder when present; see
    'jixiao help assess' for the columns (host.NAME columns are accepted
    as the host's fields; their values are checked against the declared
    types when a whole-year policy's rules read them). Bad rows are listed with
    file:line:column and skipped (--strict: exit 2 at the first), and the
    counts of rows read, accepted and rejected go to stderr.
With --goals each FILE is instead the goals units submitted for review
(绩效目标审核, 财预〔2015〕88号 第二十四、二十五条; schema goal-reviews: a
JSON array of {"project_id", "category", "tree", "prior", "cost_lines",
"experts"}, as testdata/goallife/reviews.json): each project's goals are
reviewed under the default review rules (or --review-rules, a
goals.ReviewRules as in a policy's goal_review) with the bundled
core-indicator templates (核心绩效指标, 财预〔2021〕101号), and its grade,
score and whether it passes are printed, by project ID, then every
finding with its path, message and code.
Exit 1 when a file has problems or rejected rows, or (--goals) a review
has findings or does not pass; 2 when a file cannot be read.`,
		example: `jixiao check testdata/policy/2021.json testdata/history/policy_v1.json
jixiao check testdata/exante/policy.json testdata/expost/policy.json monitoring/rules.json
jixiao check --lang en cmd/jixiao/testdata/portfolio_bad.json cmd/jixiao/testdata/exante_bad/policy_compile.json
jixiao check --strict cmd/jixiao/testdata/portfolio_csv
jixiao check --goals testdata/goallife/reviews.json`,
		setup: func(fs *flag.FlagSet, o *opts) func([]string) int {
			fs.StringVar(&o.langFlag, "lang", "zh", "language of the messages: zh (中文) or en")
			enc := fs.String("encoding", "auto", "CSV portfolio encoding: auto, utf-8, gb18030 or gbk")
			strict := fs.Bool("strict", false, "stop at the first bad CSV portfolio row instead of skipping it")
			goalsFlag := fs.Bool("goals", false, "review the goals in each FILE (绩效目标审核; a JSON array of goal review inputs)")
			reviewRules := fs.String("review-rules", "", "with --goals: the review rules JSON (default: the default rules of 财预〔2015〕88号)")
			return func(args []string) int {
				if len(args) == 0 {
					return o.fail("check", errors.New("want at least one FILE; run 'jixiao help check'"))
				}
				if *goalsFlag {
					rules, err := loadReviewRules(*reviewRules)
					if err != nil {
						return o.fail("check", err)
					}
					code := exitOK
					for _, name := range args {
						code = max(code, o.checkGoals(name, rules))
					}
					return code
				}
				if *reviewRules != "" {
					return o.fail("check", errors.New("--review-rules needs --goals"))
				}
				e, err := csvio.ParseEncoding(*enc)
				if err != nil {
					return o.fail("check", fmt.Errorf("--encoding: %w", err))
				}
				in := csvInput{enc: e, strict: *strict}
				code := exitOK
				for _, name := range args {
					c := o.checkFile(name, in)
					code = max(code, c)
				}
				return code
			}
		},
	}
}

// checkFile checks one file and returns its exit code.
func (o *opts) checkFile(name string, in csvInput) int {
	if csv := projectsCSVIn(name); csv != "" {
		return o.checkPortfolioCSV(csv, in)
	}
	if isWorkbook(name) {
		return o.checkWorkbook(name)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return o.fail("check", err)
	}
	data = strictjson.TrimBOM(data) // for the peek at the keys below
	keys, ok := strictjson.TopKeys(data)
	if !ok {
		var raw map[string]json.RawMessage // for the error, with its position
		return o.fail("check", decodeStrict(name, data, &raw))
	}
	var problems []string
	isObject := func(k string) bool { return keys[k] == strictjson.Object }
	switch {
	case isYearPolicy(keys):
		// A whole-year policy: every stage parsed and compiled, each
		// problem with its stage.
		// A policy that does not parse in full is compiled in the parts
		// that did, so that their problems are listed too.
		p, err := policy.Load(name)
		if p != nil {
			_, cerr := p.Compile(nil, nil)
			err = errors.Join(err, cerr)
		}
		if err != nil {
			problems = (&policyError{file: name, err: err}).lines(o.lang)
		}
	case hasKey(keys, "criteria"):
		// An ex-ante policy: criteria and rules, compiled against the
		// ex-ante environments.
		pol, err := exante.ParsePolicy(data)
		if err == nil {
			_, err = exante.NewAssessor(pol, nil, exante.AssessOptions{})
		}
		problems = ruleLines(name, err, o.lang)
	case isObject("projects"):
		// A results-application policy: project and department rule sets.
		pol, err := evaluation.ParseApplyPolicy(data)
		if err == nil {
			_, err = evaluation.CompileApplyPolicy(pol)
		}
		problems = ruleLines(name, err, o.lang)
	case hasKey(keys, "rules"):
		// A bare rule set is a monitoring rule set, compiled against
		// monitoring.Env.
		problems = o.checkRuleSet(name, data)
	case hasKey(keys, "projects"):
		var p portfolioFile
		if err := decodeStrict(name, data, &p); err != nil {
			var fe *fileError
			if !errors.As(err, &fe) {
				return o.fail("check", err)
			}
			problems = fe.lines(o.lang)
			break
		}
		problems = o.checkPortfolio(name, &p, nil)
	case hasKey(keys, "triggers") || hasKey(keys, "schedule"):
		_, err := monitoringPolicy(data)
		problems = ruleLines(name, err, o.lang)
	default:
		return o.fail("check", fmt.Errorf("%s: not a portfolio, whole-year policy, rule set, ex-ante, results-application or monitoring policy", name))
	}
	return o.printProblems(name, problems)
}

// printProblems prints a file's problems, or that it passed, and returns the
// exit code.
func (o *opts) printProblems(name string, problems []string) int {
	w := bufio.NewWriter(o.stdout) // one write per block, not per problem
	for _, p := range problems {
		w.WriteString(p)
		w.WriteByte('\n')
	}
	w.Flush()
	if len(problems) > 0 {
		fmt.Fprintln(o.stdout, o.t(fmt.Sprintf("%s：发现 %d 个问题", name, len(problems)), fmt.Sprintf("%s: %d problem(s)", name, len(problems))))
		return exitFindings
	}
	fmt.Fprintln(o.stdout, o.t(name+"：通过", name+": ok"))
	return exitOK
}

// checkPortfolio validates every project and its standards references, and
// lists the problems with full paths.
// The path of a project's problems starts with prefix(i), or with
// projects[i] when prefix is nil.
func (o *opts) checkPortfolio(name string, p *portfolioFile, prefix func(i int) string) []string {
	all := portfolioProblems(p, prefix)
	if len(all) == 0 {
		return nil
	}
	return (&fileError{file: name, err: all}).lines(o.lang)
}

// portfolioProblems validates every project and its standards and unit
// references; paths start as checkPortfolio's do.
func portfolioProblems(p *portfolioFile, prefix func(i int) string) performance.Problems {
	var all performance.Problems
	// By project id, whatever the file's order; paths keep the index.
	order := make([]int, len(p.Projects))
	for i := range order {
		order[i] = i
	}
	id := func(i int) string {
		if p.Projects[i] == nil {
			return ""
		}
		return p.Projects[i].ID
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(id(a), id(b)) })
	for _, i := range order {
		pr := p.Projects[i]
		prefix := prefixOr(prefix, i)
		if pr == nil {
			all.Add("null_project", prefix, "项目为空", "project is null")
			continue
		}
		for _, err := range []error{pr.Validate(), pr.ValidateStandards(p.Standards)} {
			var ps performance.Problems
			if errors.As(err, &ps) {
				all = append(all, ps.Prefix(prefix)...)
			}
		}
		if p.Org != nil && pr.UnitID != "" {
			if _, ok := p.Org.Node(pr.UnitID); !ok {
				all.Add("unknown_unit", prefix+".unit_id", fmt.Sprintf("预算单位 %q 不在组织树中", pr.UnitID),
					fmt.Sprintf("unit %q is not in the org tree", pr.UnitID))
			}
		}
	}
	return all
}

func prefixOr(prefix func(int) string, i int) string {
	if prefix == nil {
		return fmt.Sprintf("projects[%d]", i)
	}
	return prefix(i)
}

// checkRuleSet parses a rule set strictly and compiles it against the
// environment of the stage it names, listing every problem.
func (o *opts) checkRuleSet(name string, data []byte) []string {
	set, err := rules.ParseSet(data)
	if err == nil {
		err = compileForStage(set)
	}
	return ruleLines(name, err, o.lang)
}

// ruleLines lists every problem of err, with the file name.
func ruleLines(name string, err error, l performance.Lang) []string {
	if err == nil {
		return nil
	}
	return (&fileError{file: name, err: err}).lines(l)
}

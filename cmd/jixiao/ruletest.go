package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/internal/strictjson"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/jixiao-go/jixiao/rules/ruletest"
)

// policySet is one rule set taken from a policy file, with the environment
// it is written against: a bare rule set is monitoring rules (monitoring.Env);
// an ex-ante policy holds project rules (exante.Env) and line rules
// tagged "line" (exante.CostLineEnv); a results-application policy holds
// project (evaluation.ProjectEnv) and department (evaluation.DepartmentEnv)
// rule sets.
type policySet struct {
	set  *rules.Set
	env  string // monitoring, exante, line, projects, departments
	opts []rules.Option
}

// loadPolicySet reads file and picks the rule set named by which ("" for the
// policy's main set).
func loadPolicySet(file, which string) (*policySet, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	data = strictjson.TrimBOM(data) // for the peek at the keys below
	keys, ok := strictjson.TopKeys(data)
	if !ok {
		var raw map[string]json.RawMessage // for the error, with its position
		return nil, decodeStrict(file, data, &raw)
	}
	bad := func(want string) error {
		return fmt.Errorf("--set %q: %s holds %s", which, file, want)
	}
	switch {
	case hasKey(keys, "criteria"):
		p, err := exante.ParsePolicy(data)
		if err != nil {
			return nil, &fileError{file: file, err: err}
		}
		line := func(r *rules.Rule) bool { return ruletest.Tagged(r, "line") }
		switch which {
		case "", "project":
			return &policySet{set: ruletest.Filter(&p.Rules, func(r *rules.Rule) bool { return !line(r) }), env: "exante"}, nil
		case "line":
			return &policySet{set: ruletest.Filter(&p.Rules, line), env: "line"}, nil
		}
		return nil, bad("project and line rules")
	case keys["projects"] == strictjson.Object:
		p, err := evaluation.ParseApplyPolicy(data)
		if err != nil {
			return nil, &fileError{file: file, err: err}
		}
		// Grades compare with their Chinese names, as the stage compiles them.
		opts := []rules.Option{rules.WithType[performance.Grade]("grade", performance.ParseGrade)}
		switch which {
		case "", "projects":
			return &policySet{set: p.Projects, env: "projects", opts: opts}, nil
		case "departments":
			if p.Departments == nil {
				return nil, fmt.Errorf("%s: no department rules", file)
			}
			return &policySet{set: p.Departments, env: "departments", opts: opts}, nil
		}
		return nil, bad("projects and departments rule sets")
	case hasKey(keys, "rules"):
		s, err := rules.ParseSet(data)
		if err != nil {
			return nil, &fileError{file: file, err: err}
		}
		if which != "" && which != "monitoring" {
			return nil, bad("a monitoring rule set")
		}
		return &policySet{set: s, env: "monitoring"}, nil
	}
	return nil, fmt.Errorf("%s: not a rule set, ex-ante or results-application policy", file)
}

func testCmd() *command {
	return &command{
		name:     "test",
		summary:  "run table cases against a policy's rules, with coverage and what a new version changes (规则测试)",
		synopsis: "test [--lang zh|en] [--set S] [--min-rules P] [--against NEW] POLICY CASES",
		about: `Test evaluates every case of CASES with the rules of POLICY and compares
the rules that fired and their outputs with what the case expects, the way
go test runs table tests; a failing case prints every mismatch and why each
rule fired or not. Then it reports coverage: which rules never fired or
always fired, and which sub-conditions never turned true or false.
With --against NEW it also evaluates every case under NEW, a new version of
the policy, and lists the cases whose outcome changes (政策变更回放): rules
that fire now and did not, rules that no longer fire, and outputs whose
values changed, with why under each version. It is how IT staff check a
rule change against recorded cases; jixiao diff compares two policies over
a project history.
POLICY is a monitoring rule set, an ex-ante policy (--set project or line)
or a results-application policy (--set projects or departments); NEW must
be of the same kind. CASES is {"cases": [{"name", "as_of", "env": {...},
"fired": [...], "outputs": {rule: {output: value}}}]} with the
environment's Go field names.
Exit 1 when a case fails, rule coverage is below --min-rules percent, or
some outcome changes under NEW.`,
		example: `jixiao test testdata/expost/policy.json cmd/jixiao/testdata/ruletest/apply.cases.json
jixiao test --lang en --min-rules 100 monitoring/rules.json cmd/jixiao/testdata/ruletest/monitoring.cases.json
jixiao test --against cmd/jixiao/testdata/ruletest/apply-2022.json testdata/expost/policy.json cmd/jixiao/testdata/ruletest/apply.cases.json`,
		setup: func(fs *flag.FlagSet, o *opts) func([]string) int {
			fs.StringVar(&o.langFlag, "lang", "zh", "language of the report: zh (中文) or en")
			which := fs.String("set", "", "which rule set of the policy: project or line (ex-ante), projects or departments (results application)")
			minRules := fs.Float64("min-rules", 0, "least share of rules that must fire in some case, in percent")
			against := fs.String("against", "", "a new version of POLICY: also list the cases whose outcome changes under it")
			return func(args []string) int {
				if len(args) != 2 {
					return o.fail("test", errors.New("want POLICY and CASES; run 'jixiao help test'"))
				}
				ps, err := loadPolicySet(args[0], *which)
				if err != nil {
					return o.fail("test", err)
				}
				var cur *policySet
				if *against != "" {
					if cur, err = loadPolicySet(*against, *which); err != nil {
						return o.fail("test", err)
					}
					if cur.env != ps.env {
						return o.fail("test", fmt.Errorf("%s holds %s rules, %s holds %s rules", args[0], ps.env, *against, cur.env))
					}
				}
				switch ps.env {
				case "monitoring":
					return runCases[monitoring.Env](o, ps, cur, args[1], *minRules)
				case "exante":
					return runCases[exante.Env](o, ps, cur, args[1], *minRules)
				case "line":
					return runCases[exante.CostLineEnv](o, ps, cur, args[1], *minRules)
				case "projects":
					return runCases[evaluation.ProjectEnv](o, ps, cur, args[1], *minRules)
				default:
					return runCases[evaluation.DepartmentEnv](o, ps, cur, args[1], *minRules)
				}
			}
		},
	}
}

// runCases checks every case with ruletest and prints the outcomes and the
// coverage; with cur, a new version of the policy, it then lists the cases
// whose outcome changes under it.
func runCases[E any](o *opts, ps, cur *policySet, casesFile string, minRules float64) int {
	prog, err := rules.Compile[E](ps.set, ps.opts...)
	if err != nil {
		return o.fail("test", &fileError{file: ps.set.ID, err: err})
	}
	var next *rules.Program[E]
	if cur != nil {
		if next, err = rules.Compile[E](cur.set, cur.opts...); err != nil {
			return o.fail("test", &fileError{file: cur.set.ID, err: err})
		}
	}
	cases, err := ruletest.LoadCases[E](casesFile)
	if err != nil {
		return o.fail("test", err)
	}
	w := o.stdout
	cov := ruletest.NewCoverage(ps.set)
	failed := 0
	for _, c := range cases {
		out := ruletest.Check(prog, c)
		cov.Add(out.Result)
		if len(out.Mismatches) == 0 {
			fmt.Fprintf(w, "ok    %s\n", c.Name)
			continue
		}
		failed++
		fmt.Fprintf(w, "FAIL  %s\n", c.Name)
		for _, m := range out.Mismatches {
			fmt.Fprintf(w, "      %s\n", m)
		}
		for _, l := range strings.Split(strings.TrimRight(ruletest.Explain(out.Result, o.lang), "\n"), "\n") {
			fmt.Fprintf(w, "      | %s\n", l)
		}
	}
	fmt.Fprintf(w, o.t("\n用例 %d 个：通过 %d 个，失败 %d 个\n\n", "\n%d cases: %d passed, %d failed\n\n"), len(cases), len(cases)-failed, failed)
	_ = cov.WriteText(w, o.lang)
	code := exitOK
	if failed > 0 {
		code = exitFindings
	}
	if minRules > 0 && cov.RulePercent().InexactFloat64() < minRules {
		fmt.Fprintf(w, o.t("规则覆盖率 %s%% 低于要求的 %g%%\n", "rule coverage %s%% is below the required %g%%\n"), cov.RulePercent().StringFixed(2), minRules)
		code = exitFindings
	}
	if next != nil {
		fmt.Fprintln(w)
		if diffCases(o, prog, next, ps.set, cur.set, cases) > 0 {
			code = exitFindings
		}
	}
	return code
}

// outcomeLines renders what fired and with which outputs, one line per rule,
// so that two results can be compared line by line.
func outcomeLines(r rules.Result) []string {
	var out []string
	for _, f := range r.Fired {
		var vals []string
		for _, v := range f.Outputs {
			vals = append(vals, v.Name+"="+v.String())
		}
		out = append(out, f.RuleID+" "+strings.Join(vals, " "))
	}
	for _, e := range r.Errors {
		out = append(out, "error "+e.Error())
	}
	return out
}

// diffCases evaluates every case under the old and the new program and
// prints the cases whose outcome changes, with why under each version; it
// returns how many changed.
func diffCases[E any](o *opts, po, pn *rules.Program[E], old, cur *rules.Set, cases []ruletest.Case[E]) int {
	w := o.stdout
	fmt.Fprintf(w, o.t("回放 %d 个用例：%s %s → %s %s\n", "Replaying %d cases: %s %s → %s %s\n"), len(cases),
		old.ID, old.Version, cur.ID, cur.Version)
	changed := 0
	for _, c := range cases {
		// Check evaluates with explanations at the case's date; its
		// expectations are not the point here.
		ro, rn := ruletest.Check(po, c), ruletest.Check(pn, c)
		a, b := outcomeLines(ro.Result), outcomeLines(rn.Result)
		if strings.Join(a, "\n") == strings.Join(b, "\n") {
			continue
		}
		changed++
		fmt.Fprintf(w, "\n%s\n", c.Name)
		for _, l := range a {
			if !contains(b, l) {
				fmt.Fprintf(w, "  - %s\n", l)
			}
		}
		for _, l := range b {
			if !contains(a, l) {
				fmt.Fprintf(w, "  + %s\n", l)
			}
		}
		for _, side := range []struct {
			label string
			r     rules.Result
		}{{o.t("原", "old"), ro.Result}, {o.t("新", "new"), rn.Result}} {
			// Only what fired: why the outcome is what it is under each version.
			for _, l := range strings.Split(strings.TrimRight(ruletest.Explain(side.r, o.lang), "\n"), "\n") {
				if strings.HasPrefix(strings.TrimSpace(l), "skipped") {
					continue
				}
				fmt.Fprintf(w, "    %s| %s\n", side.label, l)
			}
		}
	}
	if o.lang == performance.LangEN {
		fmt.Fprintf(w, "\n%d of %d cases change\n", changed, len(cases))
	} else {
		fmt.Fprintf(w, "\n%d 个用例中 %d 个结果变化\n", len(cases), changed)
	}
	return changed
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

package ruletest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jixiao-go/jixiao/internal/lang"
	"github.com/jixiao-go/jixiao/internal/testflag"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/rules"
	"github.com/jixiao-go/jixiao/rules/ruletest"
)

var update = testflag.Update()

// grantEnv is the environment of the test rule set.
type grantEnv struct {
	New    bool
	Amount decimal.Decimal
	Grade  string
}

func loadSet(t *testing.T, path string) *rules.Set {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	s, err := rules.ParseSet(data)
	require.NoError(t, err)
	return s
}

func TestRunCasesFromJSON(t *testing.T) {
	s := loadSet(t, "testdata/grants.rules.json")
	cases, err := ruletest.LoadCases[grantEnv]("testdata/grants.cases.json")
	require.NoError(t, err)
	require.Len(t, cases, 3)
	cov := ruletest.Run(t, s, cases, ruletest.RunOptions{Golden: "testdata/grants.golden", Update: *update, Lang: lang.EN})

	// By hand over the three cases:
	// big_new  "New && Amount >= 5000000": case 1 true (T, T); case 2 false
	//          (New false, right side short-circuited); case 3 false (T, F).
	// cut_fair "Grade == 中 || Grade == 差": 良 false (F, F); 中 true (T, right
	//          not evaluated); 差 true (F, T).
	// never    "Amount < 0": false three times.
	// Rules fired: 2 of 3 = 66.67%. Conditions: big_new 3 × 2 outcomes all
	// seen, cut_fair 3 × 2 all seen, never 1 × 2 with only false seen:
	// 13 of 14 = 92.857… → 92.86%.
	assert.Equal(t, 3, cov.Cases())
	assert.Equal(t, "66.67", cov.RulePercent().StringFixed(2))
	assert.Equal(t, "92.86", cov.ConditionPercent().StringFixed(2))
	rs := cov.Rules()
	require.Len(t, rs, 3)
	assert.Equal(t, ruletest.RuleCoverage{
		RuleID: "big_new", Name: "large new project", Enabled: true, Evaluated: 3, Fired: 1,
		Conditions: []ruletest.ConditionCoverage{
			{Expr: "New && (Amount >= 5000000)", Depth: 0, True: 1, False: 2},
			{Expr: "New", Depth: 1, True: 2, False: 1},
			{Expr: "Amount >= 5000000", Depth: 1, True: 1, False: 1},
		},
	}, rs[0])
	assert.Equal(t, []ruletest.ConditionCoverage{
		{Expr: `(Grade == "中") || (Grade == "差")`, Depth: 0, True: 2, False: 1},
		{Expr: `Grade == "中"`, Depth: 1, True: 1, False: 2},
		{Expr: `Grade == "差"`, Depth: 1, True: 1, False: 1},
	}, rs[1].Conditions)
	assert.Equal(t, []ruletest.Gap{{RuleID: "never", Kind: ruletest.GapNeverFired}}, cov.Gaps())
}

func TestCheckReportsEveryMismatch(t *testing.T) {
	s := loadSet(t, "testdata/grants.rules.json")
	p, err := rules.Compile[grantEnv](s)
	require.NoError(t, err)
	c := ruletest.Case[grantEnv]{
		Name:     "wrong expectations",
		Env:      grantEnv{Amount: decimal.RequireFromString("1000"), Grade: "中"},
		Fired:    []string{"big_new"},
		NotFired: []string{"cut_fair"},
		Outputs:  map[string]map[string]string{"cut_fair": {"amount": "900", "nope": "1"}, "big_new": {"review": "x"}},
	}
	out := ruletest.Check(p, c)
	require.True(t, out.Failed())
	// 1000 × 0.8 = 800.00, not 900.
	assert.Equal(t, []string{
		"fired: got [cut_fair], want [big_new]",
		"fired: cut_fair fired, want it not to",
		"outputs of big_new: the rule did not fire",
		"cut_fair.amount: got 800.00, want 900",
		"cut_fair.nope: no such output, want 1",
	}, out.Mismatches)
	rep := out.Report(lang.EN)
	assert.Contains(t, rep, `case "wrong expectations":`)
	assert.Contains(t, rep, "fired   rule cut_fair")
	assert.Contains(t, rep, "skipped rule big_new")
	assert.Contains(t, rep, "New (false)")
}

func TestCheckNumbersCompareByValue(t *testing.T) {
	s := loadSet(t, "testdata/grants.rules.json")
	p, err := rules.Compile[grantEnv](s)
	require.NoError(t, err)
	// round(1000 * 0.8, 2) = 800.00; "800" and "800.000" are the same number.
	for _, want := range []string{"800", "800.00", "800.000"} {
		out := ruletest.Check(p, ruletest.Case[grantEnv]{Name: want, Env: grantEnv{Amount: decimal.NewFromInt(1000), Grade: "差"},
			Outputs: map[string]map[string]string{"cut_fair": {"amount": want}}})
		assert.False(t, out.Failed(), "%s: %v", want, out.Mismatches)
	}
}

func TestReadCasesErrors(t *testing.T) {
	tests := []struct {
		name, json, want string
	}{
		{"unknown env field", `{"cases":[{"name":"a","env":{"Amont":"1"}}]}`, `unknown field "Amont"`},
		{"unknown case field", `{"cases":[{"name":"a","fires":[]}]}`, `unknown field "fires"`},
		{"duplicate", `{"cases":[{"name":"a"},{"name":"a"}]}`, `cases[1].name: duplicate "a"`},
		{"no name and bad date", `{"cases":[{"as_of":"2024-13-01"}]}`, "cases[0].name: empty\nruletest: bad cases: cases[0].as_of"},
		{"trailing", `{"cases":[]} {}`, "trailing data"},
		// Issue 15: the strict checks every JSON input gets; a repeated
		// member was a silent last-wins before.
		{"repeated member", `{"cases":[{"name":"a","name":"b"}]}`, `cases[0].name: duplicate field "name"`},
		{"unknown with path", `{"cases":[{"name":"a","env":{"Amont":"1"}}]}`, `cases[0].env.Amont: unknown field "Amont"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ruletest.ReadCases[grantEnv](strings.NewReader(tt.json))
			require.Error(t, err)
			assert.ErrorIs(t, err, ruletest.ErrCases)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestCoverageWithoutExplanations(t *testing.T) {
	s := loadSet(t, "testdata/grants.rules.json")
	p, err := rules.Compile[grantEnv](s)
	require.NoError(t, err)
	cov := ruletest.NewCoverage(s)
	for _, g := range []string{"优", "中"} {
		r, err := p.Eval(&grantEnv{Amount: decimal.NewFromInt(1), Grade: g}, rules.EvalOptions{})
		require.NoError(t, err)
		cov.Add(r)
	}
	// Whole whens only: big_new false twice (F), cut_fair false then true
	// (T, F), never false twice (F): outcomes seen 1 + 2 + 1 = 4 of 6.
	assert.Equal(t, "66.67", cov.ConditionPercent().StringFixed(2))
	assert.Equal(t, "33.33", cov.RulePercent().StringFixed(2))
	other := ruletest.NewCoverage(s)
	r, err := p.Eval(&grantEnv{New: true, Amount: decimal.NewFromInt(9000000), Grade: "优"}, rules.EvalOptions{})
	require.NoError(t, err)
	other.Add(r)
	cov.Merge(other)
	// big_new now true once as well: 5 of 6.
	assert.Equal(t, 3, cov.Cases())
	assert.Equal(t, "83.33", cov.ConditionPercent().StringFixed(2))
}

func TestCoverageThreshold(t *testing.T) {
	s := loadSet(t, "testdata/grants.rules.json")
	cases, err := ruletest.LoadCases[grantEnv]("testdata/grants.cases.json")
	require.NoError(t, err)
	// An under-tested case list: only the first case. big_new fires, its
	// New and Amount conditions are never false; cut_fair and never never
	// fire: 1 of 3 rules = 33.33%.
	cov := ruletest.Run(t, s, cases[:1], ruletest.RunOptions{})
	err = cov.Check(ruletest.Threshold{Rules: decimal.NewFromInt(80)})
	require.Error(t, err)
	assert.ErrorIs(t, err, ruletest.ErrCoverage)
	assert.Contains(t, err.Error(), "rule coverage 33.33% < 80%")
	assert.Contains(t, err.Error(), "big_new always_fired")
	assert.Contains(t, err.Error(), "big_new never_false: New")
	assert.Contains(t, err.Error(), "cut_fair never_fired")
	// The full list passes 60% of rules and 90% of conditions.
	full := ruletest.Run(t, s, cases, ruletest.RunOptions{})
	assert.NoError(t, full.Check(ruletest.Threshold{Rules: decimal.NewFromInt(60), Conditions: decimal.NewFromInt(90)}))
}

func TestCoverageText(t *testing.T) {
	s := loadSet(t, "testdata/grants.rules.json")
	cases, err := ruletest.LoadCases[grantEnv]("testdata/grants.cases.json")
	require.NoError(t, err)
	cov := ruletest.Run(t, s, cases, ruletest.RunOptions{})
	for _, lg := range []rules.Lang{lang.EN, lang.ZH} {
		var b strings.Builder
		require.NoError(t, cov.WriteText(&b, lg))
		name := map[rules.Lang]string{lang.EN: "en", lang.ZH: "zh"}[lg]
		ruletest.Golden(t, filepath.Join("testdata", "coverage_"+name+".golden"), []byte(b.String()), *update)
	}
}

func TestFilter(t *testing.T) {
	s := loadSet(t, "testdata/grants.rules.json")
	s.Rules[1].Tags = []string{"line"}
	lines := ruletest.Filter(s, func(r *rules.Rule) bool { return ruletest.Tagged(r, "line") })
	rest := ruletest.Filter(s, func(r *rules.Rule) bool { return !ruletest.Tagged(r, "line") })
	require.Len(t, lines.Rules, 1)
	assert.Equal(t, "cut_fair", lines.Rules[0].ID)
	assert.Len(t, rest.Rules, 2)
	assert.Len(t, s.Rules, 3, "the original is unchanged")
	assert.Equal(t, s.ID, lines.ID)
}

package rules_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/internal/lang"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/rules"
)

type budget struct {
	Approved decimal.Decimal
}

type project struct {
	ID                  string
	Category            string
	Requested           decimal.Decimal
	StandardUnitCost    decimal.Decimal
	UnitCost            decimal.Decimal
	Quantity            int
	HasDetailedEstimate bool
	IsNew               bool
	PriorGrade          grade
	ExecutionRate       decimal.Decimal
	GoalCompletion      decimal.Decimal
	Ratio               float64
	Start               time.Time
	Budget              *budget
}

// grade is a caller type registered with WithType, as the evaluation stage does.
type grade int

const (
	gradeNone grade = iota
	gradeExcellent
	gradeGood
	gradeFair
	gradePoor
)

func (g grade) String() string { return [...]string{"", "优", "良", "中", "差"}[g] }

func parseGrade(s string) (grade, error) {
	for g := gradeExcellent; g <= gradePoor; g++ {
		if g.String() == s {
			return g, nil
		}
	}
	return gradeNone, fmt.Errorf("unknown grade %q (want 优, 良, 中 or 差)", s)
}

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func compile(t *testing.T, s *rules.Set, opts ...rules.Option) *rules.Program[project] {
	t.Helper()
	opts = append(opts, rules.WithType("grade", parseGrade))
	p, err := rules.Compile[project](s, opts...)
	require.NoError(t, err)
	return p
}

func one(id, when string, outs ...rules.Output) rules.Rule {
	return rules.Rule{ID: id, When: when, Outputs: outs}
}

func out(name string, typ rules.Type, expr string) rules.Output {
	return rules.Output{Name: name, Type: typ, Expr: expr}
}

func sample() project {
	return project{
		ID: "P1", Category: "信息化",
		Requested: d("1000000"), StandardUnitCost: d("100.00"), UnitCost: d("120.50"), Quantity: 3,
		HasDetailedEstimate: true, PriorGrade: gradePoor,
		ExecutionRate: d("0.42"), GoalCompletion: d("0.9"), Ratio: 0.5,
		Start:  time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC),
		Budget: &budget{Approved: d("800000")},
	}
}

// TestMoneyConditions checks the exactness traps of issue 3 as conditions.
func TestMoneyConditions(t *testing.T) {
	tests := []struct {
		name, when string
		want       bool
	}{
		{"0.1+0.2 is 0.3", "0.1 + 0.2 == 0.3", true},
		{"1.0 equals 1.00", "1.0 == 1.00", true},
		{"money literal equality", "UnitCost == 120.5", true},
		{"money times literal exact", "Requested * 0.2 == 200000", true},
		// 0.1 * 3 = 0.3 exactly in decimal (float64 gives 0.30000000000000004)
		{"repeated tenths", "0.1 * 3 == 0.3", true},
		// (120.50 - 100.00) * 3 = 61.50
		{"cut to standard", "(UnitCost - StandardUnitCost) * Quantity == 61.5", true},
		{"money comparison", "UnitCost > StandardUnitCost", true},
		{"int field with decimal", "Quantity * StandardUnitCost == 300", true},
		{"nested field", "Budget.Approved < Requested", true},
		{"min max clamp", "min(Requested, 5, 7) == 5 && max(1, 2.5) == 2.5 && clamp(ExecutionRate, 0.5, 1) == 0.5", true},
		{"percent", "percent(Budget.Approved, Requested, 2) == 80", true},
		// 1,000,000 / 3 = 333,333.333… → 333,333.33
		{"round division", "round(Requested / 3, 2) == 333333.33", true},
		// 2 / 3 = 0.666… → 0.67 (half away from zero)
		{"div", "div(2, 3, 2) == 0.67 && div(-2, 3, 2) == -0.67", true},
		// 2.345 → 2.35, -2.345 → -2.35 (四舍五入, not banker's 2.34)
		{"round half away from zero", "round(2.345, 2) == 2.35 && round(-2.345, 2) == -2.35", true},
		{"float with float literal", "Ratio * 2 == 1.0", true},
		{"grade literal", `PriorGrade == "差"`, true},
		{"grade in list", `PriorGrade in ["中", "差"]`, true},
		{"string in list", `Category in ["基建", "培训"]`, false},
		{"dates", `Start >= date("2024-01-01") && Start < date("2025-01-01")`, true},
		{"let", "let cut = (UnitCost - StandardUnitCost) * Quantity; cut > 60 && cut < 62", true},
		{"big numbers widen exactly", "Requested * Requested * Requested * Requested == 1e24", true},
		{"len", `len(Category) == 3`, true},
		{"not in", `not (Category in ["基建"])`, true},
		{"ternary", `(IsNew ? 1 : 2) == 2`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{one("R", tt.when)}})
			env := sample()
			res, err := p.Eval(&env, rules.EvalOptions{})
			require.NoError(t, err)
			require.Empty(t, res.Errors)
			assert.Equal(t, tt.want, len(res.Fired) == 1, "when %s", tt.when)
		})
	}
}

func TestMoneyOutputs(t *testing.T) {
	tests := []struct {
		name, expr string
		typ        rules.Type
		want       string
	}{
		{"fifth of requested", "Requested * 0.2", rules.TypeMoney, "200000"},
		// (120.50 - 100.00) × 3 = 61.50
		{"cut", "(UnitCost - StandardUnitCost) * Quantity", rules.TypeMoney, "61.5"},
		// 1,000,000 × (0.5 − 0.42) = 80,000
		{"IT low execution", "Requested * (0.5 - ExecutionRate)", rules.TypeMoney, "80000"},
		// 0.42 × 40 + 0.9 × 60 = 16.8 + 54 = 70.8
		{"score", "ExecutionRate*40 + GoalCompletion*60", rules.TypeNumber, "70.8"},
		{"float to number", "Ratio * 3", rules.TypeNumber, "1.5"},
		{"round", "round(UnitCost / 7, 2)", rules.TypeMoney, "17.21"}, // 120.50 / 7 = 17.214…
		{"host", "cap(Requested)", rules.TypeMoney, "500000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{one("R", "true", out("x", tt.typ, tt.expr))}},
				rules.WithFunction("cap", func(x decimal.Decimal) decimal.Decimal { return decimal.Min(x, d("500000")) }))
			env := sample()
			res, err := p.Eval(&env, rules.EvalOptions{})
			require.NoError(t, err)
			require.Len(t, res.Fired, 1, "errors: %v", res.Errors)
			v, ok := res.Fired[0].Output("x")
			require.True(t, ok)
			assert.True(t, v.Decimal().Equal(d(tt.want)), "got %s want %s", v.Decimal(), tt.want)
		})
	}
}

func TestTypedOutputs(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{one("R", "true",
		out("grade", "grade", `let s = ExecutionRate*40 + GoalCompletion*60; s >= 90 ? "优" : s >= 80 ? "良" : s >= 60 ? "中" : "差"`),
		out("alert", rules.TypeBool, "ExecutionRate < 0.5"),
		out("note", rules.TypeString, `"cat " + Category`),
		out("due", rules.TypeDate, `date("2024-12-31")`),
		out("kept", "grade", `IsNew ? "优" : PriorGrade`),
	)}})
	env := sample()
	res, err := p.Eval(&env, rules.EvalOptions{})
	require.NoError(t, err)
	require.Len(t, res.Fired, 1)
	g, _ := res.Fired[0].Output("grade")
	assert.Equal(t, gradeFair, g.Any(), "score 70.8 is 中") // 60 ≤ 70.8 < 80
	assert.Equal(t, "中", g.String())
	a, _ := res.Fired[0].Output("alert")
	assert.True(t, a.Bool())
	n, _ := res.Fired[0].Output("note")
	assert.Equal(t, "cat 信息化", n.String())
	due, _ := res.Fired[0].Output("due")
	assert.Equal(t, time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC), due.Time())
	kept, _ := res.Fired[0].Output("kept")
	assert.Equal(t, gradePoor, kept.Any(), "not new: the prior grade 差 is kept")
}

func TestExplainNegativeLiteral(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{one("R", "ExecutionRate - 0.5 > -0.1")}})
	env := sample()
	res, err := p.Eval(&env, rules.EvalOptions{Explain: true})
	require.NoError(t, err)
	// 0.42 − 0.5 = −0.08 > −0.1
	assert.Equal(t, "rule R: (ExecutionRate (0.42) - 0.5 = -0.08) > -0.1 → true → fired", res.Fired[0].Explanation.Text(lang.EN))
}

// firstErr returns the *rules.Error values joined in err.
func allErrs(t *testing.T, err error) []*rules.Error {
	t.Helper()
	require.Error(t, err)
	var out []*rules.Error
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var re *rules.Error
		require.True(t, errors.As(e, &re), "error %v is not a *rules.Error", e)
		out = append(out, re)
	}
	walk(err)
	return out
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name       string
		when       string
		outs       []rules.Output
		sentinel   error
		field      string
		line, col  int
		snippet    string
		suggestion string
	}{
		{name: "unknown field", when: "ExecRate < 0.5", sentinel: rules.ErrUnknownName, field: "when", line: 1, col: 1,
			snippet: " | ExecRate < 0.5\n | ^", suggestion: "ExecutionRate"},
		{name: "second line", when: "IsNew &&\n  Requestd > 5000000", sentinel: rules.ErrUnknownName, field: "when", line: 2, col: 3,
			snippet: " |   Requestd > 5000000\n | ..^", suggestion: "Requested"},
		{name: "float mix", when: "Ratio > Requested", sentinel: rules.ErrInexact, field: "when", line: 1, col: 7,
			snippet: " | Ratio > Requested\n | ......^"},
		{name: "non-bool when", when: "Requested + 1", sentinel: rules.ErrType, field: "when", line: 1, col: 11},
		{name: "bare division", when: "true", outs: []rules.Output{out("x", rules.TypeMoney, "Requested / 3")},
			sentinel: rules.ErrType, field: "x", line: 1, col: 11},
		{name: "now", when: "now() > Start", sentinel: rules.ErrNondeterministic, field: "when", line: 1, col: 1},
		{name: "bare date", when: "date() > Start", sentinel: rules.ErrNondeterministic, field: "when", line: 1, col: 1},
		{name: "syntax", when: "Requested >", sentinel: rules.ErrSyntax, field: "when", line: 1, col: 11},
		{name: "wrong output type", when: "true", outs: []rules.Output{out("x", rules.TypeMoney, `"a"`)},
			sentinel: rules.ErrType, field: "x", line: 1, col: 1},
		{name: "money from float", when: "true", outs: []rules.Output{out("x", rules.TypeMoney, "Ratio * 2")},
			sentinel: rules.ErrInexact, field: "x", line: 1, col: 7},
		{name: "bad grade literal", when: `PriorGrade == "优秀"`, sentinel: rules.ErrType, field: "when", line: 1, col: 15},
		{name: "unknown function", when: "rond(Requested, 2) > 0", sentinel: rules.ErrUnknownName, field: "when", line: 1, col: 1, suggestion: "round"},
		{name: "unsupported closure", when: "all([1], {# > 0})", sentinel: rules.ErrUnsupported, field: "when"},
		{name: "struct used as value", when: "Budget > 1", sentinel: rules.ErrType, field: "when", line: 1, col: 1},
		{name: "huge exponent", when: "Requested + 1e200 > 0", sentinel: rules.ErrLimit, field: "when", line: 1, col: 13},
		{name: "enormous exponent", when: "Requested < 1e100000000", sentinel: rules.ErrLimit, field: "when", line: 1, col: 23},
		{name: "integer beyond int64", when: "Requested < 99999999999999999999", sentinel: rules.ErrLimit, field: "when", line: 1, col: 32},
		{name: "tiny exponent", when: "Requested > 1e-101", sentinel: rules.ErrLimit, field: "when", line: 1, col: 13},
		{name: "too many digits", when: "Requested > 12345678901234567890123456789012345678901.5", sentinel: rules.ErrLimit, field: "when", line: 1, col: 13},
		{name: "unknown nested field", when: "Budget.Aproved > 1", sentinel: rules.ErrUnknownName, field: "when", suggestion: "Approved"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rules.Compile[project](&rules.Set{ID: "s", Rules: []rules.Rule{{ID: "R1", When: tt.when, Outputs: tt.outs}}},
				rules.WithType("grade", parseGrade))
			errs := allErrs(t, err)
			require.Len(t, errs, 1, "%v", err)
			e := errs[0]
			assert.ErrorIs(t, e, tt.sentinel)
			assert.Equal(t, "R1", e.RuleID)
			assert.Equal(t, tt.field, e.Field)
			if tt.line > 0 {
				assert.Equal(t, tt.line, e.Line, "line; %v", e)
				assert.Equal(t, tt.col, e.Column, "column; %v", e)
			}
			if tt.snippet != "" {
				assert.Equal(t, tt.snippet, e.Snippet)
			}
			assert.Equal(t, tt.suggestion, e.Suggestion)
		})
	}
}

func TestCompileReportsAllErrors(t *testing.T) {
	_, err := rules.Compile[project](&rules.Set{ID: "s", Rules: []rules.Rule{
		one("A", "Foo > 1"),
		one("B", "true", out("x", rules.TypeMoney, "Bar"), out("y", "grad", "1")),
		one("C", "IsNew"),
	}})
	errs := allErrs(t, err)
	require.Len(t, errs, 3)
	assert.Equal(t, []string{"A/when", "B/x", "B/y"}, []string{
		errs[0].RuleID + "/" + errs[0].Field, errs[1].RuleID + "/" + errs[1].Field, errs[2].RuleID + "/" + errs[2].Field})
	assert.Contains(t, errs[0].Error(), "rules: rule A: when (1:1): unknown name: Foo")
}

func fired(res rules.Result) []string {
	var ids []string
	for _, f := range res.Fired {
		ids = append(ids, f.RuleID)
	}
	return ids
}

func reasons(res rules.Result) map[string]rules.Reason {
	m := map[string]rules.Reason{}
	for _, s := range res.Skipped {
		m[s.RuleID] = s.Reason
	}
	return m
}

func TestOrderingAndHitPolicies(t *testing.T) {
	off := false
	rs := []rules.Rule{
		{ID: "low", When: "true", Priority: 1},
		{ID: "b", When: "true", Priority: 5},
		{ID: "a", When: "true", Priority: 5},
		{ID: "false", When: "false", Priority: 9},
		{ID: "off", When: "true", Priority: 9, Enabled: &off},
	}
	env := sample()
	t.Run("collect orders by priority then file order", func(t *testing.T) {
		res, err := compile(t, &rules.Set{ID: "s", Rules: rs}).Eval(&env, rules.EvalOptions{})
		require.NoError(t, err)
		assert.Equal(t, []string{"b", "a", "low"}, fired(res))
		assert.Equal(t, map[string]rules.Reason{"false": rules.ReasonConditionFalse, "off": rules.ReasonDisabled}, reasons(res))
		assert.Equal(t, "false", res.Skipped[0].RuleID, "skipped in evaluation order")
	})
	t.Run("index is the position in the set, not in evaluation order", func(t *testing.T) {
		res, err := compile(t, &rules.Set{ID: "s", Rules: rs}).Eval(&env, rules.EvalOptions{})
		require.NoError(t, err)
		var idx []int
		for _, f := range res.Fired {
			idx = append(idx, f.Index)
			assert.Equal(t, rs[f.Index].ID, f.RuleID)
		}
		assert.Equal(t, []int{1, 2, 0}, idx) // b, a, low
	})
	t.Run("fired only", func(t *testing.T) {
		res, err := compile(t, &rules.Set{ID: "s", Rules: rs}).Eval(&env, rules.EvalOptions{FiredOnly: true})
		require.NoError(t, err)
		assert.Equal(t, []string{"b", "a", "low"}, fired(res))
		assert.Nil(t, res.Skipped)
	})
	t.Run("first", func(t *testing.T) {
		res, err := compile(t, &rules.Set{ID: "s", HitPolicy: rules.HitFirst, Rules: rs}).Eval(&env, rules.EvalOptions{})
		require.NoError(t, err)
		assert.Equal(t, []string{"b"}, fired(res))
		assert.Equal(t, rules.ReasonNotReached, reasons(res)["a"])
		assert.Equal(t, rules.ReasonNotReached, reasons(res)["low"])
	})
	t.Run("unique violated", func(t *testing.T) {
		res, err := compile(t, &rules.Set{ID: "s", HitPolicy: rules.HitUnique, Rules: rs}).Eval(&env, rules.EvalOptions{})
		require.ErrorIs(t, err, rules.ErrNotUnique)
		assert.Equal(t, []string{"b", "a", "low"}, fired(res), "the full result comes with the error")
	})
	t.Run("unique satisfied", func(t *testing.T) {
		res, err := compile(t, &rules.Set{ID: "s", HitPolicy: rules.HitUnique, Rules: rs[3:]}).Eval(&env, rules.EvalOptions{})
		require.NoError(t, err)
		assert.Empty(t, res.Fired)
	})
}

func TestGroupsAndEffectiveDates(t *testing.T) {
	rs := []rules.Rule{
		{ID: "cut30", When: "true", Group: "cut", EffectiveTo: "2024-12-31"},
		{ID: "cut20", When: "true", Group: "cut", EffectiveFrom: "2025-01-01"},
		{ID: "cut10", When: "true", Group: "cut"},
		{ID: "note", When: "true"},
	}
	p := compile(t, &rules.Set{ID: "s", Rules: rs})
	env := sample()
	tests := []struct {
		asOf    time.Time
		fired   []string
		reasons map[string]rules.Reason
	}{
		{time.Date(2024, 12, 31, 23, 0, 0, 0, time.UTC), []string{"cut30", "note"},
			map[string]rules.Reason{"cut20": rules.ReasonOutsidePeriod, "cut10": rules.ReasonGroupFired}},
		{time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), []string{"cut20", "note"},
			map[string]rules.Reason{"cut30": rules.ReasonOutsidePeriod, "cut10": rules.ReasonGroupFired}},
		// zero AsOf: effective periods are not checked
		{time.Time{}, []string{"cut30", "note"},
			map[string]rules.Reason{"cut20": rules.ReasonGroupFired, "cut10": rules.ReasonGroupFired}},
	}
	for _, tt := range tests {
		t.Run(tt.asOf.Format("2006-01-02"), func(t *testing.T) {
			res, err := p.Eval(&env, rules.EvalOptions{AsOf: tt.asOf})
			require.NoError(t, err)
			assert.Equal(t, tt.fired, fired(res))
			assert.Equal(t, tt.reasons, reasons(res))
		})
	}
}

func TestRuntimeErrorIsolation(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{
		one("div0", "true", out("x", rules.TypeMoney, "round(Requested / (Quantity - 3), 2)")),
		one("nil", "Budget.Approved > 0"),
		one("ok", "true", out("x", rules.TypeMoney, "Requested * 0.1")),
	}})
	env := sample()
	env.Budget = nil
	res, err := p.Eval(&env, rules.EvalOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"ok"}, fired(res))
	require.Len(t, res.Errors, 2)
	assert.ErrorIs(t, res.Errors[0], rules.ErrDivisionByZero)
	assert.Equal(t, "div0", res.Errors[0].RuleID)
	assert.Equal(t, "x", res.Errors[0].Field)
	assert.Equal(t, 17, res.Errors[0].Column, "caret under the division")
	assert.ErrorIs(t, res.Errors[1], rules.ErrMissingValue)
	assert.Equal(t, "nil", res.Errors[1].RuleID)
	assert.Equal(t, rules.ReasonError, reasons(res)["div0"])
}

func TestLimits(t *testing.T) {
	t.Run("length", func(t *testing.T) {
		_, err := rules.Compile[project](&rules.Set{ID: "s", Rules: []rules.Rule{one("R", "Quantity > 1 "+strings.Repeat("&& true ", 10))}},
			rules.WithLimits(rules.Limits{MaxExprLength: 40}))
		assert.ErrorIs(t, err, rules.ErrLimit)
	})
	t.Run("nodes", func(t *testing.T) {
		_, err := rules.Compile[project](&rules.Set{ID: "s", Rules: []rules.Rule{one("R", "Quantity > 1"+strings.Repeat(" && true", 10))}},
			rules.WithLimits(rules.Limits{MaxNodes: 10}))
		assert.ErrorIs(t, err, rules.ErrLimit)
	})
	t.Run("memory budget", func(t *testing.T) {
		expr := "Category" + strings.Repeat(" + Category", 60) // 61 × 9 bytes ≥ 200
		p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{one("R", "true", out("s", rules.TypeString, expr)), one("ok", "true")}},
			rules.WithLimits(rules.Limits{MemoryBudget: 200}))
		env := sample()
		res, err := p.Eval(&env, rules.EvalOptions{})
		require.NoError(t, err)
		require.Len(t, res.Errors, 1)
		assert.ErrorIs(t, res.Errors[0], rules.ErrMemoryBudget)
		assert.Equal(t, []string{"ok"}, fired(res))
	})
}

func TestExplain(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{
		{ID: "R10", Name: "IT project with low execution", When: `Category == "信息化" && ExecutionRate < 0.5`,
			Outputs: []rules.Output{out("reduce", rules.TypeMoney, "Requested * (0.5 - ExecutionRate)")}},
		{ID: "R07", When: "IsNew && Requested > 5000000"},
	}})
	env := sample()
	res, err := p.Eval(&env, rules.EvalOptions{Explain: true})
	require.NoError(t, err)
	require.Len(t, res.Fired, 1)
	x := res.Fired[0].Explanation
	require.NotNil(t, x)
	// 1,000,000 × (0.5 − 0.42) = 80,000.00
	assert.Equal(t, `rule R10 (IT project with low execution): (Category ("信息化") == "信息化" → true) && (ExecutionRate (0.42) < 0.5 → true) → true → fired; `+
		`reduce = Requested (1000000) * (0.5 - ExecutionRate (0.42) = 0.08) = 80000.00`, x.Text(lang.EN))
	assert.Equal(t, `规则 R10「IT project with low execution」：(Category ("信息化") == "信息化" → 是) 且 (ExecutionRate (0.42) < 0.5 → 是) → 是，命中; `+
		`reduce = Requested (1000000) * (0.5 - ExecutionRate (0.42) = 0.08) = 80000.00`, x.Text(lang.ZH))
	steps := x.Steps()
	require.NotEmpty(t, steps)
	assert.Equal(t, rules.Step{Field: "when", Depth: 1, Expr: "ExecutionRate < 0.5", Value: "true", Evaluated: true}, steps[3])
	// R07: IsNew is false, so the right side is never evaluated
	sk := res.Skipped[0]
	require.NotNil(t, sk.Explanation)
	assert.Equal(t, "rule R07: IsNew (false) && (Requested > 5000000) → false → not fired", sk.Explanation.Text(lang.EN))
	// Explain off: no explanation
	res, err = p.Eval(&env, rules.EvalOptions{})
	require.NoError(t, err)
	assert.Nil(t, res.Fired[0].Explanation)
}

func TestEvalAll(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{one("R", "true", out("q", rules.TypeNumber, "Quantity * 2"))}})
	envs := make([]project, 200)
	for i := range envs {
		envs[i] = sample()
		envs[i].Quantity = i
	}
	for _, workers := range []int{1, 4} {
		res, err := p.EvalAll(context.Background(), envs, workers, rules.EvalOptions{})
		require.NoError(t, err)
		require.Len(t, res, len(envs))
		for i, r := range res {
			v, _ := r.Fired[0].Output("q")
			require.True(t, v.Decimal().Equal(decimal.NewFromInt(int64(2*i))), "env %d in order: got %s", i, v)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := p.EvalAll(ctx, envs, 2, rules.EvalOptions{})
	assert.ErrorIs(t, err, context.Canceled)
}

func TestConcurrentEval(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{
		one("R", "ExecutionRate < 0.5", out("reduce", rules.TypeMoney, "Requested * (0.5 - ExecutionRate)")),
	}})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				env := sample()
				env.Requested = decimal.NewFromInt(int64(1000 * (g*1000 + i)))
				res, err := p.Eval(&env, rules.EvalOptions{Explain: i%2 == 0})
				if !assert.NoError(t, err) || !assert.Len(t, res.Fired, 1) {
					return
				}
				v, _ := res.Fired[0].Output("reduce")
				// requested × 0.08
				want := env.Requested.Mul(d("0.08"))
				assert.True(t, v.Decimal().Equal(want), "got %s want %s", v.Decimal(), want)
			}
		}()
	}
	wg.Wait()
}

func TestParseSet(t *testing.T) {
	_, err := rules.ParseSet([]byte(`{"id":"s","rules":[{"id":"R1","when":"true","outputs":[{"name":"x","typ":"money","expr":"1"}]},{"id":"R2","when":"true","priorty":3}],"hitpolicy":"first"}`))
	errs := allErrs(t, err)
	var paths []string
	for _, e := range errs {
		assert.ErrorIs(t, e, rules.ErrInvalid)
		paths = append(paths, e.Field)
	}
	assert.Equal(t, []string{"hitpolicy", "rules[0].outputs[0].typ", "rules[1].priorty"}, paths)
	assert.Contains(t, errs[2].Error(), `did you mean "priority"?`)

	_, err = rules.ParseSet([]byte(`{"id":"s","rules":[{"id":"R1","when":"true"},{"id":"R1","when":"","effective_from":"2024-13-01"}]}`))
	errs = allErrs(t, err)
	paths = nil
	for _, e := range errs {
		paths = append(paths, e.Field)
	}
	assert.Equal(t, []string{"rules[1].id", "rules[1].when", "rules[1].effective_from"}, paths)

	s, err := rules.ParseSet([]byte(`{"id":"s","version":"1","hit_policy":"first","rules":[{"id":"R1","when":"true","tags":["a"]}]}`))
	require.NoError(t, err)
	assert.Equal(t, rules.HitFirst, s.HitPolicy)
}

func TestHash(t *testing.T) {
	a := &rules.Set{ID: "s", Rules: []rules.Rule{one("R", "true")}}
	on := true
	b := &rules.Set{ID: "s", HitPolicy: rules.HitCollect, Rules: []rules.Rule{{ID: "R", When: "true", Enabled: &on}}}
	c := &rules.Set{ID: "s", Rules: []rules.Rule{one("R", "false")}}
	assert.Len(t, a.Hash(), 64)
	assert.Equal(t, a.Hash(), b.Hash(), "defaults spelled out hash the same")
	assert.NotEqual(t, a.Hash(), c.Hash())

	// Sources document a set and decide nothing: the hash is the one
	// without them.
	src := &rules.Set{ID: "s", Sources: []string{"财预〔2020〕10号"}, Rules: []rules.Rule{one("R", "true")}}
	src.Rules[0].Source = "Beijing practice"
	assert.Equal(t, a.Hash(), src.Hash(), "sources are not part of the hash")
}

func TestPolicy(t *testing.T) {
	p, err := rules.ParsePolicy([]byte(`{"id":"2025","sets":[{"id":"exante","versions":[
		{"from":"2024-01-01","set":{"id":"exante","version":"v1","rules":[]}},
		{"from":"2025-07-01","set":{"id":"exante","version":"v2","rules":[]}}]}]}`))
	require.NoError(t, err)
	tests := []struct {
		asOf string
		want string
	}{{"2024-01-01", "v1"}, {"2025-06-30", "v1"}, {"2025-07-01", "v2"}, {"2030-01-01", "v2"}}
	for _, tt := range tests {
		asOf, _ := time.Parse("2006-01-02", tt.asOf)
		s, err := p.InForce("exante", asOf)
		require.NoError(t, err)
		assert.Equal(t, tt.want, s.Version, tt.asOf)
	}
	_, err = p.InForce("exante", time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC))
	assert.ErrorIs(t, err, rules.ErrNotInForce)
	_, err = p.InForce("exant", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	assert.ErrorIs(t, err, rules.ErrNotInForce)
	assert.Contains(t, err.Error(), `did you mean "exante"?`)
}

// The explanation is rendered lazily, but from the values the evaluation
// saw: changing the environment afterwards does not change it.
func TestExplainAfterMutation(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{
		one("R", "Budget.Approved < Requested && ExecutionRate < 0.5", out("cut", rules.TypeMoney, "Requested - Budget.Approved")),
		one("E", "round(Requested / (Quantity - 3), 2) > 0"),
	}})
	env := sample()
	res, err := p.Eval(&env, rules.EvalOptions{Explain: true})
	require.NoError(t, err)
	env.Requested, env.ExecutionRate, env.Budget.Approved = d("1"), d("0.9"), d("5")
	require.Len(t, res.Fired, 1)
	// 1,000,000 − 800,000 = 200,000
	assert.Equal(t, "rule R: (Budget.Approved (800000) < Requested (1000000) → true) && (ExecutionRate (0.42) < 0.5 → true) → true → fired; "+
		"cut = Requested (1000000) - Budget.Approved (800000) = 200000", res.Fired[0].Explanation.Text(lang.EN))
	require.Len(t, res.Skipped, 1)
	assert.Equal(t, rules.ReasonError, res.Skipped[0].Reason)
	assert.Equal(t, "rule E: round(Requested (1000000) / (Quantity (3) - 3 = 0)) > 0 → error: division by zero", res.Skipped[0].Explanation.Text(lang.EN))
}

func TestEvalSeq(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{one("R", "true", out("q", rules.TypeNumber, "Quantity + 1"))}})
	envs := func(n int) iter.Seq[*project] {
		return func(yield func(*project) bool) {
			for i := range n {
				e := sample()
				e.Quantity = i
				if !yield(&e) {
					return
				}
			}
		}
	}
	for _, workers := range []int{1, 3} {
		i := 0
		for res, err := range p.EvalSeq(context.Background(), envs(300), workers, rules.EvalOptions{}) {
			require.NoError(t, err)
			v, _ := res.Fired[0].Output("q")
			require.True(t, v.Decimal().Equal(decimal.NewFromInt(int64(i+1))), "result %d in order: got %s", i, v)
			i++
		}
		assert.Equal(t, 300, i)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var errs []error
	for _, err := range p.EvalSeq(ctx, envs(10), 2, rules.EvalOptions{}) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
}

func TestResultJSON(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Version: "1", Rules: []rules.Rule{
		one("R", "true", out("cut", rules.TypeMoney, "Requested * 0.1"), out("g", "grade", `"优"`)),
		one("E", "round(1 / (Quantity - 3), 2) > 0"),
	}})
	env := sample()
	res, err := p.Eval(&env, rules.EvalOptions{})
	require.NoError(t, err)
	b, err := json.Marshal(res)
	require.NoError(t, err)
	s := string(b)
	// 1,000,000 × 0.1 = 100000.0, kept exact as a string
	assert.Contains(t, s, `"outputs":[{"name":"cut","type":"money","value":"100000.0"},{"name":"g","type":"grade","value":"优"}]`)
	assert.Contains(t, s, `"reason":"error"`)
	assert.Contains(t, s, `"message":"division by zero"`)
	assert.Contains(t, s, `"hash":"`+p2hash(t)+`"`)
}

func p2hash(t *testing.T) string {
	t.Helper()
	return (&rules.Set{ID: "s", Version: "1", Rules: []rules.Rule{
		one("R", "true", out("cut", rules.TypeMoney, "Requested * 0.1"), out("g", "grade", `"优"`)),
		one("E", "round(1 / (Quantity - 3), 2) > 0"),
	}}).Hash()
}

func TestAsOf(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{
		one("late", `asOf() >= date("2024-08-31") && ExecutionRate < 0.6`, out("due", rules.TypeDate, "asOf()")),
	}})
	env := sample()
	res, err := p.Eval(&env, rules.EvalOptions{AsOf: time.Date(2024, 9, 1, 15, 0, 0, 0, time.UTC), Explain: true})
	require.NoError(t, err)
	require.Len(t, res.Fired, 1)
	v, _ := res.Fired[0].Output("due")
	assert.Equal(t, "2024-09-01", v.String())
	assert.Equal(t, `rule late: (asOf() = 2024-09-01 >= date("2024-08-31") → true) && (ExecutionRate (0.42) < 0.6 → true) → true → fired; due = asOf() = 2024-09-01`,
		res.Fired[0].Explanation.Text(lang.EN))
	res, err = p.Eval(&env, rules.EvalOptions{})
	require.NoError(t, err)
	require.Len(t, res.Errors, 1)
	assert.ErrorIs(t, res.Errors[0], rules.ErrMissingValue)
}

func TestEvalToReuses(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{
		one("A", "Quantity > 1", out("x", rules.TypeNumber, "Quantity * 2")),
		one("B", "Quantity > 5"),
	}})
	var res rules.Result
	for q := range 10 {
		env := sample()
		env.Quantity = q
		require.NoError(t, p.EvalTo(&res, &env, rules.EvalOptions{}))
		want, err := p.Eval(&env, rules.EvalOptions{})
		require.NoError(t, err)
		assert.Equal(t, fired(want), fired(res), "q=%d", q)
		assert.Equal(t, reasons(want), reasons(res), "q=%d", q)
		wj, _ := json.Marshal(want)
		gj, _ := json.Marshal(res)
		assert.JSONEq(t, string(wj), string(gj), "q=%d", q)
	}
	for q := range 8 { // explained, reusing the same result
		env := sample()
		env.Quantity = q
		require.NoError(t, p.EvalTo(&res, &env, rules.EvalOptions{Explain: true}))
		want, err := p.Eval(&env, rules.EvalOptions{Explain: true})
		require.NoError(t, err)
		require.Equal(t, len(want.Fired), len(res.Fired))
		for i := range want.Fired {
			assert.Equal(t, want.Fired[i].Explanation.Text(lang.EN), res.Fired[i].Explanation.Text(lang.EN))
		}
		for i := range want.Skipped {
			assert.Equal(t, want.Skipped[i].Explanation.Text(lang.EN), res.Skipped[i].Explanation.Text(lang.EN))
		}
	}
	env := sample()
	allocs := testing.AllocsPerRun(100, func() { _ = p.EvalTo(&res, &env, rules.EvalOptions{}) })
	assert.Zero(t, allocs, "EvalTo reuses storage")
	// nothing fires, then two rules do: the storage survives the empty result
	quiet, busy := sample(), sample()
	quiet.Quantity, busy.Quantity = 0, 7
	for _, o := range []rules.EvalOptions{{}, {FiredOnly: true}} {
		allocs = testing.AllocsPerRun(100, func() {
			_ = p.EvalTo(&res, &quiet, o)
			if res.Fired != nil {
				t.Fatal("fired on a quiet environment")
			}
			_ = p.EvalTo(&res, &busy, o)
			if len(res.Fired) != 2 {
				t.Fatal("not both rules fired")
			}
		})
		assert.Zero(t, allocs, "EvalTo reuses storage across empty results, %+v", o)
	}

	// One result filled by two programs in turn: each evaluation runs on
	// scratch state of its own program (the second has a group and a
	// local the first lacks).
	q := compile(t, &rules.Set{ID: "t", Rules: []rules.Rule{
		{ID: "G1", Group: "g", When: "let n = Quantity; n > 2", Outputs: []rules.Output{out("y", rules.TypeNumber, "Quantity + 1")}},
		{ID: "G2", Group: "g", When: "true"},
	}})
	for q2 := range 5 {
		env.Quantity = q2
		require.NoError(t, p.EvalTo(&res, &env, rules.EvalOptions{}))
		want, _ := p.Eval(&env, rules.EvalOptions{})
		assert.Equal(t, fired(want), fired(res), "p, q=%d", q2)
		require.NoError(t, q.EvalTo(&res, &env, rules.EvalOptions{}))
		want, _ = q.Eval(&env, rules.EvalOptions{})
		assert.Equal(t, fired(want), fired(res), "q, q=%d", q2)
	}
}

// A host function that panics fails its rule only.
func TestHostPanicIsolated(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{
		one("a", "true"),
		one("boom", "explode(Quantity) > 0"),
		one("b", "true"),
	}}, rules.WithFunction("explode", func(q int) int { panic("host bug") }))
	env := sample()
	res, err := p.Eval(&env, rules.EvalOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, fired(res))
	require.Len(t, res.Errors, 1)
	assert.ErrorIs(t, res.Errors[0], rules.ErrRuntime)
	assert.Equal(t, "boom", res.Errors[0].RuleID)
	assert.Equal(t, rules.ReasonError, reasons(res)["boom"])
}

type base struct {
	Amount decimal.Decimal
}

type detail struct {
	Approved *decimal.Decimal
}

type embedEnv struct {
	base
	*detail
	Note string
}

// Fields promoted from embedded structs (by value and by pointer) and
// pointer-to-decimal fields are read; a nil pointer is a missing value.
func TestEmbeddedAndPointerFields(t *testing.T) {
	p, err := rules.Compile[embedEnv](&rules.Set{ID: "s", Rules: []rules.Rule{
		one("R", "Amount > 100 && Approved < Amount", out("cut", rules.TypeMoney, "Amount - Approved")),
	}})
	require.NoError(t, err)
	a := d("90.5")
	env := embedEnv{base: base{Amount: d("120.25")}, detail: &detail{Approved: &a}}
	res, err := p.Eval(&env, rules.EvalOptions{})
	require.NoError(t, err)
	require.Len(t, res.Fired, 1)
	v, _ := res.Fired[0].Output("cut")
	// 120.25 − 90.5 = 29.75
	assert.True(t, v.Decimal().Equal(d("29.75")), "got %s", v.Decimal())
	env.detail.Approved = nil
	res, err = p.Eval(&env, rules.EvalOptions{})
	require.NoError(t, err)
	require.Len(t, res.Errors, 1)
	assert.ErrorIs(t, res.Errors[0], rules.ErrMissingValue)
	env.detail = nil
	res, err = p.Eval(&env, rules.EvalOptions{Explain: true})
	require.NoError(t, err)
	require.Len(t, res.Errors, 1)
	assert.ErrorIs(t, res.Errors[0], rules.ErrMissingValue)
	assert.Contains(t, res.Skipped[0].Explanation.Text(lang.EN), "→ error: missing value")
}

// One explanation rendered from many goroutines at once (run with -race).
func TestExplanationConcurrentRender(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{
		one("R", "ExecutionRate < 0.5", out("reduce", rules.TypeMoney, "Requested * (0.5 - ExecutionRate)")),
	}})
	env := sample()
	res, err := p.Eval(&env, rules.EvalOptions{Explain: true})
	require.NoError(t, err)
	x := res.Fired[0].Explanation
	texts := make([]string, 8)
	var wg sync.WaitGroup
	for i := range texts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			texts[i] = x.Text(lang.ZH)
		}()
	}
	wg.Wait()
	for _, s := range texts {
		assert.Equal(t, texts[0], s)
	}
	assert.Contains(t, texts[0], "ExecutionRate (0.42) < 0.5 → 是")
}

func TestParsePolicyPaths(t *testing.T) {
	_, err := rules.ParsePolicy([]byte(`{"id":"p","sets":[{"id":"a","versions":[
		{"from":"2024-01-01","set":{"id":"a","rules":[{"id":"R1","when":"true","priority":"high","enabeld":true}]}}]}],"descr":"x"}`))
	errs := allErrs(t, err)
	var paths []string
	for _, e := range errs {
		assert.ErrorIs(t, e, rules.ErrInvalid)
		paths = append(paths, e.Field)
	}
	assert.Equal(t, []string{"descr", "sets[0].versions[0].set.rules[0].enabeld", "sets[0].versions[0].set.rules[0].priority"}, paths)
	assert.Contains(t, errs[1].Error(), `did you mean "enabled"?`)
	assert.Contains(t, errs[2].Error(), `want a number, got "high"`)
}

func TestExplainUnary(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{one("R", "!IsNew && -Quantity < 0")}})
	env := sample()
	res, err := p.Eval(&env, rules.EvalOptions{Explain: true})
	require.NoError(t, err)
	// IsNew is false, so !IsNew is true; −3 < 0
	assert.Equal(t, "rule R: (!IsNew (false) → true) && ((-Quantity (3) = -3) < 0 → true) → true → fired",
		res.Fired[0].Explanation.Text(lang.EN))
}

// A field given twice in one object is an error at its path, not a silent
// last-wins: a rule with two "when" would otherwise run only the second.
func TestParseSetDuplicateFields(t *testing.T) {
	_, err := rules.ParseSet([]byte(`{"id":"s","rules":[{"id":"R1","when":"true"},
		{"id":"R2","when":"Amount > 0","when":"true","outputs":[{"name":"x","type":"money","expr":"1","expr":"2"}]}],"id":"t"}`))
	errs := allErrs(t, err)
	var got []string
	for _, e := range errs {
		assert.ErrorIs(t, e, rules.ErrInvalid)
		got = append(got, e.Error())
	}
	// In path order: "id" before "rules", rules[1].outputs before rules[1].when.
	assert.Equal(t, []string{
		`rules: id: invalid rule set: duplicate field "id"`,
		`rules: rules[1].outputs[0].expr: invalid rule set: duplicate field "expr"`,
		`rules: rules[1].when: invalid rule set: duplicate field "when"`,
	}, got)

	_, err = rules.ParsePolicy([]byte(`{"id":"p","sets":[],"sets":[]}`))
	errs = allErrs(t, err)
	require.Len(t, errs, 1)
	assert.Equal(t, "sets", errs[0].Field)
}

// A byte order mark is skipped; malformed JSON says line and column, the
// column in characters.
func TestParseSetBOMAndSyntax(t *testing.T) {
	s, err := rules.ParseSet([]byte("\xef\xbb\xbf{\"id\":\"s\",\"rules\":[]}"))
	require.NoError(t, err)
	assert.Equal(t, "s", s.ID)

	// Line 2 is `  "名称": x`: the x is character 9.
	_, err = rules.ParseSet([]byte("{\n  \"名称\": x}"))
	var re *rules.Error
	require.ErrorAs(t, err, &re)
	assert.ErrorIs(t, err, rules.ErrInvalid)
	assert.Equal(t, []int{2, 9}, []int{re.Line, re.Column})
	assert.Equal(t, "rules: 2:9: invalid rule set: invalid JSON: invalid character 'x' looking for beginning of value", err.Error())

	// Trailing data is malformed too: the second { is character 12.
	_, err = rules.ParseSet([]byte(`{"id":"s"} {}`))
	require.ErrorAs(t, err, &re)
	assert.Equal(t, []int{1, 12}, []int{re.Line, re.Column})
}

// Member names match as in every strict reader of the library
// (internal/strictjson, which performance.DecodeJSON shares): exactly, else
// but for case, as encoding/json matches them. Before issue 15 the rule-set
// reader matched exactly only, and "When" was an unknown field here while
// performance.DecodeJSON took "Amount".
func TestParseSetNamesMatchAsEverywhere(t *testing.T) {
	s, err := rules.ParseSet([]byte(`{"ID":"s","rules":[{"id":"R1","When":"true","outputs":[{"Name":"x","type":"money","expr":"1"}]}]}`))
	require.NoError(t, err)
	assert.Equal(t, "s", s.ID)
	assert.Equal(t, "true", s.Rules[0].When)
	assert.Equal(t, "x", s.Rules[0].Outputs[0].Name)

	// A bool of the wrong kind names what it wants.
	_, err = rules.ParseSet([]byte(`{"id":"s","rules":[{"id":"R1","when":"true","enabled":1}]}`))
	errs := allErrs(t, err)
	require.Len(t, errs, 1)
	assert.Equal(t, `rules: rules[0].enabled: invalid rule set: want true or false, got 1`, errs[0].Error())
}

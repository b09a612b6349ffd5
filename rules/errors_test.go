package rules_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/rules"
)

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

package rules_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/lang"
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

// allErrs returns the *rules.Error values joined in err.
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

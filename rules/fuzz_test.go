package rules_test

import (
	"errors"
	"testing"

	"github.com/jixiao-go/jixiao/internal/lang"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/rules"
)

var sentinels = []error{rules.ErrInvalid, rules.ErrSyntax, rules.ErrUnknownName, rules.ErrType, rules.ErrInexact,
	rules.ErrUnsupported, rules.ErrNondeterministic, rules.ErrLimit}

var runtimeSentinels = []error{rules.ErrDivisionByZero, rules.ErrMissingValue, rules.ErrMemoryBudget, rules.ErrLimit, rules.ErrRuntime}

// checkTyped asserts that every joined error is a *rules.Error wrapping
// one of the sentinels.
func checkTyped(t *testing.T, err error, want []error) {
	t.Helper()
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	for _, e := range errs {
		var re *rules.Error
		require.True(t, errors.As(e, &re), "untyped error %T: %v", e, e)
		known := false
		for _, s := range want {
			known = known || errors.Is(e, s)
		}
		require.True(t, known, "error wraps no sentinel: %v", e)
		require.NotContains(t, e.Error(), "internal error", "a panic was recovered: %v", e)
	}
}

// FuzzCompile compiles arbitrary rule text as a condition and as outputs
// of every type, then evaluates what compiles: it never panics, and every
// error is a typed *rules.Error.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		"ExecutionRate < 0.5", `Category == "信息化" && ExecutionRate < 0.5`, "Requested * 0.2",
		"round(Requested / Quantity, 2)", "(UnitCost - StandardUnitCost) * Quantity", `PriorGrade in ["中", "差"]`,
		`let s = ExecutionRate*40 + GoalCompletion*60; s >= 90 ? "优" : "差"`, "Budget.Approved > 1", "Ratio * 2 > 1",
		"percent(Budget.Approved, Requested, 2)", "clamp(ExecutionRate, 0, 1)", `date("2024-01-01") < Start`,
		"now()", "1 / 0", "div(1, 0, 2)", "[1, 2][0]", "{a: 1}.a", "Requested ** 2", "nil", "-Quantity", "!IsNew",
		`"a" + Category`, "1e400 > 1", "0x10 + 0b1", "len(Category)", "Requested == 1.0e-30",
		"if IsNew { 1 } else { 2 }", "Budget?.Approved", "all([1], # > 0)", "Ratio > Requested",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var rs []rules.Rule
		rs = append(rs, rules.Rule{ID: "when", When: src})
		for _, typ := range []rules.Type{rules.TypeMoney, rules.TypeNumber, rules.TypeString, rules.TypeBool, rules.TypeDate, "grade"} {
			rs = append(rs, rules.Rule{ID: "out-" + string(typ), When: "true", Outputs: []rules.Output{{Name: "x", Type: typ, Expr: src}}})
		}
		for _, r := range rs {
			s := &rules.Set{ID: "fuzz", Rules: []rules.Rule{r}}
			p, err := rules.Compile[project](s, rules.WithType("grade", parseGrade), rules.WithLimits(rules.Limits{MemoryBudget: 1 << 12}))
			if err != nil {
				checkTyped(t, err, sentinels)
				continue
			}
			for _, env := range []project{sample(), {}} {
				for _, explain := range []bool{false, true} {
					res, err := p.Eval(&env, rules.EvalOptions{Explain: explain})
					require.NoError(t, err)
					for _, e := range res.Errors {
						checkTyped(t, e, runtimeSentinels)
					}
					for _, fd := range res.Fired {
						for _, v := range fd.Outputs {
							_ = v.String()
						}
						if fd.Explanation != nil {
							_ = fd.Explanation.Text(lang.ZH)
							_ = fd.Explanation.Steps()
						}
					}
				}
			}
		}
	})
}

// FuzzParseSet decodes arbitrary JSON as a rule set: it never panics, every
// error is typed, and a set that parses re-encodes with a stable hash.
func FuzzParseSet(f *testing.F) {
	f.Add(`{"id":"s","rules":[{"id":"R1","when":"true","outputs":[{"name":"x","type":"money","expr":"1"}]}]}`)
	f.Add(`{"id":"s","hit_policy":"first","rules":[{"id":"R1","when":"x","effective_from":"2024-01-01","enabled":false}]}`)
	f.Add(`{"id":"s","rules":[{"id":"R1","when":"true","priorty":1}],"x":1}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, data string) {
		s, err := rules.ParseSet([]byte(data))
		if err != nil {
			checkTyped(t, err, sentinels)
			return
		}
		require.Len(t, s.Hash(), 64)
		require.Equal(t, s.Hash(), s.Hash())
	})
}

// FuzzExactMatchesDecimal evaluates money expressions on fuzzed decimal
// fields, including ones too large for the int64 fast path, and compares
// every output with shopspring decimal arithmetic done by hand.
func FuzzExactMatchesDecimal(f *testing.F) {
	f.Add(int64(12050), int32(-2), int64(10000), int32(-2), int64(4200), 3)
	f.Add(int64(9000000000000000000), int32(0), int64(-1), int32(-18), int64(1), 200)
	f.Add(int64(1), int32(-30), int64(5), int32(20), int64(-9999), -7)
	f.Fuzz(func(t *testing.T, uc int64, ue int32, sc int64, se int32, rc int64, qty int) {
		ue, se = ue%30, se%30
		env := sample()
		env.UnitCost, env.StandardUnitCost = decimal.New(uc, ue), decimal.New(sc, se)
		env.ExecutionRate = decimal.New(rc, -4)
		env.Quantity = qty
		p := compile(t, &rules.Set{ID: "s", Rules: []rules.Rule{one("R", "true",
			out("cut", rules.TypeMoney, "(UnitCost - StandardUnitCost) * Quantity"),
			out("share", rules.TypeMoney, "UnitCost * (0.5 - ExecutionRate) + StandardUnitCost * 0.2"),
			out("r", rules.TypeMoney, "round(UnitCost * ExecutionRate, 2)"),
			out("lt", rules.TypeBool, "UnitCost < StandardUnitCost"),
			out("m", rules.TypeMoney, "max(UnitCost, StandardUnitCost) - min(UnitCost, StandardUnitCost)"),
		)}})
		res, err := p.Eval(&env, rules.EvalOptions{})
		require.NoError(t, err)
		require.Empty(t, res.Errors)
		require.Len(t, res.Fired, 1)
		u, s, r := env.UnitCost, env.StandardUnitCost, env.ExecutionRate
		q := decimal.NewFromInt(int64(qty))
		want := map[string]decimal.Decimal{
			"cut":   u.Sub(s).Mul(q),
			"share": u.Mul(d("0.5").Sub(r)).Add(s.Mul(d("0.2"))),
			"r":     u.Mul(r).Round(2),
			"m":     decimal.Max(u, s).Sub(decimal.Min(u, s)),
		}
		for name, w := range want {
			v, ok := res.Fired[0].Output(name)
			require.True(t, ok)
			require.True(t, v.Decimal().Equal(w), "%s: got %s want %s", name, v.Decimal(), w)
			require.Equal(t, w.Exponent(), v.Decimal().Exponent(), "%s: exponent", name)
		}
		lt, _ := res.Fired[0].Output("lt")
		require.Equal(t, u.LessThan(s), lt.Bool())
	})
}

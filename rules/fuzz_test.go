package rules_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/rules"
)

var sentinels = []error{rules.ErrInvalid, rules.ErrSyntax, rules.ErrUnknownName, rules.ErrType, rules.ErrInexact,
	rules.ErrUnsupported, rules.ErrNondeterministic, rules.ErrLimit}

var runtimeSentinels = []error{rules.ErrDivisionByZero, rules.ErrMissingValue, rules.ErrMemoryBudget, rules.ErrRuntime}

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
							_ = fd.Explanation.Text(rules.LangChinese)
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

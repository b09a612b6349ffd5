package rules

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestEvalScratchKeepsNoCallerMemory checks that after every Eval the
// program's pooled scratch refers to none of the caller's memory: no
// output slot holds a string's bytes or a wide decimal. releaseScratch
// drops only the fired rules' slots, so the slots of a rule that failed
// after setting some outputs (a division by zero, a host function
// panicking) must have been dropped when it failed; the rules here set a
// caller's string and a wide decimal before failing, and the environments
// take every path in turn.
func TestEvalScratchKeepsNoCallerMemory(t *testing.T) {
	type env struct {
		Q    int
		Name string
		Big  decimal.Decimal
	}
	s := &Set{ID: "scratch", Rules: []Rule{
		{ID: "fires", When: "Q > 0", Outputs: []Output{{Name: "n", Type: TypeString, Expr: "Name"}, {Name: "b", Type: TypeMoney, Expr: "Big"}}},
		{ID: "fails", When: "Q > 1", Outputs: []Output{{Name: "n", Type: TypeString, Expr: "Name"}, {Name: "b", Type: TypeMoney, Expr: "Big"},
			{Name: "x", Type: TypeNumber, Expr: "div(1, Q - 2, 2)"}}},
		{ID: "panics", When: "Q > 2", Outputs: []Output{{Name: "n", Type: TypeString, Expr: "Name"}, {Name: "b", Type: TypeMoney, Expr: "Big"},
			{Name: "x", Type: TypeNumber, Expr: "boom(Q)"}}},
	}}
	p, err := Compile[env](s, WithFunction("boom", func(q int) int {
		if q == 3 {
			panic("host bug")
		}
		return q
	}))
	require.NoError(t, err)
	wide := decimal.RequireFromString("123456789012345678901234567890.5")
	for _, q := range []int{0, 1, 2, 3, 4, 2, 3, 1} {
		for _, o := range []EvalOptions{{}, {FiredOnly: true}, {Explain: true}} {
			e := env{Q: q, Name: string([]byte{'p', byte('0' + q)}), Big: wide}
			res, err := p.Eval(&e, o)
			require.NoError(t, err)
			require.Equal(t, q >= 2 && q <= 3, len(res.Errors) == 1, "Q=%d: a rule failed", q)
			f := p.p.spare.Load()
			require.NotNil(t, f, "the spare frame")
			for k, v := range f.scratch.values[:cap(f.scratch.values)] {
				require.Nil(t, v.x, "Q=%d %+v: slot %d refers to the caller's memory", q, o, k)
			}
			require.Nil(t, f.env, "Q=%d: the environment", q)
		}
	}
}

package rules_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/expr-lang/expr"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/rules"
)

// diffEnv is an environment both engines read: floats, bools and strings,
// the types on which rules computes what expr computes.
type diffEnv struct {
	A, B, C float64
	X, Y    bool
	S, T    string
}

// diffGen builds expressions over diffEnv in the syntax both engines share,
// leaving out the constructs where rules differs from expr by design:
//
//   - numbers computed from literals alone: in rules they are exact
//     numbers (1 + 2 is 3 exactly, 1 / 2 must name its rounding), and an
//     exact number next to a float field is a compile error (ErrInexact);
//     a literal is only ever an operand next to a float expression, where
//     rules reads it as a float too;
//   - division by anything but a non-zero literal: rules reports a
//     division by zero (ErrDivisionByZero) where Go floats give ±Inf or NaN;
//   - len(s) next to a float: len is an exact number in rules;
//   - min and max where an operand may be NaN: rules follows Go's min and
//     max (a NaN operand gives NaN, whatever the order), expr keeps the
//     first operand unless a comparison with it holds, so its result
//     depends on the order. min and max are generated only when every
//     field is finite and at most 1e6 in magnitude: then no sub-expression
//     overflows (at most 32 factors of 1e6) and none is NaN.
type diffGen struct {
	b      []byte
	i      int
	minmax bool // min and max may be generated
}

func (g *diffGen) next() int {
	if g.i >= len(g.b) {
		return 0
	}
	g.i++
	return int(g.b[g.i-1])
}

var (
	diffLits    = []string{"0", "1", "2", "-3", "0.5", "2.5", "100", "1e3", "0.1"}
	diffDivisor = []string{"1", "2", "-4", "0.5", "10", "3"}
	diffStrs    = []string{`""`, `"a"`, `"信息化"`, `"ab"`, `"b"`}
)

func (g *diffGen) float(depth int) string {
	if depth > 4 {
		return []string{"A", "B", "C"}[g.next()%3]
	}
	f := func() string { return g.float(depth + 1) }
	lit := func() string { return diffLits[g.next()%len(diffLits)] }
	ops := []string{"+", "-", "*"}
	switch g.next() % 11 {
	case 0, 1:
		return []string{"A", "B", "C"}[g.next()%3]
	case 2:
		return "(" + f() + " " + ops[g.next()%3] + " " + f() + ")"
	case 3:
		return "(" + f() + " " + ops[g.next()%3] + " " + lit() + ")"
	case 4:
		return "(" + lit() + " " + ops[g.next()%3] + " " + f() + ")"
	case 5:
		return "(" + f() + " / " + diffDivisor[g.next()%len(diffDivisor)] + ")"
	case 6:
		return "-" + f()
	case 7:
		return "abs(" + f() + ")"
	case 8:
		if !g.minmax {
			return "(" + f() + " - " + f() + ")"
		}
		return []string{"min", "max"}[g.next()%2] + "(" + f() + ", " + f() + ")"
	case 9:
		return "(" + g.bool(depth+1) + " ? " + f() + " : " + f() + ")"
	default:
		return "(" + f() + " " + ops[g.next()%3] + " " + f() + ")"
	}
}

func (g *diffGen) str(depth int) string {
	if depth > 4 {
		return []string{"S", "T"}[g.next()%2]
	}
	switch g.next() % 6 {
	case 0, 1:
		return []string{"S", "T"}[g.next()%2]
	case 2:
		return diffStrs[g.next()%len(diffStrs)]
	case 3:
		return "(" + g.str(depth+1) + " + " + g.str(depth+1) + ")"
	case 4:
		return "(" + g.bool(depth+1) + " ? " + g.str(depth+1) + " : " + g.str(depth+1) + ")"
	default:
		return "(" + g.str(depth+1) + " + " + diffStrs[g.next()%len(diffStrs)] + ")"
	}
}

func (g *diffGen) bool(depth int) string {
	if depth > 4 {
		return []string{"X", "Y", "true", "false"}[g.next()%4]
	}
	cmps := []string{"<", ">", "<=", ">=", "==", "!="}
	switch g.next() % 14 {
	case 0:
		return []string{"X", "Y", "true", "false"}[g.next()%4]
	case 1:
		return []string{"!", "not "}[g.next()%2] + g.bool(depth+1)
	case 2:
		return "(" + g.bool(depth+1) + " " + []string{"&&", "||", "and", "or"}[g.next()%4] + " " + g.bool(depth+1) + ")"
	case 3, 4:
		return "(" + g.float(depth+1) + " " + cmps[g.next()%6] + " " + g.float(depth+1) + ")"
	case 5:
		return "(" + g.float(depth+1) + " " + cmps[g.next()%6] + " " + diffLits[g.next()%len(diffLits)] + ")"
	case 6:
		return "(" + g.str(depth+1) + " " + []string{"==", "!="}[g.next()%2] + " " + g.str(depth+1) + ")"
	case 7:
		return "(" + g.str(depth+1) + " " + []string{"contains", "startsWith", "endsWith"}[g.next()%3] + " " + g.str(depth+1) + ")"
	case 8:
		return "(" + g.str(depth+1) + ` in ["a", "信息化", ""])`
	case 9:
		return "(" + g.float(depth+1) + " in [0, 1, 2.5])"
	case 10:
		return "(len(" + g.str(depth+1) + ") " + cmps[g.next()%6] + " " + []string{"0", "1", "2", "3"}[g.next()%4] + ")"
	case 11:
		return "(" + g.bool(depth+1) + " " + []string{"==", "!="}[g.next()%2] + " " + g.bool(depth+1) + ")"
	case 12:
		if g.next()%2 == 0 {
			return "(if " + g.bool(depth+1) + " { " + g.bool(depth+1) + " } else { " + g.bool(depth+1) + " })"
		}
		return "(" + g.bool(depth+1) + " ? " + g.bool(depth+1) + " : " + g.bool(depth+1) + ")"
	default:
		return "(" + g.str(depth+1) + " " + cmps[g.next()%6] + " " + g.str(depth+1) + ")"
	}
}

// FuzzDiffExpr evaluates the same source with expr's own VM and with rules,
// as a condition, a string output and a number output: both give the same
// value, or both an error.
func FuzzDiffExpr(f *testing.F) {
	f.Add([]byte{3, 2, 0, 1}, 0.42, -1.5, 1e10, true, false, "信息化", "ab")
	f.Add([]byte{9, 5, 3, 7, 1, 8, 2}, 0.0, 0.0, math.Copysign(0, -1), false, true, "", "a")
	f.Add([]byte{2, 0, 4, 6, 10, 13, 1}, math.NaN(), math.Inf(1), 3.0, true, true, "a", "")
	f.Add([]byte{13, 7, 3, 2, 4, 4, 1, 5}, 1e308, 1e308, 5e-324, false, false, "b", "ab")
	f.Add([]byte{2, 8, 0, 0, 1, 8, 1, 1}, -90.0, 12.5, 1e6, false, false, "b", "ab") // min and max
	f.Fuzz(func(t *testing.T, prog []byte, a, b, c float64, x, y bool, s, tt string) {
		env := diffEnv{A: a, B: b, C: c, X: x, Y: y, S: s, T: tt}
		tame := func(v float64) bool { return math.Abs(v) <= 1e6 } // false for NaN
		g := &diffGen{b: prog, minmax: tame(a) && tame(b) && tame(c)}
		kind := g.next() % 3
		var src string
		var typ rules.Type
		switch kind {
		case 0:
			src = g.bool(0)
		case 1:
			src, typ = g.str(0), rules.TypeString
		default:
			src, typ = g.float(0), rules.TypeNumber
		}
		want, werr := runExpr(src, env)
		rule := rules.Rule{ID: "R", When: src}
		if kind != 0 {
			rule = rules.Rule{ID: "R", When: "true", Outputs: []rules.Output{{Name: "v", Type: typ, Expr: src}}}
		}
		p, err := rules.Compile[diffEnv](&rules.Set{ID: "s", Rules: []rules.Rule{rule}})
		if err != nil {
			require.Error(t, werr, "rules: %v\nexpr gives %v for %s", err, want, src)
			return
		}
		res, err := p.Eval(&env, rules.EvalOptions{})
		require.NoError(t, err)
		if kind == 2 && werr == nil {
			if w, ok := want.(float64); ok && (math.IsNaN(w) || math.IsInf(w, 0)) {
				// By design an exact number has no NaN or infinity: turning
				// such a float into a number output is a runtime error.
				require.Len(t, res.Errors, 1, "%s gives %v", src, w)
				require.ErrorIs(t, res.Errors[0], rules.ErrRuntime)
				require.NotContains(t, res.Errors[0].Error(), "internal error", "a panic was recovered")
				require.Positive(t, res.Errors[0].Column, "positioned")
				return
			}
		}
		if len(res.Errors) > 0 {
			require.Error(t, werr, "rules: %v\nexpr gives %v for %s", res.Errors[0], want, src)
			return
		}
		require.NoError(t, werr, "rules succeeds on %s", src)
		var got any
		switch kind {
		case 0:
			got = len(res.Fired) == 1
		case 1:
			v, _ := res.Fired[0].Output("v")
			got = v.String()
		default:
			v, _ := res.Fired[0].Output("v")
			w, ok := want.(float64)
			if !ok {
				w = float64(want.(int))
			}
			require.True(t, v.Decimal().Equal(decimal.NewFromFloat(w)), "%s: rules %s, expr %v", src, v, w)
			return
		}
		require.Equal(t, want, got, "%s", src)
	})
}

// runExpr compiles and runs src with expr itself, recovering a panic as an
// error.
func runExpr(src string, env diffEnv) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	prog, err := expr.Compile(src, expr.Env(env))
	if err != nil {
		return nil, err
	}
	v, err = expr.Run(prog, env)
	if s, ok := v.(string); ok && err == nil {
		return strings.Clone(s), nil
	}
	return v, err
}

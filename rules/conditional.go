package rules

import (
	"fmt"
	"math"

	"github.com/expr-lang/expr/ast"
	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/decexpr"
)

// ---- conditional ----

func (c *compiler) conditional(n *ast.ConditionalNode, w *want) (cnode, *posError) {
	cond, err := c.compile(n.Cond)
	if err != nil {
		return cnode{}, err
	}
	if cond.t.k != kBool {
		return cnode{}, errAt(n.Cond, ErrType, "condition is %s, want bool", cond.t)
	}
	var a, b cnode
	if w != nil {
		if a, err = c.compileTo(n.Exp1, *w); err != nil {
			return cnode{}, err
		}
		if b, err = c.compileTo(n.Exp2, *w); err != nil {
			return cnode{}, err
		}
	} else {
		if a, err = c.compile(n.Exp1); err != nil {
			return cnode{}, err
		}
		if b, err = c.compile(n.Exp2); err != nil {
			return cnode{}, err
		}
	}
	if a, b, err = c.unifyPair(n, n.Exp1, n.Exp2, a, b); err != nil {
		return cnode{}, err
	}
	if a.t != b.t {
		return cnode{}, errAt(n, ErrType, "branches differ: %s and %s", a.t, b.t)
	}
	cf := cond.fn.(boolFn)
	out := cnode{t: a.t, idx: c.node(exNode{kind: exCond, kids: []int{cond.idx, a.idx, b.idx}, t: a.t})}
	switch af := a.fn.(type) {
	case boolFn:
		out.fn = boolFn(choose(cf, af, b.fn.(boolFn)))
	case numFn:
		out.fn = numFn(choose(cf, af, b.fn.(numFn)))
	case floatFn:
		out.fn = floatFn(choose(cf, af, b.fn.(floatFn)))
	case strFn:
		out.fn = strFn(choose(cf, af, b.fn.(strFn)))
	case intFn:
		out.fn = intFn(choose(cf, af, b.fn.(intFn)))
	}
	return c.rec(out), nil
}

// ---- wanted types (outputs) ----

// want is the type an output declares.
type want struct {
	name Type
	k    kind
	ct   *customType
}

// compileTo compiles n where a value of type w is wanted, pushing the
// wanted type into conditionals and lets so that string literals become
// registered-type values and numeric literals exact numbers.
func (c *compiler) compileTo(n ast.Node, w want) (cnode, *posError) {
	switch x := n.(type) {
	case *ast.ConditionalNode:
		return c.conditional(x, &w)
	case *ast.VariableDeclaratorNode:
		return c.let(x, &w)
	}
	v, err := c.compile(n)
	if err != nil {
		return cnode{}, err
	}
	if w.ct != nil {
		if v.t.ct == w.ct {
			return v, nil
		}
		if v.lit && v.t.k == kString {
			return c.coerceLit(n, v, w.ct)
		}
		if v.t.k == kString && v.t.ct == nil { // parse at evaluation time
			ct, sf, at := w.ct, v.fn.(strFn), n.Location().From
			if ct.k == kString {
				v.fn = strFn(func(f *frame) string {
					s := sf(f)
					x, err := ct.parse(s)
					if err != nil {
						f.fail(at, fmt.Errorf("%w: %q is not a valid %s: %v", ErrRuntime, s, ct.name, err))
						return ""
					}
					k, _ := ct.key(x)
					return k
				})
			} else {
				v.fn = intFn(func(f *frame) int64 {
					s := sf(f)
					x, err := ct.parse(s)
					if err != nil {
						f.fail(at, fmt.Errorf("%w: %q is not a valid %s: %v", ErrRuntime, s, ct.name, err))
						return 0
					}
					_, k := ct.key(x)
					return k
				})
			}
			v.t = typ{k: ct.k, ct: ct}
			return v, nil
		}
		return cnode{}, errAt(n, ErrType, "output is %s, want %s", v.t, w.name)
	}
	switch {
	case v.t.k == w.k && (v.t.ct == nil || w.k == kString):
		return v, nil
	case w.k == kNum && v.t.k == kFloat && w.name == TypeMoney:
		return cnode{}, errAt(n, ErrInexact, "a money output cannot be computed from a float")
	case w.k == kNum && v.t.k == kFloat:
		ff := v.fn.(floatFn)
		at := n.Location().From
		v.fn = numFn(func(f *frame) decexpr.Num {
			x := ff(f)
			if math.IsNaN(x) || math.IsInf(x, 0) { // NewFromFloat would panic
				f.fail(at, fmt.Errorf("%w: %v is not a finite number", ErrRuntime, x))
				return decexpr.Num{}
			}
			return decexpr.FromDecimal(decimal.NewFromFloat(x))
		})
		v.t = typ{k: kNum}
		return v, nil
	}
	return cnode{}, errAt(n, ErrType, "output is %s, want %s", v.t, w.name)
}

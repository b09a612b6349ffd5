package rules

import (
	"strings"
	"unsafe"

	"github.com/expr-lang/expr/ast"

	"github.com/jixiao-go/jixiao/internal/decexpr"
)

// ---- operators ----

func (c *compiler) unary(n *ast.UnaryNode) (cnode, *posError) {
	x, err := c.compile(n.Node)
	if err != nil {
		return cnode{}, err
	}
	out := cnode{t: x.t, idx: c.node(exNode{kind: exUnary, op: n.Operator, kids: []int{x.idx}, t: x.t})}
	switch {
	case (n.Operator == "!" || n.Operator == "not") && x.t.k == kBool:
		fn := x.fn.(boolFn)
		out.fn = boolFn(func(f *frame) bool { return !fn(f) })
		if x.direct {
			off := x.off
			out.fn = boolFn(func(f *frame) bool { return !*(*bool)(unsafe.Add(f.env, off)) })
		}
	case n.Operator == "-" && x.t.k == kNum && x.t.ct == nil:
		fn := x.fn.(numFn)
		if x.lit {
			v := decexpr.Neg(fn(nil))
			lit := c.numLit(n, v, -x.litF)
			c.nodes[lit.idx].text = "-" + c.nodes[x.idx].text
			return lit, nil
		}
		at := n.Location().From
		out.fn = numFn(func(f *frame) decexpr.Num { return f.neg(at, fn(f)) })
	case n.Operator == "-" && x.t.k == kFloat:
		fn := x.fn.(floatFn)
		out.fn = floatFn(func(f *frame) float64 { return -fn(f) })
	case n.Operator == "+" && (x.t.k == kNum || x.t.k == kFloat) && x.t.ct == nil:
		return x, nil
	default:
		return cnode{}, errAt(n, ErrType, "operator %s cannot be applied to %s", n.Operator, x.t)
	}
	return c.rec(out), nil
}

// unifyNum makes two numeric operands the same kind: a literal next to a
// float becomes a float; an exact number next to a float is an error.
// unifyPair brings the two operands of a binary operator or the two
// branches of a conditional to one type: numbers to a common numeric kind,
// and a string literal next to a registered type (such as a grade) parsed
// as that type. ln and rn are the operands' nodes, for error positions.
func (c *compiler) unifyPair(n, ln, rn ast.Node, l, r cnode) (cnode, cnode, *posError) {
	var err *posError
	if isNumeric(l.t) && isNumeric(r.t) {
		if l, r, err = c.unifyNum(n, l, r); err != nil {
			return l, r, err
		}
	}
	switch {
	case l.t.ct != nil && r.t.ct == nil && r.lit && r.t.k == kString:
		r, err = c.coerceLit(rn, r, l.t.ct)
	case r.t.ct != nil && l.t.ct == nil && l.lit && l.t.k == kString:
		l, err = c.coerceLit(ln, l, r.t.ct)
	}
	return l, r, err
}

func (c *compiler) unifyNum(n ast.Node, l, r cnode) (cnode, cnode, *posError) {
	if l.t.k == r.t.k {
		return l, r, nil
	}
	switch {
	case l.t.k == kFloat && r.lit:
		return l, c.asFloat(r), nil
	case r.t.k == kFloat && l.lit:
		return c.asFloat(l), r, nil
	case l.t.k == kFloat && r.t.k == kNum || l.t.k == kNum && r.t.k == kFloat:
		fl, ex := l, r
		if r.t.k == kFloat {
			fl, ex = r, l
		}
		return l, r, errAt(n, ErrInexact, "cannot mix the exact number %s with the float %s; make %s a decimal.Decimal",
			c.describe(ex), c.describe(fl), c.describe(fl))
	}
	return l, r, nil
}

func (c *compiler) describe(n cnode) string {
	x := c.nodes[n.idx]
	if x.kind == exName || x.kind == exLit {
		return x.text
	}
	return "expression"
}

func (c *compiler) binary(n *ast.BinaryNode) (cnode, *posError) {
	switch n.Operator {
	case "and", "&&", "or", "||":
		return c.logical(n)
	case "in":
		return c.in(n)
	case "/":
		return c.divide(n, nil)
	}
	l, err := c.compile(n.Left)
	if err != nil {
		return cnode{}, err
	}
	r, err := c.compile(n.Right)
	if err != nil {
		return cnode{}, err
	}
	if l, r, err = c.unifyPair(n, n.Left, n.Right, l, r); err != nil {
		return cnode{}, err
	}
	op := n.Operator
	out := cnode{idx: c.node(exNode{kind: exBinary, op: op, kids: []int{l.idx, r.idx}})}
	mismatch := func() *posError {
		return errAt(n, ErrType, "operator %s cannot combine %s and %s", op, l.t, r.t)
	}
	if l.t != r.t {
		return cnode{}, mismatch()
	}
	switch op {
	case "==", "!=", "<", ">", "<=", ">=":
		out.t = typ{k: kBool}
		fn := compare(op, l, r, n.Location().From)
		if fn == nil {
			return cnode{}, mismatch()
		}
		out.fn = fn
	case "+", "-", "*":
		out.t = l.t
		switch {
		case l.t.k == kNum && l.t.ct == nil:
		case l.t.k == kFloat:
		case l.t.k == kString && l.t.ct == nil && op == "+":
		default:
			return cnode{}, mismatch()
		}
		out.fn = arith(op, l, r, n.Location().From)
	case "contains", "startsWith", "endsWith":
		if l.t.k != kString {
			return cnode{}, mismatch()
		}
		out.t = typ{k: kBool}
		lf, rf := l.fn.(strFn), r.fn.(strFn)
		var g func(string, string) bool
		switch op {
		case "contains":
			g = strings.Contains
		case "startsWith":
			g = strings.HasPrefix
		default:
			g = strings.HasSuffix
		}
		out.fn = boolFn(func(f *frame) bool { return g(lf(f), rf(f)) })
	case "%", "**", "^":
		return cnode{}, errAt(n, ErrUnsupported, "operator %s is not supported; use round, div or percent", op)
	default:
		return cnode{}, errAt(n, ErrUnsupported, "operator %s is not supported", op)
	}
	c.nodes[out.idx].t = out.t
	return c.rec(out), nil
}

func isNumeric(t typ) bool { return t.ct == nil && (t.k == kNum || t.k == kFloat) }

func arith(op string, l, r cnode, at int) any {
	switch l.t.k {
	case kNum:
		lf, rf := l.fn.(numFn), r.fn.(numFn)
		if fn := arithConst(op, l, r, at); fn != nil {
			return fn
		}
		// The fast-path checks are written out in each closure: a call
		// more per operation would cost the hot path several percent.
		switch op {
		case "+":
			return numFn(func(f *frame) decexpr.Num {
				a, b := lf(f), rf(f)
				if fast(a, b) {
					return f.small(at, decexpr.Add(a, b))
				}
				return f.addSlow(at, a, b, false)
			})
		case "-":
			return numFn(func(f *frame) decexpr.Num {
				a, b := lf(f), rf(f)
				if fast(a, b) {
					return f.small(at, decexpr.Sub(a, b))
				}
				return f.addSlow(at, a, b, true)
			})
		default:
			return numFn(func(f *frame) decexpr.Num {
				a, b := lf(f), rf(f)
				if !a.Wide() && !b.Wide() {
					if v := decexpr.Mul(a, b); inRange(v) {
						return v
					}
				}
				return f.mul(at, a, b)
			})
		}
	case kFloat:
		lf, rf := l.fn.(floatFn), r.fn.(floatFn)
		switch op {
		case "+":
			return floatFn(func(f *frame) float64 { return lf(f) + rf(f) })
		case "-":
			return floatFn(func(f *frame) float64 { return lf(f) - rf(f) })
		default:
			return floatFn(func(f *frame) float64 { return lf(f) * rf(f) })
		}
	}
	lf, rf := l.fn.(strFn), r.fn.(strFn)
	return strFn(func(f *frame) string {
		a, b := lf(f), rf(f)
		f.charge(at, len(a)+len(b))
		if f.err != nil {
			return ""
		}
		return a + b
	})
}

// arithConst specialises exact arithmetic with a literal operand, saving a
// closure call.
func arithConst(op string, l, r cnode, at int) numFn {
	if l.lit == r.lit {
		return nil
	}
	var x numFn
	var k decexpr.Num
	if l.lit {
		x, k = r.fn.(numFn), l.fn.(numFn)(nil)
	} else {
		x, k = l.fn.(numFn), r.fn.(numFn)(nil)
	}
	w := window(k)
	switch {
	case op == "*": // commutative: literal on either side
		if k.Wide() {
			return func(f *frame) decexpr.Num { return f.mul(at, x(f), k) }
		}
		return func(f *frame) decexpr.Num {
			a := x(f)
			if !a.Wide() {
				if v := decexpr.Mul(a, k); inRange(v) {
					return v
				}
			}
			return f.mul(at, a, k)
		}
	case op == "+":
		return func(f *frame) decexpr.Num {
			a := x(f)
			if w.fits(a) {
				return f.small(at, decexpr.Add(a, k))
			}
			return f.addSlow(at, a, k, false)
		}
	case op == "-" && r.lit:
		return func(f *frame) decexpr.Num {
			a := x(f)
			if w.fits(a) {
				return f.small(at, decexpr.Sub(a, k))
			}
			return f.addSlow(at, a, k, true)
		}
	case op == "-":
		return func(f *frame) decexpr.Num {
			a := x(f)
			if w.fits(a) {
				return f.small(at, decexpr.Sub(k, a))
			}
			return f.addSlow(at, k, a, true)
		}
	}
	return nil
}

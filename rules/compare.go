package rules

import (
	"cmp"
	"slices"
	"strings"
	"unsafe"

	"github.com/expr-lang/expr/ast"

	"github.com/jixiao-go/jixiao/internal/decexpr"
)

func cmpResult(op string, c int) bool {
	switch op {
	case "==":
		return c == 0
	case "!=":
		return c != 0
	case "<":
		return c < 0
	case ">":
		return c > 0
	case "<=":
		return c <= 0
	}
	return c >= 0
}

func compare(op string, l, r cnode, at int) any {
	ordered := op != "==" && op != "!="
	if fn := compareConst(op, l, r, at); fn != nil {
		return fn
	}
	switch l.t.k {
	case kNum:
		lf, rf := l.fn.(numFn), r.fn.(numFn)
		switch op { // specialised for speed: the hot path of most rules
		case "<":
			return boolFn(func(f *frame) bool {
				a, b := lf(f), rf(f)
				if fast(a, b) {
					return decexpr.Cmp(a, b) < 0
				}
				return f.cmpSlow(at, a, b) < 0
			})
		case ">":
			return boolFn(func(f *frame) bool {
				a, b := lf(f), rf(f)
				if fast(a, b) {
					return decexpr.Cmp(a, b) > 0
				}
				return f.cmpSlow(at, a, b) > 0
			})
		case "<=":
			return boolFn(func(f *frame) bool {
				a, b := lf(f), rf(f)
				if fast(a, b) {
					return decexpr.Cmp(a, b) <= 0
				}
				return f.cmpSlow(at, a, b) <= 0
			})
		case ">=":
			return boolFn(func(f *frame) bool {
				a, b := lf(f), rf(f)
				if fast(a, b) {
					return decexpr.Cmp(a, b) >= 0
				}
				return f.cmpSlow(at, a, b) >= 0
			})
		case "==":
			return boolFn(func(f *frame) bool {
				a, b := lf(f), rf(f)
				if fast(a, b) {
					return decexpr.Cmp(a, b) == 0
				}
				return f.cmpSlow(at, a, b) == 0
			})
		}
		return boolFn(func(f *frame) bool {
			a, b := lf(f), rf(f)
			if fast(a, b) {
				return decexpr.Cmp(a, b) != 0
			}
			return f.cmpSlow(at, a, b) != 0
		})
	case kFloat:
		lf, rf := l.fn.(floatFn), r.fn.(floatFn)
		return boolFn(func(f *frame) bool {
			a, b := lf(f), rf(f)
			c := 0
			if a < b {
				c = -1
			} else if a > b {
				c = 1
			} else if a != b { // NaN: only != holds
				return op == "!="
			}
			return cmpResult(op, c)
		})
	case kString:
		lf, rf := l.fn.(strFn), r.fn.(strFn)
		if op == "==" {
			return boolFn(func(f *frame) bool { return lf(f) == rf(f) })
		}
		return boolFn(func(f *frame) bool { return cmpResult(op, strings.Compare(lf(f), rf(f))) })
	case kDate, kInt:
		lf, rf := l.fn.(intFn), r.fn.(intFn)
		return boolFn(func(f *frame) bool {
			a, b := lf(f), rf(f)
			return cmpResult(op, cmp.Compare(a, b))
		})
	case kBool:
		if ordered {
			return nil
		}
		lf, rf := l.fn.(boolFn), r.fn.(boolFn)
		return boolFn(func(f *frame) bool { return (lf(f) == rf(f)) == (op == "==") })
	}
	return nil
}

// compareConst specialises the most common comparisons, a value against a
// literal, saving a closure call per comparison.
func compareConst(op string, l, r cnode, at int) any {
	if !r.lit || l.lit {
		return nil
	}
	switch l.t.k {
	case kNum:
		if l.t.ct != nil {
			return nil
		}
		lf, k := l.fn.(numFn), r.fn.(numFn)(nil)
		w := window(k)
		switch op {
		case "<":
			return boolFn(func(f *frame) bool {
				a, b := lf(f), k
				if w.fits(a) {
					return decexpr.Cmp(a, b) < 0
				}
				return f.cmpSlow(at, a, b) < 0
			})
		case ">":
			return boolFn(func(f *frame) bool {
				a, b := lf(f), k
				if w.fits(a) {
					return decexpr.Cmp(a, b) > 0
				}
				return f.cmpSlow(at, a, b) > 0
			})
		case "<=":
			return boolFn(func(f *frame) bool {
				a, b := lf(f), k
				if w.fits(a) {
					return decexpr.Cmp(a, b) <= 0
				}
				return f.cmpSlow(at, a, b) <= 0
			})
		case ">=":
			return boolFn(func(f *frame) bool {
				a, b := lf(f), k
				if w.fits(a) {
					return decexpr.Cmp(a, b) >= 0
				}
				return f.cmpSlow(at, a, b) >= 0
			})
		case "==":
			return boolFn(func(f *frame) bool {
				a, b := lf(f), k
				if w.fits(a) {
					return decexpr.Cmp(a, b) == 0
				}
				return f.cmpSlow(at, a, b) == 0
			})
		}
		return boolFn(func(f *frame) bool {
			a, b := lf(f), k
			if w.fits(a) {
				return decexpr.Cmp(a, b) != 0
			}
			return f.cmpSlow(at, a, b) != 0
		})
	case kString:
		if op != "==" && op != "!=" {
			return nil
		}
		k, eq := r.fn.(strFn)(nil), op == "=="
		if l.direct {
			off := l.off
			return boolFn(func(f *frame) bool { return (*(*string)(unsafe.Add(f.env, off)) == k) == eq })
		}
		lf := l.fn.(strFn)
		return boolFn(func(f *frame) bool { return (lf(f) == k) == eq })
	}
	return nil
}

func (c *compiler) logical(n *ast.BinaryNode) (cnode, *posError) {
	l, err := c.compile(n.Left)
	if err != nil {
		return cnode{}, err
	}
	r, err := c.compile(n.Right)
	if err != nil {
		return cnode{}, err
	}
	if l.t.k != kBool || r.t.k != kBool {
		bad := n.Left
		t := l.t
		if l.t.k == kBool {
			bad, t = n.Right, r.t
		}
		return cnode{}, errAt(bad, ErrType, "operator %s needs bool operands, got %s", n.Operator, t)
	}
	lf, rf := l.fn.(boolFn), r.fn.(boolFn)
	out := cnode{t: typ{k: kBool}, idx: c.node(exNode{kind: exBinary, op: n.Operator, kids: []int{l.idx, r.idx}, t: typ{k: kBool}})}
	if n.Operator == "and" || n.Operator == "&&" {
		out.fn = boolFn(func(f *frame) bool { return lf(f) && rf(f) })
	} else {
		out.fn = boolFn(func(f *frame) bool { return lf(f) || rf(f) })
	}
	return c.rec(out), nil
}

func (c *compiler) in(n *ast.BinaryNode) (cnode, *posError) {
	l, err := c.compile(n.Left)
	if err != nil {
		return cnode{}, err
	}
	arr, ok := n.Right.(*ast.ArrayNode)
	if !ok {
		return cnode{}, errAt(n.Right, ErrUnsupported, "in needs a list of literals such as [\"a\", \"b\"]")
	}
	var kids = []int{l.idx}
	var nums []decexpr.Num
	var strs []string
	var ints []int64
	var flts []float64
	for _, e := range arr.Nodes {
		x, err := c.compile(e)
		if err != nil {
			return cnode{}, err
		}
		if !x.lit {
			return cnode{}, errAt(e, ErrUnsupported, "in needs a list of literals")
		}
		if l.t.ct != nil && x.t.k == kString {
			if x, err = c.coerceLit(e, x, l.t.ct); err != nil {
				return cnode{}, err
			}
		}
		if l.t.k == kFloat && x.t.k == kNum {
			x = c.asFloat(x)
		}
		if x.t != l.t {
			return cnode{}, errAt(e, ErrType, "list element is %s, want %s like %s", x.t, l.t, c.describe(l))
		}
		kids = append(kids, x.idx)
		switch fn := x.fn.(type) {
		case numFn:
			nums = append(nums, fn(nil))
		case strFn:
			strs = append(strs, fn(nil))
		case intFn:
			ints = append(ints, fn(nil))
		case floatFn:
			flts = append(flts, fn(nil))
		default:
			return cnode{}, errAt(e, ErrUnsupported, "in is not supported for %s", x.t)
		}
	}
	out := cnode{t: typ{k: kBool}, idx: c.node(exNode{kind: exBinary, op: "in", kids: kids, t: typ{k: kBool}})}
	at := n.Location().From
	switch fn := l.fn.(type) {
	case numFn:
		out.fn = boolFn(func(f *frame) bool {
			v := fn(f)
			for _, x := range nums {
				if f.cmp(at, v, x) == 0 {
					return true
				}
			}
			return false
		})
	case strFn:
		out.fn = boolFn(func(f *frame) bool { return slices.Contains(strs, fn(f)) })
	case intFn:
		out.fn = boolFn(func(f *frame) bool { return slices.Contains(ints, fn(f)) })
	case floatFn:
		out.fn = boolFn(func(f *frame) bool { return slices.Contains(flts, fn(f)) })
	default:
		return cnode{}, errAt(n, ErrUnsupported, "in is not supported for %s", l.t)
	}
	return c.rec(out), nil
}

// coerceLit parses a string literal as a registered type at compile time.
func (c *compiler) coerceLit(n ast.Node, x cnode, ct *customType) (cnode, *posError) {
	s := x.fn.(strFn)(nil)
	v, err := ct.parse(s)
	if err != nil {
		return cnode{}, errAt(n, ErrType, "%q is not a valid %s: %v", s, ct.name, err)
	}
	ks, ki := ct.key(v)
	x.t = typ{k: ct.k, ct: ct}
	if ct.k == kString {
		x.fn = strFn(func(*frame) string { return ks })
	} else {
		x.fn = intFn(func(*frame) int64 { return ki })
	}
	c.nodes[x.idx].t = x.t
	return x, nil
}

// divide compiles a / b. Exact numbers must name their rounding, so a
// division of exact numbers is only accepted inside round(a / b, places)
// (handled by call); here only floats divide.
func (c *compiler) divide(n *ast.BinaryNode, places *int32) (cnode, *posError) {
	l, err := c.compile(n.Left)
	if err != nil {
		return cnode{}, err
	}
	r, err := c.compile(n.Right)
	if err != nil {
		return cnode{}, err
	}
	if !isNumeric(l.t) || !isNumeric(r.t) {
		return cnode{}, errAt(n, ErrType, "operator / cannot combine %s and %s", l.t, r.t)
	}
	if l, r, err = c.unifyNum(n, l, r); err != nil {
		return cnode{}, err
	}
	at := n.Location().From
	out := cnode{t: l.t, idx: c.node(exNode{kind: exBinary, op: "/", kids: []int{l.idx, r.idx}, t: l.t})}
	if l.t.k == kFloat {
		lf, rf := l.fn.(floatFn), r.fn.(floatFn)
		out.fn = floatFn(func(f *frame) float64 {
			b := rf(f)
			if b == 0 {
				f.fail(at, ErrDivisionByZero)
				return 0
			}
			return lf(f) / b
		})
		return c.rec(out), nil
	}
	if places == nil {
		return cnode{}, errAt(n, ErrType, "a division of exact numbers must name its rounding: write round(%s, 2) or div(%s, %s, 2)",
			n.String(), n.Left.String(), n.Right.String())
	}
	p := *places
	lf, rf := l.fn.(numFn), r.fn.(numFn)
	out.fn = numFn(func(f *frame) decexpr.Num { return f.divRound(at, lf(f), rf(f), p, false) })
	return c.rec(out), nil
}

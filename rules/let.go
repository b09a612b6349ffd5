package rules

import (
	"github.com/expr-lang/expr/ast"

	"github.com/jixiao-go/jixiao/internal/decexpr"
)

// ---- locals (let) ----

func (c *compiler) readLocal(v localVar, n ast.Node) cnode {
	i := v.idx
	out := cnode{t: v.t, idx: c.node(exNode{kind: exName, text: v.name, t: v.t})}
	switch v.t.k {
	case kBool:
		out.fn = boolFn(func(f *frame) bool { return f.locals[i].int() != 0 })
	case kNum:
		out.fn = numFn(func(f *frame) decexpr.Num { return f.locals[i].n })
	case kFloat:
		out.fn = floatFn(func(f *frame) float64 { return f.locals[i].f })
	case kString:
		out.fn = strFn(func(f *frame) string { return f.locals[i].s })
	default:
		out.fn = intFn(func(f *frame) int64 { return f.locals[i].int() })
	}
	return out
}

func (c *compiler) let(n *ast.VariableDeclaratorNode, want *want) (cnode, *posError) {
	val, err := c.compile(n.Value)
	if err != nil {
		return cnode{}, err
	}
	i := c.nLocals
	c.nLocals++
	c.scope = append(c.scope, localVar{name: n.Name, t: val.t, idx: i})
	var body cnode
	if want != nil {
		body, err = c.compileTo(n.Expr, *want)
	} else {
		body, err = c.compile(n.Expr)
	}
	c.scope = c.scope[:len(c.scope)-1]
	if err != nil {
		return cnode{}, err
	}
	var store func(*frame)
	switch fn := val.fn.(type) {
	case boolFn:
		store = func(f *frame) { decexpr.FromInt(b2i(fn(f))).StoreTo(&f.locals[i].n) }
	case numFn:
		// StoreTo: no write barrier unless the number is wide
		store = func(f *frame) { fn(f).StoreTo(&f.locals[i].n) }
	case floatFn:
		store = func(f *frame) { f.locals[i].f = fn(f) }
	case strFn:
		store = func(f *frame) { f.locals[i].s = fn(f) }
	case intFn:
		store = func(f *frame) { decexpr.FromInt(fn(f)).StoreTo(&f.locals[i].n) }
	}
	out := cnode{t: body.t, idx: c.node(exNode{kind: exLet, text: n.Name, kids: []int{val.idx, body.idx}, t: body.t})}
	switch fn := body.fn.(type) {
	case boolFn:
		out.fn = boolFn(func(f *frame) bool { store(f); return fn(f) })
	case numFn:
		out.fn = numFn(func(f *frame) decexpr.Num { store(f); return fn(f) })
	case floatFn:
		out.fn = floatFn(func(f *frame) float64 { store(f); return fn(f) })
	case strFn:
		out.fn = strFn(func(f *frame) string { store(f); return fn(f) })
	case intFn:
		out.fn = intFn(func(f *frame) int64 { store(f); return fn(f) })
	}
	return out, nil
}

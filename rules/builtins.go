package rules

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/expr-lang/expr/ast"

	"github.com/jixiao-go/jixiao/internal/decexpr"
)

// ---- calls ----

// builtin is one function the rule language provides. Every built-in is
// one row of builtinTable: its name, its usage (for error messages and
// the name check of WithFunction) and how it compiles.
type builtin struct {
	name    string
	doc     string
	compile func(c *compiler, n ast.Node, name string, args []ast.Node) (cnode, *posError)
}

// builtinTable lists the built-in functions in name order; expr's other
// builtins are rejected as unknown (or non-deterministic). It is a
// function, not a package variable, because the compilers it names call
// back into the compiler that looks them up.
func builtinTable() [10]builtin {
	return [...]builtin{
		{"abs", "abs(x): the absolute value", (*compiler).minmax},
		{"asOf", "asOf(): the evaluation date, EvalOptions.AsOf", (*compiler).asOf},
		{"clamp", "clamp(x, lo, hi): x limited to [lo, hi]", (*compiler).minmax},
		{"date", "date(\"YYYY-MM-DD\"): a date literal", (*compiler).dateLit},
		{"div", "div(a, b, places): a ÷ b rounded half away from zero to places", (*compiler).rounding},
		{"len", "len(s): the number of characters of s", (*compiler).length},
		{"max", "max(a, b, ...): the largest", (*compiler).minmax},
		{"min", "min(a, b, ...): the smallest", (*compiler).minmax},
		{"percent", "percent(part, whole, places): part ÷ whole × 100 rounded half away from zero", (*compiler).rounding},
		{"round", "round(x, places): x rounded half away from zero (四舍五入); round(a / b, places) divides", (*compiler).rounding},
	}
}

// lookupBuiltin returns the built-in function called name.
func lookupBuiltin(name string) (builtin, bool) {
	for _, b := range builtinTable() {
		if b.name == name {
			return b, true
		}
	}
	return builtin{}, false
}

// builtinList names the functions rules provide, in name order.
func builtinList() []string {
	t := builtinTable()
	out := make([]string, len(t))
	for i, b := range t {
		out[i] = b.name
	}
	return out
}

// builtinDoc returns the usage of a built-in function, or "".
func builtinDoc(name string) string {
	b, _ := lookupBuiltin(name)
	return b.doc
}

func (c *compiler) call(n ast.Node, name string, args []ast.Node) (cnode, *posError) {
	for _, a := range args {
		if _, ok := a.(*ast.PredicateNode); ok {
			return cnode{}, errAt(n, ErrUnsupported, "%s with a closure is not supported", name)
		}
	}
	if name == "now" || name == "today" {
		return cnode{}, errAt(n, ErrNondeterministic, "%s() is not allowed: the evaluation date is an input; put it in the environment", name)
	}
	if b, ok := lookupBuiltin(name); ok {
		return b.compile(c, n, name, args)
	}
	if h, ok := c.cfg.funcs[name]; ok {
		return c.host(n, h, args)
	}
	cands := builtinList()
	for k := range c.cfg.funcs {
		cands = append(cands, k)
	}
	slices.Sort(cands)
	e := errAt(n, ErrUnknownName, "function %s", name)
	if s := suggest(name, cands); s != "" {
		e = errAt(n, ErrUnknownName, "function %s (did you mean %s?)", name, s)
		e.suggestion = s
	}
	return cnode{}, e
}

// dateLit compiles date("YYYY-MM-DD"), a date literal.
func (c *compiler) dateLit(n ast.Node, _ string, args []ast.Node) (cnode, *posError) {
	if len(args) != 1 {
		return cnode{}, errAt(n, ErrNondeterministic, "date() needs one literal \"YYYY-MM-DD\": the evaluation date is an input, not the clock")
	}
	s, ok := args[0].(*ast.StringNode)
	if !ok {
		return cnode{}, errAt(args[0], ErrType, "date needs a literal \"YYYY-MM-DD\"")
	}
	t, err := parseDate(s.Value)
	if err != nil {
		return cnode{}, errAt(args[0], ErrType, "%v", err)
	}
	d := days(t)
	return cnode{t: typ{k: kDate}, fn: intFn(func(*frame) int64 { return d }), lit: true,
		idx: c.node(exNode{kind: exLit, text: "date(" + strconv.Quote(s.Value) + ")", t: typ{k: kDate}})}, nil
}

// asOf compiles asOf(), the evaluation date.
func (c *compiler) asOf(n ast.Node, name string, args []ast.Node) (cnode, *posError) {
	if len(args) != 0 {
		return cnode{}, errAt(n, ErrType, "asOf() takes no arguments")
	}
	at := n.Location().From
	out := cnode{t: typ{k: kDate}, idx: c.node(exNode{kind: exCall, text: name, t: typ{k: kDate}})}
	out.fn = intFn(func(f *frame) int64 {
		if !f.hasAsOf {
			f.fail(at, fmt.Errorf("%w: asOf() needs EvalOptions.AsOf", ErrMissingValue))
		}
		return f.asOf
	})
	return c.rec(out), nil
}

// length compiles len(s), the number of characters of a string.
func (c *compiler) length(n ast.Node, name string, args []ast.Node) (cnode, *posError) {
	if len(args) != 1 {
		return cnode{}, errAt(n, ErrType, "len needs one argument")
	}
	x, err := c.compile(args[0])
	if err != nil {
		return cnode{}, err
	}
	if x.t.k != kString {
		return cnode{}, errAt(args[0], ErrType, "len needs a string, got %s", x.t)
	}
	sf := x.fn.(strFn)
	out := cnode{t: typ{k: kNum}, idx: c.node(exNode{kind: exCall, text: name, kids: []int{x.idx}, t: typ{k: kNum}})}
	out.fn = numFn(func(f *frame) decexpr.Num { return decexpr.FromInt(int64(utf8.RuneCountInString(sf(f)))) })
	return c.rec(out), nil
}

// places reads a literal number of decimal places.
func (c *compiler) places(n ast.Node) (int32, *posError) {
	neg := false
	if u, ok := n.(*ast.UnaryNode); ok && u.Operator == "-" {
		neg, n = true, u.Node
	}
	i, ok := n.(*ast.IntegerNode)
	if !ok || i.Value > 18 {
		return 0, errAt(n, ErrType, "places must be a whole-number literal from -18 to 18")
	}
	p := int32(i.Value)
	if neg {
		p = -p
	}
	return p, nil
}

func (c *compiler) rounding(n ast.Node, name string, args []ast.Node) (cnode, *posError) {
	want := map[string]int{"round": 2, "div": 3, "percent": 3}[name]
	if len(args) != want {
		return cnode{}, errAt(n, ErrType, "%s needs %d arguments: %s", name, want, builtinDoc(name))
	}
	p, perr := c.places(args[want-1])
	if perr != nil {
		return cnode{}, perr
	}
	at := n.Location().From
	if name == "round" {
		if b, ok := args[0].(*ast.BinaryNode); ok && b.Operator == "/" {
			d, err := c.divide(b, &p)
			if err != nil {
				return cnode{}, err
			}
			if d.t.k == kNum {
				out := cnode{t: d.t, fn: d.fn, idx: c.node(exNode{kind: exCall, text: name, kids: []int{d.idx}, t: d.t})}
				return c.rec(out), nil
			}
			return cnode{}, errAt(n, ErrInexact, "round needs an exact number, not a float")
		}
		x, err := c.compile(args[0])
		if err != nil {
			return cnode{}, err
		}
		if x.t.k != kNum || x.t.ct != nil {
			return cnode{}, errAt(args[0], ErrType, "round needs an exact number, got %s", x.t)
		}
		xf := x.fn.(numFn)
		out := cnode{t: x.t, idx: c.node(exNode{kind: exCall, text: name, kids: []int{x.idx}, t: x.t})}
		out.fn = numFn(func(f *frame) decexpr.Num { return f.round(at, xf(f), p) })
		return c.rec(out), nil
	}
	a, err := c.compile(args[0])
	if err != nil {
		return cnode{}, err
	}
	b, err := c.compile(args[1])
	if err != nil {
		return cnode{}, err
	}
	for i, x := range []cnode{a, b} {
		if x.t.k != kNum || x.t.ct != nil {
			return cnode{}, errAt(args[i], ErrType, "%s needs exact numbers, got %s", name, x.t)
		}
	}
	af, bf := a.fn.(numFn), b.fn.(numFn)
	percent := name == "percent"
	out := cnode{t: typ{k: kNum}, idx: c.node(exNode{kind: exCall, text: name, kids: []int{a.idx, b.idx}, t: typ{k: kNum}})}
	out.fn = numFn(func(f *frame) decexpr.Num { return f.divRound(at, af(f), bf(f), p, percent) })
	return c.rec(out), nil
}

func (c *compiler) minmax(n ast.Node, name string, args []ast.Node) (cnode, *posError) {
	switch {
	case name == "abs" && len(args) != 1, name == "clamp" && len(args) != 3, len(args) < 1:
		return cnode{}, errAt(n, ErrType, "wrong number of arguments: %s", builtinDoc(name))
	}
	xs := make([]cnode, len(args))
	kids := make([]int, len(args))
	for i, a := range args {
		x, err := c.compile(a)
		if err != nil {
			return cnode{}, err
		}
		if !isNumeric(x.t) {
			return cnode{}, errAt(a, ErrType, "%s needs numbers, got %s", name, x.t)
		}
		xs[i] = x
	}
	// a float anywhere makes literals floats; exact with float is an error
	isFloat := false
	for _, x := range xs {
		if x.t.k == kFloat {
			isFloat = true
		}
	}
	for i := range xs {
		if isFloat && xs[i].t.k == kNum {
			if !xs[i].lit {
				return cnode{}, errAt(args[i], ErrInexact, "cannot mix the exact number %s with floats in %s", c.describe(xs[i]), name)
			}
			xs[i] = c.asFloat(xs[i])
		}
		kids[i] = xs[i].idx
	}
	out := cnode{t: xs[0].t, idx: c.node(exNode{kind: exCall, text: name, kids: kids, t: xs[0].t})}
	if isFloat {
		fs := make([]floatFn, len(xs))
		for i, x := range xs {
			fs[i] = x.fn.(floatFn)
		}
		switch name {
		case "abs":
			out.fn = floatFn(func(f *frame) float64 { return math.Abs(fs[0](f)) })
		case "clamp":
			out.fn = floatFn(func(f *frame) float64 { return max(fs[1](f), min(fs[0](f), fs[2](f))) })
		case "min":
			out.fn = floatFn(func(f *frame) float64 {
				v := fs[0](f)
				for _, g := range fs[1:] {
					v = min(v, g(f))
				}
				return v
			})
		default:
			out.fn = floatFn(func(f *frame) float64 {
				v := fs[0](f)
				for _, g := range fs[1:] {
					v = max(v, g(f))
				}
				return v
			})
		}
		return c.rec(out), nil
	}
	ns := make([]numFn, len(xs))
	for i, x := range xs {
		ns[i] = x.fn.(numFn)
	}
	at := n.Location().From
	switch name {
	case "abs":
		out.fn = numFn(func(f *frame) decexpr.Num { return f.abs(at, ns[0](f)) })
	case "clamp":
		out.fn = numFn(func(f *frame) decexpr.Num { return f.maxNum(at, ns[1](f), f.minNum(at, ns[0](f), ns[2](f))) })
	case "min":
		out.fn = numFn(func(f *frame) decexpr.Num {
			v := ns[0](f)
			for _, g := range ns[1:] {
				v = f.minNum(at, v, g(f))
			}
			return v
		})
	default:
		out.fn = numFn(func(f *frame) decexpr.Num {
			v := ns[0](f)
			for _, g := range ns[1:] {
				v = f.maxNum(at, v, g(f))
			}
			return v
		})
	}
	return c.rec(out), nil
}

package rules

import (
	"fmt"
	"reflect"
	"time"

	"github.com/expr-lang/expr/ast"
	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/decexpr"
)

// host compiles a call of a registered Go function through reflection.
func (c *compiler) host(n ast.Node, h *hostFunc, args []ast.Node) (cnode, *posError) {
	if len(args) != h.t.NumIn() {
		return cnode{}, errAt(n, ErrType, "%s needs %d arguments, got %d", h.name, h.t.NumIn(), len(args))
	}
	conv := make([]func(*frame) reflect.Value, len(args))
	kids := make([]int, len(args))
	for i, a := range args {
		pt := h.t.In(i)
		w, ok := c.goType(pt)
		if !ok {
			return cnode{}, errAt(n, ErrType, "%s parameter %d has Go type %s, which rules cannot pass", h.name, i+1, pt)
		}
		x, err := c.compileTo(a, w)
		if err != nil {
			return cnode{}, err
		}
		kids[i] = x.idx
		conv[i] = toReflect(x, pt)
	}
	rt := h.t.Out(0)
	w, ok := c.goType(rt)
	if !ok {
		return cnode{}, errAt(n, ErrType, "%s returns Go type %s, which rules cannot use", h.name, rt)
	}
	at := n.Location().From
	fn, hasErr := h.fn, h.t.NumOut() == 2
	callf := func(f *frame) (reflect.Value, bool) {
		in := make([]reflect.Value, len(conv))
		for i, cv := range conv {
			in[i] = cv(f)
		}
		if f.err != nil {
			return reflect.Value{}, false
		}
		out := fn.Call(in)
		if hasErr && !out[1].IsNil() {
			f.fail(at, fmt.Errorf("%w: %s: %w", ErrRuntime, h.name, out[1].Interface().(error)))
			return reflect.Value{}, false
		}
		return out[0], true
	}
	t := typ{k: w.k, ct: w.ct}
	res := cnode{t: t, idx: c.node(exNode{kind: exCall, text: h.name, kids: kids, t: t})}
	switch {
	case w.ct != nil && w.k == kString, w.k == kString:
		res.fn = strFn(func(f *frame) string {
			if v, ok := callf(f); ok {
				return v.String()
			}
			return ""
		})
	case w.ct != nil:
		res.fn = intFn(func(f *frame) int64 {
			if v, ok := callf(f); ok {
				_, k := w.ct.key(v.Interface())
				return k
			}
			return 0
		})
	case w.k == kBool:
		res.fn = boolFn(func(f *frame) bool {
			v, ok := callf(f)
			return ok && v.Bool()
		})
	case w.k == kDate:
		res.fn = intFn(func(f *frame) int64 {
			if v, ok := callf(f); ok {
				return days(v.Interface().(time.Time))
			}
			return 0
		})
	case w.k == kFloat:
		res.fn = floatFn(func(f *frame) float64 {
			if v, ok := callf(f); ok {
				return v.Float()
			}
			return 0
		})
	default:
		isDec := rt == typeDecimal
		res.fn = numFn(func(f *frame) decexpr.Num {
			v, ok := callf(f)
			switch {
			case !ok:
				return decexpr.Num{}
			case isDec:
				return f.bound(at, decexpr.FromDecimal(v.Interface().(decimal.Decimal)))
			case v.CanInt():
				return decexpr.FromInt(v.Int())
			}
			return decexpr.FromDecimal(decimal.NewFromUint64(v.Uint()))
		})
	}
	return c.rec(res), nil
}

// goType maps a Go type to the wanted type of a value passed to or from a
// host function.
func (c *compiler) goType(t reflect.Type) (want, bool) {
	if ct := c.cfg.byRT[t]; ct != nil {
		return want{name: ct.name, k: ct.k, ct: ct}, true
	}
	switch {
	case t == typeDecimal:
		return want{name: TypeNumber, k: kNum}, true
	case t == typeTime:
		return want{name: TypeDate, k: kDate}, true
	case isIntKind(t.Kind()) || t.Kind() == reflect.Uint || t.Kind() == reflect.Uint64:
		return want{name: TypeNumber, k: kNum}, true
	case t.Kind() == reflect.Float64 || t.Kind() == reflect.Float32:
		return want{name: "float", k: kFloat}, true
	case t.Kind() == reflect.String:
		return want{name: TypeString, k: kString}, true
	case t.Kind() == reflect.Bool:
		return want{name: TypeBool, k: kBool}, true
	}
	return want{}, false
}

// toReflect converts a compiled argument into a reflect.Value of Go type pt.
func toReflect(x cnode, pt reflect.Type) func(*frame) reflect.Value {
	switch fn := x.fn.(type) {
	case boolFn:
		return func(f *frame) reflect.Value { return reflect.ValueOf(fn(f)).Convert(pt) }
	case strFn:
		return func(f *frame) reflect.Value { return reflect.ValueOf(fn(f)).Convert(pt) }
	case floatFn:
		return func(f *frame) reflect.Value { return reflect.ValueOf(fn(f)).Convert(pt) }
	case intFn:
		if x.t.k == kDate {
			return func(f *frame) reflect.Value { return reflect.ValueOf(fromDays(fn(f))) }
		}
		return func(f *frame) reflect.Value { return reflect.ValueOf(fn(f)).Convert(pt) }
	case numFn:
		if pt == typeDecimal {
			return func(f *frame) reflect.Value { return reflect.ValueOf(fn(f).Decimal()) }
		}
		at := 0
		return func(f *frame) reflect.Value {
			d := fn(f).Decimal()
			if !d.IsInteger() || !d.BigInt().IsInt64() {
				f.fail(at, fmt.Errorf("%w: %s is not a whole number fitting %s", ErrRuntime, d, pt))
				return reflect.Zero(pt)
			}
			return reflect.ValueOf(d.IntPart()).Convert(pt)
		}
	}
	return func(*frame) reflect.Value { return reflect.Zero(pt) }
}

// choose is the closure of a conditional expression: a when cond holds,
// else b, evaluating only the branch taken.
func choose[F ~func(*frame) T, T any](cond boolFn, a, b F) func(*frame) T {
	return func(f *frame) T {
		if cond(f) {
			return a(f)
		}
		return b(f)
	}
}

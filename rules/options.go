package rules

import (
	"fmt"
	"reflect"

	"github.com/expr-lang/expr/conf"
)

type fieldKey struct {
	t    reflect.Type
	name string
}

type fieldHit struct {
	f  reflect.StructField
	ok bool
}

// cacheSlot returns the cache slot of the decimal field at offset off.
func (c *config) cacheSlot(off uintptr) int {
	k, ok := c.cacheIdx[off]
	if !ok {
		k = len(c.cacheIdx)
		c.cacheIdx[off] = k
	}
	return k
}

// fieldByName is reflect.Type.FieldByName, cached for the Compile call.
func (c *config) fieldByName(t reflect.Type, name string) (reflect.StructField, bool) {
	k := fieldKey{t, name}
	if h, ok := c.fields[k]; ok {
		return h.f, h.ok
	}
	f, ok := t.FieldByName(name)
	c.fields[k] = fieldHit{f, ok}
	return f, ok
}

// Limits bound the cost of rules (限额). A zero field takes its default.
//
// Exact numbers have fixed bounds besides: a numeric literal has at most 40
// digits and an exponent within ±100 (else a compile error wrapping
// ErrLimit), and every exact number an evaluation reads or computes (a
// field, a host function's result, an intermediate value) has an exponent
// within ±1000 (else a runtime error of the rule wrapping ErrLimit, at the
// operation that would leave the range). Places of round, div and percent
// are literals from -18 to 18.
type Limits struct {
	// MaxExprLength is the longest expression accepted, in bytes (default 4096).
	MaxExprLength int
	// MaxNodes is the largest expression accepted, in syntax-tree nodes
	// (default 1000).
	MaxNodes int
	// MemoryBudget bounds what one rule may allocate in one evaluation, in
	// bytes (default 1 MiB). It counts string concatenation and every exact
	// number too large for the int64 fast path at the size of its
	// coefficient (about 0.42 bytes a digit), including the numbers an
	// addition, comparison, round, div or percent scales to align
	// exponents. Each operation is charged from the sizes of its operands
	// before it is done, and one that would exceed the budget is not done:
	// the rule stops with a runtime error wrapping ErrMemoryBudget, so an
	// evaluation allocates at most a small multiple of the budget.
	MemoryBudget int
}

// Defaults for zero fields of Limits.
const (
	defaultMaxExprLength = 4096
	defaultMaxNodes      = 1000
	defaultMemoryBudget  = 1 << 20
)

func (l Limits) withDefaults() Limits {
	if l.MaxExprLength <= 0 {
		l.MaxExprLength = defaultMaxExprLength
	}
	if l.MaxNodes <= 0 {
		l.MaxNodes = defaultMaxNodes
	}
	if l.MemoryBudget <= 0 {
		l.MemoryBudget = defaultMemoryBudget
	}
	return l
}

// Option configures Compile. Options are sealed: only this package
// implements them. An invalid option makes Compile return an error.
type Option interface {
	apply(*config) error
}

type optionFunc func(*config) error

func (f optionFunc) apply(c *config) error { return f(c) }

type config struct {
	parse  *conf.Config
	fields map[fieldKey]fieldHit // FieldByName cache for one Compile

	// decimal fields of the environment with a per-evaluation cache slot,
	// by offset
	cacheIdx map[uintptr]int

	// fields an explained evaluation snapshots
	snap      []snapField
	snapIdx   map[string]int
	nSnapStrs int
	limits    Limits
	funcs     map[string]*hostFunc
	types     map[Type]*customType
	byRT      map[reflect.Type]*customType

	// host fields: as declared, resolved for one Compile, and the access
	// path to the environment's host values (nil when it has none)
	decls   map[string]Field
	host    map[string]*hostField
	hostAcc *access
}

// WithLimits sets the limits; zero fields keep their defaults.
func WithLimits(l Limits) Option {
	return optionFunc(func(c *config) error {
		if l.MaxExprLength < 0 || l.MaxNodes < 0 || l.MemoryBudget < 0 {
			return fmt.Errorf("%w: negative limit %+v", ErrInvalid, l)
		}
		c.limits = l
		return nil
	})
}

// WithFunction registers a host function callable from expressions as
// name(args...). fn must be a Go func whose parameters and result use types
// rules understands: decimal.Decimal (exact number), int kinds, float64,
// string, bool, time.Time (date) or a type registered with WithType; it
// returns one value, optionally followed by an error, which becomes a
// runtime error of the rule. fn must be deterministic and safe for
// concurrent use. Names of built-in functions cannot be replaced.
func WithFunction(name string, fn any) Option {
	return optionFunc(func(c *config) error {
		if !isIdent(name) {
			return fmt.Errorf("%w: function name %q is not an identifier", ErrInvalid, name)
		}
		if builtinDoc(name) != "" {
			return fmt.Errorf("%w: function %q is built in", ErrInvalid, name)
		}
		v := reflect.ValueOf(fn)
		if v.Kind() != reflect.Func || v.IsNil() {
			return fmt.Errorf("%w: function %q: want a func, got %T", ErrInvalid, name, fn)
		}
		t := v.Type()
		if t.IsVariadic() || t.NumOut() < 1 || t.NumOut() > 2 ||
			t.NumOut() == 2 && t.Out(1) != reflect.TypeFor[error]() {
			return fmt.Errorf("%w: function %q: want func(args...) T or func(args...) (T, error), got %s", ErrInvalid, name, t)
		}
		c.funcs[name] = &hostFunc{name: name, fn: v, t: t}
		return nil
	})
}

// WithType registers a caller type (such as a grade, 等级) under name: rule
// outputs may declare Type(name), environment fields of type T are compared
// with string literals parsed by parse at compile time (PriorGrade == "差"),
// and a string expression given where T is wanted is parsed with parse. T
// must have a string or integer underlying kind.
func WithType[T comparable](name Type, parse func(string) (T, error)) Option {
	return optionFunc(func(c *config) error {
		rt := reflect.TypeFor[T]()
		switch name {
		case TypeMoney, TypeNumber, TypeString, TypeBool, TypeDate:
			return fmt.Errorf("%w: type %q is built in", ErrInvalid, name)
		}
		if !isIdent(string(name)) || parse == nil {
			return fmt.Errorf("%w: type %q: want an identifier and a parse func", ErrInvalid, name)
		}
		ct := &customType{name: name, rt: rt}
		switch {
		case rt.Kind() == reflect.String:
			ct.k = kString
		case isIntKind(rt.Kind()):
			ct.k = kInt
		default:
			return fmt.Errorf("%w: type %q: %s has kind %s, want a string or integer kind", ErrInvalid, name, rt, rt.Kind())
		}
		ct.parse = func(s string) (any, error) { return parse(s) }
		c.types[name] = ct
		c.byRT[rt] = ct
		return nil
	})
}

type customType struct {
	name  Type
	rt    reflect.Type
	k     kind // kString or kInt
	parse func(string) (any, error)
}

// key returns the comparable representation of a value of the type.
func (ct *customType) key(v any) (string, int64) {
	rv := reflect.ValueOf(v)
	if ct.k == kString {
		return rv.String(), 0
	}
	if rv.CanInt() {
		return "", rv.Int()
	}
	return "", int64(rv.Uint())
}

func isIntKind(k reflect.Kind) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return true
	}
	return false
}

type hostFunc struct {
	name string
	fn   reflect.Value
	t    reflect.Type
}

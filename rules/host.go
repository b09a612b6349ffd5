package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"
	"unsafe"

	"github.com/expr-lang/expr/ast"
	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/decexpr"
)

// A Field declares a host field (宿主字段): a value the host service attaches
// to each environment — a project's prior grade, its strategic priority,
// whether its contract is signed — that rules read by Name like any field of
// the environment, type-checked at compile time.
//
// The environment carries the values in one field of underlying type
// map[string]any tagged `rules:"host"` (performance.HostValues in Jixiao's
// stages). A value may be given as the declared type's Go value
// (decimal.Decimal or an integer for money and numbers, string, bool,
// time.Time for dates, the registered Go type for a type registered with
// [WithType]) or as its text (a decimal string, "2024-08-31", a grade's
// label parsed by the type's parse function). A project without a value
// takes Default, when declared, and otherwise makes the rule fail for that
// project with ErrMissingValue — never a silent zero.
type Field struct {
	// Name is how rules refer to the field; an identifier that must not
	// shadow a field of the environment.
	Name string `json:"name"`
	// Type is a built-in type or one registered with WithType.
	Type Type `json:"type"`
	// Default, when not nil, is the text of the value a project without
	// one takes, parsed as Type at compile time.
	Default *string `json:"default,omitempty"`
	// Description says what the field means; it does not change results.
	Description string `json:"description,omitempty"`
}

// hostField is a declared Field resolved against the registered types.
type hostField struct {
	Field
	t   typ
	def any // the parsed default, or nil
}

// WithFields declares host fields. Each name may be declared once; types
// are resolved when Compile runs, after every option, so WithType may come
// before or after.
func WithFields(fs ...Field) Option {
	return optionFunc(func(c *config) error {
		for _, f := range fs {
			if !isIdent(f.Name) {
				return fmt.Errorf("%w: host field name %q is not an identifier", ErrInvalid, f.Name)
			}
			if _, dup := c.decls[f.Name]; dup {
				return fmt.Errorf("%w: host field %q declared twice", ErrInvalid, f.Name)
			}
			if c.decls == nil {
				c.decls = map[string]Field{}
			}
			c.decls[f.Name] = f
		}
		return nil
	})
}

// resolveFields resolves the declared host fields' types and defaults and
// locates the environment's host values. It runs once per Compile.
func (c *config) resolveFields(env reflect.Type) []error {
	var errs []error
	c.host = map[string]*hostField{}
	for _, name := range slices.Sorted(maps.Keys(c.decls)) {
		f := c.decls[name]
		w, ok := wantOf(c, f.Type)
		if !ok {
			errs = append(errs, fmt.Errorf("%w: host field %s: unknown type %q", ErrInvalid, f.Name, f.Type))
			continue
		}
		hf := &hostField{Field: f, t: typ{k: w.k, ct: w.ct}}
		if env.Kind() == reflect.Struct {
			if sf, ok := env.FieldByName(f.Name); ok && sf.IsExported() {
				errs = append(errs, fmt.Errorf("%w: host field %s shadows the field %s of %s", ErrInvalid, f.Name, f.Name, env))
				continue
			}
		}
		if f.Default != nil {
			v, err := hf.parseText(*f.Default)
			if err != nil {
				errs = append(errs, fmt.Errorf("%w: host field %s: default %q: %v", ErrInvalid, f.Name, *f.Default, err))
				continue
			}
			hf.def = v
		}
		c.host[name] = hf
	}
	if env.Kind() == reflect.Struct {
		for _, sf := range reflect.VisibleFields(env) {
			if sf.Tag.Get("rules") != "host" {
				continue
			}
			if sf.Type.Kind() != reflect.Map || sf.Type.Key().Kind() != reflect.String || sf.Type.Elem() != reflect.TypeFor[any]() {
				errs = append(errs, fmt.Errorf("%w: field %s tagged rules:\"host\" has type %s, want map[string]any", ErrType, sf.Name, sf.Type))
				continue
			}
			a, _ := pathTo(access{}, env, sf.Index)
			c.hostAcc = &a
			break
		}
	}
	return errs
}

// parseText parses a value's text as the field's type.
func (hf *hostField) parseText(s string) (any, error) {
	switch {
	case hf.t.ct != nil:
		v, err := hf.t.ct.parse(s)
		if err != nil {
			return nil, err
		}
		return v, nil
	case hf.t.k == kNum:
		return decimal.NewFromString(strings.TrimSpace(s))
	case hf.t.k == kString:
		return s, nil
	case hf.t.k == kBool:
		switch s {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return nil, fmt.Errorf("want true or false")
	case hf.t.k == kDate:
		return parseDate(s)
	}
	return nil, fmt.Errorf("unsupported type")
}

// hostLeaf compiles reading the host field hf.
func (c *compiler) hostLeaf(n ast.Node, hf *hostField) (cnode, *posError) {
	if c.cfg.hostAcc == nil {
		return cnode{}, errAt(n, ErrType, "%s is a host field, but the environment %s has no field tagged rules:\"host\"", hf.Name, c.env)
	}
	at := n.Location().From
	name := hf.Name
	loc, last := c.cfg.hostAcc.ptr(), c.cfg.hostAcc.last
	// get returns the field's value for this evaluation, or nil after
	// recording the failure.
	get := func(f *frame) any {
		var p unsafe.Pointer
		if loc == nil {
			p = unsafe.Add(f.env, last)
		} else if p = loc(f.env); p == nil {
			f.fail(at, fmt.Errorf("%w: host field %s: the host values are behind a nil pointer", ErrMissingValue, name))
			return nil
		}
		v, ok := (*(*map[string]any)(p))[name]
		if !ok || v == nil {
			if hf.def != nil {
				return hf.def
			}
			f.fail(at, fmt.Errorf("%w: host field %s has no value", ErrMissingValue, name))
			return nil
		}
		if s, ok := v.(string); ok && hf.t.k != kString {
			x, err := hf.parseText(s)
			if err != nil {
				f.fail(at, fmt.Errorf("%w: host field %s: %q is not a %s: %v", ErrRuntime, name, s, hf.Type, err))
				return nil
			}
			return x
		}
		return v
	}
	bad := func(f *frame, v any) {
		f.fail(at, fmt.Errorf("%w: host field %s: a %T is not a %s", ErrRuntime, name, v, hf.Type))
	}
	var out cnode
	out.t = hf.t
	switch ct := hf.t.ct; {
	case ct != nil && ct.k == kString:
		out.fn = strFn(func(f *frame) string {
			v := get(f)
			if v == nil {
				return ""
			}
			if s, ok := v.(string); ok {
				x, err := ct.parse(s)
				if err != nil {
					f.fail(at, fmt.Errorf("%w: host field %s: %q is not a %s: %v", ErrRuntime, name, s, ct.name, err))
					return ""
				}
				v = x
			}
			if reflect.TypeOf(v) != ct.rt {
				bad(f, v)
				return ""
			}
			s, _ := ct.key(v)
			return s
		})
	case ct != nil:
		out.fn = intFn(func(f *frame) int64 {
			v := get(f)
			if v == nil {
				return 0
			}
			if reflect.TypeOf(v) != ct.rt {
				bad(f, v)
				return 0
			}
			_, k := ct.key(v)
			return k
		})
	case hf.t.k == kNum:
		out.fn = numFn(func(f *frame) decexpr.Num {
			switch x := get(f).(type) {
			case nil:
			case decimal.Decimal:
				return f.bound(at, decexpr.FromDecimal(x)) // exponents held to the limit, as fields are
			case int:
				return decexpr.FromInt(int64(x))
			case int64:
				return decexpr.FromInt(x)
			case int32:
				return decexpr.FromInt(int64(x))
			default:
				bad(f, x)
			}
			return decexpr.Num{}
		})
	case hf.t.k == kString:
		out.fn = strFn(func(f *frame) string {
			switch x := get(f).(type) {
			case nil:
			case string:
				return x
			default:
				bad(f, x)
			}
			return ""
		})
	case hf.t.k == kBool:
		out.fn = boolFn(func(f *frame) bool {
			switch x := get(f).(type) {
			case nil:
			case bool:
				return x
			default:
				bad(f, x)
			}
			return false
		})
	case hf.t.k == kDate:
		out.fn = intFn(func(f *frame) int64 {
			switch x := get(f).(type) {
			case nil:
			case time.Time:
				return days(x)
			default:
				bad(f, x)
			}
			return 0
		})
	default:
		return cnode{}, errAt(n, ErrType, "host field %s has type %s, which rules cannot read", name, hf.Type)
	}
	// Host values live in a map the environment points to; an explained
	// replay reads them from the snapshot taken at evaluation.
	if c.trace {
		out.fn = c.cfg.snapshotField(name, out.t, out.fn, at)
	}
	out.idx = c.node(exNode{kind: exName, text: name, t: out.t})
	return c.rec(out), nil
}

// Fingerprint returns a canonical sha256 (hex) of what opts register: the
// host functions' names and Go signatures, the registered types' names and
// Go types, the declared host fields (name, type, default; not the
// description) and the limits. Options that change how rules compile or
// what they can read change it; the order of opts does not. A policy's
// hash includes it, so a result computed with other host functions or
// fields does not claim the same provenance. (What a host function
// computes cannot be hashed; give it a new name or version when it
// changes.)
func Fingerprint(opts ...Option) (string, error) {
	cfg := &config{funcs: map[string]*hostFunc{}, types: map[Type]*customType{}, byRT: map[reflect.Type]*customType{}}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o.apply(cfg); err != nil {
			return "", err
		}
	}
	var lines []string
	l := cfg.limits.withDefaults()
	lines = append(lines, fmt.Sprintf("limits\x00%d\x00%d\x00%d", l.MaxExprLength, l.MaxNodes, l.MemoryBudget))
	for name, h := range cfg.funcs {
		lines = append(lines, "func\x00"+name+"\x00"+h.t.String())
	}
	for name, ct := range cfg.types {
		lines = append(lines, "type\x00"+string(name)+"\x00"+ct.rt.PkgPath()+"."+ct.rt.Name()+"\x00"+ct.rt.Kind().String())
	}
	for name, f := range cfg.decls {
		def := "\x01"
		if f.Default != nil {
			def = *f.Default
		}
		lines = append(lines, "field\x00"+name+"\x00"+string(f.Type)+"\x00"+def)
	}
	slices.Sort(lines)
	h := sha256.New()
	h.Write([]byte("jixiao-rules-options/1\n"))
	for _, s := range lines {
		fmt.Fprintf(h, "%d:%s\n", len(s), s)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

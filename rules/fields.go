package rules

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"
	"unsafe"

	"github.com/expr-lang/expr/ast"
	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/decexpr"
)

// ---- identifiers and fields ----

func (c *compiler) ident(n *ast.IdentifierNode) (cnode, *posError) {
	for i := len(c.scope) - 1; i >= 0; i-- {
		if v := c.scope[i]; v.name == n.Value {
			return c.rec(c.readLocal(v, n)), nil
		}
	}
	f, ok := c.cfg.fieldByName(c.env, n.Value)
	if !ok || !f.IsExported() {
		if hf := c.cfg.host[n.Value]; hf != nil {
			return c.hostLeaf(n, hf)
		}
		return cnode{}, c.unknownName(n, n.Value, c.env)
	}
	return c.field(n, n.Value, c.env, f)
}

func (c *compiler) unknownName(n ast.Node, name string, t reflect.Type) *posError {
	cands := exportedFields(t)
	if t == c.env {
		for name := range c.cfg.host {
			cands = append(cands, name)
		}
	}
	for _, v := range c.scope {
		cands = append(cands, v.name)
	}
	e := errAt(n, ErrUnknownName, "%s", name)
	if s := suggest(name, cands); s != "" {
		e = errAt(n, ErrUnknownName, "%s (did you mean %s?)", name, s)
		e.suggestion = s
	}
	return e
}

func exportedFields(t reflect.Type) []string {
	var out []string
	var walk func(t reflect.Type, depth int)
	walk = func(t reflect.Type, depth int) {
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Anonymous && depth < 4 {
				ft := f.Type
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					walk(ft, depth+1)
				}
			}
			if f.IsExported() && !f.Anonymous {
				out = append(out, f.Name)
			}
		}
	}
	walk(t, 0)
	slices.Sort(out)
	return slices.Compact(out)
}

// access is a path from the environment to a field: offsets, with
// dereferences of pointers between them.
type access struct {
	steps []uintptr // offset then deref, for all but the last
	last  uintptr
}

// pathTo builds the access path for index path idx within struct t, given a
// prefix access.
func pathTo(prefix access, t reflect.Type, idx []int) (access, reflect.Type) {
	a := access{steps: slices.Clone(prefix.steps), last: prefix.last}
	for k, i := range idx {
		f := t.Field(i)
		a.last += f.Offset
		t = f.Type
		if k < len(idx)-1 && t.Kind() == reflect.Pointer {
			a.steps = append(a.steps, a.last)
			a.last = 0
			t = t.Elem()
		}
	}
	return a, t
}

// ptr returns the function locating the field; nil result means a nil
// pointer on the way.
func (a access) ptr() func(unsafe.Pointer) unsafe.Pointer {
	steps, last := a.steps, a.last
	if len(steps) == 0 {
		return nil
	}
	return func(p unsafe.Pointer) unsafe.Pointer {
		for _, off := range steps {
			p = *(*unsafe.Pointer)(unsafe.Add(p, off))
			if p == nil {
				return nil
			}
		}
		return unsafe.Add(p, last)
	}
}

// field compiles access to a field of the environment found by name,
// possibly promoted from an embedded struct.
func (c *compiler) field(n ast.Node, name string, t reflect.Type, f reflect.StructField) (cnode, *posError) {
	a, ft := pathTo(access{}, t, f.Index)
	return c.leaf(n, name, a, ft)
}

func (c *compiler) member(n *ast.MemberNode) (cnode, *posError) {
	// Collect the chain X.A.B from the root identifier.
	var names []string
	cur := ast.Node(n)
	for {
		m, ok := cur.(*ast.MemberNode)
		if !ok {
			break
		}
		prop, ok := m.Property.(*ast.StringNode)
		if !ok || m.Method {
			return cnode{}, errAt(m, ErrUnsupported, "only field access a.b is supported, not indexing or methods")
		}
		if m.Optional {
			return cnode{}, errAt(m, ErrUnsupported, "optional access ?. is not supported")
		}
		names = append(names, prop.Value)
		cur = m.Node
	}
	root, ok := cur.(*ast.IdentifierNode)
	if !ok {
		return cnode{}, errAt(n, ErrUnsupported, "field access is only supported on environment fields")
	}
	slices.Reverse(names)
	names = append([]string{root.Value}, names...)
	t := c.env
	var a access
	for i, nm := range names {
		if t.Kind() == reflect.Pointer {
			a.steps = append(a.steps, a.last)
			a.last = 0
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return cnode{}, errAt(n, ErrType, "%s is a %s, which has no field %s", strings.Join(names[:i], "."), t, nm)
		}
		f, ok := c.cfg.fieldByName(t, nm)
		if !ok || !f.IsExported() {
			var at ast.Node = root
			if i > 0 {
				at = n
			}
			return cnode{}, c.unknownName(at, nm, t)
		}
		a, t = pathTo(a, t, f.Index)
	}
	return c.leaf(n, strings.Join(names, "."), a, t)
}

// readField reads a field of type T: at offset off of the environment when
// the field is the environment's own (direct), else at the pointer base
// returns, the zero T when base met a nil pointer on the way (and recorded
// the missing value).
func readField[T any](direct bool, off uintptr, base func(*frame) unsafe.Pointer) func(*frame) T {
	if direct {
		return func(f *frame) T { return *(*T)(unsafe.Add(f.env, off)) }
	}
	return func(f *frame) T {
		if p := base(f); p != nil {
			return *(*T)(p)
		}
		var zero T
		return zero
	}
}

// leaf compiles reading a field of Go type ft at access path a.
func (c *compiler) leaf(n ast.Node, name string, a access, ft reflect.Type) (cnode, *posError) {
	at := n.Location().From
	loc := a.ptr()
	last := a.last
	// base returns the field pointer, or nil after recording a missing value.
	base := func(f *frame) unsafe.Pointer {
		if loc == nil {
			return unsafe.Add(f.env, last)
		}
		p := loc(f.env)
		if p == nil {
			f.fail(at, fmt.Errorf("%w: %s is nil", ErrMissingValue, name))
		}
		return p
	}
	var out cnode
	ct := c.cfg.byRT[ft]
	switch {
	case ct != nil && ct.k == kString:
		out.t = typ{k: kString, ct: ct}
		out.fn = strFn(readField[string](false, last, base))
	case ct != nil:
		out.t = typ{k: kInt, ct: ct}
		rd := intReader(ft.Kind())
		out.fn = intFn(func(f *frame) int64 {
			if p := base(f); p != nil {
				return rd(p)
			}
			return 0
		})
	case ft == typeDecimal:
		out.t = typ{k: kNum}
		if loc == nil { // the common case: a field of the environment itself
			// Converted once per evaluation: rules read the same
			// amounts again and again.
			k := c.cfg.cacheSlot(last)
			out.fn = numFn(func(f *frame) decexpr.Num {
				e := &f.cache[k]
				if e.gen == f.gen {
					return e.n
				}
				n := decexpr.FromDecimal(*(*decimal.Decimal)(unsafe.Add(f.env, last)))
				if !inRange(n) {
					n = f.bound(at, n)
				}
				e.gen = f.gen
				n.StoreTo(&e.n) // no write barrier unless the number is wide
				return n
			})
		} else {
			out.fn = numFn(func(f *frame) decexpr.Num {
				if p := base(f); p != nil {
					return f.bound(at, decexpr.FromDecimal(*(*decimal.Decimal)(p)))
				}
				return decexpr.Num{}
			})
		}
	case ft.Kind() == reflect.Pointer && ft.Elem() == typeDecimal:
		out.t = typ{k: kNum}
		out.fn = numFn(func(f *frame) decexpr.Num {
			if p := base(f); p != nil {
				if d := *(**decimal.Decimal)(p); d != nil {
					return f.bound(at, decexpr.FromDecimal(*d))
				}
				f.fail(at, fmt.Errorf("%w: %s is nil", ErrMissingValue, name))
			}
			return decexpr.Num{}
		})
	case ft == typeTime:
		out.t = typ{k: kDate}
		out.fn = intFn(func(f *frame) int64 {
			if p := base(f); p != nil {
				return days(*(*time.Time)(p))
			}
			return 0
		})
	case isIntKind(ft.Kind()) || ft.Kind() == reflect.Uint || ft.Kind() == reflect.Uint64:
		out.t = typ{k: kNum}
		if ft.Kind() == reflect.Uint || ft.Kind() == reflect.Uint64 {
			// A uint is as wide as the platform's word: read it as uint, not
			// as uint64, which would read past it on 32-bit platforms.
			wide := ft.Kind() == reflect.Uint64
			out.fn = numFn(func(f *frame) decexpr.Num {
				if p := base(f); p != nil {
					var u uint64
					if wide {
						u = *(*uint64)(p)
					} else {
						u = uint64(*(*uint)(p))
					}
					if u > math.MaxInt64 {
						return decexpr.FromDecimal(decimal.NewFromUint64(u))
					}
					return decexpr.FromInt(int64(u))
				}
				return decexpr.Num{}
			})
			break
		}
		rd := intReader(ft.Kind())
		if loc == nil && ft.Kind() == reflect.Int {
			out.fn = numFn(func(f *frame) decexpr.Num {
				return decexpr.FromInt(int64(*(*int)(unsafe.Add(f.env, last))))
			})
			break
		}
		out.fn = numFn(func(f *frame) decexpr.Num {
			if p := base(f); p != nil {
				return decexpr.FromInt(rd(p))
			}
			return decexpr.Num{}
		})
	case ft.Kind() == reflect.Float64 || ft.Kind() == reflect.Float32:
		out.t = typ{k: kFloat}
		f32 := ft.Kind() == reflect.Float32
		out.fn = floatFn(func(f *frame) float64 {
			if p := base(f); p != nil {
				if f32 {
					return float64(*(*float32)(p))
				}
				return *(*float64)(p)
			}
			return 0
		})
	case ft.Kind() == reflect.String:
		out.t = typ{k: kString}
		out.fn = strFn(readField[string](loc == nil, last, base))
		if loc == nil {
			out.direct, out.off = !c.trace, last
		}
	case ft.Kind() == reflect.Bool:
		out.t = typ{k: kBool}
		out.fn = boolFn(readField[bool](loc == nil, last, base))
		if loc == nil {
			out.direct, out.off = !c.trace, last
		}
	case ft.Kind() == reflect.Struct || ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Struct:
		return cnode{}, errAt(n, ErrType, "%s is a struct (%s); use one of its fields, such as %s.%s", name, ft, name, firstOr(exportedFields(derefType(ft)), "Field"))
	default:
		return cnode{}, errAt(n, ErrType, "%s has Go type %s, which rules cannot use (use decimal.Decimal, integers, string, bool or time.Time)", name, ft)
	}
	// When replaying for an explanation, f.env is a copy of the
	// environment taken at evaluation; a field behind a pointer could have
	// changed since, so its value is snapshotted instead.
	if c.trace && (loc != nil || ft.Kind() == reflect.Pointer) {
		out.fn = c.cfg.snapshotField(name, out.t, out.fn, at)
	}
	out.idx = c.node(exNode{kind: exName, text: name, t: out.t})
	return c.rec(out), nil
}

// snapField is one environment field an explained evaluation snapshots.
type snapField struct {
	name string
	fn   any // the plain reader
	sidx int // string slot, for strings
}

// snapshotField registers a field read for the snapshot and returns the
// reader that replays it from the snapshot.
func (cfg *config) snapshotField(name string, t typ, fn any, at int) any {
	key := name + "\x00" + t.String()
	i, ok := cfg.snapIdx[key]
	if !ok {
		i = len(cfg.snap)
		sf := snapField{name: name, fn: fn, sidx: -1}
		if t.k == kString {
			sf.sidx = cfg.nSnapStrs
			cfg.nSnapStrs++
		}
		cfg.snap = append(cfg.snap, sf)
		cfg.snapIdx[key] = i
	}
	sidx := cfg.snap[i].sidx
	missing := func(f *frame) bool {
		if f.snap.rec().vals[i].miss {
			f.fail(at, fmt.Errorf("%w: %s is nil", ErrMissingValue, name))
			return true
		}
		return false
	}
	switch fn.(type) {
	case boolFn:
		return boolFn(func(f *frame) bool { return !missing(f) && f.snap.rec().vals[i].c != 0 })
	case numFn:
		return numFn(func(f *frame) decexpr.Num {
			if missing(f) {
				return decexpr.Num{}
			}
			return f.snap.rec().num(i)
		})
	case floatFn:
		return floatFn(func(f *frame) float64 {
			if missing(f) {
				return 0
			}
			return math.Float64frombits(uint64(f.snap.rec().vals[i].c))
		})
	case strFn:
		return strFn(func(f *frame) string {
			if missing(f) {
				return ""
			}
			return f.snap.rec().strs[sidx]
		})
	case intFn:
		return intFn(func(f *frame) int64 {
			if missing(f) {
				return 0
			}
			return f.snap.rec().vals[i].c
		})
	}
	return fn
}

// takeSnapshot reads every snapshot field of the environment in f.
func takeSnapshot(f *frame, fields []snapField, snap *snapshot) {
	if len(fields) == 0 {
		return
	}
	r := snap.rec()
	for i, sf := range fields {
		s := &r.vals[i]
		f.err = nil
		switch fn := sf.fn.(type) {
		case boolFn:
			s.c = b2i(fn(f))
		case numFn:
			v := fn(f)
			if c, e, ok := v.Parts(); ok {
				s.c, s.e = c, e
			} else {
				s.wide, s.c = true, int64(len(r.wides))
				r.wides = append(r.wides, v.Decimal())
			}
		case floatFn:
			s.c = int64(math.Float64bits(fn(f)))
		case strFn:
			r.strs[sf.sidx] = fn(f)
		case intFn:
			s.c = fn(f)
		}
		s.set, s.miss = true, f.err != nil
	}
	f.err = nil
}

func derefType(t reflect.Type) reflect.Type {
	if t.Kind() == reflect.Pointer {
		return t.Elem()
	}
	return t
}

func firstOr(s []string, def string) string {
	if len(s) > 0 {
		return s[0]
	}
	return def
}

func intReader(k reflect.Kind) func(unsafe.Pointer) int64 {
	switch k {
	case reflect.Int8:
		return func(p unsafe.Pointer) int64 { return int64(*(*int8)(p)) }
	case reflect.Int16:
		return func(p unsafe.Pointer) int64 { return int64(*(*int16)(p)) }
	case reflect.Int32:
		return func(p unsafe.Pointer) int64 { return int64(*(*int32)(p)) }
	case reflect.Int64:
		return func(p unsafe.Pointer) int64 { return *(*int64)(p) }
	case reflect.Uint8:
		return func(p unsafe.Pointer) int64 { return int64(*(*uint8)(p)) }
	case reflect.Uint16:
		return func(p unsafe.Pointer) int64 { return int64(*(*uint16)(p)) }
	case reflect.Uint32:
		return func(p unsafe.Pointer) int64 { return int64(*(*uint32)(p)) }
	}
	return func(p unsafe.Pointer) int64 { return int64(*(*int)(p)) }
}

// days returns the calendar date of t (in t's location) as days since 1970-01-01.
func days(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

func fromDays(n int64) time.Time { return time.Unix(n*86400, 0).UTC() }

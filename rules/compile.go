package rules

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/expr-lang/expr/ast"
	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/decexpr"
)

// kind is the static type of a compiled sub-expression.
type kind uint8

const (
	kInvalid kind = iota
	kBool
	kNum    // exact number: decimal fields, integer fields, numeric literals
	kFloat  // float64 fields and what is computed from them
	kString // strings and string-kind types
	kDate   // calendar date as days since 1970-01-01
	kInt    // a registered integer-kind type
)

func (k kind) String() string {
	switch k {
	case kBool:
		return "bool"
	case kNum:
		return "exact number"
	case kFloat:
		return "float"
	case kString:
		return "string"
	case kDate:
		return "date"
	case kInt:
		return "integer"
	}
	return "invalid"
}

type typ struct {
	k  kind
	ct *customType // registered type, or nil
}

func (t typ) String() string {
	if t.ct != nil {
		return string(t.ct.name)
	}
	return t.k.String()
}

type (
	boolFn  func(*frame) bool
	numFn   func(*frame) decexpr.Num
	floatFn func(*frame) float64
	strFn   func(*frame) string
	intFn   func(*frame) int64 // dates (days) and integer-kind registered types
)

// cnode is a compiled sub-expression.
type cnode struct {
	t    typ
	fn   any // one of the *Fn types matching t.k
	lit  bool
	litF float64 // for numeric literals, the float value if a float is wanted
	idx  int     // index of its explanation node
	// direct marks a bool or string field of the environment itself, at
	// offset off, which operators may read without a closure call (only
	// in plain closures: recording ones must see every read).
	direct bool
	off    uintptr
}

// slot is one sub-expression's recorded value as explanations read it.
// Bools, dates, integer types and float64 bits are kept as integers in n.
type slot struct {
	n   decexpr.Num
	s   string
	set bool
}

// recSlot stores one recorded value without pointers, so that the
// recording buffer is cheap to allocate and invisible to the garbage
// collector; strings and wide decimals live beside it in recording.
type recSlot struct {
	c    int64
	e    int32
	set  bool
	wide bool // c indexes recording.wides
	miss bool // snapshot: the field could not be read (nil pointer)
}

// recording holds recorded values: the environment fields a program reads
// (its snapshot, taken by Eval when explaining) or every sub-expression of
// one rule (taken when an explanation is rendered, by replaying the rule on
// the snapshot).
type recording struct {
	env     unsafe.Pointer // snapshot: a copy of the environment
	asOf    int64          // snapshot: the frame's as-of date
	hasAsOf bool
	vals    []recSlot
	strs    []string
	wides   []decimal.Decimal
}

// num returns recorded slot i as a number.
func (r *recording) num(i int) decexpr.Num {
	s := r.vals[i]
	if s.wide {
		return decexpr.FromDecimal(r.wides[s.c])
	}
	return decexpr.New(s.c, s.e)
}

// recInt and recNum record a value, unless evaluation failed: values after
// a runtime error are meaningless and stay unrecorded.
func (f *frame) recInt(i int, v int64) {
	if f.err != nil {
		return
	}
	s := &f.rec.vals[f.base+i]
	s.set, s.c = true, v
}

func (f *frame) recNum(i int, v decexpr.Num) {
	if f.err != nil {
		return
	}
	s := &f.rec.vals[f.base+i]
	s.set = true
	if c, e, ok := v.Parts(); ok {
		s.c, s.e = c, e
		return
	}
	s.wide, s.c = true, int64(len(f.rec.wides))
	f.rec.wides = append(f.rec.wides, v.Decimal())
}

func (s *slot) int() int64 { return s.n.Int() }

// cachedNum is a decimal field converted during evaluation number gen.
type cachedNum struct {
	gen uint64
	n   decexpr.Num
}

// local holds the value of a let variable.
type local struct {
	n decexpr.Num
	s string
	f float64
}

func (l *local) int() int64 { return l.n.Int() }

// frame is the per-evaluation scratch state, pooled per Program; a Result
// filled by EvalTo keeps its frame for the next EvalTo into it.
type frame struct {
	owner   *program // the program whose pool made the frame
	env     unsafe.Pointer
	err     error
	errAt   int // rune offset of the failing node
	budget  int
	locals  []local
	rec     *recording // nil unless replaying for an explanation
	snap    *recording // the inputs read while replaying
	out     int        // the expression running: -1 for "when", else the output's index
	asOf    int64      // EvalOptions.AsOf in days
	hasAsOf bool
	base    int // first recSlot of the running expression
	sbase   int // first string slot of the running expression
	groups  []bool
	gen     uint64 // evaluation counter, > 0, validating cache entries
	cache   []cachedNum
}

func (f *frame) fail(at int, err error) {
	if f.err == nil {
		f.err, f.errAt = err, at
	}
}

func (f *frame) charge(at, n int) {
	f.budget -= n
	if f.budget < 0 {
		f.fail(at, ErrMemoryBudget)
	}
}

// posError is a compile error at a rune offset of the expression.
type posError struct {
	at         int
	err        error
	suggestion string
}

func (e *posError) Error() string { return e.err.Error() }

func errAt(n ast.Node, sentinel error, format string, args ...any) *posError {
	return &posError{at: n.Location().From, err: fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)}
}

// exKind classifies explanation nodes.
type exKind uint8

const (
	exLit exKind = iota
	exName
	exUnary
	exBinary
	exCall
	exCond
	exLet
)

// exNode is the static description of one sub-expression for explanations.
type exNode struct {
	kind  exKind
	text  string // source text of a literal, name of a field or function
	op    string
	kids  []int
	t     typ
	slot  int // index of its recSlot, relative to the expression; -1: none
	sslot int // index of its string slot, relative to the expression; -1: none
}

type localVar struct {
	name string
	t    typ
	idx  int
}

// compiler compiles one expression against an environment type.
type compiler struct {
	cfg     *config
	env     reflect.Type
	src     []rune
	trace   bool
	nodes   []exNode
	nSlots  int
	nStrs   int
	scope   []localVar
	nLocals int
}

var (
	typeDecimal = reflect.TypeFor[decimal.Decimal]()
	typeTime    = reflect.TypeFor[time.Time]()
)

func (c *compiler) node(x exNode) int {
	x.slot, x.sslot = -1, -1
	c.nodes = append(c.nodes, x)
	return len(c.nodes) - 1
}

func (c *compiler) text(n ast.Node) string {
	l := n.Location()
	if l.From >= 0 && l.To <= len(c.src) && l.From < l.To {
		return string(c.src[l.From:l.To])
	}
	return n.String()
}

// rec wraps a compiled node so that, when explaining, its value is recorded.
func (c *compiler) rec(n cnode) cnode {
	if !c.trace || n.lit || c.nodes[n.idx].slot >= 0 {
		return n
	}
	i := c.nSlots
	c.nSlots++
	c.nodes[n.idx].slot = i
	switch fn := n.fn.(type) {
	case boolFn:
		n.fn = boolFn(func(f *frame) bool {
			v := fn(f)
			f.recInt(i, b2i(v))
			return v
		})
	case numFn:
		n.fn = numFn(func(f *frame) decexpr.Num {
			v := fn(f)
			f.recNum(i, v)
			return v
		})
	case floatFn:
		n.fn = floatFn(func(f *frame) float64 {
			v := fn(f)
			f.recInt(i, int64(math.Float64bits(v)))
			return v
		})
	case strFn:
		k := c.nStrs
		c.nStrs++
		c.nodes[n.idx].sslot = k
		n.fn = strFn(func(f *frame) string {
			v := fn(f)
			f.recInt(i, 0)
			f.rec.strs[f.sbase+k] = v
			return v
		})
	case intFn:
		n.fn = intFn(func(f *frame) int64 {
			v := fn(f)
			f.recInt(i, v)
			return v
		})
	}
	return n
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func (c *compiler) compile(n ast.Node) (cnode, *posError) {
	switch n := n.(type) {
	case *ast.IntegerNode:
		return c.numLit(n, decexpr.FromInt(int64(n.Value)), float64(n.Value)), nil
	case *ast.FloatNode:
		txt := strings.ReplaceAll(c.text(n), "_", "")
		d, err := decimal.NewFromString(txt)
		if err != nil {
			d = decimal.NewFromFloat(n.Value)
		}
		// Bound literal exponents: aligning 1e999999999 with 1 would need a
		// billion-digit number.
		if e := d.Exponent(); e > maxLiteralExp || e < -maxLiteralExp || d.NumDigits() > maxLiteralDigits {
			return cnode{}, errAt(n, ErrLimit, "number literal %s is out of range (at most %d digits, exponent within ±%d)",
				txt, maxLiteralDigits, maxLiteralExp)
		}
		return c.numLit(n, decexpr.FromDecimal(d), n.Value), nil
	case *ast.StringNode:
		v := n.Value
		return cnode{t: typ{k: kString}, fn: strFn(func(*frame) string { return v }), lit: true,
			idx: c.node(exNode{kind: exLit, text: c.text(n), t: typ{k: kString}})}, nil
	case *ast.BoolNode:
		v := n.Value
		return cnode{t: typ{k: kBool}, fn: boolFn(func(*frame) bool { return v }), lit: true,
			idx: c.node(exNode{kind: exLit, text: c.text(n), t: typ{k: kBool}})}, nil
	case *ast.IdentifierNode:
		return c.ident(n)
	case *ast.MemberNode:
		return c.member(n)
	case *ast.UnaryNode:
		return c.unary(n)
	case *ast.BinaryNode:
		return c.binary(n)
	case *ast.ConditionalNode:
		return c.conditional(n, nil)
	case *ast.BuiltinNode:
		return c.call(n, n.Name, n.Arguments)
	case *ast.CallNode:
		id, ok := n.Callee.(*ast.IdentifierNode)
		if !ok {
			return cnode{}, errAt(n, ErrUnsupported, "only named functions can be called")
		}
		return c.call(n, id.Value, n.Arguments)
	case *ast.VariableDeclaratorNode:
		return c.let(n, nil)
	case *ast.NilNode:
		return cnode{}, errAt(n, ErrUnsupported, "nil is not a value in rules")
	case *ast.ArrayNode:
		return cnode{}, errAt(n, ErrUnsupported, "a list is only allowed after in")
	case *ast.PredicateNode, *ast.PointerNode:
		return cnode{}, errAt(n, ErrUnsupported, "closures such as {# > 0} are not supported")
	case *ast.MapNode:
		return cnode{}, errAt(n, ErrUnsupported, "map literals are not supported")
	case *ast.SliceNode:
		return cnode{}, errAt(n, ErrUnsupported, "slicing is not supported")
	case *ast.ChainNode:
		return cnode{}, errAt(n, ErrUnsupported, "optional chaining ?. is not supported")
	case *ast.SequenceNode:
		return cnode{}, errAt(n, ErrUnsupported, "sequences with ; are not supported")
	case nil:
		return cnode{}, &posError{err: fmt.Errorf("%w: empty expression", ErrSyntax)}
	}
	return cnode{}, errAt(n, ErrUnsupported, "%s is not supported", n.String())
}

func (c *compiler) numLit(n ast.Node, v decexpr.Num, f float64) cnode {
	return cnode{t: typ{k: kNum}, fn: numFn(func(*frame) decexpr.Num { return v }), lit: true, litF: f,
		idx: c.node(exNode{kind: exLit, text: c.text(n), t: typ{k: kNum}})}
}

// asFloat turns a numeric literal into a float constant.
func (c *compiler) asFloat(n cnode) cnode {
	v := n.litF
	n.t, n.fn = typ{k: kFloat}, floatFn(func(*frame) float64 { return v })
	c.nodes[n.idx].t = n.t
	return n
}

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
				e.gen, e.n = f.gen, n
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
			out.fn = numFn(func(f *frame) decexpr.Num {
				if p := base(f); p != nil {
					u := *(*uint64)(p)
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
		if f.snap.vals[i].miss {
			f.fail(at, fmt.Errorf("%w: %s is nil", ErrMissingValue, name))
			return true
		}
		return false
	}
	switch fn.(type) {
	case boolFn:
		return boolFn(func(f *frame) bool { return !missing(f) && f.snap.vals[i].c != 0 })
	case numFn:
		return numFn(func(f *frame) decexpr.Num {
			if missing(f) {
				return decexpr.Num{}
			}
			return f.snap.num(i)
		})
	case floatFn:
		return floatFn(func(f *frame) float64 {
			if missing(f) {
				return 0
			}
			return math.Float64frombits(uint64(f.snap.vals[i].c))
		})
	case strFn:
		return strFn(func(f *frame) string {
			if missing(f) {
				return ""
			}
			return f.snap.strs[sidx]
		})
	case intFn:
		return intFn(func(f *frame) int64 {
			if missing(f) {
				return 0
			}
			return f.snap.vals[i].c
		})
	}
	return fn
}

// takeSnapshot reads every snapshot field of the environment in f.
func takeSnapshot(f *frame, fields []snapField, r *recording) {
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
		store = func(f *frame) { f.locals[i].n = decexpr.FromInt(b2i(fn(f))) }
	case numFn:
		store = func(f *frame) { f.locals[i].n = fn(f) }
	case floatFn:
		store = func(f *frame) { f.locals[i].f = fn(f) }
	case strFn:
		store = func(f *frame) { f.locals[i].s = fn(f) }
	case intFn:
		store = func(f *frame) { f.locals[i].n = decexpr.FromInt(fn(f)) }
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
			return cmpResult(op, cmp64(a, b))
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

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
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

// ---- calls ----

// builtinList names the functions rules provide; expr's other builtins are
// rejected as unknown (or non-deterministic).
func builtinList() []string {
	return []string{"abs", "asOf", "clamp", "date", "div", "len", "max", "min", "percent", "round"}
}

// builtinDoc returns the usage of a built-in function, or "".
func builtinDoc(name string) string {
	switch name {
	case "round":
		return "round(x, places): x rounded half away from zero (四舍五入); round(a / b, places) divides"
	case "div":
		return "div(a, b, places): a ÷ b rounded half away from zero to places"
	case "percent":
		return "percent(part, whole, places): part ÷ whole × 100 rounded half away from zero"
	case "min":
		return "min(a, b, ...): the smallest"
	case "max":
		return "max(a, b, ...): the largest"
	case "clamp":
		return "clamp(x, lo, hi): x limited to [lo, hi]"
	case "abs":
		return "abs(x): the absolute value"
	case "date":
		return "date(\"YYYY-MM-DD\"): a date literal"
	case "len":
		return "len(s): the number of characters of s"
	case "asOf":
		return "asOf(): the evaluation date, EvalOptions.AsOf"
	}
	return ""
}

func (c *compiler) call(n ast.Node, name string, args []ast.Node) (cnode, *posError) {
	for _, a := range args {
		if _, ok := a.(*ast.PredicateNode); ok {
			return cnode{}, errAt(n, ErrUnsupported, "%s with a closure is not supported", name)
		}
	}
	switch name {
	case "now", "today":
		return cnode{}, errAt(n, ErrNondeterministic, "%s() is not allowed: the evaluation date is an input; put it in the environment", name)
	case "date":
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
	case "asOf":
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
	case "round", "div", "percent":
		return c.rounding(n, name, args)
	case "min", "max", "clamp", "abs":
		return c.minmax(n, name, args)
	case "len":
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

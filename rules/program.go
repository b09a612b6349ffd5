package rules

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/decexpr"
)

// Program is a rule set compiled against the environment type E (a Go
// struct whose money fields are decimal.Decimal). It is immutable and safe
// for concurrent use; per-evaluation scratch state is pooled.
type Program[E any] struct {
	p *program
}

// program is the type-erased compiled set shared by all Program[E].
type program struct {
	setID, version, hash string
	hit                  HitPolicy
	limits               Limits
	rules                []*crule // in evaluation order
	nOutputs             int
	nSlots               int
	nStrs                int
	snap                 []snapField
	nSnapStrs            int
	explained            *layout // what explaining adds, in one allocation
	result               *layout // a fresh result's storage, in one allocation
	explainedResult      *layout // result and explanation state, in one allocation
	resultTypes          []reflect.Type
	resultLens           []int
	copyEnv              func(dst, src unsafe.Pointer)
	cfg                  *config      // kept for compileTraced
	env                  reflect.Type // the environment type
	traceOnce            sync.Once
	nLocals              int
	nGroups              int
	pool                 sync.Pool
}

// layout places several arrays in one allocation, so that an evaluation
// of a small set allocates its whole result at once. The struct type is
// built once per Program with reflect.StructOf, so the garbage collector
// knows where its pointers are.
type layout struct {
	t    reflect.Type
	offs []uintptr
}

func newLayout(elems []reflect.Type, lens []int) *layout {
	fields := make([]reflect.StructField, len(elems))
	for i, e := range elems {
		fields[i] = reflect.StructField{Name: fmt.Sprintf("F%d", i), Type: reflect.ArrayOf(lens[i], e)}
	}
	t := reflect.StructOf(fields)
	l := &layout{t: t}
	for i := range fields {
		l.offs = append(l.offs, t.Field(i).Offset)
	}
	return l
}

func (l *layout) alloc() unsafe.Pointer { return reflect.New(l.t).UnsafePointer() }

// arrayAt returns the n-element array of T at offset off of base as a slice
// of length 0 and capacity n.
func arrayAt[T any](base unsafe.Pointer, off uintptr, n int) []T {
	if n == 0 {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Add(base, off)), n)[:0]
}

// resultArrays places a fresh result's slices in the arrays at the start
// of layout l.
func resultArrays(p *program, base unsafe.Pointer, l *layout) ([]Fired, []Value, []Skipped) {
	return arrayAt[Fired](base, l.offs[0], min(len(p.rules), resultFired)),
		arrayAt[Value](base, l.offs[1], min(p.nOutputs, resultFired)),
		arrayAt[Skipped](base, l.offs[2], len(p.rules))
}

// explainArrays sets up the explanation state whose arrays start at field
// k of layout l: the snapshot record, one Explanation per rule, the
// snapshot's fields and the copy of the environment.
func explainArrays(p *program, f *frame, base unsafe.Pointer, l *layout, k int, env unsafe.Pointer) []Explanation {
	f.snap = (*recording)(unsafe.Add(base, l.offs[k]))
	exps := arrayAt[Explanation](base, l.offs[k+1], len(p.rules))[:len(p.rules)]
	f.snap.vals = arrayAt[recSlot](base, l.offs[k+2], len(p.snap))[:len(p.snap)]
	f.snap.strs = arrayAt[string](base, l.offs[k+3], p.nSnapStrs)[:p.nSnapStrs]
	f.snap.env = unsafe.Add(base, l.offs[k+4])
	p.copyEnv(f.snap.env, env)
	return exps
}

// resultFired is how many fired rules (and outputs) a fresh result has
// room for before its slices grow: few rules fire per environment.
const resultFired = 4

// crule is one compiled rule.
type crule struct {
	// The fields every evaluation reads come first, to share a cache line.
	enabled       bool
	whenFn        boolFn // when.whenFn
	group         int    // index into groups, -1 for none
	from, to      int64  // effective period in days; math.MinInt64/MaxInt64 when open
	p             *program
	index         int // position in the Set's Rules
	id, name      string
	when          *cexpr
	outs          []*cexpr
	outNames      []string
	outTypes      []Type
	firstOutIndex int
}

// field names the expression of r that out designates: "when" for -1, else
// the name of output out.
func (r *crule) field(out int) string {
	if out < 0 || out >= len(r.outs) {
		return "when"
	}
	return r.outs[out].field
}

// cexpr is one compiled expression: a plain closure tree and a traced one
// that records sub-expression values for explanations.
type cexpr struct {
	src    string
	field  string
	tree   ast.Node
	want   *want // nil for a condition
	plain  any   // boolFn for when; outFn for outputs
	whenFn boolFn
	outFn  outFn
	traced any // set by compileTraced
	nodes  []exNode
	root   int
	base   int // first recSlot of this expression in the evaluation's recording
	sbase  int // first string slot of this expression
}

type outFn func(*frame, *Value)

// Compile type-checks every expression of s against the environment type E
// and compiles it. It returns every problem at once, joined with
// errors.Join; each is an *Error with the rule id, the field ("when" or an
// output name), and for expression errors the line, column and a caret
// snippet. s is copied: later changes to s do not affect the Program.
func Compile[E any](s *Set, opts ...Option) (*Program[E], error) {
	if s == nil {
		return nil, &Error{Err: fmt.Errorf("%w: nil rule set", ErrInvalid)}
	}
	cfg := &config{funcs: map[string]*hostFunc{}, types: map[Type]*customType{}, byRT: map[reflect.Type]*customType{}}
	var errs []error
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o.apply(cfg); err != nil {
			errs = append(errs, &Error{Err: err})
		}
	}
	cfg.limits = cfg.limits.withDefaults()
	cfg.parse = conf.CreateNew() // only read by the parser
	cfg.parse.MaxNodes = uint(cfg.limits.MaxNodes)
	cfg.fields = map[fieldKey]fieldHit{}
	cfg.snapIdx = map[string]int{}
	cfg.cacheIdx = map[uintptr]int{}
	env := reflect.TypeFor[E]()
	if env.Kind() != reflect.Struct {
		errs = append(errs, &Error{Err: fmt.Errorf("%w: environment type %s is not a struct", ErrType, env)})
	}
	for _, err := range cfg.resolveFields(env) {
		errs = append(errs, &Error{Err: err})
	}
	if err := s.Validate(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	p := &program{setID: s.ID, version: s.Version, hash: s.Hash(), hit: s.HitPolicy.normal(), limits: cfg.limits}
	order := make([]int, len(s.Rules))
	for i := range order {
		order[i] = i
	}
	// priority desc, then file order (then id, for completeness); compared,
	// never subtracted: MaxInt - MinInt overflows
	slices.SortStableFunc(order, func(a, b int) int {
		ra, rb := &s.Rules[a], &s.Rules[b]
		if c := cmp.Compare(rb.Priority, ra.Priority); c != 0 {
			return c
		}
		if c := cmp.Compare(a, b); c != 0 {
			return c
		}
		return strings.Compare(ra.ID, rb.ID)
	})
	groups := map[string]int{}
	for _, i := range order {
		r := &s.Rules[i]
		cr := &crule{p: p, index: i, id: r.ID, name: r.Name, enabled: r.IsEnabled(), group: -1, from: math.MinInt64, to: math.MaxInt64}
		if r.Group != "" {
			g, ok := groups[r.Group]
			if !ok {
				g = len(groups)
				groups[r.Group] = g
			}
			cr.group = g
		}
		if r.EffectiveFrom != "" {
			t, _ := parseDate(r.EffectiveFrom) // validated
			cr.from = days(t)
		}
		if r.EffectiveTo != "" {
			t, _ := parseDate(r.EffectiveTo)
			cr.to = days(t)
		}
		when, err := p.compileExpr(cfg, env, r.ID, "when", r.When, nil)
		if err != nil {
			errs = append(errs, err)
		}
		cr.when = when
		if when != nil {
			cr.whenFn = when.whenFn
		}
		cr.firstOutIndex = p.nOutputs
		for _, o := range r.Outputs {
			w, ok := wantOf(cfg, o.Type)
			if !ok {
				known := []string{string(TypeMoney), string(TypeNumber), string(TypeString), string(TypeBool), string(TypeDate)}
				for k := range cfg.types {
					known = append(known, string(k))
				}
				slices.Sort(known)
				e := &Error{RuleID: r.ID, Field: o.Name, Err: fmt.Errorf("%w: unknown output type %q (known: %s)", ErrType, o.Type, strings.Join(known, ", "))}
				if sg := suggest(string(o.Type), known); sg != "" {
					e.Suggestion = sg
					e.Err = fmt.Errorf("%w: unknown output type %q (did you mean %s?)", ErrType, o.Type, sg)
				}
				errs = append(errs, e)
				continue
			}
			ce, err := p.compileExpr(cfg, env, r.ID, o.Name, o.Expr, &w)
			if err != nil {
				errs = append(errs, err)
			}
			cr.outs = append(cr.outs, ce)
			cr.outNames = append(cr.outNames, o.Name)
			cr.outTypes = append(cr.outTypes, o.Type)
			p.nOutputs++
		}
		p.rules = append(p.rules, cr)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	p.nGroups = len(groups)
	p.cfg, p.env = cfg, env
	p.resultTypes = []reflect.Type{reflect.TypeFor[Fired](), reflect.TypeFor[Value](), reflect.TypeFor[Skipped]()}
	p.resultLens = []int{min(len(p.rules), resultFired), min(p.nOutputs, resultFired), len(p.rules)}
	p.result = newLayout(p.resultTypes, p.resultLens)
	p.copyEnv = func(dst, src unsafe.Pointer) { *(*E)(dst) = *(*E)(src) }
	p.pool.New = func() any {
		return &frame{owner: p, locals: make([]local, p.nLocals), groups: make([]bool, p.nGroups), cache: make([]cachedNum, len(cfg.cacheIdx))}
	}
	return &Program[E]{p: p}, nil
}

func wantOf(cfg *config, t Type) (want, bool) {
	switch t {
	case TypeMoney, TypeNumber:
		return want{name: t, k: kNum}, true
	case TypeString:
		return want{name: t, k: kString}, true
	case TypeBool:
		return want{name: t, k: kBool}, true
	case TypeDate:
		return want{name: t, k: kDate}, true
	}
	if ct, ok := cfg.types[t]; ok {
		return want{name: t, k: ct.k, ct: ct}, true
	}
	return want{}, false
}

// compileExpr parses and compiles one expression; w is nil for a condition.
func (p *program) compileExpr(cfg *config, env reflect.Type, ruleID, field, src string, w *want) (ce *cexpr, rerr error) {
	defer func() { // a bug must not crash the host: report it as this expression's error
		if v := recover(); v != nil {
			ce, rerr = nil, &Error{RuleID: ruleID, Field: field, Err: fmt.Errorf("%w: internal error: %v", ErrUnsupported, v)}
		}
	}()
	fail := func(at int, err error, sugg string) error {
		e := &Error{RuleID: ruleID, Field: field, Err: err, Suggestion: sugg}
		e.position(src, at)
		return e
	}
	if len(src) > cfg.limits.MaxExprLength {
		return nil, &Error{RuleID: ruleID, Field: field,
			Err: fmt.Errorf("%w: %d bytes, limit %d", ErrLimit, len(src), cfg.limits.MaxExprLength)}
	}
	tree, err := parser.ParseWithConfig(src, cfg.parse)
	if err != nil {
		var fe *file.Error
		if errors.As(err, &fe) {
			sentinel := ErrSyntax
			// too many nodes, or a number literal beyond int64 or float64
			// (strconv's "value out of range")
			if strings.Contains(fe.Message, "maximum allowed nodes") || strings.Contains(fe.Message, strconv.ErrRange.Error()) {
				sentinel = ErrLimit
			}
			return nil, fail(fe.From, fmt.Errorf("%w: %s", sentinel, fe.Message), "")
		}
		return nil, fail(0, fmt.Errorf("%w: %v", ErrSyntax, err), "")
	}
	ce = &cexpr{src: src, field: field, tree: tree.Node, want: w}
	c, fn, perr := ce.compile(cfg, env, false)
	if perr != nil {
		return nil, fail(perr.at, perr.err, perr.suggestion)
	}
	ce.plain = fn
	ce.whenFn, _ = fn.(boolFn)
	ce.outFn, _ = fn.(outFn)
	p.nLocals = max(p.nLocals, c.nLocals)
	return ce, nil
}

// compile compiles the expression's tree, plain or recording.
func (ce *cexpr) compile(cfg *config, env reflect.Type, trace bool) (*compiler, any, *posError) {
	c := &compiler{cfg: cfg, env: env, src: []rune(ce.src), trace: trace,
		nodes: make([]exNode, 0, min(len(ce.src)/4+4, 64))} // about one node per four bytes
	var n cnode
	var perr *posError
	if ce.want == nil {
		n, perr = c.compile(ce.tree)
		if perr == nil && n.t.k != kBool {
			perr = &posError{at: ce.tree.Location().From, err: fmt.Errorf("%w: condition is %s, want bool", ErrType, n.t)}
		}
	} else {
		n, perr = c.compileTo(ce.tree, *ce.want)
	}
	if perr != nil {
		return nil, nil, perr
	}
	var fn any = n.fn
	if ce.want != nil {
		fn = makeOut(n, *ce.want)
	}
	ce.root = n.idx
	return c, fn, nil
}

// compileTraced compiles the recording closures of every expression, once,
// on the first explained evaluation: programs that are never explained do
// not pay for them.
func (p *program) compileTraced() {
	p.traceOnce.Do(func() {
		for _, r := range p.rules {
			for _, ce := range append([]*cexpr{r.when}, r.outs...) {
				c, fn, perr := ce.compile(p.cfg, p.env, true)
				if perr != nil { // cannot happen: the plain compile succeeded
					panic(fmt.Sprintf("rules: recording compile of %q failed: %v", ce.src, perr))
				}
				ce.traced, ce.nodes = fn, c.nodes
				ce.base, ce.sbase = p.nSlots, p.nStrs
				p.nSlots += c.nSlots
				p.nStrs += c.nStrs
			}
		}
		p.snap, p.nSnapStrs = p.cfg.snap, p.cfg.nSnapStrs
		types := []reflect.Type{reflect.TypeFor[recording](), reflect.TypeFor[Explanation](), reflect.TypeFor[recSlot](), reflect.TypeFor[string](), p.env}
		lens := []int{1, len(p.rules), len(p.snap), p.nSnapStrs, 1}
		p.explained = newLayout(types, lens)
		p.explainedResult = newLayout(append(slices.Clone(p.resultTypes), types...), append(slices.Clone(p.resultLens), lens...))
	})
}

// makeOut wraps a typed closure into one that stores its result in a Value.
func makeOut(n cnode, w want) outFn {
	m := &valueMeta{typ: w.name, k: n.t.k, ct: w.ct}
	switch fn := n.fn.(type) {
	case boolFn:
		return func(f *frame, v *Value) { v.m, v.n = m, decexpr.FromInt(b2i(fn(f))) }
	case numFn:
		return func(f *frame, v *Value) { v.m, v.n = m, fn(f) }
	case strFn:
		return func(f *frame, v *Value) { v.m, v.s = m, fn(f) }
	case intFn:
		return func(f *frame, v *Value) { v.m, v.n = m, decexpr.FromInt(fn(f)) }
	}
	return func(*frame, *Value) {}
}

// EvalOptions control one evaluation.
type EvalOptions struct {
	// AsOf is the evaluation date (评价基准日), compared with the rules'
	// effective periods. The zero time means effective periods are not
	// checked: every enabled rule is in force.
	AsOf time.Time
	// Explain records the value of every sub-expression of every evaluated
	// rule; see Explanation. Off, evaluation pays nothing for it.
	Explain bool
	// FiredOnly records only the rules that fired: Result.Skipped stays
	// empty, while a rule's runtime error is still in Result.Errors. Bulk
	// runs that read only the outputs (an assessment over many cost lines)
	// save the bookkeeping of every rule that did not fire.
	FiredOnly bool
}

// SetID, Version and Hash identify the compiled rule set (Hash is
// [Set.Hash] of the set compiled).
func (p *Program[E]) SetID() string { return p.p.setID }

// Version returns the compiled rule set's version.
func (p *Program[E]) Version() string { return p.p.version }

// Hash returns the content hash of the compiled rule set.
func (p *Program[E]) Hash() string { return p.p.hash }

// EvalTo is Eval writing into dst and reusing the storage of dst's slices,
// so that a loop over many environments allocates nothing once dst has
// grown (with Explain off). Everything dst held before, including the
// Outputs of its Fired rules, is overwritten: copy what must be kept. dst
// also keeps the program's scratch state from one call to the next, so a
// Result, and its copies, serve one goroutine at a time.
func (p *Program[E]) EvalTo(dst *Result, env *E, o EvalOptions) error {
	if env == nil {
		*dst = Result{SetID: p.p.setID, Version: p.p.version, Hash: p.p.hash}
		return &Error{Err: fmt.Errorf("%w: nil environment", ErrMissingValue)}
	}
	return p.p.evalInto(dst, unsafe.Pointer(env), o)
}

// Eval evaluates the rule set for one environment. Runtime errors of single
// rules (division by zero, a nil pointer, an exceeded memory budget) are
// reported in Result.Errors and as skipped rules with ReasonError; they do
// not stop the other rules. The returned error is non-nil only when the
// evaluation as a whole is invalid: a nil env (ErrMissingValue) or more than
// one rule firing under HitUnique (ErrNotUnique, with the Result filled in).
func (p *Program[E]) Eval(env *E, o EvalOptions) (Result, error) {
	if env == nil {
		return Result{SetID: p.p.setID, Version: p.p.version, Hash: p.p.hash},
			&Error{Err: fmt.Errorf("%w: nil environment", ErrMissingValue)}
	}
	return p.p.eval(unsafe.Pointer(env), o)
}

func (p *program) eval(env unsafe.Pointer, o EvalOptions) (Result, error) {
	var res Result
	err := p.evalInto(&res, env, o)
	res.frame.env = nil // the pool keeps no caller's memory alive
	p.pool.Put(res.frame)
	res.frame = nil
	return res, err
}

// evalInto evaluates into res, reusing its storage: its slices' arrays and
// the frame it keeps from the last evaluation by p (a frame from p's pool
// the first time).
func (p *program) evalInto(res *Result, env unsafe.Pointer, o EvalOptions) error {
	values, fired, skipped := res.values[:0], res.fired[:0], res.skipped[:0]
	fresh := res.values == nil && res.fired == nil && res.skipped == nil && len(p.rules) > 0
	// Every other field is set when the rules have run. Unchanged strings
	// are not written again (a pointer written costs a write barrier while
	// the collector marks).
	if res.SetID != p.setID || res.Version != p.version || res.Hash != p.hash {
		res.SetID, res.Version, res.Hash = p.setID, p.version, p.hash
	}
	f := res.frame
	if f == nil || f.owner != p {
		f = p.pool.Get().(*frame)
		res.frame = f
	}
	if f.env != env {
		f.env = env
	}
	f.gen++
	clear(f.groups)
	var exps []Explanation
	switch {
	case fresh && o.Explain:
		// the result's storage and the explanation state in one allocation
		p.compileTraced()
		l := p.explainedResult
		base := l.alloc()
		fired, values, skipped = resultArrays(p, base, l)
		exps = explainArrays(p, f, base, l, 3, env)
	case fresh:
		fired, values, skipped = resultArrays(p, p.result.alloc(), p.result)
	case o.Explain:
		p.compileTraced()
		exps = explainArrays(p, f, p.explained.alloc(), p.explained, 0, env)
	}
	if o.Explain {
		// Explaining costs a copy of the environment and one read of each
		// field reached through a pointer: rules run on the plain closures
		// and are replayed on this snapshot only when an explanation is
		// rendered.
		takeSnapshot(f, p.snap, f.snap)
	}
	asOf, checkDates := int64(0), !o.AsOf.IsZero()
	if checkDates {
		asOf = days(o.AsOf)
	}
	f.asOf, f.hasAsOf = asOf, checkDates
	if f.snap != nil {
		f.snap.asOf, f.snap.hasAsOf = asOf, checkDates
	}
	// Set field by field: a composite literal is built in a temporary and
	// copied, which stalls on store forwarding (measured: 25 ns a call).
	var st evalState
	st.f, st.exps, st.values, st.fired, st.skipped = f, exps, values, fired, skipped
	st.checkDates, st.asOf, st.firedOnly = checkDates, asOf, o.FiredOnly
	for st.i < len(p.rules) {
		p.evalFrom(&st)
	}
	if f.snap != nil {
		f.snap = nil
	}

	// keep the storage for EvalTo; an empty list reads as nil either way
	keepArray(&res.values, st.values)
	keepArray(&res.fired, st.fired)
	keepArray(&res.skipped, st.skipped)
	keep(&res.Fired, st.fired)
	keep(&res.Skipped, st.skipped)
	keep(&res.Errors, st.errors)
	return st.uniqueErr
}

// keep sets *dst to s, or to nil when s is empty.
func keep[T any](dst *[]T, s []T) {
	if len(s) == 0 {
		if *dst != nil {
			*dst = nil
		}
		return
	}
	keepArray(dst, s)
}

// keepArray sets *dst to s, writing the array pointer only when it changes:
// EvalTo usually refills the same arrays, and each pointer written costs a
// write barrier while the collector marks.
func keepArray[T any](dst *[]T, s []T) {
	if cap(*dst) > 0 && cap(*dst) == cap(s) && &(*dst)[:1][0] == &s[:1][0] {
		*dst = (*dst)[:len(s)] // the same array: the length alone is written
		return
	}
	*dst = s
}

// evalState is the state of one evaluation's loop over the rules.
type evalState struct {
	i          int // the rule being evaluated
	errors     []*Error
	f          *frame
	exps       []Explanation
	values     []Value
	fired      []Fired
	skipped    []Skipped
	checkDates bool
	asOf       int64
	nFired     int
	uniqueErr  error
	firedOnly  bool // EvalOptions.FiredOnly
}

// skip records rule r as skipped for reason, unless only fired rules are
// recorded.
func (st *evalState) skip(p *program, r *crule, reason Reason, err *Error, x *Explanation) {
	if st.firedOnly {
		return
	}
	if st.skipped == nil {
		st.skipped = make([]Skipped, 0, len(p.rules))
	}
	st.skipped = append(st.skipped, Skipped{RuleID: r.id, Reason: reason, Err: err, Explanation: x})
}

// evalFrom evaluates rules from st.i on. A panic (a bug, or a host
// function panicking) is recovered here, once per evaluation rather than
// once per rule: the rule is reported as failed and evaluation goes on
// with the next one.
func (p *program) evalFrom(st *evalState) {
	f := st.f
	defer func() {
		if v := recover(); v != nil {
			r := p.rules[st.i]
			err := &Error{RuleID: r.id, Field: r.field(f.out), Err: fmt.Errorf("%w: internal error: %v", ErrRuntime, v)}
			st.errors = append(st.errors, err)
			st.skip(p, r, ReasonError, err, nil)
			st.i++
		}
	}()
	for ; st.i < len(p.rules); st.i++ {
		i, r := st.i, p.rules[st.i]
		reason := ReasonUnknown
		switch {
		case p.hit == HitFirst && st.nFired > 0:
			reason = ReasonNotReached
		case !r.enabled:
			reason = ReasonDisabled
		case st.checkDates && (st.asOf < r.from || st.asOf > r.to):
			reason = ReasonOutsidePeriod
		case r.group >= 0 && f.groups[r.group]:
			reason = ReasonGroupFired
		}
		if reason != ReasonUnknown {
			st.skip(p, r, reason, nil, nil)
			continue
		}
		values := st.values
		if cap(values)-len(values) < len(r.outs) {
			// Outputs of earlier rules keep the old array; sized small
			// because few rules fire per environment.
			values = slices.Grow(values, max(len(r.outs), min(p.nOutputs, resultFired)))
		}
		var x *Explanation
		if st.exps != nil {
			x = &st.exps[i]
			x.rule, x.snap = r, f.snap
		}
		start := len(values)
		values = values[:start+len(r.outs)]
		st.values = values[:start] // until the rule has fired
		fired, err := p.run(f, r, values[start:], false)
		switch {
		case err != nil:
			st.errors = append(st.errors, err)
			st.skip(p, r, ReasonError, err, x)
		case !fired:
			st.skip(p, r, ReasonConditionFalse, nil, x)
		default:
			st.values = values
			st.nFired++
			if r.group >= 0 {
				f.groups[r.group] = true
			}
			outs := values[start:len(values):len(values)]
			if st.fired == nil {
				st.fired = make([]Fired, 0, min(len(p.rules), resultFired))
			}
			st.fired = append(st.fired, Fired{RuleID: r.id, Name: r.name, Index: r.index, Outputs: outs, Explanation: x})
			if p.hit == HitUnique && st.nFired == 2 {
				st.uniqueErr = &Error{RuleID: r.id, Err: fmt.Errorf("%w: %s and %s", ErrNotUnique, st.fired[0].RuleID, r.id)}
			}
		}
	}
}

// run evaluates one rule, on the traced closures when replaying for an
// explanation; it never panics.
//
// It writes as few pointers into the frame as it can: while the collector
// marks, each one costs a write barrier, and run is called for every rule
// of every evaluation.
func (p *program) run(f *frame, r *crule, out []Value, explain bool) (bool, *Error) {
	if f.err != nil {
		f.err = nil
	}
	f.budget, f.out = p.limits.MemoryBudget, -1
	var ok bool
	if explain {
		f.base, f.sbase = r.when.base, r.when.sbase
		ok = r.when.traced.(boolFn)(f)
	} else {
		ok = r.whenFn(f)
	}
	if f.err == nil && ok {
		for k, ce := range r.outs {
			f.out = k
			v := &out[k]
			*v = Value{Name: r.outNames[k], Type: r.outTypes[k]}
			if explain {
				f.base, f.sbase = ce.base, ce.sbase
				ce.traced.(outFn)(f, v)
			} else {
				ce.outFn(f, v)
			}
			if f.err != nil {
				break
			}
		}
	}
	if f.err != nil {
		e := &Error{RuleID: r.id, Field: r.field(f.out), Err: f.err}
		src := r.when.src
		if f.out >= 0 {
			src = r.outs[f.out].src
		}
		e.position(src, f.errAt)
		return false, e
	}
	return ok, nil
}

// Result is the outcome of evaluating a rule set for one environment
// (规则评估结果).
type Result struct {
	SetID   string `json:"set_id"`
	Version string `json:"version"`
	// Hash is the rule set's content hash: exactly what ran.
	Hash string `json:"hash"`
	// Fired lists the rules that fired, in evaluation order.
	Fired []Fired `json:"fired"`
	// Skipped lists every other rule, in evaluation order, with the reason.
	Skipped []Skipped `json:"skipped"`
	// Errors lists the runtime errors of single rules (also in Skipped).
	Errors []*Error `json:"errors,omitempty"`

	// storage kept for EvalTo
	values  []Value
	fired   []Fired
	skipped []Skipped
	frame   *frame
}

// Fired is a rule that fired (命中), with its output values.
type Fired struct {
	RuleID string `json:"rule_id"`
	Name   string `json:"name,omitempty"`
	// Index is the rule's position in the compiled Set's Rules, so that a
	// caller can keep what it knows of each rule in a slice rather than a
	// map keyed by RuleID.
	Index   int     `json:"-"`
	Outputs []Value `json:"outputs"`
	// Explanation is set when EvalOptions.Explain was on.
	Explanation *Explanation `json:"explanation,omitempty"`
}

// Output returns the output called name.
func (f Fired) Output(name string) (Value, bool) {
	for _, v := range f.Outputs {
		if v.Name == name {
			return v, true
		}
	}
	return Value{}, false
}

// Skipped is a rule that did not fire (未命中), with the reason.
type Skipped struct {
	RuleID string `json:"rule_id"`
	Reason Reason `json:"reason"`
	// Err is the runtime error when Reason is ReasonError.
	Err *Error `json:"error,omitempty"`
	// Explanation is set when EvalOptions.Explain was on and the rule's
	// condition was evaluated.
	Explanation *Explanation `json:"explanation,omitempty"`
}

// Reason says why a rule did not fire.
type Reason uint8

// Reasons. The zero value ReasonUnknown is never reported.
const (
	ReasonUnknown        Reason = iota
	ReasonConditionFalse        // its condition was false (条件不成立)
	ReasonOutsidePeriod         // the as-of date is outside its effective period (不在生效期)
	ReasonDisabled              // it is disabled (已停用)
	ReasonGroupFired            // an earlier rule of its group fired (同组规则已命中)
	ReasonError                 // evaluating it failed (求值出错)
	ReasonNotReached            // hit policy first: an earlier rule fired (首条命中后未评估)
)

var reasonNames = [...]string{"unknown", "condition_false", "outside_period", "disabled", "group_fired", "error", "not_reached"}

// String returns the stable snake_case name of r.
func (r Reason) String() string {
	if int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return fmt.Sprintf("reason(%d)", r)
}

// MarshalText encodes r as its String.
func (r Reason) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// Value is one typed output value (输出值).
type Value struct {
	// Name is the output's name and Type its declared type.
	Name string
	Type Type
	m    *valueMeta
	n    decexpr.Num // numbers; bools, dates and integer types as integers
	s    string
}

// valueMeta is the static description of an output, shared by its values.
type valueMeta struct {
	typ Type
	k   kind
	ct  *customType
}

func (v Value) kind() kind {
	if v.m == nil {
		return kInvalid
	}
	return v.m.k
}

// Decimal returns a money or number value exactly; zero for other types.
func (v Value) Decimal() decimal.Decimal {
	if v.kind() != kNum {
		return decimal.Decimal{}
	}
	return v.n.Decimal()
}

// Parts returns a money or number value as coefficient × 10^exponent
// without allocating, when the coefficient fits in int64 (ok false
// otherwise, and for other types; use [Value.Decimal] then). Bulk callers
// use it to stay in integers where Decimal would allocate.
func (v Value) Parts() (coef int64, exp int32, ok bool) {
	if v.kind() != kNum {
		return 0, 0, false
	}
	return v.n.Parts()
}

// Bool returns a bool value; false for other types.
func (v Value) Bool() bool { return v.kind() == kBool && v.n.Int() != 0 }

// Time returns a date value as midnight UTC; the zero time for other types.
func (v Value) Time() time.Time {
	if v.kind() != kDate {
		return time.Time{}
	}
	return fromDays(v.n.Int())
}

// String returns the value as text: numbers as exact decimals, dates as
// YYYY-MM-DD, bools as true/false, registered types by their String method
// (or their underlying value).
func (v Value) String() string {
	switch v.kind() {
	case kNum:
		return v.n.String()
	case kString:
		return v.s
	case kBool:
		if v.n.Int() != 0 {
			return "true"
		}
		return "false"
	case kDate:
		return fromDays(v.n.Int()).Format(dateLayout)
	case kInt:
		return fmt.Sprint(v.Any())
	}
	return ""
}

// Any returns the value as a Go value: decimal.Decimal for money and
// numbers, string, bool, time.Time for dates, or a value of the registered
// Go type for a type registered with WithType.
func (v Value) Any() any {
	if v.m != nil && v.m.ct != nil {
		x := reflect.New(v.m.ct.rt).Elem()
		switch {
		case v.m.k == kString:
			x.SetString(v.s)
		case x.CanInt():
			x.SetInt(v.n.Int())
		default:
			x.SetUint(uint64(v.n.Int()))
		}
		return x.Interface()
	}
	switch v.kind() {
	case kNum:
		return v.Decimal()
	case kString:
		return v.s
	case kBool:
		return v.Bool()
	case kDate:
		return v.Time()
	}
	return nil
}

// MarshalJSON encodes v as {"name":…,"type":…,"value":…}, numbers as
// strings to keep them exact.
func (v Value) MarshalJSON() ([]byte, error) {
	var val any = v.String()
	if v.kind() == kBool {
		val = v.Bool()
	}
	return json.Marshal(struct {
		Name  string `json:"name"`
		Type  Type   `json:"type"`
		Value any    `json:"value"`
	}{v.Name, v.Type, val})
}

// EvalSeq evaluates the environments of envs as they come, with workers
// goroutines (1 or less: in the calling goroutine, one environment at a
// time), and yields each result with its Eval error in input order. With
// more workers, environments are taken in chunks of workers × 64, so a slow
// consumer holds back at most one chunk. The context is checked before each
// environment is evaluated and before each result is yielded: when ctx is
// cancelled EvalSeq yields the results of the environments already
// evaluated in a row from the start of the chunk (none for a consumer that
// cancelled), then a zero Result with an error wrapping ctx's error, once,
// and stops. The environments must not be modified until their result has
// been yielded.
func (p *Program[E]) EvalSeq(ctx context.Context, envs iter.Seq[*E], workers int, o EvalOptions) iter.Seq2[Result, error] {
	stop := func(yield func(Result, error) bool, err error) {
		yield(Result{}, fmt.Errorf("rules: batch stopped: %w", err))
	}
	if workers <= 1 {
		return func(yield func(Result, error) bool) {
			for e := range envs {
				if err := ctx.Err(); err != nil {
					stop(yield, err)
					return
				}
				if !yield(p.Eval(e, o)) {
					return
				}
			}
		}
	}
	return func(yield func(Result, error) bool) {
		chunk := make([]*E, 0, workers*64)
		res := make([]Result, workers*64)
		errs := make([]error, workers*64)
		done := make([]bool, workers*64)
		flush := func() bool {
			if err := ctx.Err(); err != nil {
				stop(yield, err)
				return false
			}
			n := len(chunk)
			clear(done[:n])
			var next atomic.Int64
			var wg sync.WaitGroup
			for range min(workers, n) {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for ctx.Err() == nil {
						i := int(next.Add(1) - 1)
						if i >= n {
							return
						}
						res[i], errs[i] = p.Eval(chunk[i], o)
						done[i] = true
					}
				}()
			}
			wg.Wait()
			// cancelled while evaluating: deliver what was evaluated in a
			// row, then stop; otherwise stop as soon as the consumer cancels
			evaluating := ctx.Err() != nil
			for i := range n {
				if evaluating && !done[i] || !evaluating && ctx.Err() != nil {
					stop(yield, ctx.Err())
					return false
				}
				if !yield(res[i], errs[i]) {
					return false
				}
			}
			if evaluating {
				stop(yield, ctx.Err())
				return false
			}
			chunk = chunk[:0]
			return true
		}
		for e := range envs {
			chunk = append(chunk, e)
			if len(chunk) == cap(chunk) && !flush() {
				return
			}
		}
		if len(chunk) > 0 {
			flush()
		}
	}
}

// BatchError is the error of one environment of a batch, by its index.
type BatchError struct {
	Index int
	Err   error
}

// Error names the environment's index in the batch and the problem.
func (e *BatchError) Error() string { return fmt.Sprintf("rules: environment %d: %v", e.Index, e.Err) }

// Unwrap returns the underlying error.
func (e *BatchError) Unwrap() error { return e.Err }

// EvalAll evaluates every environment of envs with workers goroutines
// (1 or less: in the calling goroutine) and returns the results in input
// order. An environment whose Eval returns an error (such as ErrNotUnique)
// still has its result; its error is returned as a *BatchError among the
// joined errors, and the other environments are unaffected. When ctx is
// cancelled, environments not yet started are left with a zero Result and
// ctx's error is among the returned errors.
func (p *Program[E]) EvalAll(ctx context.Context, envs []E, workers int, o EvalOptions) ([]Result, error) {
	res := make([]Result, len(envs))
	errs := make([]error, len(envs))
	var done atomic.Int64
	work := func(i int) {
		var err error
		res[i], err = p.Eval(&envs[i], o)
		if err != nil {
			errs[i] = &BatchError{Index: i, Err: err}
		}
		done.Add(1)
	}
	if workers <= 1 {
		for i := range envs {
			if ctx.Err() != nil {
				break
			}
			work(i)
		}
	} else {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range min(workers, max(len(envs), 1)) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					i := int(next.Add(1) - 1)
					if i >= len(envs) {
						return
					}
					work(i)
				}
			}()
		}
		wg.Wait()
	}
	var out []error
	if err := ctx.Err(); err != nil && int(done.Load()) < len(envs) {
		out = append(out, fmt.Errorf("rules: batch stopped after %d of %d environments: %w", done.Load(), len(envs), err))
	}
	for _, e := range errs {
		if e != nil {
			out = append(out, e)
		}
	}
	return res, joinErrs(out)
}

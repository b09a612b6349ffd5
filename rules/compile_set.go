package rules

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"

	"github.com/jixiao-go/jixiao/internal/decexpr"
)

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
	p.exact = newExactTable(len(p.rules), p.nOutputs)
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
		types, lens := explainTypes(p)
		p.explained = newLayout(types, lens)
		// the explanation state first, so that it sits at the same offsets
		// in every explained layout (see snapshot)
		p.explainedResult = newLayout(append(slices.Clone(types), p.resultTypes...), append(slices.Clone(lens), p.resultLens...))
		p.explainedResultTypes, p.explainedLens = append(slices.Clone(types), p.resultTypes...), lens
		p.snapEnvOff = p.explained.offs[2] - p.explained.offs[0]
		if len(p.snap) > 0 {
			p.snapRecOff = p.explained.offs[3] - p.explained.offs[0]
		}
		p.evalPos = make([]int, len(p.rules))
		for i, r := range p.rules {
			p.evalPos[r.index] = i
		}
		p.explainedExact = newExactTable(len(p.rules), p.nOutputs)
	})
}

// makeOut wraps a typed closure into one that stores its result in a Value.
func makeOut(n cnode, w want) outFn {
	m := &valueMeta{typ: w.name, k: n.t.k, ct: w.ct}
	switch fn := n.fn.(type) {
	case boolFn:
		return func(f *frame, v *Value) { v.setNum(m, decexpr.FromInt(b2i(fn(f)))) }
	case numFn:
		return func(f *frame, v *Value) { v.setNum(m, fn(f)) }
	case strFn:
		return func(f *frame, v *Value) { v.setStr(m, fn(f)) }
	case intFn:
		return func(f *frame, v *Value) { v.setNum(m, decexpr.FromInt(fn(f))) }
	}
	return func(_ *frame, v *Value) { *v = Value{Name: v.Name, Type: v.Type} }
}

// EvalOptions control one evaluation.

package rules

import (
	"fmt"
	"slices"
	"time"
	"unsafe"
)

// EvalOptions are the settings of one evaluation of a compiled rule set
// (规则求值选项): the date the rules' effective periods are checked against,
// whether to record an explanation, and whether to keep the rules that did
// not fire. The zero value checks no dates, explains nothing and keeps
// every rule.
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

// SetID returns the compiled rule set's ID; with [Program.Version] and
// [Program.Hash] ([Set.Hash] of the set compiled) it identifies what ran.
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
func (p *Program[E]) Eval(env *E, o EvalOptions) (res Result, err error) {
	if env == nil {
		return Result{SetID: p.p.setID, Version: p.p.version, Hash: p.p.hash},
			&Error{Err: fmt.Errorf("%w: nil environment", ErrMissingValue)}
	}
	err = p.p.eval(&res, unsafe.Pointer(env), o)
	return res, err
}

// eval evaluates into the scratch Result of a pooled frame, which reuses
// its storage like EvalTo, and copies what it holds into res, a zero
// Result, in one allocation sized to it (see exact.go). res is Eval's
// result, filled in place rather than returned up through the calls (a
// Result is 25 words).
func (p *program) eval(res *Result, env unsafe.Pointer, o EvalOptions) error {
	f := p.getFrame()
	s := &f.scratch
	if s.frame != f {
		s.frame = f
	}
	if s.skipped == nil && len(p.rules) > 0 {
		// the scratch's own storage, not shared with an explanation's
		// block; its values are slots, one per output of the set (see
		// evalState.compact)
		s.fired, _, s.skipped = resultArrays(p, p.result.alloc(), p.result, 0)
		s.values = makeArray[Value](p.nOutputs)[:p.nOutputs]
	}
	explain := o.Explain
	if explain {
		// Eval explains in its copy-out: the scratch marks the rules whose
		// explanation is wanted, and the snapshot and the explanations are
		// placed in the result's one allocation (see copyOutExplained).
		p.compileTraced()
		o.Explain = false
		f.marking = true
	}
	f.compact = true
	err := p.evalInto(s, env, o)
	f.compact = false
	if explain {
		f.marking = false
		p.copyOutExplained(res, s, env)
	} else {
		p.copyOut(res, s)
	}
	p.releaseScratch(s)
	f.env = nil // the program keeps no caller's memory alive
	p.putFrame(f)
	return err
}

// getFrame returns a frame for one Eval: the program's spare one when no
// other goroutine holds it (an atomic swap, cheaper than the pool's Get
// and Put and their pinning), else one from the pool.
func (p *program) getFrame() *frame {
	if f := p.spare.Swap(nil); f != nil {
		return f
	}
	return p.pool.Get().(*frame)
}

// putFrame gives f back: as the spare frame if there is none, else to the
// pool.
func (p *program) putFrame(f *frame) {
	if !p.spare.CompareAndSwap(nil, f) {
		p.pool.Put(f)
	}
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
		fired, values, skipped = resultArrays(p, base, l, len(p.explainedLens))
		exps, f.snap = explainArrays(p, base, l, env)
	case fresh:
		fired, values, skipped = resultArrays(p, p.result.alloc(), p.result, 0)
	case o.Explain:
		p.compileTraced()
		exps, f.snap = explainArrays(p, p.explained.alloc(), p.explained, env)
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
		f.snap.setAsOf(asOf, checkDates)
	}
	// Set field by field: a composite literal is built in a temporary and
	// copied, which stalls on store forwarding (measured: 25 ns a call).
	var st evalState
	st.f, st.exps, st.values, st.fired, st.skipped = f, exps, values, fired, skipped
	st.checkDates, st.asOf, st.firedOnly = checkDates, asOf, o.FiredOnly
	if f.compact {
		st.compact, st.marking = true, f.marking
		st.values = res.values[:cap(res.values)] // the slots
		st.skipHash, st.skipShareable = skipHashSeed, true
		if f.firedRecs == nil {
			f.firedRecs, f.skipRecs = make([]firedRec, 0, len(p.rules)), make([]skipRec, 0, len(p.rules))
		}
		st.firedRecs, st.skipRecs = f.firedRecs[:0], f.skipRecs[:0]
	}
	for st.i < len(p.rules) {
		p.evalFrom(&st)
	}
	if f.snap != nil {
		f.snap = nil
	}
	if st.compact {
		keepArray(&f.firedRecs, st.firedRecs)
		keepArray(&f.skipRecs, st.skipRecs)
		f.skipHash, f.skipShareable = st.skipHash, st.skipShareable
		f.nValues = st.nValues
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
	// compact: Eval's scratch, recording rules in firedRecs and skipRecs
	// (see frame.compact), each rule's outputs in slots of their own (at
	// the rule's firstOutIndex in values, which then holds a slot for
	// every output of the set), so that a slot keeps its name, type and
	// meta from one Eval to the next and the copy-out copies each value
	// from its slot; marking: Eval explaining, see copyOutExplained
	compact, marking bool
	firedRecs        []firedRec
	skipRecs         []skipRec
	nValues          int // the fired rules' outputs, in all
	// skipHash is the hash of skipRecs (skipHashStep), made as they are,
	// and skipShareable whether all of them are (skipRec.shareable), so
	// that the copy-out looks the shared list up without a pass over them
	skipHash      uint64
	skipShareable bool
}

// firedRec is a rule that fired, recorded compactly: its position in the
// program's rules and the position of its first output in the
// evaluation's values.
type firedRec struct{ pos, start int32 }

// skipRec is a rule that did not fire, recorded compactly: its position in
// the program's rules, the reason, and whether its condition was
// evaluated (so that an explaining Eval explains it).
type skipRec struct {
	pos       int32
	reason    Reason
	evaluated bool
}

// skip records rule r, at position st.i, as skipped for reason, unless
// only fired rules are recorded; evaluated tells whether its condition
// was evaluated.
func (st *evalState) skip(p *program, r *crule, reason Reason, err *Error, x *Explanation, evaluated bool) {
	if st.firedOnly {
		return
	}
	if st.compact {
		// err is the next of st.errors: the copy-out takes them in turn
		rec := skipRec{pos: int32(st.i), reason: reason, evaluated: evaluated && st.marking}
		st.skipRecs = append(st.skipRecs, rec)
		st.skipHash = skipHashStep(st.skipHash, rec)
		if !rec.shareable() {
			st.skipShareable = false
		}
		return
	}
	if st.skipped == nil {
		st.skipped = make([]Skipped, 0, len(p.rules))
	}
	st.skipped = slices.Grow(st.skipped, 1)
	st.skipped = st.skipped[:len(st.skipped)+1]
	s := &st.skipped[len(st.skipped)-1]
	// only what changes is written: see Value.reset
	if !sameString(s.RuleID, r.id) {
		s.RuleID = r.id
	}
	s.Reason = reason
	if s.Err != err {
		s.Err = err
	}
	if s.Explanation != x {
		s.Explanation = x
	}
}

// dropSlots drops what the slots of rule r in Eval's scratch refer to
// beyond the program's own data (see releaseScratch), once r has failed
// with some of its outputs set: releaseScratch drops only the fired
// rules' values.
func (st *evalState) dropSlots(r *crule) {
	if !st.compact {
		return
	}
	dropValues(st.values[r.firstOutIndex : r.firstOutIndex+len(r.outs)])
}

// setFired makes d the record of rule r fired with outputs outs, writing
// only what changes (see Value.reset).
func setFired(d *Fired, r *crule, outs []Value, x *Explanation) {
	if !sameString(d.RuleID, r.id) {
		d.RuleID = r.id
	}
	if !sameString(d.Name, r.name) {
		d.Name = r.name
	}
	d.Index = r.index
	if cap(d.Outputs) != cap(outs) || len(outs) == 0 || len(d.Outputs) == 0 || &d.Outputs[:1][0] != &outs[:1][0] {
		d.Outputs = outs
	} else {
		d.Outputs = d.Outputs[:len(outs)]
	}
	if d.Explanation != x {
		d.Explanation = x
	}
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
			st.dropSlots(r)
			st.skip(p, r, ReasonError, err, nil, false)
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
			st.skip(p, r, reason, nil, nil, false)
			continue
		}
		var x *Explanation
		if st.exps != nil {
			x = &st.exps[i]
			x.ref, x.pos = unsafe.Pointer(f.snap), i+1
		}
		var out []Value
		start, end := 0, 0
		if st.compact {
			start = r.firstOutIndex // the rule's own slots
			end = start + len(r.outs)
			out = st.values[start:end:end]
		} else {
			values := st.values
			if cap(values)-len(values) < len(r.outs) {
				// Outputs of earlier rules keep the old array; sized small
				// because few rules fire per environment.
				values = slices.Grow(values, max(len(r.outs), min(p.nOutputs, resultFired)))
			}
			start = len(values)
			end = start + len(r.outs)
			out = values[start:end]
			st.values = values[:start] // until the rule has fired
		}
		fired, err := p.run(f, r, out, false)
		switch {
		case err != nil:
			st.errors = append(st.errors, err)
			st.dropSlots(r)
			st.skip(p, r, ReasonError, err, x, true)
		case !fired:
			st.skip(p, r, ReasonConditionFalse, nil, x, true)
		case st.compact:
			st.nFired++
			if r.group >= 0 {
				f.groups[r.group] = true
			}
			st.firedRecs = append(st.firedRecs, firedRec{pos: int32(i), start: int32(start)})
			st.nValues += len(r.outs)
			if p.hit == HitUnique && st.nFired == 2 {
				first := p.rules[st.firedRecs[0].pos]
				st.uniqueErr = &Error{RuleID: r.id, Err: fmt.Errorf("%w: %s and %s", ErrNotUnique, first.id, r.id)}
			}
		default:
			st.values = st.values[:end]
			st.nFired++
			if r.group >= 0 {
				f.groups[r.group] = true
			}
			outs := st.values[start:end:end]
			if st.fired == nil {
				st.fired = make([]Fired, 0, min(len(p.rules), resultFired))
			}
			st.fired = slices.Grow(st.fired, 1)
			st.fired = st.fired[:len(st.fired)+1]
			setFired(&st.fired[len(st.fired)-1], r, outs, x)
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
			v.reset(r.outNames[k], r.outTypes[k])
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

package rules

import (
	"reflect"
	"slices"
	"sync/atomic"
	"unsafe"
)

// Eval hands each caller a Result of its own. It evaluates into a pooled
// scratch Result (as EvalTo does, allocating nothing) and copies the
// outcome into one allocation of exactly the size it needs: the fired
// rules, their outputs and the skipped rules, rather than room for the
// largest outcome the set could have. What Eval costs over EvalTo is
// allocating, zeroing and collecting that block, so its size is what
// counts (measured in bench/, BenchmarkReference and BenchmarkLiveHeap).

// Bounds of the table of exact layouts a program keeps: outcomes with at
// most exactFired-1 fired rules and exactValues-1 outputs (nearly every
// outcome: few rules fire per environment) get one allocation; a larger
// one gets one per slice. The table holds at most exactFired×exactValues×2
// layouts, built on first use.
const (
	exactFired  = 8
	exactValues = 16
)

// exactTable is the per-program table of exact layouts, indexed by
// exactIndex.
type exactTable []atomic.Pointer[layout]

func newExactTable(nRules, nOutputs int) exactTable {
	return make(exactTable, min(nRules+1, exactFired)*min(nOutputs+1, exactValues)*2)
}

// exactLayout returns the layout of a result with nF fired rules, nV
// output values and nS skipped rules, preceded by arrays of the lengths
// prefix (an explanation's state), from table t of layouts of types, or
// nil when the table has no room for it. nS is either every rule that did
// not fire or none (FiredOnly).
func (p *program) exactLayout(t exactTable, types []reflect.Type, prefix []int, nF, nV, nS int) *layout {
	if nF >= exactFired || nV >= exactValues || (nS != 0 && nS != len(p.rules)-nF) {
		return nil
	}
	cols := min(p.nOutputs+1, exactValues)
	i := (nF*cols + nV) * 2
	if nS == 0 {
		i++
	}
	if i >= len(t) {
		return nil
	}
	if l := t[i].Load(); l != nil {
		return l
	}
	l := newLayout(types, append(slices.Clone(prefix), nF, nV, nS))
	t[i].CompareAndSwap(nil, l) // a concurrent build is as good
	return t[i].Load()
}

// outcomeSize returns how many fired rules, values and skipped rules the
// frame f of a scratch Result recorded (see frame.compact).
func (p *program) outcomeSize(f *frame) (nF, nV, nS int) {
	return len(f.firedRecs), f.nValues, len(f.skipRecs)
}

// copyOut makes res, a zero Result, hold what s holds, in storage of its
// own of exactly the size it needs. res keeps that storage for EvalTo.
func (p *program) copyOut(res, s *Result) {
	var shared []Skipped
	if f := s.frame; f.skipShareable {
		shared = p.sharedSkippedHashed(f.skipRecs, f.skipHash)
	}
	nF, nV, nS := p.outcomeSize(s.frame)
	if shared != nil {
		nS = 0
	}
	var (
		fired   []Fired
		values  []Value
		skipped []Skipped
	)
	if l := p.exactLayout(p.exact, p.resultTypes, nil, nF, nV, nS); l != nil {
		base := unsafe.Pointer(nil)
		if l.t.Size() > 0 {
			base = l.alloc()
		}
		fired = arrayAt[Fired](base, l.offs[0], nF)
		values = arrayAt[Value](base, l.offs[1], nV)
		skipped = arrayAt[Skipped](base, l.offs[2], nS)
	} else {
		fired, values, skipped = makeArray[Fired](nF), makeArray[Value](nV), makeArray[Skipped](nS)
	}
	p.fill(res, s, fired, values, skipped[:nS], nil, nil)
	if shared != nil {
		res.Skipped = shared // not kept for EvalTo: it is never written again
	}
}

// copyOutExplained is copyOut for an explaining Eval: the scratch s's
// frame tells which rules are explained (skipRec.evaluated), and the
// snapshot of env and the explanations are made here, in the result's one
// allocation (two
// when the table of exact layouts has no room for the outcome). Taking
// the snapshot after the rules have run reads what they read: the
// environment does not change during the call.
func (p *program) copyOutExplained(res, s *Result, env unsafe.Pointer) {
	nF, nV, nS := p.outcomeSize(s.frame)
	var (
		fired   []Fired
		values  []Value
		skipped []Skipped
		base    unsafe.Pointer
	)
	l := p.exactLayout(p.explainedExact, p.explainedResultTypes, p.explainedLens, nF, nV, nS)
	if l != nil {
		base = l.alloc()
		k := len(p.explainedLens) // the result's first array in l
		fired = arrayAt[Fired](base, l.offs[k], nF)
		values = arrayAt[Value](base, l.offs[k+1], nV)
		skipped = arrayAt[Skipped](base, l.offs[k+2], nS)
	} else {
		fired, values, skipped = makeArray[Fired](nF), makeArray[Value](nV), makeArray[Skipped](nS)
		l = p.explained
		base = l.alloc()
	}
	f := s.frame
	exps, snap := explainArrays(p, base, l, env)
	takeSnapshot(f, p.snap, snap)
	snap.setAsOf(f.asOf, f.hasAsOf)
	p.fill(res, s, fired, values, skipped[:nS], exps, snap)
}

// fill copies what the scratch Result s and its frame's records hold
// (see frame.compact) into the zeroed arrays fired, values (capacity
// only) and skipped (at its length), and makes res, a zero Result, hold
// them.
// With exps, the fired rules and the skipped ones whose condition was
// evaluated get the explanations at their positions in exps, on snapshot
// snap.
func (p *program) fill(res, s *Result, fired []Fired, values []Value, skipped []Skipped, exps []Explanation, snap *snapshot) {
	f := s.frame
	explanation := func(i int32) *Explanation {
		e := &exps[i]
		e.ref, e.pos = unsafe.Pointer(snap), int(i)+1
		return e
	}
	// The arrays are fresh and zeroed: each value is copied whole from its
	// slot, and only the fields set are written.
	for i, fr := range f.firedRecs {
		r := p.rules[fr.pos]
		src := s.values[fr.start : int(fr.start)+len(r.outs)]
		start := len(values)
		values = values[:start+len(src)]
		copy(values[start:], src)
		fired = fired[:i+1]
		d := &fired[i]
		d.RuleID = r.id
		d.Index = r.index
		if r.name != "" {
			d.Name = r.name
		}
		switch {
		case len(src) > 0:
			d.Outputs = values[start:len(values):len(values)]
		case s.values != nil:
			d.Outputs = []Value{} // empty, not nil, as EvalTo gives it (no allocation)
		}
		if exps != nil {
			d.Explanation = explanation(fr.pos)
		}
	}
	errs := s.Errors // in the order of the rules failing
	for i := range skipped {
		sr, d := &f.skipRecs[i], &skipped[i]
		d.RuleID = p.rules[sr.pos].id
		d.Reason = sr.reason
		if sr.reason == ReasonError && len(errs) > 0 {
			d.Err, errs = errs[0], errs[1:]
		}
		if exps != nil && sr.evaluated {
			d.Explanation = explanation(sr.pos)
		}
	}
	res.SetID, res.Version, res.Hash = s.SetID, s.Version, s.Hash
	if s.Errors != nil {
		res.Errors = s.Errors
	}
	res.values, res.fired, res.skipped = values, fired, skipped
	keep(&res.Fired, fired)
	keep(&res.Skipped, skipped)
}

// makeArray returns a slice of length 0 and capacity n, nil when n is 0.
func makeArray[T any](n int) []T {
	if n == 0 {
		return nil
	}
	return make([]T, 0, n)
}

// releaseScratch drops what the scratch Result s refers to beyond the
// program's own data (output values, which may hold the caller's strings;
// runtime errors), so that the pool keeps no caller's memory
// alive; its arrays stay for the next Eval. Only the fired rules' slots
// hold values to drop: those of a rule that failed were dropped when it
// failed (evalState.dropSlots), and no other rule's outputs ran.
func (p *program) releaseScratch(s *Result) {
	for _, fr := range s.frame.firedRecs {
		dropValues(s.values[fr.start : int(fr.start)+len(p.rules[fr.pos].outs)])
	}
	s.Errors = nil
}

// dropValues drops the caller's memory the values may refer to. Only a
// value's number or string can be the caller's (a string field's bytes, a
// wide decimal): its meta is the program's and stays, so that the next
// Eval, which often fires the same rules, need not write it again (see
// Value.setNum).
func dropValues(vs []Value) {
	for k := range vs {
		if v := &vs[k]; v.x != nil {
			v.x = nil
		}
	}
}

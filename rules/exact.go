package rules

import (
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
// output values and nS skipped rules, or nil when the table has no room
// for it. nS is either every rule that did not fire or none (FiredOnly).
func (p *program) exactLayout(nF, nV, nS int) *layout {
	if nF >= exactFired || nV >= exactValues || (nS != 0 && nS != len(p.rules)-nF) {
		return nil
	}
	cols := min(p.nOutputs+1, exactValues)
	i := (nF*cols + nV) * 2
	if nS == 0 {
		i++
	}
	if i >= len(p.exact) {
		return nil
	}
	if l := p.exact[i].Load(); l != nil {
		return l
	}
	l := newLayout(p.resultTypes, []int{nF, nV, nS})
	p.exact[i].CompareAndSwap(nil, l) // a concurrent build is as good
	return p.exact[i].Load()
}

// copyOut returns a Result holding what s holds, in storage of its own of
// exactly the size it needs. The Result keeps that storage for EvalTo.
func (p *program) copyOut(s *Result) Result {
	shared := p.sharedSkipped(s.Skipped)
	nF, nS := len(s.Fired), len(s.Skipped)
	if shared != nil {
		nS = 0
	}
	nV := 0
	for i := range s.Fired {
		nV += len(s.Fired[i].Outputs)
	}
	var (
		fired   []Fired
		values  []Value
		skipped []Skipped
	)
	if l := p.exactLayout(nF, nV, nS); l != nil {
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
	// Field by field into the zeroed block, writing no nil pointer and no
	// empty string: each pointer written costs a write barrier while the
	// collector marks, where a typed copy pays one for every pointer slot.
	for i := range s.Fired {
		src := &s.Fired[i]
		start := len(values)
		values = values[:start+len(src.Outputs)]
		for k := range src.Outputs {
			copyValue(&values[start+k], &src.Outputs[k])
		}
		fired = fired[:i+1]
		d := &fired[i]
		d.RuleID, d.Index = src.RuleID, src.Index
		if src.Name != "" {
			d.Name = src.Name
		}
		switch {
		case len(src.Outputs) > 0:
			d.Outputs = values[start:len(values):len(values)]
		case src.Outputs != nil:
			d.Outputs = []Value{} // empty, not nil, as EvalTo gives it (no allocation)
		}
		if src.Explanation != nil {
			d.Explanation = src.Explanation
		}
	}
	skipped = skipped[:nS]
	for i := range skipped {
		src, d := &s.Skipped[i], &skipped[i]
		d.RuleID, d.Reason = src.RuleID, src.Reason
		if src.Err != nil {
			d.Err = src.Err
		}
		if src.Explanation != nil {
			d.Explanation = src.Explanation
		}
	}
	res := Result{SetID: s.SetID, Version: s.Version, Hash: s.Hash, Errors: s.Errors,
		values: values, fired: fired, skipped: skipped}
	keep(&res.Fired, fired)
	keep(&res.Skipped, skipped)
	if shared != nil {
		res.Skipped = shared // not kept for EvalTo: it is never written again
	}
	return res
}

// copyValue sets *d, a zero Value, to *v.
func copyValue(d, v *Value) {
	d.Name, d.Type, d.m = v.Name, v.Type, v.m
	d.c, d.e = v.c, v.e
	if v.x != nil {
		d.x = v.x
	}
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
// runtime errors; explanations), so that the pool keeps no caller's memory
// alive; its arrays stay for the next Eval.
func (p *program) releaseScratch(s *Result) {
	for i := range s.Fired {
		// Only a value's number or string can be the caller's (a string
		// field's bytes, a wide decimal): its name, type and meta are the
		// program's and stay, so that the next Eval, which often fires the
		// same rules, need not write them again (see Value.reset).
		for k := range s.Fired[i].Outputs {
			if v := &s.Fired[i].Outputs[k]; v.x != nil {
				v.x = nil
			}
		}
		if s.Fired[i].Explanation != nil {
			s.Fired[i].Explanation = nil
		}
	}
	for i := range s.Skipped {
		if s.Skipped[i].Err != nil || s.Skipped[i].Explanation != nil {
			s.Skipped[i].Err, s.Skipped[i].Explanation = nil, nil
		}
	}
	s.Errors = nil
}

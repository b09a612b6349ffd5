package rules

import (
	"fmt"
	"reflect"
	"unsafe"
)

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
// snapshot's fields and the copy of the environment. It returns the
// explanations and the snapshot record.
func explainArrays(p *program, base unsafe.Pointer, l *layout, k int, env unsafe.Pointer) ([]Explanation, *recording) {
	snap := (*recording)(unsafe.Add(base, l.offs[k]))
	snap.p = p
	exps := arrayAt[Explanation](base, l.offs[k+1], len(p.rules))[:len(p.rules)]
	snap.vals = arrayAt[recSlot](base, l.offs[k+2], len(p.snap))[:len(p.snap)]
	snap.strs = arrayAt[string](base, l.offs[k+3], p.nSnapStrs)[:p.nSnapStrs]
	snap.env = unsafe.Add(base, l.offs[k+4])
	p.copyEnv(snap.env, env)
	return exps, snap
}

// resultFired is how many fired rules (and outputs) a fresh result has
// room for before its slices grow: few rules fire per environment.

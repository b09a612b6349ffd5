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

// resultArrays places a fresh result's slices in the arrays of layout l
// from field k on.
func resultArrays(p *program, base unsafe.Pointer, l *layout, k int) ([]Fired, []Value, []Skipped) {
	return arrayAt[Fired](base, l.offs[k], min(len(p.rules), resultFired)),
		arrayAt[Value](base, l.offs[k+1], min(p.nOutputs, resultFired)),
		arrayAt[Skipped](base, l.offs[k+2], len(p.rules))
}

// explainArrays sets up the explanation state at the start of layout l
// (see explainTypes): the snapshot, one Explanation per rule, the copy of
// the environment and, for a program that reads fields through pointers,
// the recording of their values. It returns the explanations and the
// snapshot.
func explainArrays(p *program, base unsafe.Pointer, l *layout, env unsafe.Pointer) ([]Explanation, *snapshot) {
	snap := (*snapshot)(unsafe.Add(base, l.offs[0]))
	snap.p = p
	exps := arrayAt[Explanation](base, l.offs[1], len(p.rules))[:len(p.rules)]
	p.copyEnv(snap.env(), env)
	if rec := snap.rec(); rec != nil {
		rec.vals = arrayAt[recSlot](base, l.offs[4], len(p.snap))[:len(p.snap)]
		rec.strs = arrayAt[string](base, l.offs[5], p.nSnapStrs)[:p.nSnapStrs]
	}
	return exps, snap
}

// explainTypes returns the types and lengths of the arrays explaining adds
// to a result (see explainArrays): the snapshot, the explanations, the
// copy of the environment and, when the program reads fields through
// pointers, their recording.
func explainTypes(p *program) ([]reflect.Type, []int) {
	types := []reflect.Type{reflect.TypeFor[snapshot](), reflect.TypeFor[Explanation](), p.env}
	lens := []int{1, len(p.rules), 1}
	if len(p.snap) > 0 {
		types = append(types, reflect.TypeFor[recording](), reflect.TypeFor[recSlot](), reflect.TypeFor[string]())
		lens = append(lens, 1, len(p.snap), p.nSnapStrs)
	}
	return types, lens
}

// resultFired is how many fired rules (and outputs) a fresh result has
// room for before its slices grow: few rules fire per environment.

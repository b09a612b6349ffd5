package rules

import "unsafe"

// Eval's copy-out writes the pointers of a fresh result without write
// barriers. While the collector marks, each pointer written to the heap
// passes a barrier that shades it (records it for the collector to mark),
// and a result of a few fired rules holds some twenty. Nearly all of
// them are the program's own: rule IDs and names, output names, types and
// metas, which the program holds for as long as it lives, and the
// result's pointers into its own block. Those are written here as plain
// words into the block this call has just allocated, which nothing else
// can see yet; the few pointers that may be the caller's or this call's
// (a value's string bytes or wide decimal, a runtime error, an
// explanation) pass the barrier as usual.
//
// That is safe because the collector still marks what the plain words
// point to in the cycle under way: the copy-out then writes the program
// to the heap once (frame.shadeProgram), through the barrier, which
// shades the program and so everything it reaches. (The block itself, if
// it was allocated while the collector marks, is marked already and not
// scanned again in that cycle; it is the program that keeps the targets
// marked.) In later cycles the block is scanned like any other: its type
// (a layout built with reflect.StructOf from Fired, Value and Skipped)
// tells the collector where its pointers are.

// stringWords and sliceWords are a string's and a slice's header as
// plain words.
type (
	stringWords struct {
		data uintptr
		n    int
	}
	sliceWords struct {
		data   uintptr
		n, cap int
	}
	// valueWords is a Value as plain words, copied in registers rather
	// than by a call to memmove.
	valueWords [unsafe.Sizeof(Value{}) / unsafe.Sizeof(uintptr(0))]uintptr
)

// setFreshString sets *d, in a fresh block, to s, a string the program
// holds, without a write barrier.
func setFreshString(d *string, s string) {
	*(*stringWords)(unsafe.Pointer(d)) = stringWords{uintptr(unsafe.Pointer(unsafe.StringData(s))), len(s)}
}

// setFreshValues sets *d, in a fresh block, to vs, an array in the same
// block, without a write barrier.
func setFreshValues(d *[]Value, vs []Value) {
	*(*sliceWords)(unsafe.Pointer(d)) = sliceWords{uintptr(unsafe.Pointer(unsafe.SliceData(vs))), len(vs), cap(vs)}
}

// copyFreshValues copies src, values of Eval's scratch, into dst, zero
// values of the same length in a fresh block, as plain words: a value's
// name, type and meta are the program's; its string bytes or wide
// decimal, which may be the caller's, are written again through the
// barrier.
func copyFreshValues(dst, src []Value) {
	dst = dst[:len(src)]
	for k := range src {
		*(*valueWords)(unsafe.Pointer(&dst[k])) = *(*valueWords)(unsafe.Pointer(&src[k]))
		if x := src[k].x; x != nil {
			dst[k].x = x
		}
	}
}

// shadeProgram writes p, the frame's owner, to the frame's owner field
// again: through the write barrier, which while the collector marks
// shades p, so that everything p reaches, which the copy-out wrote into
// a fresh block without barriers, is marked in the cycle under way. The
// store is not of a value loaded from the field, which the compiler
// could drop.
func (f *frame) shadeProgram(p *program) {
	f.owner = p
}

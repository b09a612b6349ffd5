// Package slab hands out slices cut from large blocks, so that a batch of
// results costs a few large allocations instead of several per result.
//
// It is speed machinery, not API. The ex-ante assessment cuts a batch's
// assessments, reductions, rule hits, expert totals and combined scores
// from slabs, as BenchmarkAssess (evaluation/exante/exante_bench_test.go)
// justifies: with the intern tables of the expert scores it took the
// parallel assessment of 100,000 projects of 20 cost lines from 44.8 to
// 19.1 allocations per project and from 12.2–16.5 to 8.1–9.2 CPU-µs per
// project (27 Nov 2026, BENCHMARKS.md "Third pass"). SelfBatch cuts its
// results' deviation lists from a slab per worker, as BenchmarkSelfBatch
// (evaluation/selfeval_bench_test.go) justifies: with the interned scores,
// 9.18 → 0.20 allocations per form (2 Dec 2026).
package slab

import "unsafe"

// BlockLen is the number of elements of a block unless [Slab.Len] says
// otherwise: tens of kilobytes for the result types of a stage. Requests
// of more than an eighth of a block get an array of their own.
const BlockLen = 512

// SmallBlock is the size in bytes of the largest block the Go allocator
// hands out from its per-processor caches: its size classes end at 32 KiB,
// and a larger block is a span of its own, taken from the heap under its
// lock and zeroed long before a batch has filled it, so that filling it
// misses the processor's caches. [Fit] sizes blocks to it.
const SmallBlock = 32 << 10

// Fit returns the number of elements of T that fill a block of at most
// bytes bytes, at least 8 and at most [BlockLen]: a [Slab.Len].
//
// The ex-ante assessment sizes its blocks with Fit(SmallBlock), as
// BenchmarkAssess (evaluation/exante/exante_bench_test.go) justifies: with
// 512-element blocks (188 KiB of assessments, 45 KiB of reductions,
// 156 KiB of scores) the writes of a result's first fields were a
// quarter of the time of the fields' owners (2 Dec 2026).
func Fit[T any](bytes int) int {
	var t T
	return min(BlockLen, max(8, bytes/max(1, int(unsafe.Sizeof(t)))))
}

// A Slab hands out slices of T cut from blocks of [Slab.Len] elements. The
// zero value is off: every [Slab.Take] is a plain make, for a single result
// should not hold a block; set On for a batch. A slice handed out is capped
// at its length, so appending to it never writes into the next one; keeping
// any slice alive keeps its whole block alive. A Slab is not safe for
// concurrent use: give each worker its own.
type Slab[T any] struct {
	// On cuts slices from blocks; off, each is allocated on its own.
	On bool
	// Len is the number of elements of a block; zero means [BlockLen].
	Len  int
	free []T
}

// blockLen returns the number of elements of a block.
func (s *Slab[T]) blockLen() int {
	if s.Len > 0 {
		return s.Len
	}
	return BlockLen
}

// Take returns a zeroed slice of n elements.
func (s *Slab[T]) Take(n int) []T {
	if !s.On || n > s.blockLen()/8 {
		return make([]T, n)
	}
	if n > len(s.free) {
		s.free = make([]T, s.blockLen())
	}
	t := s.free[:n:n]
	s.free = s.free[n:]
	return t
}

// Room returns an empty slice over the block's free space, with room for
// at least n elements, for appending results in place; nil when s is off.
// Pass what was appended to [Slab.Claim].
func (s *Slab[T]) Room(n int) []T {
	if !s.On {
		return nil
	}
	if len(s.free) < n {
		s.free = make([]T, s.blockLen())
	}
	return s.free[:0]
}

// Claim returns t, the result of appending to a [Slab.Room], capped at its
// length, and takes it out of the free space; when appending outgrew the
// room, t is an array of its own and is returned as it is. With s off,
// Claim returns a copy, for t is then the caller's reused storage. An
// empty t gives nil.
func (s *Slab[T]) Claim(t []T) []T {
	switch {
	case len(t) == 0:
		return nil
	case !s.On:
		return append([]T(nil), t...)
	case len(t) <= len(s.free) && &t[0] == &s.free[0]:
		s.free = s.free[len(t):]
	}
	return t[:len(t):len(t)]
}

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

import "slices"

// BlockLen is the number of elements of a block: tens of kilobytes for the
// result types of a stage. Requests of more than BlockLen/8 elements get
// an array of their own.
const BlockLen = 512

// A Slab hands out slices of T cut from blocks of [BlockLen] elements, or
// of fewer when the caller expects fewer ([Slab.Expect]). A block holds as
// many as its allocation does, for Go's allocator rounds an allocation up
// to its size class (or, for a large one, to whole pages), and the
// rounded-up room would otherwise go unused. The zero value is off: every
// [Slab.Take] is a plain make, for a single result should not hold a
// block; set On for a batch. A slice handed out is capped at its length, so appending to it
// never writes into the next one; keeping any slice alive keeps its whole
// block alive. A Slab is not safe for concurrent use: give each worker its
// own.
type Slab[T any] struct {
	// On cuts slices from blocks; off, each is allocated on its own.
	On   bool
	free []T
	// expect is how many more elements the caller expects to take (see
	// Expect); zero when it has not said.
	expect int
}

// Expect tells s that about n more elements will be taken, so that a batch
// smaller than a block gets a block its size: the next block made holds
// what is still expected (at least the request, at most [BlockLen]
// elements) rather than BlockLen. A history replay assesses its records in
// batches of 256, each with slabs of its own, and half of every block of
// 512 assessments and combined scores went unused: with Expect,
// BenchmarkReplay (tools/gen/history/synth, n = 20,000) allocates 113.1
// rather than 127.0 MB a run (3 Dec 2026). Taking more than expected is
// no error: once the expected elements are taken, blocks of BlockLen
// follow. n ≤ 0 withdraws the expectation.
func (s *Slab[T]) Expect(n int) { s.expect = max(n, 0) }

// Take returns a zeroed slice of n elements.
func (s *Slab[T]) Take(n int) []T {
	if !s.On || n > BlockLen/8 {
		return make([]T, n)
	}
	if n > len(s.free) {
		s.free = s.newBlock(n)
	}
	t := s.free[:n:n]
	s.free = s.free[n:]
	s.expect = max(s.expect-n, 0)
	return t
}

// Room returns an empty slice over the block's free space, with room for
// at least n elements when n is at most a block's, for appending results
// in place; nil when s is off.
// Pass what was appended to [Slab.Claim].
func (s *Slab[T]) Room(n int) []T {
	if !s.On {
		return nil
	}
	if len(s.free) < n {
		s.free = s.newBlock(n)
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
		s.expect = max(s.expect-len(t), 0)
	}
	return t[:len(t):len(t)]
}

// newBlock returns a zeroed block for a request of n elements: of
// BlockLen elements, or of the elements still expected when fewer (but at
// least n, and never more than BlockLen; see Expect), and as many more as
// its allocation holds: slices.Grow asks for the length and reports, in
// the capacity, the size class the allocator gave, where make([]T, BlockLen)
// would cap the block at BlockLen and leave the rest of its allocation
// unused. In BenchmarkAssess (evaluation/exante) the 100,000 assessments
// of a batch fill fewer blocks: B/op 206.1 → 197.7 MB, 2,061 → 1,977 B
// per project (3 Dec 2026).
func (s *Slab[T]) newBlock(n int) []T {
	size := BlockLen
	if s.expect > 0 && s.expect < BlockLen {
		size = min(max(s.expect, n), BlockLen)
	}
	b := slices.Grow([]T(nil), size)
	return b[:cap(b)]
}

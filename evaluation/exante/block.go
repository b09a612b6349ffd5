package exante

// slab hands out slices of T cut from blocks of blockLen elements, so that
// the results of a batch cost a few large allocations instead of several per
// project. It is off (every take a plain make) unless on is set, which the
// batch methods do: a single assessment should not hold a slab. A slice
// taken is capped at its length, so appending to it never writes into the
// next one; keeping any result keeps its whole slab alive.
type slab[T any] struct {
	free []T
	on   bool
}

// blockLen is the number of elements of a block: tens of kilobytes for the
// result types.
const blockLen = 512

// take returns a zeroed slice of n elements.
func (b *slab[T]) take(n int) []T {
	if !b.on || n > blockLen/8 {
		return make([]T, n)
	}
	if n > len(b.free) {
		b.free = make([]T, blockLen)
	}
	s := b.free[:n:n]
	b.free = b.free[n:]
	return s
}

// room returns an empty slice over the block's free space, with room for
// at least n elements, for appending results in place; nil when b is off.
// Pass what was appended to claim.
func (b *slab[T]) room(n int) []T {
	if !b.on {
		return nil
	}
	if len(b.free) < n {
		b.free = make([]T, blockLen)
	}
	return b.free[:0]
}

// claim returns s, the result of appending to a room, capped at its length,
// and takes it out of the free space; when appending outgrew the room, s
// is an array of its own and is returned as it is. With b off, claim
// returns a copy, for s is then the caller's reused storage.
func (b *slab[T]) claim(s []T) []T {
	switch {
	case len(s) == 0:
		return nil
	case !b.on:
		return append([]T(nil), s...)
	case len(s) <= len(b.free) && &s[0] == &b.free[0]:
		b.free = b.free[len(s):]
	}
	return s[:len(s):len(s)]
}

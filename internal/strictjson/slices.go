package strictjson

import "reflect"

// Block sizes of sliceInBlock, in bytes of elements: the first block of a
// slice type in a document holds about firstBlock, each next one twice
// the last, up to maxBlock.
const (
	firstBlock = 1 << 10
	maxBlock   = 32 << 10
)

// A sliceBlock is the block of a slice type that the slices of the type
// within a document are cut from: elements b[used:] are free (zero).
type sliceBlock struct {
	b    reflect.Value
	used int
	// bytes is the size of b's elements in bytes, for the next block's.
	bytes int
	// big marks a block made larger than maxBlock for one long slice,
	// which a Decoder with KeepBlocks does not hand to the next document.
	big bool
}

// sliceInBlock decodes the array at pos into v, a slice of plan p met
// within the document (not its root) outside any other slice of its type,
// as slice does, but decodes the elements in place into the free space of
// the type's block, and cuts v from it capped at its length: one
// allocation per block of slices instead of one per slice, and no copy of
// the elements from a buffer. A slice that outgrows the free space moves
// to a new block of room enough for twice its elements so far. The blocks
// are the Decode's: the slices of a document share them, and keeping one
// slice alive keeps its block alive, as the decoded value does anyway.
// The elements of nested slices of the type are decoded by slice, from
// its buffers.
func (s *scan) sliceInBlock(p *plan, v reflect.Value, depth int) bool {
	if len(s.blocks) <= p.id {
		s.blocks = append(s.blocks, make([]sliceBlock, p.id+1-len(s.blocks))...)
	}
	s.open[p.id]++
	defer func() { s.open[p.id]-- }()
	// The block is taken out for the array and put back after: the
	// elements' own slices may grow s.blocks, and no other array of the
	// type uses it meanwhile (they are nested, so decoded by slice).
	bl := s.blocks[p.id]
	size := max(int(p.t.Elem().Size()), 1)
	n := 0
	for {
		s.space()
		if !bl.b.IsValid() || bl.used+n == bl.b.Len() {
			bl.grow(p.t, size, n)
		}
		if !s.value(p.elem, bl.b.Index(bl.used+n), depth+1) {
			return false
		}
		n++
		if !s.next(']') {
			if !s.closed {
				return false
			}
			break
		}
	}
	v.Set(bl.b.Slice3(bl.used, bl.used+n, bl.used+n))
	bl.used += n
	s.blocks[p.id] = bl
	return true
}

// grow starts a new block of slices of type t, elements of size bytes,
// with room for twice the n elements decoded so far at the old block's
// free space, which move to its start.
func (bl *sliceBlock) grow(t reflect.Type, size, n int) {
	bl.bytes = min(maxBlock, max(firstBlock, 2*bl.bytes))
	elems := max(bl.bytes/size, 2*n, 8)
	b := reflect.MakeSlice(t, elems, elems)
	bl.big = elems*size > maxBlock
	if n > 0 {
		old := bl.b.Slice(bl.used, bl.used+n)
		reflect.Copy(b, old)
		old.Clear() // the old block keeps no second reference to them
	}
	bl.b, bl.used = b, 0
}

// Package idtable is a hash table of values keyed by string IDs, laid out
// so that streaming millions of records over many IDs costs about one
// cache miss a record. It is speed machinery, not API: monitoring's ledger
// keeps its projects' accounts in one, as BenchmarkAggregate
// (monitoring/bench_test.go, projects=100k: bound by memory latency)
// justifies.
//
// The layout:
//
//   - an index, a small open-addressing table of (32-bit hash, position)
//     pairs, 8 bytes a word at most half full: 2 MB for 100,000 IDs, which
//     stays in cache;
//   - slots, one entry per ID in insertion order: the ID (up to 16 bytes
//     inline; longer IDs are compared through the caller's list of IDs)
//     and the value, so that finding and adding touch one entry. A 104-byte
//     value makes a 128-byte, two-cache-line entry.
//
// A batch of lookups can load the index first ([Table.Probe]) and then the
// entries ([Table.Candidate]) before using them, so that the processor has
// dozens of cache misses in flight at once rather than one after another.
//
// A Table is not safe for concurrent use; reading one nobody writes is.
package idtable

import "hash/maphash"

// Table maps IDs to slots holding a V. Positions count insertions from 0:
// the i-th ID inserted is at position i, as in the caller's list of IDs
// (which [Table.Find] needs for IDs longer than 16 bytes). The zero value
// is an empty table whose first insert seeds it.
type Table[V any] struct {
	seed  maphash.Seed
	index []uint64 // hash32<<32 | position+1; zero is empty
	slots []Slot[V]
}

// Slot is one ID's entry: 24 bytes of key and hash, then the value.
type Slot[V any] struct {
	key  [16]byte
	klen int32
	hlo  uint32 // low half of the ID's hash; the index holds the high half
	// Val is the ID's value.
	Val V
}

// KeyLen returns the length of the slot's ID in bytes.
func (s *Slot[V]) KeyLen() int { return int(s.klen) }

// New returns an empty table hashing with seed. Tables that are to route
// IDs alike (one ID, one hash) share a seed.
func New[V any](seed maphash.Seed) Table[V] {
	return Table[V]{seed: seed, index: make([]uint64, 64)}
}

// Hash returns id's hash, for [Table.FindHashed] and [Table.Probe].
func (t *Table[V]) Hash(id string) uint64 { return maphash.String(t.seed, id) }

// Len returns the number of IDs.
func (t *Table[V]) Len() int { return len(t.slots) }

// At returns the slot at position i (0 ≤ i < Len), valid until the next
// insert.
func (t *Table[V]) At(i int) *Slot[V] { return &t.slots[i] }

// Find returns the slot of id, or nil; ids are the IDs in insertion order.
// The pointer is valid until the next insert.
func (t *Table[V]) Find(id string, ids []string) *Slot[V] {
	if len(t.index) == 0 {
		return nil
	}
	return t.FindHashed(id, t.Hash(id), ids)
}

// FindHashed is Find with id's hash h already computed.
func (t *Table[V]) FindHashed(id string, h uint64, ids []string) *Slot[V] {
	if len(t.index) == 0 {
		return nil
	}
	mask := uint64(len(t.index) - 1)
	h32 := h >> 32
	for i := h & mask; ; i = (i + 1) & mask {
		v := t.index[i]
		if v == 0 {
			return nil
		}
		if v>>32 == h32 {
			pos := uint32(v) - 1
			s := &t.slots[pos]
			if s.klen == int32(len(id)) && match(s, pos, id, ids) {
				return s
			}
		}
	}
}

// Probe loads, for each i with live[i] ≥ 0, the index word of hash hs[i]
// into words[i] (zero for the others): the first phase of a batched
// lookup. Only loads; see [Table.Candidate] for the second.
func (t *Table[V]) Probe(hs []uint64, live []int8, words []uint64) {
	if len(t.index) == 0 {
		clear(words[:len(hs)])
		return
	}
	mask := uint64(len(t.index) - 1)
	for i, h := range hs {
		words[i] = 0
		if live[i] >= 0 {
			words[i] = t.index[h&mask]
		}
	}
}

// Candidate returns the slot an index word loaded by [Table.Probe] points
// to, the one its ID most likely has, or nil for an empty word: the
// caller loads from it what it will use, so that it is in cache then.
func (t *Table[V]) Candidate(word uint64) *Slot[V] {
	if word == 0 {
		return nil
	}
	return &t.slots[uint32(word)-1]
}

func match[V any](s *Slot[V], pos uint32, id string, ids []string) bool {
	if len(id) <= len(s.key) {
		return string(s.key[:len(id)]) == id
	}
	return ids[pos] == id
}

// Insert adds id, which must not be present, at the next position and
// returns its slot (a zero V), valid until the next insert.
func (t *Table[V]) Insert(id string) *Slot[V] {
	if len(t.index) == 0 {
		*t = New[V](maphash.MakeSeed())
	}
	if 2*(len(t.slots)+1) > len(t.index) {
		t.grow()
	}
	h := t.Hash(id)
	pos := len(t.slots)
	t.slots = append(t.slots, Slot[V]{klen: int32(len(id)), hlo: uint32(h)})
	s := &t.slots[pos]
	copy(s.key[:], id)
	t.place(h, pos)
	return s
}

func (t *Table[V]) place(h uint64, pos int) {
	mask := uint64(len(t.index) - 1)
	i := h & mask
	for t.index[i] != 0 {
		i = (i + 1) & mask
	}
	t.index[i] = h>>32<<32 | uint64(pos+1)
}

// grow doubles the index. Each entry's full hash is its index word's high
// half and its slot's low half, so nothing is rehashed.
func (t *Table[V]) grow() {
	old := t.index
	t.index = make([]uint64, 2*len(old))
	for _, v := range old {
		if v != 0 {
			pos := int(uint32(v) - 1)
			t.place(v>>32<<32|uint64(t.slots[pos].hlo), pos)
		}
	}
}

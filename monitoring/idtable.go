package monitoring

import "hash/maphash"

// idTable holds the ledger's accounts keyed by project ID. Aggregating
// millions of records over many projects is bound by memory latency, so the
// layout keeps each record to about one cache miss:
//
//   - index is a small open-addressing table of (32-bit hash, position)
//     pairs, 8 bytes a slot at most half full: 2 MB for 100,000 projects,
//     which stays in cache;
//   - slots holds one 128-byte, cache-line-aligned entry per project: the ID
//     (up to 16 bytes inline; longer IDs are compared through the ledger's
//     ids) and the account, so finding and adding touch one entry. They
//     are kept in pages of 4,096 (512 KB) so that a new project never
//     moves the others: a million projects' 128 MB of entries grown by
//     doubling one slice were copied twice over.
type idTable struct {
	seed  maphash.Seed
	index []uint64 // hash32<<32 | position+1; zero is empty
	slots [][]idSlot
	n     int // entries in slots
}

// pageBits is log2 of the entries in a page of slots.
const pageBits = 12

// at returns the entry at position pos (< t.n).
func (t *idTable) at(pos int) *idSlot {
	return &t.slots[pos>>pageBits][pos&(1<<pageBits-1)]
}

// idSlot is one project's entry: 24 bytes of key and hash, 104 of account,
// 128 in all. Its position in slots is its position in the ledger's ids.
type idSlot struct {
	key  [16]byte
	klen int32
	hlo  uint32 // low half of the ID's hash; the index holds the high half
	acc  account
}

func newIDTable() idTable {
	return idTable{seed: maphash.MakeSeed(), index: make([]uint64, 64)}
}

func (t *idTable) hash(id string) uint64 { return maphash.String(t.seed, id) }

// find returns the slot of id, or nil. The pointer is valid until the next
// insert.
func (t *idTable) find(id string, ids []string) *idSlot {
	if len(t.index) == 0 {
		return nil
	}
	return t.findHashed(id, t.hash(id), ids)
}

// findHashed is find with id's hash already computed.
func (t *idTable) findHashed(id string, h uint64, ids []string) *idSlot {
	s, _ := t.findHashedPos(id, h, ids)
	return s
}

// findHashedPos is findHashed also returning the slot's position.
func (t *idTable) findHashedPos(id string, h uint64, ids []string) (*idSlot, int) {
	if len(t.index) == 0 {
		return nil, 0
	}
	mask := uint64(len(t.index) - 1)
	h32 := h >> 32
	for i := h & mask; ; i = (i + 1) & mask {
		v := t.index[i]
		if v == 0 {
			return nil, 0
		}
		if v>>32 == h32 {
			pos := uint32(v) - 1
			s := t.at(int(pos))
			if s.klen == int32(len(id)) && match(s, pos, id, ids) {
				return s, int(pos)
			}
		}
	}
}

// touch loads, for each record with month index ms[i] ≥ 0 and ID hash
// hs[i], the index word and then the entry the record most likely belongs
// to, so that they are in cache when used (words is scratch). Only loads:
// the returned sum keeps them from being optimised away.
func (t *idTable) touch(hs []uint64, ms []int8, words []uint64) uint64 {
	if len(t.index) == 0 {
		return 0
	}
	mask := uint64(len(t.index) - 1)
	for i, h := range hs {
		words[i] = 0
		if ms[i] >= 0 {
			words[i] = t.index[h&mask]
		}
	}
	var sink uint64
	for i, v := range words {
		if v != 0 {
			// The key (first line) and the month's sum (first or second).
			s := t.at(int(uint32(v) - 1))
			sink += uint64(s.klen) + uint64(s.acc.fen[ms[i]])
		}
	}
	return sink
}

// lookup sets slots[i] to the slot of ids[i], or nil (hs is scratch of the
// same length; ledgerIDs are the ledger's IDs, for keys longer than the
// inline key). It loads every index word first, then every entry they
// point to, and only then compares keys, so that the misses of a block of
// lookups overlap instead of following one another. The returned sum of
// what was loaded keeps the loads from being optimised away.
func (t *idTable) lookup(ids, ledgerIDs []string, hs []uint64, slots []*idSlot) uint32 {
	if len(t.index) == 0 {
		clear(slots)
		return 0
	}
	mask := uint64(len(t.index) - 1)
	for i, id := range ids {
		hs[i] = t.hash(id)
	}
	for i, h := range hs {
		// The entry of the word the ID most likely sits at.
		slots[i] = nil
		if v := t.index[h&mask]; v != 0 {
			slots[i] = t.at(int(uint32(v) - 1))
		}
	}
	var sink uint32
	for _, s := range slots {
		if s != nil {
			sink += s.hlo
		}
	}
	for i, id := range ids {
		h := hs[i]
		if v := t.index[h&mask]; v != 0 && v>>32 == h>>32 {
			if s := slots[i]; s.klen == int32(len(id)) && match(s, uint32(v)-1, id, ledgerIDs) {
				continue // at its first probe
			}
		}
		slots[i] = t.findHashed(id, h, ledgerIDs)
	}
	return sink
}

func match(s *idSlot, pos uint32, id string, ids []string) bool {
	if len(id) <= len(s.key) {
		return string(s.key[:len(id)]) == id
	}
	return ids[pos] == id
}

// insert adds id (not present) at the next position and returns its slot,
// valid until the next insert.
func (t *idTable) insert(id string) *idSlot {
	if len(t.index) == 0 {
		*t = newIDTable()
	}
	if 2*(t.n+1) > len(t.index) {
		t.grow()
	}
	h := t.hash(id)
	pos := t.n
	pg := pos >> pageBits
	if pg == len(t.slots) {
		// The first page grows as the table does (a ledger of a few
		// projects stays small); later pages are made whole.
		size := 1 << pageBits
		if pg == 0 {
			size = 64
		}
		t.slots = append(t.slots, make([]idSlot, 0, size))
	}
	t.slots[pg] = append(t.slots[pg], idSlot{klen: int32(len(id)), hlo: uint32(h)})
	t.n++
	s := t.at(pos)
	copy(s.key[:], id)
	t.place(h, pos)
	return s
}

func (t *idTable) place(h uint64, pos int) {
	mask := uint64(len(t.index) - 1)
	i := h & mask
	for t.index[i] != 0 {
		i = (i + 1) & mask
	}
	t.index[i] = h>>32<<32 | uint64(pos+1)
}

// grow doubles the index. Each entry's full hash is its index word's high
// half and its slot's low half, so nothing is rehashed.
func (t *idTable) grow() {
	old := t.index
	t.index = make([]uint64, 2*len(old))
	for _, v := range old {
		if v != 0 {
			pos := int(uint32(v) - 1)
			t.place(v>>32<<32|uint64(t.at(pos).hlo), pos)
		}
	}
}

// joinTables returns one table holding the entries of ts, tables of one
// seed with distinct keys, and their ids (ids[k] those of ts[k]) in the
// table's order. Full pages are taken over as they are, not copied: a
// million projects aggregated by two owners were 64 MB of entries copied
// and inserted one by one. The entries of each table's last, partial page
// follow them, copied. ts are not to be used afterwards (they share pages
// with the result).
func joinTables(ts []*idTable, ids [][]string) (idTable, []string) {
	total := 0
	for _, t := range ts {
		total += t.n
	}
	size := 64
	for 2*total > size {
		size *= 2 // as insert grows it
	}
	out := idTable{seed: ts[0].seed, index: make([]uint64, size)}
	all := make([]string, 0, total)
	// where[k] is where ts[k]'s positions land: full pages from page
	// base on, the partial page's entries from tail on.
	type where struct{ base, full, tail int }
	ws := make([]where, len(ts))
	for k, t := range ts {
		full := t.n >> pageBits
		ws[k] = where{base: len(out.slots), full: full}
		out.slots = append(out.slots, t.slots[:full]...)
		all = append(all, ids[k][:full<<pageBits]...)
	}
	out.n = len(out.slots) << pageBits
	for k, t := range ts {
		ws[k].tail = out.n
		for pos := ws[k].full << pageBits; pos < t.n; pos++ {
			pg := out.n >> pageBits
			if pg == len(out.slots) {
				out.slots = append(out.slots, make([]idSlot, 0, 1<<pageBits))
			}
			out.slots[pg] = append(out.slots[pg], *t.at(pos))
			out.n++
		}
		all = append(all, ids[k][ws[k].full<<pageBits:t.n]...)
	}
	for k, t := range ts {
		w := ws[k]
		for _, v := range t.index {
			if v == 0 {
				continue
			}
			pos := int(uint32(v) - 1)
			np := w.base<<pageBits + pos
			if pos >= w.full<<pageBits {
				np = w.tail + pos - w.full<<pageBits
			}
			out.place(v>>32<<32|uint64(t.at(pos).hlo), np)
		}
	}
	return out, all
}

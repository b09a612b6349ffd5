package monitoring

import "hash/maphash"

// idTable maps project IDs to account indexes. It is an open-addressing
// table that keeps IDs of up to 16 bytes inline, so that a lookup touches one
// cache line instead of a map's control word, slot and the key's bytes
// elsewhere: aggregation of millions of records over many projects is
// bound by memory latency, and this halves the misses per record. Longer
// IDs are compared through the ids slice.
type idTable struct {
	seed  maphash.Seed
	slots []idSlot
	n     int
}

type idSlot struct {
	h    uint64 // hash | 1; zero marks an empty slot
	idx  int32
	klen int32 // length of the ID; its first 16 bytes are in key
	key  [16]byte
}

func newIDTable() idTable {
	return idTable{seed: maphash.MakeSeed(), slots: make([]idSlot, 64)}
}

func (t *idTable) hash(id string) uint64 { return maphash.String(t.seed, id) | 1 }

// get returns the index of id.
func (t *idTable) get(id string, ids []string) (int32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	h := t.hash(id)
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.h == 0 {
			return 0, false
		}
		if s.h == h && s.klen == int32(len(id)) && t.match(s, id, ids) {
			return s.idx, true
		}
	}
}

func (t *idTable) match(s *idSlot, id string, ids []string) bool {
	if len(id) <= len(s.key) {
		return string(s.key[:len(id)]) == id
	}
	return ids[s.idx] == id
}

// put adds id (not present) with index idx.
func (t *idTable) put(id string, idx int32) {
	if len(t.slots) == 0 {
		*t = newIDTable()
	}
	if 2*(t.n+1) > len(t.slots) {
		t.grow()
	}
	t.insert(idSlot{h: t.hash(id), idx: idx, klen: int32(len(id))}, id)
	t.n++
}

func (t *idTable) insert(s idSlot, id string) {
	copy(s.key[:], id)
	mask := uint64(len(t.slots) - 1)
	i := s.h & mask
	for t.slots[i].h != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = s
}

func (t *idTable) grow() {
	old := t.slots
	t.slots = make([]idSlot, 2*len(old))
	mask := uint64(len(t.slots) - 1)
	for _, s := range old {
		if s.h == 0 {
			continue
		}
		i := s.h & mask
		for t.slots[i].h != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}

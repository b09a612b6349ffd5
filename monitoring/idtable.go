package monitoring

import "hash/maphash"

// idTable holds the ledger's accounts keyed by project ID. It is an
// open-addressing table that keeps the account and IDs of up to 16 bytes
// inline in the slot: aggregating millions of records over many projects is
// bound by memory latency, and one slot access replaces a map's control
// word, slot, key bytes and a separate account. Longer IDs are compared
// through the ledger's ids slice.
type idTable struct {
	seed  maphash.Seed
	slots []idSlot
	n     int
}

type idSlot struct {
	h    uint64 // hash | 1; zero marks an empty slot
	idx  int32  // index into the ledger's ids
	klen int32  // length of the ID; its first 16 bytes are in key
	key  [16]byte
	acc  account
}

func newIDTable() idTable {
	return idTable{seed: maphash.MakeSeed(), slots: make([]idSlot, 64)}
}

func (t *idTable) hash(id string) uint64 { return maphash.String(t.seed, id) | 1 }

// find returns the slot of id, or nil. The pointer is valid until the next
// insert.
func (t *idTable) find(id string, ids []string) *idSlot {
	if len(t.slots) == 0 {
		return nil
	}
	return t.findHashed(id, t.hash(id), ids)
}

// findHashed is find with id's hash already computed.
func (t *idTable) findHashed(id string, h uint64, ids []string) *idSlot {
	if len(t.slots) == 0 {
		return nil
	}
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.h == 0 {
			return nil
		}
		if s.h == h && s.klen == int32(len(id)) && t.match(s, id, ids) {
			return s
		}
	}
}

func (t *idTable) match(s *idSlot, id string, ids []string) bool {
	if len(id) <= len(s.key) {
		return string(s.key[:len(id)]) == id
	}
	return ids[s.idx] == id
}

// insert adds id (not present) with index idx and returns its slot, valid
// until the next insert.
func (t *idTable) insert(id string, idx int32) *idSlot {
	if len(t.slots) == 0 {
		*t = newIDTable()
	}
	// Grow at a load of 3/4: linear probing stays short and a probe
	// sequence mostly stays within one or two cache lines.
	if 4*(t.n+1) > 3*len(t.slots) {
		t.grow()
	}
	t.n++
	s := idSlot{h: t.hash(id), idx: idx, klen: int32(len(id))}
	copy(s.key[:], id)
	return t.place(s)
}

func (t *idTable) place(s idSlot) *idSlot {
	mask := uint64(len(t.slots) - 1)
	i := s.h & mask
	for t.slots[i].h != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = s
	return &t.slots[i]
}

func (t *idTable) grow() {
	old := t.slots
	t.slots = make([]idSlot, 2*len(old))
	for i := range old {
		if old[i].h != 0 {
			t.place(old[i])
		}
	}
}

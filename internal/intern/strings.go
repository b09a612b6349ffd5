package intern

import "encoding/binary"

const (
	// MaxString is the longest string [Strings.String] interns, in bytes:
	// ids and codes ("N1", "ZJ15", "XM2021-000000").
	MaxString = 16
	// MaxLong is the longest string [Strings.Long] interns, in bytes: the
	// names and labels a document repeats ("项目完成任务数", "服务对象满意度指标").
	MaxLong = 64
	// maxStrings is the most slots a [Strings] table has.
	maxStrings = 1 << 12
	// minStrings is the fewest.
	minStrings = 1 << 6
)

// Strings is a bounded table of short strings by their bytes, so that a
// string repeated through a document (an item code, an expert's id) is
// allocated once. It is direct-mapped: each string has one slot, chosen by
// a hash of its bytes, and a string whose slot holds another replaces it,
// so the table never grows past its slots and a string met again and again
// keeps its slot. It answers with a string equal to the bytes or allocates
// one; which of the two is only a matter of memory. The zero value is an
// empty table of the fewest slots, ready to use. A Strings is not safe for
// concurrent use: give each decoding its own.
type Strings struct {
	slots []stringSlot
	mask  uint64
	// long holds the strings of MaxString to MaxLong bytes (Long), as many
	// slots as slots, made on first use.
	long []longSlot
}

// longSlot is one string of more than MaxString bytes, with the hash of
// its bytes.
type longSlot struct {
	h uint64
	s string
}

// stringSlot is one string of a [Strings] table, with its bytes as two
// little-endian words padded with zeros and its length: two slots hold
// equal strings exactly when the words and lengths are equal.
type stringSlot struct {
	lo, hi uint64
	n      int
	s      string
}

// NewStrings returns a table sized for a document of size bytes: a slot
// per 256 bytes, a power of two between 64 and 4096.
func NewStrings(size int) *Strings {
	n := minStrings
	for n < maxStrings && n*256 < size {
		n *= 2
	}
	return &Strings{slots: make([]stringSlot, n), mask: uint64(n - 1)}
}

// String returns b as a string, the one held for equal bytes if there is
// one. Bytes longer than [MaxString] are not interned.
func (t *Strings) String(b []byte) string {
	if len(b) > MaxString {
		return string(b)
	}
	if t.slots == nil {
		*t = *NewStrings(0)
	}
	var w [MaxString]byte
	copy(w[:], b)
	lo, hi := binary.LittleEndian.Uint64(w[:8]), binary.LittleEndian.Uint64(w[8:])
	// A multiplicative hash of both words and the length; the high bits
	// are the best mixed.
	h := (lo*0x9E3779B97F4A7C15 ^ hi*0xC2B2AE3D27D4EB4F ^ uint64(len(b))) * 0x165667B19E3779F9
	sl := &t.slots[(h>>40)&t.mask]
	if sl.lo == lo && sl.hi == hi && sl.n == len(b) && sl.s != "" {
		return sl.s
	}
	s := string(b)
	*sl = stringSlot{lo: lo, hi: hi, n: len(b), s: s}
	return s
}

// Long is [Strings.String] for strings of up to [MaxLong] bytes: one longer
// than MaxString is found by a hash of its bytes and compared whole, in a
// second direct-mapped table of as many slots, bounded as the first. Bytes
// longer than MaxLong are not interned.
func (t *Strings) Long(b []byte) string {
	if len(b) <= MaxString {
		return t.String(b)
	}
	if len(b) > MaxLong {
		return string(b)
	}
	if t.slots == nil {
		*t = *NewStrings(0)
	}
	if t.long == nil {
		t.long = make([]longSlot, len(t.slots))
	}
	h := uint64(len(b))
	i := 0
	for ; i+8 <= len(b); i += 8 {
		h = (h ^ binary.LittleEndian.Uint64(b[i:])) * 0x9E3779B97F4A7C15
	}
	var w [8]byte
	copy(w[:], b[i:])
	h = (h ^ binary.LittleEndian.Uint64(w[:])) * 0xC2B2AE3D27D4EB4F
	sl := &t.long[(h>>40)&t.mask]
	if sl.h == h && sl.s == string(b) {
		return sl.s
	}
	s := string(b)
	*sl = longSlot{h: h, s: s}
	return s
}
